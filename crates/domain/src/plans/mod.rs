//! The förbund's plans and registers (DOMAIN.md §7): the verksamhetsplan's goals measured
//! from the data, the deviations, the register of direct procurements judged by the rules
//! in force on each one's day, the requests for public documents, and the retention plan.

pub mod actions;
pub mod coordinator;
pub mod descriptions;
pub mod deviations;
pub mod goals;
pub mod procurement;
pub mod requests;
pub mod retention;
