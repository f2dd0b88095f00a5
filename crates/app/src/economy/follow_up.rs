//! The follow-up of the economy on a date, as the half-year and annual reports print it:
//! the income statement against last year, the budget and the forecast; the balance sheet;
//! the balance requirement with the accumulated result and the board's decisions; and
//! whether the money covers every decided payout.

use crate::i18n::Tr;
use crate::Result;
use samordna_domain::economy::budget::{budget_for, Version};
use samordna_domain::economy::follow_up::{
    balance_requirement, brought_forward, BalanceSheet, Basis, IncomeStatement, Liquidity,
    RequirementYear, StatementLine, Sums,
};
use samordna_domain::format::percent_bp;
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use samordna_reports::Table;
use samordna_store::Store;
use time::Date;

/// Everything the page and its file show, computed once.
pub struct FollowUp {
    pub statement: IncomeStatement,
    pub sheet: Option<BalanceSheet>,
    pub brought_forward: Option<Ore>,
    pub requirement: Vec<RequirementYear>,
    pub liquidity: Option<Liquidity>,
    /// The budget compared with: its years (`2024–2026`) and whether it is decided.
    pub budget_name: Option<(String, Version)>,
}

/// Payouts of the year under the agreements that are not approved yet.
async fn payouts_due(store: &dyn Store, org: OrgId, year: i32) -> Result<Ore> {
    let mut due = 0;
    for half in 1..=2u8 {
        for (line, approval) in super::lines(store, org, year, half).await? {
            if approval.approved.is_none() {
                due += line.amount.0;
            }
        }
    }
    Ok(Ore(due))
}

/// The follow-up on `on`: what the page, its file and the report's economy show.
pub async fn follow_up(store: &dyn Store, org: OrgId, on: Date) -> Result<FollowUp> {
    let year = on.year();
    let versions = store.budgets(org).await?;
    let budget = budget_for(&versions, year);
    let entries = store.ledger_entries(org, 2000, year).await?;
    let forecasts = store.forecasts(org, year).await?;
    let statement =
        IncomeStatement::build(on, budget.map(|v| &v.budget.budget), &entries, &forecasts);
    let result = statement.result();
    let equity = store.equity_set(org).await?;
    let bf = brought_forward(year, &equity, &entries);
    let entry = store.balance_entry(org, on).await?;
    let sheet = entry
        .zip(bf)
        .map(|(e, bf)| BalanceSheet::build(&e, bf, result.to_date));
    let mut years = vec![
        (year - 1, Basis::Actual, result.previous_year),
        (year, Basis::Forecast, result.forecast),
    ];
    for y in year + 1..=year + 3 {
        match budget_for(&versions, y) {
            Some(v) => years.push((y, Basis::Budget, v.budget.budget.result(y))),
            None => break,
        }
    }
    let requirement = balance_requirement(&years, &store.waivers(org).await?);
    // What the members still owe of the year: their parts of the year's total less what
    // they paid when the total is set (from the budget), else the unpaid instalments.
    let (total, dues, instalments) = super::year_dues(store, org, year, on).await?;
    let unpaid = match total {
        Some(_) => dues.iter().map(|d| d.outstanding.0).sum(),
        None => instalments
            .iter()
            .filter(|i| i.paid_on.is_none())
            .map(|i| i.amount.0)
            .sum(),
    };
    let due = payouts_due(store, org, year).await?;
    let liquidity = entry.map(|e| Liquidity::new(e.cash, Ore(unpaid), due));
    Ok(FollowUp {
        statement,
        sheet,
        brought_forward: bf,
        requirement,
        liquidity,
        budget_name: budget.map(|v| (v.span(), v.budget.version)),
    })
}

pub fn kr(o: Ore) -> String {
    o.round_to_kronor().to_string()
}

/// How much of the budget the actual so far is: `45,2 %`; nothing without a budget to
/// divide by (a result of zero, a line the budget does not have).
fn used(to_date: Ore, budget: Ore) -> String {
    if budget.0 == 0 {
        return String::new();
    }
    percent_bp((to_date.0 as i128 * 10_000 / budget.0 as i128) as i64)
}

