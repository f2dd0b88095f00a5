//! The ledger (utfall): the region's accounting imported as CSV or XLSX, all or nothing, with
//! each account put on a line of the income statement by a mapping saved once; amounts typed
//! in by hand; and the year's actuals per line and month.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, CsrfUpload};
use crate::error::Result;
use crate::files::download;
use crate::forms::{opts, today, Opt};
use crate::forms::{year_or, FormErrors, YearQuery};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Economy;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::files::read_cells;
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewEconomy};
use samordna_domain::economy::budget::parse_amount;
use samordna_domain::economy::ledger::{
    parse_ledger, parse_period, similar_lines, Entry, Line, Mapping, Source,
};
use samordna_domain::invalid::required_text;
use samordna_domain::orgs::OrgId;
use samordna_domain::AllOk;
use samordna_domain::{Invalid, Reason};
use samordna_reports::Table;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/ledger", ViewEconomy, show).menu(Economy, "nav-ledger"),
        get("/o/{org}/ledger/import", ManageOrg, import_form),
        post("/o/{org}/ledger/import", ManageOrg, import),
        post("/o/{org}/ledger/mappings", ManageOrg, add_mapping),
        post("/o/{org}/ledger/merge", ManageOrg, merge),
        post("/o/{org}/ledger/entries", ManageOrg, add_entry),
    ]
}

/// `income:Aneby kommun`: a line as a select's value.
fn line_value(l: &Line) -> String {
    format!("{}:{}", l.side.as_str(), l.name)
}

#[derive(Template)]
#[template(path = "economy/ledger.html")]
struct LedgerPage {
    l: Layout,
    base: String,
    year: i32,
    months: Table,
    mappings: Vec<Mapping>,
    line_opts: Vec<Opt>,
    /// Lines that look like one line written two ways: (merge this, into this).
    similar: Vec<(Line, Line)>,
    manage: bool,
    errors: FormErrors,
    message: Option<String>,
}

impl LedgerPage {
    fn value(&self, l: &Line) -> String {
        line_value(l)
    }
}

