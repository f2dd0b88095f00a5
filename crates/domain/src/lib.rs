//! The domain of a samordningsförbund: pure types and rules.
//!
//! No IO, no async, no SQL. Every value that crosses the edge of the system is parsed into a
//! newtype here (`OrgSlug`, `Email`, `Share`, `Ore`, …), so an invalid value cannot exist past
//! the edge. Each rule of `shared/DOMAIN.md` lives here once.

pub mod access;
pub mod dates;
pub mod economy;
pub mod format;
pub mod governance;
pub mod invalid;
pub mod matching;
pub mod money;
pub mod orgs;
pub mod participants;
pub mod plans;
pub mod reports;
pub mod stats;
pub mod surveys;

pub use invalid::{AllOk, Invalid, Reason};
