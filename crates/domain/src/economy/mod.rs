//! Money of a förbund (DOMAIN.md §4): members' contributions, payouts under agreements,
//! and the socioeconomic effect. All amounts in öre; rounding happens once, at the end.

pub mod budget;
pub mod contributions;
pub mod payouts;
pub mod socioeconomic;
