//! Database rows and their conversion into domain values. `FromRow` is generic over the
//! backend, so these serve both.

use crate::{Result, StoreError};
use samordna_domain::access::audit::{AuditAction, AuditEntry};
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, User};
use samordna_domain::money::Share;
use samordna_domain::orgs::interventions::{
    AgeRange, Intervention, InterventionDescription, InterventionFields, InterventionKind,
};
use samordna_domain::orgs::members::{Member, MemberKind};
use samordna_domain::orgs::{Org, OrgId, OrgSlug};

fn corrupt(what: &str, value: impl std::fmt::Debug) -> StoreError {
    StoreError::Unsupported(format!("stored {what} is not valid: {value:?}"))
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrgRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

impl OrgRow {
    pub fn into_domain(self) -> Result<Org> {
        let slug = OrgSlug::parse(&self.slug).map_err(|_| corrupt("slug", &self.slug))?;
        Ok(Org {
            id: OrgId(self.id),
            slug,
            name: self.name,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MemberRow {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub kind: String,
}

impl MemberRow {
    pub fn into_domain(self) -> Result<Member> {
        let kind = MemberKind::parse(&self.kind).map_err(|_| corrupt("member kind", &self.kind))?;
        Ok(Member {
            id: self.id,
            org_id: OrgId(self.org_id),
            name: self.name,
            kind,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct InterventionRow {
    pub id: i64,
    pub org_id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub long_term: bool,
    pub goal: String,
    pub target_group: String,
    pub content: String,
    pub follow_up: String,
    pub age_min: i64,
    pub age_max: i64,
    pub priority_age_min: Option<i64>,
    pub priority_age_max: Option<i64>,
    pub goal_share_bp: Option<i64>,
    pub capacity_per_fte: Option<i64>,
}

impl InterventionRow {
    pub fn into_domain(self) -> Result<Intervention> {
        let kind = InterventionKind::parse(&self.kind)
            .map_err(|_| corrupt("intervention kind", &self.kind))?;
        let age = |v: i64| v.clamp(0, 120) as u8;
        let priority_age = match (self.priority_age_min, self.priority_age_max) {
            (Some(min), Some(max)) => Some(AgeRange {
                min: age(min),
                max: age(max),
            }),
            _ => None,
        };
        Ok(Intervention {
            id: self.id,
            org_id: OrgId(self.org_id),
            fields: InterventionFields {
                slug: self.slug,
                name: self.name,
                kind,
                long_term: self.long_term,
                description: InterventionDescription {
                    goal: self.goal,
                    target_group: self.target_group,
                    content: self.content,
                    follow_up: self.follow_up,
                },
                target_age: AgeRange {
                    min: age(self.age_min),
                    max: age(self.age_max),
                },
                priority_age,
                goal_share: self
                    .goal_share_bp
                    .map(|bp| Share::from_basis_points(bp as i32)),
                capacity_per_fte: self.capacity_per_fte.map(|c| c as u16),
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub org_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub disabled: bool,
}

impl UserRow {
    pub fn into_domain(self, scope: Scope) -> Result<(User, String)> {
        let role = Role::parse(&self.role).map_err(|_| corrupt("role", &self.role))?;
        let email = Email::parse(&self.email).map_err(|_| corrupt("email", &self.email))?;
        let user = User {
            id: self.id,
            org_id: self.org_id.map(OrgId),
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
            .ok_or_else(|| corrupt("audit action", &self.action))?;
        let at = time::OffsetDateTime::from_unix_timestamp(self.at)
            .map_err(|_| corrupt("audit time", self.at))?;
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
    pub created_at: i64,
}

impl From<ApiTokenRow> for crate::ApiToken {
    fn from(r: ApiTokenRow) -> Self {
        crate::ApiToken {
            id: r.id,
            user_id: r.user_id,
            user_email: r.user_email,
            name: r.name,
            created_at: r.created_at,
        }
    }
}

/// Maps a refused write to `Conflict` naming the field; other errors pass through.
pub(crate) fn on_constraint(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() || d.is_foreign_key_violation() => {
            StoreError::Conflict { field }
        }
        _ => StoreError::Db(e),
    }
}
