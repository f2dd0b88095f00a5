//! The verksamhetsbeskrivning of an insats in versions: each version holds the four parts a
//! LIV insats needs (003 "Kriterier för att ingå i LIV": mål, målgrupp, innehåll, hur
//! uppföljning sker) and names the decision that adopted it. The newest adopted version is
//! the insats's description.

use crate::dates::parse_date;
use crate::invalid::{optional_text, required_text, AllOk, Invalid};
use crate::orgs::interventions::InterventionDescription;
use serde::Deserialize;
use time::Date;

pub const MAX_PART: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub adopted_on: Date,
    /// The decision as the minutes write it: "Styrelsen 2023-08-31 §8: att anta …".
    pub decision: String,
    pub description: InterventionDescription,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VersionForm {
    pub goal: String,
    pub target_group: String,
    pub content: String,
    pub follow_up: String,
    pub adopted_on: String,
    pub decision: String,
}

impl Version {
    /// A version from the form; a LIV (`long_term`) insats needs all four parts.
    pub fn parse(f: &VersionForm, long_term: bool) -> Result<Self, Vec<Invalid>> {
        let part = |field, value: &str| {
            if long_term {
                required_text(field, value, MAX_PART)
            } else {
                optional_text(field, value, MAX_PART)
            }
        };
        let (goal, target_group, content, follow_up, adopted_on, decision) = (
            part("goal", &f.goal),
            part("target_group", &f.target_group),
            part("content", &f.content),
            part("follow_up", &f.follow_up),
            parse_date("adopted_on", &f.adopted_on),
            required_text("decision", &f.decision, 500),
        )
            .all_ok()?;
        Ok(Version {
            adopted_on,
            decision,
            description: InterventionDescription {
                goal,
                target_group,
                content,
                follow_up,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_liv_version_needs_every_part_and_its_decision() {
        let f = VersionForm {
            goal: "35 % till arbete eller studier".into(),
            adopted_on: "2023-08-31".into(),
            ..Default::default()
        };
        let e = Version::parse(&f, true).unwrap_err();
        assert_eq!(
            e.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["target_group", "content", "follow_up", "decision"]
        );
        let e = Version::parse(&f, false).unwrap_err();
        assert_eq!(e.iter().map(|e| e.field).collect::<Vec<_>>(), ["decision"]);
    }
}