/// The income statement as the reports print it; `strong` marks the sums.
pub fn statement_table(tr: Tr, s: &IncomeStatement) -> (Table, Vec<bool>) {
    let mut t = Table::new(vec![
        String::new(),
        tr.t1("follow-actual-year", "year", &(s.year - 1).to_string()),
        tr.t1("follow-budget-year", "year", &s.year.to_string()),
        tr.t1("follow-actual-to", "date", &s.on.to_string()),
        tr.t("follow-forecast"),
        tr.t("follow-deviation"),
        tr.t("follow-used"),
        tr.t("follow-comment"),
    ]);
    let mut strong = vec![];
    let mut push = |t: &mut Table, row: Vec<String>, bold: bool| {
        t.push(row);
        strong.push(bold);
    };
    let line = |l: &StatementLine| {
        vec![
            l.line.name.clone(),
            kr(l.previous_year),
            l.budget.map(kr).unwrap_or_default(),
            kr(l.to_date),
            kr(l.forecast),
            kr(Ore(l.forecast.0 - l.budget.map_or(0, |b| b.0))),
            l.budget.map(|b| used(l.to_date, b)).unwrap_or_default(),
            l.comment.clone(),
        ]
    };
    let sums = |label: String, s: Sums| {
        vec![
            label,
            kr(s.previous_year),
            kr(s.budget),
            kr(s.to_date),
            kr(s.forecast),
            kr(Ore(s.forecast.0 - s.budget.0)),
            used(s.to_date, s.budget),
            String::new(),
        ]
    };
    for (head, lines, sum, total) in [
        (
            "follow-income",
            &s.income,
            "follow-income-sum",
            s.income_sums(),
        ),
        ("follow-costs", &s.costs, "follow-cost-sum", s.cost_sums()),
    ] {
        push(
            &mut t,
            std::iter::once(tr.t(head))
                .chain(std::iter::repeat_n(String::new(), 7))
                .collect(),
            true,
        );
        for l in lines {
            push(&mut t, line(l), false);
        }
        push(&mut t, sums(tr.t(sum), total), true);
    }
    push(&mut t, sums(tr.t("follow-result"), s.result()), true);
    (t, strong)
}

pub fn sheet_table(tr: Tr, b: &BalanceSheet) -> Table {
    let mut t = Table::new(vec![String::new(), b.on.to_string()]);
    for (key, amount) in [
        ("balance-receivables", b.receivables),
        ("balance-cash", b.cash),
        ("balance-assets", b.assets),
        ("balance-brought-forward", b.brought_forward),
        ("follow-result", b.result),
        ("balance-equity", b.equity),
        ("balance-liabilities", b.liabilities),
        ("balance-equity-and-liabilities", b.equity_and_liabilities),
    ] {
        t.push(vec![tr.t(key), kr(amount)]);
    }
    t
}

pub fn requirement_table(tr: Tr, years: &[RequirementYear]) -> Table {
    let mut t = Table::new(
        [
            "field-year",
            "balance-basis",
            "follow-result",
            "balance-accumulated",
            "balance-to-restore",
            "balance-status",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for y in years {
        let basis = match y.basis {
            Basis::Actual => "balance-basis-actual",
            Basis::Forecast => "balance-basis-forecast",
            Basis::Budget => "balance-basis-budget",
        };
        let status = match (&y.waiver, y.deadline) {
            (Some(w), _) => tr.t1("balance-waived", "date", &w.decided_on.to_string()),
            (None, Some(d)) if d < y.year => tr.t1("balance-late", "year", &d.to_string()),
            (None, Some(d)) => tr.t1("balance-restore-by", "year", &d.to_string()),
            (None, None) => tr.t("balance-ok"),
        };
        t.push(vec![
            y.year.to_string(),
            tr.t(basis),
            kr(y.result),
            kr(y.accumulated),
            kr(Ore(-y.to_restore.0)),
            status,
        ]);
    }
    t
}

pub fn liquidity_table(tr: Tr, l: &Liquidity) -> Table {
    let mut t = Table::new(vec![String::new(), tr.t("field-amount")]);
    for (key, amount) in [
        ("balance-cash", l.cash),
        ("liquidity-contributions-due", l.contributions_due),
        ("liquidity-payouts-due", l.payouts_due),
        ("liquidity-margin", l.margin),
    ] {
        t.push(vec![tr.t(key), kr(amount)]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_of_budget_used_is_the_actual_over_the_budget() {
        // H1 2023 (003): costs 3 836 286 kr of 7 839 000 kr.
        let kr = Ore::from_kronor;
        assert_eq!(used(kr(3_836_286), kr(7_839_000)), "48,9 %");
        assert_eq!(used(kr(-265_027), kr(-18_000)), "1 472,4 %");
        assert_eq!(used(kr(5), Ore(0)), "");
    }
}
