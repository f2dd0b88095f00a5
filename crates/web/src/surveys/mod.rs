//! The förbund's surveys: rounds opened by the director with a link, a QR code and
//! single-use codes for the coaches to hand out; results per question against the target,
//! with the previous round beside them; paper answers typed in; earlier results imported; and
//! the answers as a flat file for a national compilation. Never by municipality.

mod answer;
pub(crate) mod api;

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, CsrfUpload};
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::FormErrors;
use crate::forms::{opts, today, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::StatsAndReports;
use crate::routes::{get, post, Route};
use crate::AppState;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewOrg, ViewPersonalData};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::files::read_cells;
use samordna_app::surveys::{answers_file, results_table, round_results, RoundResults};
use samordna_domain::access::roles::Permission;
use samordna_domain::surveys::{
    NewRound, NewSurvey, Response as Answer, Round, Source, Survey, QUESTION_FIELDS,
};
use samordna_reports::chart::{grouped_bars, Bars};
use samordna_reports::Table;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    let own = vec![
        get("/o/{org}/surveys", ViewOrg, list).menu(StatsAndReports, "nav-surveys"),
        post("/o/{org}/surveys", ManageOrg, add_survey),
        post("/o/{org}/surveys/rounds", ManageOrg, open_round),
        get("/o/{org}/surveys/rounds/{id}", ViewOrg, show),
        get("/o/{org}/surveys/rounds/{id}/qr.svg", ViewPersonalData, qr),
        get(
            "/o/{org}/surveys/rounds/{id}/codes",
            ViewPersonalData,
            code_sheet,
        ),
        get("/o/{org}/surveys/rounds/{id}/answers", ManageOrg, answers),
        post("/o/{org}/surveys/rounds/{id}/paper", ManageOrg, paper),
        get(
            "/o/{org}/surveys/rounds/{id}/import",
            ManageOrg,
            import_form,
        ),
        post("/o/{org}/surveys/rounds/{id}/import", ManageOrg, import),
    ];
    [own, answer::routes()].into_iter().flatten().collect()
}

pub struct RoundRow {
    pub round: Round,
    pub survey: String,
    pub intervention: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "surveys/list.html")]
struct ListPage {
    l: Layout,
    base: String,
    rounds: Vec<RoundRow>,
    surveys: Vec<Survey>,
    manage: bool,
    survey_opts: Vec<Opt>,
    intervention_opts: Vec<Opt>,
    errors: FormErrors,
}

