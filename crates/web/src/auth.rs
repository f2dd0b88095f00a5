//! Who is asking: the session cookie or the API token of a request, and the extractors that
//! turn a request into an `Auth` (a user) and an `OrgCtx` (a user inside one förbund). The
//! secrets themselves (passwords, tokens, the login) are `samordna_app::access`.

use crate::error::{Error, Result};
use crate::AppState;
use axum::extract::{FromRequestParts, OriginalUri, RawPathParams};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use samordna_app::access::{hash_token, now};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::TokenScope;
use samordna_domain::access::users::User;
use samordna_domain::orgs::networks::Network;
use samordna_domain::orgs::Org;
use samordna_domain::participants::record::{Viewer, Visibility};

pub const SESSION_COOKIE: &str = "samordna_session";
pub const CSRF_COOKIE: &str = "samordna_csrf";
/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
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

/// A logged-in user: by session cookie on the pages, by `Authorization: Bearer` token on
/// the API, never the other way round (a token made for a report script must not open the
/// pages, where counts are exact and identities can be read).
#[derive(Clone, Debug)]
pub struct Auth {
    pub user: User,
    /// The session's hash and CSRF token; `None` when the request came with an API token.
    pub session: Option<(String, String)>,
    /// The scope of the API token the request came with; `None` for a session.
    pub token: Option<TokenScope>,
}

impl Auth {
    /// Whether the user's role, and the token's scope when the request came with one, allow
    /// `p`.
    pub fn can(&self, p: samordna_domain::access::roles::Permission) -> bool {
        self.user.role.can(p) && self.token.is_none_or(|scope| scope.allows(p))
    }

    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id, self.user.email.as_str())
    }

    async fn lookup(parts: &Parts, state: &AppState) -> Result<Option<Auth>> {
        let headers = &parts.headers;
        // The nested API router sees its own part of the path; the original says where.
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(parts.uri.path(), |u| u.0.path());
        if path.starts_with("/api/") {
            let Some(token) = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
            else {
                return Ok(None);
            };
            let found = state
                .store
                .user_by_api_token(&hash_token(token.trim()))
                .await?;
            return Ok(found.map(|(user, scope)| Auth {
                user,
                session: None,
                token: Some(scope),
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
            token: None,
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

impl Auth {
    /// The logged-in user, or 401.
    pub(crate) async fn lookup_required(parts: &mut Parts, state: &AppState) -> Result<Auth> {
        MaybeAuth::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(Error::Unauthorized)
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Auth::lookup_required(parts, state).await
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

/// The value of the `{name}` segment of the route's path; 404 without one.
async fn path_segment(parts: &mut Parts, state: &AppState, name: &str) -> Result<String> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| Error::NotFound)?;
    params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .ok_or(Error::NotFound)
}

impl OrgCtx {
    /// The logged-in user inside the förbund of the path: 401 without a login, 404 for a
    /// förbund that does not exist or is not the user's.
    pub(crate) async fn resolve(parts: &mut Parts, state: &AppState) -> Result<OrgCtx> {
        let auth = Auth::lookup_required(parts, state).await?;
        let org = state
            .store
            .org_by_slug(&path_segment(parts, state, "org").await?)
            .await?;
        if auth.user.org_id != Some(org.id) {
            return Err(Error::NotFound);
        }
        Ok(OrgCtx { org, auth })
    }
}

/// A network account inside the network named by the `{network}` path segment.
#[derive(Clone, Debug)]
pub struct NetworkCtx {
    pub network: Network,
    pub auth: Auth,
}

impl NetworkCtx {
    /// The logged-in account of the network of the path: 401 without a login, 404 for a
    /// network that does not exist or is not the account's (and for every förbund role).
    pub(crate) async fn resolve(parts: &mut Parts, state: &AppState) -> Result<NetworkCtx> {
        let auth = Auth::lookup_required(parts, state).await?;
        let network = state
            .store
            .network_by_slug(&path_segment(parts, state, "network").await?)
            .await?;
        if auth.user.network_id != Some(network.id) || auth.token.is_some() {
            return Err(Error::NotFound);
        }
        Ok(NetworkCtx { network, auth })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for NetworkCtx {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts
            .extensions
            .get::<NetworkCtx>()
            .cloned()
            .ok_or_else(|| {
                Error::internal("NetworkCtx asked for on a route not declared Access::Network")
            })
    }
}

/// Only the guard of a route declared `Access::Org(…)` makes an `OrgCtx`: a handler of any
/// other route that asks for one fails loudly instead of reaching a förbund's data.
impl<S: Send + Sync> FromRequestParts<S> for OrgCtx {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts
            .extensions
            .get::<OrgCtx>()
            .cloned()
            .ok_or_else(|| Error::internal("OrgCtx asked for on a route not declared Access::Org"))
    }
}

/// The installation's admin, and nobody else: made by the guard of a route declared
/// `Access::Admin`.
#[derive(Clone, Debug)]
pub struct AdminCtx(pub Auth);

impl<S: Send + Sync> FromRequestParts<S> for AdminCtx {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts.extensions.get::<AdminCtx>().cloned().ok_or_else(|| {
            Error::internal("AdminCtx asked for on a route not declared Access::Admin")
        })
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
}
