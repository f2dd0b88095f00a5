//! `stats`: the period statistics of one förbund (exact) or of every förbund here together
//! (small counts hidden).

use super::{cli_error, text_table, Ctx, Format};
use anyhow::{Context, Result};
use samordna_app::i18n::{Lang, Tr};
use samordna_app::stats::{
    national_report, network_report, network_tables, report, tables, Names, StatsParams,
};
use samordna_domain::participants::record::Visibility;

#[derive(clap::Args)]
pub struct Args {
    /// The förbund's slug
    #[arg(long, required_unless_present_any = ["all_orgs", "network"], conflicts_with_all = ["all_orgs", "network"])]
    org: Option<String>,
    /// Every förbund of this installation together: aggregates only
    #[arg(long, conflicts_with = "network")]
    all_orgs: bool,
    /// The förbund of a network side by side and together (the network's view): aggregates
    /// only, each förbund's log records the read
    #[arg(long)]
    network: Option<String>,
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
    format: Format,
}

pub async fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let params = StatsParams {
        from: a.from,
        to: a.to,
        intervention: a.insats.unwrap_or_default(),
        municipality: a.municipality.unwrap_or_default(),
        coach: a.coach.unwrap_or_default(),
        age_bins: a.age_bins.unwrap_or_default(),
        ..Default::default()
    };
    let tr = Tr(Lang::Sv);
    let store = &*ctx.store;
    let today = samordna_app::today();
    if let Some(slug) = a.network {
        let network = store
            .network_by_slug(&slug)
            .await
            .with_context(|| format!("network {slug}"))?;
        let req = params
            .parse(&Names::default(), today)
            .map_err(|e| cli_error(&tr, e))?;
        let r = network_report(store, &network, req.period, &ctx.actor)
            .await
            .map_err(|e| cli_error(&tr, e))?;
        let json = serde_json::json!({
            "network": network.slug,
            "orgs": r.orgs.iter().map(|o| o.slug.as_str()).collect::<Vec<_>>(),
            "figures": r.comparison,
            "finsam": r.finsam_rows.iter().zip(&r.finsam.rows)
                .map(|(insats, counts)| serde_json::json!({"insats": insats, "counts": counts}))
                .collect::<Vec<_>>(),
        });
        return print_tables(a.format, &network_tables(&tr, &r), &json);
    }
    let (report, names) = match a.org {
        Some(slug) if !a.all_orgs => {
            let org = ctx.org(&slug).await?;
            let names = Names::load(store, org.id)
                .await
                .map_err(|e| cli_error(&tr, e))?;
            let req = params.parse(&names, today).map_err(|e| cli_error(&tr, e))?;
            let r = report(store, org.id, &req, &Visibility::All, false)
                .await
                .map_err(|e| cli_error(&tr, e))?;
            (r, names)
        }
        _ => {
            let req = params
                .parse(&Names::default(), today)
                .map_err(|e| cli_error(&tr, e))?;
            national_report(store, req.period, req.age_bins)
                .await
                .map_err(|e| cli_error(&tr, e))?
        }
    };
    print_tables(a.format, &tables(&tr, &report, &names), &report)
}

fn print_tables(
    format: Format,
    tables: &[(String, samordna_reports::Table)],
    json: &impl serde::Serialize,
) -> Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(json)?),
        Format::Csv => {
            let refs: Vec<_> = tables.iter().map(|(n, t)| (n.as_str(), t)).collect();
            std::io::Write::write_all(
                &mut std::io::stdout(),
                &samordna_reports::tables_csv(&refs),
            )?;
        }
        Format::Table => {
            for (title, t) in tables {
                println!("{title}\n{}", text_table(t));
            }
        }
    }
    Ok(())
}
