//! The user's own account: a new password (every session ends, also on other devices, and
//! this browser gets a new one) and "log out everywhere".

use crate::auth::{self, Auth};
use crate::csrf::{CsrfForm, NoFields};
use crate::error::Result;
use crate::forms::FormErrors;
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Access, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/account", Access::LoggedIn, show),
        post("/account/password", Access::LoggedIn, change_password),
        post(
            "/account/logout-everywhere",
            Access::LoggedIn,
            logout_everywhere,
        ),
    ]
}

#[derive(Template)]
#[template(path = "access/account.html")]
struct AccountPage {
    l: Layout,
    email: String,
    message: Option<String>,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    tr: Tr,
    auth: &Auth,
    message: Option<String>,
    errors: FormErrors,
) -> Result<Response> {
    let org = match auth.user.org_id {
        Some(id) => Some(state.store.get_org(id).await?),
        None => None,
    };
    let status = errors.status();
    let page = AccountPage {
        l: Layout::account(tr, auth, org.as_ref(), tr.t("account-title")),
        email: auth.user.email.as_str().to_string(),
        message,
        errors,
    };
    Ok((status, render(page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Shown {
    changed: String,
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    auth: Auth,
    Query(q): Query<Shown>,
) -> Result<Response> {
    let message = (!q.changed.is_empty()).then(|| tr.t("account-password-changed"));
    page(&state, tr, &auth, message, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    repeat_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    Words(tr): Words,
    auth: Auth,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Result<Response> {
    let changed = samordna_app::access::change_password(
        &*state.store,
        &auth.user,
        &f.current_password,
        &f.new_password,
        &f.repeat_password,
        state.config.session_hours,
    )
    .await;
    match changed {
        Ok(token) => {
            let mut res = Redirect::to("/account?changed=1").into_response();
            res.headers_mut()
                .append(header::SET_COOKIE, auth::session_cookie(&state, &token));
            Ok(res)
        }
        Err(samordna_app::Error::Invalid(problems)) => {
            page(&state, tr, &auth, None, FormErrors::new(tr, &problems)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends every session of the account, this one too.
async fn logout_everywhere(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    state
        .store
        .delete_sessions_of(&auth.actor(), auth.user.id)
        .await?;
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, auth::session_cookie(&state, ""));
    Ok(res)
}
