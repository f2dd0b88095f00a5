//! The förbund's interventions: the start page of a förbund, and the director's CRUD.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Participants;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewOrg};
use samordna_domain::orgs::interventions::{
    Intervention, InterventionFields, InterventionInput, InterventionKind,
};

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/interventions", ViewOrg, list).menu(Participants, "nav-interventions"),
        post("/o/{org}/interventions", ManageOrg, create),
        get("/o/{org}/interventions/new", ManageOrg, new_form),
        get("/o/{org}/interventions/{slug}", ViewOrg, show),
        post("/o/{org}/interventions/{slug}", ManageOrg, update),
        get("/o/{org}/interventions/{slug}/edit", ManageOrg, edit_form),
        post("/o/{org}/interventions/{slug}/delete", ManageOrg, delete),
    ]
}

#[derive(Template)]
#[template(path = "orgs/interventions/list.html")]
struct ListPage {
    l: Layout,
    base: String,
    individual: Vec<Intervention>,
    structural: Vec<Intervention>,
    can_manage: bool,
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let all = state.store.list_interventions(ctx.org.id).await?;
    let (individual, structural) = all
        .into_iter()
        .partition(|i| i.fields.kind == InterventionKind::Individual);
    let l = Layout::org(tr, &ctx, "/interventions", tr.t("interventions-title"));
    let page = ListPage {
        l,
        base: format!("/o/{}", ctx.org.slug),
        individual,
        structural,
        can_manage: ctx.auth.user.role.can(Permission::ManageOrg),
    };
    Ok(render(page)?.into_response())
}

#[derive(Template)]
#[template(path = "orgs/interventions/show.html")]
struct ShowPage {
    l: Layout,
    base: String,
    i: Intervention,
    kind: String,
    missing: Vec<String>,
    can_manage: bool,
    /// The board's decisions on its verksamhetsbeskrivning.
    decided: Vec<crate::governance::Decided>,
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response> {
    let i = state.store.get_intervention(ctx.org.id, &slug).await?;
    let missing = i
        .fields
        .missing_description_parts()
        .into_iter()
        .map(|f| tr.t(&format!("field-{f}")))
        .collect();
    let l = Layout::org(tr, &ctx, "/interventions", i.fields.name.clone());
    let kind = tr.t(&format!("kind-{}", i.fields.kind.as_str()));
    let decided = crate::governance::decided(&state, tr, &ctx, |l| {
        l.kind == crate::governance::LinkKind::Description && l.key == slug
    })
    .await?;
    let page = ShowPage {
        decided,
        l,
        base: format!("/o/{}", ctx.org.slug),
        i,
        kind,
        missing,
        can_manage: ctx.auth.user.role.can(Permission::ManageOrg),
    };
    Ok(render(page)?.into_response())
}

#[derive(Template)]
#[template(path = "orgs/interventions/form.html")]
struct FormPage {
    l: Layout,
    action: String,
    cancel: String,
    f: InterventionInput,
    kinds: Vec<Opt>,
    errors: FormErrors,
}

impl FormPage {
    fn respond(self) -> Result<Response> {
        let status = self.errors.status();
        Ok((status, render(self)?).into_response())
    }
}

fn form_page(
    tr: Tr,
    ctx: &OrgCtx,
    title_key: &str,
    action: String,
    f: InterventionInput,
    errors: FormErrors,
) -> FormPage {
    let base = format!("/o/{}", ctx.org.slug);
    let kinds = opts(
        InterventionKind::ALL.map(|k| (k.as_str(), tr.t(&format!("kind-{}", k.as_str())))),
        &f.kind,
    );
    FormPage {
        l: Layout::org(tr, ctx, "/interventions", tr.t(title_key)),
        action,
        cancel: base,
        f,
        kinds,
        errors,
    }
}

async fn new_form(Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let f = InterventionInput {
        kind: "individual".into(),
        age_min: "18".into(),
        age_max: "64".into(),
        ..Default::default()
    };
    form_page(
        tr,
        &ctx,
        "intervention-new",
        format!("/o/{}/interventions", ctx.org.slug),
        f,
        FormErrors::default(),
    )
    .respond()
}

async fn create(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(input): CsrfForm<InterventionInput>,
) -> Result<Response> {
    save(&state, tr, &ctx, None, input).await
}

/// Creates (`existing` = None) or changes an intervention; a refused form is shown again
/// with every problem beside its field.
async fn save(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    existing: Option<Intervention>,
    input: InterventionInput,
) -> Result<Response> {
    let (action, title) = match &existing {
        Some(i) => (
            format!("/o/{}/interventions/{}", ctx.org.slug, i.fields.slug),
            "intervention-edit",
        ),
        None => (
            format!("/o/{}/interventions", ctx.org.slug),
            "intervention-new",
        ),
    };
    let result = match InterventionFields::parse(&input) {
        Ok(fields) => match &existing {
            Some(i) => {
                state
                    .store
                    .update_intervention(ctx.org.id, &ctx.actor(), i.id, &fields)
                    .await
            }
            None => {
                state
                    .store
                    .create_intervention(ctx.org.id, &ctx.actor(), &fields)
                    .await
            }
        }
        .map_err(Error::from),
        Err(errors) => Err(Error::Invalid(errors)),
    };
    match result {
        Ok(i) => Ok(Redirect::to(&format!(
            "/o/{}/interventions/{}",
            ctx.org.slug, i.fields.slug
        ))
        .into_response()),
        Err(Error::Invalid(errors)) => {
            form_page(tr, ctx, title, action, input, FormErrors::new(tr, &errors)).respond()
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response> {
    let i = state.store.get_intervention(ctx.org.id, &slug).await?;
    let action = format!("/o/{}/interventions/{}", ctx.org.slug, slug);
    form_page(
        tr,
        &ctx,
        "intervention-edit",
        action,
        i.fields.to_input(),
        FormErrors::default(),
    )
    .respond()
}

async fn update(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, slug)): Path<(String, String)>,
    CsrfForm(input): CsrfForm<InterventionInput>,
) -> Result<Response> {
    let existing = state.store.get_intervention(ctx.org.id, &slug).await?;
    save(&state, tr, &ctx, Some(existing), input).await
}

async fn delete(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, slug)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Redirect> {
    let i = state.store.get_intervention(ctx.org.id, &slug).await?;
    state
        .store
        .delete_intervention(ctx.org.id, &ctx.actor(), i.id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/interventions", ctx.org.slug)))
}
