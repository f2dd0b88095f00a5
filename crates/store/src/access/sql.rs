//! The SQL of `AccessStore` and `AuditStore`, compiled into each backend (see `crate::sql`).

use super::sql::{audit_in, on_constraint, one, Tx};
use super::Db;
use crate::access::rows::{scope, ApiTokenRow, AuditRow, UserRow};
use crate::access::{AccessStore, ApiToken, AuditStore, Credentials, NewToken, Session};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEntry, AuditEvent};
use samordna_domain::access::login::{Failures, LoginLimits};
use samordna_domain::access::roles::{Scope, TokenScope};
use samordna_domain::access::users::{Email, NewUser, User};
use samordna_domain::orgs::OrgId;

impl Db {
    async fn scope_of(&self, user_id: i64) -> Result<Scope> {
        let interventions: Vec<(i64,)> =
            sqlx::query_as("SELECT intervention_id FROM user_interventions WHERE user_id = $1 ORDER BY intervention_id")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        let municipalities: Vec<(i64,)> = sqlx::query_as(
            "SELECT member_id FROM user_municipalities WHERE user_id = $1 ORDER BY member_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Scope {
            interventions: interventions.into_iter().map(|r| r.0).collect(),
            municipalities: municipalities.into_iter().map(|r| r.0).collect(),
        })
    }

    async fn user_from_row(&self, row: UserRow) -> Result<(User, String)> {
        let scope = self.scope_of(row.id).await?;
        row.into_domain(scope)
    }
}

async fn write_scope(tx: &mut Tx<'_>, org: OrgId, user_id: i64, scope: &Scope) -> Result<()> {
    sqlx::query("DELETE FROM user_interventions WHERE user_id = $1 AND org_id = $2")
        .bind(user_id)
        .bind(org.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM user_municipalities WHERE user_id = $1 AND org_id = $2")
        .bind(user_id)
        .bind(org.0)
        .execute(&mut **tx)
        .await?;
    // The sub-selects make sure only the förbund's own interventions and members can be named.
    for id in &scope.interventions {
        let n = sqlx::query(
            "INSERT INTO user_interventions (org_id, user_id, intervention_id)
             SELECT $1, $2, id FROM interventions WHERE id = $3 AND org_id = $1",
        )
        .bind(org.0)
        .bind(user_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if n.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                field: "interventions",
            });
        }
    }
    for id in &scope.municipalities {
        let n = sqlx::query(
            "INSERT INTO user_municipalities (org_id, user_id, member_id)
             SELECT $1, $2, id FROM members WHERE id = $3 AND org_id = $1 AND kind = 'municipality'",
        )
        .bind(org.0)
        .bind(user_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if n.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                field: "municipalities",
            });
        }
    }
    Ok(())
}

