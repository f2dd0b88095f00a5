//! The three-year budget (a year and two plan years) and what the plans compute from it:
//! income, costs, the result, the accumulated result carried over the years, and the share
//! of each cost category (individual, structural, administration, new activity).

use crate::invalid::AllOk;
use crate::invalid::{optional, optional_text, required_text, Errors, Invalid, OnRow, Reason};
use crate::money::Ore;
use time::Date;

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

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Income => "income",
            Side::Cost => "cost",
        }
    }

    /// The word of the budget file.
    pub fn file_word(self) -> &'static str {
        match self {
            Side::Income => "intäkt",
            Side::Cost => "kostnad",
        }
    }

    /// The code, or the word a budget file uses (`intäkt`, `kostnad`).
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        match value.trim().to_lowercase().as_str() {
            "income" | "intäkt" | "intäkter" => Ok(Side::Income),
            "cost" | "kostnad" | "kostnader" => Ok(Side::Cost),
            _ => Err(Invalid::new(field, value, Reason::UnknownValue)),
        }
    }
}

impl CostCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            CostCategory::Individual => "individual",
            CostCategory::Structural => "structural",
            CostCategory::Administration => "administration",
            CostCategory::NewActivity => "new_activity",
        }
    }

    /// The word of the budget file.
    pub fn file_word(self) -> &'static str {
        match self {
            CostCategory::Individual => "individ",
            CostCategory::Structural => "struktur",
            CostCategory::Administration => "administration",
            CostCategory::NewActivity => "ny verksamhet",
        }
    }

    /// The code, or the word a budget file uses (`individ`, `struktur`, `administration`,
    /// `ny verksamhet`).
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        let v = value.trim().to_lowercase();
        CostCategory::ALL
            .into_iter()
            .find(|c| c.as_str() == v)
            .or(match v.as_str() {
                "individ" | "individinriktad" | "individinriktade insatser" => {
                    Some(CostCategory::Individual)
                }
                "struktur"
                | "strukturinriktad"
                | "strukturinriktade insatser"
                | "strukturövergripande"
                | "strukturövergripande insatser" => Some(CostCategory::Structural),
                "admin" => Some(CostCategory::Administration),
                "ny verksamhet" | "ny" => Some(CostCategory::NewActivity),
                _ => None,
            })
            .ok_or_else(|| Invalid::new(field, value, Reason::UnknownValue))
    }

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
        self.years()
            .scan(brought_forward.0, |acc, y| {
                *acc += self.result(y).0;
                Some((y, Ore(*acc)))
            })
            .collect()
    }
}

/// Where a budget is in its life: proposed, decided by the board (on a date), or revised
/// during the year. The follow-up uses the newest decided or revised budget of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Proposal,
    Decided,
    Revised,
}

impl Version {
    pub const ALL: [Version; 3] = [Version::Proposal, Version::Decided, Version::Revised];

    pub fn as_str(self) -> &'static str {
        match self {
            Version::Proposal => "proposal",
            Version::Decided => "decided",
            Version::Revised => "revised",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        Version::ALL
            .into_iter()
            .find(|v| v.as_str() == value.trim())
            .ok_or_else(|| Invalid::new(field, value, Reason::UnknownValue))
    }
}

/// A budget as the board sees it: its version, the date of the decision and a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBudget {
    pub version: Version,
    pub decided_on: Option<Date>,
    pub note: String,
    pub budget: Budget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetVersion {
    pub id: i64,
    pub budget: NewBudget,
}

impl BudgetVersion {
    pub fn first_year(&self) -> i32 {
        self.budget.budget.first_year
    }
    pub fn years(&self) -> std::ops::Range<i32> {
        self.budget.budget.years()
    }

    /// `2024–2026`, or `2023` for a budget of one year.
    pub fn span(&self) -> String {
        let y = self.years();
        if y.len() > 1 {
            format!("{}–{}", y.start, y.end - 1)
        } else {
            y.start.to_string()
        }
    }
}

