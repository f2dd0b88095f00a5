//! Member parties of the förbund: the municipalities, the region, FK and AF.

use super::{choices, render, Choice, FormErrors, Layout};
use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::i18n::{Tr, Words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use samordna_domain::access::roles::Permission;
use samordna_domain::orgs::members::{Member, MemberKind, NewMember};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{org}/members", get(list).post(create))
        .route("/o/{org}/members/{id}", post(update))
        .route("/o/{org}/members/{id}/edit", get(edit_form))
        .route("/o/{org}/members/{id}/delete", post(delete))
}

#[derive(Deserialize, Default)]
pub struct MemberInput {
    pub name: String,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "members/list.html")]
struct ListPage {
    l: Layout,
    base: String,
    members: Vec<Member>,
    kinds: Vec<Choice>,
    can_manage: bool,
    f: MemberInput,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "members/edit.html")]
struct EditPage {
    l: Layout,
    base: String,
    id: i64,
    kinds: Vec<Choice>,
    f: MemberInput,
    errors: FormErrors,
}

fn kinds(tr: Tr, current: &str) -> Vec<Choice> {
    choices(
        MemberKind::ALL.map(|k| (k.as_str(), tr.t(&kind_key(k)))),
        current,
    )
}

fn kind_key(k: MemberKind) -> String {
    format!("member-kind-{}", k.as_str())
}

impl ListPage {
    fn kind_label(&self, m: &Member) -> String {
        self.l.tr.t(&kind_key(m.kind))
    }
}

async fn list_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: MemberInput,
    errors: FormErrors,
) -> Result<Response> {
    ctx.require(Permission::ViewOrg)?;
    let members = state.store.list_members(ctx.org.id).await?;
    let l = Layout::org(tr, ctx, "/members", tr.t("nav-members"));
    let code = errors.status();
    let page = ListPage {
        l,
        base: format!("/o/{}", ctx.org.slug),
        members,
        kinds: kinds(tr, &f.kind),
        can_manage: ctx.auth.user.role.can(Permission::ManageOrg),
        f,
        errors,
    };
    Ok((code, render(page)?).into_response())
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    list_page(
        &state,
        tr,
        &ctx,
        MemberInput {
            kind: "municipality".into(),
            ..Default::default()
        },
        FormErrors::default(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<MemberInput>,
) -> Result<Response> {
    ctx.require(Permission::ManageOrg)?;
    let result = match NewMember::parse(&f.name, &f.kind) {
        Ok(new) => state
            .store
            .create_member(ctx.org.id, &ctx.actor(), &new)
            .await
            .map_err(Error::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/members", ctx.org.slug)).into_response()),
        Err(Error::Invalid(errors)) => {
            list_page(&state, tr, &ctx, f, FormErrors::new(tr, &errors)).await
        }
        Err(e) => Err(e),
    }
}

fn edit_page(
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    f: MemberInput,
    errors: FormErrors,
) -> Result<Response> {
    let l = Layout::org(tr, ctx, "/members", tr.t("member-edit"));
    let code = errors.status();
    Ok((
        code,
        render(EditPage {
            l,
            base: format!("/o/{}", ctx.org.slug),
            id,
            kinds: kinds(tr, &f.kind),
            f,
            errors,
        })?,
    )
        .into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    ctx.require(Permission::ManageOrg)?;
    let m = state.store.get_member(ctx.org.id, id).await?;
    edit_page(
        tr,
        &ctx,
        id,
        MemberInput {
            name: m.name,
            kind: m.kind.as_str().into(),
        },
        FormErrors::default(),
    )
}

async fn update(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<MemberInput>,
) -> Result<Response> {
    ctx.require(Permission::ManageOrg)?;
    let result = match NewMember::parse(&f.name, &f.kind) {
        Ok(new) => state
            .store
            .update_member(ctx.org.id, &ctx.actor(), id, &new)
            .await
            .map_err(Error::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/members", ctx.org.slug)).into_response()),
        Err(Error::Invalid(errors)) => edit_page(tr, &ctx, id, f, FormErrors::new(tr, &errors)),
        Err(e) => Err(e),
    }
}

async fn delete(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Redirect> {
    ctx.require(Permission::ManageOrg)?;
    state
        .store
        .delete_member(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/members", ctx.org.slug)))
}
