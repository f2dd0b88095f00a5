//! The SQL of `CoordinatorStore`.

use super::super::sql::audit_in;
use super::super::Db;
use crate::plans::{CoordinatorStore, KeptReport};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::coordinator::Answers;
use samordna_domain::{Invalid, Reason};
use time::Date;

#[async_trait]
impl CoordinatorStore for Db {
    async fn coordinator_reports(
        &self,
        org: OrgId,
        year: i32,
        half: u8,
    ) -> Result<Vec<KeptReport>> {
        let rows: Vec<(i64, String, Option<Date>)> = sqlx::query_as(
            "SELECT agreement_id, answers, submitted_on FROM coordinator_reports
             WHERE org_id = $1 AND year = $2 AND half = $3 ORDER BY agreement_id",
        )
        .bind(org.0)
        .bind(year)
        .bind(half as i32)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(agreement_id, answers, submitted_on)| {
                Ok(KeptReport {
                    agreement_id,
                    year,
                    half,
                    answers: serde_json::from_str(&answers)
                        .map_err(|_| StoreError::corrupt("coordinator report", agreement_id))?,
                    submitted_on,
                })
            })
            .collect()
    }

    async fn save_coordinator_report(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement: i64,
        (year, half): (i32, u8),
        answers: &Answers,
        submitted_on: Option<Date>,
    ) -> Result<()> {
        let json = serde_json::to_string(answers).expect("answers serialise");
        let mut tx = self.write_tx().await?;
        let owned: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM agreements WHERE id = $1 AND org_id = $2")
                .bind(agreement)
                .bind(org.0)
                .fetch_optional(&mut *tx)
                .await?;
        if owned.is_none() {
            return Err(StoreError::NotFound);
        }
        let done = sqlx::query(
            "INSERT INTO coordinator_reports (org_id, agreement_id, year, half, answers, submitted_on, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (agreement_id, year, half) DO UPDATE
             SET answers = $5, submitted_on = $6, updated_at = $7
             WHERE coordinator_reports.submitted_on IS NULL",
        )
        .bind(org.0)
        .bind(agreement)
        .bind(year)
        .bind(half as i32)
        .bind(&json)
        .bind(submitted_on)
        .bind(crate::now_unix())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(
                Invalid::new("report", format!("{year}:{half}"), Reason::WrongState).into(),
            );
        }
        let mut detail = format!("{year}:{half}");
        if let Some(on) = submitted_on {
            // The reports are in for the payout, unless it was approved already.
            sqlx::query(
                "INSERT INTO payout_approvals (org_id, agreement_id, year, half, reports_on)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (agreement_id, year, half) DO UPDATE
                 SET reports_on = COALESCE(payout_approvals.reports_on, $5)
                 WHERE payout_approvals.approved_on IS NULL",
            )
            .bind(org.0)
            .bind(agreement)
            .bind(year as i64)
            .bind(half as i64)
            .bind(on)
            .execute(&mut *tx)
            .await?;
            detail += &format!(" submitted {on}");
        }
        let event = AuditEvent::new(AuditAction::Update, "coordinator_report", agreement)
            .with_detail(detail);
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }
}
