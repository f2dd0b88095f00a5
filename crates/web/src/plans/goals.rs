//! The verksamhetsplan's goals (`/goals?year=`): each goal with this year's value beside
//! last year's, met or not. The director keeps the table and types the values samordna
//! cannot compute; the board and the auditor read it; it downloads as a workbook.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::{opts, today, year_or, FormErrors, Opt, YearQuery};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::plans::{goal_table, lines, source_label, table, GoalLine};
use samordna_domain::access::roles::Permission;
use samordna_domain::plans::goals::{Goal, GoalForm, Source, Status, Typed, TypedForm};
use samordna_domain::stats::Period;

/// One huvudmål and its rows, as the plan groups them.
pub struct Group {
    pub main: String,
    pub lines: Vec<GoalLine>,
}

#[derive(Template)]
#[template(path = "plans/goals.html")]
struct GoalsPage {
    l: Layout,
    base: String,
    year: i32,
    /// The years around this one and those with a plan, to go to.
    years: Vec<i32>,
    groups: Vec<Group>,
    met: usize,
    judged: usize,
    manage: bool,
    source_opts: Vec<Opt>,
    mains: Vec<String>,
    today: String,
    f: GoalForm,
    errors: FormErrors,
}

async fn slugs(
    state: &AppState,
    ctx: &OrgCtx,
) -> Result<Vec<samordna_domain::orgs::interventions::Intervention>> {
    Ok(state.store.list_interventions(ctx.org.id).await?)
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    year: i32,
    f: GoalForm,
    errors: FormErrors,
) -> Result<Response> {
    let interventions = slugs(state, ctx).await?;
    let measured = goal_table(&*state.store, ctx.org.id, Period::year(year)).await?;
    let all = lines(&tr, &measured, &interventions);
    let judged = all
        .iter()
        .filter(|l| matches!(l.status, Status::Met | Status::NotMet))
        .count();
    let met = all.iter().filter(|l| l.status == Status::Met).count();
    let mut groups: Vec<Group> = vec![];
    for line in all {
        match groups.last_mut() {
            Some(g) if g.main == line.main => g.lines.push(line),
            _ => groups.push(Group {
                main: line.main.clone(),
                lines: vec![line],
            }),
        }
    }
    let slug_list: Vec<String> = interventions
        .iter()
        .map(|i| i.fields.slug.clone())
        .collect();
    let source_opts = opts(
        Source::all(&slug_list)
            .iter()
            .map(|s| (s.code(), source_label(&tr, s, &interventions))),
        &f.source,
    );
    let mut years = state.store.goal_years(ctx.org.id).await?;
    years.extend([year - 1, year + 1]);
    years.sort_unstable();
    years.dedup();
    years.retain(|y| *y != year);
    let status = errors.status();
    let page = GoalsPage {
        years,
        base: format!("/o/{}", ctx.org.slug),
        mains: groups.iter().map(|g| g.main.clone()).collect(),
        year,
        groups,
        met,
        judged,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        source_opts,
        today: today().to_string(),
        f,
        errors,
        l: Layout::org(tr, ctx, "/goals", tr.t("nav-goals")),
    };
    Ok((status, render(page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let year = year_or(&q.year, today().year());
    if q.format.is_empty() {
        let f = GoalForm {
            year: year.to_string(),
            ..Default::default()
        };
        return page(&state, tr, &ctx, year, f, FormErrors::default()).await;
    }
    let interventions = slugs(&state, &ctx).await?;
    let measured = goal_table(&*state.store, ctx.org.id, Period::year(year)).await?;
    let t = table(&tr, &lines(&tr, &measured, &interventions), year);
    download(
        &q.format,
        &format!("mal-{}-{year}", ctx.org.slug),
        &[(&tr.t("nav-goals"), &t)],
    )
}

fn back_to(ctx: &OrgCtx, year: i32) -> Response {
    Redirect::to(&format!("/o/{}/goals?year={year}", ctx.org.slug)).into_response()
}

pub async fn add(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<GoalForm>,
) -> Result<Response> {
    let slug_list: Vec<String> = slugs(&state, &ctx)
        .await?
        .into_iter()
        .map(|i| i.fields.slug)
        .collect();
    let added = match Goal::parse(&f, &slug_list) {
        Ok(g) => state
            .store
            .add_goal(ctx.org.id, &ctx.actor(), &g)
            .await
            .map(|_| g.year)
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match added {
        Ok(year) => Ok(back_to(&ctx, year)),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            let year = year_or(&f.year, today().year());
            page(&state, tr, &ctx, year, f, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct YearOnly {
    year: String,
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<YearOnly>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    state
        .store
        .remove_goal(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(back_to(&ctx, year_or(&q.year, today().year())))
}

pub async fn add_value(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<YearOnly>,
    CsrfForm(f): CsrfForm<TypedForm>,
) -> Result<Response> {
    let year = year_or(&q.year, today().year());
    let result = async {
        let kept = state.store.goals(ctx.org.id, year).await?;
        let k = kept.iter().find(|k| k.id == id).ok_or(Error::NotFound)?;
        let v = Typed::parse(&f, &k.goal).map_err(Error::Invalid)?;
        state
            .store
            .add_typed_value(ctx.org.id, &ctx.actor(), id, &v)
            .await?;
        Ok::<_, Error>(())
    }
    .await;
    match result {
        Ok(()) => Ok(back_to(&ctx, year)),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            let f = GoalForm {
                year: year.to_string(),
                ..Default::default()
            };
            page(&state, tr, &ctx, year, f, errors).await
        }
        Err(e) => Err(e),
    }
}
