// The SQL of `EconomyStore`, compiled into each backend (see `sql/store.rs`).

use super::{audit_in, Tx};
use crate::economy::{EconomyStore, HalfYear};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::economy::budget::{Budget, BudgetRow, BudgetVersion, CostCategory, NewBudget, Side, Version};
use samordna_domain::economy::follow_up::{BalanceEntry, Forecast, Waiver};
use samordna_domain::economy::ledger::{Entry, Line, Mapping, Source};
use samordna_domain::economy::payouts::Approval;
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use time::Date;

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Unsupported(format!("stored {what} is not valid: {v:?}"))
}

fn side_of(v: &str) -> Result<Side> {
    Side::parse("side", v).map_err(|_| corrupt("side", v))
}

fn line_of(name: String, side: &str) -> Result<Line> {
    Ok(Line { name, side: side_of(side)? })
}

async fn audit(tx: &mut Tx<'_>, org: OrgId, actor: &Actor, action: AuditAction, entity: &'static str, id: i64, detail: String) -> Result<()> {
    audit_in(tx, Some(org), actor, &AuditEvent::new(action, entity, id).with_detail(detail)).await
}

type BudgetHead = (i64, i64, String, Option<Date>, String);
type BudgetLine = (i64, i64, i64, String, String, Option<String>, i64);
type EntryRow = (i64, i64, String, String, i64, String, String);

