//! The förbund's plans and registers in the store: the goal table and its typed values, the
//! deviations, the direct procurements, the requests for public documents and the retention
//! plan, each the förbund's own, every change audited.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::OrgId;
use samordna_domain::plans::actions::{self, Activity, Plan};
use samordna_domain::plans::coordinator::Answers;
use samordna_domain::plans::descriptions::Version;
use samordna_domain::plans::deviations::{Deviation, Status};
use samordna_domain::plans::goals::{Goal, Typed};
use samordna_domain::plans::procurement::Procurement;
use samordna_domain::plans::requests::{DocumentRequest, Outcome};
use samordna_domain::plans::retention::Rule;
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

/// A kept goal with the values typed for it, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptGoal {
    pub id: i64,
    pub goal: Goal,
    pub typed: Vec<Typed>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDeviation {
    pub id: i64,
    pub deviation: Deviation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRule {
    pub id: i64,
    pub rule: Rule,
}

/// A participant past the retention plan: the pseudonymous code, never the identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub participant_id: i64,
    pub code: String,
    pub last_deregistered: Date,
}

#[async_trait]
pub trait GoalStore {
    /// The goals of a year's plan, in the order they were added.
    async fn goals(&self, org: OrgId, year: i32) -> Result<Vec<KeptGoal>>;
    /// The years that have a plan with goals, oldest first.
    async fn goal_years(&self, org: OrgId) -> Result<Vec<i32>>;
    async fn add_goal(&self, org: OrgId, actor: &Actor, g: &Goal) -> Result<i64>;
    async fn remove_goal(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;
    async fn add_typed_value(&self, org: OrgId, actor: &Actor, goal: i64, v: &Typed) -> Result<()>;
    /// People asked about violence on a day of the period, each once.
    async fn violence_asked(&self, org: OrgId, from: Date, to: Date) -> Result<u32>;
}

#[async_trait]
pub trait RegisterStore {
    /// Newest first.
    async fn deviations(&self, org: OrgId) -> Result<Vec<KeptDeviation>>;
    async fn add_deviation(&self, org: OrgId, actor: &Actor, d: &Deviation) -> Result<i64>;
    async fn set_deviation_status(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        status: Status,
    ) -> Result<()>;

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

#[async_trait]
pub trait RetentionStore {
    async fn retention_plan(&self, org: OrgId) -> Result<Vec<KeptRule>>;
    async fn add_retention_rule(&self, org: OrgId, actor: &Actor, r: &Rule) -> Result<i64>;
    async fn remove_retention_rule(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()>;
    /// The people not yet erased whose every stay was deregistered before `before`.
    async fn retention_due(&self, org: OrgId, before: Date) -> Result<Vec<Due>>;
}

/// A coordinator's half-year report on one agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptReport {
    pub agreement_id: i64,
    pub year: i32,
    pub half: u8,
    pub answers: Answers,
    pub submitted_on: Option<Date>,
}

#[async_trait]
pub trait CoordinatorStore {
    /// The reports of a half-year, saved or submitted.
    async fn coordinator_reports(&self, org: OrgId, year: i32, half: u8)
        -> Result<Vec<KeptReport>>;
    /// Saves the answers of the agreement's report; with `submitted_on` it is submitted, and
    /// in the same transaction the payout of that agreement and half-year has its reports
    /// in (unless it is already approved). A submitted report is not changed (`WrongState`).
    async fn save_coordinator_report(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement: i64,
        (year, half): (i32, u8),
        answers: &Answers,
        submitted_on: Option<Date>,
    ) -> Result<()>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptActivity {
    pub id: i64,
    pub activity: Activity,
}

/// A kept action plan with its activities, in the order they were added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptPlan {
    pub id: i64,
    pub plan: Plan,
    pub activities: Vec<KeptActivity>,
}

#[async_trait]
pub trait ActionPlanStore {
    /// Every plan, newest year first.
    async fn action_plans(&self, org: OrgId) -> Result<Vec<KeptPlan>>;
    async fn add_action_plan(&self, org: OrgId, actor: &Actor, p: &Plan) -> Result<i64>;
    async fn add_activity(&self, org: OrgId, actor: &Actor, plan: i64, a: &Activity)
        -> Result<i64>;
    /// Where an activity stands now, with a comment.
    async fn set_activity_status(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        status: actions::Status,
        comment: &str,
    ) -> Result<()>;
}

#[async_trait]
pub trait DescriptionStore {
    /// An insats's versions, newest adopted first.
    async fn description_versions(&self, org: OrgId, intervention: i64) -> Result<Vec<Version>>;
    /// Keeps a version; in the same transaction the newest adopted version becomes the
    /// intervention's description.
    async fn add_description_version(
        &self,
        org: OrgId,
        actor: &Actor,
        intervention: i64,
        v: &Version,
    ) -> Result<()>;
}
