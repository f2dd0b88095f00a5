//! The tenant: one samordningsförbund (`Org`), addressed by its slug, e.g. `hoglandet`, with
//! its member parties and the interventions it funds.

pub mod interventions;
pub mod members;
pub mod networks;

use crate::invalid::{required_text, Invalid, Reason};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The database id of a förbund. Every tenant-owned row carries one; every store call takes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgId(pub i64);

/// A URL-safe short name: 2–40 of `a-z`, `0-9` and inner `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgSlug(String);

/// Slug rules shared by förbund and interventions.
pub fn parse_slug(field: &'static str, value: &str) -> Result<String, Invalid> {
    let v = value.trim();
    let ok = (2..=40).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !v.starts_with('-')
        && !v.ends_with('-');
    if ok {
        Ok(v.to_string())
    } else {
        Err(Invalid::new(field, value, Reason::SlugFormat))
    }
}

impl OrgSlug {
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        parse_slug("slug", value).map(OrgSlug)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgSlug {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        OrgSlug::parse(&s)
    }
}
impl From<OrgSlug> for String {
    fn from(s: OrgSlug) -> String {
        s.0
    }
}
impl fmt::Display for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Org {
    pub id: OrgId,
    pub slug: OrgSlug,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrg {
    pub slug: OrgSlug,
    pub name: String,
}

impl NewOrg {
    pub fn parse(slug: &str, name: &str) -> Result<Self, Invalid> {
        Ok(NewOrg {
            slug: OrgSlug::parse(slug)?,
            name: required_text("name", name, 200)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs() {
        assert!(OrgSlug::parse("hoglandet").is_ok());
        assert!(OrgSlug::parse("se-hoglandet-2").is_ok());
        for bad in [
            "",
            "a",
            "Höglandet",
            "-x",
            "x-",
            "with space",
            &"a".repeat(41),
        ] {
            assert_eq!(
                OrgSlug::parse(bad).unwrap_err().reason,
                Reason::SlugFormat,
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn slug_parse_never_panics_and_roundtrips(s in ".{0,50}") {
            if let Ok(slug) = OrgSlug::parse(&s) {
                prop_assert_eq!(OrgSlug::parse(slug.as_str()).unwrap(), slug);
            }
        }
    }
}
