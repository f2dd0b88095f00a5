//! The retention plan (`/retention`): its rows, and for the director the participants past
//! the plan's time, erased with one press, each erasure audited.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, today, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::plans::run_retention;
use samordna_domain::access::roles::Permission;
use samordna_domain::plans::retention::{Covers, Rule, RuleForm, Then};
use samordna_store::plans::Due;

/// The people due that the page names; the button erases them all.
const SHOWN: usize = 20;

/// A row of the plan in words.
pub struct Row {
    pub id: i64,
    pub what: String,
    pub covers: String,
    pub months: String,
    pub then: String,
}

fn words(tr: Tr, r: &Rule) -> (String, String, String) {
    (
        tr.t(&format!("retention-covers-{}", r.covers.as_str())),
        tr.t1("retention-months", "months", &r.months.to_string()),
        tr.t(&format!("retention-then-{}", r.then.as_str())),
    )
}

#[derive(Template)]
#[template(path = "plans/retention.html")]
struct RetentionPage {
    l: Layout,
    base: String,
    rows: Vec<Row>,
    manage: bool,
    /// The rule that runs, in words, and the day before which people are due.
    rule: Option<(String, String)>,
    /// The first of those due, and how many there are in all.
    due: Vec<Due>,
    due_count: usize,
    erased: Option<usize>,
    covers_opts: Vec<Opt>,
    then_opts: Vec<Opt>,
    f: RuleForm,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: RuleForm,
    errors: FormErrors,
    erased: Option<usize>,
) -> Result<Response> {
    let kept = state.store.retention_plan(ctx.org.id).await?;
    let manage = ctx.auth.user.role.can(Permission::ManageOrg);
    let plan: Vec<Rule> = kept.iter().map(|k| k.rule.clone()).collect();
    let day = today();
    let rule = Rule::for_participants(&plan).map(|r| {
        let (_, months, then) = words(tr, r);
        (
            format!("{}: {months}, {}", r.what, then.to_lowercase()),
            r.deregistered_before(day).to_string(),
        )
    });
    // Only the director sees who is due: their codes are about participants.
    let mut due = if manage {
        run_retention(&*state.store, ctx.org.id, &ctx.actor(), day, true).await?
    } else {
        vec![]
    };
    let due_count = due.len();
    due.truncate(SHOWN);
    let status = errors.status();
    let page = RetentionPage {
        due_count,
        base: format!("/o/{}", ctx.org.slug),
        rows: kept
            .iter()
            .map(|k| {
                let (covers, months, then) = words(tr, &k.rule);
                Row {
                    id: k.id,
                    what: k.rule.what.clone(),
                    covers,
                    months,
                    then,
                }
            })
            .collect(),
        manage,
        rule,
        due,
        erased,
        covers_opts: opts(
            Covers::ALL.iter().map(|c| {
                (
                    c.as_str(),
                    tr.t(&format!("retention-covers-{}", c.as_str())),
                )
            }),
            &f.covers,
        ),
        then_opts: opts(
            Then::ALL
                .iter()
                .map(|t| (t.as_str(), tr.t(&format!("retention-then-{}", t.as_str())))),
            &f.then,
        ),
        f,
        errors,
        l: Layout::org(tr, ctx, "/retention", tr.t("nav-retention")),
    };
    Ok((status, render(page)?).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ErasedQuery {
    erased: Option<usize>,
}

pub async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<ErasedQuery>,
) -> Result<Response> {
    page(
        &state,
        tr,
        &ctx,
        RuleForm::default(),
        FormErrors::default(),
        q.erased,
    )
    .await
}

pub async fn add(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<RuleForm>,
) -> Result<Response> {
    let added = match Rule::parse(&f) {
        Ok(r) => state
            .store
            .add_retention_rule(ctx.org.id, &ctx.actor(), &r)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/retention", ctx.org.slug)).into_response()),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            page(&state, tr, &ctx, f, errors, None).await
        }
        Err(e) => Err(e),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    state
        .store
        .remove_retention_rule(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/retention", ctx.org.slug)).into_response())
}

pub async fn run(
    State(state): State<AppState>,
    ctx: OrgCtx,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    let erased = run_retention(&*state.store, ctx.org.id, &ctx.actor(), today(), false).await?;
    Ok(Redirect::to(&format!(
        "/o/{}/retention?erased={}",
        ctx.org.slug,
        erased.len()
    ))
    .into_response())
}
