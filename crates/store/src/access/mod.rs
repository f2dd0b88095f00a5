//! Who may come in and what they did: accounts and their scopes, sessions and failed logins
//! (kept in the database so that every app server sees them), API tokens, and the audit log.

pub(crate) mod rows;

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditEntry, AuditEvent};
use samordna_domain::access::login::LoginLimits;
use samordna_domain::access::roles::{Scope, TokenScope};
use samordna_domain::access::users::{Email, NewUser, User};
use samordna_domain::orgs::OrgId;

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
    pub scope: TokenScope,
    pub created_at: i64,
}

/// A token to make: only its hash is stored.
#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub scope: TokenScope,
    pub created_at: i64,
}

/// A user as found by e-mail at login, with the password hash to verify.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

#[async_trait]
pub trait AccessStore: Send + Sync {
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
    /// Ends every session of the account (log out everywhere), with its audit entry.
    async fn delete_sessions_of(&self, actor: &Actor, user_id: i64) -> Result<()>;
    /// A new password: every session of the account ends with the old one.
    async fn set_password(&self, actor: &Actor, user_id: i64, password_hash: &str) -> Result<()>;

    // Failed logins, counted in the database so the limit holds across servers
    /// Counts a login attempt before its password is checked, in one transaction with the
    /// count, so that parallel attempts cannot pass the limit: `Ok(id)` of the attempt to
    /// go on, or `Err(until)` (a Unix time) when a limit is reached, and nothing counted.
    async fn begin_login(
        &self,
        email: &str,
        ip: &str,
        now: i64,
        limits: &LoginLimits,
    ) -> Result<std::result::Result<i64, i64>>;
    /// The attempt's password was right: it does not count as a failure.
    async fn forget_login_attempt(&self, attempt_id: i64) -> Result<()>;
    /// Failures since `since` for this e-mail and for this address.
    async fn login_failures(&self, email: &str, ip: &str, since: i64) -> Result<(i64, i64)>;
    /// The failed logins since `since` of each account of the förbund that has any.
    async fn failures_by_account(&self, org: OrgId, since: i64) -> Result<Vec<(i64, i64)>>;
    /// The director lets a locked-out account in again: its failures are forgotten.
    async fn unlock_login(&self, org: OrgId, actor: &Actor, user_id: i64) -> Result<()>;

    // API tokens
    async fn create_api_token(
        &self,
        org: OrgId,
        actor: &Actor,
        token: &NewToken<'_>,
    ) -> Result<ApiToken>;
    async fn list_api_tokens(&self, org: OrgId) -> Result<Vec<ApiToken>>;
    async fn revoke_api_token(&self, org: OrgId, actor: &Actor, token_id: i64) -> Result<()>;
    /// The user of a token and the token's scope.
    async fn user_by_api_token(&self, token_hash: &str) -> Result<Option<(User, TokenScope)>>;
}

/// The audit log: append and read, nothing else.
#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn audit(&self, org: Option<OrgId>, actor: &Actor, event: &AuditEvent) -> Result<()>;
    /// Newest first, `limit` entries before `before_id`.
    async fn list_audit(
        &self,
        org: OrgId,
        limit: i64,
        before_id: Option<i64>,
    ) -> Result<Vec<AuditEntry>>;
}
