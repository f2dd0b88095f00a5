//! The SQL of the participant store, compiled into each backend (see `crate::sql`): the
//! records, identities, consents and stays here; the follow-up settings and the lists in and
//! out in their own files.

mod lists;
mod rows;
mod settings;
mod write;

use super::sql::{audit_in, on_constraint, Query, Tx};
use super::stats::{line, refresh_facts, Stays, FACT_COLUMNS};
use super::Db;
use super::{insert_rows, reserve_ids};
use crate::participants::{EpisodeFilter, FollowUpSettings, ParticipantStore};
use crate::{Result, StoreError};
use async_trait::async_trait;
pub(crate) use rows::scope_sql;
use rows::{gender, key, open_identity, outcome, sources, EpisodeRow, FollowUpRow, EPISODE_SELECT};
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::after_support::{
    schedule, AnonymousCount, Contact, ContactKind, FollowUp,
};
use samordna_domain::participants::record::{
    Change, Consent, ConsentScope, Episode, NewConsent, NewReferral, Participant,
    ParticipantRecord, Registration, Viewer,
};
use samordna_domain::participants::steps::StepRecord;
use samordna_domain::participants::{Birth, Identity, IncomeSet, IncomeSource};
use samordna_domain::{Invalid, Reason};
use std::collections::HashMap;
use time::Date;
use write::{insert_consent, insert_follow_ups, insert_identity, insert_income, insert_referral};

impl Db {
    /// Stays as the viewer may see them, with their income, steps, contacts and follow-ups.
    async fn load_episodes(
        &self,
        org: OrgId,
        viewer: &Viewer,
        f: &EpisodeFilter,
    ) -> Result<Vec<Episode>> {
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
            sql +=
                " AND e.deregistered_on IS NULL AND (e.decision IS NULL OR e.decision <> 'reject')";
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
        let at: HashMap<i64, usize> = episodes
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i))
            .collect();
        let income: Vec<(i64, String, Option<Date>, String)> = sqlx::query_as(&format!(
            "SELECT episode_id, phase, from_date, source FROM episode_income WHERE org_id = $1{only} ORDER BY from_date, id"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        for (eid, phase, from, source) in income {
            let Some(e) = at.get(&eid).map(|&i| &mut episodes[i]) else {
                continue;
            };
            let s = IncomeSource::from_code(&source)
                .ok_or_else(|| StoreError::corrupt("income", &source))?;
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
                _ => return Err(StoreError::corrupt("income phase", &phase)),
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
                episodes[i].steps.push(StepRecord {
                    step: step as u8,
                    on,
                });
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
                let kind = ContactKind::parse(&kind)
                    .ok_or_else(|| StoreError::corrupt("contact kind", &kind))?;
                episodes[i].after_support.push(Contact {
                    id,
                    due,
                    kind,
                    done_on,
                });
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
                episodes[i].follow_ups.push(FollowUp {
                    id,
                    months: months as u8,
                    due,
                    done_on,
                    status,
                    income: sources(&income)?,
                });
            }
        }
        Ok(())
    }

    /// The participant, if the viewer sees at least one of its stays.
    async fn visible_participant(
        &self,
        org: OrgId,
        viewer: &Viewer,
        id: i64,
    ) -> Result<Vec<Episode>> {
        let f = EpisodeFilter {
            participant_id: Some(id),
            ..Default::default()
        };
        let episodes = self.load_episodes(org, viewer, &f).await?;
        if episodes.is_empty() {
            return Err(StoreError::NotFound);
        }
        Ok(episodes)
    }

    async fn birth_of(
        &self,
        tx: &mut Tx<'_>,
        org: OrgId,
        viewer: &Viewer,
        participant: i64,
    ) -> Result<Birth> {
        let sealed: Option<(String,)> = sqlx::query_as(
            "SELECT sealed FROM identities WHERE participant_id = $1 AND org_id = $2",
        )
        .bind(participant)
        .bind(org.0)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((sealed,)) = sealed {
            let identity = open_identity(key(self)?, org, &sealed)?;
            let event = AuditEvent::new(AuditAction::Read, "identity", participant)
                .with_detail("age at start");
            audit_in(tx, Some(org), &viewer.actor, &event).await?;
            return Ok(Birth::Date(identity.personnummer().birth_date()));
        }
        let (year,): (i64,) =
            sqlx::query_as("SELECT birth_year FROM participants WHERE id = $1 AND org_id = $2")
                .bind(participant)
                .bind(org.0)
                .fetch_one(&mut **tx)
                .await?;
        Ok(Birth::Year(year as i32))
    }
}

