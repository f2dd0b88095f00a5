//! The follow-up of the economy on a date, as the half-year and annual reports print it:
//! the income statement against last year, the budget and the forecast; the balance sheet;
//! the balance requirement with the accumulated result and the board's decisions; and
//! whether the money covers every decided payout. The director enters the forecasts, the
//! balance sheet lines, the equity of the annual accounts and the board's decisions.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::files::download;
use crate::forms::today;
use crate::forms::FormErrors;
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewEconomy};
use samordna_domain::dates::parse_date;
use samordna_domain::economy::budget::{budget_for, parse_amount, Side};
use samordna_domain::economy::follow_up::{
    balance_requirement, brought_forward, BalanceEntry, BalanceSheet, Basis, Forecast,
    IncomeStatement, Liquidity, RequirementYear, StatementLine, Sums, Waiver,
};
use samordna_domain::economy::ledger::Line;
use samordna_domain::invalid::{number_in, optional, optional_text, required_text, Errors};
use samordna_domain::money::Ore;
use samordna_domain::{AllOk, Invalid};
use samordna_reports::Table;
use serde::Deserialize;
use std::collections::HashMap;
use time::Date;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/follow-up", ViewEconomy, show).menu("nav-follow-up"),
        post("/o/{org}/follow-up/forecasts", ManageOrg, set_forecasts),
        post("/o/{org}/follow-up/balance", ManageOrg, set_balance),
        post("/o/{org}/follow-up/equity", ManageOrg, set_equity),
        post("/o/{org}/follow-up/waivers", ManageOrg, add_waiver),
    ]
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FollowUpQuery {
    on: String,
    format: String,
}

/// The date asked for, else today.
fn date_or_today(text: &str) -> Date {
    parse_date("on", text).unwrap_or_else(|_| today())
}

/// Everything the page and its file show, computed once.
struct FollowUp {
    statement: IncomeStatement,
    sheet: Option<BalanceSheet>,
    brought_forward: Option<Ore>,
    requirement: Vec<RequirementYear>,
    liquidity: Option<Liquidity>,
    budget_name: Option<String>,
}

/// Payouts of the year under the agreements that are not approved yet.
async fn payouts_due(state: &AppState, ctx: &OrgCtx, year: i32) -> Result<Ore> {
    let mut due = 0;
    for half in 1..=2u8 {
        for (line, approval) in super::payouts::lines(state, ctx, year, half).await? {
            if approval.approved.is_none() {
                due += line.amount.0;
            }
        }
    }
    Ok(Ore(due))
}

async fn follow_up(state: &AppState, ctx: &OrgCtx, on: Date) -> Result<FollowUp> {
    let org = ctx.org.id;
    let year = on.year();
    let versions = state.store.budgets(org).await?;
    let budget = budget_for(&versions, year);
    let entries = state.store.ledger_entries(org, 2000, year).await?;
    let forecasts = state.store.forecasts(org, year).await?;
    let statement =
        IncomeStatement::build(on, budget.map(|v| &v.budget.budget), &entries, &forecasts);
    let result = statement.result();
    let equity = state.store.equity_set(org).await?;
    let bf = brought_forward(year, &equity, &entries);
    let entry = state.store.balance_entry(org, on).await?;
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
    let requirement = balance_requirement(&years, &state.store.waivers(org).await?);
    let unpaid = state
        .store
        .instalments(org, year)
        .await?
        .iter()
        .filter(|i| i.paid_on.is_none())
        .map(|i| i.amount.0)
        .sum();
    let due = payouts_due(state, ctx, year).await?;
    let liquidity = entry.map(|e| Liquidity::new(e.cash, Ore(unpaid), due));
    Ok(FollowUp {
        statement,
        sheet,
        brought_forward: bf,
        requirement,
        liquidity,
        budget_name: budget.map(|v| v.span()),
    })
}

fn kr(o: Ore) -> String {
    o.round_to_kronor().to_string()
}

