//! The SQL of `StatsStore`, compiled into each backend (see `crate::sql`).

use super::participants::scope_sql;
use super::{Db, STRING_AGG};
use crate::stats::{FactFilter, StatsStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::dates::parse_date;
use samordna_domain::participants::record::Visibility;
use samordna_domain::participants::steps::StepRecord;
use samordna_domain::participants::{Gender, IncomeSource, Outcome};
use samordna_domain::stats::Fact;
use time::Date;

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

type FactRow = (
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
    String,
    i64,
    Option<i64>,
    Date,
    Option<Date>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

#[async_trait]
impl StatsStore for Db {
    /// One row per stay: its income, steps and follow-ups come along as short lists
    /// (`phase:source,…`, `id:step:date,…`, `months:status,…`) built by the database, so a
    /// national year of a few hundred thousand stays is one pass, not four.
    async fn stat_facts(&self, f: &FactFilter, v: &Visibility) -> Result<Vec<Fact>> {
        let cond = fact_where(f, v);
        let rows: Vec<FactRow> = sqlx::query_as(&format!(
            "SELECT e.id, e.participant_id, e.intervention_id, e.municipality_id, e.coach_id, p.gender, p.birth_year,
                    e.age_at_start, e.start_date, e.end_date, e.exit_reason_id, r.outcome,
                    (SELECT {STRING_AGG}(i.phase || ':' || i.source, ',') FROM episode_income i
                      WHERE i.episode_id = e.id AND i.phase IN ('before', 'after')),
                    (SELECT {STRING_AGG}(CAST(s.id AS TEXT) || ':' || CAST(s.step AS TEXT) || ':' || CAST(s.on_date AS TEXT), ',')
                       FROM progress_steps s WHERE s.episode_id = e.id),
                    (SELECT {STRING_AGG}(CAST(u.months AS TEXT) || ':' || u.status, ',') FROM follow_ups u
                      WHERE u.episode_id = e.id AND u.done_on IS NOT NULL AND u.status IS NOT NULL),
                    (SELECT CAST(MIN(c.due) AS TEXT) || ':' || CAST(MAX(c.due) AS TEXT)
                       FROM after_support_contacts c WHERE c.episode_id = e.id)
             FROM episodes e JOIN participants p ON p.id = e.participant_id
             LEFT JOIN exit_reasons r ON r.id = e.exit_reason_id{cond}
             ORDER BY e.participant_id, e.start_date, e.id"
        ))
        .bind(f.to)
        .bind(f.from)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(fact).collect()
    }
}

fn fact(row: FactRow) -> Result<Fact> {
    let (
        _,
        pid,
        iv,
        mun,
        coach,
        gender,
        birth_year,
        age,
        start,
        end,
        reason,
        outcome,
        income,
        steps,
        follow_ups,
        after_support,
    ) = row;
    let mut f = Fact {
        participant_id: pid,
        intervention_id: iv,
        municipality_id: mun,
        coach_id: coach,
        gender: Gender::parse("gender", &gender)
            .map_err(|_| StoreError::corrupt("gender", &gender))?,
        birth_year: birth_year as i32,
        age_at_start: age.map(|a| a as i32),
        start,
        end,
        exit_reason_id: reason,
        outcome: outcome.as_deref().map(outcome_of).transpose()?,
        income_start: Default::default(),
        income_exit: Default::default(),
        steps: Vec::new(),
        follow_ups: Vec::new(),
        after_support: None,
    };
    for item in list(&income) {
        let (phase, source) = item
            .split_once(':')
            .ok_or_else(|| StoreError::corrupt("income", item))?;
        let s =
            IncomeSource::from_code(source).ok_or_else(|| StoreError::corrupt("income", source))?;
        let set = if phase == "before" {
            &mut f.income_start
        } else {
            &mut f.income_exit
        };
        set.0.insert(s);
    }
    let mut ordered = Vec::new();
    for item in list(&steps) {
        let mut parts = item.splitn(3, ':');
        let (Some(id), Some(step), Some(on)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(StoreError::corrupt("step", item));
        };
        let id: i64 = id.parse().map_err(|_| StoreError::corrupt("step", item))?;
        let step: u8 = step
            .parse()
            .map_err(|_| StoreError::corrupt("step", item))?;
        let on = parse_date("on", on).map_err(|_| StoreError::corrupt("step", item))?;
        ordered.push((on, id, StepRecord { step, on }));
    }
    // By date, and in the order recorded within a day, as the record shows them.
    ordered.sort_by_key(|(on, id, _)| (*on, *id));
    f.steps = ordered.into_iter().map(|(_, _, s)| s).collect();
    if let Some(span) = &after_support {
        let dates = span
            .split_once(':')
            .and_then(|(a, b)| Some((parse_date("from", a).ok()?, parse_date("to", b).ok()?)))
            .ok_or_else(|| StoreError::corrupt("after-support", span))?;
        f.after_support = Some(dates);
    }
    for item in list(&follow_ups) {
        let (months, status) = item
            .split_once(':')
            .ok_or_else(|| StoreError::corrupt("follow-up", item))?;
        let months: u8 = months
            .parse()
            .map_err(|_| StoreError::corrupt("follow-up", item))?;
        f.follow_ups.push((months, outcome_of(status)?));
    }
    Ok(f)
}

fn list(text: &Option<String>) -> impl Iterator<Item = &str> {
    text.as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
}

fn outcome_of(s: &str) -> Result<Outcome> {
    Outcome::parse("outcome", s).map_err(|_| StoreError::corrupt("outcome", s))
}
