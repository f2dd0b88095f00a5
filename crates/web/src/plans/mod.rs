//! The förbund's registers. So far the direct procurements (`/procurements`): each purchase
//! judged by the rules in force on its day, with what it lacks named; the director keeps
//! them, the board and the auditor read, and the list downloads as a workbook.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::FormErrors;
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Economy;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission::{self, ManageOrg, ViewEconomy};
use samordna_domain::format::thousands;
use samordna_domain::plans::procurement::{judge, Flag, Procedure, Procurement, ProcurementForm};
use samordna_reports::Table;
use samordna_store::plans::Kept;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/procurements", ViewEconomy, show).menu(Economy, "nav-procurements"),
        post("/o/{org}/procurements", ManageOrg, add),
        post("/o/{org}/procurements/{id}/remove", ManageOrg, remove),
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
