//! The participant's record: stays and their forms, the identity (each read audited),
//! consents, new referrals, the registerutdrag and erasure.

use super::registration::{id_in, parse_identity, parse_referral};
use super::{
    choices_for, consent_parties, income_checks, income_text, parse_party, scope_checks,
    scope_from, scope_text, Check,
};
use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, today, worded, FormErrors, Opt, Saved};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewPersonalData};
use samordna_domain::access::roles::{Permission, Role};
use samordna_domain::dates::parse_date;
use samordna_domain::invalid::Errors;
use samordna_domain::participants::record::{ConsentScope, Episode, NewConsent, ParticipantRecord};
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{Identity, IncomeSet};
use serde::Deserialize;
use std::collections::HashMap;
use time::Date;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/participants/{id}", ViewPersonalData, record),
        get(
            "/o/{org}/participants/{id}/identity",
            ViewPersonalData,
            identity,
        ),
        post(
            "/o/{org}/participants/{id}/consents",
            ViewPersonalData,
            add_consent,
        ),
        post(
            "/o/{org}/participants/{id}/consents/{consent}/withdraw",
            ViewPersonalData,
            withdraw_consent,
        ),
        post(
            "/o/{org}/participants/{id}/referrals",
            ViewPersonalData,
            refer,
        ),
        get(
            "/o/{org}/participants/{id}/extract",
            ViewPersonalData,
            extract,
        ),
        post("/o/{org}/participants/{id}/erase", ManageOrg, erase),
    ]
}

/// One stay with what its forms need.
pub struct EpisodeView {
    pub e: Episode,
    pub scale: StepScale,
    pub status: String,
    pub deregistration: Option<Date>,
    /// The age at start is outside the intervention's target group: shown, not refused.
    pub age_outside: bool,
    pub income_before: Vec<Check>,
    pub income_during: Vec<Check>,
    pub income_after: Vec<Check>,
    pub follow_up_income: Vec<Check>,
    pub steps: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "participants/record.html")]
struct RecordPage {
    l: Layout,
    base: String,
    r: ParticipantRecord,
    episodes: Vec<EpisodeView>,
    identity: Option<Identity>,
    interventions: Vec<Opt>,
    municipalities: Vec<Opt>,
    parties: Vec<Opt>,
    scopes: Vec<Check>,
    coaches: Vec<Opt>,
    reasons: Vec<Opt>,
    decisions: Vec<Opt>,
    outcomes: Vec<Opt>,
    today: String,
    today_date: Date,
    can_manage: bool,
    errors: FormErrors,
    /// The part of the record the last action saved (`episode-12`, `consents`, `stays`):
    /// the page confirms it there.
    saved: String,
}

impl RecordPage {
    fn saved_here(&self, place: &str) -> bool {
        self.saved == place
    }
    fn saved_episode(&self, id: &i64) -> bool {
        self.saved == format!("episode-{id}")
    }
    fn t(&self, prefix: &str, key: &str) -> String {
        self.l.tr.t(&format!("{prefix}-{key}"))
    }
    fn gender(&self) -> String {
        self.t("gender", self.r.participant.gender.as_str())
    }
    /// Every after-support contact is done: the schedule folds away.
    fn contacts_done(&self, v: &EpisodeView) -> bool {
        v.e.after_support.iter().all(|c| c.done_on.is_some())
    }
    fn scope(&self, scope: &[ConsentScope]) -> String {
        scope_text(self.l.tr, scope)
    }
    fn income(&self, set: &IncomeSet) -> String {
        if set.is_empty() {
            return "–".into();
        }
        income_text(self.l.tr, set)
    }
}

