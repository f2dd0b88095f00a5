//! The förbund's registers in the store. So far the direct procurements, each the förbund's
//! own, every change audited.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::procurement::Procurement;

/// A kept purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: i64,
    pub procurement: Procurement,
}

#[async_trait]
pub trait RegisterStore {
    /// Newest first.
    async fn procurements(&self, org: OrgId) -> Result<Vec<Kept>>;
    async fn add_procurement(&self, org: OrgId, actor: &Actor, p: &Procurement) -> Result<i64>;
    async fn remove_procurement(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;
}
