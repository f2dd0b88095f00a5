//! Persistence: the `Store` trait and its two backends, SQLite (embedded, the default) and
//! PostgreSQL (for several app servers behind a load balancer).
//!
//! Each area has a folder: `orgs`, `access`, `participants`, `stats`, `surveys`, `economy`,
//! `reports`, `governance`, `plans`.
//! Its `mod.rs` declares the area's traits; its `sql` module holds their SQL, written once
//! with `$1` placeholders that both backends accept and compiled into each backend module
//! (`sqlite.rs`, `postgres.rs`) with that backend's `DB` type. So the two backends cannot
//! drift apart in behaviour, only in their migrations, which are kept per backend in
//! `migrations/`. The contract tests in `tests/contract/` run every test against both.
//!
//! Every call that touches a förbund's data takes its `OrgId`; every write runs in one
//! transaction together with its audit entry, so there is no write without its trace.

use async_trait::async_trait;
use std::path::Path;
use std::sync::Arc;

pub use access::{AccessStore, ApiToken, AuditStore, Credentials, NewToken, Session};
pub use crypto::IdentityKey;
pub use economy::{
    BudgetStore, ContributionStore, EconomyStore, EffectStore, FollowUpStore, HalfYear,
    LedgerStore, PayoutStore,
};
pub use error::{Result, StoreError};
pub use governance::GovernanceStore;
pub use orgs::OrgStore;
pub use participants::{
    EpisodeFilter, FollowUpSettings, ImportSummary, ParticipantLists, ParticipantStore,
};
pub use plans::{
    ActionPlanStore, CoordinatorStore, DescriptionStore, GoalStore, RegisterStore, RetentionStore,
};
pub use reports::ReportStore;
pub use stats::{FactFilter, StatsStore};
pub use surveys::SurveyStore;

pub mod access;
mod bulk;
pub mod crypto;
pub mod economy;
mod error;
pub mod governance;
pub mod orgs;
pub mod participants;
pub mod plans;
pub mod reports;
// Both backends compile the same `sql` modules of every area, each with its own `DB`: the
// point of the layout, not an accident.
#[allow(clippy::duplicate_mod)]
pub mod postgres;
#[allow(clippy::duplicate_mod)]
pub mod sqlite;
pub mod stats;
pub mod surveys;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Everything the application stores, on one backend.
#[async_trait]
pub trait Store:
    OrgStore
    + AccessStore
    + AuditStore
    + ParticipantStore
    + FollowUpSettings
    + ParticipantLists
    + StatsStore
    + SurveyStore
    + EconomyStore
    + ReportStore
    + GovernanceStore
    + RegisterStore
    + GoalStore
    + RetentionStore
    + CoordinatorStore
    + ActionPlanStore
    + DescriptionStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    async fn migrate(&self) -> Result<()>;
    async fn ping(&self) -> Result<()>;
    /// A consistent copy of the whole database in `to`.
    async fn backup(&self, to: &Path) -> Result<()>;
}

/// Opens the database named by `url`: `sqlite://…` or `postgres://…`, without an identity
/// key (identities can then be neither stored nor read).
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    connect_with_key(url, None).await
}

/// Opens the database with the key that seals identities.
pub async fn connect_with_key(url: &str, key: Option<IdentityKey>) -> Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::Db::connect(url).await?.with_key(key)))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::Db::connect(url).await?.with_key(key)))
    } else {
        Err(StoreError::UnknownDatabase(url.to_string()))
    }
}

pub(crate) fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
