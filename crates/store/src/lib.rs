//! Persistence: the `Store` trait and its two backends, SQLite (embedded, the default) and
//! PostgreSQL (for several app servers behind a load balancer).
//!
//! The SQL is written once, in `sql/`, with `$1` placeholders that both backends accept, and
//! compiled twice: `sqlite.rs` and `postgres.rs` each `include!` the same files with their own
//! `DB` type. So the two backends cannot drift apart in behaviour, only in their migrations,
//! which are kept per backend in `migrations/`. The contract tests in `tests/contract.rs` run
//! every test against both.
//!
//! Every call that touches a förbund's data takes its `OrgId`; every write runs in one
//! transaction together with its audit entry, so there is no write without its trace.

use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditEntry, AuditEvent};
use samordna_domain::access::roles::Scope;
use samordna_domain::access::users::{Email, NewUser, User};
use samordna_domain::economy::contributions::{Instalment, YearKey};
use samordna_domain::economy::payouts::{Agreement, AgreementLine, DatedShare, Reduction};
use samordna_domain::economy::socioeconomic::EffectModel;
use samordna_domain::money::Ore;
use samordna_domain::orgs::interventions::{Intervention, InterventionFields};
use samordna_domain::orgs::members::{Member, NewMember};
use samordna_domain::orgs::{NewOrg, Org, OrgId};
use std::path::Path;
use std::sync::Arc;

pub use crypto::IdentityKey;
pub use economy::{EconomyStore, HalfYear};
pub use participants::{EpisodeFilter, ImportSummary, ParticipantStore};
pub use stats::{FactFilter, StatsStore};
pub use surveys::SurveyStore;

