//! The SQL of `ContributionStore`: the year's total and key, and the instalments.

use super::{audit_in, Db};
use crate::economy::ContributionStore;
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::economy::contributions::{Instalment, YearKey};
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use time::Date;

#[async_trait]
impl ContributionStore for Db {
    async fn contribution_year(&self, org: OrgId, year: i32) -> Result<Option<YearKey>> {
        let total: Option<(i64,)> = sqlx::query_as(
            "SELECT total_ore FROM contribution_years WHERE org_id = $1 AND year = $2",
        )
        .bind(org.0)
        .bind(year as i64)
        .fetch_optional(&self.pool)
        .await?;
        let Some((total,)) = total else {
            return Ok(None);
        };
        let key: Vec<(i64, i64)> = sqlx::query_as("SELECT member_id, weight FROM contribution_keys WHERE org_id = $1 AND year = $2 ORDER BY member_id")
            .bind(org.0)
            .bind(year as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok(Some((
            Ore(total),
            key.into_iter().map(|(m, w)| (m, w as u64)).collect(),
        )))
    }

    async fn set_contribution_year(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        total: Ore,
        key: &[(i64, u64)],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO contribution_years (org_id, year, total_ore) VALUES ($1, $2, $3)
             ON CONFLICT (org_id, year) DO UPDATE SET total_ore = $3",
        )
        .bind(org.0)
        .bind(year as i64)
        .bind(total.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM contribution_keys WHERE org_id = $1 AND year = $2")
            .bind(org.0)
            .bind(year as i64)
            .execute(&mut *tx)
            .await?;
        for (member, weight) in key {
            // Only the förbund's own members can be named.
            let n = sqlx::query(
                "INSERT INTO contribution_keys (org_id, year, member_id, weight)
                 SELECT $1, $2, id, $4 FROM members WHERE id = $3 AND org_id = $1",
            )
            .bind(org.0)
            .bind(year as i64)
            .bind(member)
            .bind(*weight as i64)
            .execute(&mut *tx)
            .await?;
            if n.rows_affected() != 1 {
                return Err(StoreError::Conflict { field: "member" });
            }
        }
        let event = AuditEvent::new(AuditAction::Update, "contribution_year", year as i64)
            .with_detail(format!("{total}"));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn instalments(&self, org: OrgId, year: i32) -> Result<Vec<Instalment>> {
        let rows: Vec<(i64, i64, i64, Date, Option<Date>)> = sqlx::query_as(
            "SELECT id, member_id, amount_ore, due, paid_on FROM contribution_instalments WHERE org_id = $1 AND year = $2 ORDER BY due, id",
        )
        .bind(org.0)
        .bind(year as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, member_id, amount, due, paid_on)| Instalment {
                id,
                member_id,
                amount: Ore(amount),
                due,
                paid_on,
            })
            .collect())
    }

    async fn add_instalment(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        member_id: i64,
        amount: Ore,
        due: Date,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO contribution_instalments (org_id, year, member_id, amount_ore, due, created_at)
             SELECT $1, $2, id, $4, $5, $6 FROM members WHERE id = $3 AND org_id = $1 RETURNING id",
        )
        .bind(org.0)
        .bind(year as i64)
        .bind(member_id)
        .bind(amount.0)
        .bind(due)
        .bind(crate::now_unix())
        .fetch_optional(&mut *tx)
        .await?;
        let (id,) = id.ok_or(StoreError::Conflict { field: "member" })?;
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Create, "instalment", id)
                .with_detail(format!("{amount}")),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn mark_paid(
        &self,
        org: OrgId,
        actor: &Actor,
        instalment_id: i64,
        on: Date,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE contribution_instalments SET paid_on = $1 WHERE id = $2 AND org_id = $3 AND paid_on IS NULL")
            .bind(on)
            .bind(instalment_id)
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        if n.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "instalment", instalment_id)
                .with_detail(format!("paid {on}")),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
