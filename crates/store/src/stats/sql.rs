//! The SQL of `StatsStore`, compiled into each backend (see `crate::sql`): the per-stay
//! summary (`stay_facts`) written with every change of a stay, and read by the statistics.

use super::participants::scope_sql;
use super::sql::Tx;
use super::{Db, FACT_LINES, STRING_AGG};
use crate::stats::{FactFilter, StatsStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
use futures_util::TryStreamExt;
use samordna_domain::participants::record::Visibility;
use samordna_domain::participants::steps::StepRecord;
use samordna_domain::participants::{Gender, IncomeSource, Outcome};
use samordna_domain::stats::Fact;
use time::{Date, Month};

/// The stays of the filter as SQL on `stay_facts e`: the ids are integers from typed values,
/// the dates are `$1` (to) and `$2` (from).
fn fact_where(f: &FactFilter, v: &Visibility) -> String {
    let mut sql = String::from(" WHERE e.start_date <= $1 AND e.last_day >= $2");
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

/// The columns of `stay_facts`, in the order of `fact_source`.
pub(crate) const FACT_COLUMNS: [&str; 8] = [
    "episode_id",
    "org_id",
    "intervention_id",
    "municipality_id",
    "coach_id",
    "start_date",
    "last_day",
    "fact",
];

/// The summary row of every started stay, computed from the detail tables: the one
/// definition that `refresh_facts` writes and `check_facts` compares with. Ends with a WHERE
/// that a caller extends with `AND …`.
///
/// `fact` is the whole `stats::Fact` as one line of text, fields split by `;` (see `fact`):
/// the statistics read one text per stay, because a driver's cost is per value, and a
/// national year is a few hundred thousand stays.
fn fact_source() -> String {
    let text = |e: &str| format!("COALESCE(CAST({e} AS TEXT), '')");
    // Sources in the order of `IncomeSource::ALL`, as `line` writes them, whatever the
    // database's collation.
    let by_source: String = IncomeSource::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!(" WHEN '{}' THEN {i}", s.as_str()))
        .collect();
    let fields = [
        text("e.participant_id"),
        text("e.intervention_id"),
        text("e.municipality_id"),
        text("e.coach_id"),
        text("p.gender"),
        text("p.birth_year"),
        text("e.age_at_start"),
        text("e.start_date"),
        text("e.end_date"),
        text("e.exit_reason_id"),
        text("r.outcome"),
        text(&format!(
            "(SELECT {STRING_AGG}(i.phase || ':' || i.source, ',' ORDER BY i.phase, CASE i.source{by_source} END) FROM episode_income i
               WHERE i.episode_id = e.id AND i.phase IN ('before', 'after'))"
        )),
        text(&format!(
            "(SELECT {STRING_AGG}(CAST(s.step AS TEXT) || ':' || CAST(s.on_date AS TEXT), ',' ORDER BY s.on_date, s.id)
                FROM progress_steps s WHERE s.episode_id = e.id)"
        )),
        text(&format!(
            "(SELECT {STRING_AGG}(CAST(u.months AS TEXT) || ':' || u.status, ',' ORDER BY u.months, u.id) FROM follow_ups u
               WHERE u.episode_id = e.id AND u.done_on IS NOT NULL AND u.status IS NOT NULL)"
        )),
        text(
            "(SELECT CAST(MIN(c.due) AS TEXT) || ':' || CAST(MAX(c.due) AS TEXT)
                FROM after_support_contacts c WHERE c.episode_id = e.id)",
        ),
    ];
    format!(
        "SELECT e.id AS episode_id, e.org_id, e.intervention_id, e.municipality_id, e.coach_id, e.start_date,
                COALESCE(e.end_date, '9999-12-31') AS last_day, {} AS fact
         FROM episodes e JOIN participants p ON p.id = e.participant_id
         LEFT JOIN exit_reasons r ON r.id = e.exit_reason_id
         WHERE e.start_date IS NOT NULL",
        fields.join(" || ';' || ")
    )
}

/// Which stays' summary rows to write again after a change, as a condition on `episodes e`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stays {
    One(i64),
    /// Every stay, after stays were loaded around the store.
    All,
}

impl Stays {
    fn condition(self) -> String {
        match self {
            Stays::One(id) => format!("e.id = {id}"),
            Stays::All => "1 = 1".into(),
        }
    }
}

