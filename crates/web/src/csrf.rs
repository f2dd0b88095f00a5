//! CSRF protection for every state-changing form.
//!
//! A logged-in form carries its session's token; an anonymous one (the login form) carries
//! the value of the `samordna_csrf` cookie (double submit). On top, a form posted from
//! another site (`Sec-Fetch-Site: cross-site`, or an `Origin` that is not this host) is
//! refused. The API needs none of this: it authenticates by bearer token, not by cookie.

use crate::auth::{cookie, MaybeAuth, CSRF_COOKIE};
use crate::error::{Error, Result};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use samordna_app::access::{random_token, same_token};
use serde::de::DeserializeOwned;

/// The anonymous CSRF token of this browser, from its cookie or freshly made.
#[derive(Clone, Debug)]
pub struct CsrfCookie(pub String);

/// Makes sure every browser has a CSRF cookie before it sees its first form.
pub async fn ensure_cookie(mut req: Request, next: Next) -> Response {
    let existing = cookie(
        req.headers()
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok()),
        CSRF_COOKIE,
    )
    .map(str::to_string);
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(random_token);
    req.extensions_mut().insert(CsrfCookie(token.clone()));
    let mut res = next.run(req).await;
    if fresh {
        let v = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&v).expect("ASCII"),
        );
    }
    res
}

/// The token a form on this page must carry.
pub fn token_for(auth: &MaybeAuth, anon: &CsrfCookie) -> String {
    match &auth.0 {
        Some(a) => a
            .session
            .as_ref()
            .map(|(_, csrf)| csrf.clone())
            .unwrap_or_default(),
        None => anon.0.clone(),
    }
}

fn cross_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "cross-site")
    {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        _ => false,
    }
}

/// The token this request's form must carry; refuses a cross-site post at once.
async fn expected_token(
    parts: &mut axum::http::request::Parts,
    state: &AppState,
) -> Result<String> {
    if cross_site(&parts.headers) {
        return Err(Error::Csrf);
    }
    let auth = MaybeAuth::from_request_parts(parts, state).await?;
    let anon = parts
        .extensions
        .get::<CsrfCookie>()
        .cloned()
        .unwrap_or(CsrfCookie(String::new()));
    Ok(token_for(&auth, &anon))
}

/// A body that could not be read: too large for the upload limit (413, saying the limit),
/// or broken, which a form from our own pages never is (refused as a forged form).
fn unreadable(state: &AppState, status: axum::http::StatusCode) -> Error {
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Error::TooLarge {
            limit_mb: state.config.upload_limit_mb,
        }
    } else {
        Error::Csrf
    }
}

/// A url-encoded form whose `csrf` field has been checked.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Error;
    async fn from_request(req: Request, state: &AppState) -> Result<Self> {
        let (mut parts, body) = req.into_parts();
        let expected = expected_token(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| unreadable(state, e.status()))?;
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| Error::Csrf)?;
        let sent = pairs
            .iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        if expected.is_empty() || !same_token(sent, &expected) {
            return Err(Error::Csrf);
        }
        let value = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            Error::Malformed(vec![samordna_domain::Invalid::new(
                "form",
                e.to_string(),
                samordna_domain::Reason::Unreadable,
            )])
        })?;
        Ok(CsrfForm(value))
    }
}

/// A form with nothing but its CSRF token (logout, delete).
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// An uploaded file (a `multipart/form-data` form with a `file` and its `csrf` field), and
/// the form's other fields as text.
pub struct CsrfUpload {
    pub file: Vec<u8>,
    /// The file's name as the browser sent it (untrusted).
    pub file_name: String,
    pub fields: std::collections::HashMap<String, String>,
}

impl CsrfUpload {
    /// A text field of the form, or "" when it was not sent.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = Error;
    async fn from_request(req: Request, state: &AppState) -> Result<Self> {
        let (mut parts, body) = req.into_parts();
        let expected = expected_token(&mut parts, state).await?;
        let mut multipart =
            axum::extract::Multipart::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|e| unreadable(state, e.status()))?;
        let (mut sent, mut file, mut fields) =
            (String::new(), None, std::collections::HashMap::new());
        let mut file_name = String::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| unreadable(state, e.status()))?
        {
            match field.name().map(String::from) {
                Some(name) if name == "csrf" => {
                    sent = field
                        .text()
                        .await
                        .map_err(|e| unreadable(state, e.status()))?
                }
                Some(name) if name == "file" => {
                    file_name = field.file_name().unwrap_or_default().to_string();
                    file = Some(
                        field
                            .bytes()
                            .await
                            .map_err(|e| unreadable(state, e.status()))?
                            .to_vec(),
                    )
                }
                Some(name) => {
                    fields.insert(
                        name,
                        field
                            .text()
                            .await
                            .map_err(|e| unreadable(state, e.status()))?,
                    );
                }
                None => {}
            }
        }
        if expected.is_empty() || !same_token(&sent, &expected) {
            return Err(Error::Csrf);
        }
        let file = file.filter(|f| !f.is_empty()).ok_or_else(|| {
            Error::Invalid(vec![samordna_domain::Invalid::new(
                "file",
                "",
                samordna_domain::Reason::Required,
            )])
        })?;
        Ok(CsrfUpload {
            file,
            file_name,
            fields,
        })
    }
}