pub mod crypto;
mod economy;
mod participants;
pub mod postgres;
mod rows;
pub mod sqlite;
mod stats;
mod surveys;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique or reference rule of the database refused the write; `field` names it.
    #[error("conflict on {field}")]
    Conflict { field: &'static str },
    #[error("unsupported: {0}")]
    Unsupported(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// A rule of the domain refused the write; nothing was stored.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<samordna_domain::Invalid>),
    #[error("no identity key is configured (SAMORDNA_IDENTITY_KEY or --identity-key-file)")]
    NoIdentityKey,
    #[error("the identity key is not the one this database's identities were sealed with")]
    WrongIdentityKey,
}

impl From<samordna_domain::Invalid> for StoreError {
    fn from(e: samordna_domain::Invalid) -> Self {
        StoreError::Invalid(vec![e])
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A logged-in session as stored: the token itself is never stored, only its hash.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub user_email: String,
    pub name: String,
    pub created_at: i64,
}

/// A user as found by e-mail at login, with the password hash to verify.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

#[async_trait]
pub trait Store:
    ParticipantStore + StatsStore + SurveyStore + EconomyStore + Send + Sync + 'static
{
    fn backend(&self) -> Backend;
    async fn migrate(&self) -> Result<()>;
    async fn ping(&self) -> Result<()>;
    /// A consistent copy of the whole database in `to`.
    async fn backup(&self, to: &Path) -> Result<()>;

    // Förbund (installation level)
    async fn create_org(&self, actor: &Actor, new: &NewOrg) -> Result<Org>;
    async fn org_by_slug(&self, slug: &str) -> Result<Org>;
    async fn get_org(&self, id: OrgId) -> Result<Org>;
    async fn list_orgs(&self) -> Result<Vec<Org>>;

    // Members
    async fn list_members(&self, org: OrgId) -> Result<Vec<Member>>;
    async fn get_member(&self, org: OrgId, id: i64) -> Result<Member>;
    async fn create_member(&self, org: OrgId, actor: &Actor, new: &NewMember) -> Result<Member>;
    async fn update_member(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        new: &NewMember,
    ) -> Result<Member>;
    async fn delete_member(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;

    // Interventions
    async fn list_interventions(&self, org: OrgId) -> Result<Vec<Intervention>>;
    async fn get_intervention(&self, org: OrgId, slug: &str) -> Result<Intervention>;
    async fn create_intervention(
        &self,
        org: OrgId,
        actor: &Actor,
        f: &InterventionFields,
    ) -> Result<Intervention>;
    async fn update_intervention(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        f: &InterventionFields,
    ) -> Result<Intervention>;
    async fn delete_intervention(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;

    // Users and their scopes
    async fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<User>;
    async fn list_users(&self, org: OrgId) -> Result<Vec<User>>;
    async fn credentials(&self, email: &Email) -> Result<Option<Credentials>>;
    async fn set_scope(&self, org: OrgId, actor: &Actor, user_id: i64, scope: &Scope)
        -> Result<()>;
    /// Deactivates (ending its sessions) or reactivates an account of the förbund.
    async fn set_user_disabled(
        &self,
        org: OrgId,
        actor: &Actor,
        user_id: i64,
        disabled: bool,
    ) -> Result<()>;

    // Sessions, kept in the database so that every app server sees them
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()>;
    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;

    // Failed logins, counted in the database so the limit holds across servers
    async fn record_login_failure(&self, email: &str, ip: &str, at: i64) -> Result<()>;
    /// Failures since `since` for this e-mail and for this address.
    async fn login_failures(&self, email: &str, ip: &str, since: i64) -> Result<(i64, i64)>;

    // API tokens
    async fn create_api_token(
        &self,
        org: OrgId,
        actor: &Actor,
        user_id: i64,
        name: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<ApiToken>;
    async fn list_api_tokens(&self, org: OrgId) -> Result<Vec<ApiToken>>;
    async fn revoke_api_token(&self, org: OrgId, actor: &Actor, token_id: i64) -> Result<()>;
    async fn user_by_api_token(&self, token_hash: &str) -> Result<Option<User>>;

    // Agreements and their payouts
    async fn create_agreement(
        &self,
        org: OrgId,
        actor: &Actor,
        intervention_id: i64,
        member_id: i64,
        agreement: &Agreement,
    ) -> Result<i64>;
    /// Every agreement of the förbund, by intervention and municipality name.
    async fn list_agreements(&self, org: OrgId) -> Result<Vec<AgreementLine>>;
    /// The förbund's amounts of the socioeconomic model, or the model's defaults.
    async fn effect_model(&self, org: OrgId) -> Result<EffectModel>;
    async fn set_effect_model(&self, org: OrgId, actor: &Actor, model: &EffectModel) -> Result<()>;

    // Members' contributions
    /// The year's total and its key (member id, weight), if set.
    async fn contribution_year(&self, org: OrgId, year: i32) -> Result<Option<YearKey>>;
    /// Sets the year's total and key in one go; every member must be the förbund's own.
    async fn set_contribution_year(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        total: Ore,
        key: &[(i64, u64)],
    ) -> Result<()>;
    async fn instalments(&self, org: OrgId, year: i32) -> Result<Vec<Instalment>>;
    async fn add_instalment(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        member_id: i64,
        amount: Ore,
        due: time::Date,
    ) -> Result<i64>;
    /// Marks an unpaid instalment paid.
    async fn mark_paid(
        &self,
        org: OrgId,
        actor: &Actor,
        instalment_id: i64,
        on: time::Date,
    ) -> Result<()>;
    /// Records (or replaces) the granted rate of some months of an agreement, all or none.
    async fn set_reductions(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement_id: i64,
        reductions: &[Reduction],
    ) -> Result<()>;
    /// Adds (or replaces) a dated share of positions of an agreement.
    async fn set_share(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement_id: i64,
        share: &DatedShare,
    ) -> Result<()>;

    // Audit log: append and read, nothing else
    async fn audit(&self, org: Option<OrgId>, actor: &Actor, event: &AuditEvent) -> Result<()>;
    async fn list_audit(
        &self,
        org: OrgId,
        limit: i64,
        before_id: Option<i64>,
    ) -> Result<Vec<AuditEntry>>;
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
        Err(StoreError::Unsupported(format!(
            "database URL must start with sqlite:// or postgres://, got {url:?}"
        )))
    }
}

pub(crate) fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
