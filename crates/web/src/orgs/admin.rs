//! The installation's admin: creates förbund and their first director. Sees no data inside
//! a förbund.

use crate::auth::AdminCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::forms::FormErrors;
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Access, Route};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use samordna_app::access::{generated_password, hash_password};
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::invalid::{required_text, Errors};
use samordna_domain::orgs::{NewOrg, Org};
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/admin", Access::Admin, list),
        post("/admin/orgs", Access::Admin, create),
    ]
}

#[derive(Deserialize, Default)]
struct OrgInput {
    slug: String,
    name: String,
    director_email: String,
    director_name: String,
}

#[derive(Template)]
#[template(path = "orgs/admin.html")]
struct AdminPage {
    l: Layout,
    orgs: Vec<Org>,
    f: OrgInput,
    errors: FormErrors,
    secret: Option<(String, String)>,
}

async fn page(
    state: &AppState,
    tr: Tr,
    admin: &AdminCtx,
    f: OrgInput,
    errors: FormErrors,
    secret: Option<(String, String)>,
) -> Result<Response> {
    let orgs = state.store.list_orgs().await?;
    let code = errors.status();
    let l = Layout::admin(tr, &admin.0, tr.t("nav-orgs"));
    Ok((
        code,
        render(AdminPage {
            l,
            orgs,
            f,
            errors,
            secret,
        })?,
    )
        .into_response())
}

async fn list(
    State(state): State<AppState>,
    Words(tr): Words,
    admin: AdminCtx,
) -> Result<Response> {
    page(
        &state,
        tr,
        &admin,
        OrgInput::default(),
        FormErrors::default(),
        None,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    Words(tr): Words,
    admin: AdminCtx,
    CsrfForm(f): CsrfForm<OrgInput>,
) -> Result<Response> {
    let mut e = Errors::default();
    let org = e.take(NewOrg::parse(&f.slug, &f.name));
    let email = e.take(Email::parse(&f.director_email).map_err(|mut i| {
        i.field = "director_email";
        i
    }));
    let name = e.take(required_text("director_name", &f.director_name, 200));
    let (Some(org), Some(email), Some(name)) = (org, email, name) else {
        return page(&state, tr, &admin, f, FormErrors::new(tr, &e.0), None).await;
    };
    let actor = admin.0.actor();
    let password = generated_password();
    let hash = hash_password(password.clone()).await?;
    let created = state
        .store
        .create_org(&actor, &org)
        .await
        .map_err(Error::from);
    let created = match created {
        Ok(o) => o,
        Err(Error::Invalid(errors)) => {
            return page(&state, tr, &admin, f, FormErrors::new(tr, &errors), None).await
        }
        Err(other) => return Err(other),
    };
    let director = NewUser {
        org_id: Some(created.id),
        network_id: None,
        email,
        name,
        role: Role::Director,
        password_hash: hash,
        scope: Scope::default(),
    };
    match state
        .store
        .create_user(&actor, &director)
        .await
        .map_err(Error::from)
    {
        Ok(u) => {
            let secret = (tr.t1("user-created", "email", u.email.as_str()), password);
            page(
                &state,
                tr,
                &admin,
                OrgInput::default(),
                FormErrors::default(),
                Some(secret),
            )
            .await
        }
        Err(Error::Invalid(mut errors)) => {
            // The förbund exists now; the director can be added again with another address.
            errors.iter_mut().for_each(|e| e.field = "director_email");
            page(&state, tr, &admin, f, FormErrors::new(tr, &errors), None).await
        }
        Err(other) => Err(other),
    }
}
