//! The board's work: the bodies and their members (`/board`), the year plan and each
//! meeting with its agenda and minutes (`meetings`), and the public anslagstavla
//! (`notices`), which needs no login.

mod meetings;
mod notices;

pub use samordna_domain::governance::minutes::LinkKind;

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, today, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Board;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::governance::time_sv;
use samordna_domain::access::roles::Permission::{self, ManageOrg, ViewOrg};
use samordna_domain::governance::minutes::Link;
use samordna_domain::governance::notices::posted_late;
use samordna_domain::governance::{Body, Seat, Term, TermFields, TermForm};
use samordna_store::governance::Task;

pub fn routes() -> Vec<Route> {
    let mut routes = vec![
        get("/o/{org}/board", ViewOrg, board).menu(Board, "nav-board"),
        post("/o/{org}/board/terms", ManageOrg, add_term),
        post("/o/{org}/board/terms/{id}/remove", ManageOrg, remove_term),
        post("/o/{org}/board/tasks/{id}/reported", ManageOrg, report_task),
    ];
    routes.extend(meetings::routes());
    routes.extend(notices::routes());
    routes
}

/// A decision shown on the page of what it decided: "Beslutat 2023-08-31 §8: att …".
pub struct Decided {
    pub text: String,
    pub href: String,
}

/// The decisions of the förbund's signed minutes whose link `about` accepts.
pub async fn decided(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    about: impl Fn(&Link) -> bool,
) -> Result<Vec<Decided>> {
    Ok(
        samordna_app::governance::decided_in(&*state.store, &ctx.org, about)
            .await?
            .into_iter()
            .map(|d| Decided {
                text: format!(
                    "{}: {}",
                    match d.recorded {
                        Some(recorded) => tr.tn(
                            "decided-per-capsulum",
                            &[
                                ("date", &d.date.to_string()),
                                ("recorded", &recorded.to_string()),
                                ("paragraph", &d.paragraph),
                            ],
                        ),
                        None => tr.tn(
                            "decided-in",
                            &[("date", &d.date.to_string()), ("paragraph", &d.paragraph)],
                        ),
                    },
                    d.text
                ),
                href: format!("{}/meetings/{}", base(ctx), d.meeting_id),
            })
            .collect(),
    )
}

/// "1 250 kB", the size of a document as the agenda shows it.
pub fn kilobytes(bytes: &i64) -> String {
    format!(
        "{} kB",
        samordna_domain::format::thousands((*bytes + 1023) / 1024)
    )
}

fn base(ctx: &OrgCtx) -> String {
    format!("/o/{}", ctx.org.slug)
}

/// A body with its terms, as the page lists them.
pub struct BodyView {
    pub label: String,
    pub rows: Vec<TermRow>,
}

pub struct TermRow {
    pub term: Term,
    pub role: String,
    pub current: bool,
}

pub struct TaskRow {
    pub task: Task,
    pub paragraph: String,
}

pub struct LogRow {
    pub notice: String,
    pub from: String,
    pub to: String,
}

#[derive(Template)]
#[template(path = "governance/board.html")]
struct BoardPage {
    l: Layout,
    base: String,
    bodies: Vec<BodyView>,
    manage: bool,
    tasks: Vec<TaskRow>,
    log: Vec<LogRow>,
    late: Vec<String>,
    body_opts: Vec<Opt>,
    party_opts: Vec<Opt>,
    member_opts: Vec<Opt>,
    f: TermForm,
    errors: FormErrors,
}

fn role_label(tr: Tr, t: &Term) -> String {
    let seat = tr.t(&format!("term-seat-{}", t.seat.as_str()));
    match t.office {
        Some(o) => format!("{}, {seat}", tr.t(&format!("term-office-{}", o.as_str()))),
        None => seat,
    }
}

