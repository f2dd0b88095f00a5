//! The one error type of the web layer.
//!
//! Which variant to use: `NotFound` for anything the asker may not know exists (including
//! another förbund's data: never 403 there), `Forbidden` when the asker is inside the förbund
//! but their role lacks the permission, `Invalid` for bad input (every problem at once),
//! `Internal` for everything else, carrying its cause. 4xx variants carry safe text;
//! `Internal` is logged with its cause and the request id and never shown. The response is rendered as an HTML page or as JSON by
//! `security::render_errors`, which knows the request; handlers just return `Err(…)`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samordna_domain::{Invalid, Reason};
use samordna_store::StoreError;

#[derive(Debug)]
pub enum Error {
    /// Not logged in (pages redirect to the login page; the API answers 401).
    Unauthorized,
    Forbidden,
    NotFound,
    Invalid(Vec<Invalid>),
    /// A request the operation cannot read (a body that is not JSON, a field of the wrong
    /// type): every problem named, as for `Invalid`, but 400.
    Malformed(Vec<Invalid>),
    /// Refused CSRF token or cross-site form post.
    Csrf,
    TooManyRequests,
    /// The form or file is larger than the configured upload limit.
    TooLarge {
        limit_mb: u64,
    },
    /// Everything that is not the asker's doing, with its cause: logged, never shown.
    Internal(anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Forbidden | Error::Csrf => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            // A value another record already has is a conflict; anything else a refused value.
            Error::Invalid(v) if !v.is_empty() && v.iter().all(|e| e.reason == Reason::Taken) => {
                StatusCode::CONFLICT
            }
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Malformed(_) => StatusCode::BAD_REQUEST,
            Error::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Error::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// An internal error from a message alone (the file writers give text, not a cause).
    pub fn internal(message: impl std::fmt::Display) -> Self {
        Error::Internal(anyhow::anyhow!("{message}"))
    }

    /// The message key (`err-…` in the Fluent files) shown to the user.
    pub fn key(&self) -> &'static str {
        match self {
            Error::Unauthorized => "err-unauthorized",
            Error::Forbidden => "err-forbidden",
            Error::NotFound => "err-not-found",
            Error::Invalid(_) => "err-invalid",
            Error::Malformed(_) => "err-malformed",
            Error::Csrf => "err-csrf",
            Error::TooManyRequests => "err-too-many",
            Error::TooLarge { .. } => "err-too-large",
            Error::Internal(_) => "err-internal",
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Error::NotFound,
            StoreError::Conflict { field } => Error::Invalid(vec![Invalid::new(
                field,
                "",
                samordna_domain::Reason::Taken,
            )]),
            StoreError::InUse => Error::Invalid(vec![Invalid::new(
                "in_use",
                "",
                samordna_domain::Reason::InUse,
            )]),
            StoreError::Invalid(v) => Error::Invalid(v),
            other => Error::Internal(other.into()),
        }
    }
}

impl From<samordna_app::Error> for Error {
    fn from(e: samordna_app::Error) -> Self {
        match e {
            samordna_app::Error::Invalid(v) => Error::Invalid(v),
            samordna_app::Error::LoginRefused => Error::Unauthorized,
            samordna_app::Error::TooManyAttempts { .. } => Error::TooManyRequests,
            samordna_app::Error::Store(e) => e.into(),
            samordna_app::Error::Internal(e) => Error::Internal(e),
        }
    }
}

impl From<Invalid> for Error {
    fn from(e: Invalid) -> Self {
        Error::Invalid(vec![e])
    }
}

impl From<Vec<Invalid>> for Error {
    fn from(e: Vec<Invalid>) -> Self {
        Error::Invalid(e)
    }
}

impl From<askama::Error> for Error {
    fn from(e: askama::Error) -> Self {
        Error::Internal(anyhow::Error::new(e).context("rendering a template"))
    }
}

/// Carried in the response's extensions until `render_errors` turns it into a body.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub key: &'static str,
    pub invalid: Vec<Invalid>,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, key) = (self.status(), self.key());
        if let Error::Internal(cause) = &self {
            // Inside the request's span, so the log line carries its request id.
            tracing::error!(error = format!("{cause:#}"), "internal error");
        }
        let invalid = match self {
            Error::Invalid(v) | Error::Malformed(v) => v,
            Error::TooLarge { limit_mb } => vec![Invalid::new(
                "file",
                "",
                samordna_domain::Reason::FileTooLarge { max_mb: limit_mb },
            )],
            _ => vec![],
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorInfo { key, invalid });
        res
    }
}