pub(super) async fn record_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    identity: Option<Identity>,
    errors: FormErrors,
    saved: String,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let r = state.store.participant(ctx.org.id, &viewer, id).await?;
    let (interventions, municipalities) = choices_for(state, ctx, &viewer).await?;
    let users = state.store.list_users(ctx.org.id).await?;
    let reasons = state.store.exit_reasons(ctx.org.id).await?;
    let members = state.store.list_members(ctx.org.id).await?;
    let mut episodes = vec![];
    for e in r.episodes.iter().rev() {
        let scale = state
            .store
            .step_scale(ctx.org.id, e.intervention_id)
            .await?;
        let range = interventions
            .iter()
            .find(|i| i.id == e.intervention_id)
            .map(|i| i.fields.target_age);
        episodes.push(EpisodeView {
            age_outside: matches!((range, e.age_at_start), (Some(r), Some(a)) if samordna_domain::participants::age_outside(r, a)),
            status: tr.t(&format!("status-{}", e.status().as_str())),
            deregistration: e.deregistration_date(),
            income_before: income_checks(tr, "before", &e.income_before),
            income_during: income_checks(tr, "during", &IncomeSet::default()),
            income_after: income_checks(tr, "after", &e.income_after),
            follow_up_income: income_checks(tr, "fu", &IncomeSet::default()),
            steps: opts(
                scale
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| ((i + 1).to_string(), format!("{} {l}", i + 1))),
                &e.current_step().unwrap_or(1).to_string(),
            ),
            scale,
            e: e.clone(),
        });
    }
    // Coaches only (not the director or a coordinator), or none yet.
    let coaches = std::iter::once((String::new(), tr.t("none-chosen"))).chain(
        users
            .iter()
            .filter(|u| u.role == Role::Coach && !u.disabled)
            .map(|u| (u.id.to_string(), u.name.clone())),
    );
    let code = errors.status();
    let page = RecordPage {
        l: Layout::org(
            tr,
            ctx,
            "/participants",
            tr.t1("participant-title", "code", &r.participant.code),
        ),
        base: format!("/o/{}", ctx.org.slug),
        episodes,
        identity,
        interventions: opts(
            interventions
                .iter()
                .map(|i| (i.id.to_string(), i.fields.name.clone())),
            "",
        ),
        municipalities: opts(
            municipalities
                .iter()
                .map(|m| (m.id.to_string(), m.name.clone())),
            "",
        ),
        parties: consent_parties(tr, &ctx.org, &members, ""),
        scopes: scope_checks(tr, &HashMap::new()),
        coaches: opts(coaches, &ctx.auth.user.id.to_string()),
        reasons: opts(
            reasons.iter().map(|x| (x.id.to_string(), x.label.clone())),
            "",
        ),
        decisions: opts(
            worded(
                &tr,
                "decision",
                samordna_domain::participants::Decision::ALL.map(|d| d.as_str()),
            ),
            "include",
        ),
        outcomes: opts(
            worded(
                &tr,
                "outcome",
                samordna_domain::participants::Outcome::ALL.map(|o| o.as_str()),
            ),
            "work",
        ),
        today: today().to_string(),
        today_date: today(),
        can_manage: ctx.auth.user.role.can(Permission::ManageOrg),
        r,
        errors,
        saved,
    };
    Ok((code, render(page)?).into_response())
}

async fn record(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<Saved>,
) -> Result<Response> {
    record_page(&state, tr, &ctx, id, None, FormErrors::default(), q.saved).await
}

