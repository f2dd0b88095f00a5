//! The money of a förbund: budget versions, the ledger and its account mappings, the
//! follow-up's forecasts, balance sheet lines, equity and the board's decisions not to
//! restore a deficit, the agreements behind the payouts and the papers each payout waits
//! for, the members' contributions, and the amounts of the socioeconomic model. One trait per
//! module of `samordna_domain::economy`; `EconomyStore` is all of them.

use crate::Result;
use async_trait::async_trait;
use samordna_domain::access::audit::Actor;
use samordna_domain::economy::budget::{BudgetVersion, NewBudget, Side};
use samordna_domain::economy::contributions::{Instalment, YearKey};
use samordna_domain::economy::follow_up::{BalanceEntry, Forecast, Waiver};
use samordna_domain::economy::ledger::{Entry, Line, Mapping};
use samordna_domain::economy::payouts::{
    Agreement, AgreementLine, Approval, DatedShare, Reduction,
};
use samordna_domain::economy::socioeconomic::EffectModel;
use samordna_domain::money::Ore;
use samordna_domain::orgs::OrgId;
use time::Date;

/// A half-year of one agreement: (agreement id, year, half).
pub type HalfYear = (i64, i32, u8);

/// Every part of the economy store.
pub trait EconomyStore:
    BudgetStore + LedgerStore + FollowUpStore + PayoutStore + ContributionStore + EffectStore
{
}

impl<T> EconomyStore for T where
    T: BudgetStore + LedgerStore + FollowUpStore + PayoutStore + ContributionStore + EffectStore
{
}

#[async_trait]
pub trait BudgetStore: Send + Sync {
    /// Every version of every budget, oldest first.
    async fn budgets(&self, org: OrgId) -> Result<Vec<BudgetVersion>>;
    async fn add_budget(&self, org: OrgId, actor: &Actor, budget: &NewBudget) -> Result<i64>;
}

#[async_trait]
pub trait LedgerStore: BudgetStore {
    async fn ledger_mappings(&self, org: OrgId) -> Result<Vec<Mapping>>;
    /// Every line the förbund's budgets, mappings and ledger name, incomes first.
    async fn known_lines(&self, org: OrgId) -> Result<Vec<Line>> {
        let budgets = self.budgets(org).await?;
        let mapped = self.ledger_mappings(org).await?;
        let booked = self.ledger_entries(org, 2000, 2100).await?;
        let all = budgets
            .iter()
            .flat_map(|v| v.budget.budget.rows.iter())
            .map(|r| Line {
                name: r.name.clone(),
                side: r.side,
            })
            .chain(mapped.into_iter().map(|m| m.line))
            .chain(booked.into_iter().map(|e| e.line));
        let mut lines: Vec<Line> = vec![];
        for l in all {
            if !lines.contains(&l) {
                lines.push(l);
            }
        }
        lines.sort_by_key(|l| (l.side == Side::Cost, l.name.to_lowercase()));
        Ok(lines)
    }
    /// Saves (or changes) where an account goes.
    async fn set_mapping(&self, org: OrgId, actor: &Actor, mapping: &Mapping) -> Result<()>;
    /// The entries of the years `from..=to`.
    async fn ledger_entries(&self, org: OrgId, from: i32, to: i32) -> Result<Vec<Entry>>;
    /// An imported ledger, all or nothing: it replaces what earlier imports brought for the
    /// months it covers, so importing an updated ledger again does not count twice. Entries
    /// typed in by hand are kept.
    async fn import_ledger(&self, org: OrgId, actor: &Actor, entries: &[Entry]) -> Result<usize>;
    async fn add_entry(&self, org: OrgId, actor: &Actor, entry: &Entry) -> Result<()>;
    /// Makes `from` the same line as `into`, in one go: its entries and forecasts move
    /// (forecasts of the same year are added up), the accounts mapped to it follow, and its
    /// name is mapped to `into` so a later import of rows written so lands there too.
    /// Returns the number of entries moved.
    async fn merge_line(&self, org: OrgId, actor: &Actor, from: &Line, into: &Line) -> Result<u64>;
}

#[async_trait]
pub trait FollowUpStore: Send + Sync {
    async fn forecasts(&self, org: OrgId, year: i32) -> Result<Vec<Forecast>>;
    /// Replaces the year's forecasts with these.
    async fn set_forecasts(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        forecasts: &[Forecast],
    ) -> Result<()>;

