//! The SQL of `EffectStore`: the förbund's own amounts of the socioeconomic model.

use super::{audit_in, Db};
use crate::economy::EffectStore;
use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::economy::socioeconomic::EffectModel;
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;

#[async_trait]
impl EffectStore for Db {
    async fn effect_model(&self, org: OrgId) -> Result<EffectModel> {
        let row: Option<(i64, i64, i64)> =
            sqlx::query_as("SELECT support_ore, administration_ore, tax_ore FROM effect_settings WHERE org_id = $1")
                .bind(org.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(
            row.map_or_else(EffectModel::default, |(s, a, t)| EffectModel {
                support_saved_per_month: Ore(s),
                administration_per_month: Ore(a),
                tax_per_month: Ore(t),
            }),
        )
    }

    async fn set_effect_model(&self, org: OrgId, actor: &Actor, m: &EffectModel) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO effect_settings (org_id, support_ore, administration_ore, tax_ore) VALUES ($1, $2, $3, $4)
             ON CONFLICT (org_id) DO UPDATE SET support_ore = $2, administration_ore = $3, tax_ore = $4",
        )
        .bind(org.0)
        .bind(m.support_saved_per_month.0)
        .bind(m.administration_per_month.0)
        .bind(m.tax_per_month.0)
        .execute(&mut *tx)
        .await?;
        let detail = format!("{} per month", m.per_month());
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "effect_settings", org.0).with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