/// The budget the follow-up of `year` compares with: a version made for that year (decided or
/// revised before a proposal, the newest first), else the newest whose plan years cover it.
pub fn budget_for(versions: &[BudgetVersion], year: i32) -> Option<&BudgetVersion> {
    let rank = |v: &BudgetVersion| {
        (
            v.budget.version != Version::Proposal,
            v.first_year() == year,
            v.first_year(),
            v.id,
        )
    };
    versions
        .iter()
        .filter(|v| v.years().contains(&year))
        .max_by_key(|v| rank(v))
}

/// The budget a year's plan states its shares from: the version whose first year it is (a
/// decided one before a proposal, the newest first), else `budget_for`'s.
pub fn plan_budget(versions: &[BudgetVersion], year: i32) -> Option<&BudgetVersion> {
    versions
        .iter()
        .filter(|v| v.first_year() == year)
        .max_by_key(|v| (v.budget.version != Version::Proposal, v.id))
        .or_else(|| budget_for(versions, year))
}

/// An amount in kronor as a plan or a ledger writes it: `3 980 000`, `-265 027`,
/// `1 234,50`; in öre. Empty is not an amount.
pub fn parse_amount(field: &'static str, value: &str) -> Result<Ore, Invalid> {
    let bad = || Invalid::new(field, value, Reason::NotANumber);
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    if v.is_empty() {
        return Err(Invalid::new(field, value, Reason::Required));
    }
    let (neg, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.as_str()),
    };
    let (kr, ore) = match v.split_once([',', '.']) {
        Some((k, o)) if (1..=2).contains(&o.len()) => (k, format!("{o:0<2}")),
        Some(_) => return Err(bad()),
        None => (v, "00".into()),
    };
    if kr.is_empty() || !kr.chars().all(|c| c.is_ascii_digit()) || kr.len() > 12 {
        return Err(bad());
    }
    let ore: i64 = ore.parse().map_err(|_| bad())?;
    let n = kr.parse::<i64>().map_err(|_| bad())? * 100 + ore;
    Ok(Ore(if neg { -n } else { n }))
}

impl NewBudget {
    /// A budget from its table, as pasted from the plan or uploaded: a header `rad; typ;
    /// kategori; 2024; 2025; 2026` (one to three consecutive years), then one row per line.
    /// Cost rows need a category. Every problem is named by line and column.
    pub fn parse(
        version: &str,
        decided_on: &str,
        note: &str,
        cells: &[Vec<String>],
    ) -> Result<Self, Vec<Invalid>> {
        let version = Version::parse("version", version);
        let decided_on = optional(decided_on, |d| crate::dates::parse_date("decided_on", d));
        // A decided budget names the board's date; checked with the other fields.
        let decided_on = match (&version, decided_on) {
            (Ok(Version::Decided), Ok(None)) => {
                Err(Invalid::new("decided_on", "", Reason::Required))
            }
            (_, d) => d,
        };
        let (version, decided_on, note, budget) = (
            version,
            decided_on,
            optional_text("note", note, 500),
            Budget::parse(cells),
        )
            .all_ok()?;
        Ok(NewBudget {
            version,
            decided_on,
            note,
            budget,
        })
    }
}

impl Budget {
    /// The years the budget has amounts for.
    pub fn years(&self) -> std::ops::Range<i32> {
        let n = self.rows.iter().map(|r| r.amounts.len()).max().unwrap_or(0) as i32;
        self.first_year..self.first_year + n
    }