#[async_trait]
impl EconomyStore for Db {
    async fn budgets(&self, org: OrgId) -> Result<Vec<BudgetVersion>> {
        let heads: Vec<BudgetHead> = sqlx::query_as("SELECT id, first_year, version, decided_on, note FROM budgets WHERE org_id = $1 ORDER BY id")
            .bind(org.0)
            .fetch_all(&self.pool)
            .await?;
        let lines: Vec<BudgetLine> = sqlx::query_as(
            "SELECT budget_id, position, year, name, side, category, amount_ore FROM budget_lines WHERE org_id = $1 ORDER BY budget_id, position, year",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for (id, first_year, version, decided_on, note) in heads {
            let mut rows: Vec<BudgetRow> = vec![];
            let mut last = None;
            for (_, position, _, name, side, category, amount) in lines.iter().filter(|l| l.0 == id) {
                if last != Some(*position) {
                    let category = match category {
                        Some(c) => Some(CostCategory::parse("category", c).map_err(|_| corrupt("category", c))?),
                        None => None,
                    };
                    rows.push(BudgetRow { name: name.clone(), side: side_of(side)?, category, amounts: vec![] });
                    last = Some(*position);
                }
                rows.last_mut().expect("pushed").amounts.push(Ore(*amount));
            }
            out.push(BudgetVersion {
                id,
                budget: NewBudget {
                    version: Version::parse("version", &version).map_err(|_| corrupt("version", &version))?,
                    decided_on,
                    note,
                    budget: Budget { first_year: first_year as i32, rows },
                },
            });
        }
        Ok(out)
    }

    async fn add_budget(&self, org: OrgId, actor: &Actor, new: &NewBudget) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO budgets (org_id, first_year, version, decided_on, note, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(org.0)
        .bind(new.budget.first_year as i64)
        .bind(new.version.as_str())
        .bind(new.decided_on)
        .bind(&new.note)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        for (position, row) in new.budget.rows.iter().enumerate() {
            for (i, amount) in row.amounts.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO budget_lines (org_id, budget_id, position, year, name, side, category, amount_ore) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(org.0)
                .bind(id)
                .bind(position as i64)
                .bind((new.budget.first_year + i as i32) as i64)
                .bind(&row.name)
                .bind(row.side.as_str())
                .bind(row.category.map(CostCategory::as_str))
                .bind(amount.0)
                .execute(&mut *tx)
                .await?;
            }
        }
        let years = new.budget.years();
        let detail = format!("{} {}–{}", new.version.as_str(), years.start, years.end - 1);
        audit(&mut tx, org, actor, AuditAction::Create, "budget", id, detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn ledger_mappings(&self, org: OrgId) -> Result<Vec<Mapping>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as("SELECT account, line, side FROM ledger_mappings WHERE org_id = $1 ORDER BY account")
            .bind(org.0)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(|(account, name, side)| Ok(Mapping { account, line: line_of(name, &side)? })).collect()
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
        audit(&mut tx, org, actor, AuditAction::Update, "ledger_mapping", 0, format!("{} → {}", m.account, m.line.name)).await?;
        tx.commit().await?;
        Ok(())
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
                    source: Source::parse(&source).ok_or_else(|| corrupt("source", &source))?,
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
        audit(&mut tx, org, actor, AuditAction::Create, "ledger_import", 0, detail).await?;
        tx.commit().await?;
        Ok(entries.len())
    }

    async fn add_entry(&self, org: OrgId, actor: &Actor, e: &Entry) -> Result<()> {
        let mut tx = self.write_tx().await?;
        insert_entry(&mut tx, org, e).await?;
        let detail = format!("{} {}-{:02} {}", e.line.name, e.year, e.month, e.amount);
        audit(&mut tx, org, actor, AuditAction::Create, "ledger_entry", 0, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn forecasts(&self, org: OrgId, year: i32) -> Result<Vec<Forecast>> {
        let rows: Vec<(String, String, i64, String)> =
            sqlx::query_as("SELECT line, side, amount_ore, comment FROM forecasts WHERE org_id = $1 AND year = $2 ORDER BY line")
                .bind(org.0)
                .bind(year as i64)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(name, side, amount, comment)| Ok(Forecast { line: line_of(name, &side)?, amount: Ore(amount), comment }))
            .collect()
    }

    async fn set_forecasts(&self, org: OrgId, actor: &Actor, year: i32, forecasts: &[Forecast]) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM forecasts WHERE org_id = $1 AND year = $2").bind(org.0).bind(year as i64).execute(&mut *tx).await?;
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
        audit(&mut tx, org, actor, AuditAction::Update, "forecast", year as i64, format!("{} lines", forecasts.len())).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn balance_entry(&self, org: OrgId, on: Date) -> Result<Option<BalanceEntry>> {
        let first = Date::from_calendar_date(on.year(), time::Month::January, 1).expect("1 January exists");
        let row: Option<(Date, i64, i64, i64)> = sqlx::query_as(
            "SELECT on_date, receivables_ore, cash_ore, liabilities_ore FROM balance_entries
             WHERE org_id = $1 AND on_date BETWEEN $2 AND $3 ORDER BY on_date DESC LIMIT 1",
        )
        .bind(org.0)
        .bind(first)
        .bind(on)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(on, r, c, l)| BalanceEntry { on, receivables: Ore(r), cash: Ore(c), liabilities: Ore(l) }))
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
        audit(&mut tx, org, actor, AuditAction::Update, "balance_sheet", 0, b.on.to_string()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn equity_set(&self, org: OrgId) -> Result<Vec<(i32, Ore)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT year, amount_ore FROM equity_set WHERE org_id = $1 ORDER BY year")
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
        audit(&mut tx, org, actor, AuditAction::Update, "equity", year as i64, amount.to_string()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn waivers(&self, org: OrgId) -> Result<Vec<Waiver>> {
        let rows: Vec<(i64, Date, String)> = sqlx::query_as("SELECT year, decided_on, note FROM balance_waivers WHERE org_id = $1 ORDER BY year")
            .bind(org.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(year, decided_on, note)| Waiver { year: year as i32, decided_on, note }).collect())
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
        audit(&mut tx, org, actor, AuditAction::Create, "balance_waiver", w.year as i64, w.decided_on.to_string()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn approvals(&self, org: OrgId, year: i32) -> Result<Vec<(i64, u8, Approval)>> {
        type Row = (i64, i64, Option<Date>, Option<Date>, Option<Date>, Option<i64>);
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
            .map(|(id, half, certificate_on, reports_on, approved_on, amount)| {
                let approved = approved_on.zip(amount.map(Ore));
                (id, half as u8, Approval { certificate_on, reports_on, approved })
            })
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
        let detail = format!("{year}:{half} certificate {certificate_on:?} reports {reports_on:?}");
        audit(&mut tx, org, actor, AuditAction::Update, "payout", agreement, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn approve_payout(&self, org: OrgId, actor: &Actor, (agreement, year, half): HalfYear, a: &Approval) -> Result<()> {
        let Some((on, amount)) = a.approved else {
            return Err(StoreError::Unsupported("approve_payout needs an approved payout".into()));
        };
        let mut tx = self.write_tx().await?;
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
            return Err(StoreError::Conflict { field: "approved_on" });
        }
        audit(&mut tx, org, actor, AuditAction::Update, "payout", agreement, format!("{year}:{half} approved {amount}")).await?;
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
