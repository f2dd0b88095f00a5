//! The förbund's members and interventions in JSON: read by every role, written by the
//! director.

use crate::api::{ApiInput, Body};
use crate::auth::OrgCtx;
use crate::error::{Error, Result};
use crate::routes::{get, post, Route};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewOrg};
use samordna_domain::orgs::interventions::{Intervention, InterventionFields, InterventionInput};
use samordna_domain::orgs::members::{Member, NewMember};
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/orgs/{org}/members", ViewOrg, list_members),
        post("/orgs/{org}/members", ManageOrg, create_member),
        get("/orgs/{org}/interventions", ViewOrg, list_interventions),
        post("/orgs/{org}/interventions", ManageOrg, create_intervention),
    ]
}

async fn list_members(State(state): State<AppState>, ctx: OrgCtx) -> Result<Json<Vec<Member>>> {
    Ok(Json(state.store.list_members(ctx.org.id).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MemberBody {
    name: String,
    kind: String,
}

impl ApiInput for MemberBody {
    const FIELDS: &'static [&'static str] = &["name", "kind"];
}

impl ApiInput for InterventionInput {
    const FIELDS: &'static [&'static str] = &[
        "slug",
        "name",
        "kind",
        "long_term",
        "goal",
        "target_group",
        "content",
        "follow_up",
        "age_min",
        "age_max",
        "priority_age_min",
        "priority_age_max",
        "goal_share",
        "capacity_per_fte",
    ];
}

async fn create_member(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Body(b): Body<MemberBody>,
) -> Result<impl IntoResponse> {
    let new = NewMember::parse(&b.name, &b.kind)?;
    let m = state
        .store
        .create_member(ctx.org.id, &ctx.actor(), &new)
        .await?;
    Ok((StatusCode::CREATED, Json(m)))
}

async fn list_interventions(
    State(state): State<AppState>,
    ctx: OrgCtx,
) -> Result<Json<Vec<Intervention>>> {
    Ok(Json(state.store.list_interventions(ctx.org.id).await?))
}

async fn create_intervention(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Body(input): Body<InterventionInput>,
) -> Result<impl IntoResponse> {
    let fields = InterventionFields::parse(&input).map_err(Error::Invalid)?;
    let i = state
        .store
        .create_intervention(ctx.org.id, &ctx.actor(), &fields)
        .await?;
    Ok((StatusCode::CREATED, Json(i)))
}
