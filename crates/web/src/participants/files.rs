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
use samordna_domain::participants::import::{self, MappingKind, ValueMapping, COLUMNS};
use samordna_domain::participants::record::Viewer;
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{ExitReason, Outcome};
use samordna_domain::{Invalid, Reason};
use samordna_store::ImportSummary;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/participants/import", ManageOrg, import_form),
        post("/o/{org}/participants/import", ManageOrg, upload),
        post(
            "/o/{org}/participants/import/mappings",
            ManageOrg,
            save_mappings,
        ),
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
    /// Values of the rejected file that matched nothing, each to be mapped once.
    unknown: Vec<Unknown>,
    /// The mappings kept: column, as written, what it means.
    mappings: Vec<(String, String, String)>,
    mapped: Option<usize>,
}

struct Unknown {
    kind: &'static str,
    column: String,
    written: String,
    options: Vec<Opt>,
}

/// The column a kind of value is written in, for the director.
fn kind_column(kind: MappingKind) -> &'static str {
    match kind {
        MappingKind::ExitReason => "avslutsorsak",
        MappingKind::Income => "försörjning",
        MappingKind::Municipality => "kommun",
        MappingKind::Intervention => "insats",
    }
}

#[derive(Default)]
struct Shown {
    problems: Vec<Invalid>,
    summary: Option<ImportSummary>,
    mapped: Option<usize>,
}

async fn import_page(state: &AppState, tr: Tr, ctx: &OrgCtx, shown: Shown) -> Result<Response> {
    let Shown {
        problems,
        summary,
        mapped,
    } = shown;
    let code = if problems.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let lookups = samordna_app::participants::import_lookups(&*state.store, ctx.org.id).await?;
    let mut unknown: Vec<Unknown> = vec![];
    for p in problems
        .iter()
        .filter(|p| matches!(p.reason, Reason::UnknownValue | Reason::Ambiguous))
    {
        let Some(kind) = MappingKind::of_field(p.field) else {
            continue;
        };
        if unknown
            .iter()
            .any(|u| u.kind == kind.as_str() && u.written.to_lowercase() == p.value.to_lowercase())
        {
            continue;
        }
        let choose = (String::new(), tr.t("import-map-none"));
        unknown.push(Unknown {
            kind: kind.as_str(),
            column: kind_column(kind).to_string(),
            written: p.value.clone(),
            options: opts(std::iter::once(choose).chain(lookups.targets(kind)), ""),
        });
    }
    let name_of = |m: &ValueMapping| {
        lookups
            .targets(m.kind)
            .into_iter()
            .find(|(code, _)| *code == m.value)
            .map_or(m.value.clone(), |(_, name)| name)
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
        unknown: unknown.into_iter().take(100).collect(),
        mappings: lookups
            .mappings
            .iter()
            .map(|m| {
                (
                    kind_column(m.kind).to_string(),
                    m.written.clone(),
                    name_of(m),
                )
            })
            .collect(),
        mapped,
    };
    Ok((code, render(page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ImportQuery {
    mapped: Option<usize>,
}

async fn import_form(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<ImportQuery>,
) -> Result<Response> {
    let shown = Shown {
        mapped: q.mapped,
        ..Default::default()
    };
    import_page(&state, tr, &ctx, shown).await
}

/// The director's mappings of a rejected file's unknown values: `kind-N`, `written-N` and
/// `value-N` for each; kept for the next import, then back to the import page to read the
/// file again.
async fn save_mappings(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response> {
    let field = |name: String| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let answers: Vec<(String, String, String)> = pairs
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("kind-"))
        .map(|i| {
            (
                field(format!("kind-{i}")),
                field(format!("written-{i}")),
                field(format!("value-{i}")),
            )
        })
        .collect();
    match samordna_app::participants::save_mappings(
        &*state.store,
        ctx.org.id,
        &ctx.actor(),
        &answers,
    )
    .await
    {
        Ok(n) => Ok(Redirect::to(&format!(
            "/o/{}/participants/import?mapped={n}",
            ctx.org.slug
        ))
        .into_response()),
        Err(samordna_app::Error::Invalid(problems)) => {
            let shown = Shown {
                problems,
                ..Default::default()
            };
            import_page(&state, tr, &ctx, shown).await
        }
        Err(e) => Err(e.into()),
    }
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
    let shown = match imported {
        Ok(summary) => Shown {
            summary: Some(summary),
            ..Default::default()
        },
        Err(samordna_app::Error::Invalid(problems)) => Shown {
            problems,
            ..Default::default()
        },
        Err(e) => return Err(e.into()),
    };
    import_page(&state, tr, &ctx, shown).await
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
