//! The SQL of `LedgerStore`: the account mappings and the entries, imported or typed in.

use super::{audit, line_of};
use super::{Db, Tx};
use crate::economy::LedgerStore;
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction};
use samordna_domain::economy::ledger::{Entry, Line, Mapping, Source};
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use samordna_domain::{Invalid, Reason};

type EntryRow = (i64, i64, String, String, i64, String, String);

#[async_trait]
impl LedgerStore for Db {
    async fn ledger_mappings(&self, org: OrgId) -> Result<Vec<Mapping>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT account, line, side FROM ledger_mappings WHERE org_id = $1 ORDER BY account",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(account, name, side)| {
                Ok(Mapping {
                    account,
                    line: line_of(name, &side)?,
                })
            })
            .collect()
    }

    async fn set_mapping(&self, org: OrgId, actor: &Actor, m: &Mapping) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO ledger_mappings (org_id, account, line, side) VALUES ($1, $2, $3, $4)
             ON CONFLICT (org_id, account) DO UPDATE SET line = $3, side = $4",
        )
        .bind(org.0)
        .bind(&m.account)
        .bind(&m.line.name)
        .bind(m.line.side.as_str())
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "ledger_mapping",
            0,
            format!("{} → {}", m.account, m.line.name),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn merge_line(&self, org: OrgId, actor: &Actor, from: &Line, into: &Line) -> Result<u64> {
        if from.side != into.side || from.name == into.name {
            return Err(Invalid::new("line", &from.name, Reason::WrongState).into());
        }
        let side = from.side.as_str();
        let mut tx = self.write_tx().await?;
        let moved = sqlx::query(
            "UPDATE ledger_entries SET line = $1 WHERE org_id = $2 AND line = $3 AND side = $4",
        )
        .bind(&into.name)
        .bind(org.0)
        .bind(&from.name)
        .bind(side)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        for sql in [
            "UPDATE forecasts SET amount_ore = amount_ore + (SELECT f.amount_ore FROM forecasts f
               WHERE f.org_id = forecasts.org_id AND f.year = forecasts.year AND f.line = $3 AND f.side = $4)
             WHERE org_id = $2 AND line = $1 AND side = $4 AND EXISTS (SELECT 1 FROM forecasts f
               WHERE f.org_id = forecasts.org_id AND f.year = forecasts.year AND f.line = $3 AND f.side = $4)",
            "DELETE FROM forecasts WHERE org_id = $2 AND line = $3 AND side = $4 AND EXISTS (
               SELECT 1 FROM forecasts f WHERE f.org_id = $2 AND f.year = forecasts.year AND f.line = $1 AND f.side = $4)",
            "UPDATE forecasts SET line = $1 WHERE org_id = $2 AND line = $3 AND side = $4",
            "UPDATE ledger_mappings SET line = $1 WHERE org_id = $2 AND line = $3 AND side = $4",
            "INSERT INTO ledger_mappings (org_id, account, line, side) VALUES ($2, $3, $1, $4)
             ON CONFLICT (org_id, account) DO UPDATE SET line = $1, side = $4",
        ] {
            sqlx::query(sql)
                .bind(&into.name)
                .bind(org.0)
                .bind(&from.name)
                .bind(side)
                .execute(&mut *tx)
                .await?;
        }
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "ledger_mapping",
            0,
            format!("{} → {} ({moved})", from.name, into.name),
        )
        .await?;
        tx.commit().await?;
        Ok(moved)
    }

    async fn ledger_entries(&self, org: OrgId, from: i32, to: i32) -> Result<Vec<Entry>> {
        let rows: Vec<EntryRow> = sqlx::query_as(
            "SELECT year, month, line, side, amount_ore, source, text FROM ledger_entries
             WHERE org_id = $1 AND year BETWEEN $2 AND $3 ORDER BY year, month, id",
        )
        .bind(org.0)
        .bind(from as i64)
        .bind(to as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(year, month, name, side, amount, source, text)| {
                Ok(Entry {
                    line: line_of(name, &side)?,
                    year: year as i32,
                    month: month as u8,
                    amount: Ore(amount),
                    source: Source::parse(&source)
                        .ok_or_else(|| StoreError::corrupt("source", &source))?,
                    text,
                })
            })
            .collect()
    }

    async fn import_ledger(&self, org: OrgId, actor: &Actor, entries: &[Entry]) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        let mut months: Vec<(i32, u8)> = entries.iter().map(|e| (e.year, e.month)).collect();
        months.sort_unstable();
        months.dedup();
        for (year, month) in &months {
            sqlx::query("DELETE FROM ledger_entries WHERE org_id = $1 AND year = $2 AND month = $3 AND source = 'import'")
                .bind(org.0)
                .bind(*year as i64)
                .bind(*month as i64)
                .execute(&mut *tx)
                .await?;
        }
        for e in entries {
            insert_entry(&mut tx, org, e).await?;
        }
        let detail = format!("{} entries, {} months", entries.len(), months.len());
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "ledger_import",
            0,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(entries.len())
    }

    async fn add_entry(&self, org: OrgId, actor: &Actor, e: &Entry) -> Result<()> {
        let mut tx = self.write_tx().await?;
        insert_entry(&mut tx, org, e).await?;
        let detail = format!("{} {}-{:02} {}", e.line.name, e.year, e.month, e.amount);
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "ledger_entry",
            0,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_entry(tx: &mut Tx<'_>, org: OrgId, e: &Entry) -> Result<()> {
    sqlx::query(
        "INSERT INTO ledger_entries (org_id, year, month, line, side, amount_ore, source, text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(org.0)
    .bind(e.year as i64)
    .bind(e.month as i64)
    .bind(&e.line.name)
    .bind(e.line.side.as_str())
    .bind(e.amount.0)
    .bind(e.source.as_str())
    .bind(&e.text)
    .bind(crate::now_unix())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
