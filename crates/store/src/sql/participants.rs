// The SQL of `ParticipantStore`, compiled into each backend (see `sql/store.rs`).

use super::{audit_in, Tx};
use crate::participants::{EpisodeFilter, ImportSummary, ParticipantStore};
use crate::rows::on_constraint;
use crate::{IdentityKey, Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::participants::after_support::{
    follow_up_dates, schedule, AnonymousCount, Contact, ContactKind, FollowUp,
};
use samordna_domain::participants::import::{ImportRow, ParticipantKey};
use samordna_domain::participants::record::{
    Change, Consent, Episode, NewConsent, NewReferral, Participant, ParticipantRecord,
    Registration, Viewer, Visibility,
};
use samordna_domain::participants::steps::{StepRecord, StepScale};
use samordna_domain::participants::{
    Birth, Decision, ExitReason, Gender, Identity, IncomeSet, IncomeSource, Outcome,
};
use samordna_domain::orgs::OrgId;
use samordna_domain::{Invalid, Reason};
use std::collections::HashMap;
use time::Date;

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Unsupported(format!("stored {what} is not valid: {v:?}"))
}

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
type FollowUpRow = (i64, i64, i64, Date, Option<Date>, Option<String>, String);

#[derive(sqlx::FromRow)]
struct EpisodeRow {
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

const EPISODE_SELECT: &str = "SELECT e.id, e.participant_id, p.code, p.gender, p.birth_year, e.intervention_id,
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

fn gender(s: &str) -> Result<Gender> {
    Gender::parse("gender", s).map_err(|_| corrupt("gender", s))
}

fn outcome(s: &str) -> Result<Outcome> {
    Outcome::parse("outcome", s).map_err(|_| corrupt("outcome", s))
}

fn sources(s: &str) -> Result<IncomeSet> {
    IncomeSet::parse_piped("income", s).map_err(|_| corrupt("income", s))
}

impl EpisodeRow {
    fn into_domain(self) -> Result<Episode> {
        let exit_reason = match (self.exit_reason_id, self.reason_code, self.reason_label, self.reason_outcome) {
            (Some(id), Some(code), Some(label), Some(o)) => Some(ExitReason { id, code, label, outcome: outcome(&o)? }),
            _ => None,
        };
        let decision = match self.decision {
            Some(d) => Some(Decision::parse("decision", &d).map_err(|_| corrupt("decision", &d))?),
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

fn key(db: &Db) -> Result<&IdentityKey> {
    db.key.as_ref().ok_or(StoreError::NoIdentityKey)
}

fn seal_identity(key: &IdentityKey, org: OrgId, identity: &Identity) -> String {
    key.seal(org.0, &serde_json::to_vec(identity).expect("an identity serialises"))
}

fn open_identity(key: &IdentityKey, org: OrgId, sealed: &str) -> Result<Identity> {
    let plain = key.open(org.0, sealed).ok_or(StoreError::WrongIdentityKey)?;
    serde_json::from_slice(&plain).map_err(|_| corrupt("identity", "sealed"))
}

async fn insert_identity(tx: &mut Tx<'_>, key: &IdentityKey, org: OrgId, participant: i64, identity: &Identity) -> Result<()> {
    sqlx::query("INSERT INTO identities (participant_id, org_id, lookup, sealed) VALUES ($1, $2, $3, $4)")
        .bind(participant)
        .bind(org.0)
        .bind(key.lookup(org.0, &identity.personnummer))
        .bind(seal_identity(key, org, identity))
        .execute(&mut **tx)
        .await
        .map_err(|e| match on_constraint("personnummer")(e) {
            StoreError::Conflict { .. } => Invalid::new("personnummer", "", Reason::Taken).into(),
            other => other,
        })?;
    Ok(())
}

async fn insert_consent(tx: &mut Tx<'_>, org: OrgId, participant: i64, c: &NewConsent) -> Result<()> {
    sqlx::query(
        "INSERT INTO consents (org_id, participant_id, intervention_id, given_on, given_to, created_at)
         SELECT $1, $2, id, $4, $5, $6 FROM interventions WHERE id = $3 AND org_id = $1",
    )
    .bind(org.0)
    .bind(participant)
    .bind(c.intervention_id)
    .bind(c.given_on)
    .bind(&c.given_to)
    .bind(crate::now_unix())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_income(tx: &mut Tx<'_>, org: OrgId, episode: i64, phase: &str, from: Option<Date>, set: &IncomeSet) -> Result<()> {
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

async fn insert_follow_ups(tx: &mut Tx<'_>, org: OrgId, episode: i64, exit: Date) -> Result<()> {
    for (months, due) in follow_up_dates(exit) {
        sqlx::query("INSERT INTO follow_ups (org_id, episode_id, months, due) VALUES ($1, $2, $3, $4)")
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
async fn insert_referral(tx: &mut Tx<'_>, org: OrgId, viewer: &Viewer, participant: i64, r: &NewReferral) -> Result<i64> {
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
    audit_in(tx, Some(org), &viewer.actor, &AuditEvent::new(AuditAction::Create, "episode", id)).await?;
    Ok(id)
}

impl Db {
    /// Stays as the viewer may see them, with their income, steps, contacts and follow-ups.
    async fn load_episodes(&self, org: OrgId, viewer: &Viewer, f: &EpisodeFilter) -> Result<Vec<Episode>> {
        let mut sql = format!("{EPISODE_SELECT}{}", scope_sql(&viewer.visibility));
        if f.participant_id.is_some() {
            sql += " AND e.participant_id = $2";
        }
        if f.episode_id.is_some() {
            sql += " AND e.id = $3";
        }
        if f.coach_id.is_some() {
            sql += " AND e.coach_id = $4";
        }
        if f.open_only {
            sql += " AND e.deregistered_on IS NULL AND (e.decision IS NULL OR e.decision <> 'reject')";
        }
        sql += " ORDER BY e.id";
        let rows: Vec<EpisodeRow> = sqlx::query_as(&sql)
            .bind(org.0)
            .bind(f.participant_id.unwrap_or(0))
            .bind(f.episode_id.unwrap_or(0))
            .bind(f.coach_id.unwrap_or(0))
            .fetch_all(&self.pool)
            .await?;
        let mut episodes = rows
            .into_iter()
            .map(EpisodeRow::into_domain)
            .collect::<Result<Vec<_>>>()?;
        episodes.retain(|e| viewer.visibility.sees(e.intervention_id, e.municipality_id));
        self.attach_details(org, &mut episodes).await?;
        Ok(episodes)
    }

    async fn attach_details(&self, org: OrgId, episodes: &mut [Episode]) -> Result<()> {
        if episodes.is_empty() {
            return Ok(());
        }
        // A few stays are fetched by id; many (a whole förbund) by förbund.
        let only = if episodes.len() <= 500 {
            let ids: Vec<String> = episodes.iter().map(|e| e.id.to_string()).collect();
            format!(" AND episode_id IN ({})", ids.join(","))
        } else {
            String::new()
        };
        let at: HashMap<i64, usize> = episodes.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        let income: Vec<(i64, String, Option<Date>, String)> = sqlx::query_as(&format!(
            "SELECT episode_id, phase, from_date, source FROM episode_income WHERE org_id = $1{only} ORDER BY from_date, id"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        for (eid, phase, from, source) in income {
            let Some(e) = at.get(&eid).map(|&i| &mut episodes[i]) else { continue };
            let s = IncomeSource::parse("income", &source).map_err(|_| corrupt("income", &source))?;
            match (phase.as_str(), from) {
                ("before", _) => {
                    e.income_before.0.insert(s);
                }
                ("after", _) => {
                    e.income_after.0.insert(s);
                }
                (_, Some(d)) => match e.income_during.iter_mut().find(|(on, _)| *on == d) {
                    Some((_, set)) => {
                        set.0.insert(s);
                    }
                    None => e.income_during.push((d, IncomeSet([s].into()))),
                },
                _ => return Err(corrupt("income phase", &phase)),
            }
        }
        let steps: Vec<(i64, i64, Date)> = sqlx::query_as(&format!(
            "SELECT episode_id, step, on_date FROM progress_steps WHERE org_id = $1{only} ORDER BY on_date, id"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        for (eid, step, on) in steps {
            if let Some(&i) = at.get(&eid) {
                episodes[i].steps.push(StepRecord { step: step as u8, on });
            }
        }
        let contacts: Vec<(i64, i64, Date, String, Option<Date>)> = sqlx::query_as(&format!(
            "SELECT id, episode_id, due, kind, done_on FROM after_support_contacts WHERE org_id = $1{only} ORDER BY due, id"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        for (id, eid, due, kind, done_on) in contacts {
            if let Some(&i) = at.get(&eid) {
                let kind = ContactKind::parse(&kind).ok_or_else(|| corrupt("contact kind", &kind))?;
                episodes[i].after_support.push(Contact { id, due, kind, done_on });
            }
        }
        let follow_ups: Vec<FollowUpRow> = sqlx::query_as(&format!(
            "SELECT id, episode_id, months, due, done_on, status, income FROM follow_ups WHERE org_id = $1{only} ORDER BY months"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        for (id, eid, months, due, done_on, status, income) in follow_ups {
            if let Some(&i) = at.get(&eid) {
                let status = status.as_deref().map(outcome).transpose()?;
                episodes[i].follow_ups.push(FollowUp { id, months: months as u8, due, done_on, status, income: sources(&income)? });
            }
        }
        Ok(())
    }

    /// The participant, if the viewer sees at least one of its stays.
    async fn visible_participant(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<Vec<Episode>> {
        let f = EpisodeFilter { participant_id: Some(id), ..Default::default() };
        let episodes = self.load_episodes(org, viewer, &f).await?;
        if episodes.is_empty() {
            return Err(StoreError::NotFound);
        }
        Ok(episodes)
    }

    async fn birth_of(&self, tx: &mut Tx<'_>, org: OrgId, viewer: &Viewer, participant: i64) -> Result<Birth> {
        let sealed: Option<(String,)> = sqlx::query_as("SELECT sealed FROM identities WHERE participant_id = $1 AND org_id = $2")
            .bind(participant)
            .bind(org.0)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some((sealed,)) = sealed {
            let identity = open_identity(key(self)?, org, &sealed)?;
            let event = AuditEvent::new(AuditAction::Read, "identity", participant).with_detail("age at start");
            audit_in(tx, Some(org), &viewer.actor, &event).await?;
            return Ok(Birth::Date(identity.personnummer().birth_date()));
        }
        let (year,): (i64,) = sqlx::query_as("SELECT birth_year FROM participants WHERE id = $1 AND org_id = $2")
            .bind(participant)
            .bind(org.0)
            .fetch_one(&mut **tx)
            .await?;
        Ok(Birth::Year(year as i32))
    }
}

/// An UPDATE that must touch exactly one row, else the stay changed under us.
async fn exactly_one<'q>(q: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>, tx: &mut Tx<'_>, field: &'static str) -> Result<()> {
    if q.execute(&mut **tx).await?.rows_affected() != 1 {
        return Err(Invalid::new(field, "", Reason::WrongState).into());
    }
    Ok(())
}

#[async_trait]
impl ParticipantStore for Db {
    async fn check_identity_key(&self) -> Result<()> {
        let key = key(self)?;
        let stored: Option<(String,)> = sqlx::query_as("SELECT check_value FROM key_check WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        match stored {
            Some((v,)) if v == key.check_value() => Ok(()),
            Some(_) => Err(StoreError::WrongIdentityKey),
            None => {
                sqlx::query("INSERT INTO key_check (id, check_value) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
                    .bind(key.check_value())
                    .execute(&self.pool)
                    .await?;
                // Another server may have won the race with another key.
                Box::pin(self.check_identity_key()).await
            }
        }
    }

    async fn exit_reasons(&self, org: OrgId) -> Result<Vec<ExitReason>> {
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, code, label, outcome FROM exit_reasons WHERE org_id = $1 ORDER BY position, id")
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(id, code, label, o)| Ok(ExitReason { id, code, label, outcome: outcome(&o)? }))
            .collect()
    }

    async fn add_exit_reason(&self, org: OrgId, actor: &Actor, code: &str, label: &str, o: Outcome) -> Result<ExitReason> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO exit_reasons (org_id, code, label, outcome, position)
             VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM exit_reasons WHERE org_id = $1)) RETURNING id",
        )
        .bind(org.0)
        .bind(code)
        .bind(label)
        .bind(o.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_constraint("code"))?;
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Create, "exit_reason", id).with_detail(label)).await?;
        tx.commit().await?;
        Ok(ExitReason { id, code: code.into(), label: label.into(), outcome: o })
    }

    async fn step_scale(&self, org: OrgId, intervention_id: i64) -> Result<StepScale> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT label FROM step_scales WHERE org_id = $1 AND intervention_id = $2 ORDER BY step")
            .bind(org.0)
            .bind(intervention_id)
            .fetch_all(&self.pool)
            .await?;
        if rows.is_empty() {
            return Ok(StepScale::supported_employment());
        }
        Ok(StepScale { labels: rows.into_iter().map(|r| r.0).collect() })
    }

    async fn set_step_scale(&self, org: OrgId, actor: &Actor, intervention_id: i64, scale: &StepScale) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM step_scales WHERE org_id = $1 AND intervention_id = $2")
            .bind(org.0)
            .bind(intervention_id)
            .execute(&mut *tx)
            .await?;
        for (i, label) in scale.labels.iter().enumerate() {
            let n = sqlx::query(
                "INSERT INTO step_scales (org_id, intervention_id, step, label)
                 SELECT $1, id, $3, $4 FROM interventions WHERE id = $2 AND org_id = $1",
            )
            .bind(org.0)
            .bind(intervention_id)
            .bind(i as i64 + 1)
            .bind(label)
            .execute(&mut *tx)
            .await?;
            if n.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
        }
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "step_scale", intervention_id)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn coach_fte_bp(&self, org: OrgId, user_id: i64) -> Result<i64> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT fte_bp FROM users WHERE id = $1 AND org_id = $2")
            .bind(user_id)
            .bind(org.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(super::one(row)?.0)
    }

    async fn set_coach_fte(&self, org: OrgId, actor: &Actor, user_id: i64, fte_bp: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE users SET fte_bp = $1 WHERE id = $2 AND org_id = $3")
            .bind(fte_bp)
            .bind(user_id)
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        if n.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Update, "user", user_id).with_detail(format!("fte_bp={fte_bp}"))).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn register(&self, org: OrgId, viewer: &Viewer, reg: &Registration) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let temp = format!("new-{}", rand::random::<u64>());
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO participants (org_id, code, gender, birth_year, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org.0)
        .bind(reg.code.as_deref().unwrap_or(&temp))
        .bind(reg.gender.as_str())
        .bind(reg.birth_year as i64)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match on_constraint("code")(e) {
            StoreError::Conflict { .. } => Invalid::new("code", reg.code.clone().unwrap_or_default(), Reason::Taken).into(),
            other => other,
        })?;
        if reg.code.is_none() {
            sqlx::query("UPDATE participants SET code = $1 WHERE id = $2")
                .bind(format!("D{id}"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some((identity, consent)) = &reg.identity {
            insert_consent(&mut tx, org, id, consent).await?;
            insert_identity(&mut tx, key(self)?, org, id, identity).await?;
        }
        insert_referral(&mut tx, org, viewer, id, &reg.referral).await?;
        let detail = if reg.identity.is_some() { "with identity and consent" } else { "without identity" };
        audit_in(&mut tx, Some(org), &viewer.actor, &AuditEvent::new(AuditAction::Create, "participant", id).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn participant(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<ParticipantRecord> {
        let episodes = self.visible_participant(org, viewer, id).await?;
        let (code, g, birth_year, erased, has_identity): (String, String, i64, Option<i64>, bool) = sqlx::query_as(
            "SELECT code, gender, birth_year, erased_at, EXISTS (SELECT 1 FROM identities WHERE participant_id = p.id)
             FROM participants p WHERE id = $1 AND org_id = $2",
        )
        .bind(id)
        .bind(org.0)
        .fetch_one(&self.pool)
        .await?;
        let consents: Vec<(i64, i64, String, Date, String, Option<Date>)> = sqlx::query_as(
            "SELECT c.id, c.intervention_id, i.name, c.given_on, c.given_to, c.withdrawn_on
             FROM consents c JOIN interventions i ON i.id = c.intervention_id
             WHERE c.participant_id = $1 AND c.org_id = $2 ORDER BY c.given_on, c.id",
        )
        .bind(id)
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(ParticipantRecord {
            participant: Participant { id, code, gender: gender(&g)?, birth_year: birth_year as i32, has_identity, erased: erased.is_some() },
            consents: consents
                .into_iter()
                .map(|(id, intervention_id, intervention, given_on, given_to, withdrawn_on)| Consent {
                    id, intervention_id, intervention, given_on, given_to, withdrawn_on,
                })
                .collect(),
            episodes,
        })
    }

    async fn identity(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<Option<Identity>> {
        self.visible_participant(org, viewer, id).await?;
        let sealed: Option<(String,)> = sqlx::query_as("SELECT sealed FROM identities WHERE participant_id = $1 AND org_id = $2")
            .bind(id)
            .bind(org.0)
            .fetch_optional(&self.pool)
            .await?;
        let Some((sealed,)) = sealed else { return Ok(None) };
        let identity = open_identity(key(self)?, org, &sealed)?;
        let mut tx = self.write_tx().await?;
        audit_in(&mut tx, Some(org), &viewer.actor, &AuditEvent::new(AuditAction::Read, "identity", id)).await?;
        tx.commit().await?;
        Ok(Some(identity))
    }

    async fn add_consent(&self, org: OrgId, viewer: &Viewer, participant_id: i64, consent: &NewConsent, identity: Option<&Identity>) -> Result<()> {
        self.visible_participant(org, viewer, participant_id).await?;
        let mut tx = self.write_tx().await?;
        insert_consent(&mut tx, org, participant_id, consent).await?;
        if let Some(identity) = identity {
            sqlx::query("DELETE FROM identities WHERE participant_id = $1 AND org_id = $2")
                .bind(participant_id)
                .bind(org.0)
                .execute(&mut *tx)
                .await?;
            insert_identity(&mut tx, key(self)?, org, participant_id, identity).await?;
        }
        let detail = if identity.is_some() { "consent and identity" } else { "consent" };
        audit_in(&mut tx, Some(org), &viewer.actor, &AuditEvent::new(AuditAction::Create, "consent", participant_id).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn withdraw_consent(&self, org: OrgId, viewer: &Viewer, participant_id: i64, consent_id: i64, on: Date) -> Result<()> {
        self.visible_participant(org, viewer, participant_id).await?;
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE consents SET withdrawn_on = COALESCE(withdrawn_on, $1) WHERE id = $2 AND participant_id = $3 AND org_id = $4")
            .bind(on)
            .bind(consent_id)
            .bind(participant_id)
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        if n.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consents WHERE participant_id = $1 AND withdrawn_on IS NULL")
            .bind(participant_id)
            .fetch_one(&mut *tx)
            .await?;
        let mut detail = "consent withdrawn".to_string();
        if left == 0 {
            sqlx::query("DELETE FROM identities WHERE participant_id = $1 AND org_id = $2")
                .bind(participant_id)
                .bind(org.0)
                .execute(&mut *tx)
                .await?;
            detail += "; identity removed";
        }
        audit_in(&mut tx, Some(org), &viewer.actor, &AuditEvent::new(AuditAction::Update, "consent", consent_id).with_detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn erase_participant(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<()> {
        self.visible_participant(org, viewer, id).await?;
        let mut tx = self.write_tx().await?;
        for sql in [
            "DELETE FROM identities WHERE participant_id = $1 AND org_id = $2",
            "DELETE FROM consents WHERE participant_id = $1 AND org_id = $2",
            "UPDATE episodes SET occupation_after = '' WHERE participant_id = $1 AND org_id = $2",
            "UPDATE participants SET code = 'raderad-' || CAST(id AS TEXT), erased_at = $3 WHERE id = $1 AND org_id = $2",
        ] {
            sqlx::query(sql).bind(id).bind(org.0).bind(crate::now_unix()).execute(&mut *tx).await?;
        }
        audit_in(&mut tx, Some(org), &viewer.actor, &AuditEvent::new(AuditAction::Delete, "participant", id).with_detail("erased; anonymous stays kept")).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn refer(&self, org: OrgId, viewer: &Viewer, participant_id: i64, referral: &NewReferral) -> Result<i64> {
        self.visible_participant(org, viewer, participant_id).await?;
        let mut tx = self.write_tx().await?;
        let id = insert_referral(&mut tx, org, viewer, participant_id, referral).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn episodes(&self, org: OrgId, viewer: &Viewer, filter: &EpisodeFilter) -> Result<Vec<Episode>> {
        self.load_episodes(org, viewer, filter).await
    }

    async fn change_episode(&self, org: OrgId, viewer: &Viewer, episode_id: i64, change: &Change) -> Result<()> {
        let f = EpisodeFilter { episode_id: Some(episode_id), ..Default::default() };
        let episode = self.load_episodes(org, viewer, &f).await?.pop().ok_or(StoreError::NotFound)?;
        let scale = self.step_scale(org, episode.intervention_id).await?;
        // The person's other stays in the same intervention, for the overlap rule: their
        // spans only.
        let others: Vec<(Date, Option<Date>)> = sqlx::query_as(
            "SELECT start_date, end_date FROM episodes
             WHERE org_id = $1 AND participant_id = $2 AND intervention_id = $3 AND id <> $4 AND start_date IS NOT NULL",
        )
        .bind(org.0)
        .bind(episode.participant_id)
        .bind(episode.intervention_id)
        .bind(episode.id)
        .fetch_all(&self.pool)
        .await?;
        change.check(&episode, &scale, &others)?;
        let mut tx = self.write_tx().await?;
        let (e, o) = (episode_id, org.0);
        match change {
            Change::Decide { decision, on } => {
                let q = sqlx::query("UPDATE episodes SET decision = $1, decision_date = $2 WHERE id = $3 AND org_id = $4 AND start_date IS NULL")
                    .bind(decision.as_str()).bind(*on).bind(e).bind(o);
                exactly_one(q, &mut tx, "decision").await?;
            }
            Change::Start { on, coach_id, income_before, gk } => {
                let age = self.birth_of(&mut tx, org, viewer, episode.participant_id).await?.age_on(*on);
                let q = sqlx::query(
                    "UPDATE episodes SET start_date = $1, coach_id = (SELECT id FROM users WHERE id = $2 AND org_id = $6),
                       gk = $3, age_at_start = $4, decision = 'include', decision_date = COALESCE(decision_date, $1)
                     WHERE id = $5 AND org_id = $6 AND start_date IS NULL",
                )
                .bind(*on).bind(*coach_id).bind(*gk).bind(age as i64).bind(e).bind(o);
                exactly_one(q, &mut tx, "start").await?;
                insert_income(&mut tx, org, e, "before", None, income_before).await?;
            }
            Change::Step { step, on } => {
                sqlx::query("INSERT INTO progress_steps (org_id, episode_id, step, on_date, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(o).bind(e).bind(*step as i64).bind(*on).bind(crate::now_unix())
                    .execute(&mut *tx).await?;
            }
            Change::Income { on, sources } => insert_income(&mut tx, org, e, "during", Some(*on), sources).await?,
            Change::Exit { on, reason, income_after, occupation } => {
                let q = sqlx::query(
                    "UPDATE episodes SET end_date = $1, exit_reason_id = (SELECT id FROM exit_reasons WHERE id = $2 AND org_id = $5),
                       occupation_after = $3
                     WHERE id = $4 AND org_id = $5 AND end_date IS NULL AND start_date IS NOT NULL",
                )
                .bind(*on).bind(reason.id).bind(occupation).bind(e).bind(o);
                exactly_one(q, &mut tx, "end").await?;
                insert_income(&mut tx, org, e, "after", None, income_after).await?;
                insert_follow_ups(&mut tx, org, e, *on).await?;
            }
            Change::Deregister { on } => {
                let q = sqlx::query("UPDATE episodes SET deregistered_on = $1 WHERE id = $2 AND org_id = $3 AND deregistered_on IS NULL")
                    .bind(*on).bind(e).bind(o);
                exactly_one(q, &mut tx, "deregistered_on").await?;
            }
            Change::ViolenceAsked { on } => {
                sqlx::query("UPDATE episodes SET violence_asked_on = $1 WHERE id = $2 AND org_id = $3")
                    .bind(*on).bind(e).bind(o).execute(&mut *tx).await?;
            }
            Change::AfterSupport { from } => {
                for (due, kind) in schedule(*from) {
                    sqlx::query("INSERT INTO after_support_contacts (org_id, episode_id, due, kind) VALUES ($1, $2, $3, $4)")
                        .bind(o).bind(e).bind(due).bind(kind.as_str())
                        .execute(&mut *tx).await?;
                }
            }
            Change::ContactDone { contact_id, on } => {
                sqlx::query("UPDATE after_support_contacts SET done_on = $1 WHERE id = $2 AND episode_id = $3 AND org_id = $4")
                    .bind(*on).bind(*contact_id).bind(e).bind(o).execute(&mut *tx).await?;
            }
            Change::FollowUp { follow_up_id, on, status, income } => {
                sqlx::query("UPDATE follow_ups SET done_on = $1, status = $2, income = $3 WHERE id = $4 AND episode_id = $5 AND org_id = $6")
                    .bind(*on).bind(status.as_str()).bind(income.0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("|"))
                    .bind(*follow_up_id).bind(e).bind(o).execute(&mut *tx).await?;
            }
        }
        audit_in(&mut tx, Some(org), &viewer.actor, &AuditEvent::new(AuditAction::Update, "episode", e).with_detail(change.name())).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_anonymous_count(&self, org: OrgId, actor: &Actor, c: &AnonymousCount) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO anonymous_after_support (org_id, intervention_id, period_from, period_to, women, men, other, created_at)
             SELECT $1, id, $3, $4, $5, $6, $7, $8 FROM interventions WHERE id = $2 AND org_id = $1 RETURNING id",
        )
        .bind(org.0)
        .bind(c.intervention_id)
        .bind(c.from)
        .bind(c.to)
        .bind(c.women as i64)
        .bind(c.men as i64)
        .bind(c.other as i64)
        .bind(crate::now_unix())
        .fetch_optional(&mut *tx)
        .await?;
        let (id,) = row.ok_or(StoreError::NotFound)?;
        audit_in(&mut tx, Some(org), actor, &AuditEvent::new(AuditAction::Create, "anonymous_after_support", id)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn anonymous_counts(&self, org: OrgId) -> Result<Vec<AnonymousCount>> {
        let rows: Vec<(i64, i64, String, Date, Date, i64, i64, i64)> = sqlx::query_as(
            "SELECT a.id, a.intervention_id, i.name, a.period_from, a.period_to, a.women, a.men, a.other
             FROM anonymous_after_support a JOIN interventions i ON i.id = a.intervention_id
             WHERE a.org_id = $1 ORDER BY a.period_from DESC, a.id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, intervention_id, intervention, from, to, w, m, o)| AnonymousCount {
                id, intervention_id, intervention, from, to, women: w as u32, men: m as u32, other: o as u32,
            })
            .collect())
    }

    async fn import_participants(&self, org: OrgId, actor: &Actor, rows: &[ImportRow]) -> Result<ImportSummary> {
        let key = self.key.as_ref();
        let mut tx = self.write_tx().await?;
        // The förbund's people as they are now: by code, by personnummer lookup, and the
        // spans of their stays per intervention.
        let codes: Vec<(String, i64)> = sqlx::query_as("SELECT code, id FROM participants WHERE org_id = $1")
            .bind(org.0).fetch_all(&mut *tx).await?;
        let lookups: Vec<(String, i64)> = sqlx::query_as("SELECT lookup, participant_id FROM identities WHERE org_id = $1")
            .bind(org.0).fetch_all(&mut *tx).await?;
        let spans: Vec<(i64, i64, Option<Date>, Option<Date>)> = sqlx::query_as(
            "SELECT participant_id, intervention_id, start_date, end_date FROM episodes WHERE org_id = $1 AND start_date IS NOT NULL",
        )
        .bind(org.0).fetch_all(&mut *tx).await?;
        let mut by_code: HashMap<String, i64> = codes.into_iter().collect();
        let mut by_lookup: HashMap<String, i64> = lookups.into_iter().collect();
        let mut stays: HashMap<(i64, i64), Vec<(Date, Option<Date>)>> = HashMap::new();
        for (p, i, s, e) in spans {
            if let Some(s) = s {
                stays.entry((p, i)).or_default().push((s, e));
            }
        }
        let mut errors = vec![];
        let mut summary = ImportSummary { rows: rows.len(), new_participants: 0, episodes: 0 };
        let now = crate::now_unix();
        for r in rows {
            let existing = match &r.key {
                ParticipantKey::Code(c) => by_code.get(c).copied(),
                ParticipantKey::Personnummer(p) => {
                    let key = key.ok_or(StoreError::NoIdentityKey)?;
                    by_lookup.get(&key.lookup(org.0, &p.canonical())).copied()
                }
            };
            let pid = match existing {
                Some(pid) => pid,
                None => {
                    let code = match &r.key {
                        ParticipantKey::Code(c) => c.clone(),
                        ParticipantKey::Personnummer(_) => format!("new-{}", rand::random::<u64>()),
                    };
                    let (pid,): (i64,) = sqlx::query_as(
                        "INSERT INTO participants (org_id, code, gender, birth_year, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(org.0).bind(&code).bind(r.gender.as_str()).bind(r.birth_year as i64).bind(now)
                    .fetch_one(&mut *tx).await?;
                    if let ParticipantKey::Personnummer(p) = &r.key {
                        let key = key.ok_or(StoreError::NoIdentityKey)?;
                        sqlx::query("UPDATE participants SET code = $1 WHERE id = $2").bind(format!("D{pid}")).bind(pid).execute(&mut *tx).await?;
                        let consent = NewConsent { intervention_id: r.intervention_id, given_on: r.consent.expect("checked at parse"), given_to: "import".into() };
                        insert_consent(&mut tx, org, pid, &consent).await?;
                        let identity = Identity { personnummer: p.canonical(), name: String::new() };
                        insert_identity(&mut tx, key, org, pid, &identity).await?;
                        by_lookup.insert(key.lookup(org.0, &p.canonical()), pid);
                    } else {
                        by_code.insert(code, pid);
                    }
                    summary.new_participants += 1;
                    pid
                }
            };
            let spans = stays.entry((pid, r.intervention_id)).or_default();
            if spans.iter().any(|s| samordna_domain::participants::overlaps(*s, (r.start, r.end))) {
                errors.push(Invalid::new("start", r.start.to_string(), Reason::Overlap).at_row(r.row));
                continue;
            }
            spans.push((r.start, r.end));
            let (eid,): (i64,) = sqlx::query_as(
                "INSERT INTO episodes (org_id, participant_id, intervention_id, municipality_id, decision, decision_date,
                   start_date, coach_id, age_at_start, end_date, exit_reason_id, created_at)
                 VALUES ($1, $2, $3, $4, 'include', $5, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(org.0).bind(pid).bind(r.intervention_id).bind(r.municipality_id).bind(r.start)
            .bind(r.coach_id).bind(r.age_at_start as i64).bind(r.end).bind(r.exit_reason_id).bind(now)
            .fetch_one(&mut *tx).await?;
            insert_income(&mut tx, org, eid, "before", None, &r.income_before).await?;
            insert_income(&mut tx, org, eid, "after", None, &r.income_after).await?;
            if let Some(end) = r.end {
                insert_follow_ups(&mut tx, org, eid, end).await?;
            }
            summary.episodes += 1;
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let event = AuditEvent::new(AuditAction::Create, "participant_import", summary.rows)
            .with_detail(format!("{} rows, {} new participants", summary.rows, summary.new_participants));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(summary)
    }

    async fn export_participants(&self, org: OrgId, viewer: &Viewer, with_identity: bool) -> Result<Vec<(Episode, Option<Identity>)>> {
        let episodes = self.load_episodes(org, viewer, &EpisodeFilter::default()).await?;
        if !with_identity {
            return Ok(episodes.into_iter().map(|e| (e, None)).collect());
        }
        let key = key(self)?;
        let sealed: Vec<(i64, String)> = sqlx::query_as("SELECT participant_id, sealed FROM identities WHERE org_id = $1")
            .bind(org.0).fetch_all(&self.pool).await?;
        let sealed: HashMap<i64, String> = sealed.into_iter().collect();
        let mut tx = self.write_tx().await?;
        let mut read = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(episodes.len());
        for e in episodes {
            let identity = match sealed.get(&e.participant_id) {
                Some(s) => {
                    if read.insert(e.participant_id) {
                        let event = AuditEvent::new(AuditAction::Read, "identity", e.participant_id).with_detail("export");
                        audit_in(&mut tx, Some(org), &viewer.actor, &event).await?;
                    }
                    Some(open_identity(key, org, s)?)
                }
                None => None,
            };
            out.push((e, identity));
        }
        tx.commit().await?;
        Ok(out)
    }
}
