//! The application layer: what the pages, the JSON API, the command line and the reports
//! share, between the web crate and the store. Each module is an area of the förbund's work
//! and does what more than one door into the system needs: the statistics and survey reports
//! computed from the store, the participant lists in and out, accounts and API tokens, and
//! the words of the interface in Swedish and English (`i18n`).
//!
//! Nothing here knows about HTTP or the terminal: it takes the store and typed questions and
//! gives domain values, tables and every problem at once.

pub mod access;
pub mod economy;
mod error;
pub mod files;
pub mod governance;
pub mod i18n;
pub mod mail;
pub mod orgs;
pub mod participants;
pub mod plans;
pub mod reports;
pub mod stats;
pub mod surveys;

pub use error::{Error, Result};

/// Today in Sweden (Europe/Stockholm), the default of every "as of" question and the day
/// due dates are counted from.
pub fn today() -> time::Date {
    samordna_domain::dates::in_sweden(time::OffsetDateTime::now_utc()).date()
}
