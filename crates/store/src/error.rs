//! The store's one error type.
//!
//! Which variant to use: `NotFound` for a row that is not there or not the förbund's own
//! (never a hint that it exists elsewhere); `Conflict` when a unique rule refused the write,
//! naming the field that is taken; `InUse` when a row cannot be removed because others refer
//! to it; `Invalid` for a domain rule that refused the write; `Corrupt` for a stored value the
//! domain does not accept (the database was changed outside samordna). Everything else is
//! the database's or the system's own error, kept as its cause.

use samordna_domain::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique rule of the database refused the write; `field` names what is taken.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    /// Other rows refer to this one, so it cannot be removed.
    #[error("in use")]
    InUse,
    /// A rule of the domain refused the write; nothing was stored.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Invalid>),
    /// A stored value the domain does not accept.
    #[error("stored {what} is not valid: {value:?}")]
    Corrupt { what: &'static str, value: String },
    #[error("database URL must start with sqlite:// or postgres://, got {0:?}")]
    UnknownDatabase(String),
    #[error("no identity key is configured (SAMORDNA_IDENTITY_KEY or --identity-key-file)")]
    NoIdentityKey,
    #[error("the identity key is not the one this database's identities were sealed with")]
    WrongIdentityKey,
    #[error("backup failed: {0}")]
    Backup(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl StoreError {
    /// A stored value that did not parse.
    pub fn corrupt(what: &'static str, value: impl ToString) -> Self {
        StoreError::Corrupt {
            what,
            value: value.to_string(),
        }
    }
}

impl From<Invalid> for StoreError {
    fn from(e: Invalid) -> Self {
        StoreError::Invalid(vec![e])
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// `{table}_{columns}_key`, PostgreSQL's name of a unique rule, from the table and columns.
pub(crate) fn constraint_name<'a>(
    table: &str,
    columns: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut name = table.to_string();
    for c in columns {
        name.push('_');
        name.push_str(c.trim());
    }
    name + "_key"
}
