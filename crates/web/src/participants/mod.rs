//! Participants: registration with or without identity, consent, the record with its stays,
//! the registerutdrag and erasure. A coach's and a coordinator's view is narrowed by their
//! scope in the store; the board and the auditor never reach these pages.

mod episodes;
mod files;
mod work;

use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, today, worded, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewPersonalData};
use samordna_domain::dates::parse_date;
use samordna_domain::invalid::{optional, optional_text, Errors};
use samordna_domain::orgs::interventions::{Intervention, InterventionKind};
use samordna_domain::orgs::members::{Member, MemberKind};
use samordna_domain::participants::record::{
    Episode, NewConsent, NewReferral, ParticipantRecord, Registration, Viewer,
};
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{
    parse_birth_year, parse_code, Gender, Identity, IncomeSet, IncomeSource, Personnummer,
};
use samordna_domain::{Invalid, Reason};
use serde::Deserialize;
use std::collections::HashMap;
use time::Date;

pub fn routes() -> Vec<Route> {
    let own = vec![
        get("/o/{org}/participants", ViewPersonalData, list).menu("nav-participants"),
        post("/o/{org}/participants", ViewPersonalData, register),
        get("/o/{org}/participants/new", ViewPersonalData, new_form),
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
    ];
    [own, episodes::routes(), work::routes(), files::routes()]
        .into_iter()
        .flatten()
        .collect()
}

/// A checkbox of an income source.
pub struct Check {
    pub name: String,
    pub label: String,
    pub checked: bool,
}

/// The income-source checkboxes of one form, named `{prefix}_{code}`.
fn income_checks(tr: Tr, prefix: &str, set: &IncomeSet) -> Vec<Check> {
    IncomeSource::ALL
        .into_iter()
        .map(|s| Check {
            name: format!("{prefix}_{}", s.as_str()),
            label: tr.t(&format!("income-{}", s.as_str())),
            checked: set.0.contains(&s),
        })
        .collect()
}

/// The sources of a set in words, for a record or an extract.
fn income_text(tr: Tr, set: &IncomeSet) -> String {
    let words: Vec<String> = set
        .0
        .iter()
        .map(|s| tr.t(&format!("income-{}", s.as_str())))
        .collect();
    words.join(", ")
}

/// The sources ticked in a form.
fn income_from(
    fields: &HashMap<String, String>,
    prefix: &str,
    field: &'static str,
) -> Result<IncomeSet, Invalid> {
    let ticked = IncomeSource::ALL
        .into_iter()
        .filter(|s| fields.contains_key(&format!("{prefix}_{}", s.as_str())))
        .map(|s| s.as_str());
    IncomeSet::parse(field, ticked)
}

/// The förbund's individual interventions and municipalities the viewer may work in.
async fn choices_for(
    state: &AppState,
    ctx: &OrgCtx,
    viewer: &Viewer,
) -> Result<(Vec<Intervention>, Vec<Member>)> {
    let interventions: Vec<Intervention> = state
        .store
        .list_interventions(ctx.org.id)
        .await?
        .into_iter()
        .filter(|i| i.fields.kind == InterventionKind::Individual)
        .collect();
    let members = state.store.list_members(ctx.org.id).await?;
    let municipalities = members
        .iter()
        .filter(|m| m.kind == MemberKind::Municipality)
        .filter(|m| {
            interventions
                .iter()
                .any(|i| viewer.visibility.sees(i.id, m.id))
        })
        .cloned()
        .collect();
    let interventions = interventions
        .into_iter()
        .filter(|i| members.iter().any(|m| viewer.visibility.sees(i.id, m.id)))
        .collect();
    Ok((interventions, municipalities))
}

// ---- list ----

#[derive(Template)]
#[template(path = "participants/list.html")]
struct ListPage {
    l: Layout,
    base: String,
    episodes: Vec<Episode>,
    can_manage: bool,
}

impl ListPage {
    fn status(&self, e: &Episode) -> String {
        self.l.tr.t(&format!("status-{}", e.status().as_str()))
    }
    fn gender(&self, e: &Episode) -> String {
        self.l.tr.t(&format!("gender-{}", e.gender.as_str()))
    }
}

async fn list(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let filter = samordna_store::EpisodeFilter {
        open_only: true,
        ..Default::default()
    };
    let episodes = state.store.episodes(ctx.org.id, &viewer, &filter).await?;
    let page = ListPage {
        l: Layout::org(tr, &ctx, "/participants", tr.t("nav-participants")),
        base: format!("/o/{}", ctx.org.slug),
        episodes,
        can_manage: ctx.auth.user.role.can(Permission::ManageOrg),
    };
    Ok(render(page)?.into_response())
}

