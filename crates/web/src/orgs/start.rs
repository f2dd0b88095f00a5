//! The förbund's start page: what waits to be done and this year's key figures, each part
//! as far as the role may see it.

use crate::auth::OrgCtx;
use crate::error::Result;
use crate::forms::{today, Saved};
use crate::i18n::Words;
use crate::layout::{render, Layout};
use crate::participants::{task_rows, TaskRow};
use crate::routes::MenuGroup::Start;
use crate::routes::{get, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use samordna_app::orgs::{overview, KeyFigures, Sight, WaitingPayout};
use samordna_domain::access::roles::Permission::{self, ViewOrg};
use samordna_domain::economy::follow_up::Sums;
use samordna_domain::format::percent_bp;
use samordna_domain::surveys::Round;

/// How many late tasks the start page lists; the rest are counted.
const LATE_SHOWN: usize = 10;

pub fn routes() -> Vec<Route> {
    vec![get("/o/{org}", ViewOrg, start).menu(Start, "nav-start")]
}

#[derive(Template)]
#[template(path = "orgs/start.html")]
struct StartPage {
    l: Layout,
    base: String,
    today: String,
    year: i32,
    payouts: Vec<WaitingPayout>,
    queue: usize,
    /// The earliest late tasks, and how many there are in all.
    late: Vec<TaskRow>,
    late_total: usize,
    rounds: Vec<Round>,
    figures: Vec<KeyFigures>,
    /// The year's result and the budget it is held against, in words.
    result: Option<(Sums, String)>,
    saved: bool,
}

/// "Första halvåret 2026: 6 väntar på intyg och rapporter".
struct PayoutWait {
    year: i32,
    half: u8,
    waits: &'static str,
    count: usize,
    ready: bool,
}

impl StartPage {
    /// "35 %", or "–" without a figure.
    fn share(&self, bp: Option<i64>) -> String {
        bp.map(percent_bp).unwrap_or_else(|| "–".into())
    }

    /// The waiting payouts counted per half-year and what they wait for, the ones ready to
    /// approve first.
    fn payout_lines(&self) -> Vec<PayoutWait> {
        let mut lines: Vec<PayoutWait> = vec![];
        for p in &self.payouts {
            let waits = match (p.approval.certificate_on, p.approval.reports_on) {
                (Some(_), Some(_)) => "waits-approval",
                (None, None) => "waits-papers",
                (None, Some(_)) => "waits-certificate",
                (Some(_), None) => "waits-reports",
            };
            let key = (p.year, p.half, waits);
            match lines.iter_mut().find(|l| (l.year, l.half, l.waits) == key) {
                Some(l) => l.count += 1,
                None => lines.push(PayoutWait {
                    year: p.year,
                    half: p.half,
                    waits,
                    count: 1,
                    ready: waits == "waits-approval",
                }),
            }
        }
        lines.sort_by_key(|l| (!l.ready, l.year, l.half));
        lines
    }

    /// "Första halvåret 2026".
    fn period(&self, w: &PayoutWait) -> String {
        let key = format!("stats-half-{}", w.half);
        self.l.tr.t1(&key, "year", &w.year.to_string())
    }

    /// "6 väntar på intyg och rapporter".
    fn waits(&self, w: &PayoutWait) -> String {
        self.l.tr.count(w.waits, w.count)
    }

    fn late_more(&self) -> usize {
        self.late_total - self.late.len()
    }

    fn nothing_waits(&self) -> bool {
        self.payouts.is_empty() && self.queue == 0 && self.late.is_empty() && self.rounds.is_empty()
    }
}

async fn start(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(saved): Query<Saved>,
) -> Result<Response> {
    let role = ctx.auth.user.role;
    let viewer = ctx
        .viewer()
        .ok()
        .filter(|_| role.can(Permission::ViewPersonalData));
    let sight = Sight {
        personal: viewer.as_ref(),
        economy: role.can(Permission::ViewEconomy),
        protect: !role.can(Permission::ViewPersonalData),
    };
    let today = today();
    let o = overview(&*state.store, ctx.org.id, sight, today).await?;
    let page = StartPage {
        l: Layout::org(tr, &ctx, "", tr.t("nav-start")),
        base: format!("/o/{}", ctx.org.slug),
        today: today.to_string(),
        year: today.year(),
        payouts: o.payouts,
        queue: o.queue.unwrap_or(0),
        late_total: o.late.as_ref().map_or(0, Vec::len),
        late: task_rows(tr, &o.late.unwrap_or_default(), today)
            .into_iter()
            .take(LATE_SHOWN)
            .collect(),
        rounds: o.open_rounds,
        figures: o.figures,
        result: o
            .result
            .map(|(sums, budget)| (sums, crate::economy::budget_named(tr, &budget))),
        saved: saved.any(),
    };
    Ok(render(page)?.into_response())
}
