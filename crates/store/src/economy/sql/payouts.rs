//! The SQL of `PayoutStore`: agreements with their dated shares and granted months, and the
//! papers and approval of each half-year's payout.

use super::audit;
use super::{audit_in, on_constraint, one, Db, Tx};
use crate::economy::{HalfYear, PayoutStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::economy::payouts::{
    Agreement, AgreementLine, Approval, DatedShare, Reduction,
};
use samordna_domain::money::{Ore, Share};
use samordna_domain::orgs::OrgId;
use samordna_domain::{Invalid, Reason};
use time::Date;

/// The agreement, if it is the förbund's own.
async fn owned_agreement(tx: &mut Tx<'_>, org: OrgId, agreement_id: i64) -> Result<()> {
    let owner: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM agreements WHERE id = $1 AND org_id = $2")
            .bind(agreement_id)
            .bind(org.0)
            .fetch_optional(&mut **tx)
            .await?;
    one(owner)?;
    Ok(())
}

async fn upsert_reduction(
    tx: &mut Tx<'_>,
    org: OrgId,
    agreement_id: i64,
    r: &Reduction,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO agreement_reductions (org_id, agreement_id, year, month, granted_bp) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (agreement_id, year, month) DO UPDATE SET granted_bp = excluded.granted_bp",
    )
    .bind(org.0)
    .bind(agreement_id)
    .bind(r.year as i64)
    .bind(r.month as u8 as i64)
    .bind(r.granted.basis_points() as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl PayoutStore for Db {
    async fn create_agreement(
        &self,
        org: OrgId,
        actor: &Actor,
        intervention_id: i64,
        member_id: i64,
        agreement: &Agreement,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        // The sub-select keeps both parties inside the förbund; a municipality only.
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO agreements (org_id, intervention_id, member_id, standard_per_year_ore)
             SELECT $1, i.id, m.id, $4 FROM interventions i, members m
             WHERE i.id = $2 AND i.org_id = $1 AND m.id = $3 AND m.org_id = $1 AND m.kind = 'municipality'
             RETURNING id",
        )
        .bind(org.0)
        .bind(intervention_id)
        .bind(member_id)
        .bind(agreement.standard_per_year.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(on_constraint("agreements_org_id_intervention_id_member_id_key", "agreement"))?;
        let (id,) = one(row)?;
        for share in &agreement.shares {
            sqlx::query("INSERT INTO agreement_shares (org_id, agreement_id, valid_from, fte_bp) VALUES ($1, $2, $3, $4)")
                .bind(org.0)
                .bind(id)
                .bind(share.from)
                .bind(share.fte.basis_points() as i64)
                .execute(&mut *tx)
                .await
                .map_err(on_constraint("agreement_shares_agreement_id_valid_from_key", "valid_from"))?;
        }
        for r in &agreement.reductions {
            upsert_reduction(&mut tx, org, id, r).await?;
        }
        let detail = format!("{} kr/år", agreement.standard_per_year.round_to_kronor());
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Create, "agreement", id).with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn list_agreements(&self, org: OrgId) -> Result<Vec<AgreementLine>> {
        let heads: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT a.id, i.name, m.name, a.standard_per_year_ore, a.intervention_id, a.member_id FROM agreements a
             JOIN interventions i ON i.id = a.intervention_id JOIN members m ON m.id = a.member_id
             WHERE a.org_id = $1 ORDER BY i.name, m.name",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        let shares: Vec<(i64, Date, i64)> =
            sqlx::query_as("SELECT agreement_id, valid_from, fte_bp FROM agreement_shares WHERE org_id = $1 ORDER BY valid_from")
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        let reductions: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT agreement_id, year, month, granted_bp FROM agreement_reductions WHERE org_id = $1 ORDER BY year, month",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        heads
            .into_iter()
            .map(
                |(id, intervention, municipality, standard, intervention_id, member_id)| {
                    let shares = shares
                        .iter()
                        .filter(|s| s.0 == id)
                        .map(|s| DatedShare {
                            from: s.1,
                            fte: Share::from_basis_points(s.2 as i32),
                        })
                        .collect();
                    let reductions = reductions
                        .iter()
                        .filter(|r| r.0 == id)
                        .map(|r| {
                            let month = time::Month::try_from(r.2 as u8)
                                .map_err(|_| StoreError::corrupt("month", r.2))?;
                            Ok(Reduction {
                                year: r.1 as i32,
                                month,
                                granted: Share::from_basis_points(r.3 as i32),
                            })
                        })
                        .collect::<Result<_>>()?;
                    let agreement = Agreement {
                        standard_per_year: Ore(standard),
                        shares,
                        reductions,
                    };
                    Ok(AgreementLine {
                        id,
                        intervention,
                        intervention_id,
                        municipality,
                        member_id,
                        agreement,
                    })
                },
            )
            .collect()
    }

    async fn set_reductions(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement_id: i64,
        reductions: &[Reduction],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        owned_agreement(&mut tx, org, agreement_id).await?;
        for r in reductions {
            upsert_reduction(&mut tx, org, agreement_id, r).await?;
        }
        let detail = reductions
            .iter()
            .map(|r| format!("{}-{:02}: {}", r.year, r.month as u8, r.granted))
            .collect::<Vec<_>>()
            .join(", ");
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "agreement", agreement_id).with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_share(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement_id: i64,
        share: &DatedShare,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        owned_agreement(&mut tx, org, agreement_id).await?;
        sqlx::query(
            "INSERT INTO agreement_shares (org_id, agreement_id, valid_from, fte_bp) VALUES ($1, $2, $3, $4)
             ON CONFLICT (agreement_id, valid_from) DO UPDATE SET fte_bp = excluded.fte_bp",
        )
        .bind(org.0)
        .bind(agreement_id)
        .bind(share.from)
        .bind(share.fte.basis_points() as i64)
        .execute(&mut *tx)
        .await?;
        let detail = format!("{} from {}", share.fte.as_positions(), share.from);
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "agreement", agreement_id).with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn approvals(&self, org: OrgId, year: i32) -> Result<Vec<(i64, u8, Approval)>> {
        type Row = (
            i64,
            i64,
            Option<Date>,
            Option<Date>,
            Option<Date>,
            Option<i64>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT agreement_id, half, certificate_on, reports_on, approved_on, amount_ore FROM payout_approvals
             WHERE org_id = $1 AND year = $2 ORDER BY agreement_id, half",
        )
        .bind(org.0)
        .bind(year as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, half, certificate_on, reports_on, approved_on, amount)| {
                    let approved = approved_on.zip(amount.map(Ore));
                    (
                        id,
                        half as u8,
                        Approval {
                            certificate_on,
                            reports_on,
                            approved,
                        },
                    )
                },
            )
            .collect())
    }

    async fn set_payout_papers(
        &self,
        org: OrgId,
        actor: &Actor,
        (agreement, year, half): HalfYear,
        certificate_on: Option<Date>,
        reports_on: Option<Date>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        // Only the förbund's own agreement, and not once the payout is approved.
        let n = sqlx::query(
            "INSERT INTO payout_approvals (org_id, agreement_id, year, half, certificate_on, reports_on)
             SELECT $1, id, $3, $4, $5, $6 FROM agreements WHERE id = $2 AND org_id = $1
             ON CONFLICT (agreement_id, year, half) DO UPDATE
             SET certificate_on = COALESCE($5, payout_approvals.certificate_on), reports_on = COALESCE($6, payout_approvals.reports_on)
             WHERE payout_approvals.approved_on IS NULL",
        )
        .bind(org.0)
        .bind(agreement)
        .bind(year as i64)
        .bind(half as i64)
        .bind(certificate_on)
        .bind(reports_on)
        .execute(&mut *tx)
        .await?;
        if n.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let date = |d: Option<Date>| d.map_or("–".to_string(), |d| d.to_string());
        let detail = format!(
            "{year}:{half} certificate {} reports {}",
            date(certificate_on),
            date(reports_on)
        );
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "payout",
            agreement,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn approve_payouts(
        &self,
        org: OrgId,
        actor: &Actor,
        (year, half): (i32, u8),
        approvals: &[(i64, Approval)],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for (agreement, a) in approvals {
            let Some((on, amount)) = a.approved else {
                return Err(Invalid::new("approved_on", "", Reason::Required).into());
            };
            let n = sqlx::query(
                "UPDATE payout_approvals SET approved_on = $1, amount_ore = $2
                 WHERE org_id = $3 AND agreement_id = $4 AND year = $5 AND half = $6 AND approved_on IS NULL
                   AND certificate_on IS NOT NULL AND reports_on IS NOT NULL",
            )
            .bind(on)
            .bind(amount.0)
            .bind(org.0)
            .bind(agreement)
            .bind(year as i64)
            .bind(half as i64)
            .execute(&mut *tx)
            .await?;
            if n.rows_affected() != 1 {
                return Err(StoreError::Conflict {
                    field: "approved_on",
                });
            }
            audit(
                &mut tx,
                org,
                actor,
                AuditAction::Update,
                "payout",
                *agreement,
                format!("{year}:{half} approved {amount}"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
