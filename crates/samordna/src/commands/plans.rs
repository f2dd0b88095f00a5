//! `retention run`: the retention plan's rule for participants' records, for one förbund
//! or every one here; `--dry-run` lists who is due and erases no one.

use super::{cli_error, Ctx};
use anyhow::Result;
use samordna_app::i18n::{Lang, Tr};
use samordna_app::plans::run_retention;

#[derive(clap::Subcommand)]
pub enum RetentionCommand {
    /// Erase the participants past the plan's time after deregistration (their anonymous
    /// stays are kept for the statistics); each erasure is audited
    Run {
        /// The förbund's slug (default: every förbund here)
        #[arg(long)]
        org: Option<String>,
        /// List who is due, erase no one
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn retention(ctx: &Ctx, c: RetentionCommand) -> Result<()> {
    let RetentionCommand::Run { org, dry_run } = c;
    let tr = Tr(Lang::Sv);
    let orgs = match org {
        Some(slug) => vec![ctx.org(&slug).await?],
        None => ctx.store.list_orgs().await?,
    };
    let today = samordna_app::today();
    let mut total = 0;
    for org in orgs {
        let due = run_retention(&*ctx.store, org.id, &ctx.actor, today, dry_run)
            .await
            .map_err(|e| cli_error(&tr, e))?;
        for d in &due {
            println!("{}\t{}\t{}", org.slug, d.code, d.last_deregistered);
        }
        total += due.len();
    }
    if dry_run {
        eprintln!("Provkörning: {total} deltagare skulle raderas.");
    } else {
        eprintln!("Raderade: {total} deltagare.");
    }
    Ok(())
}
