//! The SQL of `FollowUpStore`: forecasts, balance sheet lines, equity set by the annual
//! accounts, and the board's decisions not to restore a deficit.

use super::Db;
use super::{audit, line_of};
use crate::economy::FollowUpStore;
use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction};
use samordna_domain::economy::follow_up::{BalanceEntry, Forecast, Waiver};
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use time::Date;

#[async_trait]
impl FollowUpStore for Db {
    async fn forecasts(&self, org: OrgId, year: i32) -> Result<Vec<Forecast>> {
        let rows: Vec<(String, String, i64, String)> =
            sqlx::query_as("SELECT line, side, amount_ore, comment FROM forecasts WHERE org_id = $1 AND year = $2 ORDER BY line")
                .bind(org.0)
                .bind(year as i64)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(name, side, amount, comment)| {
                Ok(Forecast {
                    line: line_of(name, &side)?,
                    amount: Ore(amount),
                    comment,
                })
            })
            .collect()
    }

    async fn set_forecasts(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        forecasts: &[Forecast],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM forecasts WHERE org_id = $1 AND year = $2")
            .bind(org.0)
            .bind(year as i64)
            .execute(&mut *tx)
            .await?;
        for f in forecasts {
            sqlx::query("INSERT INTO forecasts (org_id, year, line, side, amount_ore, comment) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(org.0)
                .bind(year as i64)
                .bind(&f.line.name)
                .bind(f.line.side.as_str())
                .bind(f.amount.0)
                .bind(&f.comment)
                .execute(&mut *tx)
                .await?;
        }
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "forecast",
            year as i64,
            format!("{} lines", forecasts.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn balance_entry(&self, org: OrgId, on: Date) -> Result<Option<BalanceEntry>> {
        let first =
            Date::from_calendar_date(on.year(), time::Month::January, 1).expect("1 January exists");
        let row: Option<(Date, i64, i64, i64)> = sqlx::query_as(
            "SELECT on_date, receivables_ore, cash_ore, liabilities_ore FROM balance_entries
             WHERE org_id = $1 AND on_date BETWEEN $2 AND $3 ORDER BY on_date DESC LIMIT 1",
        )
        .bind(org.0)
        .bind(first)
        .bind(on)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(on, r, c, l)| BalanceEntry {
            on,
            receivables: Ore(r),
            cash: Ore(c),
            liabilities: Ore(l),
        }))
    }

    async fn set_balance_entry(&self, org: OrgId, actor: &Actor, b: &BalanceEntry) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO balance_entries (org_id, on_date, receivables_ore, cash_ore, liabilities_ore) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (org_id, on_date) DO UPDATE SET receivables_ore = $3, cash_ore = $4, liabilities_ore = $5",
        )
        .bind(org.0)
        .bind(b.on)
        .bind(b.receivables.0)
        .bind(b.cash.0)
        .bind(b.liabilities.0)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "balance_sheet",
            0,
            b.on.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn equity_set(&self, org: OrgId) -> Result<Vec<(i32, Ore)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT year, amount_ore FROM equity_set WHERE org_id = $1 ORDER BY year",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(y, a)| (y as i32, Ore(a))).collect())
    }

    async fn set_equity(&self, org: OrgId, actor: &Actor, year: i32, amount: Ore) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO equity_set (org_id, year, amount_ore) VALUES ($1, $2, $3)
             ON CONFLICT (org_id, year) DO UPDATE SET amount_ore = $3",
        )
        .bind(org.0)
        .bind(year as i64)
        .bind(amount.0)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "equity",
            year as i64,
            amount.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn waivers(&self, org: OrgId) -> Result<Vec<Waiver>> {
        let rows: Vec<(i64, Date, String)> = sqlx::query_as(
            "SELECT year, decided_on, note FROM balance_waivers WHERE org_id = $1 ORDER BY year",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(year, decided_on, note)| Waiver {
                year: year as i32,
                decided_on,
                note,
            })
            .collect())
    }

    async fn add_waiver(&self, org: OrgId, actor: &Actor, w: &Waiver) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO balance_waivers (org_id, year, decided_on, note) VALUES ($1, $2, $3, $4)
             ON CONFLICT (org_id, year) DO UPDATE SET decided_on = $3, note = $4",
        )
        .bind(org.0)
        .bind(w.year as i64)
        .bind(w.decided_on)
        .bind(&w.note)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "balance_waiver",
            w.year as i64,
            w.decided_on.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
