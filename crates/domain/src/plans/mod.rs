//! The förbund's plans and registers (DOMAIN.md §7). So far: the register of direct
//! procurements, judged by the rules in force on each one's day, and the requests for
//! public documents.

pub mod procurement;
pub mod requests;
