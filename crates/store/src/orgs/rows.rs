//! The rows of the förbund's own tables and their conversion into domain values. `FromRow`
//! is generic over the backend, so these serve both.

use crate::{Result, StoreError};
use samordna_domain::money::Share;
use samordna_domain::orgs::interventions::{
    AgeRange, Intervention, InterventionDescription, InterventionFields, InterventionKind,
};
use samordna_domain::orgs::members::{Member, MemberKind};
use samordna_domain::orgs::networks::{Membership, Network, NetworkId};
use samordna_domain::orgs::{Org, OrgId, OrgSlug};

#[derive(sqlx::FromRow)]
pub(crate) struct OrgRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

impl OrgRow {
    pub fn into_domain(self) -> Result<Org> {
        let slug =
            OrgSlug::parse(&self.slug).map_err(|_| StoreError::corrupt("slug", &self.slug))?;
        Ok(Org {
            id: OrgId(self.id),
            slug,
            name: self.name,
        })
    }
}

/// A network as read: id, slug, name.
pub(crate) fn network((id, slug, name): (i64, String, String)) -> Network {
    Network {
        id: NetworkId(id),
        slug,
        name,
    }
}

/// A förbund's place in a network, read with both of them.
#[derive(sqlx::FromRow)]
pub(crate) struct MembershipRow {
    pub network_id: i64,
    pub network_slug: String,
    pub network_name: String,
    pub org_id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub joined_at: i64,
    pub consented_by: String,
}

impl MembershipRow {
    pub fn into_domain(self) -> Result<Membership> {
        Ok(Membership {
            network: network((self.network_id, self.network_slug, self.network_name)),
            org: OrgRow {
                id: self.org_id,
                slug: self.org_slug,
                name: self.org_name,
            }
            .into_domain()?,
            joined_at: self.joined_at,
            consented_by: self.consented_by,
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
        let kind = MemberKind::parse(&self.kind)
            .map_err(|_| StoreError::corrupt("member kind", &self.kind))?;
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
            .map_err(|_| StoreError::corrupt("intervention kind", &self.kind))?;
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
