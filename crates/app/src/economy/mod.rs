//! The money as the API and the command line give it: a half-year's payouts under the
//! agreements, each row as JSON with the amount in öre.

pub mod follow_up;

use crate::Result;
use samordna_domain::economy::contributions::{dues, Instalment, MemberDue};
use samordna_domain::economy::payouts::{parse_period, payout_table, Approval, PayoutLine};
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use samordna_store::Store;
use serde::Serialize;

/// One payout row in JSON: the amount in öre, the share of positions as a number (0.75).
#[derive(Serialize, Debug, PartialEq)]
pub struct PayoutJson {
    pub intervention: String,
    pub municipality: String,
    pub fte: f64,
    pub months_reduced: u8,
    pub amount_ore: i64,
}

impl From<&PayoutLine> for PayoutJson {
    fn from(p: &PayoutLine) -> Self {
        PayoutJson {
            intervention: p.intervention.clone(),
            municipality: p.municipality.clone(),
            fte: p.fte.basis_points() as f64 / 10_000.0,
            months_reduced: p.months_reduced,
            amount_ore: p.amount.0,
        }
    }
}

/// The payouts of a half-year (`year` and `half` as typed: every problem named).
pub async fn payouts(
    store: &dyn Store,
    org: OrgId,
    year: &str,
    half: &str,
) -> Result<Vec<PayoutLine>> {
    let (year, half) = parse_period(year, half)?;
    let lines = store.list_agreements(org).await?;
    Ok(payout_table(&lines, year, half))
}

/// The half-year's table with what each payout waits for; an approved payout shows the
/// amount approved.
pub async fn lines(
    store: &dyn Store,
    org: OrgId,
    year: i32,
    half: u8,
) -> Result<Vec<(PayoutLine, Approval)>> {
    let approvals = store.approvals(org, year).await?;
    let table = payout_table(&store.list_agreements(org).await?, year, half);
    Ok(table
        .into_iter()
        .map(|mut l| {
            let a = approvals
                .iter()
                .find(|(id, h, _)| *id == l.agreement_id && *h == half)
                .map(|(_, _, a)| *a)
                .unwrap_or_default();
            if let Some((_, amount)) = a.approved {
                l.amount = amount;
            }
            (l, a)
        })
        .collect())
}

/// The year's dues per member (members without a weight of their own weigh 1), the year's
/// total if it is set, and its instalments.
pub async fn year_dues(
    store: &dyn Store,
    org: OrgId,
    year: i32,
    today: time::Date,
) -> Result<(Option<Ore>, Vec<MemberDue>, Vec<Instalment>)> {
    let members = store.list_members(org).await?;
    let set = store.contribution_year(org, year).await?;
    let instalments = store.instalments(org, year).await?;
    let (total, key) = set.map_or((None, vec![]), |(t, k)| (Some(t), k));
    let weighted: Vec<_> = members
        .into_iter()
        .map(|m| {
            let w = key
                .iter()
                .find(|(id, _)| *id == m.id)
                .map_or(1, |(_, w)| *w);
            (m, w)
        })
        .collect();
    let rows = dues(total.unwrap_or(Ore(0)), &weighted, &instalments, today);
    Ok((total, rows, instalments))
}
