//! The förbund itself: its interventions and its member parties; and, for the
//! installation's admin, the förbund of the installation.

mod admin;
pub(crate) mod api;
mod interventions;
mod members;

use crate::routes::Route;

pub fn routes() -> Vec<Route> {
    [admin::routes(), interventions::routes(), members::routes()]
        .into_iter()
        .flatten()
        .collect()
}
