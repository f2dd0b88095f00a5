//! The layers around every request: request id, tracing, time and size limits, panics caught,
//! security headers (a CSP without inline scripts), and the rendering of errors as a page
//! or as JSON, depending on who asked.

use crate::auth::cookie;
use crate::error::ErrorInfo;
use crate::i18n::Tr;
use crate::layout::ErrorPage;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Json, Router};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

#[derive(Clone, Default)]
struct RandomId;

impl MakeRequestId for RandomId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id: u64 = rand::random();
        HeaderValue::from_str(&format!("{id:016x}"))
            .ok()
            .map(RequestId::new)
    }
}

pub fn apply(router: Router, config: &crate::Config) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    // A panic becomes an `Error` inside the error renderer, so it is answered like any
    // other internal error: the page or the JSON, with the request id, never an empty body.
    let mut router = router
        .layer(CatchPanicLayer::custom(
            |panic: Box<dyn std::any::Any + Send>| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                crate::Error::internal(format!("panic: {what}")).into_response()
            },
        ))
        .layer(middleware::from_fn(render_errors))
        .layer(middleware::from_fn(crate::csrf::ensure_cookie))
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        .layer(header(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ))
        .layer(header(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ));
    if config.https() {
        router = router.layer(header(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ));
    }
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        // One limit for every form and upload, applied by the extractors, which answer a
        // larger body with the Swedish 413 page or the API's JSON naming the limit.
        .layer(DefaultBodyLimit::max(config.upload_limit_bytes()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), id)
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, RandomId))
}

/// Turns an `Error` (carried as `ErrorInfo`) into JSON for the API, a redirect to the login
/// page for a page that needs a login, or an error page in the user's language.
async fn render_errors(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let cookies = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok());
    let lang = if api {
        crate::i18n::api_lang(req.headers().get(header::ACCEPT_LANGUAGE))
    } else {
        crate::i18n::lang_of(cookies)
    };
    let logged_in = cookie(cookies, crate::auth::SESSION_COOKIE).is_some();
    let next_path = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let request_id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let mut res = next.run(req).await;
    let info = match res.extensions_mut().remove::<ErrorInfo>() {
        Some(info) => info,
        // An answer of the router or an extractor itself (405 with its Allow header, a form
        // it could not read: plain text) is the API's JSON error or the error page too; a
        // page's own answer (a form shown again with its errors) stays.
        None if (res.status().is_client_error() || res.status().is_server_error())
            && (api || is_plain_text(&res)) =>
        {
            ErrorInfo {
                key: match res.status() {
                    StatusCode::NOT_FOUND => "err-not-found",
                    StatusCode::METHOD_NOT_ALLOWED => "err-method",
                    s if s.is_server_error() => "err-internal",
                    _ => "err-malformed",
                },
                invalid: vec![],
            }
        }
        None => return res,
    };
    let status = res.status();
    let tr = Tr(lang);
    if api {
        let errors: Vec<_> = info
            .invalid
            .iter()
            .map(|e| serde_json::json!({ "field": e.field, "value": e.value, "reason": e.reason.key(), "message": tr.invalid(e) }))
            .collect();
        let body = serde_json::json!({
            "error": info.key.trim_start_matches("err-"),
            "message": tr.t(info.key),
            "errors": errors,
            "request_id": request_id,
        });
        let mut out = (status, Json(body)).into_response();
        if let Some(allow) = res.headers().get(header::ALLOW) {
            out.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return out;
    }
    if status == StatusCode::UNAUTHORIZED && !next_path.starts_with("/login") {
        let target = format!(
            "/login?next={}",
            serde_urlencoded::to_string([("", &next_path)])
                .unwrap_or_default()
                .trim_start_matches('=')
        );
        return Redirect::to(&target).into_response();
    }
    let page = ErrorPage {
        tr,
        title: tr.t(info.key),
        messages: info.invalid.iter().map(|e| tr.invalid(e)).collect(),
        request_id: (status == StatusCode::INTERNAL_SERVER_ERROR).then_some(request_id),
        logged_in,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, tr.t(info.key)).into_response(),
    }
}

fn is_plain_text(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("a bug")
    }

    /// A handler that panics gets the error page or the API's JSON, with the request id.
    #[tokio::test]
    async fn a_panic_is_answered_like_any_internal_error() {
        let app = apply(
            Router::new()
                .route("/boom", get(boom))
                .route("/api/v1/boom", get(boom)),
            &crate::Config::default(),
        );
        let page = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = page.headers()["x-request-id"].to_str().unwrap().to_string();
        let body = axum::body::to_bytes(page.into_body(), 1 << 20)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("<html") && html.contains(&id), "{html}");
        assert!(!html.contains("a bug"), "the panic's text is never shown");

        let api = app
            .oneshot(Request::get("/api/v1/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = api.headers()["x-request-id"].to_str().unwrap().to_string();
        let body = axum::body::to_bytes(api.into_body(), 1 << 20)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"], "internal");
        assert_eq!(json["request_id"], id.as_str());
    }
}
