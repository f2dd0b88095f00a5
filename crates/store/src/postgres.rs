//! The PostgreSQL backend: for installations with several app servers behind a load
//! balancer. Sessions, failed-login counts and the audit log all live here, so N servers on
//! one database behave as one.

use crate::error::constraint_name;
use crate::{Backend, IdentityKey, Result, StoreError};
use sqlx::error::DatabaseError;
use sqlx::postgres::{PgConnectOptions, PgDatabaseError, PgPoolOptions};
use std::str::FromStr;

type DB = sqlx::Postgres;
const BACKEND: Backend = Backend::Postgres;
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
/// Joins text values with a separator: the one SQL function the two dialects name apart.
const STRING_AGG: &str = "string_agg";
/// How the statistics read the stays' lines (`stats/sql.rs`): one row per stay, which this
/// driver passes cheaply (grouped by förbund, the aggregate would spill to disk).
const FACT_LINES: (&str, &str) = ("e.fact", "");

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

/// Writes the rows with `COPY … FROM STDIN`: one stream instead of a statement per row.
async fn insert_rows(tx: &mut sqlx::Transaction<'_, DB>, rows: &crate::bulk::Rows) -> Result<()> {
    if rows.rows.is_empty() {
        return Ok(());
    }
    let mut copy = tx
        .copy_in_raw(&format!(
            "COPY {} ({}) FROM STDIN WITH (FORMAT csv)",
            rows.table,
            rows.columns.join(", ")
        ))
        .await?;
    copy.send(rows.csv()).await?;
    copy.finish().await?;
    Ok(())
}

/// `n` ids for new rows of `table`, which the caller then writes itself (`COPY` takes given
/// values even for an identity column): taken from the table's sequence, so other servers
/// writing at the same time get others.
async fn reserve_ids(
    tx: &mut sqlx::Transaction<'_, DB>,
    table: &str,
    n: usize,
) -> Result<Vec<i64>> {
    // The sequence looked up first and then named as a constant: `nextval` of a name
    // computed in the same query opens the sequence for every id, ten times slower.
    let (seq,): (String,) = sqlx::query_as("SELECT pg_get_serial_sequence($1, 'id')")
        .bind(table)
        .fetch_one(&mut **tx)
        .await?;
    // One row of n ids: no row to decode per id.
    let (ids,): (Option<Vec<i64>>,) = sqlx::query_as(&format!(
        "SELECT array_agg(nextval('{}')) FROM generate_series(1, $1)",
        seq.replace('\'', "''")
    ))
    .bind(n as i64)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ids.unwrap_or_default())
}

pub struct Db {
    pool: sqlx::Pool<DB>,
    key: Option<IdentityKey>,
    url: String,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect_with(PgConnectOptions::from_str(url)?)
            .await?;
        Ok(Db {
            pool,
            key: None,
            url: url.to_string(),
        })
    }

    /// Connects with `search_path` set to `schema`, creating it: the tests give every test
    /// its own schema in one database.
    pub async fn connect_in_schema(url: &str, schema: &str) -> Result<Self> {
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(PgConnectOptions::from_str(url)?)
            .await?;
        sqlx::query(&format!(
            "CREATE SCHEMA IF NOT EXISTS \"{}\"",
            schema.replace('"', "")
        ))
        .execute(&admin)
        .await?;
        admin.close().await;
        let options = PgConnectOptions::from_str(url)?.options([("search_path", schema)]);
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect_with(options)
            .await?;
        Ok(Db {
            pool,
            key: None,
            url: url.to_string(),
        })
    }

    /// A transaction for writing (PostgreSQL's row locks need nothing more).
    async fn write_tx(&self) -> Result<sqlx::Transaction<'static, DB>> {
        Ok(self.pool.begin().await?)
    }

    /// After a survey write: nothing to fold; the answer is sealed in the heap and its WAL.
    async fn after_answer(&self) -> Result<()> {
        Ok(())
    }

    /// PostgreSQL changes its constraints in the migrations themselves.
    async fn after_migrations(&self) -> Result<()> {
        Ok(())
    }

    /// Login attempts are counted and inserted one at a time, across every server: the
    /// table lock is held to the end of the transaction (readers are not blocked).
    async fn serialize_logins(&self, tx: &mut sqlx::Transaction<'_, DB>) -> Result<()> {
        sqlx::query("LOCK TABLE login_failures IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// `pg_dump` in its custom format, restorable with `pg_restore`.
    async fn backup_impl(&self, to: &std::path::Path) -> Result<()> {
        let out = tokio::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--file")
            .arg(to)
            .arg(&self.url)
            .output()
            .await?;
        if !out.status.success() {
            return Err(StoreError::Backup(format!(
                "pg_dump: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(())
    }
}

/// The name of the unique rule a write broke, as PostgreSQL names it. A primary key is
/// named `…_pkey`; it is given the name of a unique rule on its columns instead (from the
/// error's detail, "Key (agreement_id, valid_from)=(…) already exists."), which is what the
/// SQLite backend reports for the same rule.
fn constraint_of(e: &dyn DatabaseError) -> Option<String> {
    let name = e.constraint()?;
    if !name.ends_with("_pkey") {
        return Some(name.to_string());
    }
    let pg = e.try_downcast_ref::<PgDatabaseError>()?;
    let columns = pg.detail()?.strip_prefix("Key (")?.split_once(")=")?.0;
    Some(constraint_name(pg.table()?, columns.split(',')))
}