/// The year's actuals, a line per row and a month per column.
async fn months_table(
    state: &AppState,
    tr: Tr,
    org: OrgId,
    year: i32,
    lines: &[Line],
) -> Result<Table> {
    let entries = state.store.ledger_entries(org, year, year).await?;
    let mut t = Table::new(
        std::iter::once(tr.t("budget-row"))
            .chain((1..=12).map(|m| tr.t(&format!("month-{m}"))))
            .chain([tr.t("total")])
            .collect(),
    );
    for line in lines {
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.line == *line).collect();
        if mine.is_empty() {
            continue;
        }
        let month = |m: u8| {
            mine.iter()
                .filter(|e| e.month == m)
                .map(|e| e.amount.0)
                .sum::<i64>()
        };
        let kr = |o: i64| samordna_domain::money::Ore(o).round_to_kronor().to_string();
        t.push(
            std::iter::once(line.name.clone())
                .chain((1..=12).map(|m| kr(month(m))))
                .chain([kr((1..=12).map(month).sum())])
                .collect(),
        );
    }
    Ok(t)
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    year: i32,
    errors: FormErrors,
    message: Option<String>,
) -> Result<Response> {
    let org = ctx.org.id;
    let status = errors.status();
    let lines = state.store.known_lines(org).await?;
    let budget: Vec<Line> = state
        .store
        .budgets(org)
        .await?
        .iter()
        .flat_map(|v| v.budget.budget.rows.iter())
        .map(|r| Line {
            name: r.name.clone(),
            side: r.side,
        })
        .collect();
    let page = LedgerPage {
        similar: similar_lines(&lines, &budget),
        base: format!("/o/{}", ctx.org.slug),
        year,
        months: months_table(state, tr, org, year, &lines).await?,
        mappings: state.store.ledger_mappings(org).await?,
        line_opts: opts(lines.iter().map(|l| (line_value(l), l.name.clone())), ""),
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        message,
        l: Layout::org(tr, ctx, "/ledger", tr.t("nav-ledger")),
    };
    Ok((status, render(page)?).into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let year = year_or(&q.year, today().year());
    if q.format.is_empty() {
        return page(&state, tr, &ctx, year, FormErrors::default(), None).await;
    }
    let lines = state.store.known_lines(ctx.org.id).await?;
    let t = months_table(&state, tr, ctx.org.id, year, &lines).await?;
    download(
        &q.format,
        &format!("utfall-{}-{year}", ctx.org.slug),
        &[(&tr.t("nav-ledger"), &t)],
    )
}

/// The import form is on the ledger's page.
async fn import_form(ctx: OrgCtx) -> Result<Response> {
    Ok(Redirect::to(&format!("/o/{}/ledger#import", ctx.org.slug)).into_response())
}

/// The ledger file: every row on a known line, or nothing stored and every problem named.
async fn import(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    upload: CsrfUpload,
) -> Result<Response> {
    let org = ctx.org.id;
    let year = year_or(upload.field("year"), today().year());
    let mappings = state.store.ledger_mappings(org).await?;
    let lines = state.store.known_lines(org).await?;
    let credit_negative = !upload.field("credit_negative").is_empty();
    let parsed = read_cells(&upload.file)
        .await
        .and_then(|cells| parse_ledger(&cells, &mappings, &lines, credit_negative));
    match parsed {
        Ok(entries) => {
            let n = state
                .store
                .import_ledger(org, &ctx.actor(), &entries)
                .await?;
            let year = entries.first().map_or(year, |e| e.year);
            let message = tr.t1("ledger-imported", "count", &n.to_string());
            page(&state, tr, &ctx, year, FormErrors::default(), Some(message)).await
        }
        Err(problems) => page(&state, tr, &ctx, year, FormErrors::new(tr, &problems), None).await,
    }
}

fn back(ctx: &OrgCtx, year: i32) -> Response {
    Redirect::to(&format!("/o/{}/ledger?year={year}", ctx.org.slug)).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MappingForm {
    year: String,
    account: String,
    line: String,
    side: String,
}

async fn add_mapping(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<MappingForm>,
) -> Result<Response> {
    let year = year_or(&f.year, today().year());
    match Mapping::parse(&f.account, &f.line, &f.side) {
        Ok(m) => {
            state
                .store
                .set_mapping(ctx.org.id, &ctx.actor(), &m)
                .await?;
            Ok(back(&ctx, year))
        }
        Err(problems) => page(&state, tr, &ctx, year, FormErrors::new(tr, &problems), None).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EntryForm {
    line: String,
    period: String,
    amount: String,
    text: String,
}

impl EntryForm {
    /// An entry on one of the förbund's `lines`.
    fn parse(&self, lines: &[Line]) -> Result<Entry, Vec<Invalid>> {
        let line = lines
            .iter()
            .find(|l| line_value(l) == self.line)
            .cloned()
            .ok_or_else(|| Invalid::new("line", &self.line, Reason::UnknownValue));
        let (line, (year, month), amount, text) = (
            line,
            parse_period("period", &self.period),
            parse_amount("amount", &self.amount),
            required_text("text", &self.text, 200),
        )
            .all_ok()?;
        Ok(Entry {
            line,
            year,
            month,
            amount,
            source: Source::Manual,
            text,
        })
    }
}

/// An amount typed in by hand, on a known line.
async fn add_entry(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<EntryForm>,
) -> Result<Response> {
    let lines = state.store.known_lines(ctx.org.id).await?;
    let entry = match f.parse(&lines) {
        Ok(entry) => entry,
        Err(problems) => {
            let year = parse_period("period", &f.period).map_or(today().year(), |(y, _)| y);
            return page(&state, tr, &ctx, year, FormErrors::new(tr, &problems), None).await;
        }
    };
    let entry_year = entry.year;
    state
        .store
        .add_entry(ctx.org.id, &ctx.actor(), &entry)
        .await?;
    Ok(back(&ctx, entry_year))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MergeForm {
    from: String,
    into: String,
    year: String,
}

/// Makes one line of two that are the same line written two ways.
async fn merge(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<MergeForm>,
) -> Result<Response> {
    let year = year_or(&f.year, today().year());
    let lines = state.store.known_lines(ctx.org.id).await?;
    let find = |field: &'static str, v: &str| {
        lines
            .iter()
            .find(|l| line_value(l) == v)
            .cloned()
            .ok_or_else(|| Invalid::new(field, v, Reason::UnknownValue))
    };
    let (from, into) = match (find("from_line", &f.from), find("into_line", &f.into)).all_ok() {
        Ok(pair) => pair,
        Err(problems) => {
            return page(&state, tr, &ctx, year, FormErrors::new(tr, &problems), None).await
        }
    };
    if from.side != into.side || from.name == into.name {
        let wrong = Invalid::new("into_line", &into.name, Reason::WrongState);
        return page(&state, tr, &ctx, year, FormErrors::new(tr, &[wrong]), None).await;
    }
    let moved = state
        .store
        .merge_line(ctx.org.id, &ctx.actor(), &from, &into)
        .await?;
    let said = tr.tn(
        "ledger-merged",
        &[
            ("from", &from.name),
            ("into", &into.name),
            ("count", &moved.to_string()),
        ],
    );
    page(&state, tr, &ctx, year, FormErrors::default(), Some(said)).await
}
