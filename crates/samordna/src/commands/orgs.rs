//! `org`: the förbund of the installation; `network`: its networks of förbund.

use super::Ctx;
use anyhow::{Context, Result};
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::networks::NewNetwork;
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

#[derive(clap::Subcommand)]
pub enum NetworkCommand {
    /// Add a network of förbund (a county, the national network)
    Add {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
    /// A förbund joins a network: only with its director's consent, whose name is logged
    Join {
        network: String,
        #[arg(long)]
        org: String,
        /// Who consented for the förbund (its director), as the log shall name them
        #[arg(long)]
        consent_by: String,
    },
    /// A förbund leaves a network: from now on the network sees nothing of it
    Leave {
        network: String,
        #[arg(long)]
        org: String,
    },
}

pub async fn network(ctx: &Ctx, c: NetworkCommand) -> Result<()> {
    let find = |slug: String| async move {
        ctx.store
            .network_by_slug(&slug)
            .await
            .with_context(|| format!("network {slug}"))
    };
    match c {
        NetworkCommand::Add { slug, name } => {
            let n = ctx
                .store
                .create_network(&ctx.actor, &NewNetwork::parse(&slug, &name)?)
                .await?;
            println!("network {} ({}) added", n.name, n.slug);
        }
        NetworkCommand::Join {
            network,
            org,
            consent_by,
        } => {
            let (n, o) = (find(network).await?, ctx.org(&org).await?);
            let consent = Actor::system(&format!("cli: consent of {}", consent_by.trim()));
            ctx.store.join_network(n.id, o.id, &consent).await?;
            println!("{} is in the network {}", o.name, n.name);
        }
        NetworkCommand::Leave { network, org } => {
            let (n, o) = (find(network).await?, ctx.org(&org).await?);
            ctx.store
                .leave_network(n.id, o.id, &ctx.actor)
                .await
                .with_context(|| format!("{} is not in the network {}", o.slug, n.slug))?;
            println!("{} has left the network {}", o.name, n.name);
        }
    }
    Ok(())
}