    /// The balance sheet lines entered for the newest date on or before `on` in its year.
    async fn balance_entry(&self, org: OrgId, on: Date) -> Result<Option<BalanceEntry>>;
    async fn set_balance_entry(
        &self,
        org: OrgId,
        actor: &Actor,
        entry: &BalanceEntry,
    ) -> Result<()>;
    /// Equity brought forward into a year, as the annual accounts set it: (year, amount).
    async fn equity_set(&self, org: OrgId) -> Result<Vec<(i32, Ore)>>;
    async fn set_equity(&self, org: OrgId, actor: &Actor, year: i32, amount: Ore) -> Result<()>;
    async fn waivers(&self, org: OrgId) -> Result<Vec<Waiver>>;
    async fn add_waiver(&self, org: OrgId, actor: &Actor, waiver: &Waiver) -> Result<()>;
}

#[async_trait]
pub trait PayoutStore: Send + Sync {
    /// An agreement between an intervention and a municipality of the förbund.
    async fn create_agreement(
        &self,
        org: OrgId,
        actor: &Actor,
        intervention_id: i64,
        member_id: i64,
        agreement: &Agreement,
    ) -> Result<i64>;
    /// Every agreement of the förbund, by intervention and municipality name.
    async fn list_agreements(&self, org: OrgId) -> Result<Vec<AgreementLine>>;
    /// Records (or replaces) the granted rate of some months of an agreement, all or none.
    async fn set_reductions(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement_id: i64,
        reductions: &[Reduction],
    ) -> Result<()>;
    /// Adds (or replaces) a dated share of positions of an agreement.
    async fn set_share(
        &self,
        org: OrgId,
        actor: &Actor,
        agreement_id: i64,
        share: &DatedShare,
    ) -> Result<()>;

    /// The papers and approval of the agreements' payouts of a year: (agreement, half, state).
    async fn approvals(&self, org: OrgId, year: i32) -> Result<Vec<(i64, u8, Approval)>>;
    /// Records when the certificate and the reports came (an empty date leaves it as it is).
    async fn set_payout_papers(
        &self,
        org: OrgId,
        actor: &Actor,
        which: HalfYear,
        certificate_on: Option<Date>,
        reports_on: Option<Date>,
    ) -> Result<()>;
    /// Stores an approval the domain made; refused if another was stored meanwhile.
    async fn approve_payout(
        &self,
        org: OrgId,
        actor: &Actor,
        (agreement, year, half): HalfYear,
        approval: &Approval,
    ) -> Result<()> {
        self.approve_payouts(org, actor, (year, half), &[(agreement, *approval)])
            .await
    }
    /// Approves several payouts of a half-year together (by agreement id): all or none,
    /// each with its papers in and not approved before.
    async fn approve_payouts(
        &self,
        org: OrgId,
        actor: &Actor,
        half_year: (i32, u8),
        approvals: &[(i64, Approval)],
    ) -> Result<()>;
}

#[async_trait]
pub trait ContributionStore: Send + Sync {
    /// The year's total and its key (member id, weight), if set.
    async fn contribution_year(&self, org: OrgId, year: i32) -> Result<Option<YearKey>>;
    /// Sets the year's total and key in one go; every member must be the förbund's own.
    async fn set_contribution_year(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        total: Ore,
        key: &[(i64, u64)],
    ) -> Result<()>;
    async fn instalments(&self, org: OrgId, year: i32) -> Result<Vec<Instalment>>;
    async fn add_instalment(
        &self,
        org: OrgId,
        actor: &Actor,
        year: i32,
        member_id: i64,
        amount: Ore,
        due: Date,
    ) -> Result<i64>;
    /// Marks an unpaid instalment paid.
    async fn mark_paid(
        &self,
        org: OrgId,
        actor: &Actor,
        instalment_id: i64,
        on: Date,
    ) -> Result<()>;
}

#[async_trait]
pub trait EffectStore: Send + Sync {
    /// The förbund's amounts of the socioeconomic model, or the model's defaults.
    async fn effect_model(&self, org: OrgId) -> Result<EffectModel>;
    async fn set_effect_model(&self, org: OrgId, actor: &Actor, model: &EffectModel) -> Result<()>;
}
