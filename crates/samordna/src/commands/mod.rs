//! The commands, one file per group. `run` opens the database with the identity key and
//! hands each command what it needs; the groups call the application layer and print.

mod access;
mod database;
mod economy;
mod orgs;
mod participants;
mod plans;
mod reports;
mod serve;
mod stats;
mod surveys;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use samordna_app::i18n::Tr;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::Org;
use samordna_reports::Table;
use samordna_store::Store;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "samordna",
    version,
    about = "Uppföljning och styrning för samordningsförbund"
)]
pub struct Cli {
    /// Database: sqlite://FILE (default) or postgres://USER:PASS@HOST/DB
    #[arg(
        long,
        global = true,
        env = "SAMORDNA_DATABASE_URL",
        default_value = "sqlite://samordna.db"
    )]
    database: String,
    /// File holding the key that seals identities (created on first serve/demo/import when
    /// missing). Default: beside the SQLite database (samordna.db → samordna.key). Keep it
    /// apart from the database backups.
    #[arg(long, global = true, env = "SAMORDNA_IDENTITY_KEY_FILE")]
    identity_key_file: Option<PathBuf>,
    /// The identity key itself (base64 of 32 bytes), instead of the file
    #[arg(
        long,
        global = true,
        env = "SAMORDNA_IDENTITY_KEY",
        hide_env_values = true
    )]
    identity_key: Option<String>,
    /// What to log on stderr, as RUST_LOG writes it (`info`, `samordna_web=debug`). Default:
    /// the server's requests for `serve`, only samordna's own warnings for other commands.
    #[arg(long, global = true)]
    log: Option<String>,
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// The log filter: `--log`, else `RUST_LOG`, else the command's default. A command in a
    /// person's terminal shows no library's chatter (sqlx's slow-statement warnings print
    /// the whole query).
    pub fn log_filter(&self, rust_log: Option<String>) -> String {
        let own = "off,samordna=warn,samordna_app=warn,samordna_store=warn,samordna_web=warn";
        let default = match self.command {
            Command::Serve(_) => "info,sqlx=warn",
            _ => own,
        };
        self.log
            .clone()
            .or(rust_log.filter(|v| !v.is_empty()))
            .unwrap_or_else(|| default.to_string())
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (runs the migrations first)
    Serve(serve::Args),
    /// Run the database migrations
    Migrate,
    /// Load the demo förbund (Höglandet) with one account per role, its participants from
    /// 2019 and its approved half-year reports
    Demo {
        /// Only the förbund, its accounts, economy and five participants: a blank slate to
        /// practise on
        #[arg(long)]
        no_history: bool,
    },
    /// Write a consistent copy of the database to a file
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Recompute every stay's summary row (what the statistics read) from its records and
    /// report the stays where they differ
    Check {
        /// Write the differing summaries again
        #[arg(long)]
        repair: bool,
    },
    /// Generate a large made-up data set for the benchmarks (bench/stats.sh loads it)
    BenchData(database::BenchData),
    /// Manage förbund
    #[command(subcommand)]
    Org(orgs::OrgCommand),
    /// Manage networks of förbund and who is in them
    #[command(subcommand)]
    Network(orgs::NetworkCommand),
    /// Manage accounts
    #[command(subcommand)]
    User(access::UserCommand),
    /// Manage API tokens
    #[command(subcommand)]
    Token(access::TokenCommand),
    /// Read participants from a CSV or XLSX list: every row, or none
    #[command(subcommand)]
    Import(participants::ImportCommand),
    /// Write participants in the import format
    #[command(subcommand)]
    Export(participants::ExportCommand),
    /// Period statistics by gender (exact for one förbund; across all förbund, small counts
    /// hidden)
    Stats(stats::Args),
    /// Survey results
    #[command(subcommand)]
    Survey(surveys::SurveyCommand),
    /// The payouts under agreements for a half-year
    Payouts(economy::PayoutArgs),
    /// The half-year or annual report as PDF, Word, HTML or JSON
    Report(reports::Args),
    /// The retention plan (informationshanteringsplan)
    #[command(subcommand)]
    Retention(plans::RetentionCommand),
}

/// What every command gets: the store and who it acts as.
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub actor: Actor,
}

