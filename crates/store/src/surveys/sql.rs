//! The SQL of `SurveyStore`, compiled into each backend (see `crate::sql`).

use super::sql::{audit_in, Tx};
use super::Db;
use crate::surveys::SurveyStore;
use crate::{IdentityKey, Result, StoreError};
use async_trait::async_trait;
use rand::Rng;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::orgs::OrgId;
use samordna_domain::surveys::{
    indicator, Access, NewRound, NewSurvey, Question, RespondentGender, Response, Round, Scale,
    Source, Survey, INDICATOR,
};
use samordna_domain::{Invalid, Reason};
use time::Date;

/// Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

fn random_text(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char)
        .collect()
}

/// `ABCD-EFGH`: short enough to type from a printed slip.
fn new_code() -> String {
    let c = random_text(8, CODE_ALPHABET);
    format!("{}-{}", &c[..4], &c[4..])
}

type SurveyRow = (i64, String, String, String, i64, i64, bool);

fn survey_of((id, title, questions, scale, top, target_bp, asks_gender): SurveyRow) -> Survey {
    let scale = Scale {
        labels: scale.split('|').map(String::from).collect(),
    };
    Survey {
        code: id.to_string(),
        title,
        questions: questions
            .lines()
            .map(|q| Question {
                text: q.to_string(),
                scale: scale.clone(),
            })
            .collect(),
        top: top as u8,
        target_bp,
        asks_gender,
        builtin: false,
    }
}

type RoundRow = (i64, String, Option<i64>, String, Date, Date, String, String);

fn round_of(
    (id, survey_code, intervention_id, title, opens_on, closes_on, access, token): RoundRow,
) -> Result<Round> {
    Ok(Round {
        id,
        survey_code,
        intervention_id,
        title,
        opens_on,
        closes_on,
        access: Access::parse("access", &access)
            .map_err(|_| StoreError::corrupt("access", &access))?,
        token,
    })
}

const ROUND_COLUMNS: &str =
    "id, survey_code, intervention_id, title, opens_on, closes_on, access, token";

/// The keyed hash a code is stored as: without the identity key, a printed code cannot be
/// found among them.
fn code_hash(key: &IdentityKey, org: OrgId, round_id: i64, code: &str) -> String {
    format!(
        "h1:{}",
        key.lookup(org.0, &format!("survey code {round_id} {code}"))
    )
}

/// An answer as one sealed value (month, gender, source and steps together).
fn seal_response(key: &IdentityKey, org: OrgId, r: &Response) -> String {
    let gender = r.gender.map_or("", RespondentGender::as_str);
    let plain = format!(
        "{}|{gender}|{}|{}",
        r.month,
        r.source.as_str(),
        r.answers_text()
    );
    key.seal(org.0, plain.as_bytes())
}

fn open_response(key: &IdentityKey, org: OrgId, sealed: &str) -> Result<Response> {
    let plain = key
        .open(org.0, sealed)
        .ok_or(StoreError::WrongIdentityKey)?;
    let text = String::from_utf8(plain).map_err(|_| StoreError::corrupt("answer", "sealed"))?;
    let mut parts = text.splitn(4, '|');
    let (month, gender, source, answers) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    response_of(month, gender, source, answers)
}

fn response_of(month: &str, gender: &str, source: &str, answers: &str) -> Result<Response> {
    Ok(Response {
        gender: RespondentGender::parse("gender", gender)
            .map_err(|_| StoreError::corrupt("gender", gender))?,
        answers: Response::parse_answers(answers)
            .ok_or_else(|| StoreError::corrupt("answers", answers))?,
        source: Source::parse(source).ok_or_else(|| StoreError::corrupt("source", source))?,
        month: month.to_string(),
    })
}

async fn insert_response(
    tx: &mut Tx<'_>,
    key: &IdentityKey,
    org: OrgId,
    round_id: i64,
    r: &Response,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO survey_answers (id, org_id, round_id, sealed) VALUES ($1, $2, $3, $4)",
    )
    .bind(random_text(24, b"abcdefghijklmnopqrstuvwxyz0123456789"))
    .bind(org.0)
    .bind(round_id)
    .bind(seal_response(key, org, r))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    fn survey_key(&self) -> Result<&IdentityKey> {
        self.key.as_ref().ok_or(StoreError::NoIdentityKey)
    }
}

#[async_trait]
impl SurveyStore for Db {
    async fn surveys(&self, org: OrgId) -> Result<Vec<Survey>> {
        let rows: Vec<SurveyRow> = sqlx::query_as(
            "SELECT id, title, questions, scale, top, target_bp, asks_gender FROM surveys WHERE org_id = $1 ORDER BY id",
        )
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(std::iter::once(indicator())
            .chain(rows.into_iter().map(survey_of))
            .collect())
    }

