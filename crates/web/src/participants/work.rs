//! A coach's day: my page (my participants, how full I am, what is due), the queue the
//! referral group decides on, and after-support counted without personal data.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::forms::{opts, today, FormErrors, Opt, Saved};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Participants;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission::ViewPersonalData;
use samordna_domain::access::roles::Role;
use samordna_domain::format::percent_bp;
use samordna_domain::participants::after_support::AnonymousCount;
use samordna_domain::participants::record::{capacity_used_bp, Episode, Task, TaskKind, Tasks};
use samordna_domain::participants::{order_queue, QueueEntry, Status};
use samordna_store::EpisodeFilter;
use serde::Deserialize;
use time::Duration;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/queue", ViewPersonalData, queue).menu(Participants, "nav-queue"),
        get("/o/{org}/after-support", ViewPersonalData, anonymous)
            .menu(Participants, "nav-after-support"),
        post("/o/{org}/after-support", ViewPersonalData, add_anonymous),
    ]
}

#[derive(Template)]
#[template(path = "participants/coach.html")]
struct CoachPage {
    l: Layout,
    base: String,
    mine: Vec<Episode>,
    /// "Du har 1 av 20 platser (5 %)": for a coach only; a coordinator or the director has no
    /// places of participants.
    capacity: Option<String>,
    tasks: Vec<TaskRow>,
    today: String,
    saved: bool,
}

