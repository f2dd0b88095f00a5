//! The layers around every request: request id, tracing, time and size limits, panics caught,
//! security headers (a CSP without inline scripts), and the rendering of errors as a page
//! or as JSON, depending on who asked.

use crate::auth::cookie;
use crate::error::ErrorInfo;
use crate::i18n::{Lang, Tr};
use crate::layout::ErrorPage;
use askama::Template;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Json, Router};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
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

pub fn apply(router: Router, https: bool) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let mut router = router
        .layer(middleware::from_fn(render_errors))
        .layer(CatchPanicLayer::custom(|_| {
            crate::Error::internal("panic").into_response()
        }))
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
    if https {
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
        .layer(RequestBodyLimitLayer::new(32 * 1024 * 1024))
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
    let lang = crate::i18n::lang_of(cookies);
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
    let Some(info) = res.extensions_mut().remove::<ErrorInfo>() else {
        return res;
    };
    let status = res.status();
    let tr = Tr(if api { Lang::En } else { lang });
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
        return (status, Json(body)).into_response();
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
