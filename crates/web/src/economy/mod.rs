//! The money: the budget in versions, the ledger, the follow-up with forecast and balance
//! sheet, the agreements and their payouts, the members' contributions, and the
//! socioeconomic effect. The director writes; the board and the auditor read.

mod agreements;
pub(crate) mod api;
mod budget;
mod contributions;
mod follow_up;
mod ledger;
mod payouts;
pub(crate) mod socioeconomic;

use crate::routes::Route;

/// In the order of the menu.
pub fn routes() -> Vec<Route> {
    [
        budget::routes(),
        follow_up::routes(),
        ledger::routes(),
        payouts::routes(),
        agreements::routes(),
        contributions::routes(),
        socioeconomic::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The budget a follow-up compares with, in words: its years, and a warning when it is only
/// a proposal because no decided budget has the year.
pub(crate) fn budget_named(
    tr: crate::i18n::Tr,
    budget: &Option<(String, samordna_domain::economy::budget::Version)>,
) -> String {
    use samordna_domain::economy::budget::Version;
    match budget {
        Some((years, Version::Proposal)) => tr.t1("follow-budget-proposal", "budget", years),
        Some((years, v)) => {
            let version = tr
                .t(&format!("budget-version-{}", v.as_str()))
                .to_lowercase();
            tr.tn(
                "follow-budget-from",
                &[("budget", years), ("version", &version)],
            )
        }
        None => tr.t("follow-no-budget"),
    }
}
