//! The follow-up of the economy on a date, as the half-year and annual reports show it
//! (002 §7, 003 §5): the income statement (actual last year, budget, actual to date,
//! full-year forecast), the balance sheet, the balance requirement with the accumulated
//! result, and whether the money in the bank covers every decided payout.

use super::budget::{Budget, CostCategory, Side};
use super::ledger::{Entry, Line};
use crate::money::Ore;
use time::Date;

/// A full-year forecast of a line, with the director's comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub line: Line,
    pub amount: Ore,
    pub comment: String,
}

/// Forecasts as a file: `rad; typ; prognos; kommentar`, one line each; all or nothing.
pub fn parse_forecasts(cells: &[Vec<String>]) -> Result<Vec<Forecast>, Vec<crate::Invalid>> {
    use crate::invalid::{optional_text, required_text, Errors, OnRow};
    let mut e = Errors::default();
    let mut out = vec![];
    for (n, row) in cells.iter().enumerate().skip(1) {
        let cell = |i: usize| row.get(i).map_or("", String::as_str);
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let name = e.take(required_text("line", cell(0), 120).on_row(n + 1));
        let side = e.take(Side::parse("side", cell(1)).on_row(n + 1));
        let amount = e.take(super::budget::parse_amount("forecast", cell(2)).on_row(n + 1));
        let comment = e.take(optional_text("comment", cell(3), 500).on_row(n + 1));
        if let (Some(name), Some(side), Some(amount), Some(comment)) = (name, side, amount, comment)
        {
            out.push(Forecast {
                line: Line { name, side },
                amount,
                comment,
            });
        }
    }
    e.finish()?;
    Ok(out)
}

/// One line of the income statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub line: Line,
    pub category: Option<CostCategory>,
    pub previous_year: Ore,
    /// `None` for a line the budget does not have.
    pub budget: Option<Ore>,
    pub to_date: Ore,
    /// The forecast entered, else the budget.
    pub forecast: Ore,
    pub forecast_entered: bool,
    pub comment: String,
}

/// The four amount columns, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub previous_year: Ore,
    pub budget: Ore,
    pub to_date: Ore,
    pub forecast: Ore,
}

impl Sums {
    fn minus(self, o: Sums) -> Sums {
        Sums {
            previous_year: Ore(self.previous_year.0 - o.previous_year.0),
            budget: Ore(self.budget.0 - o.budget.0),
            to_date: Ore(self.to_date.0 - o.to_date.0),
            forecast: Ore(self.forecast.0 - o.forecast.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomeStatement {
    pub year: i32,
    pub on: Date,
    pub income: Vec<StatementLine>,
    pub costs: Vec<StatementLine>,
}

fn sum_entries<'a>(entries: impl Iterator<Item = &'a Entry>) -> Ore {
    Ore(entries.map(|e| e.amount.0).sum())
}

impl IncomeStatement {
    /// The statement of `on`'s year up to and including `on`'s month. The lines are the
    /// budget's in its order, then any line only the ledger or a forecast has.
    pub fn build(
        on: Date,
        budget: Option<&Budget>,
        entries: &[Entry],
        forecasts: &[Forecast],
    ) -> Self {
        let year = on.year();
        let month = on.month() as u8;
        let mut lines: Vec<(Line, Option<CostCategory>, Option<Ore>)> = vec![];
        if let Some(b) = budget {
            let i = (year - b.first_year) as usize;
            for r in &b.rows {
                let line = Line {
                    name: r.name.clone(),
                    side: r.side,
                };
                let amount = r.amounts.get(i).copied().unwrap_or(Ore(0));
                match lines.iter_mut().find(|(l, _, _)| l.same(&line)) {
                    Some((_, _, Some(a))) => a.0 += amount.0,
                    _ => lines.push((line, r.category, Some(amount))),
                }
            }
        }
        let others = entries
            .iter()
            .filter(|e| e.year == year || e.year == year - 1)
            .map(|e| &e.line)
            .chain(forecasts.iter().map(|f| &f.line));
        for l in others {
            if !lines.iter().any(|(known, _, _)| known.same(l)) {
                lines.push((l.clone(), None, None));
            }
        }
        let made: Vec<StatementLine> = lines
            .into_iter()
            .map(|(line, category, budget)| {
                let mine = entries.iter().filter(|e| e.line.same(&line));
                let previous_year = sum_entries(mine.clone().filter(|e| e.year == year - 1));
                let to_date = sum_entries(mine.filter(|e| e.year == year && e.month <= month));
                let forecast = forecasts.iter().find(|f| f.line.same(&line));
                StatementLine {
                    category,
                    previous_year,
                    budget,
                    to_date,
                    forecast: forecast.map_or(budget.unwrap_or(Ore(0)), |f| f.amount),
                    forecast_entered: forecast.is_some(),
                    comment: forecast.map(|f| f.comment.clone()).unwrap_or_default(),
                    line,
                }
            })
            .collect();
        let (income, costs) = made.into_iter().partition(|l| l.line.side == Side::Income);
        IncomeStatement {
            year,
            on,
            income,
            costs,
        }
    }

    fn sums(lines: &[StatementLine]) -> Sums {
        let s = |f: fn(&StatementLine) -> Ore| Ore(lines.iter().map(|l| f(l).0).sum());
        Sums {
            previous_year: s(|l| l.previous_year),
            budget: s(|l| l.budget.unwrap_or(Ore(0))),
            to_date: s(|l| l.to_date),
            forecast: s(|l| l.forecast),
        }
    }

    pub fn income_sums(&self) -> Sums {
        Self::sums(&self.income)
    }

    pub fn cost_sums(&self) -> Sums {
        Self::sums(&self.costs)
    }

    /// Income − costs, per column.
    pub fn result(&self) -> Sums {
        self.income_sums().minus(self.cost_sums())
    }
}

/// The balance sheet lines the accounting gives on a date; equity comes from the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BalanceEntry {
    pub on: Date,
    pub receivables: Ore,
    pub cash: Ore,
    pub liabilities: Ore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BalanceSheet {
    pub on: Date,
    pub receivables: Ore,
    pub cash: Ore,
    pub assets: Ore,
    /// Equity brought forward from earlier years.
    pub brought_forward: Ore,
    pub result: Ore,
    /// Brought forward + the year's result: the equity on the date.
    pub equity: Ore,
    pub liabilities: Ore,
    pub equity_and_liabilities: Ore,
    /// Assets − (equity + liabilities): 0 when the ledger and the balance agree.
    pub difference: Ore,
}

impl BalanceSheet {
    pub fn build(entry: &BalanceEntry, brought_forward: Ore, result: Ore) -> Self {
        let assets = entry.receivables.0 + entry.cash.0;
        let equity = brought_forward.0 + result.0;
        let total = equity + entry.liabilities.0;
        BalanceSheet {
            on: entry.on,
            receivables: entry.receivables,
            cash: entry.cash,
            assets: Ore(assets),
            brought_forward,
            result,
            equity: Ore(equity),
            liabilities: entry.liabilities,
            equity_and_liabilities: Ore(total),
            difference: Ore(assets - total),
        }
    }
}

/// A year's actual result: its ledger's income − its costs.
fn year_result(entries: &[Entry], year: i32) -> Ore {
    let signed = |e: &Entry| match e.line.side {
        Side::Income => e.amount.0,
        Side::Cost => -e.amount.0,
    };
    Ore(entries.iter().filter(|e| e.year == year).map(signed).sum())
}

/// Equity brought forward into `year`: the newest equity the annual accounts set for a year
/// up to `year`, plus the actual results of the years after it. `None` without any.
pub fn brought_forward(year: i32, set: &[(i32, Ore)], entries: &[Entry]) -> Option<Ore> {
    let (from, amount) = set
        .iter()
        .filter(|(y, _)| *y <= year)
        .max_by_key(|(y, _)| *y)?;
    Some(Ore(amount.0
        + (*from..year)
            .map(|y| year_result(entries, y).0)
            .sum::<i64>()))
}

/// How a year's result is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Actual,
    Forecast,
    Budget,
}

/// A board decision not to restore a year's deficit (003 §8), with its date and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub year: i32,
    pub decided_on: Date,
    pub note: String,
}

/// One year of the balance requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementYear {
    pub year: i32,
    pub basis: Basis,
    pub result: Ore,
    /// The results summed from the first year shown, as the plans print it.
    pub accumulated: Ore,
    /// Deficit of earlier years still to restore after this year (0 or less).
    pub to_restore: Ore,
    /// The last year by which the oldest deficit still open must be restored.
    pub deadline: Option<i32>,
    pub waiver: Option<Waiver>,
}

