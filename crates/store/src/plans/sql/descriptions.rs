//! The SQL of `DescriptionStore`.

use super::super::sql::audit_in;
use super::super::Db;
use crate::plans::DescriptionStore;
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::interventions::InterventionDescription;
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::descriptions::Version;
use time::Date;

type Row = (Date, String, String, String, String, String);

const SELECT: &str = "SELECT adopted_on, decision, goal, target_group, content, follow_up
     FROM description_versions WHERE org_id = $1 AND intervention_id = $2
     ORDER BY adopted_on DESC, id DESC";

fn version((adopted_on, decision, goal, target_group, content, follow_up): Row) -> Version {
    Version {
        adopted_on,
        decision,
        description: InterventionDescription {
            goal,
            target_group,
            content,
            follow_up,
        },
    }
}

#[async_trait]
impl DescriptionStore for Db {
    async fn description_versions(&self, org: OrgId, intervention: i64) -> Result<Vec<Version>> {
        let rows: Vec<Row> = sqlx::query_as(SELECT)
            .bind(org.0)
            .bind(intervention)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(version).collect())
    }

    async fn add_description_version(
        &self,
        org: OrgId,
        actor: &Actor,
        intervention: i64,
        v: &Version,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let d = &v.description;
        let done = sqlx::query(
            "INSERT INTO description_versions (org_id, intervention_id, adopted_on, decision, goal, target_group, content, follow_up, created_at)
             SELECT org_id, id, $3, $4, $5, $6, $7, $8, $9 FROM interventions WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(intervention)
        .bind(v.adopted_on)
        .bind(&v.decision)
        .bind(&d.goal)
        .bind(&d.target_group)
        .bind(&d.content)
        .bind(&d.follow_up)
        .bind(crate::now_unix())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let newest: Row = sqlx::query_as(&format!("{SELECT} LIMIT 1"))
            .bind(org.0)
            .bind(intervention)
            .fetch_one(&mut *tx)
            .await?;
        let d = version(newest).description;
        sqlx::query(
            "UPDATE interventions SET goal = $1, target_group = $2, content = $3, follow_up = $4
             WHERE org_id = $5 AND id = $6",
        )
        .bind(&d.goal)
        .bind(&d.target_group)
        .bind(&d.content)
        .bind(&d.follow_up)
        .bind(org.0)
        .bind(intervention)
        .execute(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::Update, "intervention", intervention)
            .with_detail(format!("description adopted {}", v.adopted_on));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }
}
