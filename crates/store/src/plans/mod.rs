//! The förbund's registers in the store: the direct procurements and the requests for public
//! documents, each the förbund's own, every change audited.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::procurement::Procurement;
use samordna_domain::plans::requests::{DocumentRequest, Outcome};
use time::Date;

/// A kept purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: i64,
    pub procurement: Procurement,
}

/// A kept request for public documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRequest {
    pub id: i64,
    pub request: DocumentRequest,
}

#[async_trait]
pub trait RegisterStore {
    /// Newest first.
    async fn procurements(&self, org: OrgId) -> Result<Vec<Kept>>;
    async fn add_procurement(&self, org: OrgId, actor: &Actor, p: &Procurement) -> Result<i64>;
    async fn remove_procurement(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;

    /// Newest first.
    async fn document_requests(&self, org: OrgId) -> Result<Vec<KeptRequest>>;
    async fn add_document_request(
        &self,
        org: OrgId,
        actor: &Actor,
        r: &DocumentRequest,
    ) -> Result<i64>;
    /// Decides a request once (a decided one is `WrongState`).
    async fn decide_document_request(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        outcome: Outcome,
        on: Date,
    ) -> Result<()>;
}
