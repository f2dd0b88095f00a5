//! The web layer: an axum router over the store, with server-rendered Swedish pages, a JSON
//! API under `/api/v1`, and every asset embedded in the binary.
//!
//! Each area of the förbund's work is a module (`orgs`, `access`, `participants`, `stats`,
//! `surveys`, `economy`, `reports`) with its handlers, their view structs and its lines of the route
//! table (`routes`), which declares who may use each route.
//!
//! Data flows one way: request → guard and extractors (who asks, which förbund, which
//! permission) → store or application layer → domain rules → template or JSON. Handlers stay thin; the web layer never builds
//! SQL and never decides a business rule.

mod access;
pub mod api;
mod assets;
pub mod auth;
mod csrf;
mod economy;
pub mod error;
mod files;
mod forms;
mod governance;
pub mod i18n;
mod layout;
mod orgs;
mod participants;
mod plans;
mod reports;
pub mod routes;
mod security;
mod stats;
mod surveys;

use axum::Router;
use samordna_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub use error::Error;

/// What the web layer needs to know about where it runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The address users reach the service at; `https://…` turns on `Secure` cookies and HSTS.
    pub public_url: String,
    /// How long a login lasts.
    pub session_hours: i64,
    /// The largest form or file a request may send, in megabytes: one limit for every
    /// upload and form, answered with a 413 that says it.
    pub upload_limit_mb: u64,
    /// The SMTP server notices are sent through; none, and nothing is sent.
    pub mail: Option<samordna_app::mail::MailSettings>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            public_url: "http://127.0.0.1:8080".into(),
            session_hours: 12,
            upload_limit_mb: 16,
            mail: None,
        }
    }
}

impl Config {
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn upload_limit_bytes(&self) -> usize {
        (self.upload_limit_mb as usize).saturating_mul(1024 * 1024)
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<Config>,
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let router = routes::router(&state)
        .fallback(|| async { Error::NotFound })
        .with_state(state);
    security::apply(router, &config)
}

/// Binds `addr` (port 0 for a free one) and serves until the process ends.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    serve_on(state, listener).await
}

pub async fn serve_on(state: AppState, listener: TcpListener) -> std::io::Result<()> {
    tracing::info!(addr = %listener.local_addr()?, "listening");
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    // axum lets in-flight requests finish after this returns.
    tracing::info!("shutting down");
}
