//! The board's work in the store: terms, meetings with their agenda and minutes, signatures,
//! comments, the anslagstavla's notices with the log of when each was up, and the tasks the
//! decisions gave. Every change of a meeting's minutes states the states it may come from, so
//! two writers cannot both move the same minutes on (and signed minutes are never written).

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::governance::documents::DocKind;
use samordna_domain::governance::minutes::{
    AgendaItem, Meeting, MeetingFields, Minutes, Paragraph, PerCapsulum, Signature, Status,
};
use samordna_domain::governance::notices::{Notice, NoticeKind};
use samordna_domain::governance::{Body, Term, TermFields};
use samordna_domain::orgs::OrgId;
use time::Date;

/// A comment of a chair or justerare on a paragraph (or a signer's refusal of the whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub paragraph: Option<usize>,
    pub author: String,
    pub text: String,
    pub refusal: bool,
    pub created_at: i64,
}

/// A task given by a decision ("uppdra åt förbundschef att …") until it is reported back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_date: Date,
    pub paragraph: usize,
    pub decision: usize,
    pub responsible: String,
    pub what: String,
    pub reported_on: Option<Date>,
}

/// A notice to post.
#[derive(Debug, Clone)]
pub struct NewNotice<'a> {
    pub kind: NoticeKind,
    pub meeting_id: i64,
    pub justered_on: Option<Date>,
    pub posted_on: Date,
    pub until: Date,
    pub kept_at: &'a str,
    pub pdf: Option<&'a [u8]>,
}

/// A document of an agenda item, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: i64,
    pub item: usize,
    pub name: String,
    pub kind: DocKind,
    pub size: i64,
}

/// A period a notice was public (unix seconds; `to` is `None` while it is up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub notice_id: i64,
    pub from: i64,
    pub to: Option<i64>,
}

#[async_trait]
pub trait GovernanceStore: Send + Sync {
    /// Every term of every body, by body, seat, call order and name.
    async fn terms(&self, org: OrgId) -> Result<Vec<Term>>;
    async fn add_term(&self, org: OrgId, actor: &Actor, f: &TermFields) -> Result<Term>;
    /// Refused with `InUse` while a substitute's term names it.
    async fn remove_term(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;

    /// The meetings of a year (all with `None`), by date.
    async fn meetings(&self, org: OrgId, year: Option<i32>) -> Result<Vec<Meeting>>;
    async fn meeting(&self, org: OrgId, id: i64) -> Result<Meeting>;
    async fn create_meeting(&self, org: OrgId, actor: &Actor, f: &MeetingFields)
        -> Result<Meeting>;
    /// Changes the header of a meeting whose minutes are not signed.
    async fn update_meeting(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        f: &MeetingFields,
    ) -> Result<Meeting>;
    async fn set_agenda(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        agenda: &[AgendaItem],
    ) -> Result<Meeting>;
    /// Starts a planned meeting's minutes: the body's per capsulum decisions not yet
    /// recorded, taken on or before the meeting's day, become paragraphs of them, in the
    /// same transaction that marks them recorded there.
    async fn start_minutes(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        minutes: Minutes,
    ) -> Result<Meeting>;
    /// Keeps a decision taken by correspondence (its paragraph's `per_capsulum` is its day).
    async fn record_per_capsulum(
        &self,
        org: OrgId,
        actor: &Actor,
        body: Body,
        paragraph: &Paragraph,
    ) -> Result<i64>;
    /// Every per capsulum decision, newest first.
    async fn per_capsulum(&self, org: OrgId) -> Result<Vec<PerCapsulum>>;
    /// Writes the minutes and moves them to `to`, if they are in one of `from` now (else
    /// `WrongState`, nothing written). Leaving justering for the draft drops the signatures
    /// of that round.
    async fn write_minutes(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        minutes: &Minutes,
        from: &[Status],
        to: Status,
    ) -> Result<Meeting>;

    /// Keeps a document of agenda item `item` (checked by the domain) of a meeting whose
    /// minutes are not signed.
    #[allow(clippy::too_many_arguments)]
    async fn add_document(
        &self,
        org: OrgId,
        actor: &Actor,
        meeting: i64,
        item: usize,
        name: &str,
        kind: DocKind,
        bytes: &[u8],
    ) -> Result<i64>;
    async fn documents(&self, org: OrgId, meeting: i64) -> Result<Vec<Document>>;
    /// The document and its bytes.
    async fn document(&self, org: OrgId, id: i64) -> Result<(Document, Vec<u8>)>;
    async fn remove_document(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;

    async fn signatures(&self, org: OrgId, meeting: i64) -> Result<Vec<Signature>>;
    /// Keeps a signature of minutes that are in justering at `version` (their `updated_at`,
    /// else `WrongState`). When `needed` signatures of this content hash are in, the minutes
    /// become signed and `tasks` are written, in the same transaction; returns whether so.
    #[allow(clippy::too_many_arguments)]
    async fn sign_minutes(
        &self,
        org: OrgId,
        actor: &Actor,
        meeting: i64,
        version: i64,
        signature: &Signature,
        needed: usize,
        tasks: &[Task],
    ) -> Result<bool>;

    async fn comments(&self, org: OrgId, meeting: i64) -> Result<Vec<Comment>>;
    /// A comment during justering; a refusal (also of a draft another signer already sent
    /// back) makes the minutes a draft again.
    async fn add_comment(
        &self,
        org: OrgId,
        actor: &Actor,
        meeting: i64,
        comment: &Comment,
    ) -> Result<()>;

    /// Posts a notice (one of a kind per meeting) and opens its log.
    async fn post_notice(&self, org: OrgId, actor: &Actor, n: &NewNotice<'_>) -> Result<Notice>;
    /// Takes a notice down and closes its log.
    async fn remove_notice(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;
    /// Every notice ever posted, newest first.
    async fn notices(&self, org: OrgId) -> Result<Vec<Notice>>;
    async fn notice_pdf(&self, org: OrgId, id: i64) -> Result<Option<Vec<u8>>>;
    async fn notice_log(&self, org: OrgId) -> Result<Vec<Shown>>;

    /// Open tasks first, then by meeting.
    async fn tasks(&self, org: OrgId) -> Result<Vec<Task>>;
    async fn report_task(&self, org: OrgId, actor: &Actor, id: i64, on: Date) -> Result<()>;
}
