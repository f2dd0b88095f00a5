// The SQL of the `Store` trait, written once and compiled into each backend module
// (`sqlite.rs`, `postgres.rs`), where `DB` names the backend and `Db` holds its pool.
// Placeholders are `$1`, `$2`, … which both accept; types are those both map the same way
// (i64, String, bool, Option). Backend-specific work goes through `Db`'s inherent methods.

use crate::rows::{on_constraint, ApiTokenRow, AuditRow, InterventionRow, MemberRow, OrgRow, UserRow};
use crate::{ApiToken, Backend, Credentials, Result, Session, Store, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEntry, AuditEvent};
use samordna_domain::economy::contributions::{Instalment, YearKey};
use samordna_domain::economy::socioeconomic::EffectModel;
use samordna_domain::economy::payouts::{Agreement, AgreementLine, DatedShare, Reduction};
use samordna_domain::money::{Ore, Share};
use samordna_domain::orgs::interventions::{Intervention, InterventionFields};
use samordna_domain::orgs::members::{Member, NewMember};
use samordna_domain::orgs::{NewOrg, Org, OrgId};
use samordna_domain::access::roles::Scope;
use samordna_domain::access::users::{Email, NewUser, User};
use std::path::Path;

pub(crate) type Tx<'a> = sqlx::Transaction<'a, DB>;

/// Writes an audit entry inside the caller's transaction.
pub(crate) async fn audit_in(tx: &mut Tx<'_>, org: Option<OrgId>, actor: &Actor, e: &AuditEvent) -> Result<()> {
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

const INTERVENTION_COLUMNS: &str = "id, org_id, slug, name, kind, long_term, goal, target_group, content, follow_up,
     age_min, age_max, priority_age_min, priority_age_max, goal_share_bp, capacity_per_fte";

/// Binds the fields of an intervention as `$1`…`$14`, in the column order of the INSERT.
fn bind_intervention<'q>(
    q: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    f: &'q InterventionFields,
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>> {
    q.bind(&f.slug)
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(f.long_term)
        .bind(&f.description.goal)
        .bind(&f.description.target_group)
        .bind(&f.description.content)
        .bind(&f.description.follow_up)
        .bind(f.target_age.min as i64)
        .bind(f.target_age.max as i64)
        .bind(f.priority_age.map(|a| a.min as i64))
        .bind(f.priority_age.map(|a| a.max as i64))
        .bind(f.goal_share.map(|s| s.basis_points() as i64))
        .bind(f.capacity_per_fte.map(|c| c as i64))
}

impl Db {
    /// The key that seals identities; without it they can be neither stored nor read.
    pub fn with_key(mut self, key: Option<crate::IdentityKey>) -> Self {
        self.key = key;
        self
    }

    async fn scope_of(&self, user_id: i64) -> Result<Scope> {
        let interventions: Vec<(i64,)> =
            sqlx::query_as("SELECT intervention_id FROM user_interventions WHERE user_id = $1 ORDER BY intervention_id")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        let municipalities: Vec<(i64,)> =
            sqlx::query_as("SELECT member_id FROM user_municipalities WHERE user_id = $1 ORDER BY member_id")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(Scope {
            interventions: interventions.into_iter().map(|r| r.0).collect(),
            municipalities: municipalities.into_iter().map(|r| r.0).collect(),
        })
    }

    /// Removes row `id` of `table` if it belongs to `org`, with its audit entry. `table` is
    /// one of this file's constants, never user input.
    async fn delete_owned(&self, table: &'static str, entity: &'static str, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(&format!("DELETE FROM {table} WHERE org_id = $1 AND id = $2"))
            .bind(org.0)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(on_constraint("in_use"))?;
        if n.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Delete, entity, id)).await?;
        tx.commit().await?;
        Ok(())
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
            return Err(StoreError::Conflict { field: "interventions" });
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
            return Err(StoreError::Conflict { field: "municipalities" });
        }
    }
    Ok(())
}

/// The agreement, if it is the förbund's own.
async fn owned_agreement(tx: &mut Tx<'_>, org: OrgId, agreement_id: i64) -> Result<()> {
    let owner: Option<(i64,)> = sqlx::query_as("SELECT id FROM agreements WHERE id = $1 AND org_id = $2")
        .bind(agreement_id)
        .bind(org.0)
        .fetch_optional(&mut **tx)
        .await?;
    one(owner)?;
    Ok(())
}

