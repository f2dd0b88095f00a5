//! The numbers over time: people who took part per month or half-year, per intervention,
//! municipality or coach (the preparatory group follows each coach's numbers to move
//! resources, 000 §7 "Beredningsgruppen").

use super::{Cell, Fact, Period};
use crate::dates::add_months;
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Month,
    HalfYear,
}

impl Bucket {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "month" | "" => Some(Bucket::Month),
            "half_year" | "half" => Some(Bucket::HalfYear),
            _ => None,
        }
    }

    fn months(self) -> i32 {
        match self {
            Bucket::Month => 1,
            Bucket::HalfYear => 6,
        }
    }

    /// The buckets that cover the period, the first and last cut to it.
    pub fn split(self, p: Period) -> Vec<Period> {
        let first_month = p.from.month() as i32 - 1;
        let aligned = first_month - first_month % self.months();
        let mut at = Date::from_calendar_date(p.from.year(), time::Month::January, 1)
            .map(|d| add_months(d, aligned))
            .expect("the first of January is a date");
        let mut out = Vec::new();
        while at <= p.to {
            let next = add_months(at, self.months());
            let last = next.previous_day().expect("a day before");
            out.push(Period {
                from: at.max(p.from),
                to: last.min(p.to),
            });
            at = next;
        }
        out
    }

    /// `jan 2023` or `första halvåret 2023`.
    pub fn label(self, b: Period) -> String {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        match self {
            Bucket::Month => format!("{} {}", MONTHS[b.from.month() as usize - 1], b.from.year()),
            Bucket::HalfYear => format!(
                "{} halvåret {}",
                if (b.from.month() as u8) <= 6 {
                    "första"
                } else {
                    "andra"
                },
                b.from.year()
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Intervention,
    Municipality,
    Coach,
}

impl Dimension {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "intervention" | "" => Some(Dimension::Intervention),
            "municipality" => Some(Dimension::Municipality),
            "coach" => Some(Dimension::Coach),
            _ => None,
        }
    }

    fn key(self, f: &Fact) -> Option<i64> {
        match self {
            Dimension::Intervention => Some(f.intervention_id),
            Dimension::Municipality => Some(f.municipality_id),
            Dimension::Coach => f.coach_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesRow {
    /// The intervention, municipality or coach; `None` for stays without a coach.
    pub key: Option<i64>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub bucket: Bucket,
    pub dimension: Dimension,
    pub buckets: Vec<Period>,
    pub rows: Vec<SeriesRow>,
}

/// People who took part at least one day of each bucket, per key.
pub fn series(facts: &[Fact], p: Period, bucket: Bucket, dimension: Dimension) -> Series {
    let buckets = bucket.split(p);
    let mut rows: BTreeMap<Option<i64>, Vec<Cell>> = BTreeMap::new();
    let mut seen: Vec<(Option<i64>, usize)> = Vec::new();
    for person in facts.chunk_by(|a, b| a.participant_id == b.participant_id) {
        seen.clear();
        for f in person.iter().filter(|f| p.overlaps(f.start, f.end)) {
            for (i, b) in buckets.iter().enumerate() {
                if b.overlaps(f.start, f.end) {
                    seen.push((dimension.key(f), i));
                }
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &(key, i) in &seen {
            rows.entry(key)
                .or_insert_with(|| vec![Cell::default(); buckets.len()])[i]
                .incr();
        }
    }
    Series {
        bucket,
        dimension,
        buckets,
        rows: rows
            .into_iter()
            .map(|(key, cells)| SeriesRow { key, cells })
            .collect(),
    }
}

impl Series {
    /// No totals are shown beside a series, so hiding 1–4 is enough.
    pub fn protect(mut self) -> Self {
        let mut cells: Vec<&mut Cell> = self.rows.iter_mut().flat_map(|r| &mut r.cells).collect();
        super::cell::protect(&mut cells, &[]);
        self
    }
}