/// An UPDATE that must touch exactly one row, else the stay changed under us.
async fn exactly_one<'q>(q: Query<'q>, tx: &mut Tx<'_>, field: &'static str) -> Result<()> {
    if q.execute(&mut **tx).await?.rows_affected() != 1 {
        return Err(Invalid::new(field, "", Reason::WrongState).into());
    }
    Ok(())
}

#[async_trait]
impl ParticipantStore for Db {
    async fn check_identity_key(&self) -> Result<()> {
        let key = key(self)?;
        let stored: Option<(String,)> =
            sqlx::query_as("SELECT check_value FROM key_check WHERE id = 1")
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
        .map_err(|e| match on_constraint("participants_org_id_code_key", "code")(e) {
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
        let detail = if reg.identity.is_some() {
            "with identity and consent"
        } else {
            "without identity"
        };
        audit_in(
            &mut tx,
            Some(org),
            &viewer.actor,
            &AuditEvent::new(AuditAction::Create, "participant", id).with_detail(detail),
        )
        .await?;
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
        type ConsentRow = (i64, i64, String, Date, String, String, Option<Date>);
        let consents: Vec<ConsentRow> = sqlx::query_as(
            "SELECT c.id, c.intervention_id, i.name, c.given_on, c.given_to, c.scope, c.withdrawn_on
             FROM consents c JOIN interventions i ON i.id = c.intervention_id
             WHERE c.participant_id = $1 AND c.org_id = $2 ORDER BY c.given_on, c.id",
        )
        .bind(id)
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(ParticipantRecord {
            participant: Participant {
                id,
                code,
                gender: gender(&g)?,
                birth_year: birth_year as i32,
                has_identity,
                erased: erased.is_some(),
            },
            consents: consents
                .into_iter()
                .map(
                    |(
                        id,
                        intervention_id,
                        intervention,
                        given_on,
                        given_to,
                        scope,
                        withdrawn_on,
                    )| {
                        Consent {
                            id,
                            intervention_id,
                            intervention,
                            given_on,
                            given_to,
                            scope: ConsentScope::split(&scope),
                            withdrawn_on,
                        }
                    },
                )
                .collect(),
            episodes,
        })
    }

    async fn identity(&self, org: OrgId, viewer: &Viewer, id: i64) -> Result<Option<Identity>> {
        self.visible_participant(org, viewer, id).await?;
        let sealed: Option<(String,)> = sqlx::query_as(
            "SELECT sealed FROM identities WHERE participant_id = $1 AND org_id = $2",
        )
        .bind(id)
        .bind(org.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some((sealed,)) = sealed else {
            return Ok(None);
        };
        let identity = open_identity(key(self)?, org, &sealed)?;
        let mut tx = self.write_tx().await?;
        audit_in(
            &mut tx,
            Some(org),
            &viewer.actor,
            &AuditEvent::new(AuditAction::Read, "identity", id),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(identity))
    }

    async fn names_for_check(&self, org: OrgId, actor: &Actor) -> Result<Vec<String>> {
        let sealed: Vec<(String,)> =
            sqlx::query_as("SELECT sealed FROM identities WHERE org_id = $1")
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        if sealed.is_empty() {
            return Ok(vec![]);
        }
        let key = key(self)?;
        let names = sealed
            .iter()
            .map(|(s,)| open_identity(key, org, s).map(|i| i.name))
            .collect::<Result<Vec<_>>>()?;
        let mut tx = self.write_tx().await?;
        let mut event = AuditEvent::new(AuditAction::Read, "identity", "*");
        event.detail = format!("publication_check {}", names.len());
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(names)
    }

    async fn add_consent(
        &self,
        org: OrgId,
        viewer: &Viewer,
        participant_id: i64,
        consent: &NewConsent,
        identity: Option<&Identity>,
    ) -> Result<()> {
        self.visible_participant(org, viewer, participant_id)
            .await?;
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
        let detail = if identity.is_some() {
            "consent and identity"
        } else {
            "consent"
        };
        audit_in(
            &mut tx,
            Some(org),
            &viewer.actor,
            &AuditEvent::new(AuditAction::Create, "consent", participant_id).with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn withdraw_consent(
        &self,
        org: OrgId,
        viewer: &Viewer,
        participant_id: i64,
        consent_id: i64,
        on: Date,
    ) -> Result<()> {
        self.visible_participant(org, viewer, participant_id)
            .await?;
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
        let (left,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM consents WHERE participant_id = $1 AND withdrawn_on IS NULL",
        )
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
        audit_in(
            &mut tx,
            Some(org),
            &viewer.actor,
            &AuditEvent::new(AuditAction::Update, "consent", consent_id).with_detail(detail),
        )
        .await?;
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
        audit_in(
            &mut tx,
            Some(org),
            &viewer.actor,
            &AuditEvent::new(AuditAction::Delete, "participant", id)
                .with_detail("erased; anonymous stays kept"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn refer(
        &self,
        org: OrgId,
        viewer: &Viewer,
        participant_id: i64,
        referral: &NewReferral,
    ) -> Result<i64> {
        self.visible_participant(org, viewer, participant_id)
            .await?;
        let mut tx = self.write_tx().await?;
        let id = insert_referral(&mut tx, org, viewer, participant_id, referral).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn episodes(
        &self,
        org: OrgId,
        viewer: &Viewer,
        filter: &EpisodeFilter,
    ) -> Result<Vec<Episode>> {
        self.load_episodes(org, viewer, filter).await
    }

    async fn change_episode(
        &self,
        org: OrgId,
        viewer: &Viewer,
        episode_id: i64,
        change: &Change,
    ) -> Result<()> {
        let f = EpisodeFilter {
            episode_id: Some(episode_id),
            ..Default::default()
        };
        let episode = self
            .load_episodes(org, viewer, &f)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
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
            Change::Start {
                on,
                coach_id,
                income_before,
                gk,
            } => {
                let age = self
                    .birth_of(&mut tx, org, viewer, episode.participant_id)
                    .await?
                    .age_on(*on);
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
            Change::Income { on, sources } => {
                insert_income(&mut tx, org, e, "during", Some(*on), sources).await?
            }
            Change::Exit {
                on,
                reason,
                income_after,
                occupation,
            } => {
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
                sqlx::query(
                    "UPDATE episodes SET violence_asked_on = $1 WHERE id = $2 AND org_id = $3",
                )
                .bind(*on)
                .bind(e)
                .bind(o)
                .execute(&mut *tx)
                .await?;
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
            Change::FollowUp {
                follow_up_id,
                on,
                status,
                income,
            } => {
                sqlx::query("UPDATE follow_ups SET done_on = $1, status = $2, income = $3 WHERE id = $4 AND episode_id = $5 AND org_id = $6")
                    .bind(*on).bind(status.as_str()).bind(income.0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("|"))
                    .bind(*follow_up_id).bind(e).bind(o).execute(&mut *tx).await?;
            }
        }
        refresh_facts(&mut tx, Stays::One(e)).await?;
        audit_in(
            &mut tx,
            Some(org),
            &viewer.actor,
            &AuditEvent::new(AuditAction::Update, "episode", e).with_detail(change.name()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_anonymous_count(
        &self,
        org: OrgId,
        actor: &Actor,
        c: &AnonymousCount,
    ) -> Result<()> {
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
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Create, "anonymous_after_support", id),
        )
        .await?;
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
            .map(
                |(id, intervention_id, intervention, from, to, w, m, o)| AnonymousCount {
                    id,
                    intervention_id,
                    intervention,
                    from,
                    to,
                    women: w as u32,
                    men: m as u32,
                    other: o as u32,
                },
            )
            .collect())
    }
}
