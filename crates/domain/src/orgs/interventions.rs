//! Interventions (insatser): what a förbund funds, individual or structural, and the settings
//! the follow-up of an individual intervention needs (age ranges, goal share, coach capacity).

use crate::invalid::{number_in, optional, optional_text, required_text, AllOk, Invalid, Reason};
use crate::money::Share;
use crate::orgs::{parse_slug, OrgId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterventionKind {
    /// Individinriktad: has participants.
    Individual,
    /// Strukturövergripande: works on the cooperation itself.
    Structural,
}

impl InterventionKind {
    pub const ALL: [InterventionKind; 2] =
        [InterventionKind::Individual, InterventionKind::Structural];

    pub fn as_str(self) -> &'static str {
        match self {
            InterventionKind::Individual => "individual",
            InterventionKind::Structural => "structural",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| Invalid::new("kind", value, Reason::UnknownValue))
    }
}

/// An inclusive range of ages in whole years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeRange {
    pub min: u8,
    pub max: u8,
}

impl AgeRange {
    pub fn parse(field: &'static str, min: &str, max: &str) -> Result<Self, Invalid> {
        let lo = number_in(field, min, 0, 120)? as u8;
        let hi = number_in(field, max, 0, 120)? as u8;
        if lo > hi {
            return Err(Invalid::new(
                field,
                format!("{min}–{max}"),
                Reason::RangeOrder,
            ));
        }
        Ok(AgeRange { min: lo, max: hi })
    }

    pub fn contains(&self, age: u8) -> bool {
        (self.min..=self.max).contains(&age)
    }
}

/// Verksamhetsbeskrivning: what a long-term (LIV) intervention must state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionDescription {
    pub goal: String,
    pub target_group: String,
    pub content: String,
    pub follow_up: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Intervention {
    pub id: i64,
    pub org_id: OrgId,
    #[serde(flatten)]
    pub fields: InterventionFields,
}

/// Everything about an intervention that a director writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionFields {
    pub slug: String,
    pub name: String,
    pub kind: InterventionKind,
    pub long_term: bool,
    pub description: InterventionDescription,
    pub target_age: AgeRange,
    pub priority_age: Option<AgeRange>,
    /// Goal share of exits to work or studies (35 % for SE-Höglandet, 003 §2).
    pub goal_share: Option<Share>,
    /// Participants per full-time coach (about 20 for SE, DOMAIN.md §2).
    pub capacity_per_fte: Option<u16>,
}

/// The raw text of the intervention form, as a person typed it. A field left out is empty,
/// and `parse` names it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InterventionInput {
    pub slug: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub long_term: Option<String>,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub target_group: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub follow_up: String,
    pub age_min: String,
    pub age_max: String,
    #[serde(default)]
    pub priority_age_min: String,
    #[serde(default)]
    pub priority_age_max: String,
    #[serde(default)]
    pub goal_share: String,
    #[serde(default)]
    pub capacity_per_fte: String,
}

impl InterventionFields {
    /// Parses the form; returns every problem at once so the form can show them all.
    pub fn parse(input: &InterventionInput) -> Result<Self, Vec<Invalid>> {
        let priority_age = if input.priority_age_min.trim().is_empty()
            && input.priority_age_max.trim().is_empty()
        {
            Ok(None)
        } else {
            AgeRange::parse(
                "priority_age",
                &input.priority_age_min,
                &input.priority_age_max,
            )
            .map(Some)
        };
        let long_term = match input.long_term.as_deref().map(str::trim) {
            None | Some("" | "off" | "false" | "0") => Ok(false),
            Some("on" | "true" | "1") => Ok(true),
            Some(other) => Err(Invalid::new("long_term", other, Reason::UnknownValue)),
        };
        let (
            slug,
            name,
            kind,
            long_term,
            goal,
            target_group,
            content,
            follow_up,
            target_age,
            priority_age,
            goal_share,
            capacity_per_fte,
        ) = (
            parse_slug("slug", &input.slug),
            required_text("name", &input.name, 200),
            InterventionKind::parse(&input.kind),
            long_term,
            optional_text("goal", &input.goal, 4000),
            optional_text("target_group", &input.target_group, 4000),
            optional_text("content", &input.content, 8000),
            optional_text("follow_up", &input.follow_up, 4000),
            AgeRange::parse("age", &input.age_min, &input.age_max),
            priority_age,
            optional(&input.goal_share, |v| Share::parse_percent("goal_share", v)),
            optional(&input.capacity_per_fte, |v| {
                number_in("capacity_per_fte", v, 1, 500).map(|n| n as u16)
            }),
        )
            .all_ok()?;
        Ok(InterventionFields {
            slug,
            name,
            kind,
            long_term,
            description: InterventionDescription {
                goal,
                target_group,
                content,
                follow_up,
            },
            target_age,
            priority_age,
            goal_share,
            capacity_per_fte,
        })
    }

