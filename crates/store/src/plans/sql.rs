//! The SQL of `RegisterStore`, compiled into each backend (see `crate::sql`).

use super::sql::audit_in;
use super::Db;
use crate::plans::{Kept, RegisterStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::procurement::Procurement;
use time::Date;

#[async_trait]
impl RegisterStore for Db {
    async fn procurements(&self, org: OrgId) -> Result<Vec<Kept>> {
        let rows: Vec<(i64, Date, String, i64, i32, bool, bool)> = sqlx::query_as(
            "SELECT id, day, what, amount, asked, advertised, documented FROM procurements
             WHERE org_id = $1 ORDER BY day DESC, id DESC",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, day, what, amount, asked, advertised, documented)| Kept {
                    id,
                    procurement: Procurement {
                        day,
                        what,
                        amount,
                        asked: asked.max(0) as u32,
                        advertised,
                        documented,
                    },
                },
            )
            .collect())
    }

    async fn add_procurement(&self, org: OrgId, actor: &Actor, p: &Procurement) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO procurements (org_id, day, what, amount, asked, advertised, documented, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(org.0)
        .bind(p.day)
        .bind(&p.what)
        .bind(p.amount)
        .bind(p.asked as i32)
        .bind(p.advertised)
        .bind(p.documented)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::Create, "procurement", id)
            .with_detail(format!("{} {}", p.day, p.amount));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn remove_procurement(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("DELETE FROM procurements WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let event = AuditEvent::new(AuditAction::Delete, "procurement", id);
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }
}
