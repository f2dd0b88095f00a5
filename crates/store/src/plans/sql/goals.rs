//! The SQL of `GoalStore`.

use super::super::sql::audit_in;
use super::super::Db;
use crate::plans::{GoalStore, KeptGoal};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::goals::{Goal, Source, Target, Typed, Value};
use time::Date;

type GoalRow = (
    i64,
    i32,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

#[async_trait]
impl GoalStore for Db {
    async fn goals(&self, org: OrgId, year: i32) -> Result<Vec<KeptGoal>> {
        let rows: Vec<GoalRow> = sqlx::query_as(
            "SELECT id, year, main, sub, activity, measurement, source, target FROM goals
             WHERE org_id = $1 AND year = $2 ORDER BY id",
        )
        .bind(org.0)
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        let values: Vec<(i64, Date, String, String)> = sqlx::query_as(
            "SELECT v.goal_id, v.on_day, v.value, v.comment FROM goal_values v
             JOIN goals g ON g.id = v.goal_id
             WHERE v.org_id = $1 AND g.year = $2 ORDER BY v.on_day, v.id",
        )
        .bind(org.0)
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(id, year, main, sub, activity, measurement, source, target)| {
                    let typed = values
                        .iter()
                        .filter(|v| v.0 == id)
                        .map(|(_, on, value, comment)| {
                            Ok(Typed {
                                on: *on,
                                value: Value::parse("value", value)
                                    .map_err(|_| StoreError::corrupt("goal value", value))?,
                                comment: comment.clone(),
                            })
                        })
                        .collect::<Result<_>>()?;
                    let target = target
                        .map(|t| {
                            Target::parse("target", &t)
                                .map_err(|_| StoreError::corrupt("goal target", &t))
                        })
                        .transpose()?;
                    Ok(KeptGoal {
                        id,
                        goal: Goal {
                            year,
                            main,
                            sub,
                            activity,
                            measurement,
                            source: Source::from_code(&source)
                                .ok_or_else(|| StoreError::corrupt("goal source", &source))?,
                            target,
                        },
                        typed,
                    })
                },
            )
            .collect()
    }

    async fn goal_years(&self, org: OrgId) -> Result<Vec<i32>> {
        let rows: Vec<(i32,)> =
            sqlx::query_as("SELECT DISTINCT year FROM goals WHERE org_id = $1 ORDER BY year")
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(y,)| y).collect())
    }

    async fn add_goal(&self, org: OrgId, actor: &Actor, g: &Goal) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO goals (org_id, year, main, sub, activity, measurement, source, target, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(org.0)
        .bind(g.year)
        .bind(&g.main)
        .bind(&g.sub)
        .bind(&g.activity)
        .bind(&g.measurement)
        .bind(g.source.code())
        .bind(g.target.map(|t| t.to_string()))
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::Create, "goal", id).with_detail(format!(
            "{} {}",
            g.year,
            g.source.code()
        ));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn remove_goal(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM goal_values WHERE org_id = $1 AND goal_id = $2")
            .bind(org.0)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM goals WHERE org_id = $1 AND id = $2")
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
            &AuditEvent::new(AuditAction::Delete, "goal", id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_typed_value(&self, org: OrgId, actor: &Actor, goal: i64, v: &Typed) -> Result<()> {
        let mut tx = self.write_tx().await?;
        // The goal must be this förbund's: the insert takes its id from it.
        let done = sqlx::query(
            "INSERT INTO goal_values (org_id, goal_id, on_day, value, comment, created_at)
             SELECT org_id, id, $3, $4, $5, $6 FROM goals WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(goal)
        .bind(v.on)
        .bind(v.value.to_string())
        .bind(&v.comment)
        .bind(crate::now_unix())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let event = AuditEvent::new(AuditAction::Update, "goal", goal)
            .with_detail(format!("{} {}", v.on, v.value));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn violence_asked(&self, org: OrgId, from: Date, to: Date) -> Result<u32> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(DISTINCT participant_id) FROM episodes
             WHERE org_id = $1 AND violence_asked_on >= $2 AND violence_asked_on <= $3",
        )
        .bind(org.0)
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        Ok(n as u32)
    }
}
