//! `serve`: the web application on an address, after the migrations (and the demo förbund
//! with `--demo`).

use super::Ctx;
use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, env = "SAMORDNA_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Load the demo förbund (Höglandet) and its accounts if they are not there yet
    #[arg(long)]
    demo: bool,
    /// The address users reach the service at; https:// makes cookies Secure
    #[arg(long, env = "SAMORDNA_PUBLIC_URL")]
    public_url: Option<String>,
    /// The largest form or file a request may send, in megabytes
    #[arg(long, env = "SAMORDNA_UPLOAD_LIMIT_MB", default_value_t = 16)]
    upload_limit_mb: u64,
    /// The SMTP server the kallelse is sent through (none: nothing is sent)
    #[arg(long, env = "SAMORDNA_SMTP_HOST")]
    smtp_host: Option<String>,
    #[arg(long, env = "SAMORDNA_SMTP_PORT", default_value_t = 587)]
    smtp_port: u16,
    /// none (a relay on this machine), starttls or tls
    #[arg(long, env = "SAMORDNA_SMTP_SECURITY", default_value = "starttls")]
    smtp_security: String,
    /// The sender: "Förbundet <kansli@example.se>"
    #[arg(long, env = "SAMORDNA_SMTP_FROM")]
    smtp_from: Option<String>,
    #[arg(long, env = "SAMORDNA_SMTP_USER")]
    smtp_user: Option<String>,
    #[arg(long, env = "SAMORDNA_SMTP_PASSWORD", hide_env_values = true)]
    smtp_password: Option<String>,
}

fn mail(args: &Args) -> Result<Option<samordna_app::mail::MailSettings>> {
    use samordna_app::mail::{MailSettings, Security};
    let Some(host) = args.smtp_host.clone() else {
        return Ok(None);
    };
    let security = Security::parse(&args.smtp_security).ok_or_else(|| {
        anyhow::anyhow!(
            "--smtp-security: none, starttls or tls, not {:?}",
            args.smtp_security
        )
    })?;
    let from = args
        .smtp_from
        .clone()
        .ok_or_else(|| anyhow::anyhow!("--smtp-from is needed with --smtp-host"))?;
    Ok(Some(MailSettings {
        host,
        port: args.smtp_port,
        security,
        from,
        credentials: args.smtp_user.clone().zip(args.smtp_password.clone()),
    }))
}

pub async fn run(ctx: Ctx, args: Args) -> Result<()> {
    let mail = mail(&args)?;
    ctx.store.migrate().await?;
    if args.demo {
        samordna::demo::load_with_history(&*ctx.store).await?;
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("binding {}", args.addr))?;
    // The address links (survey links, QR codes) point to: the real port, also when the
    // system chose it.
    let public_url = args
        .public_url
        .unwrap_or_else(|| format!("http://{}", listener.local_addr().unwrap_or(args.addr)));
    let config = samordna_web::Config {
        public_url,
        upload_limit_mb: args.upload_limit_mb,
        mail,
        ..Default::default()
    };
    let state = samordna_web::AppState {
        store: ctx.store,
        config: Arc::new(config),
    };
    println!("samordna: listening on http://{}", listener.local_addr()?);
    samordna_web::serve_on(state, listener).await?;
    Ok(())
}
