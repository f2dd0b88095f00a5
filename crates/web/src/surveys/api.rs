//! A survey round's results per question in JSON; never by municipality, even when asked.

use super::no_municipality;
use crate::api::{ApiInput, Params};
use crate::auth::OrgCtx;
use crate::error::Result;
use crate::routes::{get, Route};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use samordna_app::surveys::round_results;
use samordna_domain::access::roles::Permission::ViewOrg;
use samordna_domain::surveys::results::QuestionResult;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![get(
        "/orgs/{org}/survey-rounds/{id}/results",
        ViewOrg,
        survey_results,
    )]
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SurveyQuery {
    municipality: String,
}

impl ApiInput for SurveyQuery {
    const FIELDS: &'static [&'static str] = &["municipality"];
}

async fn survey_results(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, String)>,
    Params(q): Params<SurveyQuery>,
) -> Result<Json<Vec<QuestionResult>>> {
    // An id that is no round's number is no round: 404, like one of another förbund.
    let id: i64 = id.parse().map_err(|_| crate::error::Error::NotFound)?;
    no_municipality(&q.municipality)?;
    Ok(Json(
        round_results(&*state.store, ctx.org.id, id).await?.results,
    ))
}
