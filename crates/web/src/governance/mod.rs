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
use samordna_domain::governance::minutes::{Link, Minutes, ParagraphForm, PerCapsulum, Ruling};
use samordna_domain::governance::notices::posted_late;
use samordna_domain::governance::{Body, Seat, Term, TermFields, TermForm};
use samordna_store::governance::Task;

pub fn routes() -> Vec<Route> {
    let mut routes = vec![
        get("/o/{org}/board", ViewOrg, board).menu(Board, "nav-board"),
        post("/o/{org}/board/terms", ManageOrg, add_term),
        post("/o/{org}/board/terms/{id}/remove", ManageOrg, remove_term),
        post("/o/{org}/board/tasks/{id}/reported", ManageOrg, report_task),
        post(
            "/o/{org}/board/per-capsulum",
            ManageOrg,
            record_per_capsulum,
        ),
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

pub struct PerCapsulumRow {
    pub decided_on: String,
    pub body: String,
    pub title: String,
    pub decisions: Vec<String>,
    /// "Protokollfört 2023-08-31 §6" with a link, or that the next minutes will.
    pub recorded: String,
    pub href: Option<String>,
}

/// The forms of the page as typed, with what was wrong in them.
#[derive(Default)]
struct Typed {
    term: TermForm,
    term_errors: FormErrors,
    per_capsulum: PerCapsulumForm,
    per_capsulum_errors: FormErrors,
}

/// A decision taken by correspondence, for the body that took it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PerCapsulumForm {
    pub body: String,
    #[serde(flatten)]
    pub paragraph: ParagraphForm,
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
    per_capsulum: Vec<PerCapsulumRow>,
    pc_body_opts: Vec<Opt>,
    f: TermForm,
    errors: FormErrors,
    pc: ParagraphForm,
    pc_errors: FormErrors,
}

fn role_label(tr: Tr, t: &Term) -> String {
    let seat = tr.t(&format!("term-seat-{}", t.seat.as_str()));
    match t.office {
        Some(o) => format!("{}, {seat}", tr.t(&format!("term-office-{}", o.as_str()))),
        None => seat,
    }
}

async fn board_page(state: &AppState, tr: Tr, ctx: &OrgCtx, typed: Typed) -> Result<Response> {
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
    let per_capsulum = per_capsulum_rows(state, tr, ctx).await?;
    let members = state.store.list_members(org).await?;
    let Typed {
        term: f,
        term_errors: errors,
        per_capsulum: pc,
        per_capsulum_errors: pc_errors,
    } = typed;
    let status = if errors.is_empty() {
        pc_errors.status()
    } else {
        errors.status()
    };
    let body_opts = |chosen: &str| {
        opts(
            Body::ALL
                .iter()
                .map(|b| (b.as_str(), tr.t(&format!("body-{}", b.as_str())))),
            chosen,
        )
    };
    let page = BoardPage {
        base: base(ctx),
        bodies,
        manage,
        tasks,
        log,
        late,
        body_opts: body_opts(&f.body),
        pc_body_opts: body_opts(&pc.body),
        per_capsulum,
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
        pc: pc.paragraph,
        pc_errors,
        l: Layout::org(tr, ctx, "/board", tr.t("nav-board")),
    };
    Ok((status, render(page)?).into_response())
}

async fn board(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let term = TermForm {
        from: today().to_string(),
        ..Default::default()
    };
    let typed = Typed {
        term,
        ..Default::default()
    };
    board_page(&state, tr, &ctx, typed).await
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
            let typed = Typed {
                term_errors: FormErrors::new(tr, &e),
                term: f,
                ..Default::default()
            };
            board_page(&state, tr, &ctx, typed).await
        }
        Err(e) => Err(e),
    }
}

/// The register of decisions taken by correspondence, newest first, each with the minutes
/// that record it.
async fn per_capsulum_rows(state: &AppState, tr: Tr, ctx: &OrgCtx) -> Result<Vec<PerCapsulumRow>> {
    let register = state.store.per_capsulum(ctx.org.id).await?;
    let meetings = if register.iter().any(|p| p.recorded_in.is_some()) {
        state.store.meetings(ctx.org.id, None).await?
    } else {
        vec![]
    };
    Ok(register
        .into_iter()
        .map(|p| {
            let decided_on = p.decided_on().to_string();
            let recorded = p
                .recorded_in
                .and_then(|id| meetings.iter().find(|m| m.id == id))
                .map(|m| {
                    let at = m.minutes.as_ref().and_then(|minutes| {
                        minutes.paragraphs.iter().position(|q| {
                            q.per_capsulum == p.paragraph.per_capsulum
                                && q.title == p.paragraph.title
                        })
                    });
                    let paragraph = at.map(Minutes::number).unwrap_or_default();
                    (
                        tr.tn(
                            "per-capsulum-recorded",
                            &[("date", &m.date.to_string()), ("paragraph", &paragraph)],
                        ),
                        format!("{}/meetings/{}#minutes", base(ctx), m.id),
                    )
                });
            let decisions = match &p.paragraph.ruling {
                Ruling::Decides(items) => items.iter().map(|d| d.text.clone()).collect(),
                _ => vec![],
            };
            let (recorded, href) = match recorded {
                Some((text, href)) => (text, Some(href)),
                None => (tr.t("per-capsulum-pending"), None),
            };
            PerCapsulumRow {
                decided_on,
                body: tr.t(&format!("body-{}", p.body.as_str())),
                title: p.paragraph.title,
                decisions,
                recorded,
                href,
            }
        })
        .collect())
}

async fn record_per_capsulum(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<PerCapsulumForm>,
) -> Result<Response> {
    let parsed = match (
        Body::parse("body", &f.body),
        PerCapsulum::parse(&f.paragraph),
    ) {
        (Ok(body), Ok(paragraph)) => Ok((body, paragraph)),
        (body, paragraph) => {
            let mut e: Vec<_> = body.err().into_iter().collect();
            e.extend(paragraph.err().unwrap_or_default());
            Err(Error::Invalid(e))
        }
    };
    let recorded = match parsed {
        Ok((body, paragraph)) => state
            .store
            .record_per_capsulum(ctx.org.id, &ctx.actor(), body, &paragraph)
            .await
            .map_err(Error::from),
        Err(e) => Err(e),
    };
    match recorded {
        Ok(_) => Ok(Redirect::to(&format!("{}/board#per-capsulum", base(&ctx))).into_response()),
        Err(Error::Invalid(e)) => {
            let typed = Typed {
                per_capsulum_errors: FormErrors::new(tr, &e),
                per_capsulum: f,
                ..Default::default()
            };
            board_page(&state, tr, &ctx, typed).await
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
