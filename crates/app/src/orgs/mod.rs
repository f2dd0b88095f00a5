//! The förbund at a glance: what waits to be done, and this year's key figures against
//! goal and budget — the start page of the director (and, as far as each role may see, of
//! everyone else).

use crate::stats::StatsReport;
use crate::Result;
use samordna_domain::economy::budget::Version;
use samordna_domain::economy::follow_up::Sums;
use samordna_domain::economy::payouts::{Approval, PayoutLine};
use samordna_domain::orgs::interventions::InterventionKind;
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::record::{Task, Tasks, Viewer, Visibility};
use samordna_domain::stats::series::{Bucket, Dimension};
use samordna_domain::stats::{AgeBins, Period};
use samordna_domain::surveys::Round;
use samordna_store::{EpisodeFilter, Store};
use time::Date;

/// What the viewer may see on the overview.
pub struct Sight<'a> {
    /// Personal data (scoped as the viewer's role is): the queue and the late tasks.
    pub personal: Option<&'a Viewer>,
    /// The money: payouts and the result against budget.
    pub economy: bool,
    /// Small counts hidden (a role without personal data).
    pub protect: bool,
}

/// A payout that waits: for its papers or for the director's approval.
pub struct WaitingPayout {
    pub year: i32,
    pub half: u8,
    pub line: PayoutLine,
    pub approval: Approval,
}

/// One intervention's year so far.
pub struct KeyFigures {
    pub intervention: String,
    pub slug: String,
    pub stats: StatsReport,
}

pub struct Overview {
    pub payouts: Vec<WaitingPayout>,
    /// People waiting for the referral group (`None` when the viewer sees no participants).
    pub queue: Option<usize>,
    /// Contacts, follow-ups and deregistrations past their date.
    pub late: Option<Vec<Task>>,
    pub open_rounds: Vec<Round>,
    pub figures: Vec<KeyFigures>,
    /// The year's result: budget, to date and forecast; with the budget's years and version.
    pub result: Option<(Sums, Option<(String, Version)>)>,
}

/// The half-years whose payouts can still wait on `today`: this one and the one before.
fn open_halves(today: Date) -> [(i32, u8); 2] {
    let (y, h) = (today.year(), if (today.month() as u8) <= 6 { 1 } else { 2 });
    let before = if h == 1 { (y - 1, 2) } else { (y, 1) };
    [before, (y, h)]
}

pub async fn overview(
    store: &dyn Store,
    org: OrgId,
    sight: Sight<'_>,
    today: Date,
) -> Result<Overview> {
    let mut payouts = vec![];
    let mut result = None;
    if sight.economy {
        for (year, half) in open_halves(today) {
            for (line, approval) in crate::economy::lines(store, org, year, half).await? {
                if approval.approved.is_none() {
                    payouts.push(WaitingPayout {
                        year,
                        half,
                        line,
                        approval,
                    });
                }
            }
        }
        let f = crate::economy::follow_up::follow_up(store, org, today).await?;
        result = Some((f.statement.result(), f.budget_name));
    }
    let (queue, late) = match sight.personal {
        Some(viewer) => {
            let filter = EpisodeFilter {
                open_only: true,
                ..Default::default()
            };
            let episodes = store.episodes(org, viewer, &filter).await?;
            let queue = episodes.iter().filter(|e| e.status().in_queue()).count();
            let yesterday = today.previous_day().unwrap_or(today);
            let late = Tasks::due(&episodes, yesterday).in_order();
            (Some(queue), Some(late))
        }
        None => (None, None),
    };
    let open_rounds = store
        .rounds(org)
        .await?
        .into_iter()
        .filter(|r| r.is_open(today))
        .collect();
    let visibility = match sight.personal {
        Some(v) => v.visibility.clone(),
        None => Visibility::All,
    };
    let mut figures = vec![];
    for i in store.list_interventions(org).await? {
        if i.fields.kind != InterventionKind::Individual {
            continue;
        }
        let req = crate::stats::StatsRequest {
            period: Period::year(today.year()),
            intervention: Some(i.clone()),
            municipality_id: None,
            coach_id: None,
            age_bins: AgeBins::default(),
            bucket: Bucket::HalfYear,
            dimension: Dimension::Intervention,
        };
        let stats = crate::stats::report(store, org, &req, &visibility, sight.protect).await?;
        figures.push(KeyFigures {
            slug: i.fields.slug,
            intervention: i.fields.name,
            stats,
        });
    }
    Ok(Overview {
        payouts,
        queue,
        late,
        open_rounds,
        figures,
        result,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn payouts_wait_from_this_and_the_last_half_year() {
        assert_eq!(open_halves(date!(2026 - 03 - 01)), [(2025, 2), (2026, 1)]);
        assert_eq!(open_halves(date!(2026 - 07 - 01)), [(2026, 1), (2026, 2)]);
    }
}
