//! The SQL of the plans' stores, compiled into each backend (see `crate::sql`): the
//! registers here, the goals and the retention plan beside it.

mod actions;
mod coordinator;
mod descriptions;
mod goals;
mod retention;

use super::sql::audit_in;
use super::Db;
use crate::plans::{Kept, KeptDeviation, KeptRequest, RegisterStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::deviations::{Deviation, Status};
use samordna_domain::plans::procurement::Procurement;
use samordna_domain::plans::requests::{DocumentRequest, Outcome};
use samordna_domain::{Invalid, Reason};
use time::Date;

#[async_trait]
impl RegisterStore for Db {
    async fn deviations(&self, org: OrgId) -> Result<Vec<KeptDeviation>> {
        let rows: Vec<(i64, Date, String, String, String, String)> = sqlx::query_as(
            "SELECT id, day, what, consequence, measure, status FROM deviations
             WHERE org_id = $1 ORDER BY day DESC, id DESC",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, on, what, consequence, measure, status)| {
                Ok(KeptDeviation {
                    id,
                    deviation: Deviation {
                        on,
                        what,
                        consequence,
                        measure,
                        status: Status::parse("status", &status)
                            .map_err(|_| StoreError::corrupt("deviation status", &status))?,
                    },
                })
            })
            .collect()
    }

    async fn add_deviation(&self, org: OrgId, actor: &Actor, d: &Deviation) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO deviations (org_id, day, what, consequence, measure, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(org.0)
        .bind(d.on)
        .bind(&d.what)
        .bind(&d.consequence)
        .bind(&d.measure)
        .bind(d.status.as_str())
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        let event =
            AuditEvent::new(AuditAction::Create, "deviation", id).with_detail(d.on.to_string());
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn set_deviation_status(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        status: Status,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE deviations SET status = $1 WHERE org_id = $2 AND id = $3")
            .bind(status.as_str())
            .bind(org.0)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let event =
            AuditEvent::new(AuditAction::Update, "deviation", id).with_detail(status.as_str());
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

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

    async fn document_requests(&self, org: OrgId) -> Result<Vec<KeptRequest>> {
        let rows: Vec<(i64, Date, String, String, Option<String>, Option<Date>)> = sqlx::query_as(
            "SELECT id, received, requester, what, outcome, decided_on FROM document_requests
             WHERE org_id = $1 ORDER BY received DESC, id DESC",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, received, requester, what, outcome, decided_on)| {
                let decision = match (outcome, decided_on) {
                    (Some(o), Some(on)) => Some((
                        Outcome::parse("outcome", &o)
                            .map_err(|_| StoreError::corrupt("outcome", &o))?,
                        on,
                    )),
                    _ => None,
                };
                Ok(KeptRequest {
                    id,
                    request: DocumentRequest {
                        received,
                        requester,
                        what,
                        decision,
                    },
                })
            })
            .collect()
    }

    async fn add_document_request(
        &self,
        org: OrgId,
        actor: &Actor,
        r: &DocumentRequest,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO document_requests (org_id, received, requester, what, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org.0)
        .bind(r.received)
        .bind(&r.requester)
        .bind(&r.what)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::Create, "document_request", id)
            .with_detail(r.received.to_string());
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn decide_document_request(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        outcome: Outcome,
        on: Date,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE document_requests SET outcome = $1, decided_on = $2
             WHERE org_id = $3 AND id = $4 AND outcome IS NULL",
        )
        .bind(outcome.as_str())
        .bind(on)
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            let exists: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM document_requests WHERE org_id = $1 AND id = $2")
                    .bind(org.0)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match exists {
                Some(_) => Invalid::new("outcome", outcome.as_str(), Reason::WrongState).into(),
                None => StoreError::NotFound,
            });
        }
        let event = AuditEvent::new(AuditAction::Update, "document_request", id)
            .with_detail(format!("{} {on}", outcome.as_str()));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }
}
