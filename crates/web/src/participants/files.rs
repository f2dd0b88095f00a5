//! The director's tools: import of earlier lists (CSV/XLSX, all rows or none), export in the
//! same format, and the follow-up settings (exit reasons, step scales).

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, CsrfUpload};
use crate::error::{Error, Result};
use crate::forms::{opts, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Settings;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission::ManageOrg;
use samordna_domain::orgs::interventions::{Intervention, InterventionKind};
use samordna_domain::participants::import::{self, COLUMNS};
use samordna_domain::participants::record::Viewer;
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{ExitReason, Outcome};
use samordna_domain::Invalid;
use samordna_store::ImportSummary;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/participants/import", ManageOrg, import_form),
        post("/o/{org}/participants/import", ManageOrg, upload),
        get("/o/{org}/participants/export", ManageOrg, export),
        get("/o/{org}/follow-up-settings", ManageOrg, settings)
            .menu(Settings, "nav-follow-up-settings"),
        post("/o/{org}/exit-reasons", ManageOrg, add_reason),
        post("/o/{org}/step-scales/{intervention}", ManageOrg, set_scale),
    ]
}

#[derive(Template)]
#[template(path = "participants/import.html")]
struct ImportPage {
    l: Layout,
    base: String,
    columns: Vec<String>,
    problems: Vec<(String, String, String, String)>,
    summary: Option<ImportSummary>,
}

fn import_page(
    tr: Tr,
    ctx: &OrgCtx,
    problems: Vec<Invalid>,
    summary: Option<ImportSummary>,
) -> Result<Response> {
    let code = if problems.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ImportPage {
        l: Layout::org(tr, ctx, "/participants", tr.t("import-title")),
        base: format!("/o/{}", ctx.org.slug),
        columns: COLUMNS
            .iter()
            .map(|(c, f)| match import::REQUIRED.contains(f) {
                true => format!("{c} ({})", tr.t("required")),
                false => c.to_string(),
            })
            .collect(),
        problems: problems
            .iter()
            .map(|e| {
                (
                    e.row.map(|r| r.to_string()).unwrap_or_default(),
                    import::column_of(e.field).to_string(),
                    e.value.clone(),
                    tr.invalid(&Invalid {
                        row: None,
                        ..e.clone()
                    }),
                )
            })
            .collect(),
        summary,
    };
    Ok((code, render(page)?).into_response())
}

async fn import_form(Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    import_page(tr, &ctx, vec![], None)
}

async fn upload(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    upload: CsrfUpload,
) -> Result<Response> {
    let imported = samordna_app::participants::import_file(
        &*state.store,
        ctx.org.id,
        &ctx.actor(),
        upload.file,
    )
    .await;
    match imported {
        Ok(summary) => import_page(tr, &ctx, vec![], Some(summary)),
        Err(samordna_app::Error::Invalid(problems)) => import_page(tr, &ctx, problems, None),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExportQuery {
    format: String,
    identity: String,
}

/// The förbund's stays in the import format, as CSV or XLSX; with personnummer only when
/// asked for, each identity read audited.
async fn export(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(q): Query<ExportQuery>,
) -> Result<Response> {
    let viewer: Viewer = ctx.viewer()?;
    let table =
        samordna_app::participants::export(&*state.store, ctx.org.id, &viewer, q.identity == "1")
            .await?;
    let (body, kind, ext) = if q.format == "xlsx" {
        (
            table.to_xlsx("Deltagare").map_err(Error::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    } else {
        (table.to_excel_csv(), "text/csv; charset=utf-8", "csv")
    };
    let disposition = format!("attachment; filename=\"deltagare-{}.{ext}\"", ctx.org.slug);
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

// ---- settings ----

#[derive(Template)]
#[template(path = "participants/settings.html")]
struct SettingsPage {
    l: Layout,
    base: String,
    reasons: Vec<ExitReason>,
    scales: Vec<(Intervention, String)>,
    outcomes: Vec<Opt>,
    errors: FormErrors,
}

impl SettingsPage {
    fn outcome(&self, r: &ExitReason) -> String {
        self.l.tr.t(&format!("outcome-{}", r.outcome.as_str()))
    }
}

async fn settings_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    errors: FormErrors,
) -> Result<Response> {
    let mut scales = vec![];
    for i in state.store.list_interventions(ctx.org.id).await? {
        if i.fields.kind == InterventionKind::Individual {
            let text = state.store.step_scale(ctx.org.id, i.id).await?.to_text();
            scales.push((i, text));
        }
    }
    let code = errors.status();
    let page = SettingsPage {
        l: Layout::org(tr, ctx, "/follow-up-settings", tr.t("settings-title")),
        base: format!("/o/{}", ctx.org.slug),
        reasons: state.store.exit_reasons(ctx.org.id).await?,
        scales,
        outcomes: opts(
            crate::forms::worded(&tr, "outcome", Outcome::ALL.map(|o| o.as_str())),
            "other",
        ),
        errors,
    };
    Ok((code, render(page)?).into_response())
}

async fn settings(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
) -> Result<Response> {
    settings_page(&state, tr, &ctx, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReasonInput {
    code: String,
    label: String,
    outcome: String,
}

async fn settings_result(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    result: Result<()>,
) -> Result<Response> {
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/o/{}/follow-up-settings", ctx.org.slug)).into_response())
        }
        Err(Error::Invalid(errors)) => {
            settings_page(state, tr, ctx, FormErrors::new(tr, &errors)).await
        }
        Err(e) => Err(e),
    }
}

async fn add_reason(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<ReasonInput>,
) -> Result<Response> {
    let mut e = samordna_domain::invalid::Errors::default();
    let code = e.take(samordna_domain::orgs::parse_slug("code", &f.code));
    let label = e.take(samordna_domain::invalid::required_text(
        "label", &f.label, 200,
    ));
    let outcome = e.take(Outcome::parse("outcome", &f.outcome));
    let result = match (code, label, outcome) {
        (Some(c), Some(l), Some(o)) => state
            .store
            .add_exit_reason(ctx.org.id, &ctx.actor(), &c, &l, o)
            .await
            .map(|_| ())
            .map_err(Error::from),
        _ => Err(Error::Invalid(e.0)),
    };
    settings_result(&state, tr, &ctx, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ScaleInput {
    steps: String,
}

async fn set_scale(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, intervention)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<ScaleInput>,
) -> Result<Response> {
    let result = match StepScale::parse("steps", &f.steps) {
        Ok(scale) => state
            .store
            .set_step_scale(ctx.org.id, &ctx.actor(), intervention, &scale)
            .await
            .map_err(Error::from),
        Err(e) => Err(e.into()),
    };
    settings_result(&state, tr, &ctx, result).await
}
