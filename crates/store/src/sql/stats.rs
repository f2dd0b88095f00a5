// The SQL of `StatsStore`, compiled into each backend (see `sql/store.rs`).

use super::participant_sql::scope_sql;
use crate::stats::{FactFilter, StatsStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::participants::record::Visibility;
use samordna_domain::participants::steps::StepRecord;
use samordna_domain::participants::{Gender, IncomeSource, Outcome};
use samordna_domain::stats::Fact;
use std::collections::HashMap;
use time::Date;

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Unsupported(format!("stored {what} is not valid: {v:?}"))
}

/// The stays of the filter as SQL on `episodes e`: the ids are integers from typed values,
/// the dates are `$1` (to) and `$2` (from).
fn fact_where(f: &FactFilter, v: &Visibility) -> String {
    let mut sql = String::from(
        " WHERE e.start_date IS NOT NULL AND e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $2)",
    );
    for (column, id) in [
        ("org_id", f.org.map(|o| o.0)),
        ("intervention_id", f.intervention_id),
        ("municipality_id", f.municipality_id),
        ("coach_id", f.coach_id),
    ] {
        if let Some(id) = id {
            sql += &format!(" AND e.{column} = {id}");
        }
    }
    sql + &scope_sql(v)
}

type FactRow = (i64, i64, i64, i64, Option<i64>, String, i64, Option<i64>, Date, Option<Date>, Option<i64>, Option<String>);

#[async_trait]
impl StatsStore for Db {
    async fn stat_facts(&self, f: &FactFilter, v: &Visibility) -> Result<Vec<Fact>> {
        let cond = fact_where(f, v);
        let rows: Vec<FactRow> = sqlx::query_as(&format!(
            "SELECT e.id, e.participant_id, e.intervention_id, e.municipality_id, e.coach_id, p.gender, p.birth_year,
                    e.age_at_start, e.start_date, e.end_date, e.exit_reason_id, r.outcome
             FROM episodes e JOIN participants p ON p.id = e.participant_id
             LEFT JOIN exit_reasons r ON r.id = e.exit_reason_id{cond}
             ORDER BY e.participant_id, e.start_date, e.id"
        ))
        .bind(f.to)
        .bind(f.from)
        .fetch_all(&self.pool)
        .await?;
        let mut at = HashMap::with_capacity(rows.len());
        let mut facts = Vec::with_capacity(rows.len());
        for (id, pid, iv, mun, coach, gender, birth_year, age, start, end, reason, outcome) in rows {
            at.insert(id, facts.len());
            facts.push(Fact {
                participant_id: pid,
                intervention_id: iv,
                municipality_id: mun,
                coach_id: coach,
                gender: Gender::parse("gender", &gender).map_err(|_| corrupt("gender", &gender))?,
                birth_year: birth_year as i32,
                age_at_start: age.map(|a| a as i32),
                start,
                end,
                exit_reason_id: reason,
                outcome: outcome
                    .map(|o| Outcome::parse("outcome", &o).map_err(|_| corrupt("outcome", &o)))
                    .transpose()?,
                income_start: Default::default(),
                income_exit: Default::default(),
                steps: Vec::new(),
                follow_ups: Vec::new(),
            });
        }
        if facts.is_empty() {
            return Ok(facts);
        }
        let income: Vec<(i64, String, String)> = sqlx::query_as(&format!(
            "SELECT i.episode_id, i.phase, i.source FROM episode_income i JOIN episodes e ON e.id = i.episode_id{cond}
               AND i.phase IN ('before', 'after')"
        ))
        .bind(f.to)
        .bind(f.from)
        .fetch_all(&self.pool)
        .await?;
        for (eid, phase, source) in income {
            let Some(&i) = at.get(&eid) else { continue };
            let s = IncomeSource::parse("income", &source).map_err(|_| corrupt("income", &source))?;
            let set = if phase == "before" { &mut facts[i].income_start } else { &mut facts[i].income_exit };
            set.0.insert(s);
        }
        let steps: Vec<(i64, i64, Date)> = sqlx::query_as(&format!(
            "SELECT s.episode_id, s.step, s.on_date FROM progress_steps s JOIN episodes e ON e.id = s.episode_id{cond}
             ORDER BY s.on_date, s.id"
        ))
        .bind(f.to)
        .bind(f.from)
        .fetch_all(&self.pool)
        .await?;
        for (eid, step, on) in steps {
            if let Some(&i) = at.get(&eid) {
                facts[i].steps.push(StepRecord { step: step as u8, on });
            }
        }
        let follow_ups: Vec<(i64, i64, String)> = sqlx::query_as(&format!(
            "SELECT u.episode_id, u.months, u.status FROM follow_ups u JOIN episodes e ON e.id = u.episode_id{cond}
               AND u.done_on IS NOT NULL AND u.status IS NOT NULL"
        ))
        .bind(f.to)
        .bind(f.from)
        .fetch_all(&self.pool)
        .await?;
        for (eid, months, status) in follow_ups {
            if let Some(&i) = at.get(&eid) {
                let o = Outcome::parse("status", &status).map_err(|_| corrupt("follow-up", &status))?;
                facts[i].follow_ups.push((months as u8, o));
            }
        }
        Ok(facts)
    }
}
