//! The inserts that registration, referral, the stay's changes and the import share, each
//! inside the caller's transaction.

use super::rows::seal_identity;
use super::{audit_in, on_constraint, Tx};
use crate::{IdentityKey, Result, StoreError};
use samordna_domain::access::audit::{AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::after_support::follow_up_dates;
use samordna_domain::participants::record::{ConsentScope, NewConsent, NewReferral, Viewer};
use samordna_domain::participants::{Identity, IncomeSet};
use samordna_domain::{Invalid, Reason};
use time::Date;

pub(super) async fn insert_identity(
    tx: &mut Tx<'_>,
    key: &IdentityKey,
    org: OrgId,
    participant: i64,
    identity: &Identity,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO identities (participant_id, org_id, lookup, sealed) VALUES ($1, $2, $3, $4)",
    )
    .bind(participant)
    .bind(org.0)
    .bind(key.lookup(org.0, &identity.personnummer))
    .bind(seal_identity(key, org, identity))
    .execute(&mut **tx)
    .await
    .map_err(
        |e| match on_constraint("identities_org_id_lookup_key", "personnummer")(e) {
            StoreError::Conflict { .. } => Invalid::new("personnummer", "", Reason::Taken).into(),
            other => other,
        },
    )?;
    Ok(())
}

pub(super) async fn insert_consent(
    tx: &mut Tx<'_>,
    org: OrgId,
    participant: i64,
    c: &NewConsent,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO consents (org_id, participant_id, intervention_id, given_on, given_to, scope, created_at)
         SELECT $1, $2, id, $4, $5, $6, $7 FROM interventions WHERE id = $3 AND org_id = $1",
    )
    .bind(org.0)
    .bind(participant)
    .bind(c.intervention_id)
    .bind(c.given_on)
    .bind(&c.given_to)
    .bind(ConsentScope::join(&c.scope))
    .bind(crate::now_unix())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn insert_income(
    tx: &mut Tx<'_>,
    org: OrgId,
    episode: i64,
    phase: &str,
    from: Option<Date>,
    set: &IncomeSet,
) -> Result<()> {
    for s in &set.0 {
        sqlx::query("INSERT INTO episode_income (org_id, episode_id, phase, from_date, source) VALUES ($1, $2, $3, $4, $5)")
            .bind(org.0)
            .bind(episode)
            .bind(phase)
            .bind(from)
            .bind(s.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(super) async fn insert_follow_ups(
    tx: &mut Tx<'_>,
    org: OrgId,
    episode: i64,
    exit: Date,
) -> Result<()> {
    for (months, due) in follow_up_dates(exit) {
        sqlx::query(
            "INSERT INTO follow_ups (org_id, episode_id, months, due) VALUES ($1, $2, $3, $4)",
        )
        .bind(org.0)
        .bind(episode)
        .bind(months as i64)
        .bind(due)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Inserts a referral after checking the viewer may work in its intervention and
/// municipality (both of this förbund).
pub(super) async fn insert_referral(
    tx: &mut Tx<'_>,
    org: OrgId,
    viewer: &Viewer,
    participant: i64,
    r: &NewReferral,
) -> Result<i64> {
    if !viewer.visibility.sees(r.intervention_id, r.municipality_id) {
        return Err(StoreError::NotFound);
    }
    let id: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO episodes (org_id, participant_id, intervention_id, municipality_id, referral_date, referrer_id, created_at)
         SELECT $1, $2, i.id, m.id, $5, $6, $7 FROM interventions i, members m
         WHERE i.id = $3 AND i.org_id = $1 AND m.id = $4 AND m.org_id = $1 AND m.kind = 'municipality'
           AND ($6 IS NULL OR EXISTS (SELECT 1 FROM members WHERE id = $6 AND org_id = $1))
         RETURNING id",
    )
    .bind(org.0)
    .bind(participant)
    .bind(r.intervention_id)
    .bind(r.municipality_id)
    .bind(r.referral_date)
    .bind(r.referrer_id)
    .bind(crate::now_unix())
    .fetch_optional(&mut **tx)
    .await?;
    let (id,) = id.ok_or(StoreError::NotFound)?;
    audit_in(
        tx,
        Some(org),
        &viewer.actor,
        &AuditEvent::new(AuditAction::Create, "episode", id),
    )
    .await?;
    Ok(id)
}