/// Years a deficit may take to restore (kommunallagen 11 kap. 12 §).
pub const RESTORE_WITHIN_YEARS: i32 = 3;

/// The balance requirement over consecutive years: a deficit must be restored by surpluses
/// within three years, unless the board decided not to restore it. A deficit not restored in
/// time stays open and is shown as late.
pub fn balance_requirement(
    results: &[(i32, Basis, Ore)],
    waivers: &[Waiver],
) -> Vec<RequirementYear> {
    let mut accumulated = 0i64;
    // Open deficits, oldest first: (year, amount still to restore, positive).
    let mut open: Vec<(i32, i64)> = vec![];
    results
        .iter()
        .map(|&(year, basis, result)| {
            accumulated += result.0;
            let waiver = waivers.iter().find(|w| w.year == year).cloned();
            if result.0 < 0 && waiver.is_none() {
                open.push((year, -result.0));
            } else if result.0 > 0 {
                let mut surplus = result.0;
                for (_, left) in open.iter_mut() {
                    let used = surplus.min(*left);
                    *left -= used;
                    surplus -= used;
                }
                open.retain(|(_, left)| *left > 0);
            }
            RequirementYear {
                year,
                basis,
                result,
                accumulated: Ore(accumulated),
                to_restore: Ore(-open.iter().map(|(_, l)| l).sum::<i64>()),
                deadline: open.first().map(|(y, _)| y + RESTORE_WITHIN_YEARS),
                waiver,
            }
        })
        .collect()
}

/// Whether the money covers every decided payout not yet made (000 §6: "likviditet att det
/// vid varje enskilt tillfälle kan finansiera utbetalningar").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Liquidity {
    pub cash: Ore,
    /// What the members still owe of the year: their parts of the year's total not paid
    /// (without a total set, the instalments not paid).
    pub contributions_due: Ore,
    /// Payouts of the year under the agreements not yet approved.
    pub payouts_due: Ore,
    /// Cash + contributions due − payouts due.
    pub margin: Ore,
}

impl Liquidity {
    pub fn new(cash: Ore, contributions_due: Ore, payouts_due: Ore) -> Self {
        Liquidity {
            cash,
            contributions_due,
            payouts_due,
            margin: Ore(cash.0 + contributions_due.0 - payouts_due.0),
        }
    }
    pub fn covers(&self) -> bool {
        self.margin.0 >= 0
    }
    /// Whether the cash alone covers the payouts, without waiting for members to pay.
    pub fn covered_by_cash(&self) -> bool {
        self.cash >= self.payouts_due
    }
}

#[cfg(test)]
mod tests;
