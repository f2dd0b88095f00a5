//! The rows of accounts, API tokens and the audit log, and their conversion into domain
//! values. `FromRow` is generic over the backend, so these serve both.

use crate::{Result, StoreError};
use samordna_domain::access::audit::{AuditAction, AuditEntry};
use samordna_domain::access::roles::{Role, Scope, TokenScope};
use samordna_domain::access::users::{Email, User};
use samordna_domain::orgs::networks::NetworkId;
use samordna_domain::orgs::OrgId;

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub org_id: Option<i64>,
    pub network_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub disabled: bool,
}

impl UserRow {
    pub fn into_domain(self, scope: Scope) -> Result<(User, String)> {
        let role = Role::parse(&self.role).map_err(|_| StoreError::corrupt("role", &self.role))?;
        let email =
            Email::parse(&self.email).map_err(|_| StoreError::corrupt("email", &self.email))?;
        let user = User {
            id: self.id,
            org_id: self.org_id.map(OrgId),
            network_id: self.network_id.map(NetworkId),
            email,
            name: self.name,
            role,
            scope,
            disabled: self.disabled,
        };
        Ok((user, self.password_hash))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub id: i64,
    pub org_id: Option<i64>,
    pub at: i64,
    pub actor: String,
    pub user_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
}

impl AuditRow {
    pub fn into_domain(self) -> Result<AuditEntry> {
        let action = AuditAction::parse(&self.action)
            .ok_or_else(|| StoreError::corrupt("audit action", &self.action))?;
        let at = time::OffsetDateTime::from_unix_timestamp(self.at)
            .map_err(|_| StoreError::corrupt("audit time", self.at))?;
        Ok(AuditEntry {
            id: self.id,
            org_id: self.org_id.map(OrgId),
            at,
            actor: self.actor,
            user_id: self.user_id,
            action,
            entity: self.entity,
            entity_id: self.entity_id,
            detail: self.detail,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub user_email: String,
    pub name: String,
    pub scope: String,
    pub created_at: i64,
}

impl ApiTokenRow {
    pub fn into_domain(self) -> Result<super::ApiToken> {
        Ok(super::ApiToken {
            id: self.id,
            user_id: self.user_id,
            user_email: self.user_email,
            name: self.name,
            scope: scope(&self.scope)?,
            created_at: self.created_at,
        })
    }
}

pub(crate) fn scope(text: &str) -> Result<TokenScope> {
    TokenScope::parse(text).map_err(|_| StoreError::corrupt("token scope", text))
}