async fn board_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: TermForm,
    errors: FormErrors,
) -> Result<Response> {
    let org = ctx.org.id;
    let terms = state.store.terms(org).await?;
    let day = today();
    let bodies = Body::ALL
        .into_iter()
        .map(|b| BodyView {
            label: tr.t(&format!("body-{}", b.as_str())),
            rows: terms
                .iter()
                .filter(|t| t.body == b)
                .map(|t| TermRow {
                    role: role_label(tr, t),
                    current: t.in_force(day),
                    term: t.clone(),
                })
                .collect(),
        })
        .collect();
    let manage = ctx.auth.user.role.can(Permission::ManageOrg);
    let (tasks, log, late) = if manage {
        let tasks = state
            .store
            .tasks(org)
            .await?
            .into_iter()
            .map(|task| TaskRow {
                paragraph: format!("{} §{}", task.meeting_date, task.paragraph + 1),
                task,
            })
            .collect();
        let notices = state.store.notices(org).await?;
        let label = |id: i64| {
            notices
                .iter()
                .find(|n| n.id == id)
                .map_or(String::new(), |n| {
                    format!(
                        "{} {} {}",
                        tr.t(&format!("notice-kind-{}", n.kind.as_str())),
                        tr.t(&format!("body-{}", n.body.as_str())).to_lowercase(),
                        n.meeting_date
                    )
                })
        };
        let log = state
            .store
            .notice_log(org)
            .await?
            .into_iter()
            .map(|s| LogRow {
                notice: label(s.notice_id),
                from: time_sv(s.from),
                to: s.to.map(time_sv).unwrap_or_else(|| tr.t("notice-still-up")),
            })
            .collect();
        let late = notices
            .iter()
            .filter_map(|n| {
                let justered = n.justered_on?;
                posted_late(justered, n.posted_on).then(|| {
                    tr.tn(
                        "notice-posted-late",
                        &[
                            ("meeting", &n.meeting_date.to_string()),
                            ("justered", &justered.to_string()),
                            ("posted", &n.posted_on.to_string()),
                        ],
                    )
                })
            })
            .collect();
        (tasks, log, late)
    } else {
        (vec![], vec![], vec![])
    };
    let members = state.store.list_members(org).await?;
    let status = errors.status();
    let page = BoardPage {
        base: base(ctx),
        bodies,
        manage,
        tasks,
        log,
        late,
        body_opts: opts(
            Body::ALL
                .iter()
                .map(|b| (b.as_str(), tr.t(&format!("body-{}", b.as_str())))),
            &f.body,
        ),
        party_opts: opts(
            members.iter().map(|m| (m.id.to_string(), m.name.clone())),
            &f.party,
        ),
        member_opts: opts(
            std::iter::once((String::new(), tr.t("term-substitute-for-none"))).chain(
                terms
                    .iter()
                    .filter(|t| t.seat == Seat::Ordinary)
                    .map(|t| (t.id.to_string(), format!("{} ({})", t.name, t.party))),
            ),
            &f.substitute_for,
        ),
        f,
        errors,
        l: Layout::org(tr, ctx, "/board", tr.t("nav-board")),
    };
    Ok((status, render(page)?).into_response())
}

async fn board(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let f = TermForm {
        from: today().to_string(),
        ..Default::default()
    };
    board_page(&state, tr, &ctx, f, FormErrors::default()).await
}

async fn add_term(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<TermForm>,
) -> Result<Response> {
    let parties: Vec<i64> = state
        .store
        .list_members(ctx.org.id)
        .await?
        .iter()
        .map(|m| m.id)
        .collect();
    let added = match TermFields::parse(&f, &parties) {
        Ok(fields) => state
            .store
            .add_term(ctx.org.id, &ctx.actor(), &fields)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("{}/board", base(&ctx))).into_response()),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            board_page(&state, tr, &ctx, f, errors).await
        }
        Err(e) => Err(e),
    }
}

async fn remove_term(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    state
        .store
        .remove_term(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("{}/board", base(&ctx))).into_response())
}

async fn report_task(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    state
        .store
        .report_task(ctx.org.id, &ctx.actor(), id, today())
        .await?;
    Ok(Redirect::to(&format!("{}/board#tasks", base(&ctx))).into_response())
}
