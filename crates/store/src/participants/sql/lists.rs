//! The SQL of `ParticipantLists`: an earlier list imported in one transaction (every row or
//! none, checked against the stays already stored), and the viewer's stays exported.

use super::rows::{key, open_identity};
use super::write::{insert_consent, insert_follow_ups, insert_identity, insert_income};
use super::{audit_in, Db};
use crate::participants::{EpisodeFilter, ImportSummary, ParticipantLists};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::import::{ImportRow, ParticipantKey};
use samordna_domain::participants::record::{Episode, NewConsent, Viewer};
use samordna_domain::participants::Identity;
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
        let mut by_code: HashMap<String, i64> = codes.into_iter().collect();
        let mut by_lookup: HashMap<String, i64> = lookups.into_iter().collect();
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
                        sqlx::query("UPDATE participants SET code = $1 WHERE id = $2")
                            .bind(format!("D{pid}"))
                            .bind(pid)
                            .execute(&mut *tx)
                            .await?;
                        let consent = NewConsent {
                            intervention_id: r.intervention_id,
                            given_on: r.consent.expect("checked at parse"),
                            given_to: "import".into(),
                            // A list says only that there is a consent, not what it allows.
                            scope: vec![],
                        };
                        insert_consent(&mut tx, org, pid, &consent).await?;
                        let identity = Identity {
                            personnummer: p.canonical(),
                            name: String::new(),
                        };
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
}