/// Writes the summary rows of `stays` again from the detail tables, inside the transaction
/// that changed them: the statistics never see a change without its summary.
pub(crate) async fn refresh_facts(tx: &mut Tx<'_>, stays: Stays) -> Result<()> {
    let cond = stays.condition();
    let delete = match stays {
        Stays::All => "DELETE FROM stay_facts".to_string(),
        _ => format!(
            "DELETE FROM stay_facts WHERE episode_id IN (SELECT e.id FROM episodes e WHERE {cond})"
        ),
    };
    sqlx::query(&delete).execute(&mut **tx).await?;
    sqlx::query(&format!(
        "INSERT INTO stay_facts ({}) {} AND {cond}",
        FACT_COLUMNS.join(", "),
        fact_source()
    ))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    /// Fills the summary when it is empty and there are started stays: the first start
    /// after the migration that added it, or after stays were loaded around the store.
    pub(crate) async fn fill_facts_if_empty(&self) -> Result<()> {
        let (missing,): (bool,) = sqlx::query_as(
            "SELECT NOT EXISTS (SELECT 1 FROM stay_facts) AND EXISTS (SELECT 1 FROM episodes WHERE start_date IS NOT NULL)",
        )
        .fetch_one(&self.pool)
        .await?;
        if missing {
            let mut tx = self.write_tx().await?;
            refresh_facts(&mut tx, Stays::All).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

#[async_trait]
impl StatsStore for Db {
    /// The stays' lines from `stay_facts` (joined into one text per förbund where the
    /// backend's driver pays per row, `FACT_LINES`), sorted here by person and start.
    async fn stat_facts(&self, f: &FactFilter, v: &Visibility) -> Result<Vec<Fact>> {
        let (lines, group) = FACT_LINES;
        let sql = format!(
            "SELECT {lines} FROM stay_facts e{}{group}",
            fact_where(f, v)
        );
        let mut chunks = sqlx::query_as::<_, (String,)>(&sql)
            .bind(f.to)
            .bind(f.from)
            .fetch(&self.pool);
        // Read while the database fetches the next.
        let mut facts = Vec::new();
        while let Some((chunk,)) = chunks.try_next().await? {
            for line in chunk.split('\n') {
                facts.push(fact(line)?);
            }
        }
        facts.sort_unstable_by_key(|f| (f.participant_id, f.start));
        Ok(facts)
    }

    async fn check_facts(&self, repair: bool) -> Result<Vec<i64>> {
        let (source, columns) = (fact_source(), FACT_COLUMNS.join(", "));
        let differing: Vec<(i64,)> = sqlx::query_as(&format!(
            "SELECT episode_id FROM (SELECT {columns} FROM ({source}) f EXCEPT SELECT {columns} FROM stay_facts) a
             UNION
             SELECT episode_id FROM (SELECT {columns} FROM stay_facts EXCEPT SELECT {columns} FROM ({source}) f) b
             ORDER BY episode_id"
        ))
        .fetch_all(&self.pool)
        .await?;
        if repair && !differing.is_empty() {
            // All at once: one statement, however many differ.
            let mut tx = self.write_tx().await?;
            refresh_facts(&mut tx, Stays::All).await?;
            tx.commit().await?;
        }
        Ok(differing.into_iter().map(|(id,)| id).collect())
    }
}

/// A stay's line as `fact_source` writes it: participant; intervention; municipality; coach;
/// gender; birth year; age at start; start; end; exit reason; outcome; income
/// (`phase:source,…`); steps (`step:date,…`); follow-ups (`months:status,…`); after-support
/// (`first:last`). Empty is none.
fn fact(line: &str) -> Result<Fact> {
    let bad = || StoreError::corrupt("stay summary", line);
    let mut parts = line.split(';');
    let mut next = || parts.next().ok_or_else(bad);
    let int = |s: &str| s.parse::<i64>().map_err(|_| bad());
    let opt_int = |s: &str| (!s.is_empty()).then(|| int(s)).transpose();
    let day = |s: &str| stored_date(s).ok_or_else(bad);
    let outcome = |s: &str| Outcome::parse("outcome", s).map_err(|_| bad());
    let mut f = Fact {
        participant_id: int(next()?)?,
        intervention_id: int(next()?)?,
        municipality_id: int(next()?)?,
        coach_id: opt_int(next()?)?,
        gender: Gender::parse("gender", next()?).map_err(|_| bad())?,
        birth_year: int(next()?)? as i32,
        age_at_start: opt_int(next()?)?.map(|a| a as i32),
        start: day(next()?)?,
        end: Some(next()?)
            .filter(|s| !s.is_empty())
            .map(day)
            .transpose()?,
        exit_reason_id: opt_int(next()?)?,
        outcome: Some(next()?)
            .filter(|s| !s.is_empty())
            .map(outcome)
            .transpose()?,
        income_start: Default::default(),
        income_exit: Default::default(),
        steps: Vec::new(),
        follow_ups: Vec::new(),
        after_support: None,
    };
    for item in list(next()?) {
        let (phase, source) = item.split_once(':').ok_or_else(bad)?;
        let s = IncomeSource::from_code(source).ok_or_else(bad)?;
        let set = if phase == "before" {
            &mut f.income_start
        } else {
            &mut f.income_exit
        };
        set.0.insert(s);
    }
    // In the order recorded (by date, then as entered), as the record shows them.
    for item in list(next()?) {
        let (step, on) = item.split_once(':').ok_or_else(bad)?;
        f.steps.push(StepRecord {
            step: step.parse().map_err(|_| bad())?,
            on: day(on)?,
        });
    }
    for item in list(next()?) {
        let (months, status) = item.split_once(':').ok_or_else(bad)?;
        f.follow_ups
            .push((months.parse().map_err(|_| bad())?, outcome(status)?));
    }
    let span = next()?;
    if !span.is_empty() {
        let (first, last) = span.split_once(':').ok_or_else(bad)?;
        f.after_support = Some((day(first)?, day(last)?));
    }
    Ok(f)
}

/// The line of a stay as `fact_source` writes it, for rows written around it (the import):
/// the inverse of `fact`.
pub(crate) fn line(f: &Fact) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    // "after" before "before", each set in the order of `IncomeSource::ALL`.
    let income: Vec<String> = [("after", &f.income_exit), ("before", &f.income_start)]
        .into_iter()
        .flat_map(|(phase, set)| {
            IncomeSource::ALL
                .into_iter()
                .filter(|s| set.0.contains(s))
                .map(move |s| format!("{phase}:{}", s.as_str()))
        })
        .collect();
    let steps: Vec<String> = f
        .steps
        .iter()
        .map(|s| format!("{}:{}", s.step, s.on))
        .collect();
    let follow_ups: Vec<String> = f
        .follow_ups
        .iter()
        .map(|(m, o)| format!("{m}:{}", o.as_str()))
        .collect();
    [
        f.participant_id.to_string(),
        f.intervention_id.to_string(),
        f.municipality_id.to_string(),
        opt(f.coach_id),
        f.gender.as_str().to_string(),
        f.birth_year.to_string(),
        opt(f.age_at_start.map(i64::from)),
        f.start.to_string(),
        f.end.map(|d| d.to_string()).unwrap_or_default(),
        opt(f.exit_reason_id),
        f.outcome
            .map(|o| o.as_str().to_string())
            .unwrap_or_default(),
        income.join(","),
        steps.join(","),
        follow_ups.join(","),
        f.after_support
            .map(|(a, b)| format!("{a}:{b}"))
            .unwrap_or_default(),
    ]
    .join(";")
}

fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').filter(|s| !s.is_empty())
}

/// A date as the database writes it, `YYYY-MM-DD`, read without allocating: there are a few
/// per stay and hundreds of thousands of stays.
fn stored_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let month = Month::try_from(n(5..7)? as u8).ok()?;
    Date::from_calendar_date(n(0..4)? as i32, month, n(8..10)? as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back_as_it_was_written() {
        for written in [
            "7;2;4;;woman;1990;33;2023-02-01;;;;before:sickness_benefit,before:wage;1:2023-03-01,3:2023-05-02;;",
            "8;2;5;11;other;1971;;2022-03-01;2023-03-31;6;studies;after:student_aid,before:none;;6:work,12:studies;2023-04-01:2023-09-30",
        ] {
            assert_eq!(line(&fact(written).unwrap()), written);
        }
        assert!(fact("7;2;4;;x;1990;;2023-02-01;;;;;;;").is_err());
        assert!(fact("7;2;4;;woman;1990;;2023-02-30;;;;;;;").is_err());
    }
}
