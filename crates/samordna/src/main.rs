//! `samordna`: the one binary. Each command group is a file in `commands/`, a thin call into
//! the application layer (`samordna_app`) and the store; `serve` hands over to the web
//! crate. Settings come from flags or `SAMORDNA_*` variables. Errors are printed as one
//! clear line (their `Display`), never as a debug dump.

mod commands;
mod key;

use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = commands::Cli::parse();
    let filter =
        tracing_subscriber::EnvFilter::try_new(cli.log_filter(std::env::var("RUST_LOG").ok()))
            .unwrap_or_else(|e| {
                eprintln!("samordna: --log: {e}");
                std::process::exit(2);
            });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = commands::run(cli).await {
        eprintln!("samordna: {e:#}");
        std::process::exit(1);
    }
}
