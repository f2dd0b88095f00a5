//! Networks of förbund: the network's view of its förbund (aggregates only, protected
//! across the whole table), and the director's consent to join or leave a network.

use crate::auth::{NetworkCtx, OrgCtx};
use crate::csrf::CsrfForm;
use crate::csrf::NoFields;
use crate::error::Result;
use crate::forms::{opts, today, Opt};
use crate::i18n::Words;
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Settings;
use crate::routes::{get, post, Access, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::economy::{budgets_of, network_budgets_table};
use samordna_app::stats::{network_report, network_tables};
use samordna_app::surveys::indicator_summary;
use samordna_domain::access::roles::Permission::ManageOrg;
use samordna_domain::orgs::networks::Network;
use samordna_domain::stats::Period;
use samordna_domain::{Invalid, Reason};
use samordna_reports::Table;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/n/{network}", Access::Network, start),
        get("/n/{network}/stats", Access::Network, stats),
        get("/o/{org}/networks", ManageOrg, list).menu(Settings, "nav-networks"),
        post("/o/{org}/networks/{network}/join", ManageOrg, join),
        post("/o/{org}/networks/{network}/leave", ManageOrg, leave),
    ]
}

async fn start(ctx: NetworkCtx) -> Redirect {
    Redirect::to(&format!("/n/{}/stats", ctx.network.slug))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct YearQuery {
    year: String,
}

#[derive(Template)]
#[template(path = "orgs/network_stats.html")]
struct NetworkStatsPage {
    l: Layout,
    years: Vec<Opt>,
    members: usize,
    /// Each table with the id of its heading.
    tables: Vec<(String, String, Table)>,
}

/// The year asked for, 2000 to this year; none asked, the last whole year.
fn year_of(text: &str, this_year: i32) -> Result<i32> {
    match text.trim() {
        "" => Ok(this_year - 1),
        t => t
            .parse()
            .ok()
            .filter(|y| (2000..=this_year).contains(y))
            .ok_or_else(|| Invalid::new("year", t, Reason::UnknownValue).into()),
    }
}

async fn stats(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: NetworkCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let this_year = today().year();
    let year = year_of(&q.year, this_year)?;
    let report = network_report(
        &*state.store,
        &ctx.network,
        Period::year(year),
        &ctx.auth.actor(),
    )
    .await?;
    let (mut survey, _) =
        indicator_summary(&*state.store, &report.orgs, year, &tr.t("network-together")).await?;
    survey.headers = [
        tr.t("network-org"),
        tr.t("network-round"),
        tr.t("network-answers"),
    ]
    .into_iter()
    .chain((1..=7).map(|q| tr.t1("network-question", "n", &q.to_string())))
    .collect();
    let survey_title = tr.t1("network-survey-title", "year", &year.to_string());
    let budgets = budgets_of(&*state.store, &report.orgs, year).await?;
    let budgets = (
        tr.t1("network-budget-title", "year", &year.to_string()),
        network_budgets_table(&tr, &budgets, year),
    );
    let tables = network_tables(&tr, &report)
        .into_iter()
        .chain([budgets])
        .chain((!survey.rows.is_empty()).then_some((survey_title, survey)))
        .enumerate()
        .map(|(i, (title, t))| (format!("h-net-{i}"), title, t))
        .collect();
    let title = tr.t1("network-stats-title", "year", &year.to_string());
    Ok(render(NetworkStatsPage {
        l: Layout::network(tr, &ctx, title),
        years: opts(
            (2019..=this_year)
                .rev()
                .map(|y| (y.to_string(), y.to_string())),
            &year.to_string(),
        ),
        members: report.orgs.len(),
        tables,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "orgs/networks.html")]
struct NetworksPage {
    l: Layout,
    base: String,
    networks: Vec<Choice>,
}

/// A network of the installation, and whether the förbund is in it.
struct Choice {
    network: Network,
    member: bool,
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let joined = state.store.org_networks(ctx.org.id).await?;
    let networks = state
        .store
        .list_networks()
        .await?
        .into_iter()
        .map(|network| Choice {
            member: joined.iter().any(|m| m.network.id == network.id),
            network,
        })
        .collect();
    Ok(render(NetworksPage {
        l: Layout::org(tr, &ctx, "/networks", tr.t("nav-networks")),
        base: format!("/o/{}", ctx.org.slug),
        networks,
    })?
    .into_response())
}

async fn join(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, network)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Redirect> {
    consent(&state, &ctx, &network, true).await
}

async fn leave(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, network)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Redirect> {
    consent(&state, &ctx, &network, false).await
}

/// The director gives (`true`) or withdraws the förbund's consent to be in the network.
async fn consent(state: &AppState, ctx: &OrgCtx, network: &str, given: bool) -> Result<Redirect> {
    let network = state.store.network_by_slug(network).await?;
    let (id, org, actor) = (network.id, ctx.org.id, ctx.actor());
    if given {
        state.store.join_network(id, org, &actor).await?;
    } else {
        state.store.leave_network(id, org, &actor).await?;
    }
    Ok(Redirect::to(&format!("/o/{}/networks", ctx.org.slug)))
}
