//! The follow-up of the economy on a date, as the half-year and annual reports print it:
//! the income statement against last year, the budget and the forecast; the balance sheet;
//! the balance requirement with the accumulated result and the board's decisions; and
//! whether the money covers every decided payout. The director enters the forecasts, the
//! balance sheet lines, the equity of the annual accounts and the board's decisions.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::files::download;
use crate::forms::FormErrors;
use crate::forms::{asked, today};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Economy;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::economy::follow_up::{
    follow_up, kr, liquidity_table, requirement_table, sheet_table, statement_table,
};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewEconomy};
use samordna_domain::dates::parse_date;
use samordna_domain::economy::budget::{parse_amount, Side};
use samordna_domain::economy::follow_up::{BalanceEntry, Forecast, Waiver};
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
        get("/o/{org}/follow-up", ViewEconomy, show).menu(Economy, "nav-follow-up"),
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
    /// Which budget the statement compares with, in words.
    budget_name: String,
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
    /// The board's decisions not to restore a deficit.
    decided: Vec<crate::governance::Decided>,
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    on: Date,
    errors: FormErrors,
) -> Result<Response> {
    let f = follow_up(&*state.store, ctx.org.id, on).await?;
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
    let decided = crate::governance::decided(state, tr, ctx, |l| {
        l.kind == crate::governance::LinkKind::Deficit
    })
    .await?;
    let page = FollowUpPage {
        decided,
        base: format!("/o/{}", ctx.org.slug),
        on: on.to_string(),
        year: s.year,
        budget_name: super::budget_named(tr, &f.budget_name),
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
    let (on, problems) = asked(&q.on, today(), |t| parse_date("on", t));
    if q.format.is_empty() {
        return page(&state, tr, &ctx, on, FormErrors::new(tr, &problems)).await;
    }
    if !problems.is_empty() {
        return Err(crate::error::Error::Invalid(problems));
    }
    let f = follow_up(&*state.store, ctx.org.id, on).await?;
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
