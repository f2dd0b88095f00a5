//! `report`: the half-year or annual report of a förbund as PDF, Word, HTML or JSON — the
//! approved one when there is one, else a draft from the current data.

use super::{cli_error, Ctx};
use anyhow::Result;
use samordna_app::i18n::{Lang, Tr};
use samordna_app::reports::{document, of_period, report_pdf};
use samordna_domain::reports::ReportPeriod;
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Docx,
    Html,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The förbund's slug
    #[arg(long)]
    org: String,
    /// half-year (delårsrapport) or year (årsredovisning)
    #[arg(long, default_value = "half-year")]
    kind: String,
    #[arg(long)]
    year: String,
    /// 1 or 2, for a half-year report
    #[arg(long, default_value = "1")]
    half: String,
    #[arg(long, value_enum, default_value = "pdf")]
    format: ReportFormat,
    /// The file to write
    #[arg(long)]
    out: PathBuf,
    /// A draft from the current data even when the period's report is approved
    #[arg(long)]
    draft: bool,
}

pub async fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let tr = Tr(Lang::Sv);
    let period =
        ReportPeriod::parse(&a.kind, &a.year, &a.half).map_err(|e| cli_error(&tr, e.into()))?;
    let org = ctx.org(&a.org).await?;
    let store = &*ctx.store;
    let today = samordna_app::today();
    let report = of_period(store, &org, period, a.draft)
        .await
        .map_err(|e| cli_error(&tr, e))?;
    let bytes = match a.format {
        ReportFormat::Pdf => report_pdf(store, &org, &report, today).await,
        other => document(store, &org, &report, today)
            .await
            .map(|doc| match other {
                ReportFormat::Docx => samordna_reports::docx::docx(&doc).expect("a document packs"),
                ReportFormat::Html => samordna_reports::html::page(&doc).into_bytes(),
                _ => serde_json::to_vec_pretty(&doc).expect("a document is JSON"),
            }),
    }
    .map_err(|e| cli_error(&tr, e))?;
    std::fs::write(&a.out, bytes)?;
    eprintln!(
        "{}: {} {}",
        a.out.display(),
        period.title_sv(),
        if report.decision.is_some() {
            "(godkänd)"
        } else {
            "(utkast)"
        }
    );
    Ok(())
}