// ---- registration ----

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegistrationInput {
    code: String,
    gender: String,
    birth_year: String,
    intervention: String,
    municipality: String,
    referral_date: String,
    referrer: String,
    consent: Option<String>,
    given_to: String,
    personnummer: String,
    name: String,
}

#[derive(Template)]
#[template(path = "participants/new.html")]
struct NewPage {
    l: Layout,
    base: String,
    f: RegistrationInput,
    genders: Vec<Opt>,
    interventions: Vec<Opt>,
    municipalities: Vec<Opt>,
    referrers: Vec<Opt>,
    errors: FormErrors,
}

async fn new_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    f: RegistrationInput,
    errors: FormErrors,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let (interventions, municipalities) = choices_for(state, ctx, &viewer).await?;
    let members = state.store.list_members(ctx.org.id).await?;
    let mut referrers = vec![(String::new(), tr.t("none-chosen"))];
    referrers.extend(members.iter().map(|m| (m.id.to_string(), m.name.clone())));
    let code = errors.status();
    let page = NewPage {
        l: Layout::org(tr, ctx, "/participants", tr.t("participant-new")),
        base: format!("/o/{}", ctx.org.slug),
        genders: opts(
            Gender::ALL.map(|g| {
                (
                    g.as_str().to_string(),
                    tr.t(&format!("gender-{}", g.as_str())),
                )
            }),
            &f.gender,
        ),
        interventions: opts(
            interventions
                .iter()
                .map(|i| (i.id.to_string(), i.fields.name.clone())),
            &f.intervention,
        ),
        municipalities: opts(
            municipalities
                .iter()
                .map(|m| (m.id.to_string(), m.name.clone())),
            &f.municipality,
        ),
        referrers: opts(referrers, &f.referrer),
        f,
        errors,
    };
    Ok((code, render(page)?).into_response())
}

async fn new_form(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
) -> Result<Response> {
    let f = RegistrationInput {
        referral_date: today().to_string(),
        ..Default::default()
    };
    new_page(&state, tr, &ctx, f, FormErrors::default()).await
}

fn id_in(field: &'static str, v: &str) -> Result<i64, Invalid> {
    v.trim()
        .parse()
        .map_err(|_| Invalid::new(field, v, Reason::Required))
}

fn parse_referral(
    intervention: &str,
    municipality: &str,
    date: &str,
    referrer: &str,
    e: &mut Errors,
) -> Option<NewReferral> {
    let intervention_id = e.take(id_in("intervention", intervention));
    let municipality_id = e.take(id_in("municipality", municipality));
    let referral_date = e.take(parse_date("referral_date", date));
    let referrer_id = e.take(optional(referrer, |v| id_in("referrer", v)));
    Some(NewReferral {
        intervention_id: intervention_id?,
        municipality_id: municipality_id?,
        referral_date: referral_date?,
        referrer_id: referrer_id?,
    })
}

/// An identity typed in a form: only with a consent ticked.
fn parse_identity(
    pnr: &str,
    name: &str,
    consent: bool,
    e: &mut Errors,
) -> Option<Option<Identity>> {
    if pnr.trim().is_empty() && name.trim().is_empty() {
        return Some(None);
    }
    if !consent {
        e.0.push(Invalid::new("consent", "", Reason::ConsentMissing));
        return None;
    }
    match Identity::parse(pnr, name, today()) {
        Ok(i) => Some(Some(i)),
        Err(errs) => {
            e.0.extend(errs);
            None
        }
    }
}

