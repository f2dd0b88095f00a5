//! Payouts under agreements, per half-year, as the reports' payout tables. A payout waits for
//! the municipality's certificate (intyg) and the reports; then the director approves it and
//! the approved amount is kept. The board and the auditor read.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::FormErrors;
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Economy;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewEconomy};
use samordna_domain::dates::parse_date;
use samordna_domain::economy::payouts::{parse_period, Approval, PayoutLine};
use samordna_domain::invalid::{optional, Errors};
use samordna_domain::money::Ore;
use samordna_domain::{Invalid, Reason};
use samordna_reports::Table;
use serde::Deserialize;

/// `?year=2023&half=1`, as typed: parsed into a clear error naming the field.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PeriodQuery {
    pub year: String,
    pub half: String,
}

impl PeriodQuery {
    pub fn parse(&self) -> Result<(i32, u8)> {
        parse_period(&self.year, &self.half).map_err(crate::error::Error::Invalid)
    }
}

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/payouts", ViewEconomy, show).menu(Economy, "nav-payouts"),
        post("/o/{org}/payouts/papers", ManageOrg, papers),
        post("/o/{org}/payouts/approve", ManageOrg, approve),
        post("/o/{org}/payouts/approve-all", ManageOrg, approve_all),
    ]
}

pub struct Row {
    pub agreement_id: i64,
    pub municipality: String,
    pub fte: String,
    pub months_reduced: u8,
    pub amount: Ore,
    pub approval: Approval,
}

pub struct Group {
    pub intervention: String,
    pub rows: Vec<Row>,
}

impl Group {
    pub fn total(&self) -> Ore {
        Ore(self.rows.iter().map(|r| r.amount.0).sum())
    }
}

