//! Member parties of the förbund: the municipalities, the region, FK and AF.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Board;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewOrg};
use samordna_domain::orgs::members::{Member, MemberKind, NewMember};
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/members", ViewOrg, list).menu(Board, "nav-members"),
        post("/o/{org}/members", ManageOrg, create),
        post("/o/{org}/members/{id}", ManageOrg, update),
        get("/o/{org}/members/{id}/edit", ManageOrg, edit_form),
        post("/o/{org}/members/{id}/delete", ManageOrg, delete),
    ]
}

#[derive(Deserialize, Default)]
pub struct MemberInput {
    pub name: String,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "orgs/members/list.html")]
struct ListPage {
    l: Layout,
    base: String,
    members: Vec<Member>,
    kinds: Vec<Opt>,
    can_manage: bool,
    f: MemberInput,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "orgs/members/edit.html")]
struct EditPage {
    l: Layout,
    base: String,
    id: i64,
    kinds: Vec<Opt>,
    f: MemberInput,
    errors: FormErrors,
}

fn kinds(tr: Tr, current: &str) -> Vec<Opt> {
    opts(
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
    state
        .store
        .delete_member(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/members", ctx.org.slug)))
}
