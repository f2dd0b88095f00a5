//! What the statistics read: the started stays of a period, in the compact shape of
//! `stats::Fact`, for one förbund or (for the national view) all of them.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::record::Visibility;
use samordna_domain::stats::Fact;
use time::Date;

/// Which stays: those that take at least one day of `from`–`to`, narrowed by the optional
/// intervention, municipality and coach.
#[derive(Debug, Clone)]
pub struct FactFilter {
    /// `None`: every förbund, for views across förbund that show aggregates only.
    pub org: Option<OrgId>,
    pub intervention_id: Option<i64>,
    pub municipality_id: Option<i64>,
    pub coach_id: Option<i64>,
    pub from: Date,
    pub to: Date,
}

impl FactFilter {
    /// Every stay of `from`–`to` in the förbund (or all), not narrowed further.
    pub fn new(org: Option<OrgId>, from: Date, to: Date) -> Self {
        FactFilter {
            org,
            intervention_id: None,
            municipality_id: None,
            coach_id: None,
            from,
            to,
        }
    }
}

#[async_trait]
pub trait StatsStore: Send + Sync {
    /// The started stays in the filter and the viewer's visibility, sorted by person and
    /// start, with their income at start and exit, steps and recorded follow-ups.
    async fn stat_facts(&self, filter: &FactFilter, visibility: &Visibility) -> Result<Vec<Fact>>;

    /// The stays whose summary row differs from what their detail tables say now (or that
    /// have a row and no longer should, or none and should), by episode id; with `repair`,
    /// those rows are written again.
    async fn check_facts(&self, repair: bool) -> Result<Vec<i64>>;
}
