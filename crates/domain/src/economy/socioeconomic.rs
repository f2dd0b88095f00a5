//! The socioeconomic effect of people reaching work (004, the model of Samordningsförbundet
//! Göteborg Centrum): each person-month in work saves public support, administration and
//! brings tax. Each part is a setting; the calculation is shown, not only its answer.

use crate::format::thousands;
use crate::money::Ore;

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
    fn follow_ups_give_the_months_actually_in_work() {
        let e = EffectModel::default().effect(&[12, 6, 0]);
        assert_eq!(e.total, Ore::from_kronor(18 * 16_200));
    }
}
