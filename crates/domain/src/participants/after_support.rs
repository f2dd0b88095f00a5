//! Efterstöd and the follow-up after exit: the planned contacts a coach ticks off.
//!
//! The after-support schedule (000 bilaga 8.2), from the first day of employment: month 1 a
//! visit each week, month 2 two visits, month 3 one visit, months 4–6 a phone call each month,
//! and a closing talk when the six months are over. The follow-up after exit: checks 6 and
//! 12 months after the exit date (004 §6 "hållbarhet över tid").

use crate::dates::add_months;
use crate::participants::{IncomeSet, Outcome};
use serde::Serialize;
use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Visit,
    Call,
    Closing,
}

impl ContactKind {
    pub const ALL: [ContactKind; 3] = [ContactKind::Visit, ContactKind::Call, ContactKind::Closing];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Visit => "visit",
            ContactKind::Call => "call",
            ContactKind::Closing => "closing",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A contact of the schedule, planned or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub id: i64,
    pub due: Date,
    pub kind: ContactKind,
    pub done_on: Option<Date>,
}

/// The eleven planned contacts of six months of after-support from `start`.
pub fn schedule(start: Date) -> Vec<(Date, ContactKind)> {
    use ContactKind::*;
    let month = |n| add_months(start, n);
    let mut plan: Vec<(Date, ContactKind)> = (0..4)
        .map(|w| (start + Duration::weeks(w), Visit))
        .collect();
    plan.push((month(1), Visit));
    plan.push((month(1) + Duration::weeks(2), Visit));
    plan.push((month(2), Visit));
    plan.extend((3..6).map(|m| (month(m), Call)));
    plan.push((month(6), Closing));
    plan
}

/// The months after exit at which a participant is followed up.
pub const FOLLOW_UP_MONTHS: [u8; 2] = [6, 12];

pub fn follow_up_dates(exit: Date) -> Vec<(u8, Date)> {
    FOLLOW_UP_MONTHS
        .into_iter()
        .map(|m| (m, add_months(exit, m as i32)))
        .collect()
}

/// A check some months after exit, planned or recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub id: i64,
    pub months: u8,
    pub due: Date,
    pub done_on: Option<Date>,
    pub status: Option<Outcome>,
    pub income: IncomeSet,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn six_months_by_the_schedule_of_bilaga_8_2() {
        let plan = schedule(date!(2023 - 05 - 15));
        let visits: Vec<_> = plan
            .iter()
            .filter(|(_, k)| *k == ContactKind::Visit)
            .collect();
        assert_eq!(visits.len(), 4 + 2 + 1);
        assert_eq!(
            plan.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>(),
            [
                "2023-05-15",
                "2023-05-22",
                "2023-05-29",
                "2023-06-05", // month 1: weekly
                "2023-06-15",
                "2023-06-29", // month 2: two visits
                "2023-07-15", // month 3: one visit
                "2023-08-15",
                "2023-09-15",
                "2023-10-15", // months 4–6: calls
                "2023-11-15", // closing talk
            ]
        );
        assert_eq!(plan.last().unwrap().1, ContactKind::Closing);
    }

    #[test]
    fn follow_up_at_six_and_twelve_months() {
        assert_eq!(
            follow_up_dates(date!(2023 - 08 - 31)),
            [(6, date!(2024 - 02 - 29)), (12, date!(2024 - 08 - 31))]
        );
    }
}

/// After-support given without personal data: only how many, by gender, for a period and an
/// intervention (002: 38 in H1 2020; 003: 25 in H1 2023).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnonymousCount {
    pub id: i64,
    pub intervention_id: i64,
    pub intervention: String,
    pub from: Date,
    pub to: Date,
    pub women: u32,
    pub men: u32,
    pub other: u32,
}

impl AnonymousCount {
    pub fn total(&self) -> u32 {
        self.women + self.men + self.other
    }

    /// The form's fields: a period and three counts.
    pub fn parse(
        intervention_id: i64,
        from: &str,
        to: &str,
        counts: [&str; 3],
    ) -> Result<Self, Vec<crate::Invalid>> {
        use crate::dates::parse_date;
        use crate::invalid::{number_in, Errors};
        let mut e = Errors::default();
        let from_d = e.take(parse_date("from", from));
        let to_d = e.take(parse_date("to", to));
        let [w, m, o] = [
            ("women", counts[0]),
            ("men", counts[1]),
            ("other", counts[2]),
        ]
        .map(|(f, v)| {
            e.take(number_in(
                f,
                if v.trim().is_empty() { "0" } else { v },
                0,
                100_000,
            ))
        });
        if let (Some(f), Some(t)) = (from_d, to_d) {
            if t < f {
                e.0.push(crate::Invalid::new("to", to, crate::Reason::EndBeforeStart));
            }
        }
        match (from_d, to_d, w, m, o, e.0.is_empty()) {
            (Some(from), Some(to), Some(w), Some(m), Some(o), true) => Ok(AnonymousCount {
                id: 0,
                intervention_id,
                intervention: String::new(),
                from,
                to,
                women: w as u32,
                men: m as u32,
                other: o as u32,
            }),
            _ => Err(e.0),
        }
    }
}
