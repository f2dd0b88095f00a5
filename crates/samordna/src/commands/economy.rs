//! `payouts`: a half-year's payouts under the agreements.

use super::{print_one, Ctx, Format};
use anyhow::Result;
use samordna_app::economy::PayoutJson;
use samordna_app::i18n::{Lang, Tr};
use samordna_reports::Table;

#[derive(clap::Args)]
pub struct PayoutArgs {
    #[arg(long)]
    org: String,
    #[arg(long)]
    year: String,
    /// 1 (January–June) or 2 (July–December)
    #[arg(long)]
    half: String,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub async fn payouts(ctx: &Ctx, a: PayoutArgs) -> Result<()> {
    let tr = Tr(Lang::Sv);
    let org = ctx.org(&a.org).await?;
    let lines = samordna_app::economy::payouts(&*ctx.store, org.id, &a.year, &a.half).await?;
    let rows: Vec<PayoutJson> = lines.iter().map(PayoutJson::from).collect();
    let mut table = Table::new(
        [
            "field-intervention",
            "field-municipality",
            "field-fte",
            "field-months_reduced",
            "field-amount",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for l in &lines {
        table.push(vec![
            l.intervention.clone(),
            l.municipality.clone(),
            l.fte.as_positions(),
            l.months_reduced.to_string(),
            l.amount.to_string(),
        ]);
    }
    print_one(a.format, &tr.t("nav-payouts"), &table, &rows)
}
