//! The förbund's plans and registers: the goals of the verksamhetsplan (`goals`), the
//! deviations, the retention plan (`retention`), the direct procurements (`/procurements`), each purchase judged
//! by the rules in force on its day with what it lacks named, and the requests for public
//! documents (`/requests`), each with the day it must be handled by. The director keeps
//! them, the board and the auditor read, and each list downloads as a workbook.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::{opts, today, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::{Board, Economy, StatsAndReports};
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission::{
    self, ManageOrg, ReportCoordination, ViewEconomy, ViewOrg,
};
use samordna_domain::format::thousands;
use samordna_domain::plans::procurement::{judge, Flag, Procedure, Procurement, ProcurementForm};
use samordna_domain::plans::requests::{DecisionForm, DocumentRequest, Outcome, RequestForm};
use samordna_reports::Table;
use samordna_store::plans::{Kept, KeptRequest};

mod actions;
pub mod api;
mod coordinator;
mod descriptions;
mod deviations;
mod goals;
mod retention;

pub fn routes() -> Vec<Route> {
    vec![
        get(
            "/o/{org}/coordination",
            ReportCoordination,
            coordinator::list,
        )
        .menu(StatsAndReports, "nav-coordination"),
        get(
            "/o/{org}/coordination/compiled",
            ViewEconomy,
            coordinator::compiled_page,
        )
        .menu(StatsAndReports, "nav-coordination-compiled"),
        get(
            "/o/{org}/coordination/{id}/{year}/{half}",
            ReportCoordination,
            coordinator::show,
        ),
        post(
            "/o/{org}/coordination/{id}/{year}/{half}",
            ReportCoordination,
            coordinator::save,
        ),
        get("/o/{org}/action-plans", ViewEconomy, actions::show).menu(Board, "nav-action-plans"),
        post("/o/{org}/action-plans", ManageOrg, actions::add_plan),
        post(
            "/o/{org}/action-plans/{id}/activities",
            ManageOrg,
            actions::add_activity,
        ),
        post(
            "/o/{org}/action-plans/activities/{id}/status",
            ManageOrg,
            actions::set_status,
        ),
        get(
            "/o/{org}/interventions/{slug}/descriptions",
            ViewOrg,
            descriptions::show,
        ),
        post(
            "/o/{org}/interventions/{slug}/descriptions",
            ManageOrg,
            descriptions::add,
        ),
        get("/o/{org}/goals", ViewEconomy, goals::show).menu(Board, "nav-goals"),
        post("/o/{org}/goals", ManageOrg, goals::add),
        post("/o/{org}/goals/{id}/remove", ManageOrg, goals::remove),
        post("/o/{org}/goals/{id}/value", ManageOrg, goals::add_value),
        get("/o/{org}/deviations", ViewEconomy, deviations::show).menu(Board, "nav-deviations"),
        post("/o/{org}/deviations", ManageOrg, deviations::add),
        post(
            "/o/{org}/deviations/{id}/status",
            ManageOrg,
            deviations::set_status,
        ),
        get("/o/{org}/retention", ViewEconomy, retention::show).menu(Board, "nav-retention"),
        post("/o/{org}/retention", ManageOrg, retention::add),
        post("/o/{org}/retention/run", ManageOrg, retention::run),
        post(
            "/o/{org}/retention/{id}/remove",
            ManageOrg,
            retention::remove,
        ),
        get("/o/{org}/procurements", ViewEconomy, show).menu(Economy, "nav-procurements"),
        post("/o/{org}/procurements", ManageOrg, add),
        post("/o/{org}/procurements/{id}/remove", ManageOrg, remove),
        get("/o/{org}/requests", ViewEconomy, show_requests).menu(Board, "nav-requests"),
        post("/o/{org}/requests", ManageOrg, add_request),
        post("/o/{org}/requests/{id}/decide", ManageOrg, decide_request),
    ]
}

/// A purchase as the register shows it.
pub struct Row {
    pub id: i64,
    pub day: String,
    pub what: String,
    pub amount: String,
    pub asked: u32,
    pub advertised: String,
    pub documented: String,
    /// "2 tillfrågade, inte annonserad, dokumenterad": the three in one cell of the page.
    pub how: String,
    /// What it lacks by its rules, or that it followed them.
    pub verdict: String,
    pub flagged: bool,
    pub rules: String,
}

