//! Logging in and out, choosing the language, and the start page.

use crate::auth::{self, ClientIp, MaybeAuth};
use crate::csrf::{CsrfCookie, CsrfForm, NoFields};
use crate::error::Result;
use crate::i18n::{Lang, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Access, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use samordna_app::Error as AppError;
use samordna_domain::access::roles::Role;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/", Access::Public, start),
        get("/login", Access::Public, login_page),
        post("/login", Access::Public, login),
        post("/logout", Access::Public, logout),
        post("/lang", Access::Public, set_lang),
        get("/healthz", Access::Public, healthz),
    ]
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// Where a user belongs: a coach on Min sida (their participants and what is due), others
/// on their förbund's start, a network account on its network's view, the admin on the
/// admin page, anyone else on the login page.
async fn start(State(state): State<AppState>, auth: MaybeAuth) -> Result<Redirect> {
    let Some(user) = auth.0.map(|a| a.user) else {
        return Ok(Redirect::to("/login"));
    };
    Ok(match (user.org_id, user.network_id) {
        (Some(org), _) => {
            let slug = state.store.get_org(org).await?.slug;
            let page = if user.role == Role::Coach {
                "/coach"
            } else {
                ""
            };
            Redirect::to(&format!("/o/{slug}{page}"))
        }
        (None, Some(network)) => {
            let slug = state.store.get_network(network).await?.slug;
            Redirect::to(&format!("/n/{slug}/stats"))
        }
        (None, None) => Redirect::to("/admin"),
    })
}

#[derive(Template)]
#[template(path = "access/login.html")]
struct LoginPage {
    l: Layout,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Where to go after login or after choosing the language: only a path on this host. The
/// text is resolved the way a browser resolves it (a URL parser, which drops tabs and line
/// breaks and reads `\\` as `/`), and anything that leaves the host becomes `/`.
fn safe_next(next: &str) -> String {
    let base = url::Url::parse("http://samordna.invalid/").expect("a valid base");
    match base.join(next) {
        Ok(u) if next.starts_with('/') && u.origin() == base.origin() => {
            let mut local = u.path().to_string();
            if let Some(q) = u.query() {
                local = format!("{local}?{q}");
            }
            local
        }
        _ => "/".to_string(),
    }
}

async fn login_page(
    Words(tr): Words,
    auth: MaybeAuth,
    Extension(anon): Extension<CsrfCookie>,
    Query(q): Query<NextQuery>,
) -> Result<Html<String>> {
    let l = Layout::anon(
        tr,
        crate::csrf::token_for(&auth, &anon),
        tr.t("login-title"),
        "/login",
    );
    render(LoginPage {
        l,
        email: String::new(),
        next: q.next,
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn login(
    State(state): State<AppState>,
    Words(tr): Words,
    auth: MaybeAuth,
    Extension(anon): Extension<CsrfCookie>,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response> {
    // The session this browser already has ends with the new login.
    let replaced = auth
        .0
        .as_ref()
        .and_then(|a| a.session.as_ref())
        .map(|(hash, _)| hash.as_str());
    let login = samordna_app::access::login(
        &*state.store,
        &form.email,
        &form.password,
        &ip,
        state.config.session_hours,
        replaced,
    )
    .await;
    match login {
        Ok(samordna_app::access::Login { token, user }) => {
            let target = if user.role == Role::Admin && form.next.is_empty() {
                "/admin".to_string()
            } else {
                safe_next(&form.next)
            };
            let mut res = Redirect::to(&target).into_response();
            res.headers_mut()
                .append(header::SET_COOKIE, auth::session_cookie(&state, &token));
            Ok(res)
        }
        Err(e @ (AppError::LoginRefused | AppError::TooManyAttempts { .. })) => {
            let (status, message) = match e {
                AppError::TooManyAttempts { minutes } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    tr.t1("login-too-many", "minutes", &minutes.to_string()),
                ),
                _ => (StatusCode::UNAUTHORIZED, tr.t("login-failed")),
            };
            let l = Layout::anon(tr, anon.0, tr.t("login-title"), "/login");
            let page = LoginPage {
                l,
                email: form.email,
                next: form.next,
                error: Some(message),
            };
            Ok((status, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn logout(
    State(state): State<AppState>,
    auth: MaybeAuth,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    if let Some(a) = auth.0 {
        if let Some((hash, _)) = &a.session {
            state.store.delete_session(hash).await?;
        }
        let event = samordna_domain::access::audit::AuditEvent::new(
            samordna_domain::access::audit::AuditAction::Logout,
            "session",
            a.user.id,
        );
        state.store.audit(a.user.org_id, &a.actor(), &event).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, auth::session_cookie(&state, ""));
    Ok(res)
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    #[serde(default)]
    next: String,
}

async fn set_lang(CsrfForm(form): CsrfForm<LangForm>) -> Result<Response> {
    let lang = Lang::parse(&form.lang).unwrap_or(Lang::Sv);
    let mut res = Redirect::to(&safe_next(&form.next)).into_response();
    let cookie = format!(
        "lang={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    );
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ASCII"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next("/o/hoglandet"), "/o/hoglandet");
        assert_eq!(super::safe_next("/o/hoglandet?x=1"), "/o/hoglandet?x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "",
            "/\t/evil.example",
            "/\t\\evil.example",
            "/\n/evil.example",
            "\\/evil.example",
            "evil.example",
            "javascript:alert(1)",
        ] {
            assert_eq!(super::safe_next(bad), "/", "{bad:?}");
        }
        // A line break in a local path is dropped, never put into a header.
        assert_eq!(super::safe_next("/o/hog\nlandet"), "/o/hoglandet");
    }
}
