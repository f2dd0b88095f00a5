//! Members' contributions per year: the total split 50/25/25 by the year's key, the
//! instalments each member is invoiced with due and paid dates, and what is outstanding.
//! The director sets them; the board and the auditor read.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::{opts, today, Opt};
use crate::forms::{year_or, FormErrors, YearQuery};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Economy;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewEconomy};
use samordna_domain::dates::parse_date;
use samordna_domain::economy::budget::budget_for;
use samordna_domain::economy::contributions::{
    check_key, from_budget, parse_kronor, parse_year, Instalment, MemberDue, YearKey,
};
use samordna_domain::money::Ore;
use samordna_domain::orgs::members::Member;
use samordna_domain::AllOk;
use samordna_domain::{Invalid, Reason};
use samordna_reports::Table;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/contributions", ViewEconomy, show).menu(Economy, "nav-contributions"),
        post("/o/{org}/contributions", ManageOrg, set_year),
        post(
            "/o/{org}/contributions/from-budget",
            ManageOrg,
            from_budget_year,
        ),
        post(
            "/o/{org}/contributions/instalments",
            ManageOrg,
            add_instalment,
        ),
        post(
            "/o/{org}/contributions/instalments/{id}/paid",
            ManageOrg,
            paid,
        ),
    ]
}

/// This year unless another is asked for.
fn year_of(text: &str) -> i32 {
    year_or(text, today().year())
}

pub struct InstalmentRow {
    pub i: Instalment,
    pub member: String,
}

#[derive(Template)]
#[template(path = "economy/contributions.html")]
struct ContributionsPage {
    l: Layout,
    base: String,
    year: i32,
    total: Option<Ore>,
    rows: Vec<MemberDue>,
    sums: [Ore; 5],
    instalments: Vec<InstalmentRow>,
    member_opts: Vec<Opt>,
    manage: bool,
    errors: FormErrors,
}

async fn year_dues(
    state: &AppState,
    ctx: &OrgCtx,
    year: i32,
) -> Result<(Option<Ore>, Vec<MemberDue>, Vec<Instalment>)> {
    Ok(samordna_app::economy::year_dues(&*state.store, ctx.org.id, year, today()).await?)
}

