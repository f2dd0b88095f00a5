//! The förbund's accounts and API tokens, managed by its director. A new account gets a
//! generated password, shown once; a new API token likewise. Only their hashes are stored.

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Settings;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::access::{generated_password, hash_password, hash_token, new_api_token, now};
use samordna_domain::access::audit::{AuditAction, AuditEvent};
use samordna_domain::access::login::LOGIN_LIMITS;
use samordna_domain::access::roles::Permission::ManageUsers;
use samordna_domain::access::roles::TokenScope;
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser, User};
use samordna_domain::invalid::{required_text, Errors};
use samordna_domain::orgs::interventions::Intervention;
use samordna_domain::orgs::members::{Member, MemberKind};
use samordna_domain::AllOk;
use samordna_domain::{Invalid, Reason};
use samordna_store::NewToken;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/users", ManageUsers, list).menu(Settings, "nav-users"),
        post("/o/{org}/users", ManageUsers, create),
        post("/o/{org}/users/{id}/active", ManageUsers, set_active),
        post("/o/{org}/users/{id}/unlock", ManageUsers, unlock),
        post("/o/{org}/tokens", ManageUsers, create_token),
        post("/o/{org}/tokens/{id}/revoke", ManageUsers, revoke_token),
    ]
}

pub struct UserRow {
    pub id: i64,
    pub disabled: bool,
    /// The director's own account cannot be deactivated from here (no lock-out).
    pub is_me: bool,
    pub name: String,
    pub email: String,
    pub role: String,
    pub scope: String,
    /// Failed logins in the window, when they are enough to stop the account somewhere.
    pub failures: Option<i64>,
}

#[derive(Template)]
#[template(path = "access/users.html")]
struct UsersPage {
    l: Layout,
    base: String,
    users: Vec<UserRow>,
    tokens: Vec<TokenView>,
    roles: Vec<Opt>,
    interventions: Vec<Intervention>,
    municipalities: Vec<Member>,
    f: Vec<(String, String)>,
    errors: FormErrors,
    /// A password or token to show once.
    secret: Option<(String, String)>,
}

