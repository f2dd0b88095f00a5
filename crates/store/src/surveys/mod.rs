//! Surveys in the store: a förbund's own surveys, rounds with their link and single-use
//! codes, and anonymous answers. An answer is written with nothing that ties it to a person,
//! an address or a moment, and the answering itself leaves no audit entry.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::OrgId;
use samordna_domain::surveys::{NewRound, NewSurvey, Response, Round, Survey};

#[async_trait]
pub trait SurveyStore: Send + Sync {
    /// The built-in indicator survey first, then the förbund's own.
    async fn surveys(&self, org: OrgId) -> Result<Vec<Survey>>;
    async fn survey(&self, org: OrgId, code: &str) -> Result<Survey>;
    async fn add_survey(&self, org: OrgId, actor: &Actor, new: &NewSurvey) -> Result<Survey>;
    /// Newest first.
    async fn rounds(&self, org: OrgId) -> Result<Vec<Round>>;
    async fn round(&self, org: OrgId, id: i64) -> Result<Round>;
    /// The round behind an answering link, for anyone who has the link.
    async fn round_by_token(&self, token: &str) -> Result<(OrgId, Round)>;
    /// Opens a round with a random link and, for single-use access, its codes.
    async fn open_round(&self, org: OrgId, actor: &Actor, new: &NewRound) -> Result<Round>;
    /// The round's codes and whether each is used, to print.
    async fn round_codes(&self, org: OrgId, round_id: i64) -> Result<Vec<(String, bool)>>;
    /// One anonymous answer. With a code, the code is used up in the same transaction: an
    /// unknown code or one already used stores nothing.
    async fn submit_response(
        &self,
        org: OrgId,
        round_id: i64,
        code: Option<&str>,
        response: &Response,
    ) -> Result<()>;
    /// Answers typed in from paper forms or imported: all or none, with one audit entry.
    async fn add_responses(
        &self,
        org: OrgId,
        actor: &Actor,
        round_id: i64,
        responses: &[Response],
    ) -> Result<usize>;
    async fn responses(&self, org: OrgId, round_id: i64) -> Result<Vec<Response>>;
    /// Seals what was stored before codes and answers were sealed (plain codes, plain
    /// answers); run at every start with the identity key. Returns how many were sealed.
    async fn seal_stored_answers(&self) -> Result<usize>;
}
