//! A half-year's payouts in JSON, for the board, the auditor and the director.

use super::payouts::PeriodQuery;
use crate::api::{ApiInput, Params};
use crate::auth::OrgCtx;
use crate::error::Result;
use crate::routes::{get, Route};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use samordna_app::economy::PayoutJson;
use samordna_domain::access::roles::Permission::ViewEconomy;

impl ApiInput for PeriodQuery {
    const FIELDS: &'static [&'static str] = &["year", "half"];
}

pub fn routes() -> Vec<Route> {
    vec![get("/orgs/{org}/payouts", ViewEconomy, payouts)]
}

async fn payouts(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Params(q): Params<PeriodQuery>,
) -> Result<Json<Vec<PayoutJson>>> {
    let lines = samordna_app::economy::payouts(&*state.store, ctx.org.id, &q.year, &q.half).await?;
    Ok(Json(lines.iter().map(PayoutJson::from).collect()))
}
