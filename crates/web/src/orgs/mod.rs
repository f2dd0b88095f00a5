//! The förbund itself: its start page, its interventions and its member parties; and, for
//! the installation's admin, the förbund of the installation.

mod admin;
pub(crate) mod api;
mod interventions;
mod members;
mod networks;
mod start;

use crate::routes::Route;

pub fn routes() -> Vec<Route> {
    [
        start::routes(),
        admin::routes(),
        interventions::routes(),
        members::routes(),
        networks::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
