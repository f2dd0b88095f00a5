//! Who comes in and what they did: logging in and out and the language, the förbund's
//! accounts and API tokens, and the audit log.

mod account;
pub(crate) mod api;
mod audit;
mod session;
mod users;

use crate::routes::Route;

pub fn routes() -> Vec<Route> {
    [
        session::routes(),
        account::routes(),
        users::routes(),
        audit::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