/// The income statement as the reports print it; `strong` marks the sums.
fn statement_table(tr: Tr, s: &IncomeStatement) -> (Table, Vec<bool>) {
    let mut t = Table::new(vec![
        String::new(),
        tr.t1("follow-actual-year", "year", &(s.year - 1).to_string()),
        tr.t1("follow-budget-year", "year", &s.year.to_string()),
        tr.t1("follow-actual-to", "date", &s.on.to_string()),
        tr.t("follow-forecast"),
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
            vec![
                tr.t(head),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
            ],
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

fn sheet_table(tr: Tr, b: &BalanceSheet) -> Table {
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

fn requirement_table(tr: Tr, years: &[RequirementYear]) -> Table {
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

fn liquidity_table(tr: Tr, l: &Liquidity) -> Table {
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

/// One line of the forecast form.
pub struct ForecastInput {
    pub i: usize,
    pub name: String,
    pub side: &'static str,
    pub value: String,
    pub placeholder: String,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "economy/follow_up.html")]
struct FollowUpPage {
    l: Layout,
    base: String,
    on: String,
    year: i32,
    budget_name: Option<String>,
    statement: Table,
    strong: Vec<bool>,
    sheet: Option<Table>,
    difference: Option<String>,
    brought_forward: Option<String>,
    requirement: Table,
    open_deficit: Option<(String, i32)>,
    liquidity: Option<Table>,
    covers: Option<bool>,
    forecast_inputs: Vec<ForecastInput>,
    manage: bool,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    on: Date,
    errors: FormErrors,
) -> Result<Response> {
    let f = follow_up(state, ctx, on).await?;
    let (statement, strong) = statement_table(tr, &f.statement);
    let s = &f.statement;
    let forecast_inputs = s
        .income
        .iter()
        .chain(&s.costs)
        .enumerate()
        .map(|(i, l)| ForecastInput {
            i,
            name: l.line.name.clone(),
            side: l.line.side.as_str(),
            value: if l.forecast_entered {
                kr(l.forecast)
            } else {
                String::new()
            },
            placeholder: l.budget.map(kr).unwrap_or_default(),
            comment: l.comment.clone(),
        })
        .collect();
    let open_deficit = f
        .requirement
        .iter()
        .find(|y| y.year == s.year - 1 && y.to_restore.0 < 0)
        .map(|y| (Ore(-y.to_restore.0).to_string(), y.year));
    let status = errors.status();
    let page = FollowUpPage {
        base: format!("/o/{}", ctx.org.slug),
        on: on.to_string(),
        year: s.year,
        budget_name: f.budget_name,
        statement,
        strong,
        sheet: f.sheet.as_ref().map(|b| sheet_table(tr, b)),
        difference: f
            .sheet
            .filter(|b| b.difference.round_to_kronor() != 0)
            .map(|b| b.difference.to_string()),
        brought_forward: f.brought_forward.map(|o| o.to_string()),
        requirement: requirement_table(tr, &f.requirement),
        open_deficit,
        liquidity: f.liquidity.as_ref().map(|l| liquidity_table(tr, l)),
        covers: f.liquidity.map(|l| l.covers()),
        forecast_inputs,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        l: Layout::org(tr, ctx, "/follow-up", tr.t("nav-follow-up")),
    };
    Ok((status, render(page)?).into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<FollowUpQuery>,
) -> Result<Response> {
    let on = date_or_today(&q.on);
    if q.format.is_empty() {
        return page(&state, tr, &ctx, on, FormErrors::default()).await;
    }
    let f = follow_up(&state, &ctx, on).await?;
    let (statement, _) = statement_table(tr, &f.statement);
    let sheet = f.sheet.as_ref().map(|b| sheet_table(tr, b));
    let requirement = requirement_table(tr, &f.requirement);
    let liquidity = f.liquidity.as_ref().map(|l| liquidity_table(tr, l));
    let (t_statement, t_sheet, t_req, t_liq) = (
        tr.t("follow-statement"),
        tr.t("balance-sheet"),
        tr.t("balance-requirement"),
        tr.t("liquidity"),
    );
    let mut sheets = vec![
        (t_statement.as_str(), &statement),
        (t_req.as_str(), &requirement),
    ];
    if let Some(t) = &sheet {
        sheets.insert(1, (t_sheet.as_str(), t));
    }
    if let Some(t) = &liquidity {
        sheets.push((t_liq.as_str(), t));
    }
    download(
        &q.format,
        &format!("uppfoljning-{}-{on}", ctx.org.slug),
        &sheets,
    )
}

fn back(ctx: &OrgCtx, on: &str) -> Response {
    Redirect::to(&format!("/o/{}/follow-up?on={on}", ctx.org.slug)).into_response()
}

/// `on`, then per line `n{i}` (name), `s{i}` (side), `f{i}` (forecast, empty for none) and
/// `c{i}` (comment). All lines or none.
async fn set_forecasts(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let get = |k: String| f.get(&k).map_or("", String::as_str);
    let on = date_or_today(get("on".into()));
    let mut e = Errors::default();
    let mut forecasts = vec![];
    for i in 0.. {
        let name = get(format!("n{i}"));
        if name.is_empty() {
            break;
        }
        let side = e.take(Side::parse("side", get(format!("s{i}"))));
        let amount = e.take(optional(get(format!("f{i}")), |v| {
            parse_amount("forecast", v)
        }));
        let comment = e.take(optional_text("comment", get(format!("c{i}")), 500));
        if let (Some(side), Some(Some(amount)), Some(comment)) = (side, amount, comment) {
            forecasts.push(Forecast {
                line: Line {
                    name: name.to_string(),
                    side,
                },
                amount,
                comment,
            });
        }
    }
    match e.finish() {
        Ok(()) => {
            state
                .store
                .set_forecasts(ctx.org.id, &ctx.actor(), on.year(), &forecasts)
                .await?;
            Ok(back(&ctx, &on.to_string()))
        }
        Err(problems) => refused(&state, tr, &ctx, &on.to_string(), &problems).await,
    }
}

/// The page again with the form's problems.
async fn refused(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    on: &str,
    problems: &[samordna_domain::Invalid],
) -> Result<Response> {
    page(
        state,
        tr,
        ctx,
        date_or_today(on),
        FormErrors::new(tr, problems),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BalanceForm {
    on: String,
    receivables: String,
    cash: String,
    liabilities: String,
}

impl BalanceForm {
    fn parse(&self) -> Result<BalanceEntry, Vec<Invalid>> {
        let (on, receivables, cash, liabilities) = (
            parse_date("on", &self.on),
            parse_amount("receivables", &self.receivables),
            parse_amount("cash", &self.cash),
            parse_amount("liabilities", &self.liabilities),
        )
            .all_ok()?;
        Ok(BalanceEntry {
            on,
            receivables,
            cash,
            liabilities,
        })
    }
}

async fn set_balance(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<BalanceForm>,
) -> Result<Response> {
    let entry = match f.parse() {
        Ok(entry) => entry,
        Err(problems) => return refused(&state, tr, &ctx, &f.on, &problems).await,
    };
    state
        .store
        .set_balance_entry(ctx.org.id, &ctx.actor(), &entry)
        .await?;
    Ok(back(&ctx, &f.on))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EquityForm {
    on: String,
    year: String,
    amount: String,
}

impl EquityForm {
    /// The year and the equity the annual accounts set for it.
    fn parse(&self) -> Result<(i32, Ore), Vec<Invalid>> {
        let (year, amount) = (
            number_in("year", &self.year, 2000, 2100),
            parse_amount("amount", &self.amount),
        )
            .all_ok()?;
        Ok((year as i32, amount))
    }
}

async fn set_equity(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<EquityForm>,
) -> Result<Response> {
    let (year, amount) = match f.parse() {
        Ok(v) => v,
        Err(problems) => return refused(&state, tr, &ctx, &f.on, &problems).await,
    };
    state
        .store
        .set_equity(ctx.org.id, &ctx.actor(), year, amount)
        .await?;
    Ok(back(&ctx, &f.on))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WaiverForm {
    on: String,
    year: String,
    decided_on: String,
    note: String,
}

impl WaiverForm {
    fn parse(&self) -> Result<Waiver, Vec<Invalid>> {
        let (year, decided_on, note) = (
            number_in("year", &self.year, 2000, 2100),
            parse_date("decided_on", &self.decided_on),
            required_text("note", &self.note, 1000),
        )
            .all_ok()?;
        Ok(Waiver {
            year: year as i32,
            decided_on,
            note,
        })
    }
}

/// The board's decision not to restore a year's deficit (003 §8).
async fn add_waiver(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<WaiverForm>,
) -> Result<Response> {
    let w = match f.parse() {
        Ok(w) => w,
        Err(problems) => return refused(&state, tr, &ctx, &f.on, &problems).await,
    };
    state.store.add_waiver(ctx.org.id, &ctx.actor(), &w).await?;
    Ok(back(&ctx, &f.on))
}
