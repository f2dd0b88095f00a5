//! The JSON API under `/api/v1`, authenticated by API token (`Authorization: Bearer …`),
//! with the same permissions as the token's user. Its description is `openapi.json`,
//! served at `/api/v1/openapi.json`; a test checks that it lists exactly the routes here.

use crate::auth::{Auth, OrgCtx};
use crate::error::{Error, Result};
use crate::pages::stats::disclosure;
use crate::pages::surveys::no_municipality;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use samordna_app::economy::PayoutJson;
use samordna_app::stats::{report, Names, StatsParams, StatsReport};
use samordna_app::surveys::round_results;
use samordna_domain::access::roles::Permission;
use samordna_domain::economy::payouts::parse_period;
use samordna_domain::orgs::interventions::{Intervention, InterventionFields, InterventionInput};
use samordna_domain::orgs::members::{Member, NewMember};
use samordna_domain::surveys::results::QuestionResult;
use serde::{Deserialize, Serialize};

pub const OPENAPI: &str = include_str!("../openapi.json");

/// The API routes: (path, methods). The OpenAPI test compares this list with the spec.
pub const ROUTES: &[(&str, &[&str])] = &[
    ("/openapi.json", &["get"]),
    ("/me", &["get"]),
    ("/orgs/{org}/members", &["get", "post"]),
    ("/orgs/{org}/interventions", &["get", "post"]),
    ("/orgs/{org}/payouts", &["get"]),
    ("/orgs/{org}/stats", &["get"]),
    ("/orgs/{org}/survey-rounds/{id}/results", &["get"]),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }),
        )
        .route("/me", get(me))
        .route("/orgs/{org}/members", get(list_members).post(create_member))
        .route(
            "/orgs/{org}/interventions",
            get(list_interventions).post(create_intervention),
        )
        .route("/orgs/{org}/payouts", get(payouts))
        .route("/orgs/{org}/stats", get(stats))
        .route(
            "/orgs/{org}/survey-rounds/{id}/results",
            get(survey_results),
        )
        .fallback(|| async { Error::NotFound })
}

#[derive(Serialize)]
struct Me {
    id: i64,
    email: String,
    name: String,
    role: &'static str,
}

async fn me(auth: Auth) -> Json<Me> {
    let u = auth.user;
    Json(Me {
        id: u.id,
        email: u.email.as_str().to_string(),
        name: u.name,
        role: u.role.as_str(),
    })
}

async fn list_members(State(state): State<AppState>, ctx: OrgCtx) -> Result<Json<Vec<Member>>> {
    ctx.require(Permission::ViewOrg)?;
    Ok(Json(state.store.list_members(ctx.org.id).await?))
}

#[derive(Deserialize)]
struct MemberBody {
    name: String,
    kind: String,
}

async fn create_member(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Body(b): Body<MemberBody>,
) -> Result<impl IntoResponse> {
    ctx.require(Permission::ManageOrg)?;
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
    ctx.require(Permission::ViewOrg)?;
    Ok(Json(state.store.list_interventions(ctx.org.id).await?))
}

async fn create_intervention(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Body(input): Body<InterventionInput>,
) -> Result<impl IntoResponse> {
    ctx.require(Permission::ManageOrg)?;
    let fields = InterventionFields::parse(&input).map_err(Error::Invalid)?;
    let i = state
        .store
        .create_intervention(ctx.org.id, &ctx.actor(), &fields)
        .await?;
    Ok((StatusCode::CREATED, Json(i)))
}

/// A JSON body; one that does not parse is refused with the API's own error format, naming
/// what is wrong, instead of axum's plain-text rejection.
pub struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = Error;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(rejection) => Err(Error::Invalid(vec![samordna_domain::Invalid::new(
                "body",
                rejection.body_text(),
                samordna_domain::Reason::UnknownValue,
            )])),
        }
    }
}

/// `?year=2023&half=1`, as typed: parsed into a clear error naming the field.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PeriodQuery {
    pub year: String,
    pub half: String,
}

impl PeriodQuery {
    pub fn parse(&self) -> Result<(i32, u8)> {
        parse_period(&self.year, &self.half).map_err(Error::Invalid)
    }
}

async fn payouts(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Vec<PayoutJson>>> {
    ctx.require(Permission::ViewEconomy)?;
    let lines = samordna_app::economy::payouts(&*state.store, ctx.org.id, &q.year, &q.half).await?;
    Ok(Json(lines.iter().map(PayoutJson::from).collect()))
}

/// The period statistics, always with small counts hidden: aggregates only leave by the API.
async fn stats(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(params): Query<StatsParams>,
) -> Result<Json<StatsReport>> {
    let (visibility, _) = disclosure(&ctx)?;
    let names = Names::load(&*state.store, ctx.org.id).await?;
    let req = params.parse(&names, time::OffsetDateTime::now_utc().date())?;
    Ok(Json(
        report(&*state.store, ctx.org.id, &req, &visibility, true).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SurveyQuery {
    municipality: String,
}

/// A round's results per question; never by municipality, even when asked.
async fn survey_results(
    State(state): State<AppState>,
    ctx: OrgCtx,
    axum::extract::Path((_, id)): axum::extract::Path<(String, i64)>,
    Query(q): Query<SurveyQuery>,
) -> Result<Json<Vec<QuestionResult>>> {
    ctx.require(Permission::ViewOrg)?;
    no_municipality(&q.municipality)?;
    Ok(Json(
        round_results(&*state.store, ctx.org.id, id).await?.results,
    ))
}
