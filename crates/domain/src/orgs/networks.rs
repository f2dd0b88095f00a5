//! Networks of förbund: a county's förbund (`jonkopings-lan`) or the national network. A
//! network sees aggregates of the förbund that belong to it, never a person and never a
//! förbund's own pages; a förbund belongs only while its director's consent stands.

use super::{parse_slug, Org};
use crate::invalid::{required_text, Invalid};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct NetworkId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Network {
    pub id: NetworkId,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNetwork {
    pub slug: String,
    pub name: String,
}

impl NewNetwork {
    pub fn parse(slug: &str, name: &str) -> Result<Self, Invalid> {
        Ok(NewNetwork {
            slug: parse_slug("slug", slug)?,
            name: required_text("name", name, 200)?,
        })
    }
}

/// A förbund in a network: since when, and who consented for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub network: Network,
    pub org: Org,
    /// Unix seconds.
    pub joined_at: i64,
    pub consented_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invalid::Reason;

    #[test]
    fn a_network_has_a_slug_and_a_name() {
        let n = NewNetwork::parse(" jonkopings-lan ", "Jönköpings län").unwrap();
        assert_eq!(n.slug, "jonkopings-lan");
        assert_eq!(
            NewNetwork::parse("Jönköping", "x").unwrap_err().reason,
            Reason::SlugFormat
        );
        assert!(NewNetwork::parse("lan", " ").is_err());
    }
}
