//! Reports in the store: drafts written section by section, and approval, which keeps the
//! document and its PDF in the same transaction as the decision and never lets them change.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::OrgId;
use samordna_domain::reports::{Decision, Report, ReportPeriod, Section};

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Newest period first, then newest version.
    async fn reports(&self, org: OrgId) -> Result<Vec<Report>>;
    async fn report(&self, org: OrgId, id: i64) -> Result<Report>;
    /// A new draft for the period, the next version after any there already is.
    async fn create_report(
        &self,
        org: OrgId,
        actor: &Actor,
        period: ReportPeriod,
        sections: &[Section],
    ) -> Result<Report>;
    /// Writes a draft's sections; an approved report refuses (`WrongState`).
    async fn save_report(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        sections: &[Section],
    ) -> Result<Report>;
    /// Approves a draft: the decision, the document (JSON) and the PDF, all at once.
    async fn approve_report(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        decision: &Decision,
        document: &str,
        pdf: &[u8],
    ) -> Result<Report>;
    /// The kept document (JSON) of an approved report.
    async fn report_document(&self, org: OrgId, id: i64) -> Result<Option<String>>;
    /// The kept PDF of an approved report.
    async fn report_pdf(&self, org: OrgId, id: i64) -> Result<Option<Vec<u8>>>;
}