    async fn survey(&self, org: OrgId, code: &str) -> Result<Survey> {
        if code == INDICATOR {
            return Ok(indicator());
        }
        let id: i64 = code.parse().map_err(|_| StoreError::NotFound)?;
        let row: Option<SurveyRow> = sqlx::query_as(
            "SELECT id, title, questions, scale, top, target_bp, asks_gender FROM surveys WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(survey_of).ok_or(StoreError::NotFound)
    }

    async fn add_survey(&self, org: OrgId, actor: &Actor, new: &NewSurvey) -> Result<Survey> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO surveys (org_id, title, questions, scale, top, target_bp, asks_gender, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(org.0)
        .bind(&new.title)
        .bind(new.questions.join("\n"))
        .bind(new.scale.labels.join("|"))
        .bind(new.top as i64)
        .bind(new.target_bp)
        .bind(new.asks_gender)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Create, "survey", id),
        )
        .await?;
        tx.commit().await?;
        self.survey(org, &id.to_string()).await
    }

    async fn rounds(&self, org: OrgId) -> Result<Vec<Round>> {
        let rows: Vec<RoundRow> = sqlx::query_as(&format!(
            "SELECT {ROUND_COLUMNS} FROM survey_rounds WHERE org_id = $1 ORDER BY opens_on DESC, id DESC"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(round_of).collect()
    }

    async fn round(&self, org: OrgId, id: i64) -> Result<Round> {
        let row: Option<RoundRow> = sqlx::query_as(&format!(
            "SELECT {ROUND_COLUMNS} FROM survey_rounds WHERE org_id = $1 AND id = $2"
        ))
        .bind(org.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        round_of(row.ok_or(StoreError::NotFound)?)
    }

    async fn round_by_token(&self, token: &str) -> Result<(OrgId, Round)> {
        let row: Option<(
            i64,
            i64,
            String,
            Option<i64>,
            String,
            Date,
            Date,
            String,
            String,
        )> = sqlx::query_as(&format!(
            "SELECT org_id, {ROUND_COLUMNS} FROM survey_rounds WHERE token = $1"
        ))
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        let (org, id, code, iv, title, opens, closes, access, token) =
            row.ok_or(StoreError::NotFound)?;
        Ok((
            OrgId(org),
            round_of((id, code, iv, title, opens, closes, access, token))?,
        ))
    }

    async fn open_round(&self, org: OrgId, actor: &Actor, new: &NewRound) -> Result<Round> {
        // The survey must be the förbund's own or the built-in one, the intervention its own.
        self.survey(org, &new.survey_code)
            .await
            .map_err(|_| StoreError::Conflict { field: "survey" })?;
        let mut tx = self.write_tx().await?;
        if let Some(iv) = new.intervention_id {
            let found: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM interventions WHERE id = $1 AND org_id = $2")
                    .bind(iv)
                    .bind(org.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            found.ok_or(StoreError::Conflict {
                field: "intervention",
            })?;
        }
        let token = random_text(22, b"abcdefghijkmnpqrstuvwxyz23456789");
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO survey_rounds (org_id, survey_code, intervention_id, title, opens_on, closes_on, access, token, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(org.0)
        .bind(&new.survey_code)
        .bind(new.intervention_id)
        .bind(&new.title)
        .bind(new.opens_on)
        .bind(new.closes_on)
        .bind(new.access.as_str())
        .bind(&token)
        .bind(crate::now_unix())
        .fetch_one(&mut *tx)
        .await?;
        let mut made = std::collections::BTreeSet::new();
        while made.len() < new.codes as usize {
            made.insert(new_code());
        }
        for code in &made {
            let key = self.survey_key()?;
            sqlx::query("INSERT INTO survey_codes (round_id, code, sealed) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(code_hash(key, org, id, code))
                .bind(key.seal(org.0, code.as_bytes()))
                .execute(&mut *tx)
                .await?;
        }
        let event = AuditEvent::new(AuditAction::Create, "survey_round", id)
            .with_detail(format!("{} codes", made.len()));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        self.round(org, id).await
    }

    async fn round_codes(&self, org: OrgId, round_id: i64) -> Result<Vec<(String, bool)>> {
        self.round(org, round_id).await?;
        let key = self.survey_key()?;
        let rows: Vec<(String, Option<String>, bool)> =
            sqlx::query_as("SELECT code, sealed, used FROM survey_codes WHERE round_id = $1")
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?;
        let mut codes = rows
            .into_iter()
            .map(|(code, sealed, used)| match sealed {
                Some(s) => {
                    let plain = key.open(org.0, &s).ok_or(StoreError::WrongIdentityKey)?;
                    let code = String::from_utf8(plain)
                        .map_err(|_| StoreError::corrupt("survey code", "sealed"))?;
                    Ok((code, used))
                }
                // A code stored before codes were sealed.
                None => Ok((code, used)),
            })
            .collect::<Result<Vec<_>>>()?;
        codes.sort();
        Ok(codes)
    }

    async fn submit_response(
        &self,
        org: OrgId,
        round_id: i64,
        code: Option<&str>,
        response: &Response,
    ) -> Result<()> {
        let key = self.survey_key()?;
        // The code is used up in a transaction of its own, and the answer written in another:
        // no commit in the files holds both.
        if let Some(code) = code {
            let code = samordna_domain::surveys::normalize_code(code);
            let hash = code_hash(key, org, round_id, &code);
            let mut tx = self.write_tx().await?;
            let used = sqlx::query(
                "UPDATE survey_codes SET used = TRUE
                 WHERE round_id = $1 AND (code = $2 OR (code = $3 AND sealed IS NULL)) AND used = FALSE",
            )
            .bind(round_id)
            .bind(&hash)
            .bind(&code)
            .execute(&mut *tx)
            .await?;
            if used.rows_affected() != 1 {
                let known: Option<(bool,)> = sqlx::query_as(
                    "SELECT used FROM survey_codes WHERE round_id = $1 AND (code = $2 OR code = $3)",
                )
                .bind(round_id)
                .bind(&hash)
                .bind(&code)
                .fetch_optional(&mut *tx)
                .await?;
                let reason = if known.is_some() {
                    Reason::AlreadyUsed
                } else {
                    Reason::UnknownCode
                };
                return Err(StoreError::Invalid(vec![Invalid::new(
                    "code", code, reason,
                )]));
            }
            tx.commit().await?;
        }
        let mut tx = self.write_tx().await?;
        insert_response(&mut tx, key, org, round_id, response).await?;
        tx.commit().await?;
        self.after_answer().await
    }

    async fn add_responses(
        &self,
        org: OrgId,
        actor: &Actor,
        round_id: i64,
        responses: &[Response],
    ) -> Result<usize> {
        self.round(org, round_id).await?;
        let key = self.survey_key()?;
        let mut tx = self.write_tx().await?;
        for r in responses {
            insert_response(&mut tx, key, org, round_id, r).await?;
        }
        let kind = responses.first().map_or(Source::Paper, |r| r.source);
        let event = AuditEvent::new(AuditAction::Create, "survey_responses", round_id)
            .with_detail(format!("{} {}", responses.len(), kind.as_str()));
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        Ok(responses.len())
    }

    async fn responses(&self, org: OrgId, round_id: i64) -> Result<Vec<Response>> {
        let key = self.survey_key()?;
        let sealed: Vec<(String,)> =
            sqlx::query_as("SELECT sealed FROM survey_answers WHERE org_id = $1 AND round_id = $2")
                .bind(org.0)
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?;
        let mut out = sealed
            .iter()
            .map(|(s,)| open_response(key, org, s))
            .collect::<Result<Vec<_>>>()?;
        // Answers stored before answers were sealed, until `seal_stored_answers` runs.
        let legacy: Vec<(String, Option<String>, String, String)> = sqlx::query_as(
            "SELECT month, gender, source, answers FROM survey_responses WHERE org_id = $1 AND round_id = $2",
        )
        .bind(org.0)
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        for (month, gender, source, answers) in legacy {
            out.push(response_of(
                &month,
                gender.as_deref().unwrap_or(""),
                &source,
                &answers,
            )?);
        }
        Ok(out)
    }

    async fn seal_stored_answers(&self) -> Result<usize> {
        let key = self.survey_key()?;
        let mut tx = self.write_tx().await?;
        let codes: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT r.org_id, c.round_id, c.code FROM survey_codes c
             JOIN survey_rounds r ON r.id = c.round_id WHERE c.sealed IS NULL",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (org, round, code) in &codes {
            sqlx::query(
                "UPDATE survey_codes SET code = $1, sealed = $2 WHERE round_id = $3 AND code = $4",
            )
            .bind(code_hash(key, OrgId(*org), *round, code))
            .bind(key.seal(*org, code.as_bytes()))
            .bind(round)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        }
        type Legacy = (String, i64, i64, String, Option<String>, String, String);
        let answers: Vec<Legacy> = sqlx::query_as(
            "SELECT id, org_id, round_id, month, gender, source, answers FROM survey_responses",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, org, round, month, gender, source, text) in &answers {
            let r = response_of(month, gender.as_deref().unwrap_or(""), source, text)?;
            sqlx::query(
                "INSERT INTO survey_answers (id, org_id, round_id, sealed) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(org)
            .bind(round)
            .bind(seal_response(key, OrgId(*org), &r))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM survey_responses")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.after_answer().await?;
        Ok(codes.len() + answers.len())
    }
}
