//! The half-year and annual reports: the list with draft / approved and dates; a report as
//! a page (the board member's tablet) with its PDF and Word file; and for the director the
//! outline and each section's text with a live preview, the figure blocks, approval with
//! the board's decision, a new version and next period's report from this one's text.

pub(crate) mod api;

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::forms::{today, FormErrors};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::StatsAndReports;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use samordna_app::reports::{approve, document, outline, report_pdf};
use samordna_domain::access::roles::Permission::{self, ManageOrg, ViewOrg};
use samordna_domain::orgs::interventions::Intervention;
use samordna_domain::reports::{
    markup, parse_section, Block, Decision, Edit, Report, ReportPeriod, Status,
};
use samordna_domain::{Invalid, Reason};
use samordna_reports::html;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/reports", ViewOrg, list).menu(StatsAndReports, "nav-reports"),
        post("/o/{org}/reports", ManageOrg, create),
        get("/o/{org}/reports/{id}", ViewOrg, show),
        get("/o/{org}/reports/{id}/pdf", ViewOrg, pdf),
        get("/o/{org}/reports/{id}/docx", ViewOrg, docx),
        post(
            "/o/{org}/reports/{id}/sections/{at}",
            ManageOrg,
            write_section,
        ),
        post("/o/{org}/reports/{id}/outline", ManageOrg, change_outline),
        post("/o/{org}/reports/{id}/preview", ManageOrg, preview),
        post("/o/{org}/reports/{id}/approve", ManageOrg, approve_report),
        post("/o/{org}/reports/{id}/copy", ManageOrg, copy),
    ]
}

fn base(ctx: &OrgCtx) -> String {
    format!("/o/{}", ctx.org.slug)
}

fn to_report(ctx: &OrgCtx, id: i64) -> Response {
    Redirect::to(&format!("{}/reports/{id}", base(ctx))).into_response()
}

pub struct Row {
    pub report: Report,
    pub title: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "reports/list.html")]
struct ListPage {
    l: Layout,
    base: String,
    rows: Vec<Row>,
    manage: bool,
    year: i32,
    errors: FormErrors,
}

fn status_text(tr: Tr, r: &Report) -> String {
    match (&r.status, &r.decision) {
        (Status::Approved, Some(d)) => tr.tn(
            "report-approved-on",
            &[
                ("date", &d.decided_on.to_string()),
                ("paragraph", &d.paragraph),
            ],
        ),
        _ => {
            let changed = time::OffsetDateTime::from_unix_timestamp(r.updated_at)
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            tr.t1("report-draft-changed", "date", &changed)
        }
    }
}

