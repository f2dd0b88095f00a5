//! Money of a förbund (DOMAIN.md §4): members' contributions, payouts under agreements,
//! the budget, the ledger and its follow-up, and the socioeconomic effect. All amounts in öre; rounding happens once, at the end.

pub mod budget;
pub mod contributions;
pub mod follow_up;
pub mod ledger;
pub mod payouts;
pub mod socioeconomic;
