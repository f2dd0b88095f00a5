//! The SQL of the economy store, compiled into each backend (see `crate::sql`): one file per
//! trait of `crate::economy`.

mod budget;
mod contributions;
mod follow_up;
mod ledger;
mod payouts;
mod socioeconomic;

use super::sql::{audit_in, on_constraint, one, Tx};
use super::Db;
use crate::{Result, StoreError};
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::economy::budget::Side;
use samordna_domain::economy::ledger::Line;
use samordna_domain::orgs::OrgId;

fn side_of(v: &str) -> Result<Side> {
    Side::parse("side", v).map_err(|_| StoreError::corrupt("side", v))
}

fn line_of(name: String, side: &str) -> Result<Line> {
    Ok(Line {
        name,
        side: side_of(side)?,
    })
}

/// The audit entry of an economy write, inside its transaction.
async fn audit(
    tx: &mut Tx<'_>,
    org: OrgId,
    actor: &Actor,
    action: AuditAction,
    entity: &'static str,
    id: i64,
    detail: String,
) -> Result<()> {
    audit_in(
        tx,
        Some(org),
        actor,
        &AuditEvent::new(action, entity, id).with_detail(detail),
    )
    .await
}
