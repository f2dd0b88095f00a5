//! `samordna`: the one binary. Each subcommand is a thin call into the crates: the store for
//! data, the web crate for serving. Settings come from flags or `SAMORDNA_*` variables.

use samordna::demo;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{check_password, Email, NewUser};
use samordna_domain::economy::payouts::{parse_period, payout_table};
use samordna_domain::orgs::NewOrg;
use samordna_domain::participants::record::Visibility;
use samordna_web::api::PayoutJson;
use samordna_web::i18n::{Lang, Tr};
use samordna_web::stats;
use std::io::{IsTerminal, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "samordna",
    version,
    about = "Uppföljning och styrning för samordningsförbund"
)]
struct Cli {
    /// Database: sqlite://FILE (default) or postgres://USER:PASS@HOST/DB
    #[arg(
        long,
        global = true,
        env = "SAMORDNA_DATABASE_URL",
        default_value = "sqlite://samordna.db"
    )]
    database: String,
    /// File holding the key that seals identities (created on first serve/demo/import when
    /// missing). Keep it apart from the database backups.
    #[arg(
        long,
        global = true,
        env = "SAMORDNA_IDENTITY_KEY_FILE",
        default_value = "samordna.key"
    )]
    identity_key_file: PathBuf,
    /// The identity key itself (base64 of 32 bytes), instead of the file
    #[arg(
        long,
        global = true,
        env = "SAMORDNA_IDENTITY_KEY",
        hide_env_values = true
    )]
    identity_key: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (runs the migrations first)
    Serve {
        #[arg(long, env = "SAMORDNA_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Load the demo förbund (Höglandet) and its accounts if they are not there yet
        #[arg(long)]
        demo: bool,
        /// The address users reach the service at; https:// makes cookies Secure
        #[arg(long, env = "SAMORDNA_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Run the database migrations
    Migrate,
    /// Load the demo förbund (Höglandet) with one account per role
    Demo,
    /// Manage förbund
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// The payouts under agreements for a half-year
    Payouts {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: String,
        /// 1 (January–June) or 2 (July–December)
        #[arg(long)]
        half: String,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Read participants from a CSV or XLSX list: every row, or none
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write participants in the import format
    #[command(subcommand)]
    Export(ExportCommand),
    /// Period statistics by gender (exact for one förbund; across all förbund, small counts
    /// hidden)
    Stats {
        /// The förbund's slug
        #[arg(
            long,
            required_unless_present = "all_orgs",
            conflicts_with = "all_orgs"
        )]
        org: Option<String>,
        /// Every förbund of this installation together: aggregates only
        #[arg(long)]
        all_orgs: bool,
        /// An intervention's slug (default: all)
        #[arg(long)]
        insats: Option<String>,
        /// A municipality's (member's) id
        #[arg(long)]
        municipality: Option<String>,
        /// A coach's user id
        #[arg(long)]
        coach: Option<String>,
        /// First day, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD
        #[arg(long)]
        to: String,
        /// Age intervals, e.g. -19,20-24,25-29,30-
        #[arg(long, allow_hyphen_values = true)]
        age_bins: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: StatsFormat,
    },
    /// Survey results
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Generate a large made-up data set for the benchmarks (bench/stats.sh loads it)
    BenchData {
        #[arg(long, default_value_t = 75)]
        orgs: u32,
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// Stays started per förbund and year
        #[arg(long, default_value_t = 1333)]
        per_year: u32,
        /// Directory for the CSV files
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a consistent copy of the database to a file
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
}

