//! The socioeconomic effect of people reaching work (004, the model of Samordningsförbundet
//! Göteborg Centrum): each person-month in work saves public support, administration and
//! brings tax. Each part is a setting; the calculation is shown, not only its answer.

use crate::format::thousands;
use crate::invalid::AllOk;
use crate::invalid::{number_in, Invalid};
use crate::money::Ore;
use crate::participants::Outcome;
use crate::stats::{Fact, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectModel {
    pub support_saved_per_month: Ore,
    pub administration_per_month: Ore,
    pub tax_per_month: Ore,
}

impl Default for EffectModel {
    /// 10 000 + 500 + 5 700 = 16 200 kr per person and month (004).
    fn default() -> Self {
        EffectModel {
            support_saved_per_month: Ore::from_kronor(10_000),
            administration_per_month: Ore::from_kronor(500),
            tax_per_month: Ore::from_kronor(5_700),
        }
    }
}

impl EffectModel {
    /// The three amounts in whole kronor, as the director types them.
    pub fn parse(support: &str, administration: &str, tax: &str) -> Result<Self, Vec<Invalid>> {
        let kr = |field, v| number_in(field, v, 0, 1_000_000).map(Ore::from_kronor);
        let (support_saved_per_month, administration_per_month, tax_per_month) = (
            kr("support", support),
            kr("administration", administration),
            kr("tax", tax),
        )
            .all_ok()?;
        Ok(EffectModel {
            support_saved_per_month,
            administration_per_month,
            tax_per_month,
        })
    }
}

/// The months of the first year after exit a person counts as in work: each half-year counts
/// unless its follow-up (at 6 or 12 months) found the person not in work. Without follow-ups
/// that is the model's 12 months; with them, the months actually in work.
pub fn months_in_work(follow_ups: &[(u8, Outcome)]) -> i64 {
    [6u8, 12]
        .iter()
        .map(|m| match follow_ups.iter().find(|(at, _)| at == m) {
            Some((_, o)) if *o != Outcome::Work => 0,
            _ => 6,
        })
        .sum()
}

/// The people who left for work in the year (their last exit in it), each with the months
/// they count for.
pub fn to_work_in(facts: &[Fact], year: i32) -> Vec<i64> {
    let p = Period::year(year);
    facts
        .chunk_by(|a, b| a.participant_id == b.participant_id)
        .filter_map(|person| {
            person
                .iter()
                .filter(|f| f.end.is_some_and(|e| p.contains(e)))
                .max_by_key(|f| f.end)
                .filter(|f| f.outcome == Some(Outcome::Work))
                .map(|f| months_in_work(&f.follow_ups))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub person_months: i64,
    pub per_month: Ore,
    pub total: Ore,
}

impl EffectModel {
    pub fn per_month(&self) -> Ore {
        Ore(self.support_saved_per_month.0 + self.administration_per_month.0 + self.tax_per_month.0)
    }

    /// The effect of the months each person was in work (12 each when no follow-up tells
    /// otherwise; the 6- and 12-month follow-ups give the months actually in work).
    pub fn effect(&self, months_in_work: &[i64]) -> Effect {
        let person_months = months_in_work.iter().sum();
        let per_month = self.per_month();
        Effect {
            person_months,
            per_month,
            total: Ore(per_month.0 * person_months),
        }
    }
}

impl Effect {
    /// `288 personmånader × 16 200 kr = 4 665 600 kr`.
    pub fn calculation_sv(&self) -> String {
        format!(
            "{} personmånader × {} = {}",
            thousands(self.person_months),
            self.per_month,
            self.total
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_four_people_in_work_for_a_year() {
        // 004: 24 × 16 200 × 12 = 4 665 600 kr.
        let e = EffectModel::default().effect(&[12; 24]);
        assert_eq!(e.per_month, Ore::from_kronor(16_200));
        assert_eq!(e.total, Ore::from_kronor(4_665_600));
        assert_eq!(
            e.calculation_sv(),
            "288 personmånader × 16 200 kr = 4 665 600 kr"
        );
    }

    #[test]
    fn months_from_the_follow_ups() {
        use Outcome::*;
        assert_eq!(months_in_work(&[]), 12);
        assert_eq!(months_in_work(&[(6, Work)]), 12);
        assert_eq!(months_in_work(&[(6, Work), (12, Other)]), 6);
        assert_eq!(months_in_work(&[(6, Studies), (12, Work)]), 6);
        assert_eq!(months_in_work(&[(6, Other), (12, Other)]), 0);
    }

    #[test]
    fn people_who_left_for_work_in_the_year() {
        use crate::participants::{Gender, IncomeSet};
        use time::macros::date;
        let stay = |pid, end: time::Date, outcome, follow_ups: Vec<(u8, Outcome)>| Fact {
            participant_id: pid,
            intervention_id: 1,
            municipality_id: 1,
            coach_id: None,
            gender: Gender::Woman,
            birth_year: 1990,
            age_at_start: None,
            start: date!(2022 - 01 - 10),
            end: Some(end),
            exit_reason_id: Some(1),
            outcome: Some(outcome),
            income_start: IncomeSet::default(),
            income_exit: IncomeSet::default(),
            steps: vec![],
            follow_ups,
            after_support: None,
        };
        let facts = [
            stay(
                1,
                date!(2023 - 03 - 01),
                Outcome::Work,
                vec![(6, Outcome::Work), (12, Outcome::Other)],
            ),
            stay(2, date!(2023 - 05 - 01), Outcome::Work, vec![]),
            // Studies is not work in this model; nor is work in another year.
            stay(3, date!(2023 - 05 - 01), Outcome::Studies, vec![]),
            stay(4, date!(2022 - 12 - 31), Outcome::Work, vec![]),
        ];
        assert_eq!(to_work_in(&facts, 2023), [6, 12]);
        let e = EffectModel::default().effect(&to_work_in(&facts, 2023));
        assert_eq!(
            e.calculation_sv(),
            "18 personmånader × 16 200 kr = 291 600 kr"
        );
    }

    #[test]
    fn the_amounts_are_settings() {
        let m = EffectModel::parse("10 000", "500", "5700").unwrap();
        assert_eq!(m, EffectModel::default());
        let errs = EffectModel::parse("x", "", "-1").unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["support", "administration", "tax"]
        );
    }

    #[test]
    fn follow_ups_give_the_months_actually_in_work() {
        let e = EffectModel::default().effect(&[12, 6, 0]);
        assert_eq!(e.total, Ore::from_kronor(18 * 16_200));
    }
}
