//! The SQL of `GovernanceStore`, compiled into each backend (see `crate::sql`).

use super::sql::{audit_in, in_use, one, Tx};
use super::Db;
use crate::governance::{Comment, Document, GovernanceStore, NewNotice, Shown, Task};
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::access::users::Email;
use samordna_domain::governance::documents::DocKind;
use samordna_domain::governance::minutes::{
    AgendaItem, Meeting, MeetingFields, Minutes, Paragraph, PerCapsulum, Signature, SignerRole,
    Status,
};
use samordna_domain::governance::notices::{Notice, NoticeKind};
use samordna_domain::governance::{Body, Office, Seat, Term, TermFields};
use samordna_domain::invalid::{Invalid, Reason};
use samordna_domain::orgs::OrgId;
use serde::de::DeserializeOwned;
use time::Date;

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data is JSON")
}

fn from_json<T: DeserializeOwned>(what: &'static str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|_| StoreError::corrupt(what, text))
}

fn wrong_state(field: &'static str) -> StoreError {
    Invalid::new(field, "", Reason::WrongState).into()
}

async fn audit(
    tx: &mut Tx<'_>,
    org: OrgId,
    actor: &Actor,
    action: AuditAction,
    entity: &'static str,
    id: i64,
    detail: String,
) -> Result<()> {
    let mut event = AuditEvent::new(action, entity, id);
    event.detail = detail;
    audit_in(tx, Some(org), actor, &event).await
}

const TERM_COLUMNS: &str = "t.id, t.body, t.name, t.email, t.party_id, m.name, t.seat, \
     t.substitute_for, t.office, t.call_order, t.from_date, t.to_date";

type TermRow = (
    i64,
    String,
    String,
    Option<String>,
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i32>,
    Date,
    Date,
);

fn term_of(r: TermRow) -> Result<Term> {
    let (
        id,
        body,
        name,
        email,
        party_id,
        party,
        seat,
        substitute_for,
        office,
        call_order,
        from,
        to,
    ) = r;
    Ok(Term {
        id,
        body: Body::parse("body", &body).map_err(|_| StoreError::corrupt("body", &body))?,
        name,
        email: email
            .map(|e| Email::parse(&e).map_err(|_| StoreError::corrupt("email", &e)))
            .transpose()?,
        party_id,
        party,
        seat: Seat::parse("seat", &seat).map_err(|_| StoreError::corrupt("seat", &seat))?,
        substitute_for,
        office: Office::parse("office", office.as_deref().unwrap_or(""))
            .map_err(|_| StoreError::corrupt("office", office.unwrap_or_default()))?,
        call_order,
        from,
        to,
    })
}

const MEETING_COLUMNS: &str = "id, body, date, starts, ends, place, digital, public, planned, \
     agenda, minutes, status, updated_at";

type MeetingRow = (
    i64,
    String,
    Date,
    String,
    String,
    String,
    bool,
    bool,
    String,
    String,
    Option<String>,
    String,
    i64,
);

fn meeting_of(r: MeetingRow) -> Result<Meeting> {
    let (
        id,
        body,
        date,
        starts,
        ends,
        place,
        digital,
        public,
        planned,
        agenda,
        minutes,
        status,
        updated_at,
    ) = r;
    Ok(Meeting {
        id,
        body: Body::parse("body", &body).map_err(|_| StoreError::corrupt("body", &body))?,
        date,
        starts,
        ends,
        place,
        digital,
        public,
        planned: from_json("planned", &planned)?,
        agenda: from_json("agenda", &agenda)?,
        minutes: minutes.map(|m| from_json("minutes", &m)).transpose()?,
        status: Status::parse(&status).ok_or_else(|| StoreError::corrupt("status", &status))?,
        updated_at,
    })
}

const NOTICE_COLUMNS: &str = "n.id, n.kind, n.meeting_id, m.body, m.date, n.justered_on, \
     n.posted_on, n.kept_at, n.until, n.removed_at";

type NoticeRow = (
    i64,
    String,
    i64,
    String,
    Date,
    Option<Date>,
    Date,
    String,
    Date,
    Option<i64>,
);