impl UsersPage {
    fn value(&self, field: &str) -> &str {
        self.f
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    fn checked(&self, field: &str, id: &i64) -> bool {
        let id = id.to_string();
        self.f.iter().any(|(k, v)| k == field && *v == id)
    }
}

fn scope_text(user: &User, interventions: &[Intervention], members: &[Member]) -> String {
    let names = |ids: &[i64], f: &dyn Fn(i64) -> Option<String>| {
        ids.iter()
            .filter_map(|id| f(*id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let i = names(&user.scope.interventions, &|id| {
        interventions
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.fields.name.clone())
    });
    let m = names(&user.scope.municipalities, &|id| {
        members.iter().find(|x| x.id == id).map(|x| x.name.clone())
    });
    [i, m]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: Vec<(String, String)>,
    errors: FormErrors,
    secret: Option<(String, String)>,
) -> Result<Response> {
    let store = &state.store;
    let users = store.list_users(ctx.org.id).await?;
    // Staff e-mail addresses are personal data too: their reading is logged.
    store
        .audit(
            Some(ctx.org.id),
            &ctx.actor(),
            &AuditEvent::new(AuditAction::Read, "users", ctx.org.id.0),
        )
        .await?;
    let interventions = store.list_interventions(ctx.org.id).await?;
    let municipalities: Vec<Member> = store
        .list_members(ctx.org.id)
        .await?
        .into_iter()
        .filter(|m| m.kind == MemberKind::Municipality)
        .collect();
    let since = now() - LOGIN_LIMITS.window_secs;
    let failures = store.failures_by_account(ctx.org.id, since).await?;
    let failures_of = |id: i64| {
        failures
            .iter()
            .find(|(u, n)| *u == id && *n >= LOGIN_LIMITS.per_account_and_address)
            .map(|(_, n)| *n)
    };
    let users = users
        .iter()
        .map(|u| UserRow {
            failures: failures_of(u.id),
            id: u.id,
            disabled: u.disabled,
            is_me: u.id == ctx.auth.user.id,
            name: u.name.clone(),
            email: u.email.as_str().to_string(),
            role: tr.t(&format!("role-{}", u.role.as_str())),
            scope: scope_text(u, &interventions, &municipalities),
        })
        .collect();
    let tokens = store
        .list_api_tokens(ctx.org.id)
        .await?
        .into_iter()
        .map(TokenView::from)
        .collect();
    let chosen = f
        .iter()
        .find(|(k, _)| k == "role")
        .map(|(_, v)| v.as_str())
        .unwrap_or("coach")
        .to_string();
    let roles = opts(
        Role::ALL
            .into_iter()
            .filter(|r| r.is_org_role())
            .map(|r| (r.as_str(), tr.t(&format!("role-{}", r.as_str())))),
        &chosen,
    );
    let code = errors.status();
    let l = Layout::org(tr, ctx, "/users", tr.t("nav-users"));
    let p = UsersPage {
        l,
        base: format!("/o/{}", ctx.org.slug),
        users,
        tokens,
        roles,
        interventions,
        municipalities,
        f,
        errors,
        secret,
    };
    Ok((code, render(p)?).into_response())
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    page(&state, tr, &ctx, vec![], FormErrors::default(), None).await
}

fn ids(form: &[(String, String)], field: &'static str) -> Result<Vec<i64>, Invalid> {
    form.iter()
        .filter(|(k, _)| k == field)
        .map(|(_, v)| {
            v.parse()
                .map_err(|_| Invalid::new(field, v.clone(), Reason::NotANumber))
        })
        .collect()
}

async fn create(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response> {
    let get = |k: &str| {
        form.iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let mut e = Errors::default();
    let email = e.take(Email::parse(get("email")));
    let name = e.take(required_text("name", get("name"), 200));
    let role = e.take(Role::parse(get("role")).and_then(|r| {
        if r.is_org_role() {
            Ok(r)
        } else {
            Err(Invalid::new("role", "admin", Reason::UnknownValue))
        }
    }));
    let interventions = e.take(ids(&form, "interventions"));
    let municipalities = e.take(ids(&form, "municipalities"));
    let (Some(email), Some(name), Some(role), Some(interventions), Some(municipalities)) =
        (email, name, role, interventions, municipalities)
    else {
        return page(&state, tr, &ctx, form, FormErrors::new(tr, &e.0), None).await;
    };
    let password = generated_password();
    let new = NewUser {
        org_id: Some(ctx.org.id),
        network_id: None,
        email,
        name,
        role,
        password_hash: hash_password(password.clone()).await?,
        scope: Scope {
            interventions,
            municipalities,
        },
    };
    match state
        .store
        .create_user(&ctx.actor(), &new)
        .await
        .map_err(Error::from)
    {
        Ok(user) => {
            let secret = (
                tr.t1("user-created", "email", user.email.as_str()),
                password,
            );
            page(
                &state,
                tr,
                &ctx,
                vec![],
                FormErrors::default(),
                Some(secret),
            )
            .await
        }
        Err(Error::Invalid(errors)) => {
            page(&state, tr, &ctx, form, FormErrors::new(tr, &errors), None).await
        }
        Err(other) => Err(other),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    name: String,
    scope: String,
}

async fn create_token(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Response> {
    let fields = vec![("token_name".to_string(), form.name.clone())];
    let parsed = (
        required_text("token_name", &form.name, 100),
        TokenScope::parse(&form.scope),
    )
        .all_ok();
    let (name, scope) = match parsed {
        Ok(v) => v,
        Err(e) => return page(&state, tr, &ctx, fields, FormErrors::new(tr, &e), None).await,
    };
    let token = new_api_token();
    let new = NewToken {
        user_id: ctx.auth.user.id,
        name: &name,
        token_hash: &hash_token(&token),
        scope,
        created_at: now(),
    };
    match state
        .store
        .create_api_token(ctx.org.id, &ctx.actor(), &new)
        .await
        .map_err(Error::from)
    {
        Ok(_) => {
            page(
                &state,
                tr,
                &ctx,
                vec![],
                FormErrors::default(),
                Some((tr.t1("token-created", "name", &name), token)),
            )
            .await
        }
        Err(Error::Invalid(mut errors)) => {
            errors.iter_mut().for_each(|e| e.field = "token_name");
            page(&state, tr, &ctx, fields, FormErrors::new(tr, &errors), None).await
        }
        Err(other) => Err(other),
    }
}

#[derive(serde::Deserialize)]
struct ActiveForm {
    active: String,
}

/// Deactivates an account (its sessions and tokens stop at once) or activates it again.
async fn set_active(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Result<Redirect> {
    if id == ctx.auth.user.id {
        return Err(Error::Forbidden);
    }
    state
        .store
        .set_user_disabled(ctx.org.id, &ctx.actor(), id, form.active != "1")
        .await?;
    Ok(Redirect::to(&format!("/o/{}/users", ctx.org.slug)))
}

async fn revoke_token(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Redirect> {
    state
        .store
        .revoke_api_token(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/users", ctx.org.slug)))
}

/// An API token as listed (never the token itself).
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub user: String,
    pub scope: &'static str,
    pub created: String,
}

impl From<samordna_store::ApiToken> for TokenView {
    fn from(t: samordna_store::ApiToken) -> Self {
        let f = time::macros::format_description!("[year]-[month]-[day]");
        let created = time::OffsetDateTime::from_unix_timestamp(t.created_at)
            .ok()
            .and_then(|d| d.format(&f).ok())
            .unwrap_or_default();
        TokenView {
            id: t.id,
            name: t.name,
            user: t.user_email,
            scope: t.scope.as_str(),
            created,
        }
    }
}

/// Lets an account that too many failed logins stopped in again at once.
async fn unlock(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Redirect> {
    state
        .store
        .unlock_login(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/users", ctx.org.slug)))
}
