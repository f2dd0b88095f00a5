//! `user` and `token`: accounts and API tokens.

use super::Ctx;
use anyhow::{bail, Context, Result};
use samordna_app::access::{generated_password, hash_password, hash_token, new_api_token, now};
use samordna_domain::access::roles::{Role, Scope, TokenScope};
use samordna_domain::access::users::{check_password, Email, NewUser};
use samordna_store::NewToken;
use std::io::{IsTerminal, Read};

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Add an account; the password is read from standard input, or generated and printed once
    Add {
        /// The förbund (not for --role admin or network)
        #[arg(long, conflicts_with = "network")]
        org: Option<String>,
        /// The network of a network account (--role network)
        #[arg(long)]
        network: Option<String>,
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(clap::Subcommand)]
pub enum TokenCommand {
    /// Make an API token for an account; printed once
    Add {
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// read (lists and aggregates) or write (and changes to members and interventions)
        #[arg(long, default_value = "read")]
        scope: String,
    },
}

pub async fn user(ctx: &Ctx, c: UserCommand) -> Result<()> {
    let UserCommand::Add {
        org,
        network,
        email,
        role,
        name,
    } = c;
    let role = Role::parse(&role)?;
    let (org_id, network_id) = match (role, org, network) {
        (Role::Admin, None, None) => (None, None),
        (Role::Admin, _, _) => {
            bail!("--role admin belongs to the installation: leave out --org and --network")
        }
        (Role::Network, None, Some(slug)) => {
            let n = ctx.store.network_by_slug(&slug).await;
            (None, Some(n.with_context(|| format!("network {slug}"))?.id))
        }
        (Role::Network, _, _) => bail!("--role network needs --network and no --org"),
        (_, Some(slug), None) => (Some(ctx.org(&slug).await?.id), None),
        (_, _, _) => bail!(
            "--org (and no --network) is needed for role {}",
            role.as_str()
        ),
    };
    let email = Email::parse(&email)?;
    let (password, generated) = read_or_generate_password()?;
    let hash = hash_password(password.clone()).await?;
    let name = name.unwrap_or_else(|| email.as_str().to_string());
    let new = NewUser {
        org_id,
        network_id,
        email,
        name,
        role,
        password_hash: hash,
        scope: Scope::default(),
    };
    let user = ctx.store.create_user(&ctx.actor, &new).await?;
    println!("account {} ({}) added", user.email.as_str(), role.as_str());
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

pub async fn token(ctx: &Ctx, c: TokenCommand) -> Result<()> {
    let TokenCommand::Add {
        org,
        email,
        name,
        scope,
    } = c;
    let scope = TokenScope::parse(&scope)?;
    let org = ctx.org(&org).await?;
    let creds = ctx
        .store
        .credentials(&Email::parse(&email)?)
        .await?
        .context("no such account")?;
    let token = new_api_token();
    ctx.store
        .create_api_token(
            org.id,
            &ctx.actor,
            &NewToken {
                user_id: creds.user.id,
                name: &name,
                token_hash: &hash_token(&token),
                scope,
                created_at: now(),
            },
        )
        .await?;
    println!("{token}");
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
    Ok((generated_password(), true))
}
