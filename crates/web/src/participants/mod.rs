//! Participants: registration with or without identity, consent, the record with its stays,
//! the registerutdrag and erasure. A coach's and a coordinator's view is narrowed by their
//! scope in the store; the board and the auditor never reach these pages.

mod episodes;
mod files;
mod record;
mod registration;
mod work;

pub(crate) use work::{task_rows, TaskRow};

use crate::auth::OrgCtx;
use crate::error::Result;
use crate::forms::{opts, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Participants;
use crate::routes::{get, Route};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::ViewPersonalData;
use samordna_domain::orgs::interventions::{Intervention, InterventionKind};
use samordna_domain::orgs::members::{Member, MemberKind};
use samordna_domain::orgs::Org;
use samordna_domain::participants::record::{ConsentScope, Episode, Viewer};
use samordna_domain::participants::{IncomeSet, IncomeSource};
use samordna_domain::Invalid;
use samordna_domain::Reason;
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    let own = vec![
        get("/o/{org}/coach", ViewPersonalData, work::coach).menu(Participants, "nav-coach"),
        get("/o/{org}/participants", ViewPersonalData, list).menu(Participants, "nav-participants"),
    ];
    [
        own,
        registration::routes(),
        record::routes(),
        episodes::routes(),
        work::routes(),
        files::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A checkbox of an income source.
pub struct Check {
    pub name: String,
    pub label: String,
    pub checked: bool,
}

/// The parties a consent is given to: the förbund itself and its members, by name.
fn consent_parties(tr: Tr, org: &Org, members: &[Member], chosen: &str) -> Vec<Opt> {
    let names = std::iter::once(org.name.clone()).chain(members.iter().map(|m| m.name.clone()));
    let choose = std::iter::once((String::new(), tr.t("choose-one")));
    opts(choose.chain(names.map(|n| (n.clone(), n))), chosen)
}

/// The party of a consent, one of `consent_parties`.
fn parse_party(text: &str, org: &Org, members: &[Member]) -> Result<String, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::new("given_to", text, Reason::Required));
    }
    std::iter::once(org.name.as_str())
        .chain(members.iter().map(|m| m.name.as_str()))
        .find(|n| *n == text)
        .map(str::to_string)
        .ok_or_else(|| Invalid::new("given_to", text, Reason::UnknownValue))
}

/// The checkboxes of what a consent allows, named `scope_{code}`.
fn scope_checks(tr: Tr, fields: &HashMap<String, String>) -> Vec<Check> {
    ConsentScope::ALL
        .into_iter()
        .map(|s| Check {
            name: format!("scope_{}", s.as_str()),
            label: tr.t(&format!("consent-scope-{}", s.as_str())),
            checked: fields.contains_key(&format!("scope_{}", s.as_str())),
        })
        .collect()
}

fn scope_from(fields: &HashMap<String, String>) -> Result<Vec<ConsentScope>, Invalid> {
    let ticked = ConsentScope::ALL
        .into_iter()
        .filter(|s| fields.contains_key(&format!("scope_{}", s.as_str())))
        .map(|s| s.as_str());
    ConsentScope::parse_set("consent_scope", ticked)
}

/// What a consent allows, in words.
fn scope_text(tr: Tr, scope: &[ConsentScope]) -> String {
    if scope.is_empty() {
        return tr.t("consent-scope-unknown");
    }
    let words: Vec<String> = scope
        .iter()
        .map(|s| tr.t(&format!("consent-scope-{}", s.as_str())))
        .collect();
    words.join(", ")
}

/// The income-source checkboxes of one form, named `{prefix}_{code}`.
fn income_checks(tr: Tr, prefix: &str, set: &IncomeSet) -> Vec<Check> {
    IncomeSource::ALL
        .into_iter()
        .map(|s| Check {
            name: format!("{prefix}_{}", s.as_str()),
            label: tr.t(&format!("income-{}", s.as_str())),
            checked: set.0.contains(&s),
        })
        .collect()
}

/// The sources of a set in words, for a record or an extract.
fn income_text(tr: Tr, set: &IncomeSet) -> String {
    let words: Vec<String> = set
        .0
        .iter()
        .map(|s| tr.t(&format!("income-{}", s.as_str())))
        .collect();
    words.join(", ")
}

/// The sources ticked in a form.
fn income_from(
    fields: &HashMap<String, String>,
    prefix: &str,
    field: &'static str,
) -> Result<IncomeSet, Invalid> {
    let ticked = IncomeSource::ALL
        .into_iter()
        .filter(|s| fields.contains_key(&format!("{prefix}_{}", s.as_str())))
        .map(|s| s.as_str());
    IncomeSet::parse(field, ticked)
}

/// The förbund's individual interventions and municipalities the viewer may work in.
async fn choices_for(
    state: &AppState,
    ctx: &OrgCtx,
    viewer: &Viewer,
) -> Result<(Vec<Intervention>, Vec<Member>)> {
    let interventions: Vec<Intervention> = state
        .store
        .list_interventions(ctx.org.id)
        .await?
        .into_iter()
        .filter(|i| i.fields.kind == InterventionKind::Individual)
        .collect();
    let members = state.store.list_members(ctx.org.id).await?;
    let municipalities = members
        .iter()
        .filter(|m| m.kind == MemberKind::Municipality)
        .filter(|m| {
            interventions
                .iter()
                .any(|i| viewer.visibility.sees(i.id, m.id))
        })
        .cloned()
        .collect();
    let interventions = interventions
        .into_iter()
        .filter(|i| members.iter().any(|m| viewer.visibility.sees(i.id, m.id)))
        .collect();
    Ok((interventions, municipalities))
}

// ---- list ----

#[derive(Template)]
#[template(path = "participants/list.html")]
struct ListPage {
    l: Layout,
    base: String,
    episodes: Vec<Episode>,
    can_manage: bool,
}

impl ListPage {
    fn status(&self, e: &Episode) -> String {
        self.l.tr.t(&format!("status-{}", e.status().as_str()))
    }
    fn gender(&self, e: &Episode) -> String {
        self.l.tr.t(&format!("gender-{}", e.gender.as_str()))
    }
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let filter = samordna_store::EpisodeFilter {
        open_only: true,
        ..Default::default()
    };
    let episodes = state.store.episodes(ctx.org.id, &viewer, &filter).await?;
    let page = ListPage {
        l: Layout::org(tr, &ctx, "/participants", tr.t("nav-participants")),
        base: format!("/o/{}", ctx.org.slug),
        episodes,
        can_manage: ctx.auth.user.role.can(Permission::ManageOrg),
    };
    Ok(render(page)?.into_response())
}
