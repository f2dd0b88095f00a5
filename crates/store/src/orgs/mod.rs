//! The förbund themselves (installation level), their member parties and their
//! interventions.

pub(crate) mod rows;

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::interventions::{Intervention, InterventionFields};
use samordna_domain::orgs::members::{Member, NewMember};
use samordna_domain::orgs::networks::{Membership, Network, NetworkId, NewNetwork};
use samordna_domain::orgs::{NewOrg, Org, OrgId};

#[async_trait]
pub trait OrgStore: Send + Sync {
    /// A new förbund with the default exit reasons.
    async fn create_org(&self, actor: &Actor, new: &NewOrg) -> Result<Org>;
    async fn org_by_slug(&self, slug: &str) -> Result<Org>;
    async fn get_org(&self, id: OrgId) -> Result<Org>;
    async fn list_orgs(&self) -> Result<Vec<Org>>;

    /// Municipalities first, then the region, then the state agencies.
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
    /// Refused with `InUse` while stays, agreements or contributions name the member.
    async fn delete_member(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;

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
    /// Refused with `InUse` while stays or agreements name the intervention.
    async fn delete_intervention(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;

    // ---- networks (installation level) ----
    async fn create_network(&self, actor: &Actor, new: &NewNetwork) -> Result<Network>;
    async fn network_by_slug(&self, slug: &str) -> Result<Network>;
    async fn get_network(&self, id: NetworkId) -> Result<Network>;
    async fn list_networks(&self) -> Result<Vec<Network>>;
    /// The förbund joins by its director's consent (`actor`), audited in the förbund's log;
    /// joining again changes nothing.
    async fn join_network(&self, network: NetworkId, org: OrgId, actor: &Actor) -> Result<()>;
    /// From now on the network sees nothing of the förbund; `NotFound` if it was not in.
    async fn leave_network(&self, network: NetworkId, org: OrgId, actor: &Actor) -> Result<()>;
    /// The förbund in the network now, by name.
    async fn network_members(&self, network: NetworkId) -> Result<Vec<Membership>>;
    /// The networks the förbund is in now.
    async fn org_networks(&self, org: OrgId) -> Result<Vec<Membership>>;
}
