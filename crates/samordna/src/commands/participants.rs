//! `import participants` and `export participants`: earlier lists in, the förbund's stays
//! out, in the same format.

use super::Ctx;
use anyhow::{bail, Context, Result};
use samordna_app::i18n::{Lang, Tr};
use samordna_domain::participants::import::column_of;
use samordna_domain::participants::record::Viewer;
use samordna_domain::Invalid;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// Columns: id, kön, födelseår, kommun, insats, coach, startdatum, slutdatum,
    /// avslutsorsak, försörjning_före, försörjning_efter, samtycke
    Participants {
        #[arg(long)]
        org: String,
        file: PathBuf,
    },
}

#[derive(clap::Subcommand)]
pub enum ExportCommand {
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

pub async fn import(ctx: &Ctx, c: ImportCommand) -> Result<()> {
    let ImportCommand::Participants { org, file } = c;
    let org = ctx.org(&org).await?;
    let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    match samordna_app::participants::import_file(&*ctx.store, org.id, &ctx.actor, bytes).await {
        Ok(s) => {
            println!(
                "{} rows read: {} new participants, {} stays",
                s.rows, s.new_participants, s.episodes
            );
            Ok(())
        }
        Err(samordna_app::Error::Invalid(problems)) => {
            let tr = Tr(Lang::En);
            for p in &problems {
                let why = tr.invalid(&Invalid {
                    row: None,
                    ..p.clone()
                });
                eprintln!(
                    "row {}, column {}, value {:?}: {why}",
                    p.row.unwrap_or(1),
                    column_of(p.field),
                    p.value
                );
            }
            bail!("{} problems; nothing was stored", problems.len())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn export(ctx: &Ctx, c: ExportCommand) -> Result<()> {
    let ExportCommand::Participants {
        org,
        format,
        with_identity,
        out,
    } = c;
    let org = ctx.org(&org).await?;
    let viewer = Viewer::system("cli");
    let table =
        samordna_app::participants::export(&*ctx.store, org.id, &viewer, with_identity).await?;
    let bytes = match format.as_str() {
        "xlsx" => table.to_xlsx("Deltagare").map_err(anyhow::Error::msg)?,
        "csv" => table.to_excel_csv(),
        other => bail!("--format must be csv or xlsx, not {other:?}"),
    };
    std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
    println!("{} rows written to {}", table.rows.len(), out.display());
    Ok(())
}
