//! Registering a participant: with a code only, or with personnummer and name under a
//! consent, and the first referral.

use super::{choices_for, consent_parties, parse_party, scope_checks, scope_from, Check};
use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::forms::{opts, today, FormErrors, Opt};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission::ViewPersonalData;
use samordna_domain::dates::parse_date;
use samordna_domain::invalid::{optional, Errors};
use samordna_domain::orgs::members::Member;
use samordna_domain::orgs::Org;
use samordna_domain::participants::record::{NewConsent, NewReferral, Registration};
use samordna_domain::participants::{parse_birth_year, parse_code, Gender, Identity, Personnummer};
use samordna_domain::{Invalid, Reason};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    vec![
        post("/o/{org}/participants", ViewPersonalData, register),
        get("/o/{org}/participants/new", ViewPersonalData, new_form),
    ]
}

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
    /// The ticked scopes of the consent (`scope_…`) and the CSRF token.
    #[serde(flatten)]
    rest: HashMap<String, String>,
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
    parties: Vec<Opt>,
    scopes: Vec<Check>,
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
        // No gender chosen beforehand: a default would be kept by whoever hurries past it,
        // and the statistics by gender would lean its way.
        genders: opts(
            std::iter::once((String::new(), tr.t("choose-one"))).chain(Gender::ALL.map(|g| {
                (
                    g.as_str().to_string(),
                    tr.t(&format!("gender-{}", g.as_str())),
                )
            })),
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
        parties: consent_parties(tr, &ctx.org, &members, &f.given_to),
        scopes: scope_checks(tr, &f.rest),
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

pub(super) fn id_in(field: &'static str, v: &str) -> Result<i64, Invalid> {
    v.trim()
        .parse()
        .map_err(|_| Invalid::new(field, v, Reason::Required))
}

pub(super) fn parse_referral(
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
pub(super) fn parse_identity(
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
    fn parse(&self, org: &Org, members: &[Member]) -> Result<Registration, Vec<Invalid>> {
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
        // With an identity the consent says to whom it was given and what it allows.
        let consent = if identity.as_ref().is_some_and(Option::is_some) {
            let party = e.take(parse_party(&self.given_to, org, members));
            let scope = e.take(scope_from(&self.rest));
            party.zip(scope)
        } else {
            Some((String::new(), vec![]))
        };
        match (
            code,
            gender,
            identity,
            birth_year,
            referral,
            consent,
            e.0.is_empty(),
        ) {
            (
                Some(code),
                Some(gender),
                Some(identity),
                Some(birth_year),
                Some(referral),
                Some((given_to, scope)),
                true,
            ) => {
                let identity = identity.map(|i| {
                    let consent = NewConsent {
                        intervention_id: referral.intervention_id,
                        given_on: referral.referral_date,
                        given_to,
                        scope,
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
    let members = state.store.list_members(ctx.org.id).await?;
    let result = match f.parse(&ctx.org, &members) {
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