/// A line of "Att göra": when, what, for whom, whether it is already late, and how to tick it
/// off from the list.
pub struct TaskRow {
    pub due: String,
    pub what: String,
    pub episode_id: i64,
    pub participant_id: i64,
    pub code: String,
    pub overdue: bool,
    /// The stay's action that ticks it off today (`contact` with its id, `deregister`); a
    /// follow-up has answers to give and is done in the record instead.
    pub tick: Option<(&'static str, i64)>,
}

pub(crate) fn task_rows(tr: Tr, tasks: &[Task], today: time::Date) -> Vec<TaskRow> {
    tasks
        .iter()
        .map(|t| TaskRow {
            tick: match t.kind {
                TaskKind::Contact { id, .. } => Some(("contact", id)),
                TaskKind::FollowUp { .. } => None,
                TaskKind::Deregister => Some(("deregister", 0)),
            },
            due: t.due.to_string(),
            what: match t.kind {
                TaskKind::Contact { kind, .. } => tr.t(&format!("contact-{}", kind.as_str())),
                TaskKind::FollowUp { months, .. } => {
                    tr.t1("follow-up-months", "months", &months.to_string())
                }
                TaskKind::Deregister => tr.t("deregister"),
            },
            episode_id: t.episode_id,
            participant_id: t.participant_id,
            code: t.code.clone(),
            overdue: t.due < today,
        })
        .collect()
}

/// My page: the coach's active participants, capacity used, and what is due within a week.
pub(super) async fn coach(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(saved): Query<Saved>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let me = ctx.auth.user.id;
    let filter = EpisodeFilter {
        coach_id: Some(me),
        open_only: true,
        ..Default::default()
    };
    let episodes = state.store.episodes(ctx.org.id, &viewer, &filter).await?;
    let mine: Vec<Episode> = episodes
        .iter()
        .filter(|e| e.status() == Status::Active)
        .cloned()
        .collect();
    let interventions = state.store.list_interventions(ctx.org.id).await?;
    let per_fte = mine
        .first()
        .and_then(|e| interventions.iter().find(|i| i.id == e.intervention_id))
        .or_else(|| {
            interventions
                .iter()
                .find(|i| i.fields.capacity_per_fte.is_some())
        })
        .and_then(|i| i.fields.capacity_per_fte)
        .unwrap_or(20);
    let fte = state.store.coach_fte_bp(ctx.org.id, me).await?;
    let places = (per_fte as i64 * fte + 5_000) / 10_000;
    let capacity = capacity_used_bp(mine.len(), per_fte, fte)
        .filter(|_| ctx.auth.user.role == Role::Coach)
        .map(|used| {
            tr.tn(
                "capacity-places",
                &[
                    ("used", &mine.len().to_string()),
                    ("places", &places.to_string()),
                    ("share", &percent_bp(used)),
                ],
            )
        });
    let page = CoachPage {
        l: Layout::org(tr, &ctx, "/coach", tr.t("nav-coach")),
        base: format!("/o/{}", ctx.org.slug),
        capacity,
        tasks: task_rows(
            tr,
            &Tasks::due(&episodes, today() + Duration::days(7)).in_order(),
            today(),
        ),
        mine,
        today: today().to_string(),
        saved: saved.any(),
    };
    Ok(render(page)?.into_response())
}

#[derive(Template)]
#[template(path = "participants/queue.html")]
struct QueuePage {
    l: Layout,
    base: String,
    queue: Vec<QueueEntry>,
    decisions: Vec<Opt>,
    today: String,
    saved: bool,
}

/// Referred people waiting for the referral group: the priority age group first.
async fn queue(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(saved): Query<Saved>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let filter = EpisodeFilter {
        open_only: true,
        ..Default::default()
    };
    let episodes = state.store.episodes(ctx.org.id, &viewer, &filter).await?;
    let interventions = state.store.list_interventions(ctx.org.id).await?;
    let mut queue: Vec<QueueEntry> = episodes
        .into_iter()
        .filter(|e| e.status().in_queue())
        .map(|e| {
            let referral = e.referral_date.unwrap_or_else(today);
            let age = referral.year() - e.birth_year;
            let prioritised = interventions
                .iter()
                .find(|i| i.id == e.intervention_id)
                .and_then(|i| i.fields.priority_age)
                .is_some_and(|r| (r.min as i32..=r.max as i32).contains(&age));
            QueueEntry {
                episode_id: e.id,
                participant_id: e.participant_id,
                code: e.participant_code,
                intervention: e.intervention,
                municipality: e.municipality,
                referral_date: referral,
                referrer: e.referrer.unwrap_or_default(),
                age,
                prioritised,
                status: Status::of(e.decision, e.start, e.end),
            }
        })
        .collect();
    order_queue(&mut queue);
    let page = QueuePage {
        l: Layout::org(tr, &ctx, "/queue", tr.t("queue-title")),
        base: format!("/o/{}", ctx.org.slug),
        queue,
        decisions: opts(
            crate::forms::worded(
                &tr,
                "decision",
                samordna_domain::participants::Decision::ALL.map(|d| d.as_str()),
            ),
            "include",
        ),
        today: today().to_string(),
        saved: saved.any(),
    };
    Ok(render(page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CountInput {
    intervention: String,
    from: String,
    to: String,
    women: String,
    men: String,
    other: String,
}

#[derive(Template)]
#[template(path = "participants/after_support.html")]
struct CountsPage {
    l: Layout,
    base: String,
    counts: Vec<AnonymousCount>,
    interventions: Vec<Opt>,
    f: CountInput,
    errors: FormErrors,
}

async fn counts_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: CountInput,
    errors: FormErrors,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let (interventions, _) = super::choices_for(state, ctx, &viewer).await?;
    let code = errors.status();
    let page = CountsPage {
        l: Layout::org(tr, ctx, "/after-support", tr.t("anonymous-title")),
        base: format!("/o/{}", ctx.org.slug),
        counts: state.store.anonymous_counts(ctx.org.id).await?,
        interventions: opts(
            interventions
                .iter()
                .map(|i| (i.id.to_string(), i.fields.name.clone())),
            &f.intervention,
        ),
        f,
        errors,
    };
    Ok((code, render(page)?).into_response())
}

async fn anonymous(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
) -> Result<Response> {
    counts_page(
        &state,
        tr,
        &ctx,
        CountInput::default(),
        FormErrors::default(),
    )
    .await
}

async fn add_anonymous(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<CountInput>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let intervention = f.intervention.trim().parse::<i64>().unwrap_or(0);
    let result =
        match AnonymousCount::parse(intervention, &f.from, &f.to, [&f.women, &f.men, &f.other]) {
            Ok(c) => {
                let (allowed, _) = super::choices_for(&state, &ctx, &viewer).await?;
                if !allowed.iter().any(|i| i.id == intervention) {
                    return Err(Error::NotFound);
                }
                state
                    .store
                    .add_anonymous_count(ctx.org.id, &viewer.actor, &c)
                    .await
                    .map_err(Error::from)
            }
            Err(e) => Err(Error::Invalid(e)),
        };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/o/{}/after-support", ctx.org.slug)).into_response()),
        Err(Error::Invalid(errors)) => {
            counts_page(&state, tr, &ctx, f, FormErrors::new(tr, &errors)).await
        }
        Err(e) => Err(e),
    }
}
