//! The money as the API and the command line give it: a half-year's payouts under the
//! agreements, each row as JSON with the amount in öre.

pub mod follow_up;

use crate::Result;
use samordna_domain::economy::budget::{budget_for, Budget, CostCategory};
use samordna_domain::economy::contributions::{dues, Instalment, MemberDue};
use samordna_domain::economy::payouts::{parse_period, payout_table, Approval, PayoutLine};
use samordna_domain::format::percent_bp;
use samordna_domain::money::Ore;
use samordna_domain::orgs::{Org, OrgId};
use samordna_reports::Table;
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

/// A network's view of its förbund's budgets for `year` (the version the follow-up compares
/// with): income, costs and result, and each cost category's share, one row per förbund.
/// Budgets are the förbund's public decisions, so nothing is hidden; a förbund without a
/// budget for the year shows dashes.
pub fn network_budgets_table(
    tr: &crate::i18n::Tr,
    rows: &[(Org, Option<Budget>)],
    year: i32,
) -> Table {
    let mut head = vec![
        tr.t("network-org"),
        tr.t("budget-income"),
        tr.t("network-costs"),
        tr.t("network-result"),
    ];
    head.extend(CostCategory::ALL.iter().map(|c| {
        let category = tr.t(&format!("budget-category-{}", c.as_str()));
        tr.t1("budget-share-of", "category", &category.to_lowercase())
    }));
    let mut t = Table::new(head);
    for (org, budget) in rows {
        let mut row = vec![org.name.clone()];
        match budget {
            Some(b) => {
                row.extend([b.income(year), b.costs(year), b.result(year)].map(|o| o.to_string()));
                row.extend(
                    b.category_shares(year)
                        .into_iter()
                        .map(|(_, _, bp)| percent_bp(bp)),
                );
            }
            None => row.extend(std::iter::repeat_n(
                "–".to_string(),
                3 + CostCategory::ALL.len(),
            )),
        }
        t.push(row);
    }
    t
}

/// Each förbund's budget for `year`, as `network_budgets_table` shows them.
pub async fn budgets_of(
    store: &dyn Store,
    orgs: &[Org],
    year: i32,
) -> Result<Vec<(Org, Option<Budget>)>> {
    let mut out = Vec::with_capacity(orgs.len());
    for org in orgs {
        let versions = store.budgets(org.id).await?;
        let budget = budget_for(&versions, year).map(|v| v.budget.budget.clone());
        out.push((org.clone(), budget));
    }
    Ok(out)
}
