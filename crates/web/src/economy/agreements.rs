//! The agreements (uppdragsavtal) behind the payouts: per intervention and municipality a
//! standard amount per full-time position and year, dated shares of positions, and the
//! months with a vacancy or a reduced rate the board granted. The director keeps them; the
//! board and the auditor read.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::forms::FormErrors;
use crate::forms::{opts, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Economy;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewEconomy};
use samordna_domain::dates::parse_date;
use samordna_domain::economy::payouts::{
    parse_agreement, parse_positions, parse_reductions, AgreementLine, DatedShare, Reduction,
};
use samordna_domain::orgs::members::MemberKind;
use samordna_domain::AllOk;
use samordna_domain::Invalid;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/agreements", ViewEconomy, show).menu(Economy, "nav-agreements"),
        post("/o/{org}/agreements", ManageOrg, create),
        post("/o/{org}/agreements/shares", ManageOrg, add_share),
        post("/o/{org}/agreements/reductions", ManageOrg, add_reductions),
    ]
}

/// An agreement as listed: its shares and its reduced months in words of the reports.
pub struct Listed {
    pub line: AgreementLine,
    pub shares: String,
    pub reductions: String,
}

/// Consecutive months at the same granted share, as `2023-01–2023-04: 0,40`.
fn months_text(reductions: &[Reduction]) -> String {
    let mut sorted = reductions.to_vec();
    sorted.sort_by_key(|r| (r.year, r.month as u8));
    let index = |r: &Reduction| r.year * 12 + r.month as i32;
    let mut runs: Vec<(Reduction, Reduction)> = vec![];
    for r in sorted {
        match runs.last_mut() {
            Some((_, last)) if index(last) + 1 == index(&r) && last.granted == r.granted => {
                *last = r
            }
            _ => runs.push((r, r)),
        }
    }
    let month = |r: &Reduction| format!("{}-{:02}", r.year, r.month as u8);
    runs.iter()
        .map(|(a, b)| {
            let span = if a == b {
                month(a)
            } else {
                format!("{}–{}", month(a), month(b))
            };
            format!("{span}: {}", b.granted.as_positions())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Template)]
#[template(path = "economy/agreements.html")]
struct AgreementsPage {
    l: Layout,
    base: String,
    agreements: Vec<Listed>,
    agreement_opts: Vec<Opt>,
    intervention_opts: Vec<Opt>,
    municipality_opts: Vec<Opt>,
    manage: bool,
    errors: FormErrors,
}

async fn page(state: &AppState, tr: Tr, ctx: &OrgCtx, errors: FormErrors) -> Result<Response> {
    let org = ctx.org.id;
    let lines = state.store.list_agreements(org).await?;
    let agreement_opts = opts(
        lines.iter().map(|l| {
            (
                l.id.to_string(),
                format!("{}, {}", l.intervention, l.municipality),
            )
        }),
        "",
    );
    let intervention_opts = opts(
        state
            .store
            .list_interventions(org)
            .await?
            .into_iter()
            .map(|i| (i.id.to_string(), i.fields.name)),
        "",
    );
    let municipality_opts = opts(
        state
            .store
            .list_members(org)
            .await?
            .into_iter()
            .filter(|m| m.kind == MemberKind::Municipality)
            .map(|m| (m.id.to_string(), m.name)),
        "",
    );
    let agreements = lines
        .into_iter()
        .map(|line| Listed {
            shares: line
                .agreement
                .shares
                .iter()
                .map(|s| {
                    let (fte, from) = (s.fte.as_positions(), s.from.to_string());
                    tr.tn("agreement-share-from", &[("fte", &fte), ("from", &from)])
                })
                .collect::<Vec<_>>()
                .join("; "),
            reductions: months_text(&line.agreement.reductions),
            line,
        })
        .collect();
    let status = errors.status();
    let page = AgreementsPage {
        base: format!("/o/{}", ctx.org.slug),
        agreements,
        agreement_opts,
        intervention_opts,
        municipality_opts,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        l: Layout::org(tr, ctx, "/agreements", tr.t("agreements")),
    };
    Ok((status, render(page)?).into_response())
}

async fn show(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    page(&state, tr, &ctx, FormErrors::default()).await
}

fn back(ctx: &OrgCtx) -> Response {
    Redirect::to(&format!("/o/{}/agreements", ctx.org.slug)).into_response()
}

fn id_of(field: &'static str, value: &str) -> std::result::Result<i64, Invalid> {
    value
        .trim()
        .parse()
        .map_err(|_| Invalid::new(field, value, samordna_domain::Reason::UnknownValue))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AgreementForm {
    intervention: String,
    municipality: String,
    standard: String,
    fte: String,
    valid_from: String,
    agreement: String,
    from: String,
    to: String,
    granted: String,
}

async fn create(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<AgreementForm>,
) -> Result<Response> {
    let parsed = (
        id_of("intervention", &f.intervention),
        id_of("municipality", &f.municipality),
        parse_agreement(&f.standard, &f.fte, &f.valid_from),
    )
        .all_ok();
    let (intervention, municipality, terms) = match parsed {
        Ok(v) => v,
        Err(problems) => return page(&state, tr, &ctx, FormErrors::new(tr, &problems)).await,
    };
    state
        .store
        .create_agreement(ctx.org.id, &ctx.actor(), intervention, municipality, &terms)
        .await?;
    Ok(back(&ctx))
}

/// A new share of positions from a date (Tranås +0,25 from 2024).
async fn add_share(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<AgreementForm>,
) -> Result<Response> {
    let parsed = (
        id_of("agreement", &f.agreement),
        parse_positions("fte", &f.fte),
        parse_date("valid_from", &f.valid_from),
    )
        .all_ok();
    let (agreement, fte, from) = match parsed {
        Ok(v) => v,
        Err(problems) => return page(&state, tr, &ctx, FormErrors::new(tr, &problems)).await,
    };
    let share = DatedShare { from, fte };
    state
        .store
        .set_share(ctx.org.id, &ctx.actor(), agreement, &share)
        .await?;
    Ok(back(&ctx))
}

/// A vacancy (granted 0) or a granted reduced rate for some months, all or none.
async fn add_reductions(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<AgreementForm>,
) -> Result<Response> {
    let parsed = (
        id_of("agreement", &f.agreement),
        parse_reductions(&f.from, &f.to, &f.granted),
    )
        .all_ok();
    let (agreement, months) = match parsed {
        Ok(v) => v,
        Err(problems) => return page(&state, tr, &ctx, FormErrors::new(tr, &problems)).await,
    };
    state
        .store
        .set_reductions(ctx.org.id, &ctx.actor(), agreement, &months)
        .await?;
    Ok(back(&ctx))
}