async fn list_page(state: &AppState, tr: Tr, ctx: &OrgCtx, errors: FormErrors) -> Result<Response> {
    let rows = state
        .store
        .reports(ctx.org.id)
        .await?
        .into_iter()
        .map(|r| Row {
            title: format!("{} ({})", r.period.title_sv(), r.period.span_sv()),
            status: status_text(tr, &r),
            report: r,
        })
        .collect();
    let status = errors.status();
    let page = ListPage {
        base: base(ctx),
        rows,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        year: today().year(),
        errors,
        l: Layout::org(tr, ctx, "/reports", tr.t("nav-reports")),
    };
    Ok((status, render(page)?).into_response())
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    list_page(&state, tr, &ctx, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewForm {
    kind: String,
    year: String,
    half: String,
}

async fn create(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<NewForm>,
) -> Result<Response> {
    match ReportPeriod::parse(&f.kind, &f.year, &f.half) {
        Ok(period) => {
            let sections = outline(&*state.store, &ctx.org).await?;
            let r = state
                .store
                .create_report(ctx.org.id, &ctx.actor(), period, &sections)
                .await?;
            Ok(to_report(&ctx, r.id))
        }
        Err(errors) => list_page(&state, tr, &ctx, FormErrors::new(tr, &errors)).await,
    }
}

/// A figure block as the section's form lists it.
pub struct BlockOpt {
    pub value: String,
    pub label: String,
}

fn block_value(b: &Block) -> String {
    format!("{}:{}", b.key(), b.intervention().unwrap_or(""))
}

fn block_label(tr: Tr, b: &Block, interventions: &[Intervention]) -> String {
    let kind = tr.t(&format!("report-block-{}", b.key().replace('_', "-")));
    match b.intervention() {
        Some(slug) => {
            let name = interventions
                .iter()
                .find(|i| i.fields.slug == slug)
                .map_or(slug, |i| i.fields.name.as_str());
            format!("{kind}: {name}")
        }
        None => kind,
    }
}

/// Every block the förbund can place: the intervention blocks for each intervention.
fn all_blocks(interventions: &[Intervention]) -> Vec<Block> {
    Block::KINDS
        .iter()
        .flat_map(|(key, per_intervention)| {
            let slugs: Vec<&str> = if *per_intervention {
                interventions
                    .iter()
                    .map(|i| i.fields.slug.as_str())
                    .collect()
            } else {
                vec![""]
            };
            slugs
                .into_iter()
                .filter_map(|s| Block::parse(key, s, interventions).ok())
                .collect::<Vec<_>>()
        })
        .collect()
}

pub struct SectionForm {
    pub at: usize,
    pub title: String,
    pub level: u8,
    pub text: String,
    pub preview: String,
    pub blocks: Vec<BlockOpt>,
}

#[derive(Template)]
#[template(path = "reports/show.html")]
struct ShowPage {
    l: Layout,
    base: String,
    id: i64,
    article: String,
    status: String,
    approved: bool,
    manage: bool,
    sections: Vec<SectionForm>,
    addable: Vec<BlockOpt>,
    today: String,
    errors: FormErrors,
    /// The board's decisions on the report's period, from the minutes.
    decided: Vec<crate::governance::Decided>,
}

async fn show_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    errors: FormErrors,
) -> Result<Response> {
    let report = state.store.report(ctx.org.id, id).await?;
    let doc = document(&*state.store, &ctx.org, &report, today()).await?;
    let interventions = state.store.list_interventions(ctx.org.id).await?;
    let manage = ctx.auth.user.role.can(Permission::ManageOrg);
    let editing = manage && report.status == Status::Draft;
    let opt = |b: &Block| BlockOpt {
        value: block_value(b),
        label: block_label(tr, b, &interventions),
    };
    let sections = if editing {
        report
            .sections
            .iter()
            .enumerate()
            .map(|(at, s)| SectionForm {
                at,
                title: s.title.clone(),
                level: s.level,
                preview: html::text(&markup::parse(&s.text), s.level + 1),
                text: s.text.clone(),
                blocks: s.blocks.iter().map(opt).collect(),
            })
            .collect()
    } else {
        vec![]
    };
    let key = samordna_app::governance::report_key(&report.period);
    let decided = crate::governance::decided(state, tr, ctx, |l| {
        l.kind == crate::governance::LinkKind::Report && l.key == key
    })
    .await?;
    let status = errors.status();
    let page = ShowPage {
        decided,
        base: base(ctx),
        id,
        article: html::article(&doc),
        status: status_text(tr, &report),
        approved: report.status == Status::Approved,
        manage,
        sections,
        addable: all_blocks(&interventions).iter().map(opt).collect(),
        today: today().to_string(),
        errors,
        l: Layout::org(tr, ctx, "/reports", doc.title.clone()),
    };
    Ok((status, render(page)?).into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    show_page(&state, tr, &ctx, id, FormErrors::default()).await
}

fn file(bytes: Vec<u8>, mime: &str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn file_name(ctx: &OrgCtx, r: &Report, ext: &str) -> String {
    let p = r.period;
    format!(
        "{}-{}-{}{}-v{}.{ext}",
        ctx.org.slug,
        p.kind.as_str(),
        p.year,
        if p.half > 0 {
            format!("-h{}", p.half)
        } else {
            String::new()
        },
        r.version
    )
}

async fn pdf(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let report = state.store.report(ctx.org.id, id).await?;
    let bytes = report_pdf(&*state.store, &ctx.org, &report, today()).await?;
    Ok(file(
        bytes,
        "application/pdf",
        file_name(&ctx, &report, "pdf"),
    ))
}

async fn docx(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let report = state.store.report(ctx.org.id, id).await?;
    let doc = document(&*state.store, &ctx.org, &report, today()).await?;
    let bytes =
        samordna_reports::docx::docx(&doc).map_err(|e| Error::internal(anyhow::anyhow!(e)))?;
    Ok(file(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        file_name(&ctx, &report, "docx"),
    ))
}

/// A section's form: `title`, `level`, `text`, the blocks kept (`block-0`, `block-1` … as
/// ticked boxes) and one to add (`add`).
async fn write_section(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id, at)): Path<(String, i64, usize)>,
    CsrfForm(f): CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response> {
    let report = state.store.report(ctx.org.id, id).await?;
    let interventions = state.store.list_interventions(ctx.org.id).await?;
    let field = |name: &str| f.get(name).map(String::as_str).unwrap_or("");
    let mut kept: Vec<(usize, &String)> = f
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("block-")?.parse().ok()?, v)))
        .collect();
    kept.sort();
    let mut errors = vec![];
    let blocks: Vec<Block> = kept
        .into_iter()
        .map(|(_, v)| v.as_str())
        .chain(Some(field("add")).filter(|a| !a.is_empty()))
        .filter_map(|v| {
            let (key, slug) = v.split_once(':').unwrap_or((v, ""));
            Block::parse(key, slug, &interventions)
                .map_err(|e| errors.push(e))
                .ok()
        })
        .collect();
    let edit = parse_section(field("title"), field("level"), field("text"), blocks)
        .map_err(|e| errors.extend(e))
        .ok()
        .filter(|_| errors.is_empty())
        .map(|section| Edit::Write { at, section });
    save(&state, tr, &ctx, report, edit, errors).await
}

