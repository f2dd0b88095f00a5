//! Member parties (medlemsparter): the municipalities, the region and the state agencies.

use crate::invalid::{required_text, Invalid, Reason};
use crate::orgs::OrgId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// A member municipality (kommun); also the areas statistics are split by.
    Municipality,
    /// The region (25 % of the contributions).
    Region,
    /// Försäkringskassan or Arbetsförmedlingen (together 50 %).
    State,
}

impl MemberKind {
    pub const ALL: [MemberKind; 3] = [
        MemberKind::Municipality,
        MemberKind::Region,
        MemberKind::State,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::Municipality => "municipality",
            MemberKind::Region => "region",
            MemberKind::State => "state",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| Invalid::new("kind", value, Reason::UnknownValue))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub id: i64,
    pub org_id: OrgId,
    pub name: String,
    pub kind: MemberKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewMember {
    pub name: String,
    pub kind: MemberKind,
}

impl NewMember {
    pub fn parse(name: &str, kind: &str) -> Result<Self, Invalid> {
        Ok(NewMember {
            name: required_text("name", name, 200)?,
            kind: MemberKind::parse(kind)?,
        })
    }
}
