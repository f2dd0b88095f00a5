//! The SQL of `BudgetStore`: a budget version is a head row and one line per row and year.

use super::Db;
use super::{audit, side_of};
use crate::economy::BudgetStore;
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction};
use samordna_domain::economy::budget::{
    Budget, BudgetRow, BudgetVersion, CostCategory, NewBudget, Version,
};
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use time::Date;

type BudgetHead = (i64, i64, String, Option<Date>, String);
type BudgetLine = (i64, i64, i64, String, String, Option<String>, i64);

#[async_trait]
impl BudgetStore for Db {
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
            for (_, position, _, name, side, category, amount) in lines.iter().filter(|l| l.0 == id)
            {
                if last != Some(*position) {
                    let category = match category {
                        Some(c) => Some(
                            CostCategory::parse("category", c)
                                .map_err(|_| StoreError::corrupt("category", c))?,
                        ),
                        None => None,
                    };
                    rows.push(BudgetRow {
                        name: name.clone(),
                        side: side_of(side)?,
                        category,
                        amounts: vec![],
                    });
                    last = Some(*position);
                }
                rows.last_mut().expect("pushed").amounts.push(Ore(*amount));
            }
            out.push(BudgetVersion {
                id,
                budget: NewBudget {
                    version: Version::parse("version", &version)
                        .map_err(|_| StoreError::corrupt("version", &version))?,
                    decided_on,
                    note,
                    budget: Budget {
                        first_year: first_year as i32,
                        rows,
                    },
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
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "budget",
            id,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