#[derive(Subcommand)]
enum SurveyCommand {
    /// A round's results per question against the target (never by municipality)
    Results {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: StatsFormat,
    },
    /// Every förbund here: the share in the three highest steps per question, for the
    /// indicator rounds that opened in a year (aggregates only)
    Summary {
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value = "table")]
        format: StatsFormat,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StatsFormat {
    Json,
    Csv,
    Table,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Table,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Columns: id, kön, födelseår, kommun, insats, coach, startdatum, slutdatum,
    /// avslutsorsak, försörjning_före, försörjning_efter, samtycke
    Participants {
        #[arg(long)]
        org: String,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    Participants {
        #[arg(long)]
        org: String,
        /// csv or xlsx
        #[arg(long, default_value = "csv")]
        format: String,
        /// Include personnummer (each read is written to the audit log)
        #[arg(long)]
        with_identity: bool,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Add a förbund
    Add {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account; the password is read from standard input, or generated and printed once
    Add {
        /// The förbund (not for --role admin)
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Make an API token for an account; printed once
    Add {
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

#[tokio::main]
async fn main() {
    // One clear line for the user, never a debug dump.
    if let Err(e) = run().await {
        eprintln!("samordna: {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let creates_key = matches!(
        cli.command,
        Command::Serve { .. } | Command::Demo | Command::Import(_)
    );
    let key = identity_key(&cli, creates_key)?;
    let has_key = key.is_some();
    let store = samordna_store::connect_with_key(&cli.database, key)
        .await
        .with_context(|| format!("opening {}", cli.database))?;
    if has_key && !matches!(cli.command, Command::Migrate | Command::Backup { .. }) {
        store.migrate().await?;
        store.check_identity_key().await?;
    }
    let cli_actor = Actor::system("cli");
    match cli.command {
        Command::Migrate => {
            store.migrate().await?;
            println!("migrations done");
        }
        Command::Serve {
            addr,
            demo,
            public_url,
        } => {
            store.migrate().await?;
            if demo {
                demo::load(&*store).await?;
            }
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            // The address links (survey links, QR codes) point to: the real port, also when
            // the system chose it.
            let public_url = public_url
                .unwrap_or_else(|| format!("http://{}", listener.local_addr().unwrap_or(addr)));
            let config = samordna_web::Config {
                public_url,
                ..Default::default()
            };
            let state = samordna_web::AppState {
                store,
                config: Arc::new(config),
            };
            println!("samordna: listening on http://{}", listener.local_addr()?);
            samordna_web::serve_on(state, listener).await?;
        }
        Command::Demo => {
            store.migrate().await?;
            demo::load(&*store).await?;
        }
        Command::Org(OrgCommand::Add { slug, name }) => {
            let org = store
                .create_org(&cli_actor, &NewOrg::parse(&slug, &name)?)
                .await?;
            println!("förbund {} ({}) added", org.name, org.slug);
        }
        Command::User(UserCommand::Add {
            org,
            email,
            role,
            name,
        }) => {
            let role = Role::parse(&role)?;
            let org_id = match (role, org) {
                (Role::Admin, None) => None,
                (Role::Admin, Some(_)) => {
                    bail!("--role admin belongs to the installation: leave out --org")
                }
                (_, Some(slug)) => Some(
                    store
                        .org_by_slug(&slug)
                        .await
                        .with_context(|| format!("förbund {slug}"))?
                        .id,
                ),
                (_, None) => bail!("--org is needed for role {}", role.as_str()),
            };
            let email = Email::parse(&email)?;
            let (password, generated) = read_or_generate_password()?;
            let hash = samordna_web::auth::hash_password(password.clone())
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let name = name.unwrap_or_else(|| email.as_str().to_string());
            let new = NewUser {
                org_id,
                email,
                name,
                role,
                password_hash: hash,
                scope: Scope::default(),
            };
            let user = store.create_user(&cli_actor, &new).await?;
            println!("account {} ({}) added", user.email.as_str(), role.as_str());
            if generated {
                println!("password (shown once): {password}");
            }
        }
        Command::Token(TokenCommand::Add { org, email, name }) => {
            let org = store
                .org_by_slug(&org)
                .await
                .with_context(|| format!("förbund {org}"))?;
            let creds = store
                .credentials(&Email::parse(&email)?)
                .await?
                .context("no such account")?;
            let token = samordna_web::auth::new_api_token();
            let hash = samordna_web::auth::hash_token(&token);
            store
                .create_api_token(
                    org.id,
                    &cli_actor,
                    creds.user.id,
                    &name,
                    &hash,
                    samordna_web::auth::now(),
                )
                .await?;
            println!("{token}");
        }
        Command::Payouts {
            org,
            year,
            half,
            format,
        } => {
            let org = store
                .org_by_slug(&org)
                .await
                .with_context(|| format!("förbund {org}"))?;
            let (year, half) = parse_period(&year, &half).map_err(|errors| {
                anyhow::anyhow!(errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "))
            })?;
            let lines = payout_table(&store.list_agreements(org.id).await?, year, half);
            match format {
                Format::Json => {
                    let rows: Vec<PayoutJson> = lines.iter().map(PayoutJson::from).collect();
                    println!("{}", serde_json::to_string_pretty(&rows)?);
                }
                Format::Table => {
                    for l in &lines {
                        println!(
                            "{:<22} {:<18} {:>6} {:>3} {:>14}",
                            l.intervention,
                            l.municipality,
                            l.fte.as_positions(),
                            l.months_reduced,
                            l.amount.to_string()
                        );
                    }
                }
            }
        }
        Command::Import(ImportCommand::Participants { org, file }) => {
            let org = store
                .org_by_slug(&org)
                .await
                .with_context(|| format!("förbund {org}"))?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let lookups = samordna_web::import_lookups(&*store, org.id).await?;
            let result = match samordna_web::parse_file(&bytes, &lookups) {
                Ok(rows) => store
                    .import_participants(org.id, &cli_actor, &rows)
                    .await
                    .map_err(|e| match e {
                        samordna_store::StoreError::Invalid(v) => v,
                        other => vec![samordna_domain::Invalid::new(
                            "file",
                            other.to_string(),
                            samordna_domain::Reason::UnknownValue,
                        )],
                    }),
                Err(problems) => Err(problems),
            };
            match result {
                Ok(s) => println!(
                    "{} rows read: {} new participants, {} stays",
                    s.rows, s.new_participants, s.episodes
                ),
                Err(problems) => {
                    let tr = samordna_web::i18n::Tr(samordna_web::i18n::Lang::En);
                    for p in &problems {
                        let column = samordna_domain::participants::import::column_of(p.field);
                        let why = tr.invalid(&samordna_domain::Invalid {
                            row: None,
                            ..p.clone()
                        });
                        eprintln!(
                            "row {}, column {column}, value {:?}: {why}",
                            p.row.unwrap_or(1),
                            p.value
                        );
                    }
                    bail!("{} problems; nothing was stored", problems.len());
                }
            }
        }
        Command::Export(ExportCommand::Participants {
            org,
            format,
            with_identity,
            out,
        }) => {
            let org = store
                .org_by_slug(&org)
                .await
                .with_context(|| format!("förbund {org}"))?;
            let viewer = samordna_domain::participants::record::Viewer::system("cli");
            let rows = store
                .export_participants(org.id, &viewer, with_identity)
                .await?;
            let table = samordna_web::export_table(&rows);
            let bytes = match format.as_str() {
                "xlsx" => table.to_xlsx("Deltagare").map_err(anyhow::Error::msg)?,
                "csv" => table.to_excel_csv(),
                other => bail!("--format must be csv or xlsx, not {other:?}"),
            };
            std::fs::write(&out, bytes)?;
            println!("{} rows written to {}", table.rows.len(), out.display());
        }
        Command::Stats {
            org,
            all_orgs,
            insats,
            municipality,
            coach,
            from,
            to,
            age_bins,
            format,
        } => {
            let params = stats::StatsParams {
                from,
                to,
                intervention: insats.unwrap_or_default(),
                municipality: municipality.unwrap_or_default(),
                coach: coach.unwrap_or_default(),
                age_bins: age_bins.unwrap_or_default(),
                ..Default::default()
            };
            let tr = Tr(Lang::Sv);
            let (report, names) = match org {
                Some(slug) if !all_orgs => {
                    let org = store
                        .org_by_slug(&slug)
                        .await
                        .with_context(|| format!("förbund {slug}"))?;
                    let names = stats::Names::load(&*store, org.id)
                        .await
                        .map_err(|e| cli_error(&tr, e))?;
                    let req = params
                        .parse(&names, today())
                        .map_err(|e| cli_error(&tr, e))?;
                    let r = stats::report(&*store, org.id, &req, &Visibility::All, false)
                        .await
                        .map_err(|e| cli_error(&tr, e))?;
                    (r, names)
                }
                _ => {
                    let req = params
                        .parse(&stats::Names::default(), today())
                        .map_err(|e| cli_error(&tr, e))?;
                    stats::national_report(&*store, req.period, req.age_bins)
                        .await
                        .map_err(|e| cli_error(&tr, e))?
                }
            };
            let tables = stats::tables(&tr, &report, &names);
            match format {
                StatsFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                StatsFormat::Csv => {
                    let refs: Vec<_> = tables.iter().map(|(n, t)| (n.as_str(), t)).collect();
                    std::io::Write::write_all(
                        &mut std::io::stdout(),
                        &samordna_reports::tables_csv(&refs),
                    )?;
                }
                StatsFormat::Table => {
                    for (title, t) in &tables {
                        println!("{title}\n{}", text_table(t));
                    }
                }
            }
        }
        Command::Survey(SurveyCommand::Results { org, round, format }) => {
            let tr = Tr(Lang::Sv);
            let org = store
                .org_by_slug(&org)
                .await
                .with_context(|| format!("förbund {org}"))?;
            let r = samordna_web::surveys::round_results(&*store, org.id, round)
                .await
                .map_err(|e| cli_error(&tr, e))?;
            let table = samordna_web::surveys::results_table(&tr, &r);
            print_one(format, &tr.t("survey-results"), &table, &r.results)?;
        }
        Command::Survey(SurveyCommand::Summary { year, format }) => {
            let tr = Tr(Lang::Sv);
            let (table, rows) = survey_summary(&*store, year)
                .await
                .map_err(|e| cli_error(&tr, e))?;
            print_one(format, "Indikatorenkäten", &table, &rows)?;
        }
        Command::BenchData {
            orgs,
            years,
            per_year,
            out,
        } => {
            let n = samordna::bench_data::generate(&*store, &out, orgs, years, per_year).await?;
            println!("{n} stays written to {}", out.display());
        }
        Command::Backup { to } => {
            store.backup(&to).await?;
            println!("backup written to {}", to.display());
        }
    }
    Ok(())
}

/// One table in the chosen format; JSON is `json` as it is.
fn print_one<T: serde::Serialize>(
    format: StatsFormat,
    title: &str,
    table: &samordna_reports::Table,
    json: &T,
) -> Result<()> {
    match format {
        StatsFormat::Json => println!("{}", serde_json::to_string_pretty(json)?),
        StatsFormat::Csv => std::io::Write::write_all(
            &mut std::io::stdout(),
            &samordna_reports::tables_csv(&[(title, table)]),
        )?,
        StatsFormat::Table => println!("{title}\n{}", text_table(table)),
    }
    Ok(())
}

/// The indicator survey across every förbund of the installation: per förbund and round,
/// the answers and the share in the three highest steps per question. Groups of fewer than
/// five answers show no share.
async fn survey_summary(
    store: &dyn samordna_store::Store,
    year: i32,
) -> samordna_web::error::Result<(samordna_reports::Table, Vec<serde_json::Value>)> {
    use samordna_domain::surveys::INDICATOR;
    let mut head = vec![
        "förbund".to_string(),
        "omgång".to_string(),
        "svar".to_string(),
    ];
    head.extend((1..=7).map(|q| format!("f{q}")));
    let mut table = samordna_reports::Table::new(head);
    let mut rows = Vec::new();
    for org in store.list_orgs().await? {
        for round in store.rounds(org.id).await? {
            if round.survey_code != INDICATOR || round.opens_on.year() != year {
                continue;
            }
            let r = samordna_web::surveys::round_results(store, org.id, round.id).await?;
            let shares: Vec<Option<f64>> = r
                .results
                .iter()
                .map(|q| q.all.share.0.map(|bp| bp as f64 / 10_000.0))
                .collect();
            let mut row = vec![org.name.clone(), round.title.clone(), r.answers.to_string()];
            row.extend(r.results.iter().map(|q| {
                q.all
                    .share
                    .0
                    .map(samordna_domain::format::percent_bp)
                    .unwrap_or_else(|| "<5".into())
            }));
            table.push(row);
            rows.push(serde_json::json!({"org": org.slug.as_str(), "round": round.title, "answers": r.answers, "shares": shares}));
        }
    }
    Ok((table, rows))
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Every problem of the question, one per line, in Swedish.
fn cli_error(tr: &Tr, e: samordna_web::Error) -> anyhow::Error {
    match e {
        samordna_web::Error::Invalid(list) => anyhow::anyhow!(tr.invalid_list(&list).join("\n")),
        other => anyhow::anyhow!("{other:?}"),
    }
}

/// A table for the terminal: the first column left-aligned, the others right-aligned.
fn text_table(t: &samordna_reports::Table) -> String {
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

/// The identity key from `SAMORDNA_IDENTITY_KEY` or the key file; with `create`, a missing
/// file is made with a new random key (readable by the owner only).
fn identity_key(cli: &Cli, create: bool) -> Result<Option<samordna_store::IdentityKey>> {
    let text = match &cli.identity_key {
        Some(k) => k.clone(),
        None => match std::fs::read_to_string(&cli.identity_key_file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
                let key = samordna_store::IdentityKey::generate();
                write_private(&cli.identity_key_file, &key)?;
                eprintln!(
                    "samordna: created the identity key {}; back it up apart from the database",
                    cli.identity_key_file.display()
                );
                key
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("reading {}", cli.identity_key_file.display()))
            }
        },
    };
    samordna_store::IdentityKey::parse(&text)
        .map(Some)
        .map_err(anyhow::Error::msg)
}

fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

/// A password piped on standard input (first line), or a generated one when it is a terminal
/// or empty.
fn read_or_generate_password() -> Result<(String, bool)> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut input = String::new();
        stdin.lock().read_to_string(&mut input)?;
        let line = input.lines().next().unwrap_or("").to_string();
        if !line.is_empty() {
            check_password(&line)?;
            return Ok((line, false));
        }
    }
    Ok((samordna_web::auth::generated_password(), true))
}