#[async_trait]
impl AccessStore for Db {
    async fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<User> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (org_id, network_id, email, name, role, password_hash, created_at)
             VALUES ($1, $7, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.org_id.map(|o| o.0))
        .bind(new.email.as_str())
        .bind(&new.name)
        .bind(new.role.as_str())
        .bind(&new.password_hash)
        .bind(crate::now_unix())
        .bind(new.network_id.map(|n| n.0))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_constraint("users_email_key", "email"))?;
        if let Some(org) = new.org_id {
            write_scope(&mut tx, org, id, &new.scope).await?;
        }
        let event = AuditEvent::new(AuditAction::Create, "user", id).with_detail(format!(
            "{} ({})",
            new.email.as_str(),
            new.role.as_str()
        ));
        audit_in(&mut tx, new.org_id, actor, &event).await?;
        tx.commit().await?;
        Ok(User {
            id,
            org_id: new.org_id,
            network_id: new.network_id,
            email: new.email.clone(),
            name: new.name.clone(),
            role: new.role,
            scope: new.scope.clone(),
            disabled: false,
        })
    }

    async fn list_users(&self, org: OrgId) -> Result<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(
            "SELECT id, org_id, network_id, email, name, role, password_hash, disabled FROM users WHERE org_id = $1 ORDER BY name, email",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            users.push(self.user_from_row(row).await?.0);
        }
        Ok(users)
    }

    async fn credentials(&self, email: &Email) -> Result<Option<Credentials>> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT id, org_id, network_id, email, name, role, password_hash, disabled FROM users WHERE email = $1 AND NOT disabled",
        )
        .bind(email.as_str())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => {
                let (user, password_hash) = self.user_from_row(row).await?;
                Ok(Some(Credentials {
                    user,
                    password_hash,
                }))
            }
            None => Ok(None),
        }
    }

    async fn set_scope(
        &self,
        org: OrgId,
        actor: &Actor,
        user_id: i64,
        scope: &Scope,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let owner: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM users WHERE id = $1 AND org_id = $2")
                .bind(user_id)
                .bind(org.0)
                .fetch_optional(&mut *tx)
                .await?;
        one(owner)?;
        write_scope(&mut tx, org, user_id, scope).await?;
        let event =
            AuditEvent::new(AuditAction::Update, "user_scope", user_id).with_detail(format!(
                "interventions {:?}, municipalities {:?}",
                scope.interventions, scope.municipalities
            ));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_user_disabled(
        &self,
        org: OrgId,
        actor: &Actor,
        user_id: i64,
        disabled: bool,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE users SET disabled = $3 WHERE id = $1 AND org_id = $2")
            .bind(user_id)
            .bind(org.0)
            .bind(disabled)
            .execute(&mut *tx)
            .await?;
        if n.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let detail = if disabled { "disabled" } else { "enabled" };
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "user", user_id).with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- sessions ----

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>> {
        let row: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT s.user_id, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some((user_id, csrf, expires_at)) = row else {
            return Ok(None);
        };
        let user: UserRow = sqlx::query_as("SELECT id, org_id, network_id, email, name, role, password_hash, disabled FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        let (user, _) = self.user_from_row(user).await?;
        Ok(Some(Session {
            user,
            csrf,
            expires_at,
        }))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_sessions_of(&self, actor: &Actor, user_id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let org: Option<(Option<i64>,)> = sqlx::query_as("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        let (org,) = one(org)?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let event =
            AuditEvent::new(AuditAction::Logout, "session", user_id).with_detail("every_session");
        audit_in(&mut tx, org.map(OrgId), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_password(&self, actor: &Actor, user_id: i64, password_hash: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let org: Option<(Option<i64>,)> =
            sqlx::query_as("UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING org_id")
                .bind(password_hash)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (org,) = one(org)?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent::new(AuditAction::Update, "user", user_id)
            .with_detail("password_changed every_session");
        audit_in(&mut tx, org.map(OrgId), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- failed logins ----

    async fn begin_login(
        &self,
        email: &str,
        ip: &str,
        now: i64,
        limits: &LoginLimits,
    ) -> Result<std::result::Result<i64, i64>> {
        let since = now - limits.window_secs;
        let mut tx = self.write_tx().await?;
        // Count and insert as one: no other attempt may count between them.
        self.serialize_logins(&mut tx).await?;
        // Each count with its oldest failure: here, of the account, from the address.
        let (account_and_address, first_here, account, first_anywhere, address, first_from): (
            i64,
            Option<i64>,
            i64,
            Option<i64>,
            i64,
            Option<i64>,
        ) = sqlx::query_as(
            "SELECT COUNT(CASE WHEN email = $1 AND ip = $2 THEN 1 END),
                    MIN(CASE WHEN email = $1 AND ip = $2 THEN at END),
                    COUNT(CASE WHEN email = $1 THEN 1 END),
                    MIN(CASE WHEN email = $1 THEN at END),
                    COUNT(CASE WHEN ip = $2 THEN 1 END),
                    MIN(CASE WHEN ip = $2 THEN at END)
             FROM login_failures WHERE (email = $1 OR ip = $2) AND at >= $3",
        )
        .bind(email)
        .bind(ip)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        let failures = Failures {
            account_and_address,
            account,
            address,
        };
        if !limits.allows(failures) {
            // When the limit that holds lets go: its oldest failure leaves the window.
            let first = [
                (
                    account_and_address >= limits.per_account_and_address,
                    first_here,
                ),
                (account >= limits.per_account, first_anywhere),
                (address >= limits.per_address, first_from),
            ]
            .into_iter()
            .filter_map(|(reached, first)| first.filter(|_| reached))
            .max()
            .unwrap_or(now);
            return Ok(Err(first + limits.window_secs));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(email)
        .bind(ip)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    async fn forget_login_attempt(&self, attempt_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE id = $1")
            .bind(attempt_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn login_failures(&self, email: &str, ip: &str, since: i64) -> Result<(i64, i64)> {
        let (by_email,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $2")
                .bind(email)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
        let (by_ip,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at >= $2")
                .bind(ip)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
        Ok((by_email, by_ip))
    }

    async fn failures_by_account(&self, org: OrgId, since: i64) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT u.id, COUNT(*) FROM login_failures f JOIN users u ON u.email = f.email
             WHERE u.org_id = $1 AND f.at >= $2 GROUP BY u.id ORDER BY u.id",
        )
        .bind(org.0)
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn unlock_login(&self, org: OrgId, actor: &Actor, user_id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let email: Option<(String,)> =
            sqlx::query_as("SELECT email FROM users WHERE id = $1 AND org_id = $2")
                .bind(user_id)
                .bind(org.0)
                .fetch_optional(&mut *tx)
                .await?;
        let (email,) = one(email)?;
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        let event =
            AuditEvent::new(AuditAction::Update, "user", user_id).with_detail("login_unlocked");
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- API tokens ----

    async fn create_api_token(
        &self,
        org: OrgId,
        actor: &Actor,
        t: &NewToken<'_>,
    ) -> Result<ApiToken> {
        let mut tx = self.write_tx().await?;
        let row: Option<ApiTokenRow> = sqlx::query_as(
            "INSERT INTO api_tokens (org_id, user_id, name, token_hash, scope, created_at)
             SELECT $1, u.id, $3, $4, $5, $6 FROM users u WHERE u.id = $2 AND u.org_id = $1
             RETURNING id, user_id, (SELECT email FROM users WHERE id = $2) AS user_email, name,
                 scope, created_at",
        )
        .bind(org.0)
        .bind(t.user_id)
        .bind(t.name)
        .bind(t.token_hash)
        .bind(t.scope.as_str())
        .bind(t.created_at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(on_constraint("api_tokens_org_id_name_key", "name"))?;
        let token = one(row)?.into_domain()?;
        let detail = format!("{} ({})", t.name, t.scope.as_str());
        let event = AuditEvent::new(AuditAction::Create, "api_token", token.id).with_detail(detail);
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(token)
    }

    async fn revoke_api_token(&self, org: OrgId, actor: &Actor, token_id: i64) -> Result<()> {
        self.delete_owned("api_tokens", "api_token", org, actor, token_id)
            .await
    }

    async fn list_api_tokens(&self, org: OrgId) -> Result<Vec<ApiToken>> {
        let rows: Vec<ApiTokenRow> = sqlx::query_as(
            "SELECT t.id, t.user_id, u.email AS user_email, t.name, t.scope, t.created_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.org_id = $1 ORDER BY t.id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ApiTokenRow::into_domain).collect()
    }

    async fn user_by_api_token(&self, token_hash: &str) -> Result<Option<(User, TokenScope)>> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT t.scope, u.id FROM api_tokens t
             JOIN users u ON u.id = t.user_id AND u.org_id = t.org_id
             WHERE t.token_hash = $1 AND NOT u.disabled",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((scope_text, user_id)) = row else {
            return Ok(None);
        };
        let row: UserRow = sqlx::query_as(
            "SELECT id, org_id, network_id, email, name, role, password_hash, disabled FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(Some((
            self.user_from_row(row).await?.0,
            scope(&scope_text)?,
        )))
    }
}

#[async_trait]
impl AuditStore for Db {
    async fn audit(&self, org: Option<OrgId>, actor: &Actor, event: &AuditEvent) -> Result<()> {
        let mut tx = self.write_tx().await?;
        audit_in(&mut tx, org, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_audit(
        &self,
        org: OrgId,
        limit: i64,
        before_id: Option<i64>,
    ) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, org_id, at, actor, user_id, action, entity, entity_id, detail FROM audit_log
             WHERE org_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(org.0)
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditRow::into_domain).collect()
    }
}
