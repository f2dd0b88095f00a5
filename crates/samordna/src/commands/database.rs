//! The database itself: migrations, the demo förbund, backups and the benchmarks' data.

use super::Ctx;
use anyhow::Result;
use std::path::{Path, PathBuf};

pub async fn migrate(ctx: &Ctx) -> Result<()> {
    ctx.store.migrate().await?;
    println!("migrations done");
    Ok(())
}

pub async fn demo(ctx: &Ctx, no_history: bool) -> Result<()> {
    ctx.store.migrate().await?;
    if no_history {
        samordna::demo::load(&*ctx.store).await?;
    } else {
        samordna::demo::load_with_history(&*ctx.store).await?;
    }
    Ok(())
}

pub async fn backup(ctx: &Ctx, to: &Path) -> Result<()> {
    ctx.store.backup(to).await?;
    println!("backup written to {}", to.display());
    Ok(())
}

/// Compares every stay's summary with its records; without `repair` a difference is an error.
pub async fn check(ctx: &Ctx, repair: bool) -> Result<()> {
    let differing = ctx.store.check_facts(repair).await?;
    if differing.is_empty() {
        println!("every stay's summary agrees with its records");
        return Ok(());
    }
    let shown: Vec<String> = differing.iter().take(20).map(i64::to_string).collect();
    let more = if differing.len() > 20 { ", …" } else { "" };
    let what = format!(
        "{} stays' summaries differ from their records (stays {}{more})",
        differing.len(),
        shown.join(", ")
    );
    if repair {
        println!("{what}: written again");
        Ok(())
    } else {
        anyhow::bail!("{what}; `samordna check --repair` writes them again")
    }
}

#[derive(clap::Args)]
pub struct BenchData {
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
}

pub async fn bench_data(ctx: &Ctx, a: BenchData) -> Result<()> {
    let n =
        samordna::bench_data::generate(&*ctx.store, &a.out, a.orgs, a.years, a.per_year).await?;
    println!("{n} stays written to {}", a.out.display());
    Ok(())
}
