//! The deviations (`/deviations`): registered by the director, read by the board and the
//! auditor, each with its status; the text is kept free of participants' names.

use super::FormatQuery;
use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::{opts, today, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::plans::deviations::{Deviation, DeviationForm, Status};
use samordna_reports::Table;
use samordna_store::plans::KeptDeviation;

fn status_opts(tr: Tr, current: &str) -> Vec<Opt> {
    opts(
        Status::ALL.iter().map(|s| {
            (
                s.as_str(),
                tr.t(&format!("deviation-status-{}", s.as_str())),
            )
        }),
        current,
    )
}

/// A deviation with its status in words and the options to change it.
pub struct Row {
    pub k: KeptDeviation,
    pub status: String,
    pub options: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "plans/deviations.html")]
struct DeviationsPage {
    l: Layout,
    base: String,
    rows: Vec<Row>,
    open: usize,
    manage: bool,
    status_opts: Vec<Opt>,
    f: DeviationForm,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: DeviationForm,
    errors: FormErrors,
) -> Result<Response> {
    let kept = state.store.deviations(ctx.org.id).await?;
    let status = errors.status();
    let page = DeviationsPage {
        base: format!("/o/{}", ctx.org.slug),
        open: kept
            .iter()
            .filter(|k| k.deviation.status != Status::Closed)
            .count(),
        rows: kept
            .into_iter()
            .map(|k| Row {
                status: tr.t(&format!("deviation-status-{}", k.deviation.status.as_str())),
                options: status_opts(tr, k.deviation.status.as_str()),
                k,
            })
            .collect(),
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        status_opts: status_opts(tr, &f.status),
        f,
        errors,
        l: Layout::org(tr, ctx, "/deviations", tr.t("nav-deviations")),
    };
    Ok((status, render(page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<FormatQuery>,
) -> Result<Response> {
    if q.format.is_empty() {
        let f = DeviationForm {
            on: today().to_string(),
            ..Default::default()
        };
        return page(&state, tr, &ctx, f, FormErrors::default()).await;
    }
    let mut t = Table::new(
        [
            "field-on",
            "field-happened",
            "field-consequence",
            "field-measure",
            "field-status",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for k in state.store.deviations(ctx.org.id).await? {
        let d = k.deviation;
        t.push(vec![
            d.on.to_string(),
            d.what,
            d.consequence,
            d.measure,
            tr.t(&format!("deviation-status-{}", d.status.as_str())),
        ]);
    }
    download(
        &q.format,
        &format!("avvikelser-{}", ctx.org.slug),
        &[(&tr.t("nav-deviations"), &t)],
    )
}

pub async fn add(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<DeviationForm>,
) -> Result<Response> {
    // The participants' names, to keep them out of the register (one audited read).
    let names = state
        .store
        .names_for_check(ctx.org.id, &ctx.actor())
        .await?;
    let added = match Deviation::parse(&f, &names) {
        Ok(d) => state
            .store
            .add_deviation(ctx.org.id, &ctx.actor(), &d)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/deviations", ctx.org.slug)).into_response()),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            page(&state, tr, &ctx, f, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<StatusForm>,
) -> Result<Response> {
    match Status::parse("status", &f.status) {
        Ok(s) => {
            state
                .store
                .set_deviation_status(ctx.org.id, &ctx.actor(), id, s)
                .await?;
            Ok(Redirect::to(&format!("/o/{}/deviations", ctx.org.slug)).into_response())
        }
        Err(e) => {
            let errors = FormErrors::new(tr, &[e]);
            page(&state, tr, &ctx, DeviationForm::default(), errors).await
        }
    }
}