    /// See [`NewBudget::parse`].
    pub fn parse(cells: &[Vec<String>]) -> Result<Self, Vec<Invalid>> {
        let Some(header) = cells.first() else {
            return Err(vec![Invalid::new("file", "", Reason::Required)]);
        };
        let mut e = Errors::default();
        let head = |i: usize| header.get(i).map_or("", |h| h.trim());
        for (i, name) in ["rad", "typ", "kategori"].into_iter().enumerate() {
            if !head(i).eq_ignore_ascii_case(name) {
                e.push(Invalid::new("column", name, Reason::MissingColumn).at_row(1));
            }
        }
        let years: Vec<i32> = (3..header.len().min(6))
            .filter(|i| !head(*i).is_empty())
            .filter_map(|i| {
                e.take(
                    crate::invalid::number_in("year", head(i), 2000, 2100)
                        .map_err(|err| err.at_row(1)),
                )
            })
            .map(|y| y as i32)
            .collect();
        if years.is_empty() {
            e.push(Invalid::new("year", "", Reason::Required).at_row(1));
        }
        if years.windows(2).any(|w| w[1] != w[0] + 1) {
            let v = years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            e.push(Invalid::new("year", v, Reason::NotConsecutive).at_row(1));
        }
        if !e.is_empty() {
            return Err(e.0);
        }
        let mut rows = vec![];
        for (n, line) in cells.iter().enumerate().skip(1) {
            let cell = |i: usize| line.get(i).map_or("", String::as_str);
            if line.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let name = e.take(required_text("name", cell(0), 120).on_row(n + 1));
            let side = e.take(Side::parse("side", cell(1)).on_row(n + 1));
            let category = match side {
                Some(Side::Cost) => e
                    .take(CostCategory::parse("category", cell(2)).on_row(n + 1))
                    .map(Some),
                _ => Some(None),
            };
            let amounts: Vec<Option<Ore>> = (0..years.len())
                .map(|i| {
                    let text = cell(3 + i);
                    if text.trim().is_empty() {
                        Some(Ore(0))
                    } else {
                        e.take(parse_amount("amount", text).on_row(n + 1))
                    }
                })
                .collect();
            if let (Some(name), Some(side), Some(category)) = (name, side, category) {
                rows.push(BudgetRow {
                    name,
                    side,
                    category,
                    amounts: amounts.into_iter().map(|a| a.unwrap_or(Ore(0))).collect(),
                });
            }
        }
        if rows.is_empty() && e.is_empty() {
            e.push(Invalid::new("file", "", Reason::Required));
        }
        e.finish()?;
        Ok(Budget {
            first_year: years[0],
            rows,
        })
    }

    /// The table as [`Budget::parse`] reads it, so that a budget can be downloaded, changed
    /// in Excel and uploaded as a revision.
    pub fn cells(&self) -> Vec<Vec<String>> {
        let mut out = vec![["rad", "typ", "kategori"]
            .into_iter()
            .map(String::from)
            .chain(self.years().map(|y| y.to_string()))
            .collect::<Vec<_>>()];
        for r in &self.rows {
            out.push(
                [
                    r.name.clone(),
                    r.side.file_word().into(),
                    r.category.map_or("", |c| c.file_word()).into(),
                ]
                .into_iter()
                .chain(r.amounts.iter().map(|a| a.round_to_kronor().to_string()))
                .collect(),
            );
        }
        out
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

    fn cells(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(';').map(String::from).collect())
            .collect()
    }

    #[test]
    fn the_plans_as_files_sum_as_the_board_decided() {
        let b = Budget::parse(&cells(include_str!(
            "../../../samordna/demo/budget-2021-2023.csv"
        )))
        .unwrap();
        assert_eq!(b.years(), 2021..2024);
        assert_eq!(b.result(2021), Ore::from_kronor(-557_000));
        assert_eq!(b.costs(2022), Ore::from_kronor(8_429_000));
        let b = Budget::parse(&cells(include_str!(
            "../../../samordna/demo/budget-2022-2024.csv"
        )))
        .unwrap();
        assert_eq!(
            (b.income(2022), b.costs(2022), b.result(2022)),
            (
                Ore::from_kronor(8_054_000),
                Ore::from_kronor(8_302_500),
                Ore::from_kronor(-248_500)
            )
        );
        let b = Budget::parse(&cells(include_str!(
            "../../../samordna/demo/budget-2024-2026.csv"
        )))
        .unwrap();
        assert_eq!(b, budget_2024_named_as_in_the_file(&b));
        // The file a budget downloads as reads back to the same budget.
        assert_eq!(Budget::parse(&b.cells()).unwrap(), b);
    }

