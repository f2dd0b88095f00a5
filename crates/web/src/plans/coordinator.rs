//! The samverkanskoordinator's half-year report (`/coordination`): the coordinator fills in
//! Ja / Nej and how for each task of the Rapportmall, for their municipality and
//! half-year, on a phone as well as at a desk, saves a draft and submits it to the director.
//! Submitting puts the reports in for that agreement's payout. The director and the board
//! read every municipality's reports side by side (`/coordination/compiled`).

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::{today, year_or};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::plans::{compiled, coordinator_agreements};
use samordna_domain::economy::payouts::AgreementLine;
use samordna_domain::plans::coordinator::{Answer, Answers, TASKS};
use samordna_reports::Table;
use std::collections::HashMap;

/// The half-year a day falls in, and the one before it.
fn halves(day: time::Date) -> [(i32, u8); 2] {
    let now = (day.year(), if (day.month() as u8) <= 6 { 1 } else { 2 });
    let before = if now.1 == 1 {
        (now.0 - 1, 2)
    } else {
        (now.0, 1)
    };
    [now, before]
}

/// A report to fill in or read, in the list.
pub struct Item {
    pub agreement: AgreementLine,
    pub year: i32,
    pub half: u8,
    /// "Inskickad 2026-07-02", "Utkast sparat" or "Inte påbörjad".
    pub status: String,
    pub submitted: bool,
}

#[derive(Template)]
#[template(path = "plans/coordination.html")]
struct ListPage {
    l: Layout,
    base: String,
    items: Vec<Item>,
}

pub async fn list(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
) -> Result<Response> {
    let agreements = coordinator_agreements(&*state.store, ctx.org.id, &ctx.auth.user).await?;
    let mut items = vec![];
    for (year, half) in halves(today()) {
        let reports = state
            .store
            .coordinator_reports(ctx.org.id, year, half)
            .await?;
        for a in &agreements {
            let kept = reports.iter().find(|r| r.agreement_id == a.id);
            let status = match kept.map(|r| r.submitted_on) {
                Some(Some(on)) => tr.t1("coordination-submitted", "date", &on.to_string()),
                Some(None) => tr.t("coordination-draft"),
                None => tr.t("coordination-not-started"),
            };
            items.push(Item {
                agreement: a.clone(),
                year,
                half,
                submitted: kept.is_some_and(|r| r.submitted_on.is_some()),
                status,
            });
        }
    }
    let page = ListPage {
        base: format!("/o/{}", ctx.org.slug),
        items,
        l: Layout::org(tr, &ctx, "/coordination", tr.t("nav-coordination")),
    };
    Ok(render(page)?.into_response())
}

/// One task of the form: its text, the answer, and a problem with it.
pub struct Row {
    pub n: usize,
    pub task: &'static str,
    pub answer: Answer,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "plans/coordination_form.html")]
struct FormPage {
    l: Layout,
    action: String,
    agreement: AgreementLine,
    year: i32,
    half: u8,
    rows: Vec<Row>,
    submitted_on: Option<String>,
    errors: usize,
    saved: bool,
}

/// The agreement, if the user reports on it.
async fn agreement_of(state: &AppState, ctx: &OrgCtx, id: i64) -> Result<AgreementLine> {
    coordinator_agreements(&*state.store, ctx.org.id, &ctx.auth.user)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(Error::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    tr: Tr,
    ctx: &OrgCtx,
    agreement: AgreementLine,
    (year, half): (i32, u8),
    answers: Answers,
    submitted_on: Option<time::Date>,
    errors: &[samordna_domain::Invalid],
    saved: bool,
) -> Result<Response> {
    let rows = TASKS
        .iter()
        .zip(answers.0)
        .enumerate()
        .map(|(i, (task, answer))| Row {
            n: i + 1,
            task,
            answer,
            error: errors
                .iter()
                .find(|e| e.row == Some(i + 1))
                // The task is named beside it: "Uppdrag 5: …", not an import's "Rad 5".
                .map(|e| {
                    tr.invalid(&samordna_domain::Invalid {
                        row: None,
                        ..e.clone()
                    })
                }),
        })
        .collect();
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        action: format!(
            "/o/{}/coordination/{}/{year}/{half}",
            ctx.org.slug, agreement.id
        ),
        agreement,
        year,
        half,
        rows,
        submitted_on: submitted_on.map(|d| d.to_string()),
        errors: errors.len(),
        saved,
        l: Layout::org(tr, ctx, "/coordination", tr.t("coordination-title")),
    };
    Ok((status, render(page)?).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    saved: Option<String>,
}

fn half_of(half: u8) -> Result<u8> {
    match half {
        1 | 2 => Ok(half),
        _ => Err(Error::NotFound),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id, year, half)): Path<(String, i64, i32, u8)>,
    Query(q): Query<SavedQuery>,
) -> Result<Response> {
    let half = half_of(half)?;
    let agreement = agreement_of(&state, &ctx, id).await?;
    let kept = state
        .store
        .coordinator_reports(ctx.org.id, year, half)
        .await?
        .into_iter()
        .find(|r| r.agreement_id == id);
    let (answers, submitted_on) =
        kept.map_or((Answers::default(), None), |r| (r.answers, r.submitted_on));
    form_page(
        tr,
        &ctx,
        agreement,
        (year, half),
        answers,
        submitted_on,
        &[],
        q.saved.is_some(),
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id, year, half)): Path<(String, i64, i32, u8)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let half = half_of(half)?;
    let agreement = agreement_of(&state, &ctx, id).await?;
    let submit = form.get("action").is_some_and(|a| a == "submit");
    match Answers::parse(&form, submit) {
        Ok(answers) => {
            let on = submit.then(today);
            state
                .store
                .save_coordinator_report(ctx.org.id, &ctx.actor(), id, (year, half), &answers, on)
                .await?;
            Ok(Redirect::to(&format!(
                "/o/{}/coordination/{id}/{year}/{half}?saved=1",
                ctx.org.slug
            ))
            .into_response())
        }
        Err(errors) => {
            // What was typed stays on the page beside the problems.
            let typed = Answers::as_typed(&form);
            form_page(
                tr,
                &ctx,
                agreement,
                (year, half),
                typed,
                None,
                &errors,
                false,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "plans/coordination_compiled.html")]
struct CompiledPage {
    l: Layout,
    year: i32,
    half: u8,
    table: Table,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct HalfQuery {
    year: String,
    half: String,
    format: String,
}

pub async fn compiled_page(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<HalfQuery>,
) -> Result<Response> {
    let [now, before] = halves(today());
    let year = year_or(&q.year, before.0);
    let half = match q.half.trim() {
        "1" => 1,
        "2" => 2,
        _ if q.year.trim().is_empty() => before.1,
        _ => now.1,
    };
    let table = compiled(&tr, &*state.store, ctx.org.id, year, half).await?;
    if !q.format.is_empty() {
        return download(
            &q.format,
            &format!("samverkanskoordinatorer-{}-{year}-{half}", ctx.org.slug),
            &[(&tr.t("coordination-sheet"), &table)],
        );
    }
    let page = CompiledPage {
        year,
        half,
        table,
        l: Layout::org(
            tr,
            &ctx,
            "/coordination/compiled",
            tr.t("nav-coordination-compiled"),
        ),
    };
    Ok(render(page)?.into_response())
}