fn yes_no(tr: Tr, b: bool) -> String {
    tr.t(if b {
        "procurement-yes"
    } else {
        "procurement-no"
    })
}

fn row(tr: Tr, k: &Kept) -> Row {
    let p = &k.procurement;
    let j = judge(p);
    let flags: Vec<String> = j
        .flags
        .iter()
        .map(|f| match f {
            Flag::TooFewAsked { needed } => {
                tr.t1("procurement-too-few-asked", "needed", &needed.to_string())
            }
            Flag::NotAdvertised => tr.t("procurement-not-advertised"),
            Flag::NotDocumented => tr.t("procurement-not-documented"),
            Flag::NeedsProcedure(Procedure::Open) => tr.t("procurement-needs-open"),
            Flag::NeedsProcedure(_) => tr.t("procurement-needs-simplified"),
        })
        .collect();
    Row {
        id: k.id,
        day: p.day.to_string(),
        what: p.what.clone(),
        amount: format!("{} kr", thousands(p.amount)),
        asked: p.asked,
        advertised: yes_no(tr, p.advertised),
        documented: yes_no(tr, p.documented),
        how: tr.tn(
            "procurement-how",
            &[
                ("asked", &p.asked.to_string()),
                ("advertised", if p.advertised { "yes" } else { "no" }),
                ("documented", if p.documented { "yes" } else { "no" }),
            ],
        ),
        flagged: !flags.is_empty(),
        verdict: if flags.is_empty() {
            tr.t("procurement-ok")
        } else {
            flags.join(" ")
        },
        rules: tr.tn(
            "procurement-rules-from",
            &[
                ("source", j.rules.source),
                ("from", &j.rules.from.to_string()),
            ],
        ),
    }
}

fn table(tr: Tr, kept: &[Kept]) -> Table {
    let mut t = Table::new(
        [
            "field-day",
            "field-what",
            "field-amount",
            "field-asked",
            "field-advertised",
            "field-documented",
            "procurement-verdict",
            "procurement-rules",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for k in kept {
        let r = row(tr, k);
        t.push(vec![
            r.day,
            r.what,
            k.procurement.amount.to_string(),
            r.asked.to_string(),
            r.advertised,
            r.documented,
            r.verdict,
            r.rules,
        ]);
    }
    t
}

#[derive(Template)]
#[template(path = "plans/procurements.html")]
struct ProcurementsPage {
    l: Layout,
    base: String,
    rows: Vec<Row>,
    manage: bool,
    f: ProcurementForm,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: ProcurementForm,
    errors: FormErrors,
) -> Result<Response> {
    let kept = state.store.procurements(ctx.org.id).await?;
    let status = errors.status();
    let page = ProcurementsPage {
        base: format!("/o/{}", ctx.org.slug),
        rows: kept.iter().map(|k| row(tr, k)).collect(),
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        f,
        errors,
        l: Layout::org(tr, ctx, "/procurements", tr.t("nav-procurements")),
    };
    Ok((status, render(page)?).into_response())
}

/// `?format=xlsx`: a register's page, or its workbook.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct FormatQuery {
    format: String,
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<FormatQuery>,
) -> Result<Response> {
    if q.format.is_empty() {
        return page(
            &state,
            tr,
            &ctx,
            ProcurementForm::default(),
            FormErrors::default(),
        )
        .await;
    }
    let kept = state.store.procurements(ctx.org.id).await?;
    download(
        &q.format,
        &format!("direktupphandlingar-{}", ctx.org.slug),
        &[(&tr.t("nav-procurements"), &table(tr, &kept))],
    )
}

async fn add(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<ProcurementForm>,
) -> Result<Response> {
    let added = match Procurement::parse(&f) {
        Ok(p) => state
            .store
            .add_procurement(ctx.org.id, &ctx.actor(), &p)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/procurements", ctx.org.slug)).into_response()),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            page(&state, tr, &ctx, f, errors).await
        }
        Err(e) => Err(e),
    }
}

