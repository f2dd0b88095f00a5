//! An insats's verksamhetsbeskrivning in versions (`/interventions/{slug}/descriptions`):
//! every one read by the förbund, the director adds the version a decision adopted.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::forms::{today, FormErrors};
use crate::governance::{decided, LinkKind};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::orgs::interventions::Intervention;
use samordna_domain::plans::descriptions::{Version, VersionForm};

#[derive(Template)]
#[template(path = "plans/descriptions.html")]
struct DescriptionsPage {
    l: Layout,
    base: String,
    i: Intervention,
    versions: Vec<Version>,
    /// The board's decisions on this description, to name one.
    decisions: Vec<String>,
    manage: bool,
    f: VersionForm,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    i: Intervention,
    f: Option<VersionForm>,
    errors: FormErrors,
) -> Result<Response> {
    let versions = state.store.description_versions(ctx.org.id, i.id).await?;
    let slug = i.fields.slug.clone();
    let decisions = decided(state, tr, ctx, |l| {
        l.kind == LinkKind::Description && l.key == slug
    })
    .await?
    .into_iter()
    .map(|d| d.text)
    .collect();
    let d = &i.fields.description;
    let f = f.unwrap_or_else(|| VersionForm {
        goal: d.goal.clone(),
        target_group: d.target_group.clone(),
        content: d.content.clone(),
        follow_up: d.follow_up.clone(),
        adopted_on: today().to_string(),
        decision: String::new(),
    });
    let status = errors.status();
    let title = tr.t1("description-title", "name", &i.fields.name);
    let page = DescriptionsPage {
        base: format!("/o/{}", ctx.org.slug),
        versions,
        decisions,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        f,
        errors,
        l: Layout::org(tr, ctx, "/interventions", title),
        i,
    };
    Ok((status, render(page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response> {
    let i = state.store.get_intervention(ctx.org.id, &slug).await?;
    page(&state, tr, &ctx, i, None, FormErrors::default()).await
}

pub async fn add(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, slug)): Path<(String, String)>,
    CsrfForm(f): CsrfForm<VersionForm>,
) -> Result<Response> {
    let i = state.store.get_intervention(ctx.org.id, &slug).await?;
    match Version::parse(&f, i.fields.long_term) {
        Ok(v) => {
            state
                .store
                .add_description_version(ctx.org.id, &ctx.actor(), i.id, &v)
                .await?;
            Ok(Redirect::to(&format!(
                "/o/{}/interventions/{slug}/descriptions",
                ctx.org.slug
            ))
            .into_response())
        }
        Err(e) => {
            let errors = FormErrors::new(tr, &e);
            page(&state, tr, &ctx, i, Some(f), errors).await
        }
    }
}
