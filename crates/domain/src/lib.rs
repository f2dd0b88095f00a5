//! The domain of a samordningsförbund: pure types and rules.
//!
//! No IO, no async, no SQL. Every value that crosses the edge of the system is parsed into a
//! newtype here (`OrgSlug`, `Email`, `Share`, `Ore`, …), so an invalid value cannot exist past
//! the edge. Each rule of `shared/DOMAIN.md` lives here once.

pub mod audit;
pub mod dates;
pub mod economy;
pub mod format;
pub mod interventions;
pub mod invalid;
pub mod members;
pub mod money;
pub mod org;
pub mod participants;
pub mod roles;
pub mod stats;
pub mod surveys;
pub mod users;

pub use invalid::{Invalid, Reason};
