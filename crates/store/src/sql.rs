//! What the SQL of every area shares, compiled into each backend module (`sqlite.rs`,
//! `postgres.rs`) like the areas' own `sql` modules: the transaction type, the audit entry
//! written inside the caller's transaction, the mapping of refused writes, and the `Store`
//! trait's own methods. Placeholders are `$1`, `$2`, … which both backends accept; types are
//! those both map the same way (i64, String, bool, Option, time::Date).

use super::{constraint_of, Db, BACKEND, DB, MIGRATOR};
use crate::{Backend, IdentityKey, Result, Store, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use std::path::Path;

pub(crate) type Tx<'a> = sqlx::Transaction<'a, DB>;

/// A query with its arguments, as the helpers that bind many fields take and give it.
pub(crate) type Query<'q> = sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>;

/// Writes an audit entry inside the caller's transaction: no write without its trace.
pub(crate) async fn audit_in(
    tx: &mut Tx<'_>,
    org: Option<OrgId>,
    actor: &Actor,
    e: &AuditEvent,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (org_id, at, actor, user_id, action, entity, entity_id, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.map(|o| o.0))
    .bind(crate::now_unix())
    .bind(&actor.label)
    .bind(actor.user_id)
    .bind(e.action.as_str())
    .bind(e.entity)
    .bind(&e.entity_id)
    .bind(&e.detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) fn one<T>(row: Option<T>) -> Result<T> {
    row.ok_or(StoreError::NotFound)
}

/// Maps a write that the unique rule `constraint` refused (by the name PostgreSQL gives it,
/// `{table}_{columns}_key`, which the SQLite backend builds the same way) to `Conflict` on
/// `field`. Any other error passes through: an unexpected rule is a bug, not the user's
/// mistake.
pub(crate) fn on_constraint(
    constraint: &'static str,
    field: &'static str,
) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d)
            if d.is_unique_violation()
                && constraint_of(d.as_ref()).as_deref() == Some(constraint) =>
        {
            StoreError::Conflict { field }
        }
        _ => StoreError::Db(e),
    }
}

/// Maps a removal that a reference refused to `InUse`.
pub(crate) fn in_use(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::InUse,
        _ => StoreError::Db(e),
    }
}

impl Db {
    /// The key that seals identities; without it they can be neither stored nor read.
    pub fn with_key(mut self, key: Option<IdentityKey>) -> Self {
        self.key = key;
        self
    }

    /// Removes row `id` of `table` if it belongs to `org`, with its audit entry. `table` is
    /// a constant of the caller, never user input.
    pub(crate) async fn delete_owned(
        &self,
        table: &'static str,
        entity: &'static str,
        org: OrgId,
        actor: &Actor,
        id: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(&format!(
            "DELETE FROM {table} WHERE org_id = $1 AND id = $2"
        ))
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(in_use)?;
        if n.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let event = AuditEvent::new(AuditAction::Delete, entity, id);
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl Store for Db {
    fn backend(&self) -> Backend {
        BACKEND
    }

    async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await?;
        self.after_migrations().await?;
        self.fill_facts_if_empty().await
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn backup(&self, to: &Path) -> Result<()> {
        self.backup_impl(to).await
    }
}
