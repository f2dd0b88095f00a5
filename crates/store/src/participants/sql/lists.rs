//! The SQL of `ParticipantLists`: an earlier list imported in one transaction (every row or
//! none, checked against the stays already stored), and the viewer's stays exported.

use super::rows::{key, open_identity, seal_identity};
use super::{audit_in, insert_rows, line, reserve_ids, Db, FACT_COLUMNS};
use crate::bulk::Rows;
use crate::participants::{EpisodeFilter, ImportSummary, ParticipantLists};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::after_support::follow_up_dates;
use samordna_domain::participants::import::{ImportRow, MappingKind, ParticipantKey, ValueMapping};
use samordna_domain::participants::record::{Episode, Viewer};
use samordna_domain::participants::{Identity, Outcome};
use samordna_domain::stats::Fact;
use samordna_domain::{Invalid, Reason};
use std::collections::HashMap;
use time::Date;

#[async_trait]
impl ParticipantLists for Db {
    async fn import_participants(
        &self,
        org: OrgId,
        actor: &Actor,
        rows: &[ImportRow],
    ) -> Result<ImportSummary> {
        let key = self.key.as_ref();
        let mut tx = self.write_tx().await?;
        // The förbund's people as they are now: by code, by personnummer lookup, and the
        // spans of their stays per intervention.
        let codes: Vec<(String, i64)> =
            sqlx::query_as("SELECT code, id FROM participants WHERE org_id = $1")
                .bind(org.0)
                .fetch_all(&mut *tx)
                .await?;
        let lookups: Vec<(String, i64)> =
            sqlx::query_as("SELECT lookup, participant_id FROM identities WHERE org_id = $1")
                .bind(org.0)
                .fetch_all(&mut *tx)
                .await?;
        let spans: Vec<(i64, i64, Option<Date>, Option<Date>)> = sqlx::query_as(
            "SELECT participant_id, intervention_id, start_date, end_date FROM episodes WHERE org_id = $1 AND start_date IS NOT NULL",
        )
        .bind(org.0).fetch_all(&mut *tx).await?;
        let by_code: HashMap<String, i64> = codes.into_iter().collect();
        let by_lookup: HashMap<String, i64> = lookups.into_iter().collect();
        let mut stays: HashMap<(i64, i64), Vec<(Date, Option<Date>)>> = HashMap::new();
        for (p, i, s, e) in spans {
            if let Some(s) = s {
                stays.entry((p, i)).or_default().push((s, e));
            }
        }
        let mut errors = vec![];
        let mut summary = ImportSummary {
            rows: rows.len(),
            new_participants: 0,
            episodes: 0,
        };
        // First who each row is: a stored participant, or a new one (by its place in
        // `new`), so that the ids of the new rows can be taken at once.
        let mut new: Vec<&ImportRow> = Vec::new();
        let mut new_by_key: HashMap<(bool, String), usize> = HashMap::new();
        let mut people = Vec::with_capacity(rows.len());
        for r in rows {
            let lookup = match &r.key {
                ParticipantKey::Code(c) => c.clone(),
                ParticipantKey::Personnummer(p) => {
                    let key = key.ok_or(StoreError::NoIdentityKey)?;
                    key.lookup(org.0, &p.canonical())
                }
            };
            let stored = match &r.key {
                ParticipantKey::Code(_) => by_code.get(&lookup),
                ParticipantKey::Personnummer(_) => by_lookup.get(&lookup),
            };
            let by_personnummer = matches!(r.key, ParticipantKey::Personnummer(_));
            people.push(match stored {
                Some(&pid) => Ok(pid),
                None => Err(*new_by_key
                    .entry((by_personnummer, lookup))
                    .or_insert_with(|| {
                        new.push(r);
                        new.len() - 1
                    })),
            });
        }
        let new_ids = reserve_ids(&mut tx, "participants", new.len()).await?;
        let now = crate::now_unix();
        let mut participants = Rows::new(
            "participants",
            &["id", "org_id", "code", "gender", "birth_year", "created_at"],
        );
        let mut identities = Rows::new(
            "identities",
            &["participant_id", "org_id", "lookup", "sealed"],
        );
        let mut consents = Rows::new(
            "consents",
            &[
                "org_id",
                "participant_id",
                "intervention_id",
                "given_on",
                "given_to",
                "scope",
                "created_at",
            ],
        );
        for (r, &pid) in new.iter().zip(&new_ids) {
            let code = match &r.key {
                ParticipantKey::Code(c) => c.clone(),
                ParticipantKey::Personnummer(p) => {
                    let key = key.ok_or(StoreError::NoIdentityKey)?;
                    let identity = Identity {
                        personnummer: p.canonical(),
                        name: String::new(),
                    };
                    identities.push(vec![
                        pid.into(),
                        org.0.into(),
                        key.lookup(org.0, &identity.personnummer).into(),
                        seal_identity(key, org, &identity).into(),
                    ]);
                    // A list says only that there is a consent, not what it allows.
                    consents.push(vec![
                        org.0.into(),
                        pid.into(),
                        r.intervention_id.into(),
                        r.consent.expect("checked at parse").into(),
                        "import".into(),
                        "".into(),
                        now.into(),
                    ]);
                    format!("D{pid}")
                }
            };
            participants.push(vec![
                pid.into(),
                org.0.into(),
                code.into(),
                r.gender.as_str().into(),
                (r.birth_year as i64).into(),
                now.into(),
            ]);
        }
        summary.new_participants = new.len();
        let episode_ids = reserve_ids(&mut tx, "episodes", rows.len()).await?;
        let mut episodes = Rows::new(
            "episodes",
            &[
                "id",
                "org_id",
                "participant_id",
                "intervention_id",
                "municipality_id",
                "decision",
                "decision_date",
                "start_date",
                "coach_id",
                "age_at_start",
                "end_date",
                "exit_reason_id",
                "created_at",
            ],
        );
        let mut income = Rows::new(
            "episode_income",
            &["org_id", "episode_id", "phase", "source"],
        );
        let mut follow_ups = Rows::new("follow_ups", &["org_id", "episode_id", "months", "due"]);
        // Each stay's summary as it starts: written here with the rest, not read back.
        let outcomes: HashMap<i64, Outcome> = sqlx::query_as::<_, (i64, String)>(
            "SELECT id, outcome FROM exit_reasons WHERE org_id = $1",
        )
        .bind(org.0)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(id, o)| {
            let outcome =
                Outcome::parse("outcome", &o).map_err(|_| StoreError::corrupt("outcome", &o))?;
            Ok((id, outcome))
        })
        .collect::<Result<_>>()?;
        let mut facts = Rows::new("stay_facts", &FACT_COLUMNS);
        for ((r, person), &eid) in rows.iter().zip(people).zip(&episode_ids) {
            let pid = person.unwrap_or_else(|i| new_ids[i]);
            let spans = stays.entry((pid, r.intervention_id)).or_default();
            if spans
                .iter()
                .any(|s| samordna_domain::participants::overlaps(*s, (r.start, r.end)))
            {
                errors.push(
                    Invalid::new("start", r.start.to_string(), Reason::Overlap).at_row(r.row),
                );
                continue;
            }
            spans.push((r.start, r.end));
            episodes.push(vec![
                eid.into(),
                org.0.into(),
                pid.into(),
                r.intervention_id.into(),
                r.municipality_id.into(),
                "include".into(),
                r.start.into(),
                r.start.into(),
                r.coach_id.into(),
                (r.age_at_start as i64).into(),
                r.end.into(),
                r.exit_reason_id.into(),
                now.into(),
            ]);
            for (phase, set) in [("before", &r.income_before), ("after", &r.income_after)] {
                for source in &set.0 {
                    income.push(vec![
                        org.0.into(),
                        eid.into(),
                        phase.into(),
                        source.as_str().into(),
                    ]);
                }
            }
            let fact = Fact {
                participant_id: pid,
                intervention_id: r.intervention_id,
                municipality_id: r.municipality_id,
                coach_id: r.coach_id,
                gender: r.gender,
                birth_year: r.birth_year,
                age_at_start: Some(r.age_at_start),
                start: r.start,
                end: r.end,
                exit_reason_id: r.exit_reason_id,
                outcome: r.exit_reason_id.and_then(|id| outcomes.get(&id).copied()),
                income_start: r.income_before.clone(),
                income_exit: r.income_after.clone(),
                steps: vec![],
                follow_ups: vec![],
                after_support: None,
            };
            facts.push(vec![
                eid.into(),
                org.0.into(),
                r.intervention_id.into(),
                r.municipality_id.into(),
                r.coach_id.into(),
                r.start.into(),
                r.end.unwrap_or(time::macros::date!(9999 - 12 - 31)).into(),
                line(&fact).into(),
            ]);
            for (months, due) in r.end.map(follow_up_dates).unwrap_or_default() {
                follow_ups.push(vec![
                    org.0.into(),
                    eid.into(),
                    (months as i64).into(),
                    due.into(),
                ]);
            }
            summary.episodes += 1;
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        for table in [
            &participants,
            &identities,
            &consents,
            &episodes,
            &income,
            &follow_ups,
            &facts,
        ] {
            insert_rows(&mut tx, table).await?;
        }
        let event = AuditEvent::new(AuditAction::Create, "participant_import", summary.rows)
            .with_detail(format!(
                "{} rows, {} new participants",
                summary.rows, summary.new_participants
            ));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(summary)
    }

