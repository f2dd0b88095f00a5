//! The goals of a year's verksamhetsplan in JSON, with each value computed or typed and
//! whether it met its target.

use crate::api::{ApiInput, Params};
use crate::auth::OrgCtx;
use crate::error::Result;
use crate::i18n::Words;
use crate::routes::{get, Route};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use samordna_app::plans::{goal_table, GoalJson};
use samordna_domain::access::roles::Permission::ViewEconomy;
use samordna_domain::invalid::number_in;
use samordna_domain::stats::Period;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct GoalsQuery {
    year: String,
}

impl ApiInput for GoalsQuery {
    const FIELDS: &'static [&'static str] = &["year"];
}

pub fn routes() -> Vec<Route> {
    vec![get("/orgs/{org}/goals", ViewEconomy, goals)]
}

async fn goals(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Params(q): Params<GoalsQuery>,
) -> Result<Json<Vec<GoalJson>>> {
    let year = number_in("year", &q.year, 2000, 2100)
        .map_err(|e| crate::error::Error::Invalid(vec![e]))?;
    let measured = goal_table(&*state.store, ctx.org.id, Period::year(year as i32)).await?;
    Ok(Json(
        measured.iter().map(|m| GoalJson::of(&tr, m)).collect(),
    ))
}
