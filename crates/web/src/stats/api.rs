//! The period statistics in JSON, always with small counts hidden: aggregates only leave by
//! the API.

use super::disclosure;
use crate::api::{ApiInput, Params};
use crate::auth::OrgCtx;
use crate::error::Result;
use crate::routes::{get, Route};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use samordna_app::stats::{report, Names, StatsParams, StatsReport};
use samordna_domain::access::roles::Permission::ViewOrg;

impl ApiInput for StatsParams {
    const FIELDS: &'static [&'static str] = &[
        "from",
        "to",
        "intervention",
        "municipality",
        "coach",
        "age_bins",
        "bucket",
        "dimension",
    ];
}

pub fn routes() -> Vec<Route> {
    vec![get("/orgs/{org}/stats", ViewOrg, stats)]
}

async fn stats(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Params(params): Params<StatsParams>,
) -> Result<Json<StatsReport>> {
    let (visibility, _) = disclosure(&ctx);
    let names = Names::load(&*state.store, ctx.org.id).await?;
    let req = params.parse(&names, crate::forms::today())?;
    Ok(Json(
        report(&*state.store, ctx.org.id, &req, &visibility, true).await?,
    ))
}
