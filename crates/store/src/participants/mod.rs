//! The participant part of the store: records, identities (sealed with the identity key and
//! read only with an audit entry), consents, stays and what coaches record on them.
//!
//! Every call takes a `Viewer`: the store returns and changes only stays the viewer's scope
//! covers, and answers `NotFound` for the rest, so a coach cannot reach another
//! intervention's or municipality's participants even by guessing ids.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::after_support::AnonymousCount;
use samordna_domain::participants::import::{ImportRow, ValueMapping};
use samordna_domain::participants::record::{
    Change, Episode, NewConsent, NewReferral, ParticipantRecord, Registration, Viewer,
};
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{ExitReason, Identity, Outcome};
use serde::Serialize;

/// Which stays to list.
#[derive(Debug, Clone, Default)]
pub struct EpisodeFilter {
    pub participant_id: Option<i64>,
    pub episode_id: Option<i64>,
    pub coach_id: Option<i64>,
    /// Only stays not yet deregistered and not rejected: the coach's working list.
    pub open_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub new_participants: usize,
    pub episodes: usize,
}

#[async_trait]
pub trait ParticipantStore: Send + Sync {
    /// Records the identity key's check value on first use; refuses another key later.
    async fn check_identity_key(&self) -> Result<()>;

    // Participants and their identities
    async fn register(&self, org: OrgId, viewer: &Viewer, reg: &Registration) -> Result<i64>;
    async fn participant(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<ParticipantRecord>;
    /// The identity, if one is kept; the read is written to the audit log.
    async fn identity(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<Option<Identity>>;
    /// The names of every participant with an identity on record, for the check that keeps
    /// them out of what is published; one audit entry for the whole read.
    async fn names_for_check(&self, org: OrgId, actor: &Actor) -> Result<Vec<String>>;
    /// Records a consent, and with it (optionally) the identity it allows to keep.
    async fn add_consent(
        &self,
        org: OrgId,
        viewer: &Viewer,
        participant_id: i64,
        consent: &NewConsent,
        identity: Option<&Identity>,
    ) -> Result<()>;
    /// Withdraws a consent; with none left, the identity is removed and the record stays.
    async fn withdraw_consent(
        &self,
        org: OrgId,
        viewer: &Viewer,
        participant_id: i64,
        consent_id: i64,
        on: time::Date,
    ) -> Result<()>;
    /// Erasure: the identity, consents, code and free text go; the anonymous stays remain
    /// for the statistics.
    async fn erase_participant(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<()>;

    // Stays
    async fn refer(
        &self,
        org: OrgId,
        viewer: &Viewer,
        participant_id: i64,
        referral: &NewReferral,
    ) -> Result<i64>;
    async fn episodes(
        &self,
        org: OrgId,
        viewer: &Viewer,
        filter: &EpisodeFilter,
    ) -> Result<Vec<Episode>>;
    async fn change_episode(
        &self,
        org: OrgId,
        viewer: &Viewer,
        episode_id: i64,
        change: &Change,
    ) -> Result<()>;

    // Anonymous after-support
    async fn add_anonymous_count(
        &self,
        org: OrgId,
        actor: &Actor,
        count: &AnonymousCount,
    ) -> Result<()>;
    async fn anonymous_counts(&self, org: OrgId) -> Result<Vec<AnonymousCount>>;
}

/// The förbund's settings for the follow-up: its exit reasons, each intervention's steps and
/// each coach's full-time share.
#[async_trait]
pub trait FollowUpSettings: Send + Sync {
    async fn exit_reasons(&self, org: OrgId) -> Result<Vec<ExitReason>>;
    async fn add_exit_reason(
        &self,
        org: OrgId,
        actor: &Actor,
        code: &str,
        label: &str,
        outcome: Outcome,
    ) -> Result<ExitReason>;
    /// The intervention's own staircase, or the five SE steps when it has none.
    async fn step_scale(&self, org: OrgId, intervention_id: i64) -> Result<StepScale>;
    async fn set_step_scale(
        &self,
        org: OrgId,
        actor: &Actor,
        intervention_id: i64,
        scale: &StepScale,
    ) -> Result<()>;
    /// A coach's full-time share in basis points (10 000 = full time).
    async fn coach_fte_bp(&self, org: OrgId, user_id: i64) -> Result<i64>;
    async fn set_coach_fte(
        &self,
        org: OrgId,
        actor: &Actor,
        user_id: i64,
        fte_bp: i64,
    ) -> Result<()>;
}

/// Lists in and out: earlier lists imported, and the viewer's stays exported.
#[async_trait]
pub trait ParticipantLists: Send + Sync {
    /// Stores every row in one transaction, or none.
    async fn import_participants(
        &self,
        org: OrgId,
        actor: &Actor,
        rows: &[ImportRow],
    ) -> Result<ImportSummary>;
    /// The viewer's stays with, when asked, their identities (each read audited).
    async fn export_participants(
        &self,
        org: OrgId,
        viewer: &Viewer,
        with_identity: bool,
    ) -> Result<Vec<(Episode, Option<Identity>)>>;
    /// The director's mappings of values the förbund's lists write in their own words.
    async fn import_mappings(&self, org: OrgId) -> Result<Vec<ValueMapping>>;
    /// Keeps the mappings for the next import; one written before is mapped anew.
    async fn save_import_mappings(
        &self,
        org: OrgId,
        actor: &Actor,
        mappings: &[ValueMapping],
    ) -> Result<()>;
}
