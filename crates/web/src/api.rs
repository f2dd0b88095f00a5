//! The JSON API under `/api/v1`, authenticated by API token (`Authorization: Bearer …`),
//! with the token's scope and its user's role. Each area declares its API routes in its own
//! `api` module and describes them in its own `openapi.json`; the description served at
//! `/api/v1/openapi.json` is this crate's `openapi.json` with every area's paths and schemas
//! and the error answers each operation can give. A test checks that it lists exactly the
//! routes of the table.
//!
//! Every refusal is the API's JSON error naming the field: a body or query string that is
//! not what the operation takes is 400, a value the domain refuses 422.

use crate::error::{Error, Result};
use crate::routes::{get, Access, Route};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use samordna_domain::{Invalid, Reason};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The frame of the description, and each area's part of it.
const FRAME: &str = include_str!("../openapi.json");
const AREAS: &[&str] = &[
    include_str!("access/openapi.json"),
    include_str!("orgs/openapi.json"),
    include_str!("economy/openapi.json"),
    include_str!("stats/openapi.json"),
    include_str!("surveys/openapi.json"),
    include_str!("reports/openapi.json"),
    include_str!("plans/openapi.json"),
];

/// The whole description of the API, built once.
pub fn openapi() -> &'static str {
    static SPEC: OnceLock<String> = OnceLock::new();
    SPEC.get_or_init(|| {
        let mut spec: Value = serde_json::from_str(FRAME).expect("openapi.json parses");
        for area in AREAS {
            let part: Value = serde_json::from_str(area).expect("an area's openapi.json parses");
            for (path, item) in part["paths"].as_object().into_iter().flatten() {
                spec["paths"][path] = item.clone();
            }
            for (name, schema) in part["components"]["schemas"]
                .as_object()
                .into_iter()
                .flatten()
            {
                spec["components"]["schemas"][name] = schema.clone();
            }
        }
        add_error_answers(&mut spec);
        serde_json::to_string_pretty(&spec).expect("a description serialises")
    })
}

/// Every operation lists the error answers it can give, each the API's JSON error: 400 for
/// a query string or body that is not what it takes, 401 without a valid token, 403 for a
/// role or scope without the permission, 404 for what the token's förbund does not have,
/// 413 for a body over the upload limit, 422 for a value the domain refuses.
fn add_error_answers(spec: &mut Value) {
    let error = json!({ "$ref": "#/components/responses/Error" });
    let Some(paths) = spec["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let path_params = path.contains('{');
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut().filter(|(m, _)| *m != "parameters") {
            let takes_query = op["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            let takes_body = op.get("requestBody").is_some();
            let mut answers = vec![];
            if path != "/openapi.json" {
                answers.push("401");
            }
            if path.starts_with("/orgs/") {
                answers.extend(["403", "404"]);
            } else if path_params {
                answers.push("404");
            }
            if takes_query || takes_body {
                answers.extend(["400", "422"]);
            }
            if takes_body {
                answers.push("413");
            }
            let _ = method;
            for code in answers {
                if op["responses"].get(code).is_none() {
                    op["responses"][code] = error.clone();
                }
            }
        }
    }
}

/// Every API route, with its path below `/api/v1`.
pub fn routes() -> Vec<Route> {
    let spec = get("/openapi.json", Access::Public, || async {
        ([(header::CONTENT_TYPE, "application/json")], openapi())
    });
    [
        vec![spec],
        crate::access::api::routes(),
        crate::orgs::api::routes(),
        crate::economy::api::routes(),
        crate::stats::api::routes(),
        crate::surveys::api::routes(),
        crate::reports::api::routes(),
        crate::plans::api::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What could not be read of a request, named: the first part of the path serde stopped
/// at (`name`, `year`), if it is one of `fields`.
fn malformed(fields: &[&'static str], path: &str, why: String) -> Error {
    let field = fields
        .iter()
        .find(|f| path.split(['.', '[']).next() == Some(**f))
        .copied()
        .unwrap_or("body");
    Error::Malformed(vec![Invalid::new(field, why, Reason::Unreadable)])
}

/// A request body or query string the API reads: its fields, so that a refusal can name
/// the one at fault.
pub trait ApiInput: DeserializeOwned {
    const FIELDS: &'static [&'static str];
}

/// A JSON body. One that is not JSON, or not the object the operation takes, is refused
/// with the API's error naming the field (400), instead of axum's plain-text rejection.
pub struct Body<T>(pub T);

impl<T: ApiInput> FromRequest<AppState> for Body<T> {
    type Rejection = Error;
    async fn from_request(req: Request, state: &AppState) -> Result<Self> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Error::TooLarge {
                    limit_mb: state.config.upload_limit_mb,
                }
            } else {
                malformed(T::FIELDS, "", e.body_text())
            }
        })?;
        let mut json = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut json)
            .map(Body)
            .map_err(|e| malformed(T::FIELDS, &e.path().to_string(), e.inner().to_string()))
    }
}

/// A query string; one that cannot be read is the API's error naming the field (400).
pub struct Params<T>(pub T);

impl<T: ApiInput, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Params)
            .map_err(|e| malformed(T::FIELDS, &e.path().to_string(), e.inner().to_string()))
    }
}