    /// The form text that shows these fields again (for editing).
    pub fn to_input(&self) -> InterventionInput {
        let opt = |v: Option<String>| v.unwrap_or_default();
        InterventionInput {
            slug: self.slug.clone(),
            name: self.name.clone(),
            kind: self.kind.as_str().into(),
            long_term: self.long_term.then(|| "on".into()),
            goal: self.description.goal.clone(),
            target_group: self.description.target_group.clone(),
            content: self.description.content.clone(),
            follow_up: self.description.follow_up.clone(),
            age_min: self.target_age.min.to_string(),
            age_max: self.target_age.max.to_string(),
            priority_age_min: opt(self.priority_age.map(|a| a.min.to_string())),
            priority_age_max: opt(self.priority_age.map(|a| a.max.to_string())),
            goal_share: opt(self.goal_share.map(|s| s.to_input())),
            capacity_per_fte: opt(self.capacity_per_fte.map(|c| c.to_string())),
        }
    }

    /// A LIV intervention needs all four parts of its description (000, 003 "Kriterier för
    /// att ingå i LIV"); returns the parts that are missing.
    pub fn missing_description_parts(&self) -> Vec<&'static str> {
        if !self.long_term {
            return vec![];
        }
        let d = &self.description;
        [
            ("goal", &d.goal),
            ("target_group", &d.target_group),
            ("content", &d.content),
            ("follow_up", &d.follow_up),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn se_input() -> InterventionInput {
        InterventionInput {
            slug: "se-hoglandet".into(),
            name: "SE-Höglandet".into(),
            kind: "individual".into(),
            long_term: Some("on".into()),
            goal: "Arbete eller studier".into(),
            age_min: "18".into(),
            age_max: "64".into(),
            priority_age_min: "18".into(),
            priority_age_max: "29".into(),
            goal_share: "35".into(),
            capacity_per_fte: "20".into(),
            ..Default::default()
        }
    }

    #[test]
    fn se_hoglandet_parses_with_its_settings() {
        let f = InterventionFields::parse(&se_input()).unwrap();
        assert_eq!(f.target_age, AgeRange { min: 18, max: 64 });
        assert_eq!(f.goal_share, Some(Share::from_basis_points(3500)));
        assert_eq!(f.capacity_per_fte, Some(20));
        assert!(f.long_term);
        // round trip through the form
        assert_eq!(InterventionFields::parse(&f.to_input()).unwrap(), f);
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let mut input = se_input();
        input.slug = "SE Höglandet".into();
        input.age_min = "65".into();
        input.age_max = "18".into();
        input.goal_share = "abc".into();
        let errs = InterventionFields::parse(&input).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["slug", "age", "goal_share"]);
        assert_eq!(errs[1].reason, Reason::RangeOrder);
    }

    #[test]
    fn liv_needs_the_four_description_parts() {
        let f = InterventionFields::parse(&se_input()).unwrap();
        assert_eq!(
            f.missing_description_parts(),
            vec!["target_group", "content", "follow_up"]
        );
    }
}
