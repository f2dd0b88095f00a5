//! The audit log: who did what to which record, and when. Every write and every read of
//! personal data leaves one entry; the application can only append.

use crate::orgs::OrgId;
use serde::Serialize;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    Read,
    Login,
    LoginFailed,
    Logout,
}

impl AuditAction {
    pub const ALL: [AuditAction; 7] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Read,
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Logout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Read => "read",
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Who acts: a user (by id and e-mail, kept as text so the entry outlives the account), or
/// the system itself (command line, demo loader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Self {
        Actor {
            user_id: None,
            label: format!("system:{label}"),
        }
    }
    pub fn user(id: i64, email: &str) -> Self {
        Actor {
            user_id: Some(id),
            label: email.to_string(),
        }
    }
}

/// Every kind of thing the log names (`AuditEvent::entity`): the log's page puts each in words.
pub const ENTITIES: &[&str] = &[
    "network",
    "network_membership",
    "network_stats",
    "agreement",
    "anonymous_after_support",
    "api_token",
    "balance_sheet",
    "balance_waiver",
    "board_task",
    "board_term",
    "budget",
    "consent",
    "contribution_year",
    "effect_settings",
    "episode",
    "equity",
    "exit_reason",
    "forecast",
    "identity",
    "import_mapping",
    "instalment",
    "intervention",
    "ledger_entry",
    "ledger_import",
    "ledger_mapping",
    "meeting",
    "meeting_document",
    "per_capsulum",
    "procurement",
    "document_request",
    "goal",
    "deviation",
    "retention_rule",
    "coordinator_report",
    "action_plan",
    "member",
    "minutes",
    "notice",
    "org",
    "participant",
    "participant_import",
    "payout",
    "report",
    "session",
    "signature",
    "step_scale",
    "survey",
    "survey_responses",
    "survey_round",
    "user",
    "user_scope",
    "users",
];

/// The codes a log entry's detail is written with (a stay's change, a budget's version, …):
/// the log's page puts each in words and leaves the rest (dates, amounts, names) as it is.
pub const DETAIL_WORDS: &[&str] = &[
    "decide",
    "start",
    "step",
    "income",
    "exit",
    "deregister",
    "violence_asked",
    "after_support",
    "contact_done",
    "follow_up",
    "approved",
    "certificate",
    "reports",
    "codes",
    "lines",
    "paid",
    "disabled",
    "enabled",
    "interventions",
    "municipalities",
    "proposal",
    "decided",
    "revised",
    "half-year",
    "every_session",
    "password_changed",
    "login_unlocked",
    "read",
    "write",
    "paper",
    "web",
    "board",
    "preparatory-group",
    "consultation",
    "ordinary",
    "substitute",
    "agenda",
    "draft",
    "justering",
    "signed",
    "refused",
    "comment",
    "chair",
    "secretary",
    "justerare",
    "public-meeting",
    "publication_check",
    "kallelse",
];

/// What is being done, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub action: AuditAction,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub detail: String,
}

impl AuditEvent {
    pub fn new(action: AuditAction, entity: &'static str, entity_id: impl ToString) -> Self {
        AuditEvent {
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            detail: String::new(),
        }
    }
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub org_id: Option<OrgId>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: String,
    pub user_id: Option<i64>,
    pub action: AuditAction,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
}
