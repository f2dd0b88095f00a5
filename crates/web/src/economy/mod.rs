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