fn table(tr: &Tr, rows: &[MemberDue]) -> Table {
    let mut t = Table::new(
        [
            "contrib-member",
            "contrib-key",
            "contrib-share",
            "contrib-invoiced",
            "contrib-paid",
            "contrib-outstanding",
            "contrib-overdue",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for r in rows {
        let kr = |o: Ore| o.round_to_kronor().to_string();
        t.push(vec![
            r.name.clone(),
            r.weight.to_string(),
            kr(r.share),
            kr(r.invoiced),
            kr(r.paid),
            kr(r.outstanding),
            kr(r.overdue),
        ]);
    }
    t
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    year: i32,
    errors: FormErrors,
) -> Result<Response> {
    let (total, rows, instalments) = year_dues(state, ctx, year).await?;
    let sum = |f: fn(&MemberDue) -> Ore| Ore(rows.iter().map(|r| f(r).0).sum());
    let sums = [
        sum(|r| r.share),
        sum(|r| r.invoiced),
        sum(|r| r.paid),
        sum(|r| r.outstanding),
        sum(|r| r.overdue),
    ];
    let name_of = |id: i64| {
        rows.iter()
            .find(|r| r.member_id == id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let status = errors.status();
    let page = ContributionsPage {
        base: format!("/o/{}", ctx.org.slug),
        year,
        total,
        instalments: instalments
            .into_iter()
            .map(|i| InstalmentRow {
                member: name_of(i.member_id),
                i,
            })
            .collect(),
        member_opts: opts(
            rows.iter()
                .map(|r| (r.member_id.to_string(), r.name.clone())),
            "",
        ),
        sums,
        rows,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        l: Layout::org(tr, ctx, "/contributions", tr.t("nav-contributions")),
    };
    Ok((status, render(page)?).into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let year = year_of(&q.year);
    if q.format.is_empty() {
        return page(&state, tr, &ctx, year, FormErrors::default()).await;
    }
    let (_, rows, _) = year_dues(&state, &ctx, year).await?;
    let t = table(&tr, &rows);
    download(
        &q.format,
        &format!("medlemsavgifter-{}-{year}", ctx.org.slug),
        &[(&tr.t("nav-contributions"), &t)],
    )
}

fn back(ctx: &OrgCtx, year: i32) -> Response {
    Redirect::to(&format!("/o/{}/contributions?year={year}", ctx.org.slug)).into_response()
}

/// The key as it applies to every member: a member it leaves out weighs `otherwise`.
fn applied(members: &[Member], key: &[(i64, u64)], otherwise: u64) -> Vec<(Member, u64)> {
    members
        .iter()
        .map(|m| {
            let w = key
                .iter()
                .find(|(id, _)| *id == m.id)
                .map_or(otherwise, |k| k.1);
            (m.clone(), w)
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct YearForm {
    year: String,
}

/// The year's total and key taken from the budget for the year (a decided one first): the
/// members' income lines, as the board decided them.
async fn from_budget_year(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<YearForm>,
) -> Result<Response> {
    let year = year_of(&f.year);
    let versions = state.store.budgets(ctx.org.id).await?;
    let members = state.store.list_members(ctx.org.id).await?;
    let taken = budget_for(&versions, year)
        .ok_or_else(|| Invalid::new("year", year.to_string(), Reason::UnknownValue))
        .and_then(|v| from_budget(&v.budget.budget, year, &members))
        .and_then(|(total, key)| {
            check_key(&applied(&members, &key, 0))?;
            Ok((total, key))
        });
    save_year(&state, tr, &ctx, year, taken.map_err(|e| vec![e])).await
}

/// Stores a checked total and key and goes back to the year; or the page with the problems.
async fn save_year(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    year: i32,
    checked: std::result::Result<YearKey, Vec<Invalid>>,
) -> Result<Response> {
    match checked {
        Ok((total, key)) => {
            state
                .store
                .set_contribution_year(ctx.org.id, &ctx.actor(), year, total, &key)
                .await?;
            Ok(back(ctx, year))
        }
        Err(errors) => page(state, tr, ctx, year, FormErrors::new(tr, &errors)).await,
    }
}

/// The year's total and key: `total`, and `w{member id}` per member.
async fn set_year(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let year = year_of(f.get("year").map_or("", String::as_str));
    let weights: Vec<(i64, &str)> = f
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix('w')?.parse().ok()?, v.as_str())))
        .collect();
    let parsed = parse_year(f.get("total").map_or("", String::as_str), &weights);
    // The key as it will apply: members not in the form keep weight 1.
    let members = state.store.list_members(ctx.org.id).await?;
    let checked = parsed.and_then(|(total, key)| {
        check_key(&applied(&members, &key, 1)).map_err(|e| vec![e])?;
        Ok((total, key))
    });
    save_year(&state, tr, &ctx, year, checked).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InstalmentForm {
    year: String,
    member: String,
    amount: String,
    due: String,
}

async fn add_instalment(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<InstalmentForm>,
) -> Result<Response> {
    let year = year_of(&f.year);
    let member = f.member.trim().parse::<i64>().map_err(|_| {
        samordna_domain::Invalid::new("member", &f.member, samordna_domain::Reason::UnknownValue)
    });
    let parsed = (
        parse_kronor("amount", &f.amount, 1),
        parse_date("due", &f.due),
        member,
    )
        .all_ok();
    let (amount, due, member) = match parsed {
        Ok(v) => v,
        Err(errors) => return page(&state, tr, &ctx, year, FormErrors::new(tr, &errors)).await,
    };
    state
        .store
        .add_instalment(ctx.org.id, &ctx.actor(), year, member, amount, due)
        .await?;
    Ok(back(&ctx, year))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PaidForm {
    year: String,
    on: String,
}

async fn paid(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<PaidForm>,
) -> Result<Response> {
    let year = year_of(&f.year);
    match parse_date("paid_on", &f.on) {
        Ok(on) => {
            state
                .store
                .mark_paid(ctx.org.id, &ctx.actor(), id, on)
                .await
                .map_err(Error::from)?;
            Ok(back(&ctx, year))
        }
        Err(e) => page(&state, tr, &ctx, year, FormErrors::new(tr, &[e])).await,
    }
}
