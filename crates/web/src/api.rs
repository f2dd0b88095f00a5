//! The JSON API under `/api/v1`, authenticated by API token (`Authorization: Bearer …`),
//! with the same permissions as the token's user. Each area declares its API routes in its
//! own `api` module; they are the route table's lines below `/api/v1`. The description is
//! `openapi.json`, served at `/api/v1/openapi.json`; a test checks that it lists exactly
//! the routes of the table.

use crate::error::{Error, Result};
use crate::routes::{get, Access, Route};
use crate::AppState;
use axum::http::header;
use axum::Json;

pub const OPENAPI: &str = include_str!("../openapi.json");

/// Every API route, with its path below `/api/v1`.
pub fn routes() -> Vec<Route> {
    let spec = get("/openapi.json", Access::Public, || async {
        ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
    });
    [
        vec![spec],
        crate::access::api::routes(),
        crate::orgs::api::routes(),
        crate::economy::api::routes(),
        crate::stats::api::routes(),
        crate::surveys::api::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A JSON body; one that does not parse is refused with the API's own error format, naming
/// what is wrong, instead of axum's plain-text rejection.
pub struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for Body<T> {
    type Rejection = Error;
    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(rejection) if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(Error::TooLarge {
                    limit_mb: state.config.upload_limit_mb,
                })
            }
            Err(rejection) => Err(Error::Invalid(vec![samordna_domain::Invalid::new(
                "body",
                rejection.body_text(),
                samordna_domain::Reason::UnknownValue,
            )])),
        }
    }
}
