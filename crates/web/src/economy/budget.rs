//! The three-year budget in its versions: proposal, decided (with the board's date) and
//! revised. The director uploads the plan's table (CSV or XLSX, or the file this page
//! downloads, changed); the board and the auditor read it with the cost categories' shares.

use crate::auth::OrgCtx;
use crate::csrf::CsrfUpload;
use crate::error::Result;
use crate::files::download;
use crate::forms::{FormErrors, Opt};
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
use samordna_domain::economy::budget::{
    budget_for, BudgetVersion, CostCategory, NewBudget, Version,
};
use samordna_domain::format::percent_bp;
use samordna_reports::Table;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/budget", ViewEconomy, show).menu(Economy, "nav-budget"),
        post("/o/{org}/budget", ManageOrg, upload),
    ]
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BudgetQuery {
    id: String,
    format: String,
}

/// A version as listed: its years, version, decision and sums of its first year.
pub struct Listed {
    pub id: i64,
    pub years: String,
    pub version: String,
    pub decided_on: String,
    pub income: String,
    pub costs: String,
    pub result: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "economy/budget.html")]
struct BudgetPage {
    l: Layout,
    versions: Vec<Listed>,
    shown: Option<Listed>,
    note: String,
    rows: Table,
    summary: Table,
    version_opts: Vec<Opt>,
    manage: bool,
    errors: FormErrors,
    /// The board's decisions on the shown budget (by its first year).
    decided: Vec<crate::governance::Decided>,
}

fn listed(tr: Tr, v: &BudgetVersion, current: bool) -> Listed {
    let b = &v.budget.budget;
    let y = b.first_year;
    Listed {
        id: v.id,
        years: v.span(),
        version: tr.t(&format!("budget-version-{}", v.budget.version.as_str())),
        decided_on: v
            .budget
            .decided_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        income: b.income(y).to_string(),
        costs: b.costs(y).to_string(),
        result: b.result(y).to_string(),
        current,
    }
}

/// The budget's rows with an amount per year, as the plan prints them.
fn rows_table(tr: Tr, v: &BudgetVersion) -> Table {
    let b = &v.budget.budget;
    let mut t = Table::new(
        [tr.t("budget-row"), tr.t("budget-category")]
            .into_iter()
            .chain(b.years().map(|y| y.to_string()))
            .collect(),
    );
    for r in &b.rows {
        let category = match r.category {
            Some(c) => tr.t(&format!("budget-category-{}", c.as_str())),
            None => tr.t("budget-income"),
        };
        t.push(
            [r.name.clone(), category]
                .into_iter()
                .chain(r.amounts.iter().map(|a| a.round_to_kronor().to_string()))
                .collect(),
        );
    }
    t
}

/// Income, costs, result, the accumulated result and each category's share, per year.
fn summary_table(tr: Tr, v: &BudgetVersion) -> Table {
    let b = &v.budget.budget;
    let mut t = Table::new(
        std::iter::once(String::new())
            .chain(b.years().map(|y| y.to_string()))
            .collect(),
    );
    let kr = |o: samordna_domain::money::Ore| o.round_to_kronor().to_string();
    let line = |label: String, f: &dyn Fn(i32) -> String| {
        std::iter::once(label)
            .chain(b.years().map(f))
            .collect::<Vec<_>>()
    };
    t.push(line(tr.t("follow-income-sum"), &|y| kr(b.income(y))));
    t.push(line(tr.t("follow-cost-sum"), &|y| kr(b.costs(y))));
    t.push(line(tr.t("follow-result"), &|y| kr(b.result(y))));
    for (i, c) in CostCategory::ALL.into_iter().enumerate() {
        let label = tr.t1(
            "budget-share-of",
            "category",
            &tr.t(&format!("budget-category-{}", c.as_str())),
        );
        t.push(line(label, &|y| percent_bp(b.category_shares(y)[i].2)));
    }
    t
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: Option<i64>,
    errors: FormErrors,
) -> Result<Response> {
    let versions = state.store.budgets(ctx.org.id).await?;
    let year = crate::forms::today().year();
    let shown = match id {
        Some(id) => versions.iter().find(|v| v.id == id),
        None => budget_for(&versions, year).or(versions.last()),
    };
    let first = shown.map(|v| v.budget.budget.first_year.to_string());
    let decided = crate::governance::decided(state, tr, ctx, |l| {
        l.kind == crate::governance::LinkKind::Budget && Some(&l.key) == first.as_ref()
    })
    .await?;
    let status = errors.status();
    let page = BudgetPage {
        decided,
        versions: versions
            .iter()
            .rev()
            .map(|v| listed(tr, v, shown.is_some_and(|s| s.id == v.id)))
            .collect(),
        shown: shown.map(|v| listed(tr, v, true)),
        note: shown.map(|v| v.budget.note.clone()).unwrap_or_default(),
        rows: shown.map_or(Table::new(vec![]), |v| rows_table(tr, v)),
        summary: shown.map_or(Table::new(vec![]), |v| summary_table(tr, v)),
        version_opts: crate::forms::opts(
            Version::ALL.map(|v| (v.as_str(), tr.t(&format!("budget-version-{}", v.as_str())))),
            "proposal",
        ),
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        l: Layout::org(tr, ctx, "/budget", tr.t("nav-budget")),
    };
    Ok((status, render(page)?).into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<BudgetQuery>,
) -> Result<Response> {
    let id = q.id.trim().parse().ok();
    if q.format.is_empty() {
        return page(&state, tr, &ctx, id, FormErrors::default()).await;
    }
    let versions = state.store.budgets(ctx.org.id).await?;
    let v = versions
        .iter()
        .find(|v| Some(v.id) == id)
        .ok_or(crate::error::Error::NotFound)?;
    // The first sheet is the file an upload reads, so a revision starts from this one.
    let mut file = Table::new(vec![]);
    let mut cells = v.budget.budget.cells().into_iter();
    file.headers = cells.next().unwrap_or_default();
    cells.for_each(|r| file.push(r));
    download(
        &q.format,
        &format!("budget-{}-{}", ctx.org.slug, v.span().replace('–', "-")),
        &[
            (&tr.t("nav-budget"), &file),
            (&tr.t("budget-summary"), &summary_table(tr, v)),
        ],
    )
}

async fn upload(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    upload: CsrfUpload,
) -> Result<Response> {
    let parsed = read_cells(&upload.file).await.and_then(|cells| {
        NewBudget::parse(
            upload.field("version"),
            upload.field("decided_on"),
            upload.field("note"),
            &cells,
        )
    });
    match parsed {
        Ok(new) => {
            let id = state
                .store
                .add_budget(ctx.org.id, &ctx.actor(), &new)
                .await?;
            Ok(Redirect::to(&format!("/o/{}/budget?id={id}", ctx.org.slug)).into_response())
        }
        Err(problems) => page(&state, tr, &ctx, None, FormErrors::new(tr, &problems)).await,
    }
}