/// Shows the identity on the record: a read that is written to the audit log.
async fn identity(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let identity = state.store.identity(ctx.org.id, &ctx.viewer()?, id).await?;
    let none = String::new();
    record_page(&state, tr, &ctx, id, identity, FormErrors::default(), none).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConsentInput {
    intervention: String,
    given_on: String,
    given_to: String,
    personnummer: String,
    name: String,
    /// The ticked scopes (`scope_…`) and the CSRF token.
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

async fn add_consent(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<ConsentInput>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let mut e = Errors::default();
    let intervention_id = e.take(id_in("intervention", &f.intervention));
    let given_on = e.take(parse_date("given_on", &f.given_on));
    let members = state.store.list_members(ctx.org.id).await?;
    let given_to = e.take(parse_party(&f.given_to, &ctx.org, &members));
    let scope = e.take(scope_from(&f.rest));
    let identity = parse_identity(&f.personnummer, &f.name, true, &mut e);
    let result = match (
        intervention_id,
        given_on,
        given_to,
        scope,
        identity,
        e.0.is_empty(),
    ) {
        (
            Some(intervention_id),
            Some(given_on),
            Some(given_to),
            Some(scope),
            Some(identity),
            true,
        ) => {
            let consent = NewConsent {
                intervention_id,
                given_on,
                given_to,
                scope,
            };
            state
                .store
                .add_consent(ctx.org.id, &viewer, id, &consent, identity.as_ref())
                .await
                .map_err(Error::from)
        }
        _ => Err(Error::Invalid(e.0)),
    };
    back_to_record(&state, tr, &ctx, id, "consents", result).await
}

/// After a form on the record: back to the part of it the form was in (`place`, an anchor),
/// which confirms what was saved; or the record again with the problems.
pub(super) async fn back_to_record(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    place: &str,
    result: Result<()>,
) -> Result<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/o/{}/participants/{id}?saved={place}#{place}",
            ctx.org.slug
        ))
        .into_response()),
        Err(Error::Invalid(errors)) => {
            let errors = FormErrors::new(tr, &errors);
            record_page(state, tr, ctx, id, None, errors, String::new()).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DateInput {
    on: String,
}

async fn withdraw_consent(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id, consent)): Path<(String, i64, i64)>,
    CsrfForm(f): CsrfForm<DateInput>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let result = match parse_date("on", &f.on) {
        Ok(on) => state
            .store
            .withdraw_consent(ctx.org.id, &viewer, id, consent, on)
            .await
            .map_err(Error::from),
        Err(e) => Err(e.into()),
    };
    back_to_record(&state, tr, &ctx, id, "consents", result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReferralInput {
    intervention: String,
    municipality: String,
    referral_date: String,
    referrer: String,
}

async fn refer(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<ReferralInput>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let mut e = Errors::default();
    let result = match parse_referral(
        &f.intervention,
        &f.municipality,
        &f.referral_date,
        &f.referrer,
        &mut e,
    ) {
        Some(r) if e.0.is_empty() => state
            .store
            .refer(ctx.org.id, &viewer, id, &r)
            .await
            .map(|_| ())
            .map_err(Error::from),
        _ => Err(Error::Invalid(e.0)),
    };
    back_to_record(&state, tr, &ctx, id, "stays", result).await
}

// ---- registerutdrag and erasure ----

#[derive(Template)]
#[template(path = "participants/extract.html")]
struct ExtractPage {
    l: Layout,
    r: ParticipantRecord,
    identity: Option<Identity>,
    made: String,
}

impl ExtractPage {
    fn t(&self, prefix: &str, key: &str) -> String {
        self.l.tr.t(&format!("{prefix}-{key}"))
    }
    fn income(&self, set: &IncomeSet) -> String {
        income_text(self.l.tr, set)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtractQuery {
    format: String,
}

/// Everything stored about one person (GDPR art. 15): as a printable page, or as JSON.
async fn extract(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<ExtractQuery>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let r = state.store.participant(ctx.org.id, &viewer, id).await?;
    let identity = state.store.identity(ctx.org.id, &viewer, id).await?;
    if q.format == "json" {
        return Ok(Json(serde_json::json!({ "identity": identity, "record": r })).into_response());
    }
    let page = ExtractPage {
        l: Layout::org(
            tr,
            &ctx,
            "/participants",
            tr.t1("extract-title", "code", &r.participant.code),
        ),
        r,
        identity,
        made: today().to_string(),
    };
    Ok(render(page)?.into_response())
}

async fn erase(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Redirect> {
    state
        .store
        .erase_participant(ctx.org.id, &ctx.viewer()?, id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/participants", ctx.org.slug)))
}
