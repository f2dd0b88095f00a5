//! The SQL of `ReportStore`, compiled into each backend (see `crate::sql`).

use super::sql::audit_in;
use super::Db;
use crate::reports::ReportStore;
use crate::{Result, StoreError};
use async_trait::async_trait;
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::invalid::{Invalid, Reason};
use samordna_domain::orgs::OrgId;
use samordna_domain::reports::{Decision, Kind, Report, ReportPeriod, Section, Status};
use time::Date;

const COLUMNS: &str =
    "id, kind, year, half, version, sections, decided_on, paragraph, updated_at, approved_at";

type Row = (
    i64,
    String,
    i32,
    i32,
    i32,
    String,
    Option<Date>,
    Option<String>,
    i64,
    Option<i64>,
);

fn report_of(r: Row) -> Result<Report> {
    let (id, kind, year, half, version, sections, decided_on, paragraph, updated_at, approved_at) =
        r;
    let kind = Kind::parse("kind", &kind).map_err(|_| StoreError::corrupt("kind", &kind))?;
    let sections: Vec<Section> =
        serde_json::from_str(&sections).map_err(|_| StoreError::corrupt("sections", &sections))?;
    Ok(Report {
        id,
        period: ReportPeriod {
            kind,
            year,
            half: half as u8,
        },
        version,
        status: if approved_at.is_some() {
            Status::Approved
        } else {
            Status::Draft
        },
        sections,
        decision: decided_on
            .zip(paragraph)
            .map(|(decided_on, paragraph)| Decision {
                decided_on,
                paragraph,
            }),
        updated_at,
        approved_at,
    })
}

fn json(sections: &[Section]) -> String {
    serde_json::to_string(sections).expect("sections are JSON")
}

fn approved() -> StoreError {
    Invalid::new("report", "", Reason::WrongState).into()
}

#[async_trait]
impl ReportStore for Db {
    async fn reports(&self, org: OrgId) -> Result<Vec<Report>> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM reports WHERE org_id = $1 ORDER BY year DESC, half DESC, kind, version DESC"
        ))
        .bind(org.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(report_of).collect()
    }

    async fn report(&self, org: OrgId, id: i64) -> Result<Report> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM reports WHERE org_id = $1 AND id = $2"
        ))
        .bind(org.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        report_of(row.ok_or(StoreError::NotFound)?)
    }

    async fn create_report(
        &self,
        org: OrgId,
        actor: &Actor,
        period: ReportPeriod,
        sections: &[Section],
    ) -> Result<Report> {
        let mut tx = self.write_tx().await?;
        let now = crate::now_unix();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO reports (org_id, kind, year, half, version, sections, created_at, updated_at)
             VALUES ($1, $2, $3, $4,
                     (SELECT COALESCE(MAX(version), 0) + 1 FROM reports
                       WHERE org_id = $1 AND kind = $2 AND year = $3 AND half = $4),
                     $5, $6, $6)
             RETURNING id",
        )
        .bind(org.0)
        .bind(period.kind.as_str())
        .bind(period.year)
        .bind(period.half as i32)
        .bind(json(sections))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let mut event = AuditEvent::new(AuditAction::Create, "report", id);
        event.detail = format!("{} {} {}", period.kind.as_str(), period.year, period.half);
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        self.report(org, id).await
    }

    async fn save_report(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        sections: &[Section],
    ) -> Result<Report> {
        self.report(org, id).await?;
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE reports SET sections = $1, updated_at = $2
             WHERE org_id = $3 AND id = $4 AND approved_at IS NULL",
        )
        .bind(json(sections))
        .bind(crate::now_unix())
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(approved());
        }
        audit_in(
            &mut tx,
            Some(org),
            actor,
            &AuditEvent::new(AuditAction::Update, "report", id),
        )
        .await?;
        tx.commit().await?;
        self.report(org, id).await
    }

    async fn approve_report(
        &self,
        org: OrgId,
        actor: &Actor,
        id: i64,
        decision: &Decision,
        document: &str,
        pdf: &[u8],
    ) -> Result<Report> {
        self.report(org, id).await?;
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE reports SET decided_on = $1, paragraph = $2, snapshot = $3, pdf = $4,
                    approved_at = $5, updated_at = $5
             WHERE org_id = $6 AND id = $7 AND approved_at IS NULL",
        )
        .bind(decision.decided_on)
        .bind(&decision.paragraph)
        .bind(document)
        .bind(pdf)
        .bind(crate::now_unix())
        .bind(org.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(approved());
        }
        let mut event = AuditEvent::new(AuditAction::Update, "report", id);
        event.detail = format!("approved {} {}", decision.decided_on, decision.paragraph);
        audit_in(&mut tx, Some(org), actor, &event).await?;
        tx.commit().await?;
        self.report(org, id).await
    }

    async fn report_document(&self, org: OrgId, id: i64) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT snapshot FROM reports WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.ok_or(StoreError::NotFound)?.0)
    }

    async fn report_pdf(&self, org: OrgId, id: i64) -> Result<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>,)> =
            sqlx::query_as("SELECT pdf FROM reports WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.ok_or(StoreError::NotFound)?.0)
    }
}