async fn list_page(state: &AppState, tr: Tr, ctx: &OrgCtx, errors: FormErrors) -> Result<Response> {
    let org = ctx.org.id;
    let surveys = state.store.surveys(org).await?;
    let interventions = state.store.list_interventions(org).await?;
    let day = today();
    let rounds = state
        .store
        .rounds(org)
        .await?
        .into_iter()
        .map(|r| RoundRow {
            survey: surveys
                .iter()
                .find(|s| s.code == r.survey_code)
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            intervention: interventions
                .iter()
                .find(|i| Some(i.id) == r.intervention_id)
                .map(|i| i.fields.name.clone())
                .unwrap_or_else(|| "–".into()),
            open: r.is_open(day),
            round: r,
        })
        .collect();
    let status = errors.status();
    let page = ListPage {
        base: format!("/o/{}", ctx.org.slug),
        survey_opts: opts(
            surveys.iter().map(|s| (s.code.clone(), s.title.clone())),
            "",
        ),
        intervention_opts: opts(
            std::iter::once((String::new(), tr.t("survey-no-intervention"))).chain(
                interventions
                    .iter()
                    .map(|i| (i.id.to_string(), i.fields.name.clone())),
            ),
            "",
        ),
        rounds,
        surveys,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        l: Layout::org(tr, ctx, "/surveys", tr.t("nav-surveys")),
    };
    Ok((status, render(page)?).into_response())
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    list_page(&state, tr, &ctx, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SurveyForm {
    title: String,
    questions: String,
    scale: String,
    top: String,
    target: String,
    asks_gender: Option<String>,
}

async fn add_survey(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<SurveyForm>,
) -> Result<Response> {
    match NewSurvey::parse(
        &f.title,
        &f.questions,
        &f.scale,
        &f.top,
        &f.target,
        f.asks_gender.is_some(),
    ) {
        Ok(new) => {
            state
                .store
                .add_survey(ctx.org.id, &ctx.actor(), &new)
                .await?;
            Ok(Redirect::to(&format!("/o/{}/surveys", ctx.org.slug)).into_response())
        }
        Err(errors) => list_page(&state, tr, &ctx, FormErrors::new(tr, &errors)).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RoundForm {
    survey: String,
    intervention: String,
    title: String,
    opens_on: String,
    closes_on: String,
    access: String,
    codes: String,
}

async fn open_round(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<RoundForm>,
) -> Result<Response> {
    let intervention = f.intervention.trim().parse::<i64>().ok();
    match NewRound::parse(
        &f.survey,
        intervention,
        &f.title,
        &f.opens_on,
        &f.closes_on,
        &f.access,
        &f.codes,
    ) {
        Ok(new) => {
            let round = state
                .store
                .open_round(ctx.org.id, &ctx.actor(), &new)
                .await?;
            Ok(
                Redirect::to(&format!("/o/{}/surveys/rounds/{}", ctx.org.slug, round.id))
                    .into_response(),
            )
        }
        Err(errors) => list_page(&state, tr, &ctx, FormErrors::new(tr, &errors)).await,
    }
}

#[derive(Template)]
#[template(path = "surveys/round.html")]
struct RoundPage {
    l: Layout,
    base: String,
    r: RoundResults,
    link: String,
    qr: Option<String>,
    codes: Vec<(String, bool)>,
    table: Table,
    /// Caption and SVG.
    charts: Vec<(String, String)>,
    manage: bool,
    fields: Vec<(&'static str, String)>,
    errors: Vec<String>,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RoundQuery {
    format: String,
    municipality: String,
}

/// Refuses a breakdown by municipality, whoever asks and however (DOMAIN.md §3).
pub fn no_municipality(asked: &str) -> Result<()> {
    if asked.trim().is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(vec![samordna_domain::Invalid::new(
            "municipality",
            asked,
            samordna_domain::Reason::NoMunicipalityBreakdown,
        )]))
    }
}

async fn round_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    errors: Vec<String>,
    notice: Option<String>,
) -> Result<Response> {
    let org = ctx.org.id;
    let r = round_results(&*state.store, org, id).await?;
    let hands_out = ctx.auth.user.role.can(Permission::ViewPersonalData);
    let link = answer_link(state, &r.round);
    let qr = if hands_out {
        Some(answer_qr(tr, &link)?)
    } else {
        None
    };
    let codes = if hands_out {
        state.store.round_codes(org, id).await?
    } else {
        vec![]
    };
    // A chart per question that has enough answers to show.
    let charts = r
        .results
        .iter()
        .filter(|q| q.all.answered.shown().is_some_and(|n| n > 0))
        .map(|q| {
            let caption = format!("{}. {}", q.question, q.text);
            let svg = grouped_bars(&Bars {
                title: &caption,
                categories: r.survey.questions[q.question - 1].scale.labels.clone(),
                series: vec![(
                    tr.t("survey-answers"),
                    q.all.distribution.iter().map(|c| c.shown()).collect(),
                )],
            });
            (caption, svg)
        })
        .collect();
    let page = RoundPage {
        base: format!("/o/{}", ctx.org.slug),
        table: results_table(&tr, &r),
        fields: QUESTION_FIELDS
            .iter()
            .copied()
            .zip(r.survey.questions.iter().map(|q| q.text.clone()))
            .collect(),
        link: if hands_out { link } else { String::new() },
        qr,
        codes,
        charts,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        notice,
        l: Layout::org(tr, ctx, "/surveys", r.round.title.clone()),
        r,
    };
    Ok(render(page)?.into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<RoundQuery>,
) -> Result<Response> {
    no_municipality(&q.municipality)?;
    if q.format.is_empty() {
        return round_page(&state, tr, &ctx, id, vec![], None).await;
    }
    let r = round_results(&*state.store, ctx.org.id, id).await?;
    let t = results_table(&tr, &r);
    download(
        &q.format,
        &format!("enkat-{}-{}", ctx.org.slug, id),
        &[(&tr.t("survey-results"), &t)],
    )
}

/// Where a round is answered: the link a participant gets, and its QR code's.
fn answer_link(state: &AppState, round: &Round) -> String {
    let base = state.config.public_url.trim_end_matches('/');
    format!("{base}/s/{}", round.token)
}

/// The QR code of an answering link, as SVG with its accessible name.
fn answer_qr(tr: Tr, link: &str) -> Result<String> {
    samordna_reports::qr::svg(link, &tr.t("survey-qr")).map_err(Error::internal)
}

/// A round of this förbund and the survey it asks.
async fn round_and_survey(
    state: &AppState,
    org: samordna_domain::orgs::OrgId,
    id: i64,
) -> Result<(Round, Survey)> {
    let round = state.store.round(org, id).await?;
    let survey = state.store.survey(org, &round.survey_code).await?;
    Ok((round, survey))
}

#[derive(Template)]
#[template(path = "surveys/codes.html")]
struct CodeSheet {
    l: Layout,
    base: String,
    round_id: i64,
    asker: String,
    link: String,
    qr: String,
    /// The codes not used yet, one slip each.
    codes: Vec<String>,
}

/// The round's unused codes as slips to print on A4 and cut out: each with who asks, the
/// link and its QR code, and the code.
async fn code_sheet(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let round = state.store.round(ctx.org.id, id).await?;
    let link = answer_link(&state, &round);
    let qr = answer_qr(tr, &link)?;
    let codes = state
        .store
        .round_codes(ctx.org.id, id)
        .await?
        .into_iter()
        .filter(|(_, used)| !used)
        .map(|(code, _)| code)
        .collect();
    let page = CodeSheet {
        l: Layout::org(tr, &ctx, "/surveys", round.title.clone()),
        base: format!("/o/{}", ctx.org.slug),
        round_id: id,
        asker: answer::asker(&state, ctx.org.id, &round).await?,
        link,
        qr,
        codes,
    };
    Ok(render(page)?.into_response())
}

async fn qr(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let round = state.store.round(ctx.org.id, id).await?;
    let link = answer_link(&state, &round);
    let svg = answer_qr(tr, &link)?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml")],
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}"),
    )
        .into_response())
}

/// The answers of the round, one row each, for a national compilation (director).
async fn answers(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<RoundQuery>,
) -> Result<Response> {
    no_municipality(&q.municipality)?;
    let org = ctx.org.id;
    let (round, survey) = round_and_survey(&state, org, id).await?;
    let intervention = match round.intervention_id {
        Some(iv) => state
            .store
            .list_interventions(org)
            .await?
            .into_iter()
            .find(|i| i.id == iv)
            .map(|i| i.fields.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let responses = state.store.responses(org, id).await?;
    let t = answers_file(&ctx.org.name, &intervention, &round, &survey, &responses);
    let format = if q.format.is_empty() {
        "csv"
    } else {
        &q.format
    };
    download(
        format,
        &format!("enkatsvar-{}-{}", ctx.org.slug, id),
        &[("Svar", &t)],
    )
}

/// One paper form typed in by the director, marked as such.
async fn paper(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(values): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let org = ctx.org.id;
    let (round, survey) = round_and_survey(&state, org, id).await?;
    let get = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let list: Vec<&str> = QUESTION_FIELDS
        .iter()
        .take(survey.questions.len())
        .map(|f| get(f))
        .collect();
    match Answer::parse(&survey, get("gender"), &list, round.opens_on, Source::Paper) {
        Ok(a) => {
            state
                .store
                .add_responses(org, &ctx.actor(), id, &[a])
                .await?;
            round_page(
                &state,
                tr,
                &ctx,
                id,
                vec![],
                Some(tr.t("survey-paper-saved")),
            )
            .await
        }
        Err(problems) => round_page(&state, tr, &ctx, id, tr.invalid_list(&problems), None).await,
    }
}

/// The import form is on the round's page.
async fn import_form(ctx: OrgCtx, Path((_, id)): Path<(String, i64)>) -> Result<Response> {
    Ok(Redirect::to(&format!("/o/{}/surveys/rounds/{id}#import", ctx.org.slug)).into_response())
}

/// Earlier results from CSV or XLSX (`kön`, `f1`…): every row, or none.
async fn import(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    upload: CsrfUpload,
) -> Result<Response> {
    let org = ctx.org.id;
    let (round, survey) = round_and_survey(&state, org, id).await?;
    let rows = read_cells(&upload.file)
        .await
        .and_then(|cells| samordna_domain::surveys::parse_import(&survey, &cells, round.opens_on));
    match rows {
        Ok(list) => {
            let n = state
                .store
                .add_responses(org, &ctx.actor(), id, &list)
                .await?;
            round_page(
                &state,
                tr,
                &ctx,
                id,
                vec![],
                Some(tr.t1("survey-imported", "count", &n.to_string())),
            )
            .await
        }
        Err(problems) => {
            let page = round_page(&state, tr, &ctx, id, tr.invalid_list(&problems), None).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
