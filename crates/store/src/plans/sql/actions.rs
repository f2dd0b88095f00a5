//! The SQL of `ActionPlanStore`.

use super::super::sql::audit_in;
use super::super::Db;
use crate::plans::{ActionPlanStore, KeptActivity, KeptPlan};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::actions::{Activity, Plan, Status};
use time::Date;

type ActivityRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Date,
    Date,
    String,
    String,
);

#[async_trait]
impl ActionPlanStore for Db {
    async fn action_plans(&self, org: OrgId) -> Result<Vec<KeptPlan>> {
        let plans: Vec<(i64, i32, String, String)> = sqlx::query_as(
            "SELECT id, year, owner, title FROM action_plans WHERE org_id = $1 ORDER BY year DESC, id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        let rows: Vec<ActivityRow> = sqlx::query_as(
            "SELECT id, plan_id, goal, area, what, responsible, from_day, to_day, status, comment
             FROM plan_activities WHERE org_id = $1 ORDER BY id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        plans
            .into_iter()
            .map(|(id, year, owner, title)| {
                let activities = rows
                    .iter()
                    .filter(|r| r.1 == id)
                    .map(|r| {
                        Ok(KeptActivity {
                            id: r.0,
                            activity: Activity {
                                goal: r.2.clone(),
                                area: r.3.clone(),
                                what: r.4.clone(),
                                responsible: r.5.clone(),
                                from: r.6,
                                to: r.7,
                                status: Status::parse("status", &r.8)
                                    .map_err(|_| StoreError::corrupt("activity status", &r.8))?,
                                comment: r.9.clone(),
                            },
                        })
                    })
                    .collect::<Result<_>>()?;
                Ok(KeptPlan {
                    id,
                    plan: Plan { year, owner, title },
                    activities,
                })
            })
            .collect()
    }

    async fn add_action_plan(&self, org: OrgId, actor: &Actor, p: &Plan) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO action_plans (org_id, year, owner, title, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org.0)
        .bind(p.year)
        .bind(&p.owner)
        .bind(&p.title)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::Create, "action_plan", id)
            .with_detail(format!("{} {}", p.year, p.owner));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn add_activity(
        &self,
        org: OrgId,
        actor: &Actor,
        plan: i64,
        a: &Activity,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        // The plan must be this förbund's: the row takes its ids from it.
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO plan_activities (org_id, plan_id, goal, area, what, responsible, from_day, to_day, status, comment, created_at)
             SELECT org_id, id, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM action_plans WHERE org_id = $1 AND id = $2
             RETURNING id",
        )
        .bind(org.0)
        .bind(plan)
        .bind(&a.goal)
        .bind(&a.area)
        .bind(&a.what)
        .bind(&a.responsible)
        .bind(a.from)
        .bind(a.to)
        .bind(a.status.as_str())
        .bind(&a.comment)
        .bind(crate::now_unix())
        .fetch_optional(&mut *tx)
        .await?;
        let (id,) = id.ok_or(StoreError::NotFound)?;
        let event = AuditEvent::new(AuditAction::Create, "action_plan", plan)
            .with_detail(format!("activity {id}"));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn set_activity_status(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        status: Status,
        comment: &str,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE plan_activities SET status = $1, comment = $2 WHERE org_id = $3 AND id = $4",
        )
        .bind(status.as_str())
        .bind(comment)
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let event = AuditEvent::new(AuditAction::Update, "action_plan", id)
            .with_detail(format!("activity {id} {}", status.as_str()));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }
}
