//! The action plans (`/action-plans`): each insats's or body's activities for the year with
//! who is responsible, when, where they stand and what is late. The director keeps them;
//! the board and the auditor read them; they download as a workbook.

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
use samordna_domain::plans::actions::{Activity, ActivityForm, Plan, PlanForm, Status};
use samordna_reports::Table;
use samordna_store::plans::{KeptActivity, KeptPlan};

fn status_opts(tr: Tr, current: &str) -> Vec<Opt> {
    opts(
        Status::ALL
            .iter()
            .map(|s| (s.as_str(), tr.t(&format!("activity-status-{}", s.as_str())))),
        current,
    )
}

/// An activity in words, with the options to change where it stands.
pub struct Row {
    pub k: KeptActivity,
    /// The goal, on the first of its activities.
    pub goal: Option<String>,
    pub status: String,
    pub late: bool,
    pub options: Vec<Opt>,
}

pub struct PlanView {
    pub k: KeptPlan,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "plans/actions.html")]
struct ActionsPage {
    l: Layout,
    base: String,
    plans: Vec<PlanView>,
    manage: bool,
    status_opts: Vec<Opt>,
    today: String,
    year: String,
    errors: FormErrors,
}

async fn page(state: &AppState, tr: Tr, ctx: &OrgCtx, errors: FormErrors) -> Result<Response> {
    let day = today();
    let plans = state
        .store
        .action_plans(ctx.org.id)
        .await?
        .into_iter()
        .map(|k| PlanView {
            rows: k
                .activities
                .iter()
                .enumerate()
                .map(|(i, a)| Row {
                    goal: (i == 0 || k.activities[i - 1].activity.goal != a.activity.goal)
                        .then(|| a.activity.goal.clone())
                        .filter(|g| !g.is_empty()),
                    status: tr.t(&format!("activity-status-{}", a.activity.status.as_str())),
                    late: a.activity.late(day),
                    options: status_opts(tr, a.activity.status.as_str()),
                    k: a.clone(),
                })
                .collect(),
            k,
        })
        .collect();
    let status = errors.status();
    let page = ActionsPage {
        base: format!("/o/{}", ctx.org.slug),
        plans,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        status_opts: status_opts(tr, ""),
        today: day.to_string(),
        year: day.year().to_string(),
        errors,
        l: Layout::org(tr, ctx, "/action-plans", tr.t("nav-action-plans")),
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
        return page(&state, tr, &ctx, FormErrors::default()).await;
    }
    let mut t = Table::new(
        [
            "field-year",
            "field-owner",
            "field-goal",
            "field-area",
            "field-activity",
            "field-responsible",
            "field-from",
            "field-to",
            "field-status",
            "field-comment",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for p in state.store.action_plans(ctx.org.id).await? {
        for a in &p.activities {
            let a = &a.activity;
            t.push(vec![
                p.plan.year.to_string(),
                p.plan.owner.clone(),
                a.goal.clone(),
                a.area.clone(),
                a.what.clone(),
                a.responsible.clone(),
                a.from.to_string(),
                a.to.to_string(),
                tr.t(&format!("activity-status-{}", a.status.as_str())),
                a.comment.clone(),
            ]);
        }
    }
    download(
        &q.format,
        &format!("handlingsplaner-{}", ctx.org.slug),
        &[(&tr.t("nav-action-plans"), &t)],
    )
}

/// Back to the page after a change, or the page again with what was wrong.
async fn after(state: &AppState, tr: Tr, ctx: &OrgCtx, done: Result<()>) -> Result<Response> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/o/{}/action-plans", ctx.org.slug)).into_response()),
        Err(Error::Invalid(e)) => page(state, tr, ctx, FormErrors::new(tr, &e)).await,
        Err(e) => Err(e),
    }
}

pub async fn add_plan(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<PlanForm>,
) -> Result<Response> {
    let done = async {
        let p = Plan::parse(&f).map_err(Error::Invalid)?;
        state
            .store
            .add_action_plan(ctx.org.id, &ctx.actor(), &p)
            .await?;
        Ok(())
    }
    .await;
    after(&state, tr, &ctx, done).await
}

pub async fn add_activity(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, plan)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<ActivityForm>,
) -> Result<Response> {
    let done = async {
        let a = Activity::parse(&f).map_err(Error::Invalid)?;
        state
            .store
            .add_activity(ctx.org.id, &ctx.actor(), plan, &a)
            .await?;
        Ok(())
    }
    .await;
    after(&state, tr, &ctx, done).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
    comment: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<StatusForm>,
) -> Result<Response> {
    let done = async {
        let status = Status::parse("status", &f.status).map_err(|e| Error::Invalid(vec![e]))?;
        let comment = samordna_domain::invalid::optional_text(
            "comment",
            &f.comment,
            samordna_domain::plans::actions::MAX_TEXT,
        )
        .map_err(|e| Error::Invalid(vec![e]))?;
        state
            .store
            .set_activity_status(ctx.org.id, &ctx.actor(), id, status, &comment)
            .await?;
        Ok(())
    }
    .await;
    after(&state, tr, &ctx, done).await
}