    /// The 2024–2026 budget of the tests above, with the file's row names (which add the
    /// interest's rate and the state's full name).
    fn budget_2024_named_as_in_the_file(file: &Budget) -> Budget {
        let mut b = budget_2024();
        for (r, f) in b.rows.iter_mut().zip(&file.rows) {
            r.name = f.name.clone();
        }
        b
    }

    #[test]
    fn a_budget_file_with_bad_rows_names_each_line_and_column() {
        let err = Budget::parse(&cells(
            "rad;typ;kategori;2024;2025;2026\nStyrelse;kostnad;;60 000;60 000;60 000\nRänta;vinst;;1;2;3\n;intäkt;;1;x;3",
        ))
        .unwrap_err();
        let named: Vec<_> = err.iter().map(|e| (e.row, e.field)).collect();
        assert_eq!(
            named,
            [
                (Some(2), "category"),
                (Some(3), "side"),
                (Some(4), "name"),
                (Some(4), "amount")
            ]
        );
        let years = Budget::parse(&cells("rad;typ;kategori;2024;2026\n")).unwrap_err();
        assert_eq!(years[0].reason, Reason::NotConsecutive);
        let decided = NewBudget::parse(
            "decided",
            "",
            "",
            &cells("rad;typ;kategori;2024\nA;intäkt;;1"),
        )
        .unwrap_err();
        assert_eq!(decided[0].field, "decided_on");
    }

    #[test]
    fn amounts_as_plans_and_ledgers_write_them() {
        assert_eq!(
            parse_amount("a", "3 980 000").unwrap(),
            Ore::from_kronor(3_980_000)
        );
        assert_eq!(
            parse_amount("a", "\u{2212}265 027").unwrap(),
            Ore::from_kronor(-265_027)
        );
        assert_eq!(parse_amount("a", "1 234,5").unwrap(), Ore(123_450));
        assert_eq!(parse_amount("a", "-0,07").unwrap(), Ore(-7));
        for bad in ["", "12,345", "1e5", "12 kr", "-"] {
            assert!(parse_amount("a", bad).is_err(), "{bad}");
        }
        // An empty amount must be filled in; it is not "not a number".
        assert_eq!(parse_amount("a", " ").unwrap_err().reason, Reason::Required);
        assert_eq!(
            parse_amount("a", "3\u{a0}825\u{a0}000").unwrap(),
            Ore(382_500_000)
        );
    }

    #[test]
    fn the_follow_up_uses_the_newest_decided_budget_made_for_the_year() {
        let v = |id, first_year, version, years: usize| BudgetVersion {
            id,
            budget: NewBudget {
                version,
                decided_on: None,
                note: String::new(),
                budget: Budget {
                    first_year,
                    rows: vec![row("A", Side::Income, None, &vec![1; years])],
                },
            },
        };
        let all = [
            v(1, 2021, Version::Decided, 3),
            v(2, 2022, Version::Decided, 3),
            v(3, 2023, Version::Proposal, 3),
            v(4, 2022, Version::Revised, 3),
        ];
        assert_eq!(budget_for(&all, 2022).map(|b| b.id), Some(4));
        // 2023: a decided budget's plan year before a proposal made for the year.
        assert_eq!(budget_for(&all, 2023).map(|b| b.id), Some(4));
        // 2025: only the proposal has the year, so the proposal (and the page says so).
        assert_eq!(budget_for(&all, 2025).map(|b| b.id), Some(3));
        assert_eq!(budget_for(&all, 2026), None);
    }
}
