//! Who is asking: local accounts (argon2id), sessions in the database, API tokens, and the
//! extractors that turn a request into an `Auth` (a user) and an `OrgCtx` (a user inside one
//! förbund). Tokens are random 256-bit values; only their SHA-256 is stored.

use crate::error::{Error, Result};
use crate::AppState;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use base64::Engine;
use rand::RngCore;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::users::{Email, User};
use samordna_domain::orgs::Org;
use samordna_domain::participants::record::{Viewer, Visibility};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "samordna_session";
pub const CSRF_COOKIE: &str = "samordna_csrf";
/// Failed logins allowed per e-mail (and, ten times as many, per address) in the window.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A fresh random token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A password made for a new account and shown once: 20 URL-safe characters (~120 bits).
pub fn generated_password() -> String {
    random_token()[..20].to_string()
}

/// A new API token: `smd_` (so it is recognisable in a leaked file) and a random token.
pub fn new_api_token() -> String {
    format!("smd_{}", random_token())
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Constant-time comparison of two tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
    .map_err(|e| Error::Internal(e.to_string()))
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// Hash of a password nobody has, verified when the e-mail is unknown so that the answer
/// takes as long as for a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$3zHnSVaj6ThVzb9jfRZAYMPu2RS0EbTzGMhd5kI0/vE";

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Checks e-mail and password, counting failures in the database; on success opens a
/// session and returns its token (for the cookie) and the user.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    ip: &str,
) -> Result<(String, User)> {
    let store = &state.store;
    let now = now();
    let key = email.trim().to_lowercase();
    let (by_email, by_ip) = store
        .login_failures(&key, ip, now - FAILURE_WINDOW_SECS)
        .await?;
    if by_email >= MAX_FAILURES || by_ip >= MAX_FAILURES * 10 {
        return Err(Error::TooManyRequests);
    }
    let creds = match Email::parse(&key) {
        Ok(e) => store.credentials(&e).await?,
        Err(_) => None,
    };
    let hash = creds
        .as_ref()
        .map_or(DUMMY_HASH.to_string(), |c| c.password_hash.clone());
    let ok = verify_password(password.to_string(), hash).await;
    let Some(creds) = creds.filter(|_| ok) else {
        store.record_login_failure(&key, ip, now).await?;
        tracing::info!(email = %key, ip, "login failed");
        return Err(Error::Unauthorized);
    };
    let user = creds.user;
    let token = random_token();
    let expires = now + state.config.session_hours * 3600;
    store
        .create_session(&hash_token(&token), user.id, &random_token(), now, expires)
        .await?;
    store
        .audit(
            user.org_id,
            &Actor::user(user.id, user.email.as_str()),
            &AuditEvent::new(AuditAction::Login, "session", user.id),
        )
        .await?;
    Ok((token, user))
}

/// The `Set-Cookie` value for a session token (empty token: remove the cookie).
pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    let max_age = if token.is_empty() {
        0
    } else {
        state.config.session_hours * 3600
    };
    let secure = if state.config.https() { "; Secure" } else { "" };
    let v = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    );
    HeaderValue::from_str(&v).expect("cookie is ASCII")
}

/// The peer address of the connection (for counting failed logins), or `-` in tests that
/// call the router without a socket.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Ok(ClientIp(ip.unwrap_or_else(|| "-".into())))
    }
}

/// A logged-in user: by session cookie (pages) or by `Authorization: Bearer` token (API).
#[derive(Clone, Debug)]
pub struct Auth {
    pub user: User,
    /// The session's hash and CSRF token; `None` when the request came with an API token.
    pub session: Option<(String, String)>,
}

impl Auth {
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id, self.user.email.as_str())
    }

    async fn lookup(parts: &Parts, state: &AppState) -> Result<Option<Auth>> {
        let headers = &parts.headers;
        if let Some(token) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        {
            let user = state
                .store
                .user_by_api_token(&hash_token(token.trim()))
                .await?;
            return Ok(user.map(|user| Auth {
                user,
                session: None,
            }));
        }
        let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
        let Some(token) = cookie(cookies, SESSION_COOKIE) else {
            return Ok(None);
        };
        let hash = hash_token(token);
        let session = state.store.session(&hash, now()).await?;
        Ok(session.map(|s| Auth {
            user: s.user,
            session: Some((hash, s.csrf)),
        }))
    }
}

/// `Some(auth)` when logged in. Looked up once per request and kept in its extensions.
#[derive(Clone, Debug)]
pub struct MaybeAuth(pub Option<Auth>);

impl FromRequestParts<AppState> for MaybeAuth {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        if let Some(found) = parts.extensions.get::<MaybeAuth>() {
            return Ok(found.clone());
        }
        let found = MaybeAuth(Auth::lookup(parts, state).await?);
        parts.extensions.insert(found.clone());
        Ok(found)
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        MaybeAuth::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(Error::Unauthorized)
    }
}

/// A user acting inside the förbund named by the `{org}` path segment. A user of another
/// förbund (or the installation admin) gets `NotFound`: never a hint that the data exists.
#[derive(Clone, Debug)]
pub struct OrgCtx {
    pub org: Org,
    pub auth: Auth,
}

impl OrgCtx {
    pub fn require(&self, p: Permission) -> Result<()> {
        if self.auth.user.role.can(p) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    pub fn actor(&self) -> Actor {
        self.auth.actor()
    }

    /// Who asks for participants, and which of them they may see; refused for the roles
    /// that never see a person.
    pub fn viewer(&self) -> Result<Viewer> {
        let user = &self.auth.user;
        let visibility = Visibility::of(user.role, &user.scope).ok_or(Error::Forbidden)?;
        Ok(Viewer {
            actor: self.actor(),
            visibility,
        })
    }
}

impl FromRequestParts<AppState> for OrgCtx {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let auth = Auth::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::NotFound)?;
        let slug = params
            .iter()
            .find(|(k, _)| *k == "org")
            .map(|(_, v)| v.to_string())
            .ok_or(Error::NotFound)?;
        let org = state.store.org_by_slug(&slug).await?;
        if auth.user.org_id != Some(org.id) {
            return Err(Error::NotFound);
        }
        Ok(OrgCtx { org, auth })
    }
}

/// The installation's admin, and nobody else.
pub struct AdminCtx(pub Auth);

impl FromRequestParts<AppState> for AdminCtx {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let auth = Auth::from_request_parts(parts, state).await?;
        if auth.user.role.can(Permission::ManageOrgs) {
            Ok(AdminCtx(auth))
        } else {
            Err(Error::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let h = Some("a=1; samordna_session=xyz; lang=en");
        assert_eq!(cookie(h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(h, "lang"), Some("en"));
        assert_eq!(cookie(h, "nope"), None);
        assert_eq!(cookie(None, "lang"), None);
    }

    #[test]
    fn dummy_hash_is_a_valid_argon2id_hash() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[tokio::test]
    async fn passwords_verify() {
        let h = hash_password("en lång lösenfras".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("en lång lösenfras".into(), h.clone()).await);
        assert!(!verify_password("fel".into(), h).await);
    }
}
