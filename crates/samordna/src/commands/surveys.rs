//! `survey`: a round's results, and the indicator survey across every förbund here.

use super::{cli_error, print_one, Ctx, Format};
use anyhow::Result;
use samordna_app::i18n::{Lang, Tr};
use samordna_app::surveys::{indicator_summary, results_table, round_results};

#[derive(clap::Subcommand)]
pub enum SurveyCommand {
    /// A round's results per question against the target (never by municipality)
    Results {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Every förbund here: the share in the three highest steps per question, for the
    /// indicator rounds that opened in a year (aggregates only)
    Summary {
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

pub async fn run(ctx: &Ctx, c: SurveyCommand) -> Result<()> {
    let tr = Tr(Lang::Sv);
    match c {
        SurveyCommand::Results { org, round, format } => {
            let org = ctx.org(&org).await?;
            let r = round_results(&*ctx.store, org.id, round)
                .await
                .map_err(|e| cli_error(&tr, e))?;
            let table = results_table(&tr, &r);
            print_one(format, &tr.t("survey-results"), &table, &r.results)
        }
        SurveyCommand::Summary { year, format } => {
            let orgs = ctx.store.list_orgs().await?;
            let (table, rows) =
                indicator_summary(&*ctx.store, &orgs, year, &tr.t("network-together"))
                    .await
                    .map_err(|e| cli_error(&tr, e))?;
            print_one(format, "Indikatorenkäten", &table, &rows)
        }
    }
}
