//! The PostgreSQL backend: for installations with several app servers behind a load
//! balancer. Sessions, failed-login counts and the audit log all live here, so N servers on
//! one database behave as one.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

/// Joins text values with a separator: the one SQL function the two dialects name apart.
const STRING_AGG: &str = "string_agg";
type DB = sqlx::Postgres;
const BACKEND: crate::Backend = crate::Backend::Postgres;
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub struct Db {
    pool: sqlx::Pool<DB>,
    key: Option<crate::IdentityKey>,
    url: String,
}

impl Db {
    pub async fn connect(url: &str) -> crate::Result<Self> {
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
    pub async fn connect_in_schema(url: &str, schema: &str) -> crate::Result<Self> {
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
    async fn write_tx(&self) -> crate::Result<sqlx::Transaction<'static, DB>> {
        Ok(self.pool.begin().await?)
    }

    /// `pg_dump` in its custom format, restorable with `pg_restore`.
    async fn backup_impl(&self, to: &std::path::Path) -> crate::Result<()> {
        let out = tokio::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--file")
            .arg(to)
            .arg(&self.url)
            .output()
            .await?;
        if !out.status.success() {
            return Err(crate::StoreError::Unsupported(format!(
                "pg_dump failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
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