async fn upsert_reduction(tx: &mut Tx<'_>, org: OrgId, agreement_id: i64, r: &Reduction) -> Result<()> {
    sqlx::query(
        "INSERT INTO agreement_reductions (org_id, agreement_id, year, month, granted_bp) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (agreement_id, year, month) DO UPDATE SET granted_bp = excluded.granted_bp",
    )
    .bind(org.0)
    .bind(agreement_id)
    .bind(r.year as i64)
    .bind(r.month as u8 as i64)
    .bind(r.granted.basis_points() as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl Store for Db {
    fn backend(&self) -> Backend {
        BACKEND
    }

    async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn backup(&self, to: &Path) -> Result<()> {
        self.backup_impl(to).await
    }

    // ---- förbund ----

    async fn create_org(&self, actor: &Actor, new: &NewOrg) -> Result<Org> {
        let mut tx = self.write_tx().await?;
        let row: OrgRow = sqlx::query_as("INSERT INTO orgs (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id, slug, name")
            .bind(new.slug.as_str())
            .bind(&new.name)
            .bind(crate::now_unix())
            .fetch_one(&mut *tx)
            .await
            .map_err(on_constraint("slug"))?;
        let org = row.into_domain()?;
        for (i, (code, label, outcome)) in samordna_domain::participants::DEFAULT_EXIT_REASONS.iter().enumerate() {
            sqlx::query("INSERT INTO exit_reasons (org_id, code, label, outcome, position) VALUES ($1, $2, $3, $4, $5)")
                .bind(org.id.0)
                .bind(*code)
                .bind(*label)
                .bind(outcome.as_str())
                .bind(i as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
        audit_in(&mut tx, Some(org.id), actor, &AuditEvent::new(AuditAction::Create, "org", org.id.0).with_detail(&org.name)).await?;
        tx.commit().await?;
        Ok(org)
    }

    async fn org_by_slug(&self, slug: &str) -> Result<Org> {
        let row: Option<OrgRow> = sqlx::query_as("SELECT id, slug, name FROM orgs WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        one(row)?.into_domain()
    }

    async fn get_org(&self, id: OrgId) -> Result<Org> {
        let row: Option<OrgRow> =
            sqlx::query_as("SELECT id, slug, name FROM orgs WHERE id = $1").bind(id.0).fetch_optional(&self.pool).await?;
        one(row)?.into_domain()
    }

    async fn list_orgs(&self) -> Result<Vec<Org>> {
        let rows: Vec<OrgRow> = sqlx::query_as("SELECT id, slug, name FROM orgs ORDER BY name").fetch_all(&self.pool).await?;
        rows.into_iter().map(OrgRow::into_domain).collect()
    }

    // ---- members ----

    async fn list_members(&self, org: OrgId) -> Result<Vec<Member>> {
        let rows: Vec<MemberRow> = sqlx::query_as(
            "SELECT id, org_id, name, kind FROM members WHERE org_id = $1
             ORDER BY CASE kind WHEN 'municipality' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, name",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(MemberRow::into_domain).collect()
    }

    async fn get_member(&self, org: OrgId, id: i64) -> Result<Member> {
        let row: Option<MemberRow> = sqlx::query_as("SELECT id, org_id, name, kind FROM members WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        one(row)?.into_domain()
    }

    async fn create_member(&self, org: OrgId, actor: &Actor, new: &NewMember) -> Result<Member> {
        let mut tx = self.write_tx().await?;
        let row: MemberRow = sqlx::query_as(
            "INSERT INTO members (org_id, name, kind) VALUES ($1, $2, $3) RETURNING id, org_id, name, kind",
        )
        .bind(org.0)
        .bind(&new.name)
        .bind(new.kind.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_constraint("name"))?;
        let m = row.into_domain()?;
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Create, "member", m.id).with_detail(&m.name)).await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn update_member(&self, org: OrgId, actor: &Actor, id: i64, new: &NewMember) -> Result<Member> {
        let mut tx = self.write_tx().await?;
        let row: Option<MemberRow> = sqlx::query_as(
            "UPDATE members SET name = $3, kind = $4 WHERE org_id = $1 AND id = $2 RETURNING id, org_id, name, kind",
        )
        .bind(org.0)
        .bind(id)
        .bind(&new.name)
        .bind(new.kind.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(on_constraint("name"))?;
        let m = one(row)?.into_domain()?;
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "member", id).with_detail(&m.name)).await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn delete_member(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        self.delete_owned("members", "member", org, actor, id).await
    }

    // ---- interventions ----

    async fn list_interventions(&self, org: OrgId) -> Result<Vec<Intervention>> {
        let sql = format!("SELECT {INTERVENTION_COLUMNS} FROM interventions WHERE org_id = $1 ORDER BY kind, name");
        let rows: Vec<InterventionRow> = sqlx::query_as(&sql).bind(org.0).fetch_all(&self.pool).await?;
        rows.into_iter().map(InterventionRow::into_domain).collect()
    }

    async fn get_intervention(&self, org: OrgId, slug: &str) -> Result<Intervention> {
        let sql = format!("SELECT {INTERVENTION_COLUMNS} FROM interventions WHERE org_id = $1 AND slug = $2");
        let row: Option<InterventionRow> = sqlx::query_as(&sql).bind(org.0).bind(slug).fetch_optional(&self.pool).await?;
        one(row)?.into_domain()
    }

    async fn create_intervention(&self, org: OrgId, actor: &Actor, f: &InterventionFields) -> Result<Intervention> {
        let mut tx = self.write_tx().await?;
        let sql = format!(
            "INSERT INTO interventions (slug, name, kind, long_term, goal, target_group, content, follow_up,
                age_min, age_max, priority_age_min, priority_age_max, goal_share_bp, capacity_per_fte, org_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             RETURNING {INTERVENTION_COLUMNS}"
        );
        let row: InterventionRow = bind_intervention(sqlx::query(&sql), f)
            .bind(org.0)
            .try_map(|r| <InterventionRow as sqlx::FromRow<_>>::from_row(&r))
            .fetch_one(&mut *tx)
            .await
            .map_err(on_constraint("slug"))?;
        let i = row.into_domain()?;
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Create, "intervention", i.id).with_detail(&i.fields.name)).await?;
        tx.commit().await?;
        Ok(i)
    }

    async fn update_intervention(&self, org: OrgId, actor: &Actor, id: i64, f: &InterventionFields) -> Result<Intervention> {
        let mut tx = self.write_tx().await?;
        let sql = format!(
            "UPDATE interventions SET slug = $1, name = $2, kind = $3, long_term = $4, goal = $5, target_group = $6,
                content = $7, follow_up = $8, age_min = $9, age_max = $10, priority_age_min = $11,
                priority_age_max = $12, goal_share_bp = $13, capacity_per_fte = $14
             WHERE org_id = $15 AND id = $16
             RETURNING {INTERVENTION_COLUMNS}"
        );
        let row: Option<InterventionRow> = bind_intervention(sqlx::query(&sql), f)
            .bind(org.0)
            .bind(id)
            .try_map(|r| <InterventionRow as sqlx::FromRow<_>>::from_row(&r))
            .fetch_optional(&mut *tx)
            .await
            .map_err(on_constraint("slug"))?;
        let i = one(row)?.into_domain()?;
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "intervention", id).with_detail(&i.fields.name)).await?;
        tx.commit().await?;
        Ok(i)
    }

    async fn delete_intervention(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        self.delete_owned("interventions", "intervention", org, actor, id).await
    }

    // ---- users ----

    async fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<User> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (org_id, email, name, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.org_id.map(|o| o.0))
        .bind(new.email.as_str())
        .bind(&new.name)
        .bind(new.role.as_str())
        .bind(&new.password_hash)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_constraint("email"))?;
        if let Some(org) = new.org_id {
            write_scope(&mut tx, org, id, &new.scope).await?;
        }
        let event = AuditEvent::new(AuditAction::Create, "user", id)
            .with_detail(format!("{} ({})", new.email.as_str(), new.role.as_str()));
        audit_in(&mut tx, new.org_id, actor, &event).await?;
        tx.commit().await?;
        Ok(User {
            id,
            org_id: new.org_id,
            email: new.email.clone(),
            name: new.name.clone(),
            role: new.role,
            scope: new.scope.clone(),
            disabled: false,
        })
    }

    async fn list_users(&self, org: OrgId) -> Result<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(
            "SELECT id, org_id, email, name, role, password_hash, disabled FROM users WHERE org_id = $1 ORDER BY name, email",
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
            "SELECT id, org_id, email, name, role, password_hash, disabled FROM users WHERE email = $1 AND NOT disabled",
        )
        .bind(email.as_str())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => {
                let (user, password_hash) = self.user_from_row(row).await?;
                Ok(Some(Credentials { user, password_hash }))
            }
            None => Ok(None),
        }
    }

    async fn set_scope(&self, org: OrgId, actor: &Actor, user_id: i64, scope: &Scope) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let owner: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE id = $1 AND org_id = $2")
            .bind(user_id)
            .bind(org.0)
            .fetch_optional(&mut *tx)
            .await?;
        one(owner)?;
        write_scope(&mut tx, org, user_id, scope).await?;
        let event = AuditEvent::new(AuditAction::Update, "user_scope", user_id)
            .with_detail(format!("interventions {:?}, municipalities {:?}", scope.interventions, scope.municipalities));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_user_disabled(&self, org: OrgId, actor: &Actor, user_id: i64, disabled: bool) -> Result<()> {
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
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        }
        let detail = if disabled { "disabled" } else { "enabled" };
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "user", user_id).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- sessions ----

    async fn create_session(&self, token_hash: &str, user_id: i64, csrf: &str, now: i64, expires_at: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&mut *tx).await?;
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
        let Some((user_id, csrf, expires_at)) = row else { return Ok(None) };
        let user: UserRow = sqlx::query_as("SELECT id, org_id, email, name, role, password_hash, disabled FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        let (user, _) = self.user_from_row(user).await?;
        Ok(Some(Session { user, csrf, expires_at }))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    // ---- failed logins ----

    async fn record_login_failure(&self, email: &str, ip: &str, at: i64) -> Result<()> {
        sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(ip)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn login_failures(&self, email: &str, ip: &str, since: i64) -> Result<(i64, i64)> {
        let (by_email,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $2")
            .bind(email)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        let (by_ip,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at >= $2")
            .bind(ip)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok((by_email, by_ip))
    }

    // ---- API tokens ----

    async fn create_api_token(&self, org: OrgId, actor: &Actor, user_id: i64, name: &str, token_hash: &str, now: i64) -> Result<ApiToken> {
        let mut tx = self.write_tx().await?;
        let row: Option<ApiTokenRow> = sqlx::query_as(
            "INSERT INTO api_tokens (org_id, user_id, name, token_hash, created_at)
             SELECT $1, u.id, $3, $4, $5 FROM users u WHERE u.id = $2 AND u.org_id = $1
             RETURNING id, user_id, (SELECT email FROM users WHERE id = $2) AS user_email, name, created_at",
        )
        .bind(org.0)
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(on_constraint("name"))?;
        let token: ApiToken = one(row)?.into();
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Create, "api_token", token.id).with_detail(name)).await?;
        tx.commit().await?;
        Ok(token)
    }

    async fn revoke_api_token(&self, org: OrgId, actor: &Actor, token_id: i64) -> Result<()> {
        self.delete_owned("api_tokens", "api_token", org, actor, token_id).await
    }

    async fn list_api_tokens(&self, org: OrgId) -> Result<Vec<ApiToken>> {
        let rows: Vec<ApiTokenRow> = sqlx::query_as(
            "SELECT t.id, t.user_id, u.email AS user_email, t.name, t.created_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.org_id = $1 ORDER BY t.id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn user_by_api_token(&self, token_hash: &str) -> Result<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.org_id, u.email, u.name, u.role, u.password_hash, u.disabled
             FROM api_tokens t JOIN users u ON u.id = t.user_id AND u.org_id = t.org_id
             WHERE t.token_hash = $1 AND NOT u.disabled",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.user_from_row(row).await?.0)),
            None => Ok(None),
        }
    }

    // ---- agreements ----

    async fn create_agreement(&self, org: OrgId, actor: &Actor, intervention_id: i64, member_id: i64, agreement: &Agreement) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        // The sub-select keeps both parties inside the förbund; a municipality only.
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO agreements (org_id, intervention_id, member_id, standard_per_year_ore)
             SELECT $1, i.id, m.id, $4 FROM interventions i, members m
             WHERE i.id = $2 AND i.org_id = $1 AND m.id = $3 AND m.org_id = $1 AND m.kind = 'municipality'
             RETURNING id",
        )
        .bind(org.0)
        .bind(intervention_id)
        .bind(member_id)
        .bind(agreement.standard_per_year.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(on_constraint("agreement"))?;
        let (id,) = one(row)?;
        for share in &agreement.shares {
            sqlx::query("INSERT INTO agreement_shares (org_id, agreement_id, valid_from, fte_bp) VALUES ($1, $2, $3, $4)")
                .bind(org.0)
                .bind(id)
                .bind(share.from)
                .bind(share.fte.basis_points() as i64)
                .execute(&mut *tx)
                .await
                .map_err(on_constraint("valid_from"))?;
        }
        for r in &agreement.reductions {
            upsert_reduction(&mut tx, org, id, r).await?;
        }
        let detail = format!("{} kr/år", agreement.standard_per_year.round_to_kronor());
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Create, "agreement", id).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn effect_model(&self, org: OrgId) -> Result<EffectModel> {
        let row: Option<(i64, i64, i64)> =
            sqlx::query_as("SELECT support_ore, administration_ore, tax_ore FROM effect_settings WHERE org_id = $1")
                .bind(org.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map_or_else(EffectModel::default, |(s, a, t)| EffectModel {
            support_saved_per_month: Ore(s),
            administration_per_month: Ore(a),
            tax_per_month: Ore(t),
        }))
    }

    async fn set_effect_model(&self, org: OrgId, actor: &Actor, m: &EffectModel) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO effect_settings (org_id, support_ore, administration_ore, tax_ore) VALUES ($1, $2, $3, $4)
             ON CONFLICT (org_id) DO UPDATE SET support_ore = $2, administration_ore = $3, tax_ore = $4",
        )
        .bind(org.0)
        .bind(m.support_saved_per_month.0)
        .bind(m.administration_per_month.0)
        .bind(m.tax_per_month.0)
        .execute(&mut *tx)
        .await?;
        let detail = format!("{} per month", m.per_month());
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "effect_settings", org.0).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn contribution_year(&self, org: OrgId, year: i32) -> Result<Option<YearKey>> {
        let total: Option<(i64,)> = sqlx::query_as("SELECT total_ore FROM contribution_years WHERE org_id = $1 AND year = $2")
            .bind(org.0)
            .bind(year as i64)
            .fetch_optional(&self.pool)
            .await?;
        let Some((total,)) = total else { return Ok(None) };
        let key: Vec<(i64, i64)> = sqlx::query_as("SELECT member_id, weight FROM contribution_keys WHERE org_id = $1 AND year = $2 ORDER BY member_id")
            .bind(org.0)
            .bind(year as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok(Some((Ore(total), key.into_iter().map(|(m, w)| (m, w as u64)).collect())))
    }

    async fn set_contribution_year(&self, org: OrgId, actor: &Actor, year: i32, total: Ore, key: &[(i64, u64)]) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO contribution_years (org_id, year, total_ore) VALUES ($1, $2, $3)
             ON CONFLICT (org_id, year) DO UPDATE SET total_ore = $3",
        )
        .bind(org.0)
        .bind(year as i64)
        .bind(total.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM contribution_keys WHERE org_id = $1 AND year = $2")
            .bind(org.0)
            .bind(year as i64)
            .execute(&mut *tx)
            .await?;
        for (member, weight) in key {
            // Only the förbund's own members can be named.
            let n = sqlx::query(
                "INSERT INTO contribution_keys (org_id, year, member_id, weight)
                 SELECT $1, $2, id, $4 FROM members WHERE id = $3 AND org_id = $1",
            )
            .bind(org.0)
            .bind(year as i64)
            .bind(member)
            .bind(*weight as i64)
            .execute(&mut *tx)
            .await?;
            if n.rows_affected() != 1 {
                return Err(StoreError::Conflict { field: "member" });
            }
        }
        let event = AuditEvent::new(AuditAction::Update, "contribution_year", year as i64).with_detail(format!("{total}"));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn instalments(&self, org: OrgId, year: i32) -> Result<Vec<Instalment>> {
        let rows: Vec<(i64, i64, i64, time::Date, Option<time::Date>)> = sqlx::query_as(
            "SELECT id, member_id, amount_ore, due, paid_on FROM contribution_instalments WHERE org_id = $1 AND year = $2 ORDER BY due, id",
        )
        .bind(org.0)
        .bind(year as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, member_id, amount, due, paid_on)| Instalment { id, member_id, amount: Ore(amount), due, paid_on })
            .collect())
    }

    async fn add_instalment(&self, org: OrgId, actor: &Actor, year: i32, member_id: i64, amount: Ore, due: time::Date) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO contribution_instalments (org_id, year, member_id, amount_ore, due, created_at)
             SELECT $1, $2, id, $4, $5, $6 FROM members WHERE id = $3 AND org_id = $1 RETURNING id",
        )
        .bind(org.0)
        .bind(year as i64)
        .bind(member_id)
        .bind(amount.0)
        .bind(due)
        .bind(crate::now_unix())
        .fetch_optional(&mut *tx)
        .await?;
        let (id,) = id.ok_or(StoreError::Conflict { field: "member" })?;
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Create, "instalment", id).with_detail(format!("{amount}"))).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn mark_paid(&self, org: OrgId, actor: &Actor, instalment_id: i64, on: time::Date) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE contribution_instalments SET paid_on = $1 WHERE id = $2 AND org_id = $3 AND paid_on IS NULL")
            .bind(on)
            .bind(instalment_id)
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        if n.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "instalment", instalment_id).with_detail(format!("paid {on}"))).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_agreements(&self, org: OrgId) -> Result<Vec<AgreementLine>> {
        let heads: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT a.id, i.name, m.name, a.standard_per_year_ore FROM agreements a
             JOIN interventions i ON i.id = a.intervention_id JOIN members m ON m.id = a.member_id
             WHERE a.org_id = $1 ORDER BY i.name, m.name",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        let shares: Vec<(i64, time::Date, i64)> =
            sqlx::query_as("SELECT agreement_id, valid_from, fte_bp FROM agreement_shares WHERE org_id = $1 ORDER BY valid_from")
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        let reductions: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT agreement_id, year, month, granted_bp FROM agreement_reductions WHERE org_id = $1 ORDER BY year, month",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        heads
            .into_iter()
            .map(|(id, intervention, municipality, standard)| {
                let shares = shares
                    .iter()
                    .filter(|s| s.0 == id)
                    .map(|s| DatedShare { from: s.1, fte: Share::from_basis_points(s.2 as i32) })
                    .collect();
                let reductions = reductions
                    .iter()
                    .filter(|r| r.0 == id)
                    .map(|r| {
                        let month = time::Month::try_from(r.2 as u8).map_err(|_| StoreError::Unsupported(format!("stored month {}", r.2)))?;
                        Ok(Reduction { year: r.1 as i32, month, granted: Share::from_basis_points(r.3 as i32) })
                    })
                    .collect::<Result<_>>()?;
                let agreement = Agreement { standard_per_year: Ore(standard), shares, reductions };
                Ok(AgreementLine { id, intervention, municipality, agreement })
            })
            .collect()
    }

    async fn set_reductions(&self, org: OrgId, actor: &Actor, agreement_id: i64, reductions: &[Reduction]) -> Result<()> {
        let mut tx = self.write_tx().await?;
        owned_agreement(&mut tx, org, agreement_id).await?;
        for r in reductions {
            upsert_reduction(&mut tx, org, agreement_id, r).await?;
        }
        let detail = reductions
            .iter()
            .map(|r| format!("{}-{:02}: {}", r.year, r.month as u8, r.granted))
            .collect::<Vec<_>>()
            .join(", ");
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "agreement", agreement_id).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_share(&self, org: OrgId, actor: &Actor, agreement_id: i64, share: &DatedShare) -> Result<()> {
        let mut tx = self.write_tx().await?;
        owned_agreement(&mut tx, org, agreement_id).await?;
        sqlx::query(
            "INSERT INTO agreement_shares (org_id, agreement_id, valid_from, fte_bp) VALUES ($1, $2, $3, $4)
             ON CONFLICT (agreement_id, valid_from) DO UPDATE SET fte_bp = excluded.fte_bp",
        )
        .bind(org.0)
        .bind(agreement_id)
        .bind(share.from)
        .bind(share.fte.basis_points() as i64)
        .execute(&mut *tx)
        .await?;
        let detail = format!("{} from {}", share.fte.as_positions(), share.from);
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "agreement", agreement_id).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- audit ----

    async fn audit(&self, org: Option<OrgId>, actor: &Actor, event: &AuditEvent) -> Result<()> {
        let mut tx = self.write_tx().await?;
        audit_in(&mut tx, org, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_audit(&self, org: OrgId, limit: i64, before_id: Option<i64>) -> Result<Vec<AuditEntry>> {
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