    async fn export_participants(
        &self,
        org: OrgId,
        viewer: &Viewer,
        with_identity: bool,
    ) -> Result<Vec<(Episode, Option<Identity>)>> {
        let episodes = self
            .load_episodes(org, viewer, &EpisodeFilter::default())
            .await?;
        if !with_identity {
            return Ok(episodes.into_iter().map(|e| (e, None)).collect());
        }
        let key = key(self)?;
        let sealed: Vec<(i64, String)> =
            sqlx::query_as("SELECT participant_id, sealed FROM identities WHERE org_id = $1")
                .bind(org.0)
                .fetch_all(&self.pool)
                .await?;
        let sealed: HashMap<i64, String> = sealed.into_iter().collect();
        let mut tx = self.write_tx().await?;
        let mut read = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(episodes.len());
        for e in episodes {
            let identity = match sealed.get(&e.participant_id) {
                Some(s) => {
                    if read.insert(e.participant_id) {
                        let event =
                            AuditEvent::new(AuditAction::Read, "identity", e.participant_id)
                                .with_detail("export");
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

    async fn import_mappings(&self, org: OrgId) -> Result<Vec<ValueMapping>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT kind, written, value FROM import_mappings WHERE org_id = $1 ORDER BY kind, written",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(kind, written, value)| {
                let kind = MappingKind::from_code(&kind)
                    .ok_or_else(|| StoreError::corrupt("mapping kind", &kind))?;
                Ok(ValueMapping {
                    kind,
                    written,
                    value,
                })
            })
            .collect()
    }

    async fn save_import_mappings(
        &self,
        org: OrgId,
        actor: &Actor,
        mappings: &[ValueMapping],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for m in mappings {
            sqlx::query(
                "INSERT INTO import_mappings (org_id, kind, written, value, created_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (org_id, kind, written) DO UPDATE SET value = excluded.value",
            )
            .bind(org.0)
            .bind(m.kind.as_str())
            .bind(&m.written)
            .bind(&m.value)
            .bind(crate::now_unix())
            .execute(&mut *tx)
            .await?;
            let event = AuditEvent::new(AuditAction::Update, "import_mapping", m.kind.as_str())
                .with_detail(format!("{} → {}", m.written, m.value));
            audit_in(&mut tx, Some(org), actor, &event).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