fn notice_of(r: NoticeRow) -> Result<Notice> {
    let (
        id,
        kind,
        meeting_id,
        body,
        meeting_date,
        justered_on,
        posted_on,
        kept_at,
        until,
        removed_at,
    ) = r;
    Ok(Notice {
        id,
        kind: NoticeKind::parse("kind", &kind).map_err(|_| StoreError::corrupt("kind", &kind))?,
        meeting_id,
        body: Body::parse("body", &body).map_err(|_| StoreError::corrupt("body", &body))?,
        meeting_date,
        justered_on,
        posted_on,
        kept_at,
        until,
        removed_at,
    })
}

fn document_of((id, item, name, kind, size): (i64, i32, String, String, i64)) -> Result<Document> {
    Ok(Document {
        id,
        item: item as usize,
        name,
        kind: DocKind::parse(&kind).ok_or_else(|| StoreError::corrupt("kind", &kind))?,
        size,
    })
}

/// `'draft', 'justering'` for an `IN (…)`: the states are the domain's fixed words.
fn states(list: &[Status]) -> String {
    list.iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait]
impl GovernanceStore for Db {
    async fn terms(&self, org: OrgId) -> Result<Vec<Term>> {
        let rows: Vec<TermRow> = sqlx::query_as(&format!(
            "SELECT {TERM_COLUMNS} FROM board_terms t JOIN members m ON m.id = t.party_id
             WHERE t.org_id = $1
             ORDER BY t.body, t.seat, COALESCE(t.call_order, 0), m.name, t.name, t.id"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(term_of).collect()
    }

    async fn add_term(&self, org: OrgId, actor: &Actor, f: &TermFields) -> Result<Term> {
        let mut tx = self.write_tx().await?;
        // The party and the member substituted for must be this förbund's.
        let (parties,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM members WHERE id = $1 AND org_id = $2")
                .bind(f.party_id)
                .bind(org.0)
                .fetch_one(&mut *tx)
                .await?;
        if parties != 1 {
            return Err(Invalid::new("party", f.party_id.to_string(), Reason::UnknownValue).into());
        }
        if let Some(member) = f.substitute_for {
            let (found,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM board_terms
                 WHERE id = $1 AND org_id = $2 AND seat = 'ordinary' AND body = $3",
            )
            .bind(member)
            .bind(org.0)
            .bind(f.body.as_str())
            .fetch_one(&mut *tx)
            .await?;
            if found != 1 {
                return Err(Invalid::new(
                    "substitute_for",
                    member.to_string(),
                    Reason::UnknownValue,
                )
                .into());
            }
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO board_terms (org_id, body, name, email, party_id, seat, substitute_for,
                                      office, call_order, from_date, to_date, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(org.0)
        .bind(f.body.as_str())
        .bind(&f.name)
        .bind(f.email.as_ref().map(|e| e.as_str()))
        .bind(f.party_id)
        .bind(f.seat.as_str())
        .bind(f.substitute_for)
        .bind(f.office.map(Office::as_str))
        .bind(f.call_order)
        .bind(f.from)
        .bind(f.to)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "board_term",
            id,
            format!("{} {} {}", f.body.as_str(), f.seat.as_str(), f.to),
        )
        .await?;
        tx.commit().await?;
        self.terms(org)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or(StoreError::NotFound)
    }

    async fn remove_term(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("DELETE FROM board_terms WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org.0)
            .execute(&mut *tx)
            .await
            .map_err(in_use)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Delete,
            "board_term",
            id,
            String::new(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn meetings(&self, org: OrgId, year: Option<i32>) -> Result<Vec<Meeting>> {
        // All years: from the first to the last a date column of both backends holds.
        let (from, to) = match year {
            Some(y) => (y, y + 1),
            None => (1, 9999),
        };
        let day = |y: i32| Date::from_ordinal_date(y, 1).map_err(|_| StoreError::NotFound);
        let rows: Vec<MeetingRow> = sqlx::query_as(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings
             WHERE org_id = $1 AND date >= $2 AND date < $3 ORDER BY date, starts, id"
        ))
        .bind(org.0)
        .bind(day(from)?)
        .bind(day(to)?)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(meeting_of).collect()
    }

    async fn meeting(&self, org: OrgId, id: i64) -> Result<Meeting> {
        let row: Option<MeetingRow> = sqlx::query_as(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE org_id = $1 AND id = $2"
        ))
        .bind(org.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        meeting_of(one(row)?)
    }

    async fn create_meeting(
        &self,
        org: OrgId,
        actor: &Actor,
        f: &MeetingFields,
    ) -> Result<Meeting> {
        let mut tx = self.write_tx().await?;
        let now = crate::now_unix();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO meetings (org_id, body, date, starts, ends, place, digital, public,
                                   planned, agenda, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '[]', 'planned', $10, $10)
             RETURNING id",
        )
        .bind(org.0)
        .bind(f.body.as_str())
        .bind(f.date)
        .bind(&f.starts)
        .bind(&f.ends)
        .bind(&f.place)
        .bind(f.digital)
        .bind(f.public)
        .bind(json(&f.planned))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "meeting",
            id,
            format!("{} {}", f.body.as_str(), f.date),
        )
        .await?;
        tx.commit().await?;
        self.meeting(org, id).await
    }

    async fn update_meeting(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        f: &MeetingFields,
    ) -> Result<Meeting> {
        self.meeting(org, id).await?;
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE meetings SET body = $1, date = $2, starts = $3, ends = $4, place = $5,
                    digital = $6, public = $7, planned = $8, updated_at = $9
             WHERE org_id = $10 AND id = $11 AND status <> 'signed'",
        )
        .bind(f.body.as_str())
        .bind(f.date)
        .bind(&f.starts)
        .bind(&f.ends)
        .bind(&f.place)
        .bind(f.digital)
        .bind(f.public)
        .bind(json(&f.planned))
        .bind(crate::now_unix())
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(wrong_state("meeting"));
        }
        // The header is part of what is signed.
        sqlx::query("DELETE FROM signatures WHERE meeting_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "meeting",
            id,
            f.date.to_string(),
        )
        .await?;
        tx.commit().await?;
        self.meeting(org, id).await
    }

    async fn set_agenda(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        agenda: &[AgendaItem],
    ) -> Result<Meeting> {
        self.meeting(org, id).await?;
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE meetings SET agenda = $1, updated_at = $2
             WHERE org_id = $3 AND id = $4 AND status <> 'signed'",
        )
        .bind(json(&agenda))
        .bind(crate::now_unix())
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(wrong_state("agenda"));
        }
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "meeting",
            id,
            format!("agenda {} items", agenda.len()),
        )
        .await?;
        tx.commit().await?;
        self.meeting(org, id).await
    }

    async fn write_minutes(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        minutes: &Minutes,
        from: &[Status],
        to: Status,
    ) -> Result<Meeting> {
        self.meeting(org, id).await?;
        let mut tx = self.write_tx().await?;
        write_minutes_in(&mut tx, org, actor, id, minutes, from, to).await?;
        tx.commit().await?;
        self.meeting(org, id).await
    }

    async fn start_minutes(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        mut minutes: Minutes,
    ) -> Result<Meeting> {
        let m = self.meeting(org, id).await?;
        let mut tx = self.write_tx().await?;
        let pending: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, paragraph FROM per_capsulum
             WHERE org_id = $1 AND body = $2 AND decided_on <= $3 AND recorded_in IS NULL",
        )
        .bind(org.0)
        .bind(m.body.as_str())
        .bind(m.date)
        .fetch_all(&mut *tx)
        .await?;
        let decided = pending
            .iter()
            .map(|(_, p)| from_json("paragraph", p))
            .collect::<Result<Vec<Paragraph>>>()?;
        minutes.record(decided);
        write_minutes_in(
            &mut tx,
            org,
            actor,
            id,
            &minutes,
            &[Status::Planned],
            Status::Draft,
        )
        .await?;
        for (decision, _) in &pending {
            sqlx::query("UPDATE per_capsulum SET recorded_in = $1 WHERE id = $2")
                .bind(id)
                .bind(decision)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.meeting(org, id).await
    }

    async fn record_per_capsulum(
        &self,
        org: OrgId,
        actor: &Actor,
        body: Body,
        paragraph: &Paragraph,
    ) -> Result<i64> {
        let Some(day) = paragraph.per_capsulum else {
            return Err(Invalid::new("per_capsulum", "", Reason::Required).into());
        };
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO per_capsulum (org_id, body, decided_on, paragraph, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org.0)
        .bind(body.as_str())
        .bind(day)
        .bind(json(paragraph))
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "per_capsulum",
            id,
            day.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn per_capsulum(&self, org: OrgId) -> Result<Vec<PerCapsulum>> {
        let rows: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, body, paragraph, recorded_in FROM per_capsulum
             WHERE org_id = $1 ORDER BY decided_on DESC, id DESC",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, body, paragraph, recorded_in)| {
                Ok(PerCapsulum {
                    id,
                    body: Body::parse("body", &body)
                        .map_err(|_| StoreError::corrupt("body", &body))?,
                    paragraph: from_json("paragraph", &paragraph)?,
                    recorded_in,
                })
            })
            .collect()
    }

    async fn add_document(
        &self,
        org: OrgId,
        actor: &Actor,
        meeting: i64,
        item: usize,
        name: &str,
        kind: DocKind,
        bytes: &[u8],
    ) -> Result<i64> {
        let m = self.meeting(org, meeting).await?;
        if m.status == Status::Signed {
            return Err(wrong_state("document"));
        }
        if item >= m.agenda.len() {
            return Err(Invalid::new("agenda_item", item.to_string(), Reason::UnknownValue).into());
        }
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO meeting_documents (org_id, meeting_id, item, name, kind, bytes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(org.0)
        .bind(meeting)
        .bind(item as i32)
        .bind(name)
        .bind(kind.as_str())
        .bind(bytes)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "meeting_document",
            id,
            format!("{} {}", kind.as_str(), bytes.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn documents(&self, org: OrgId, meeting: i64) -> Result<Vec<Document>> {
        let rows: Vec<(i64, i32, String, String, i64)> = sqlx::query_as(
            "SELECT id, item, name, kind, CAST(length(bytes) AS BIGINT) FROM meeting_documents
             WHERE org_id = $1 AND meeting_id = $2 ORDER BY item, id",
        )
        .bind(org.0)
        .bind(meeting)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(document_of).collect()
    }

    async fn document(&self, org: OrgId, id: i64) -> Result<(Document, Vec<u8>)> {
        let row: Option<(i64, i32, String, String, i64, Vec<u8>)> = sqlx::query_as(
            "SELECT id, item, name, kind, CAST(length(bytes) AS BIGINT), bytes
             FROM meeting_documents WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let (id, item, name, kind, size, bytes) = one(row)?;
        Ok((document_of((id, item, name, kind, size))?, bytes))
    }

    async fn remove_document(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        // Not of signed minutes' meeting: what was decided on stays as it was.
        let done = sqlx::query(
            "DELETE FROM meeting_documents WHERE org_id = $1 AND id = $2
             AND meeting_id IN (SELECT id FROM meetings WHERE status <> 'signed')",
        )
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Delete,
            "meeting_document",
            id,
            String::new(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn signatures(&self, org: OrgId, meeting: i64) -> Result<Vec<Signature>> {
        let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT role, name, identification, signature_id, content_hash, signed_at
             FROM signatures WHERE org_id = $1 AND meeting_id = $2 ORDER BY signed_at, id",
        )
        .bind(org.0)
        .bind(meeting)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(role, name, identification, signature_id, content_hash, signed_at)| {
                    Ok(Signature {
                        role: SignerRole::parse(&role)
                            .ok_or_else(|| StoreError::corrupt("role", &role))?,
                        name,
                        identification,
                        signature_id,
                        content_hash,
                        signed_at,
                    })
                },
            )
            .collect()
    }

    async fn sign_minutes(
        &self,
        org: OrgId,
        actor: &Actor,
        meeting: i64,
        version: i64,
        signature: &Signature,
        needed: usize,
        tasks: &[Task],
    ) -> Result<bool> {
        self.meeting(org, meeting).await?;
        let mut tx = self.write_tx().await?;
        // Locks the row (PostgreSQL) and proves the signer saw this version in justering.
        let same = sqlx::query(
            "UPDATE meetings SET updated_at = updated_at
             WHERE org_id = $1 AND id = $2 AND status = 'justering' AND updated_at = $3",
        )
        .bind(org.0)
        .bind(meeting)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if same.rows_affected() != 1 {
            return Err(wrong_state("minutes"));
        }
        sqlx::query(
            "INSERT INTO signatures (org_id, meeting_id, role, name, identification,
                                     signature_id, content_hash, signed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(org.0)
        .bind(meeting)
        .bind(signature.role.as_str())
        .bind(&signature.name)
        .bind(&signature.identification)
        .bind(&signature.signature_id)
        .bind(&signature.content_hash)
        .bind(signature.signed_at)
        .execute(&mut *tx)
        .await
        .map_err(super::sql::on_constraint(
            "signatures_meeting_id_role_name_key",
            "signature",
        ))?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "signature",
            meeting,
            format!("{} {}", signature.role.as_str(), signature.signature_id),
        )
        .await?;
        let (signed,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM signatures WHERE meeting_id = $1 AND content_hash = $2",
        )
        .bind(meeting)
        .bind(&signature.content_hash)
        .fetch_one(&mut *tx)
        .await?;
        let complete = signed as usize >= needed;
        if complete {
            sqlx::query("UPDATE meetings SET status = 'signed' WHERE id = $1")
                .bind(meeting)
                .execute(&mut *tx)
                .await?;
            for t in tasks {
                sqlx::query(
                    "INSERT INTO board_tasks (org_id, meeting_id, paragraph, decision,
                                              responsible, what)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(org.0)
                .bind(meeting)
                .bind(t.paragraph as i32)
                .bind(t.decision as i32)
                .bind(&t.responsible)
                .bind(&t.what)
                .execute(&mut *tx)
                .await?;
            }
            audit(
                &mut tx,
                org,
                actor,
                AuditAction::Update,
                "minutes",
                meeting,
                "signed".into(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(complete)
    }

    async fn comments(&self, org: OrgId, meeting: i64) -> Result<Vec<Comment>> {
        let rows: Vec<(Option<i32>, String, String, bool, i64)> = sqlx::query_as(
            "SELECT paragraph, author, text, refusal, created_at FROM minutes_comments
             WHERE org_id = $1 AND meeting_id = $2 ORDER BY created_at, id",
        )
        .bind(org.0)
        .bind(meeting)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(paragraph, author, text, refusal, created_at)| Comment {
                paragraph: paragraph.map(|p| p as usize),
                author,
                text,
                refusal,
                created_at,
            })
            .collect())
    }

    async fn add_comment(
        &self,
        org: OrgId,
        actor: &Actor,
        meeting: i64,
        c: &Comment,
    ) -> Result<()> {
        self.meeting(org, meeting).await?;
        let mut tx = self.write_tx().await?;
        let moved = sqlx::query(&format!(
            "UPDATE meetings SET status = '{}',
                    updated_at = CASE WHEN updated_at >= $1 THEN updated_at + 1 ELSE $1 END
             WHERE org_id = $2 AND id = $3 AND status IN ({})",
            if c.refusal { "draft" } else { "justering" },
            // A refusal may come after another's: the minutes are already back.
            if c.refusal {
                "'justering', 'draft'"
            } else {
                "'justering'"
            }
        ))
        .bind(crate::now_unix())
        .bind(org.0)
        .bind(meeting)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Err(wrong_state("comment"));
        }
        if c.refusal {
            sqlx::query("DELETE FROM signatures WHERE meeting_id = $1")
                .bind(meeting)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO minutes_comments (org_id, meeting_id, paragraph, author, text, refusal,
                                           created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(org.0)
        .bind(meeting)
        .bind(c.paragraph.map(|p| p as i32))
        .bind(&c.author)
        .bind(&c.text)
        .bind(c.refusal)
        .bind(crate::now_unix())
        .execute(&mut *tx)
        .await?;
        let what = if c.refusal { "refused" } else { "comment" };
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "minutes",
            meeting,
            what.into(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn post_notice(&self, org: OrgId, actor: &Actor, n: &NewNotice<'_>) -> Result<Notice> {
        let meeting = self.meeting(org, n.meeting_id).await?;
        if n.kind == NoticeKind::Justering && meeting.status != Status::Signed {
            return Err(wrong_state("notice"));
        }
        let mut tx = self.write_tx().await?;
        let now = crate::now_unix();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO notices (org_id, kind, meeting_id, justered_on, posted_on, until,
                                  kept_at, pdf, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(org.0)
        .bind(n.kind.as_str())
        .bind(n.meeting_id)
        .bind(n.justered_on)
        .bind(n.posted_on)
        .bind(n.until)
        .bind(n.kept_at)
        .bind(n.pdf)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(super::sql::on_constraint(
            "notices_meeting_id_kind_key",
            "notice",
        ))?;
        sqlx::query("INSERT INTO notice_log (org_id, notice_id, shown_from) VALUES ($1, $2, $3)")
            .bind(org.0)
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Create,
            "notice",
            id,
            format!("{} {} {}", n.kind.as_str(), n.posted_on, n.until),
        )
        .await?;
        tx.commit().await?;
        self.notices(org)
            .await?
            .into_iter()
            .find(|x| x.id == id)
            .ok_or(StoreError::NotFound)
    }

    async fn remove_notice(&self, org: OrgId, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let now = crate::now_unix();
        let done = sqlx::query(
            "UPDATE notices SET removed_at = $1
             WHERE org_id = $2 AND id = $3 AND removed_at IS NULL",
        )
        .bind(now)
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "UPDATE notice_log SET shown_to = $1 WHERE notice_id = $2 AND shown_to IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Delete,
            "notice",
            id,
            String::new(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn notices(&self, org: OrgId) -> Result<Vec<Notice>> {
        let rows: Vec<NoticeRow> = sqlx::query_as(&format!(
            "SELECT {NOTICE_COLUMNS} FROM notices n JOIN meetings m ON m.id = n.meeting_id
             WHERE n.org_id = $1 ORDER BY n.posted_on DESC, n.id DESC"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(notice_of).collect()
    }

    async fn notice_pdf(&self, org: OrgId, id: i64) -> Result<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>,)> =
            sqlx::query_as("SELECT pdf FROM notices WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(one(row)?.0)
    }

    async fn notice_log(&self, org: OrgId) -> Result<Vec<Shown>> {
        let rows: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT notice_id, shown_from, shown_to FROM notice_log
             WHERE org_id = $1 ORDER BY shown_from, id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(notice_id, from, to)| Shown {
                notice_id,
                from,
                to,
            })
            .collect())
    }

    async fn tasks(&self, org: OrgId) -> Result<Vec<Task>> {
        let rows: Vec<(i64, i64, Date, i32, i32, String, String, Option<Date>)> = sqlx::query_as(
            "SELECT t.id, t.meeting_id, m.date, t.paragraph, t.decision, t.responsible, t.what,
                    t.reported_on
             FROM board_tasks t JOIN meetings m ON m.id = t.meeting_id
             WHERE t.org_id = $1
             ORDER BY t.reported_on IS NOT NULL, m.date, t.paragraph, t.decision",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    meeting_id,
                    meeting_date,
                    paragraph,
                    decision,
                    responsible,
                    what,
                    reported_on,
                )| {
                    Task {
                        id,
                        meeting_id,
                        meeting_date,
                        paragraph: paragraph as usize,
                        decision: decision as usize,
                        responsible,
                        what,
                        reported_on,
                    }
                },
            )
            .collect())
    }

    async fn report_task(&self, org: OrgId, actor: &Actor, id: i64, on: Date) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE board_tasks SET reported_on = $1
             WHERE org_id = $2 AND id = $3 AND reported_on IS NULL",
        )
        .bind(on)
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit(
            &mut tx,
            org,
            actor,
            AuditAction::Update,
            "board_task",
            id,
            on.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Writes the minutes and moves them from one of `from` to `to`, in `tx`.
async fn write_minutes_in(
    tx: &mut Tx<'_>,
    org: OrgId,
    actor: &Actor,
    id: i64,
    minutes: &Minutes,
    from: &[Status],
    to: Status,
) -> Result<()> {
    if to == Status::Signed || to == Status::Planned || from.contains(&Status::Signed) {
        return Err(wrong_state("minutes"));
    }
    // A version later than any before, even within the same second.
    let done = sqlx::query(&format!(
        "UPDATE meetings SET minutes = $1, status = $2,
                updated_at = CASE WHEN updated_at >= $3 THEN updated_at + 1 ELSE $3 END
         WHERE org_id = $4 AND id = $5 AND status IN ({})",
        states(from)
    ))
    .bind(json(minutes))
    .bind(to.as_str())
    .bind(crate::now_unix())
    .bind(org.0)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(wrong_state("minutes"));
    }
    // Whatever was signed before is not what is there now.
    sqlx::query("DELETE FROM signatures WHERE meeting_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    audit(
        tx,
        org,
        actor,
        AuditAction::Update,
        "minutes",
        id,
        to.as_str().into(),
    )
    .await?;
    Ok(())
}