impl RegistrationInput {
    fn parse(&self) -> Result<Registration, Vec<Invalid>> {
        let mut e = Errors::default();
        let code = e.take(optional(&self.code, |v| parse_code("code", v)));
        let gender = e.take(Gender::parse("gender", &self.gender));
        let consent = self.consent.is_some();
        let identity = parse_identity(&self.personnummer, &self.name, consent, &mut e);
        let from_pnr = Personnummer::parse("personnummer", &self.personnummer, today())
            .ok()
            .map(|p| p.birth_date().year());
        let birth_year = match (from_pnr, self.birth_year.trim()) {
            (Some(y), "") => Some(y),
            (Some(y), written) if written != y.to_string() => {
                e.0.push(Invalid::new("birth_year", written, Reason::Mismatch));
                None
            }
            _ => e.take(parse_birth_year("birth_year", &self.birth_year, today())),
        };
        let referral = parse_referral(
            &self.intervention,
            &self.municipality,
            &self.referral_date,
            &self.referrer,
            &mut e,
        );
        let given_to = e.take(optional_text("given_to", &self.given_to, 200));
        match (
            code,
            gender,
            identity,
            birth_year,
            referral,
            given_to,
            e.0.is_empty(),
        ) {
            (
                Some(code),
                Some(gender),
                Some(identity),
                Some(birth_year),
                Some(referral),
                Some(given_to),
                true,
            ) => {
                let identity = identity.map(|i| {
                    let consent = NewConsent {
                        intervention_id: referral.intervention_id,
                        given_on: referral.referral_date,
                        given_to: if given_to.is_empty() {
                            "förbundet".into()
                        } else {
                            given_to
                        },
                    };
                    (i, consent)
                });
                Ok(Registration {
                    code,
                    gender,
                    birth_year,
                    identity,
                    referral,
                })
            }
            _ => Err(e.0),
        }
    }
}

async fn register(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<RegistrationInput>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let result = match f.parse() {
        Ok(reg) => state
            .store
            .register(ctx.org.id, &viewer, &reg)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match result {
        Ok(id) => {
            Ok(Redirect::to(&format!("/o/{}/participants/{id}", ctx.org.slug)).into_response())
        }
        Err(Error::Invalid(errors)) => {
            new_page(&state, tr, &ctx, f, FormErrors::new(tr, &errors)).await
        }
        Err(e) => Err(e),
    }
}

// ---- the record ----

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
    coaches: Vec<Opt>,
    reasons: Vec<Opt>,
    decisions: Vec<Opt>,
    outcomes: Vec<Opt>,
    today: String,
    can_manage: bool,
    errors: FormErrors,
}

impl RecordPage {
    fn t(&self, prefix: &str, key: &str) -> String {
        self.l.tr.t(&format!("{prefix}-{key}"))
    }
    fn gender(&self) -> String {
        self.t("gender", self.r.participant.gender.as_str())
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
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let r = state.store.participant(ctx.org.id, &viewer, id).await?;
    let (interventions, municipalities) = choices_for(state, ctx, &viewer).await?;
    let users = state.store.list_users(ctx.org.id).await?;
    let reasons = state.store.exit_reasons(ctx.org.id).await?;
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
    let coaches = users
        .iter()
        .filter(|u| u.role.can(Permission::ViewPersonalData) && !u.disabled)
        .map(|u| (u.id.to_string(), u.name.clone()));
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
        can_manage: ctx.auth.user.role.can(Permission::ManageOrg),
        r,
        errors,
    };
    Ok((code, render(page)?).into_response())
}

async fn record(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    record_page(&state, tr, &ctx, id, None, FormErrors::default()).await
}

/// Shows the identity on the record: a read that is written to the audit log.
async fn identity(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let identity = state.store.identity(ctx.org.id, &ctx.viewer()?, id).await?;
    record_page(&state, tr, &ctx, id, identity, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConsentInput {
    intervention: String,
    given_on: String,
    given_to: String,
    personnummer: String,
    name: String,
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
    let given_to = e.take(samordna_domain::invalid::required_text(
        "given_to",
        &f.given_to,
        200,
    ));
    let identity = parse_identity(&f.personnummer, &f.name, true, &mut e);
    let result = match (
        intervention_id,
        given_on,
        given_to,
        identity,
        e.0.is_empty(),
    ) {
        (Some(intervention_id), Some(given_on), Some(given_to), Some(identity), true) => {
            let consent = NewConsent {
                intervention_id,
                given_on,
                given_to,
            };
            state
                .store
                .add_consent(ctx.org.id, &viewer, id, &consent, identity.as_ref())
                .await
                .map_err(Error::from)
        }
        _ => Err(Error::Invalid(e.0)),
    };
    back_to_record(&state, tr, &ctx, id, result).await
}

/// After a form on the record: back to it, or the record again with the problems.
pub(super) async fn back_to_record(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    result: Result<()>,
) -> Result<Response> {
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/o/{}/participants/{id}", ctx.org.slug)).into_response())
        }
        Err(Error::Invalid(errors)) => {
            record_page(state, tr, ctx, id, None, FormErrors::new(tr, &errors)).await
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
    back_to_record(&state, tr, &ctx, id, result).await
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
    back_to_record(&state, tr, &ctx, id, result).await
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