/// Applies an edit to a draft and saves it; else shows the page with what was wrong.
async fn save(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    mut report: Report,
    edit: Option<Edit>,
    mut errors: Vec<Invalid>,
) -> Result<Response> {
    if let Some(edit) = edit {
        match edit.apply(&mut report.sections) {
            Ok(()) => {
                state
                    .store
                    .save_report(ctx.org.id, &ctx.actor(), report.id, &report.sections)
                    .await?;
                return Ok(to_report(ctx, report.id));
            }
            Err(e) => errors.push(e),
        }
    }
    show_page(state, tr, ctx, report.id, FormErrors::new(tr, &errors)).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OutlineInput {
    action: String,
    at: String,
    title: String,
    level: String,
}

async fn change_outline(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<OutlineInput>,
) -> Result<Response> {
    let report = state.store.report(ctx.org.id, id).await?;
    let at = f.at.trim().parse::<usize>();
    let edit = match (f.action.as_str(), at) {
        ("up", Ok(at)) => Ok(Edit::Move { at, up: true }),
        ("down", Ok(at)) => Ok(Edit::Move { at, up: false }),
        ("remove", Ok(at)) => Ok(Edit::Remove { at }),
        ("add", at) => Ok(Edit::Add {
            at: at.unwrap_or(usize::MAX),
            title: f.title.clone(),
            level: f.level.trim().parse().unwrap_or(1),
        }),
        (_, Err(_)) => Err(Invalid::new("at", &f.at, Reason::NotANumber)),
        (other, _) => Err(Invalid::new("action", other, Reason::UnknownValue)),
    };
    match edit {
        Ok(e) => save(&state, tr, &ctx, report, Some(e), vec![]).await,
        Err(e) => save(&state, tr, &ctx, report, None, vec![e]).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PreviewInput {
    text: String,
    level: String,
}

/// The section's text as it will read: what the live preview shows while the director types.
async fn preview(CsrfForm(f): CsrfForm<PreviewInput>) -> Html<String> {
    let level = f.level.trim().parse::<u8>().unwrap_or(1).clamp(1, 3);
    Html(html::text(&markup::parse(&f.text), level + 1))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApproveInput {
    decided_on: String,
    paragraph: String,
}

async fn approve_report(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<ApproveInput>,
) -> Result<Response> {
    let report = state.store.report(ctx.org.id, id).await?;
    match Decision::parse(&f.decided_on, &f.paragraph) {
        Ok(d) => {
            approve(&*state.store, &ctx.org, &ctx.actor(), &report, &d, today()).await?;
            Ok(to_report(&ctx, id))
        }
        Err(errors) => show_page(&state, tr, &ctx, id, FormErrors::new(tr, &errors)).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CopyInput {
    /// `same`: a new version of the same period; `next`: next period's report.
    to: String,
}

async fn copy(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<CopyInput>,
) -> Result<Response> {
    let report = state.store.report(ctx.org.id, id).await?;
    let period = match f.to.as_str() {
        "same" => report.period,
        "next" => report.period.next(),
        other => {
            return Err(Error::Invalid(vec![Invalid::new(
                "to",
                other,
                Reason::UnknownValue,
            )]))
        }
    };
    let r = state
        .store
        .create_report(ctx.org.id, &ctx.actor(), period, &report.sections)
        .await?;
    Ok(to_report(&ctx, r.id))
}
