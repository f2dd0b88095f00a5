//! The stays' rows as the store reads them, the condition of a viewer's scope, and the
//! sealing of identities.

use super::Db;
use crate::{IdentityKey, Result, StoreError};
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::record::{Episode, Visibility};
use samordna_domain::participants::{Decision, ExitReason, Gender, Identity, IncomeSet, Outcome};
use time::Date;

/// The SQL condition of a viewer's scope on the stays `e`; ids are integers from the
/// database, never user text.
pub(crate) fn scope_sql(v: &Visibility) -> String {
    let list = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    match v {
        Visibility::All => String::new(),
        Visibility::Scoped(s) if s.interventions.is_empty() && s.municipalities.is_empty() => {
            " AND 1 = 0".into()
        }
        Visibility::Scoped(s) => {
            let mut sql = String::new();
            if !s.interventions.is_empty() {
                sql += &format!(" AND e.intervention_id IN ({})", list(&s.interventions));
            }
            if !s.municipalities.is_empty() {
                sql += &format!(" AND e.municipality_id IN ({})", list(&s.municipalities));
            }
            sql
        }
    }
}

/// id, episode, months, due, done on, status, income.
pub(super) type FollowUpRow = (i64, i64, i64, Date, Option<Date>, Option<String>, String);

#[derive(sqlx::FromRow)]
pub(super) struct EpisodeRow {
    id: i64,
    participant_id: i64,
    code: String,
    gender: String,
    birth_year: i64,
    intervention_id: i64,
    intervention: String,
    municipality_id: i64,
    municipality: String,
    referral_date: Option<Date>,
    referrer: Option<String>,
    decision: Option<String>,
    decision_date: Option<Date>,
    start_date: Option<Date>,
    coach_id: Option<i64>,
    coach: Option<String>,
    age_at_start: Option<i64>,
    end_date: Option<Date>,
    exit_reason_id: Option<i64>,
    reason_code: Option<String>,
    reason_label: Option<String>,
    reason_outcome: Option<String>,
    occupation_after: String,
    deregistered_on: Option<Date>,
    gk: bool,
    violence_asked_on: Option<Date>,
}

pub(super) const EPISODE_SELECT: &str =
    "SELECT e.id, e.participant_id, p.code, p.gender, p.birth_year, e.intervention_id,
    i.name AS intervention, e.municipality_id, m.name AS municipality, e.referral_date,
    r.name AS referrer, e.decision, e.decision_date, e.start_date, e.coach_id, u.name AS coach,
    e.age_at_start, e.end_date, e.exit_reason_id, x.code AS reason_code, x.label AS reason_label,
    x.outcome AS reason_outcome, e.occupation_after, e.deregistered_on, e.gk, e.violence_asked_on
 FROM episodes e
 JOIN participants p ON p.id = e.participant_id
 JOIN interventions i ON i.id = e.intervention_id
 JOIN members m ON m.id = e.municipality_id
 LEFT JOIN members r ON r.id = e.referrer_id
 LEFT JOIN users u ON u.id = e.coach_id
 LEFT JOIN exit_reasons x ON x.id = e.exit_reason_id
 WHERE e.org_id = $1";

pub(super) fn gender(s: &str) -> Result<Gender> {
    Gender::parse("gender", s).map_err(|_| StoreError::corrupt("gender", s))
}

pub(super) fn outcome(s: &str) -> Result<Outcome> {
    Outcome::parse("outcome", s).map_err(|_| StoreError::corrupt("outcome", s))
}

pub(super) fn sources(s: &str) -> Result<IncomeSet> {
    IncomeSet::parse_piped("income", s).map_err(|_| StoreError::corrupt("income", s))
}

impl EpisodeRow {
    pub(super) fn into_domain(self) -> Result<Episode> {
        let exit_reason = match (
            self.exit_reason_id,
            self.reason_code,
            self.reason_label,
            self.reason_outcome,
        ) {
            (Some(id), Some(code), Some(label), Some(o)) => Some(ExitReason {
                id,
                code,
                label,
                outcome: outcome(&o)?,
            }),
            _ => None,
        };
        let decision = match self.decision {
            Some(d) => Some(
                Decision::parse("decision", &d).map_err(|_| StoreError::corrupt("decision", &d))?,
            ),
            None => None,
        };
        Ok(Episode {
            id: self.id,
            participant_id: self.participant_id,
            participant_code: self.code,
            gender: gender(&self.gender)?,
            birth_year: self.birth_year as i32,
            intervention_id: self.intervention_id,
            intervention: self.intervention,
            municipality_id: self.municipality_id,
            municipality: self.municipality,
            referral_date: self.referral_date,
            referrer: self.referrer,
            decision,
            decision_date: self.decision_date,
            start: self.start_date,
            coach_id: self.coach_id,
            coach: self.coach,
            age_at_start: self.age_at_start.map(|a| a as i32),
            end: self.end_date,
            exit_reason,
            occupation_after: self.occupation_after,
            deregistered_on: self.deregistered_on,
            gk: self.gk,
            violence_asked_on: self.violence_asked_on,
            income_before: IncomeSet::default(),
            income_after: IncomeSet::default(),
            income_during: vec![],
            steps: vec![],
            after_support: vec![],
            follow_ups: vec![],
        })
    }
}

pub(super) fn key(db: &Db) -> Result<&IdentityKey> {
    db.key.as_ref().ok_or(StoreError::NoIdentityKey)
}

pub(super) fn seal_identity(key: &IdentityKey, org: OrgId, identity: &Identity) -> String {
    key.seal(
        org.0,
        &serde_json::to_vec(identity).expect("an identity serialises"),
    )
}

pub(super) fn open_identity(key: &IdentityKey, org: OrgId, sealed: &str) -> Result<Identity> {
    let plain = key
        .open(org.0, sealed)
        .ok_or(StoreError::WrongIdentityKey)?;
    serde_json::from_slice(&plain).map_err(|_| StoreError::corrupt("identity", "sealed"))
}
