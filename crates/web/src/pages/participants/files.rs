//! The director's tools: import of earlier lists (CSV/XLSX, all rows or none), export in the
//! same format, and the follow-up settings (exit reasons, step scales).

use super::{opts, render, today, FormErrors, Layout, Opt};
use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, CsrfUpload};
use crate::error::{Error, Result};
use crate::i18n::Tr;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use samordna_domain::access::roles::Permission;
use samordna_domain::orgs::interventions::{Intervention, InterventionKind};
use samordna_domain::orgs::members::MemberKind;
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::import::{self, Lookups, COLUMNS};
use samordna_domain::participants::record::{Episode, Viewer};
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{ExitReason, Identity, Outcome};
use samordna_domain::Invalid;
use samordna_reports::Table;
use samordna_store::{ImportSummary, Store};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/o/{org}/participants/import",
            get(import_form).post(upload),
        )
        .route("/o/{org}/participants/export", get(export))
        .route("/o/{org}/follow-up-settings", get(settings))
        .route("/o/{org}/exit-reasons", post(add_reason))
        .route("/o/{org}/step-scales/{intervention}", post(set_scale))
}

/// What names in an import file may refer to: the förbund's municipalities, individual
/// interventions, coaches and coordinators, and exit reasons.
pub async fn import_lookups(store: &dyn Store, org: OrgId) -> samordna_store::Result<Lookups> {
    let members = store.list_members(org).await?;
    let interventions = store.list_interventions(org).await?;
    let users = store.list_users(org).await?;
    Ok(Lookups {
        municipalities: members
            .into_iter()
            .filter(|m| m.kind == MemberKind::Municipality)
            .map(|m| (m.id, m.name))
            .collect(),
        interventions: interventions
            .into_iter()
            .filter(|i| i.fields.kind == InterventionKind::Individual)
            .map(|i| (i.id, i.fields.slug, i.fields.name))
            .collect(),
        coaches: users
            .into_iter()
            .filter(|u| u.role.can(Permission::ViewPersonalData))
            .map(|u| (u.id, u.email.as_str().to_string(), u.name))
            .collect(),
        exit_reasons: store.exit_reasons(org).await?,
    })
}

/// Reads and checks a whole file; either every row, or every problem.
pub fn parse_file(bytes: &[u8], lookups: &Lookups) -> Result<Vec<import::ImportRow>, Vec<Invalid>> {
    let cells = super::super::read_cells(bytes)?;
    import::parse(&cells, lookups, today())
}

/// The stays in the import format, so that an export can be imported again.
pub fn export_table(rows: &[(Episode, Option<Identity>)]) -> Table {
    let mut t = Table::new(COLUMNS.iter().map(|(c, _)| c.to_string()).collect());
    for (e, identity) in rows.iter().filter(|(e, _)| e.start.is_some()) {
        let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        t.push(vec![
            identity
                .as_ref()
                .map(|i| i.personnummer.clone())
                .unwrap_or_else(|| e.participant_code.clone()),
            e.gender.sv().into(),
            e.birth_year.to_string(),
            e.municipality.clone(),
            e.intervention.clone(),
            e.coach.clone().unwrap_or_default(),
            date(e.start),
            date(e.end),
            e.exit_reason
                .as_ref()
                .map(|r| r.code.clone())
                .unwrap_or_default(),
            e.income_before.to_piped(),
            e.income_after.to_piped(),
            // A consent date goes with a personnummer; the import asks for one.
            if identity.is_some() {
                date(e.start)
            } else {
                String::new()
            },
        ]);
    }
    t
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

async fn import_form(tr: Tr, ctx: OrgCtx) -> Result<Response> {
    ctx.require(Permission::ManageOrg)?;
    import_page(tr, &ctx, vec![], None)
}

async fn upload(
    State(state): State<AppState>,
    tr: Tr,
    ctx: OrgCtx,
    upload: CsrfUpload,
) -> Result<Response> {
    ctx.require(Permission::ManageOrg)?;
    let lookups = import_lookups(&*state.store, ctx.org.id).await?;
    let rows = match parse_file(&upload.file, &lookups) {
        Ok(rows) => rows,
        Err(problems) => return import_page(tr, &ctx, problems, None),
    };
    match state
        .store
        .import_participants(ctx.org.id, &ctx.actor(), &rows)
        .await
    {
        Ok(summary) => import_page(tr, &ctx, vec![], Some(summary)),
        Err(samordna_store::StoreError::Invalid(problems)) => import_page(tr, &ctx, problems, None),
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
    ctx.require(Permission::ManageOrg)?;
    let viewer: Viewer = ctx.viewer()?;
    let rows = state
        .store
        .export_participants(ctx.org.id, &viewer, q.identity == "1")
        .await?;
    let table = export_table(&rows);
    let (body, kind, ext) = if q.format == "xlsx" {
        (
            table.to_xlsx("Deltagare").map_err(Error::Internal)?,
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
    ctx.require(Permission::ManageOrg)?;
    let mut scales = vec![];
    for i in state.store.list_interventions(ctx.org.id).await? {
        if i.fields.kind == InterventionKind::Individual {
            let text = state.store.step_scale(ctx.org.id, i.id).await?.to_text();
            scales.push((i, text));
        }
    }
    let code = errors.status();
    let page = SettingsPage {
        l: Layout::org(tr, ctx, "/participants", tr.t("settings-title")),
        base: format!("/o/{}", ctx.org.slug),
        reasons: state.store.exit_reasons(ctx.org.id).await?,
        scales,
        outcomes: opts(
            super::worded(&tr, "outcome", Outcome::ALL.map(|o| o.as_str())),
            "other",
        ),
        errors,
    };
    Ok((code, render(page)?).into_response())
}

async fn settings(State(state): State<AppState>, tr: Tr, ctx: OrgCtx) -> Result<Response> {
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
    tr: Tr,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<ReasonInput>,
) -> Result<Response> {
    ctx.require(Permission::ManageOrg)?;
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
    tr: Tr,
    ctx: OrgCtx,
    Path((_, intervention)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<ScaleInput>,
) -> Result<Response> {
    ctx.require(Permission::ManageOrg)?;
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
