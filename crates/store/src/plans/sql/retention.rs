//! The SQL of `RetentionStore`.

use super::super::sql::audit_in;
use super::super::Db;
use crate::plans::{Due, KeptRule, RetentionStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::retention::{Covers, Rule, Then};
use time::Date;

#[async_trait]
impl RetentionStore for Db {
    async fn retention_plan(&self, org: OrgId) -> Result<Vec<KeptRule>> {
        let rows: Vec<(i64, String, String, i32, String)> = sqlx::query_as(
            "SELECT id, what, covers, months, then_do FROM retention_rules
             WHERE org_id = $1 ORDER BY id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, what, covers, months, then)| {
                Ok(KeptRule {
                    id,
                    rule: Rule {
                        what,
                        covers: Covers::parse("covers", &covers)
                            .map_err(|_| StoreError::corrupt("retention covers", &covers))?,
                        months: months.max(0) as u32,
                        then: Then::parse("then", &then)
                            .map_err(|_| StoreError::corrupt("retention then", &then))?,
                    },
                })
            })
            .collect()
    }

    async fn add_retention_rule(&self, org: OrgId, actor: &Actor, r: &Rule) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO retention_rules (org_id, what, covers, months, then_do, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(org.0)
        .bind(&r.what)
        .bind(r.covers.as_str())
        .bind(r.months as i32)
        .bind(r.then.as_str())
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::Create, "retention_rule", id).with_detail(
            format!("{} {} {}", r.covers.as_str(), r.months, r.then.as_str()),
        );
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn remove_retention_rule(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("DELETE FROM retention_rules WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Delete, "retention_rule", id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn retention_due(&self, org: OrgId, before: Date) -> Result<Vec<Due>> {
        let rows: Vec<(i64, String, Date)> = sqlx::query_as(
            "SELECT p.id, p.code, MAX(e.deregistered_on) FROM participants p
             JOIN episodes e ON e.participant_id = p.id AND e.org_id = p.org_id
             WHERE p.org_id = $1 AND p.erased_at IS NULL
             GROUP BY p.id, p.code
             HAVING COUNT(*) = COUNT(e.deregistered_on) AND MAX(e.deregistered_on) < $2
             ORDER BY p.id",
        )
        .bind(org.0)
        .bind(before)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(participant_id, code, last_deregistered)| Due {
                participant_id,
                code,
                last_deregistered,
            })
            .collect())
    }
}