impl Ctx {
    /// The förbund named on the command line.
    pub async fn org(&self, slug: &str) -> Result<Org> {
        self.store
            .org_by_slug(slug)
            .await
            .with_context(|| format!("förbund {slug}"))
    }
}

pub async fn run(cli: Cli) -> Result<()> {
    let creates_key = matches!(
        cli.command,
        Command::Serve(_) | Command::Demo { .. } | Command::Import(_)
    );
    let key_file = cli
        .identity_key_file
        .clone()
        .unwrap_or_else(|| crate::key::default_path(&cli.database));
    let key = crate::key::load(cli.identity_key.as_deref(), &key_file, creates_key)?;
    let has_key = key.is_some();
    let store = samordna_store::connect_with_key(&cli.database, key)
        .await
        .with_context(|| format!("opening {}", cli.database))?;
    if has_key && !matches!(cli.command, Command::Migrate | Command::Backup { .. }) {
        store.migrate().await?;
        store.check_identity_key().await?;
        store.seal_stored_answers().await?;
    }
    let ctx = Ctx {
        store,
        actor: Actor::system("cli"),
    };
    match cli.command {
        Command::Serve(args) => serve::run(ctx, args).await,
        Command::Migrate => database::migrate(&ctx).await,
        Command::Demo { no_history } => database::demo(&ctx, no_history).await,
        Command::Backup { to } => database::backup(&ctx, &to).await,
        Command::Check { repair } => database::check(&ctx, repair).await,
        Command::BenchData(args) => database::bench_data(&ctx, args).await,
        Command::Org(c) => orgs::run(&ctx, c).await,
        Command::Network(c) => orgs::network(&ctx, c).await,
        Command::User(c) => access::user(&ctx, c).await,
        Command::Token(c) => access::token(&ctx, c).await,
        Command::Import(c) => participants::import(&ctx, c).await,
        Command::Export(c) => participants::export(&ctx, c).await,
        Command::Stats(args) => stats::run(&ctx, args).await,
        Command::Survey(c) => surveys::run(&ctx, c).await,
        Command::Payouts(args) => economy::payouts(&ctx, args).await,
        Command::Report(args) => reports::run(&ctx, args).await,
        Command::Retention(c) => plans::retention(&ctx, c).await,
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Table,
}

/// Every problem of the question, one per line, in Swedish; other errors as they are.
pub fn cli_error(tr: &Tr, e: samordna_app::Error) -> anyhow::Error {
    match e {
        samordna_app::Error::Invalid(list) => anyhow::anyhow!(tr.invalid_list(&list).join("\n")),
        other => other.into(),
    }
}

/// One table in the chosen format; JSON is `json` as it is.
pub fn print_one<T: serde::Serialize>(
    format: Format,
    title: &str,
    table: &Table,
    json: &T,
) -> Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(json)?),
        Format::Csv => std::io::Write::write_all(
            &mut std::io::stdout(),
            &samordna_reports::tables_csv(&[(title, table)]),
        )?,
        Format::Table => println!("{title}\n{}", text_table(table)),
    }
    Ok(())
}

/// A table for the terminal: the first column left-aligned, the others right-aligned.
pub fn text_table(t: &Table) -> String {
    let rows: Vec<&Vec<String>> = std::iter::once(&t.headers).chain(&t.rows).collect();
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let width: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c == 0 {
                    format!("{s:<w$}", w = width[c])
                } else {
                    format!("{s:>w$}", w = width[c])
                }
            })
            .collect();
        out += line.join("  ").trim_end();
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_in_the_terminal_logs_only_samordnas_warnings() {
        let cli = |args: &[&str]| Cli::try_parse_from(args).unwrap();
        let stats = cli(&[
            "samordna",
            "stats",
            "--all-orgs",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
        ]);
        let own = stats.log_filter(None);
        assert!(own.starts_with("off,") && own.contains("samordna=warn") && !own.contains("sqlx"));
        assert_eq!(
            stats.log_filter(Some("debug".into())),
            "debug",
            "RUST_LOG is followed"
        );
        let asked = cli(&[
            "samordna",
            "--log",
            "sqlx=info",
            "stats",
            "--all-orgs",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
        ]);
        assert_eq!(
            asked.log_filter(Some("debug".into())),
            "sqlx=info",
            "--log wins"
        );
        assert_eq!(
            cli(&["samordna", "serve"]).log_filter(None),
            "info,sqlx=warn"
        );
    }
}
