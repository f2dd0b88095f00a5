//! The three-year budget (a year and two plan years) and what the plans compute from it:
//! income, costs, the result, the accumulated result carried over the years, and the share
//! of each cost category (individual, structural, administration, new activity).

use crate::money::Ore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Income,
    Cost,
}

/// The four cost categories the plans report the share of (001 §6, 003 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CostCategory {
    Individual,
    Structural,
    Administration,
    NewActivity,
}

impl CostCategory {
    pub const ALL: [CostCategory; 4] = [
        CostCategory::Individual,
        CostCategory::Structural,
        CostCategory::Administration,
        CostCategory::NewActivity,
    ];
}

/// One row of the budget: an amount for each year of the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    pub name: String,
    pub side: Side,
    /// Cost rows only.
    pub category: Option<CostCategory>,
    pub amounts: Vec<Ore>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub first_year: i32,
    pub rows: Vec<BudgetRow>,
}

impl Budget {
    fn index(&self, year: i32) -> Option<usize> {
        usize::try_from(year - self.first_year).ok()
    }

    fn sum(&self, year: i32, keep: impl Fn(&BudgetRow) -> bool) -> Ore {
        let Some(i) = self.index(year) else {
            return Ore(0);
        };
        Ore(self
            .rows
            .iter()
            .filter(|r| keep(r))
            .filter_map(|r| r.amounts.get(i))
            .map(|o| o.0)
            .sum())
    }

    pub fn income(&self, year: i32) -> Ore {
        self.sum(year, |r| r.side == Side::Income)
    }

    pub fn costs(&self, year: i32) -> Ore {
        self.sum(year, |r| r.side == Side::Cost)
    }

    /// Income − costs.
    pub fn result(&self, year: i32) -> Ore {
        Ore(self.income(year).0 - self.costs(year).0)
    }

    /// Each category's costs and its share of all costs, in basis points rounded half up.
    pub fn category_shares(&self, year: i32) -> Vec<(CostCategory, Ore, i64)> {
        let total = self.costs(year).0;
        CostCategory::ALL
            .into_iter()
            .map(|c| {
                let amount = self.sum(year, |r| r.side == Side::Cost && r.category == Some(c));
                let bp = if total == 0 {
                    0
                } else {
                    (amount.0 as i128 * 20_000 / total as i128 + 1) as i64 / 2
                };
                (c, amount, bp)
            })
            .collect()
    }

