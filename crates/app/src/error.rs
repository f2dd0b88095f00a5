//! The error of the application layer: every problem of the question at once, or what the
//! store said, or an internal failure with its cause.

use samordna_domain::Invalid;
use samordna_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The question or the file was refused; every problem, each naming its field (and row).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Invalid>),
    /// Wrong e-mail or password (never which of the two).
    #[error("wrong e-mail or password")]
    LoginRefused,
    /// Too many failed logins for the account or the address: try again in `minutes`.
    #[error("too many failed logins; try again in {minutes} minutes")]
    TooManyAttempts { minutes: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something that is nobody's input: a hashing task that failed, a file that could not
    /// be written. Logged with its cause, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<Vec<Invalid>> for Error {
    fn from(v: Vec<Invalid>) -> Self {
        Error::Invalid(v)
    }
}

impl From<Invalid> for Error {
    fn from(e: Invalid) -> Self {
        Error::Invalid(vec![e])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
