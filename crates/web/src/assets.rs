//! Static assets, embedded in the binary: no file next to it is needed to run. Names carry a
//! version where they change (htmx), so they can be cached for long.

use crate::error::Error;
use crate::routes::{get, Access, Route};
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub const HTMX: &str = "htmx-2.0.8.min.js";

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        HTMX,
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/htmx-2.0.8.min.js"),
    ),
    (
        "report.css",
        "text/css; charset=utf-8",
        samordna_reports::html::STYLE.as_bytes(),
    ),
    (
        "logo.svg",
        "image/svg+xml",
        include_bytes!("../assets/logo.svg"),
    ),
];

pub fn routes() -> Vec<Route> {
    vec![
        get("/assets/{file}", Access::Public, asset),
        get("/favicon.ico", Access::Public, || {
            asset(Path("logo.svg".into()))
        }),
    ]
}

async fn asset(Path(file): Path<String>) -> Result<Response, Error> {
    let (_, mime, bytes) = FILES
        .iter()
        .find(|(name, _, _)| *name == file)
        .ok_or(Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, *mime),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        *bytes,
    )
        .into_response())
}
