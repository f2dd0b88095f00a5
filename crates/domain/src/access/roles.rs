//! Roles and what each may do: least privilege, decided here once.
//!
//! A role belongs to one förbund, except `Admin`, which manages the installation's förbund
//! and never sees what is inside one.

use crate::invalid::{Invalid, Reason};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Installation-wide: creates förbund, sees no personal data.
    Admin,
    /// Förbundschef: everything of one förbund.
    Director,
    /// SE-coach: the participants of given interventions and municipalities.
    Coach,
    /// Samverkanskoordinator: the participants of given municipalities.
    Coordinator,
    /// Board member: aggregates and documents, never personal data.
    Board,
    /// Auditor: reads the economy.
    Auditor,
    /// A network of förbund (a county, the national network): the aggregates of the förbund
    /// that have joined it, and nothing inside any of them.
    Network,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Create and list förbund (installation level).
    ManageOrgs,
    /// See the förbund's interventions, members and other non-personal data.
    ViewOrg,
    /// Create, change and remove members and interventions.
    ManageOrg,
    /// Create users and API tokens of the förbund.
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// See participants (scoped for coaches and coordinators).
    ViewPersonalData,
    /// Read budget, actuals and payouts.
    ViewEconomy,
    /// Comment on, sign or refuse minutes in justering (the app checks that the user is one
    /// of the minutes' signers).
    SignMinutes,
    /// Fill in and submit the samverkanskoordinator's half-year report for the
    /// municipalities of one's scope.
    ReportCoordination,
    /// See the aggregates of one's network (network level).
    ViewNetwork,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Director,
        Role::Coach,
        Role::Coordinator,
        Role::Board,
        Role::Auditor,
        Role::Network,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Director => "director",
            Role::Coach => "coach",
            Role::Coordinator => "coordinator",
            Role::Board => "board",
            Role::Auditor => "auditor",
            Role::Network => "network",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == value.trim())
            .ok_or_else(|| Invalid::new("role", value, Reason::UnknownValue))
    }

    /// Whether this role belongs to one förbund (all but `Admin` and `Network`).
    pub fn is_org_role(self) -> bool {
        !matches!(self, Role::Admin | Role::Network)
    }

    pub fn can(self, p: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match (self, p) {
            (Admin, ManageOrgs) => true,
            (Admin, _) => false,
            (Network, ViewNetwork) => true,
            (Network, _) | (_, ViewNetwork) => false,
            (_, ManageOrgs) => false,
            (Director, _) => true,
            (_, ViewOrg) => true,
            (Coach | Coordinator, ViewPersonalData) => true,
            (Board | Auditor, ViewEconomy) => true,
            (Board, SignMinutes) => true,
            (Coordinator, ReportCoordination) => true,
            _ => false,
        }
    }
}

/// What an API token may do, chosen when it is made; it never does more than its user's
/// role allows, and never reads a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Lists and aggregates: the förbund's members and interventions, statistics, payouts,
    /// survey results.
    Read,
    /// That, and creating and changing members and interventions.
    Write,
}

impl TokenScope {
    pub const ALL: [TokenScope; 2] = [TokenScope::Read, TokenScope::Write];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
            .ok_or_else(|| Invalid::new("scope", value, Reason::UnknownValue))
    }

    /// Whether a request made with a token of this scope may use `p` (the role decides
    /// too). Personal data, accounts, the audit log and the installation are never a
    /// token's.
    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        match p {
            ViewOrg | ViewEconomy => true,
            ManageOrg => self == TokenScope::Write,
            ViewPersonalData | ManageUsers | ViewAudit | ManageOrgs | SignMinutes
            | ReportCoordination | ViewNetwork => false,
        }
    }
}

/// Which part of a förbund's participants a user may see. Empty lists mean "none" for a
/// scoped role; `Scope::All` is the director's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Scope {
    pub interventions: Vec<i64>,
    pub municipalities: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn least_privilege() {
        assert!(Role::Admin.can(ManageOrgs));
        assert!(!Role::Admin.can(ViewPersonalData));
        assert!(!Role::Admin.can(ViewOrg));
        assert!(Role::Director.can(ViewPersonalData) && Role::Director.can(ViewAudit));
        assert!(!Role::Director.can(ManageOrgs));
        assert!(!Role::Board.can(ViewPersonalData));
        assert!(Role::Board.can(ViewEconomy) && Role::Auditor.can(ViewEconomy));
        assert!(!Role::Auditor.can(ManageOrg));
        assert!(!Role::Coach.can(ViewEconomy) && Role::Coach.can(ViewPersonalData));
        // A network sees its network's aggregates and nothing of a förbund; no förbund role
        // sees a network.
        assert!(Role::Network.can(ViewNetwork) && !Role::Network.is_org_role());
        for p in [
            ViewOrg,
            ViewPersonalData,
            ViewEconomy,
            ViewAudit,
            ManageOrgs,
        ] {
            assert!(!Role::Network.can(p), "{p:?}");
        }
        assert!(Role::ALL
            .iter()
            .all(|r| *r == Role::Network || !r.can(ViewNetwork)));
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        // A token never reads a person, whatever its scope and its user's role.
        for s in TokenScope::ALL {
            assert!(!s.allows(ViewPersonalData) && !s.allows(ManageUsers) && !s.allows(ViewAudit));
            assert!(s.allows(ViewOrg) && s.allows(ViewEconomy));
            assert_eq!(TokenScope::parse(s.as_str()).unwrap(), s);
        }
        assert!(!TokenScope::Read.allows(ManageOrg) && TokenScope::Write.allows(ManageOrg));
    }
}
