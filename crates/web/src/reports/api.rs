//! The reports in JSON: the list, and one report's sections with their figures as text
//! (protected counts as `<5`), the kept ones for an approved report.

use crate::auth::OrgCtx;
use crate::error::Result;
use crate::forms::today;
use crate::routes::{get, Route};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use samordna_domain::access::roles::Permission::ViewOrg;
use samordna_domain::reports::Report;
use samordna_reports::document::Document;
use serde::Serialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/orgs/{org}/reports", ViewOrg, list),
        get("/orgs/{org}/reports/{id}", ViewOrg, one),
    ]
}

#[derive(Serialize)]
struct Listed {
    id: i64,
    kind: &'static str,
    year: i32,
    half: u8,
    version: i32,
    status: samordna_domain::reports::Status,
    decided_on: Option<String>,
    paragraph: Option<String>,
}

impl From<&Report> for Listed {
    fn from(r: &Report) -> Self {
        Listed {
            id: r.id,
            kind: r.period.kind.as_str(),
            year: r.period.year,
            half: r.period.half,
            version: r.version,
            status: r.status,
            decided_on: r.decision.as_ref().map(|d| d.decided_on.to_string()),
            paragraph: r.decision.as_ref().map(|d| d.paragraph.clone()),
        }
    }
}

async fn list(State(state): State<AppState>, ctx: OrgCtx) -> Result<Json<Vec<Listed>>> {
    let reports = state.store.reports(ctx.org.id).await?;
    Ok(Json(reports.iter().map(Listed::from).collect()))
}

#[derive(Serialize)]
struct One {
    #[serde(flatten)]
    report: Listed,
    document: Document,
}

async fn one(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Json<One>> {
    let report = state.store.report(ctx.org.id, id).await?;
    let document =
        samordna_app::reports::document(&*state.store, &ctx.org, &report, today()).await?;
    Ok(Json(One {
        report: Listed::from(&report),
        document,
    }))
}
