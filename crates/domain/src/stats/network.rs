//! A network's view of its förbund: the same figures of each förbund side by side and all of
//! them together, with small-cell protection across the whole table. Computed from each
//! förbund's exact figures, so nothing exact leaves this module but what `protect` allows.

use super::cell::{protect, table_lines, Cell, Counts};
use super::{ShareBp, Statistics};
use serde::Serialize;

/// One measure (took part, started, …): a row per förbund by gender, and the total row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub rows: Vec<Counts>,
    pub together: Counts,
}

/// The figures of the period for each förbund (in the order given) and together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub took_part: Measure,
    pub started: Measure,
    pub ended: Measure,
    pub to_work_or_studies: Measure,
    /// Of those who ended, the share to work or studies, per förbund and together; `None`
    /// where a count behind it is hidden.
    pub shares: Vec<ShareBp>,
    pub share_together: ShareBp,
}

/// People who ended to work or studies, by gender: the exit reasons that count so.
fn to_work_or_studies(s: &Statistics) -> Counts {
    let mut c = Counts::default();
    for row in s
        .exits_by_reason
        .iter()
        .filter(|r| r.outcome.is_work_or_studies())
    {
        c.add_counts(&row.counts);
    }
    c
}

impl Measure {
    /// The rows and their total, protected across the whole table.
    pub fn protected(rows: Vec<Counts>) -> Measure {
        let mut m = Measure::of(rows);
        m.protect();
        m
    }

    fn protect(&mut self) {
        let lines = table_lines(0, self.rows.len(), 4 * self.rows.len());
        protect(&mut self.cells_mut(), &lines);
    }

    fn of(rows: Vec<Counts>) -> Measure {
        let mut together = Counts::default();
        for r in &rows {
            together.add_counts(r);
        }
        Measure { rows, together }
    }

    fn cells_mut(&mut self) -> Vec<&mut Cell> {
        let mut cells: Vec<&mut Cell> = Vec::new();
        for r in &mut self.rows {
            cells.extend(r.cells_mut());
        }
        cells.extend(self.together.cells_mut());
        cells
    }
}

impl Comparison {
    /// From each förbund's exact (unprotected) statistics of the same period.
    pub fn of(each: &[Statistics]) -> Comparison {
        let measure = |f: &dyn Fn(&Statistics) -> Counts| Measure::of(each.iter().map(f).collect());
        let mut c = Comparison {
            took_part: measure(&|s| s.took_part),
            started: measure(&|s| s.started),
            ended: measure(&|s| s.ended),
            to_work_or_studies: measure(&to_work_or_studies),
            shares: vec![],
            share_together: ShareBp(None),
        };
        c.protect();
        c
    }

    /// Hides 1–4 and what would let them be worked out, in each measure's rows (women + men
    /// + other = total) and columns (the förbund add up to together).
    fn protect(&mut self) {
        let n = self.took_part.rows.len();
        for m in [
            &mut self.took_part,
            &mut self.started,
            &mut self.ended,
            &mut self.to_work_or_studies,
        ] {
            m.protect();
        }
        self.shares = (0..n)
            .map(|i| {
                ShareBp::of(
                    self.to_work_or_studies.rows[i].total,
                    self.ended.rows[i].total,
                )
            })
            .collect();
        self.share_together = ShareBp::of(
            self.to_work_or_studies.together.total,
            self.ended.together.total,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participants::{Gender, IncomeSet, Outcome};
    use crate::stats::cell::Hidden;
    use crate::stats::{compute, AgeBins, Fact, Period, Query};
    use time::macros::date;

    fn stay(id: i64, gender: Gender, end: Option<time::Date>, outcome: Option<Outcome>) -> Fact {
        Fact {
            participant_id: id,
            intervention_id: 1,
            municipality_id: 1,
            coach_id: None,
            gender,
            birth_year: 1990,
            age_at_start: Some(30),
            start: date!(2023 - 02 - 01),
            end,
            exit_reason_id: end.map(|_| 1),
            outcome,
            income_start: IncomeSet::default(),
            income_exit: IncomeSet::default(),
            steps: vec![],
            follow_ups: vec![],
            after_support: None,
        }
    }

    fn stats(facts: &[Fact]) -> Statistics {
        let reasons = vec![crate::participants::ExitReason {
            id: 1,
            code: "arbete".into(),
            label: "Arbete".into(),
            outcome: Outcome::Work,
        }];
        let q = Query {
            period: Period::year(2023),
            age_bins: AgeBins::default(),
            goal_bp: None,
        };
        compute(facts, &[], &reasons, &q)
    }

    #[test]
    fn small_counts_are_hidden_across_the_whole_table() {
        // A: 12 women and 10 men, 6 of the women to work; B: 3 men, still taking part.
        let mut a: Vec<Fact> = (0..12)
            .map(|i| {
                let ended = i < 6;
                stay(
                    i,
                    Gender::Woman,
                    ended.then_some(date!(2023 - 09 - 01)),
                    ended.then_some(Outcome::Work),
                )
            })
            .collect();
        a.extend((12..22).map(|i| stay(i, Gender::Man, None, None)));
        let b: Vec<Fact> = (0..3).map(|i| stay(i, Gender::Man, None, None)).collect();
        let c = Comparison::of(&[stats(&a), stats(&b)]);
        let took = &c.took_part;
        assert_eq!(took.rows[0].women.shown(), Some(12));
        assert_eq!(took.rows[1].men.hidden(), Some(Hidden::Small));
        // B's total equals its men, so it is hidden too; and in the men's column A's 10 is
        // hidden beside B's <5, so the together row cannot give B away.
        assert!(took.rows[1].total.hidden().is_some());
        assert!(took.rows[0].men.hidden().is_some() || took.together.men.hidden().is_some());
        for m in [&c.took_part, &c.started, &c.ended, &c.to_work_or_studies] {
            for row in m.rows.iter().chain([&m.together]) {
                for cell in row.cells() {
                    assert!(!matches!(cell.shown(), Some(1..=4)), "{m:?}");
                }
            }
        }
        assert_eq!(c.to_work_or_studies.rows[0].women.shown(), Some(6));
        assert_eq!(c.shares[0], ShareBp(Some(10_000)));
        assert_eq!(c.shares[1], ShareBp(None));
    }
}