#[derive(Template)]
#[template(path = "economy/payouts.html")]
struct PayoutsPage {
    l: Layout,
    base: String,
    year: String,
    half: String,
    groups: Vec<Group>,
    manage: bool,
    /// Payouts whose papers are in and that wait only for the approval.
    ready: usize,
    errors: FormErrors,
    /// The board's decisions on payouts of this half-year (003 §6: Aneby's 40 %).
    decided: Vec<crate::governance::Decided>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PayoutsQuery {
    year: String,
    half: String,
    format: String,
}

/// This half-year unless another is asked for.
fn period_or_now(year: &str, half: &str) -> PeriodQuery {
    let today = crate::forms::today();
    let or = |v: &str, d: String| if v.is_empty() { d } else { v.to_string() };
    PeriodQuery {
        year: or(year, today.year().to_string()),
        half: or(
            half,
            if (today.month() as u8) <= 6 { "1" } else { "2" }.into(),
        ),
    }
}

async fn lines(
    state: &AppState,
    ctx: &OrgCtx,
    year: i32,
    half: u8,
) -> Result<Vec<(PayoutLine, Approval)>> {
    Ok(samordna_app::economy::lines(&*state.store, ctx.org.id, year, half).await?)
}

fn groups(lines: Vec<(PayoutLine, Approval)>) -> Vec<Group> {
    let mut groups: Vec<Group> = vec![];
    for (l, approval) in lines {
        if groups
            .last()
            .is_none_or(|g| g.intervention != l.intervention)
        {
            groups.push(Group {
                intervention: l.intervention.clone(),
                rows: vec![],
            });
        }
        let g = groups.last_mut().expect("pushed");
        g.rows.push(Row {
            agreement_id: l.agreement_id,
            municipality: l.municipality,
            fte: l.fte.as_positions(),
            months_reduced: l.months_reduced,
            amount: l.amount,
            approval,
        });
    }
    groups
}

fn file(tr: Tr, lines: &[(PayoutLine, Approval)]) -> Table {
    let mut t = Table::new(
        [
            "field-intervention",
            "field-municipality",
            "field-fte",
            "field-months_reduced",
            "field-amount",
            "payout-certificate",
            "payout-reports",
            "payout-approved",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    for (l, a) in lines {
        t.push(vec![
            l.intervention.clone(),
            l.municipality.clone(),
            l.fte.as_positions(),
            l.months_reduced.to_string(),
            l.amount.round_to_kronor().to_string(),
            date(a.certificate_on),
            date(a.reports_on),
            date(a.approved.map(|(d, _)| d)),
        ]);
    }
    t
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    q: PeriodQuery,
    mut errors: FormErrors,
) -> Result<Response> {
    let groups = match q.parse() {
        Ok((year, half)) => groups(lines(state, ctx, year, half).await?),
        Err(Error::Invalid(problems)) => {
            errors = FormErrors::new(tr, &problems);
            vec![]
        }
        Err(e) => return Err(e),
    };
    let status = errors.status();
    let ready = groups
        .iter()
        .flat_map(|g| &g.rows)
        .filter(|r| {
            let a = &r.approval;
            a.approved.is_none() && a.certificate_on.is_some() && a.reports_on.is_some()
        })
        .count();
    let period = format!("/{}/{}", q.year, q.half);
    let decided = crate::governance::decided(state, tr, ctx, |l| {
        l.kind == crate::governance::LinkKind::Payout && l.key.ends_with(&period)
    })
    .await?;
    let page = PayoutsPage {
        decided,
        ready,
        base: format!("/o/{}", ctx.org.slug),
        l: Layout::org(tr, ctx, "/payouts", tr.t("nav-payouts")),
        year: q.year,
        half: q.half,
        groups,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
    };
    Ok((status, render(page)?).into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<PayoutsQuery>,
) -> Result<Response> {
    let period = period_or_now(&q.year, &q.half);
    if q.format.is_empty() {
        return page(&state, tr, &ctx, period, FormErrors::default()).await;
    }
    let (year, half) = period.parse()?;
    let t = file(tr, &lines(&state, &ctx, year, half).await?);
    download(
        &q.format,
        &format!("utbetalningar-{}-{year}-h{half}", ctx.org.slug),
        &[(&tr.t("nav-payouts"), &t)],
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PaperForm {
    agreement: i64,
    year: String,
    half: String,
    certificate_on: String,
    reports_on: String,
    on: String,
}

impl PaperForm {
    /// The half-year of an approval and its day (today unless given).
    fn approval(&self) -> Result<(i32, u8, time::Date)> {
        let (year, half) = parse_period(&self.year, &self.half).map_err(Error::Invalid)?;
        let on = optional(&self.on, |d| parse_date("on", d))
            .map_err(|e| Error::Invalid(vec![e]))?
            .unwrap_or_else(crate::forms::today);
        Ok((year, half, on))
    }
}

fn back(ctx: &OrgCtx, year: i32, half: u8) -> Response {
    Redirect::to(&format!(
        "/o/{}/payouts?year={year}&half={half}",
        ctx.org.slug
    ))
    .into_response()
}

/// The dates the certificate and the reports came.
async fn papers(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<PaperForm>,
) -> Result<Response> {
    let mut e = Errors::default();
    let period = parse_period(&f.year, &f.half)
        .map_err(|p| e.0.extend(p))
        .ok();
    let certificate = e.take(optional(&f.certificate_on, |d| {
        parse_date("certificate_on", d)
    }));
    let reports = e.take(optional(&f.reports_on, |d| parse_date("reports_on", d)));
    match (period, certificate, reports) {
        (Some((year, half)), Some(c), Some(r)) => {
            state
                .store
                .set_payout_papers(ctx.org.id, &ctx.actor(), (f.agreement, year, half), c, r)
                .await?;
            Ok(back(&ctx, year, half))
        }
        _ => {
            let q = period_or_now(&f.year, &f.half);
            page(&state, tr, &ctx, q, FormErrors::new(tr, &e.0)).await
        }
    }
}

/// Approves the payout at its amount today; refused while a paper is missing.
async fn approve(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<PaperForm>,
) -> Result<Response> {
    let (year, half, on) = f.approval()?;
    let all = lines(&state, &ctx, year, half).await?;
    let (line, approval) = all
        .iter()
        .find(|(l, _)| l.agreement_id == f.agreement)
        .ok_or(Error::NotFound)?;
    match approval.approve(on, line.amount) {
        Ok(approved) => {
            state
                .store
                .approve_payout(
                    ctx.org.id,
                    &ctx.actor(),
                    (f.agreement, year, half),
                    &approved,
                )
                .await?;
            Ok(back(&ctx, year, half))
        }
        Err(problems) => {
            let q = period_or_now(&f.year, &f.half);
            page(&state, tr, &ctx, q, FormErrors::new(tr, &problems)).await
        }
    }
}

/// Approves together, at their amounts today, every payout of the half-year whose
/// certificate and reports are in: all or none.
async fn approve_all(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<PaperForm>,
) -> Result<Response> {
    let (year, half, on) = f.approval()?;
    let ready: Vec<(i64, Approval)> = lines(&state, &ctx, year, half)
        .await?
        .iter()
        .filter(|(_, a)| a.approved.is_none())
        .filter_map(|(l, a)| a.approve(on, l.amount).ok().map(|a| (l.agreement_id, a)))
        .collect();
    if ready.is_empty() {
        let none = Invalid::new("certificate_on", "", Reason::Required);
        let q = period_or_now(&f.year, &f.half);
        return page(&state, tr, &ctx, q, FormErrors::new(tr, &[none])).await;
    }
    state
        .store
        .approve_payouts(ctx.org.id, &ctx.actor(), (year, half), &ready)
        .await?;
    Ok(back(&ctx, year, half))
}