    /// The accumulated result at the end of each year, from the one brought forward.
    pub fn accumulated(&self, brought_forward: Ore) -> Vec<(i32, Ore)> {
        let years = self.rows.iter().map(|r| r.amounts.len()).max().unwrap_or(0) as i32;
        (self.first_year..self.first_year + years)
            .scan(brought_forward.0, |acc, y| {
                *acc += self.result(y).0;
                Some((y, Ore(*acc)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::percent_bp;
    use CostCategory::*;

    fn row(name: &str, side: Side, category: Option<CostCategory>, kr: &[i64]) -> BudgetRow {
        BudgetRow {
            name: name.into(),
            side,
            category,
            amounts: kr.iter().map(|k| Ore::from_kronor(*k)).collect(),
        }
    }
    fn income(name: &str, kr: &[i64]) -> BudgetRow {
        row(name, Side::Income, None, kr)
    }
    fn cost(name: &str, c: CostCategory, kr: &[i64]) -> BudgetRow {
        row(name, Side::Cost, Some(c), kr)
    }

    /// 000 §9–10, "Förslag budget 2021 – 2023" (2023 with IT-spåret).
    fn budget_2021() -> Budget {
        Budget {
            first_year: 2021,
            rows: vec![
                income("Aneby kommun", &[119_880; 3]),
                income("Eksjö kommun", &[299_700; 3]),
                income("Nässjö kommun", &[559_440; 3]),
                income("Sävsjö kommun", &[199_800; 3]),
                income("Tranås kommun", &[339_660; 3]),
                income("Vetlanda kommun", &[479_520; 3]),
                income("Region Jönköpings län", &[1_998_000; 3]),
                income("Staten (FK+AF)", &[3_996_000; 3]),
                cost("SE-Höglandet", Individual, &[3_800_000; 3]),
                cost("IT-spåret", Individual, &[1_150_000; 3]),
                cost("Inspirationsdag", Structural, &[200_000; 3]),
                cost("Framtida projekt", NewActivity, &[524_500, 384_500, 0]),
                cost("Samverkanskoordinator – LIV", Structural, &[1_800_000; 3]),
                cost("Psykiatriveckan", Structural, &[30_000; 3]),
                cost(
                    "Tjänsteperson",
                    Administration,
                    &[730_000, 750_000, 750_000],
                ),
                cost("Styrelse", Administration, &[70_000; 3]),
                cost(
                    "Kompetensutveckling styrelse/beredningsgrupp",
                    Administration,
                    &[30_000, 30_000, 26_500],
                ),
                cost("Ekonomihantering", Administration, &[77_000; 3]),
                cost("Revision", Administration, &[55_500; 3]),
                cost("Övrig administration", Administration, &[70_000; 3]),
                cost("Marknadsföring", Administration, &[12_000, 12_000, 0]),
            ],
        }
    }

    /// 003 §8, "Förslag budget 2024 - 2026".
    fn budget_2024() -> Budget {
        Budget {
            first_year: 2024,
            rows: vec![
                income("Aneby kommun", &[119_465; 3]),
                income("Eksjö kommun", &[312_845; 3]),
                income("Nässjö kommun", &[557_750; 3]),
                income("Sävsjö kommun", &[205_585; 3]),
                income("Tranås kommun", &[329_330; 3]),
                income("Vetlanda kommun", &[484_025; 3]),
                income("Region Jönköpings län", &[2_009_000; 3]),
                income("Försäkringskassan och Arbetsförmedlingen", &[4_018_000; 3]),
                income("Ränta (3,57 %)", &[50_000; 3]),
                cost("SE-Höglandet", Individual, &[3_980_000; 3]),
                cost("IT-spåret", Individual, &[562_500; 3]),
                cost("Inspirationsdag", Structural, &[120_000; 3]),
                cost("Ny verksamhet", NewActivity, &[58_000, 35_000, 12_000]),
                cost("Välfärdsguiden", Structural, &[51_000; 3]),
                cost("Uppdrag samverkan", Structural, &[1_800_000; 3]),
                cost("Psykiatriveckan", Structural, &[0; 3]),
                cost(
                    "Tjänsteperson",
                    Administration,
                    &[1_140_000, 1_163_000, 1_186_000],
                ),
                cost("Styrelse", Administration, &[60_000; 3]),
                cost(
                    "Kompetensutveckling styrelse/beredningsgrupp",
                    Administration,
                    &[30_000; 3],
                ),
                cost("Ekonomihantering", Administration, &[102_000; 3]),
                cost("Revision", Administration, &[52_500; 3]),
                cost("Övrig administration", Administration, &[130_000; 3]),
            ],
        }
    }

    #[test]
    fn budget_2021_sums_as_in_the_board_minutes() {
        let b = budget_2021();
        assert_eq!(b.income(2021), Ore::from_kronor(7_992_000));
        assert_eq!(b.costs(2021), Ore::from_kronor(8_549_000));
        assert_eq!(b.result(2021), Ore::from_kronor(-557_000));
        assert_eq!(
            (b.costs(2022), b.result(2022)),
            (Ore::from_kronor(8_429_000), Ore::from_kronor(-437_000))
        );
        assert_eq!(
            (b.costs(2023), b.result(2023)),
            (Ore::from_kronor(8_029_000), Ore::from_kronor(-37_000))
        );
        // Accumulated result: 1 050 690 forecast for 2020 → 493 690, 56 690, 19 690.
        let acc: Vec<i64> = b
            .accumulated(Ore::from_kronor(1_050_690))
            .iter()
            .map(|(_, o)| o.round_to_kronor())
            .collect();
        assert_eq!(acc, vec![493_690, 56_690, 19_690]);
    }

    #[test]
    fn budget_2024_balances_and_shares_are_as_in_the_plan() {
        let b = budget_2024();
        for y in 2024..=2026 {
            assert_eq!(
                (b.income(y), b.costs(y), b.result(y)),
                (
                    Ore::from_kronor(8_086_000),
                    Ore::from_kronor(8_086_000),
                    Ore(0)
                ),
                "{y}"
            );
        }
        // 003 §6: 56,2 / 24,4 / 18,7 / 0,7 %.
        let shares: Vec<String> = b
            .category_shares(2024)
            .iter()
            .map(|(_, _, bp)| percent_bp(*bp))
            .collect();
        assert_eq!(shares, ["56,2 %", "24,4 %", "18,7 %", "0,7 %"]);
        // The municipalities' quarter: 2 009 000.
        let municipal: i64 = b.rows[..6].iter().map(|r| r.amounts[0].0).sum();
        assert_eq!(Ore(municipal), Ore::from_kronor(2_009_000));
    }

    #[test]
    fn a_year_outside_the_budget_is_empty() {
        assert_eq!(budget_2024().income(2023), Ore(0));
        assert_eq!(budget_2024().costs(2027), Ore(0));
    }
}
