//! What a coach records on a stay, one small form each: decision, start, step, income,
//! violence screening, exit, after-support, contacts, follow-ups, deregistration. The rules
//! (what may follow what) are the domain's `Change::check`, applied by the store.

use super::income_from;
use super::record::back_to_record;
use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::{Error, Result};
use crate::i18n::Words;
use crate::routes::{post, Route};
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission::ViewPersonalData;
use samordna_domain::dates::parse_date;
use samordna_domain::participants::record::Change;
use samordna_domain::participants::{Decision, Outcome};
use samordna_domain::{Invalid, Reason};
use samordna_store::EpisodeFilter;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    vec![post(
        "/o/{org}/episodes/{id}/{action}",
        ViewPersonalData,
        change,
    )]
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChangeInput {
    on: String,
    decision: String,
    coach: String,
    gk: String,
    step: String,
    reason: String,
    occupation: String,
    item: String,
    status: String,
    /// `queue` to go back to the queue after a decision.
    back: String,
    /// The ticked income sources (`before_wage`, …) and the CSRF token.
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

fn number(field: &'static str, v: &str) -> Result<i64, Invalid> {
    v.trim()
        .parse()
        .map_err(|_| Invalid::new(field, v, Reason::Required))
}

async fn change(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id, action)): Path<(String, i64, String)>,
    CsrfForm(f): CsrfForm<ChangeInput>,
) -> Result<Response> {
    let viewer = ctx.viewer()?;
    let filter = EpisodeFilter {
        episode_id: Some(id),
        ..Default::default()
    };
    let episode = state
        .store
        .episodes(ctx.org.id, &viewer, &filter)
        .await?
        .pop()
        .ok_or(Error::NotFound)?;
    let reasons = state.store.exit_reasons(ctx.org.id).await?;
    let parsed = (|| -> Result<Change, Invalid> {
        let on = || parse_date("on", &f.on);
        Ok(match action.as_str() {
            "decide" => Change::Decide {
                decision: Decision::parse("decision", &f.decision)?,
                on: on()?,
            },
            "start" => Change::Start {
                on: on()?,
                coach_id: f.coach.trim().parse().ok(),
                income_before: income_from(&f.rest, "before", "income_before")?,
                gk: !f.gk.is_empty(),
            },
            "step" => Change::Step {
                step: number("step", &f.step)?.clamp(0, 255) as u8,
                on: on()?,
            },
            "income" => Change::Income {
                on: on()?,
                sources: income_from(&f.rest, "during", "income_during")?,
            },
            "exit" => Change::Exit {
                on: parse_date("end", &f.on)?,
                reason: number("exit_reason", &f.reason)
                    .ok()
                    .and_then(|r| reasons.iter().find(|x| x.id == r).cloned())
                    .ok_or_else(|| Invalid::new("exit_reason", &f.reason, Reason::Required))?,
                income_after: income_from(&f.rest, "after", "income_after")?,
                occupation: samordna_domain::invalid::optional_text(
                    "occupation",
                    &f.occupation,
                    200,
                )?,
            },
            "deregister" => Change::Deregister { on: on()? },
            "violence" => Change::ViolenceAsked { on: on()? },
            "after-support" => Change::AfterSupport { from: on()? },
            "contact" => Change::ContactDone {
                contact_id: number("item", &f.item)?,
                on: on()?,
            },
            "follow-up" => Change::FollowUp {
                follow_up_id: number("item", &f.item)?,
                on: on()?,
                status: Outcome::parse("status", &f.status)?,
                income: income_from(&f.rest, "fu", "income")?,
            },
            _ => return Err(Invalid::new("action", &action, Reason::UnknownValue)),
        })
    })();
    let result = match parsed {
        Ok(change) => state
            .store
            .change_episode(ctx.org.id, &viewer, id, &change)
            .await
            .map_err(Error::from),
        Err(e) => Err(e.into()),
    };
    // Done from a list (the queue, Min sida, the start page): back to that list, which
    // confirms it. Problems show on the record.
    let list = match f.back.as_str() {
        "queue" => Some("/queue"),
        "coach" => Some("/coach"),
        "start" => Some(""),
        _ => None,
    };
    if let (Ok(()), Some(list)) = (&result, list) {
        let to = format!("/o/{}{list}?saved=1", ctx.org.slug);
        return Ok(Redirect::to(&to).into_response());
    }
    let place = format!("episode-{id}");
    back_to_record(&state, tr, &ctx, episode.participant_id, &place, result).await
}
