//! The SQLite backend: the embedded default. WAL journal, `synchronous = FULL` (a write that
//! was acknowledged survives a killed process and a power cut), a busy timeout so concurrent
//! writers wait instead of failing, and foreign keys on.

use crate::error::constraint_name;
use crate::{Backend, IdentityKey, Result, StoreError};
use sqlx::error::DatabaseError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

type DB = sqlx::Sqlite;
const BACKEND: Backend = Backend::Sqlite;
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
/// Joins text values with a separator: the one SQL function the two dialects name apart.
const STRING_AGG: &str = "group_concat";
/// How the statistics read the stays' lines (`stats/sql.rs`): the driver pays per row, and a
/// national year is a few hundred thousand stays, so one text per förbund (walking the index
/// by förbund, without a sort).
const FACT_LINES: (&str, &str) = ("group_concat(e.fact, char(10))", " GROUP BY e.org_id");

// The SQL of every area, compiled here with this backend's `DB`.
#[path = "access/sql.rs"]
mod access;
#[path = "economy/sql/mod.rs"]
mod economy;
#[path = "governance/sql.rs"]
mod governance;
#[path = "orgs/sql.rs"]
mod orgs;
#[path = "participants/sql/mod.rs"]
mod participants;
#[path = "plans/sql/mod.rs"]
mod plans;
#[path = "reports/sql.rs"]
mod reports;
#[path = "sql.rs"]
mod sql;
#[path = "stats/sql.rs"]
mod stats;
#[path = "surveys/sql.rs"]
mod surveys;

/// Writes the rows as multi-row `INSERT`s, as many rows per statement as SQLite's limit of
/// 32 766 parameters allows.
async fn insert_rows(tx: &mut sqlx::Transaction<'_, DB>, rows: &crate::bulk::Rows) -> Result<()> {
    use crate::bulk::Cell;
    let width = rows.columns.len();
    let one = format!("({})", vec!["?"; width].join(", "));
    for chunk in rows.rows.chunks(32766 / width) {
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            rows.table,
            rows.columns.join(", "),
            vec![one.as_str(); chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for cell in chunk.iter().flatten() {
            q = match cell {
                Cell::Int(v) => q.bind(*v),
                Cell::Text(v) => q.bind(v.as_deref()),
                Cell::Date(v) => q.bind(*v),
            };
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// `n` ids for new rows of `table`, which the caller then writes itself: under SQLite's one
/// writer (the caller holds the write lock), the next ones after the highest.
async fn reserve_ids(
    tx: &mut sqlx::Transaction<'_, DB>,
    table: &str,
    n: usize,
) -> Result<Vec<i64>> {
    let (max,): (i64,) = sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
        .fetch_one(&mut **tx)
        .await?;
    Ok((max + 1..=max + n as i64).collect())
}

pub struct Db {
    pool: sqlx::Pool<DB>,
    key: Option<IdentityKey>,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .pragma("secure_delete", "ON");
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
    async fn write_tx(&self) -> Result<sqlx::Transaction<'static, DB>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// After a survey write: the WAL is folded into the database file and emptied, so that the
    /// history of recent commits does not stay beside it (with `secure_delete`, what a write
    /// removes is overwritten, not left in free pages). Best effort: a reader holding the WAL
    /// only delays it to the next write.
    async fn after_answer(&self) -> Result<()> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// After the migrations: a migration that loosened a CHECK by editing the stored table
    /// definition (0024) is read back by every connection only when the schema cookie
    /// changes; writing it makes each connection, this one too, parse the schema again.
    async fn after_migrations(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let (version,): (i64,) = sqlx::query_as("PRAGMA schema_version")
            .fetch_one(&mut *conn)
            .await?;
        sqlx::query(&format!("PRAGMA schema_version = {}", version + 1))
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Login attempts need no lock of their own: a write transaction holds SQLite's one
    /// write lock from its start.
    async fn serialize_logins(&self, _tx: &mut sqlx::Transaction<'_, DB>) -> Result<()> {
        Ok(())
    }

    async fn backup_impl(&self, to: &std::path::Path) -> Result<()> {
        let to = to
            .to_str()
            .ok_or_else(|| StoreError::Backup(format!("the path {to:?} is not UTF-8")))?;
        sqlx::query("VACUUM INTO $1")
            .bind(to)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The name of the unique rule a write broke. SQLite names no rule, only its columns
/// ("UNIQUE constraint failed: members.org_id, members.name"); the name is built from them
/// as PostgreSQL builds its own (`members_org_id_name_key`).
fn constraint_of(e: &dyn DatabaseError) -> Option<String> {
    let columns = e.message().strip_prefix("UNIQUE constraint failed: ")?;
    let mut table = None;
    let mut names = vec![];
    for c in columns.split(", ") {
        let (t, column) = c.split_once('.')?;
        table = Some(t);
        names.push(column);
    }
    Some(constraint_name(table?, names))
}
