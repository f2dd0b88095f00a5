//! `org`: the förbund of the installation.

use super::Ctx;
use anyhow::Result;
use samordna_domain::orgs::NewOrg;

#[derive(clap::Subcommand)]
pub enum OrgCommand {
    /// Add a förbund
    Add {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
}

pub async fn run(ctx: &Ctx, c: OrgCommand) -> Result<()> {
    match c {
        OrgCommand::Add { slug, name } => {
            let org = ctx
                .store
                .create_org(&ctx.actor, &NewOrg::parse(&slug, &name)?)
                .await?;
            println!("förbund {} ({}) added", org.name, org.slug);
        }
    }
    Ok(())
}
