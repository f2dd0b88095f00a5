//! The SQLite backend: the embedded default. WAL journal, `synchronous = FULL` (a write that
//! was acknowledged survives a killed process and a power cut), a busy timeout so concurrent
//! writers wait instead of failing, and foreign keys on.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Joins text values with a separator: the one SQL function the two dialects name apart.
const STRING_AGG: &str = "group_concat";
type DB = sqlx::Sqlite;
const BACKEND: crate::Backend = crate::Backend::Sqlite;
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub struct Db {
    pool: sqlx::Pool<DB>,
    key: Option<crate::IdentityKey>,
}

impl Db {
    pub async fn connect(url: &str) -> crate::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Db { pool, key: None })
    }

    /// A write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`). One
    /// that began as a reader could not upgrade while another writer (or a rollback still on
    /// its way back to the pool) held the lock, and would fail at once with "database is
    /// locked"; this one waits its turn for the busy timeout instead.
    async fn write_tx(&self) -> crate::Result<sqlx::Transaction<'static, DB>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    async fn backup_impl(&self, to: &std::path::Path) -> crate::Result<()> {
        let to = to
            .to_str()
            .ok_or_else(|| crate::StoreError::Unsupported("backup path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(to)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

include!("sql/store.rs");

mod participant_sql {
    use super::{Db, DB};
    include!("sql/participants.rs");
}

mod stats_sql {
    use super::Db;
    include!("sql/stats.rs");
}

mod survey_sql {
    use super::Db;
    include!("sql/surveys.rs");
}

mod economy_sql {
    use super::Db;
    include!("sql/economy.rs");
}
