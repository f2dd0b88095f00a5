//! The SQL of `FollowUpSettings`: the förbund's exit reasons, each intervention's steps and
//! each coach's full-time share.

use super::super::sql::one;
use super::rows::outcome;
use super::{audit_in, on_constraint, Db};
use crate::participants::FollowUpSettings;
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{ExitReason, Outcome};

#[async_trait]
impl FollowUpSettings for Db {
    async fn exit_reasons(&self, org: OrgId) -> Result<Vec<ExitReason>> {
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, code, label, outcome FROM exit_reasons WHERE org_id = $1 ORDER BY position, id")
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(id, code, label, o)| {
                Ok(ExitReason {
                    id,
                    code,
                    label,
                    outcome: outcome(&o)?,
                })
            })
            .collect()
    }

    async fn add_exit_reason(
        &self,
        org: OrgId,
        actor: &Actor,
        code: &str,
        label: &str,
        o: Outcome,
    ) -> Result<ExitReason> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO exit_reasons (org_id, code, label, outcome, position)
             VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM exit_reasons WHERE org_id = $1)) RETURNING id",
        )
        .bind(org.0)
        .bind(code)
        .bind(label)
        .bind(o.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_constraint("exit_reasons_org_id_code_key", "code"))?;
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Create, "exit_reason", id).with_detail(label),
        )
        .await?;
        tx.commit().await?;
        Ok(ExitReason {
            id,
            code: code.into(),
            label: label.into(),
            outcome: o,
        })
    }

    async fn step_scale(&self, org: OrgId, intervention_id: i64) -> Result<StepScale> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT label FROM step_scales WHERE org_id = $1 AND intervention_id = $2 ORDER BY step")
            .bind(org.0)
            .bind(intervention_id)
            .fetch_all(&self.pool)
            .await?;
        if rows.is_empty() {
            return Ok(StepScale::supported_employment());
        }
        Ok(StepScale {
            labels: rows.into_iter().map(|r| r.0).collect(),
        })
    }

    async fn set_step_scale(
        &self,
        org: OrgId,
        actor: &Actor,
        intervention_id: i64,
        scale: &StepScale,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM step_scales WHERE org_id = $1 AND intervention_id = $2")
            .bind(org.0)
            .bind(intervention_id)
            .execute(&mut *tx)
            .await?;
        for (i, label) in scale.labels.iter().enumerate() {
            let n = sqlx::query(
                "INSERT INTO step_scales (org_id, intervention_id, step, label)
                 SELECT $1, id, $3, $4 FROM interventions WHERE id = $2 AND org_id = $1",
            )
            .bind(org.0)
            .bind(intervention_id)
            .bind(i as i64 + 1)
            .bind(label)
            .execute(&mut *tx)
            .await?;
            if n.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
        }
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "step_scale", intervention_id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn coach_fte_bp(&self, org: OrgId, user_id: i64) -> Result<i64> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT fte_bp FROM users WHERE id = $1 AND org_id = $2")
                .bind(user_id)
                .bind(org.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(one(row)?.0)
    }

    async fn set_coach_fte(
        &self,
        org: OrgId,
        actor: &Actor,
        user_id: i64,
        fte_bp: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE users SET fte_bp = $1 WHERE id = $2 AND org_id = $3")
            .bind(fte_bp)
            .bind(user_id)
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
            &AuditEvent::new(AuditAction::Update, "user", user_id)
                .with_detail(format!("fte_bp={fte_bp}")),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