async fn remove(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    state
        .store
        .remove_procurement(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/procurements", ctx.org.slug)).into_response())
}

/// A request as the register shows it.
pub struct RequestRow {
    pub id: i64,
    pub received: String,
    pub from: String,
    pub what: String,
    pub handle_by: String,
    /// "Lämnas ut 2024-04-02", or empty while open.
    pub decision: String,
    pub late: bool,
}

fn request_row(tr: Tr, k: &KeptRequest, day: time::Date) -> RequestRow {
    let r = &k.request;
    RequestRow {
        id: k.id,
        received: r.received.to_string(),
        from: if r.requester.is_empty() {
            tr.t("request-anonymous")
        } else {
            r.requester.clone()
        },
        what: r.what.clone(),
        handle_by: r.handle_by().to_string(),
        decision: r.decision.map_or(String::new(), |(o, on)| {
            format!("{} {on}", tr.t(&format!("request-outcome-{}", o.as_str())))
        }),
        late: r.late(day),
    }
}

#[derive(Template)]
#[template(path = "plans/requests.html")]
struct RequestsPage {
    l: Layout,
    base: String,
    rows: Vec<RequestRow>,
    late: usize,
    manage: bool,
    outcome_opts: Vec<Opt>,
    today: String,
    f: RequestForm,
    errors: FormErrors,
}

async fn requests_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: RequestForm,
    errors: FormErrors,
) -> Result<Response> {
    let day = today();
    let rows: Vec<RequestRow> = state
        .store
        .document_requests(ctx.org.id)
        .await?
        .iter()
        .map(|k| request_row(tr, k, day))
        .collect();
    let status = errors.status();
    let page = RequestsPage {
        base: format!("/o/{}", ctx.org.slug),
        late: rows
            .iter()
            .filter(|r| r.late && r.decision.is_empty())
            .count(),
        rows,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        outcome_opts: opts(
            Outcome::ALL
                .iter()
                .map(|o| (o.as_str(), tr.t(&format!("request-outcome-{}", o.as_str())))),
            "",
        ),
        today: day.to_string(),
        f,
        errors,
        l: Layout::org(tr, ctx, "/requests", tr.t("nav-requests")),
    };
    Ok((status, render(page)?).into_response())
}

async fn show_requests(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<FormatQuery>,
) -> Result<Response> {
    if q.format.is_empty() {
        let f = RequestForm {
            received: today().to_string(),
            ..Default::default()
        };
        return requests_page(&state, tr, &ctx, f, FormErrors::default()).await;
    }
    let day = today();
    let mut t = Table::new(
        [
            "field-received",
            "field-requester",
            "field-what-requested",
            "request-handle-by",
            "request-decision",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for k in state.store.document_requests(ctx.org.id).await? {
        let r = request_row(tr, &k, day);
        t.push(vec![r.received, r.from, r.what, r.handle_by, r.decision]);
    }
    download(
        &q.format,
        &format!("allmanna-handlingar-{}", ctx.org.slug),
        &[(&tr.t("nav-requests"), &t)],
    )
}

async fn add_request(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<RequestForm>,
) -> Result<Response> {
    // The participants' names, to keep them out of the register (one audited read).
    let names = state
        .store
        .names_for_check(ctx.org.id, &ctx.actor())
        .await?;
    let added = match DocumentRequest::parse(&f, &names) {
        Ok(r) => state
            .store
            .add_document_request(ctx.org.id, &ctx.actor(), &r)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/requests", ctx.org.slug)).into_response()),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            requests_page(&state, tr, &ctx, f, errors).await
        }
        Err(e) => Err(e),
    }
}

async fn decide_request(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> Result<Response> {
    let result = async {
        let kept = state.store.document_requests(ctx.org.id).await?;
        let k = kept.iter().find(|k| k.id == id).ok_or(Error::NotFound)?;
        let (outcome, on) = k.request.decide(&f).map_err(Error::Invalid)?;
        state
            .store
            .decide_document_request(ctx.org.id, &ctx.actor(), id, outcome, on)
            .await?;
        Ok::<_, Error>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/o/{}/requests", ctx.org.slug)).into_response()),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            requests_page(&state, tr, &ctx, RequestForm::default(), errors).await
        }
        Err(e) => Err(e),
    }
}
