//! Answering a survey: a plain page at `/s/{link}`, for a phone, without JavaScript, in
//! Swedish, easy-to-read Swedish (`?lattlast=1`) or English. Nothing about the respondent is
//! kept: not who, not the address, not the moment (only the month).

use crate::auth::MaybeAuth;
use crate::csrf::{token_for, CsrfCookie, CsrfForm};
use crate::error::{Error, Result};
use crate::forms::today;
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use samordna_domain::surveys::{
    Access, Response as Answer, Round, Source, Survey, QUESTION_FIELDS, SCALE_A,
};
use samordna_domain::Invalid;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    vec![
        get("/s/{token}", crate::routes::Access::Public, form),
        post("/s/{token}", crate::routes::Access::Public, submit),
    ]
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerQuery {
    code: String,
    lattlast: String,
}

pub struct Choice {
    pub value: u8,
    pub label: String,
    pub checked: bool,
}

pub struct QuestionView {
    pub field: &'static str,
    pub number: usize,
    pub text: String,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "surveys/answer.html")]
struct AnswerPage {
    l: Layout,
    title: String,
    /// Who asks: the förbund and the intervention, so a participant knows whose survey it is.
    asker: String,
    easy: bool,
    open: bool,
    needs_code: bool,
    code: String,
    asks_gender: bool,
    /// Value, label, chosen.
    genders: Vec<(&'static str, String, bool)>,
    questions: Vec<QuestionView>,
    errors: Vec<String>,
}

impl AnswerPage {
    /// The words of `key`, in their easy-to-read form (`{key}-easy`) on the easy page.
    fn w(&self, key: &str) -> String {
        self.l.tr.t(&easy_key(self.easy, key))
    }
    fn easy_asked_by(&self) -> String {
        easy_key(self.easy, "survey-asked-by")
    }
}

/// `{key}-easy` on the easy-to-read page, for the words that have one.
fn easy_key(easy: bool, key: &str) -> String {
    const EASY: &[&str] = &[
        "survey-asked-by",
        "survey-code",
        "survey-code-hint",
        "survey-about-you",
        "survey-gender-other",
        "survey-send",
        "err-closed",
    ];
    if easy && EASY.contains(&key) {
        format!("{key}-easy")
    } else {
        key.to_string()
    }
}

#[derive(Template)]
#[template(path = "surveys/thanks.html")]
struct ThanksPage {
    l: Layout,
    easy: bool,
}

/// The question in the reader's language: the built-in survey has an English version; a
/// förbund's own survey is shown as written.
fn question_views(tr: &Tr, survey: &Survey, chosen: &HashMap<String, String>) -> Vec<QuestionView> {
    let english = survey.builtin && tr.lang() == "en";
    survey
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let field = QUESTION_FIELDS[i];
            let scale = if q.scale.labels == SCALE_A { "a" } else { "b" };
            QuestionView {
                field,
                number: i + 1,
                text: if english {
                    tr.t(&format!("survey-indicator-q{}", i + 1))
                } else {
                    q.text.clone()
                },
                choices: q
                    .scale
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(s, label)| {
                        let value = s as u8 + 1;
                        Choice {
                            value,
                            label: if english {
                                tr.t(&format!("survey-scale-{scale}-{value}"))
                            } else {
                                label.clone()
                            },
                            checked: chosen.get(field).is_some_and(|v| v == &value.to_string()),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

async fn round_of(
    state: &AppState,
    token: &str,
) -> Result<(samordna_domain::orgs::OrgId, Round, Survey)> {
    let (org, round) = state.store.round_by_token(token).await?;
    let survey = state.store.survey(org, &round.survey_code).await?;
    Ok((org, round, survey))
}

/// "Höglandets samordningsförbund, SE-Höglandet".
pub(super) async fn asker(
    state: &AppState,
    org: samordna_domain::orgs::OrgId,
    round: &Round,
) -> Result<String> {
    let name = state.store.get_org(org).await?.name;
    let intervention = state
        .store
        .list_interventions(org)
        .await?
        .into_iter()
        .find(|i| Some(i.id) == round.intervention_id);
    Ok(match intervention {
        Some(i) => format!("{name}, {}", i.fields.name),
        None => name,
    })
}

#[allow(clippy::too_many_arguments)]
fn page(
    tr: Tr,
    csrf: String,
    token: &str,
    asker: String,
    round: &Round,
    survey: &Survey,
    easy: bool,
    values: &HashMap<String, String>,
    errors: Vec<String>,
) -> Result<Response> {
    let path = format!("/s/{token}{}", if easy { "?lattlast=1" } else { "" });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AnswerPage {
        asker,
        title: if survey.builtin && tr.lang() == "en" {
            tr.t("survey-indicator-title")
        } else {
            survey.title.clone()
        },
        easy,
        open: round.is_open(today()),
        needs_code: round.access == Access::SingleUseCodes,
        code: values.get("code").cloned().unwrap_or_default(),
        asks_gender: survey.asks_gender,
        genders: [
            ("woman", "survey-gender-woman"),
            ("man", "survey-gender-man"),
            ("other", "survey-gender-other"),
        ]
        .map(|(v, k)| {
            let label = tr.t(&easy_key(easy, k));
            (v, label, values.get("gender").is_some_and(|g| g == v))
        })
        .to_vec(),
        questions: question_views(&tr, survey, values),
        errors,
        l: Layout::anon(tr, csrf, tr.t("survey-answer-title"), &path),
    };
    Ok((status, render(page)?).into_response())
}

async fn form(
    State(state): State<AppState>,
    Words(tr): Words,
    auth: MaybeAuth,
    Extension(anon): Extension<CsrfCookie>,
    Path(token): Path<String>,
    Query(q): Query<AnswerQuery>,
) -> Result<Response> {
    let (org, round, survey) = round_of(&state, &token).await?;
    let asker = asker(&state, org, &round).await?;
    let values = HashMap::from([("code".to_string(), q.code)]);
    page(
        tr,
        token_for(&auth, &anon),
        &token,
        asker,
        &round,
        &survey,
        !q.lattlast.is_empty(),
        &values,
        vec![],
    )
}

async fn submit(
    State(state): State<AppState>,
    Words(tr): Words,
    auth: MaybeAuth,
    Extension(anon): Extension<CsrfCookie>,
    Path(token): Path<String>,
    CsrfForm(values): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let (org, round, survey) = round_of(&state, &token).await?;
    let asked_by = asker(&state, org, &round).await?;
    let easy = values.get("lattlast").is_some_and(|v| !v.is_empty());
    let csrf = token_for(&auth, &anon);
    let refuse = |problems: Vec<Invalid>| {
        page(
            tr,
            csrf.clone(),
            &token,
            asked_by.clone(),
            &round,
            &survey,
            easy,
            &values,
            tr.invalid_list(&problems),
        )
    };
    let day = today();
    if !round.is_open(day) {
        return refuse(vec![Invalid::new(
            "survey",
            round.title.clone(),
            samordna_domain::Reason::Closed,
        )]);
    }
    let get = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let answers: Vec<&str> = QUESTION_FIELDS
        .iter()
        .take(survey.questions.len())
        .map(|f| get(f))
        .collect();
    let answer = match Answer::parse(&survey, get("gender"), &answers, day, Source::Web) {
        Ok(a) => a,
        Err(problems) => return refuse(problems),
    };
    let code = (round.access == Access::SingleUseCodes).then(|| get("code"));
    if code.is_some_and(|c| c.trim().is_empty()) {
        return refuse(vec![Invalid::new(
            "code",
            "",
            samordna_domain::Reason::Required,
        )]);
    }
    match state
        .store
        .submit_response(org, round.id, code, &answer)
        .await
    {
        Ok(()) => Ok(render(ThanksPage {
            l: Layout::anon(tr, csrf.clone(), tr.t("survey-thanks-title"), "/"),
            easy,
        })?
        .into_response()),
        Err(samordna_store::StoreError::Invalid(problems)) => refuse(problems),
        Err(e) => Err(Error::from(e)),
    }
}
