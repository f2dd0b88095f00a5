//! A round's results as the page, the API and the command line ask for them, with the
//! previous round of the same survey and intervention beside them; the tables the files are
//! made of; and the flat file a national compilation merges.

use crate::i18n::Tr;
use crate::Result;
use samordna_domain::format::percent_bp;
use samordna_domain::orgs::{Org, OrgId};
use samordna_domain::stats::ShareBp;
use samordna_domain::surveys::results::{results, QuestionResult};
use samordna_domain::surveys::{Response, Round, Survey};
use samordna_reports::Table;
use samordna_store::Store;

pub struct RoundResults {
    pub round: Round,
    pub survey: Survey,
    pub answers: usize,
    pub results: Vec<QuestionResult>,
    /// The round before it of the same survey and intervention, if any.
    pub previous: Option<(Round, Vec<QuestionResult>)>,
}

pub async fn round_results(store: &dyn Store, org: OrgId, round_id: i64) -> Result<RoundResults> {
    let round = store.round(org, round_id).await?;
    let survey = store.survey(org, &round.survey_code).await?;
    let responses = store.responses(org, round_id).await?;
    let earlier = store
        .rounds(org)
        .await?
        .into_iter()
        .filter(|r| {
            r.survey_code == round.survey_code
                && r.intervention_id == round.intervention_id
                && (r.opens_on, r.id) < (round.opens_on, round.id)
        })
        .max_by_key(|r| (r.opens_on, r.id));
    let previous = match earlier {
        Some(r) => {
            let before = store.responses(org, r.id).await?;
            Some((r, results(&survey, &before)))
        }
        None => None,
    };
    Ok(RoundResults {
        answers: responses.len(),
        results: results(&survey, &responses),
        round,
        survey,
        previous,
    })
}

fn share(s: ShareBp) -> String {
    s.0.map(percent_bp).unwrap_or_else(|| "–".into())
}

/// One row per question: answers, the share against the target and the previous round's,
/// the share by gender, then the spread over the steps.
pub fn results_table(tr: &Tr, r: &RoundResults) -> Table {
    let steps = r
        .survey
        .questions
        .iter()
        .map(|q| q.scale.steps())
        .max()
        .unwrap_or(6);
    // What a reader looks for first (the share against the target) comes first; the
    // spread over the steps after. The genders in the survey's own words.
    let mut head: Vec<String> = [
        "survey-question",
        "survey-answered",
        "stats-share",
        "stats-goal",
        "stats-goal-met",
        "survey-previous",
        "survey-gender-woman",
        "survey-gender-man",
        "survey-gender-other",
        "survey-top",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    head.extend((1..=steps).map(|s| tr.t1("survey-step", "step", &s.to_string())));
    let mut t = Table::new(head);
    for (i, q) in r.results.iter().enumerate() {
        let plain = |c: samordna_domain::stats::Cell| {
            c.shown().map_or_else(|| c.to_string(), |v| v.to_string())
        };
        let mut row = vec![format!("{}. {}", q.question, q.text), plain(q.all.answered)];
        row.push(share(q.all.share));
        row.push(share(q.target));
        row.push(
            q.all
                .met
                .map(|m| tr.t(if m { "stats-met" } else { "stats-not-met" }))
                .unwrap_or_default(),
        );
        row.push(
            r.previous
                .as_ref()
                .and_then(|(_, p)| p.get(i))
                .map(|p| share(p.all.share))
                .unwrap_or_default(),
        );
        for g in [&q.by_gender.women, &q.by_gender.men, &q.by_gender.other] {
            row.push(share(g.share));
        }
        row.push(plain(q.all.top3));
        row.extend((0..steps as usize).map(|s| {
            q.all
                .distribution
                .get(s)
                .map(|&c| plain(c))
                .unwrap_or_default()
        }));
        t.push(row);
    }
    t
}

/// The answers of a round, one row each, for a national compilation to merge: who asked
/// (förbund, intervention, survey, round), the month, the gender answer and the steps.
pub fn answers_file(
    org: &str,
    intervention: &str,
    r: &Round,
    survey: &Survey,
    responses: &[Response],
) -> Table {
    let mut head: Vec<String> = [
        "förbund", "insats", "enkät", "omgång", "månad", "kön", "källa",
    ]
    .map(String::from)
    .to_vec();
    head.extend((1..=survey.questions.len()).map(|i| format!("f{i}")));
    let mut t = Table::new(head);
    for resp in responses {
        let gender = match resp.gender {
            Some(g) => match g {
                samordna_domain::surveys::RespondentGender::Woman => "kvinna",
                samordna_domain::surveys::RespondentGender::Man => "man",
                samordna_domain::surveys::RespondentGender::Other => "annat",
            },
            None => "",
        };
        let mut row = vec![
            org.to_string(),
            intervention.to_string(),
            survey.title.clone(),
            r.title.clone(),
            resp.month.clone(),
            gender.to_string(),
            resp.source.as_str().to_string(),
        ];
        row.extend(
            resp.answers
                .iter()
                .map(|a| a.map(|s| s.to_string()).unwrap_or_default()),
        );
        t.push(row);
    }
    t
}

/// The indicator survey across förbund (every förbund of the installation, or a network's:
/// the NNS compilation): per förbund and round opened in `year`, the answers and the share in
/// the three highest steps per question, and with more than one round all answers together;
/// as a table and as JSON rows (together's without a förbund). Groups of fewer than five
/// answers show no share.
pub async fn indicator_summary(
    store: &dyn Store,
    orgs: &[Org],
    year: i32,
    together: &str,
) -> Result<(Table, Vec<serde_json::Value>)> {
    use samordna_domain::surveys::INDICATOR;
    let mut head = vec![
        "förbund".to_string(),
        "omgång".to_string(),
        "svar".to_string(),
    ];
    head.extend((1..=7).map(|q| format!("f{q}")));
    let mut table = Table::new(head);
    let mut rows = Vec::new();
    let mut push = |(name, slug): (&str, Option<&str>),
                    round: &str,
                    answers: usize,
                    results: &[QuestionResult]| {
        let shares: Vec<Option<f64>> = results
            .iter()
            .map(|q| q.all.share.0.map(|bp| bp as f64 / 10_000.0))
            .collect();
        let mut row = vec![name.to_string(), round.to_string(), answers.to_string()];
        row.extend(
            results
                .iter()
                .map(|q| q.all.share.0.map(percent_bp).unwrap_or_else(|| "<5".into())),
        );
        table.push(row);
        rows.push(serde_json::json!({
            "org": slug,
            "round": round,
            "answers": answers,
            "shares": shares,
        }));
    };
    let mut pooled: Vec<Response> = Vec::new();
    let mut survey = None;
    let mut rounds = 0;
    for org in orgs {
        for round in store.rounds(org.id).await? {
            if round.survey_code != INDICATOR || round.opens_on.year() != year {
                continue;
            }
            let form = store.survey(org.id, &round.survey_code).await?;
            let responses = store.responses(org.id, round.id).await?;
            push(
                (&org.name, Some(org.slug.as_str())),
                &round.title,
                responses.len(),
                &results(&form, &responses),
            );
            pooled.extend(responses);
            survey = Some(form);
            rounds += 1;
        }
    }
    if let (Some(survey), true) = (survey, rounds > 1) {
        push(
            (together, None),
            "",
            pooled.len(),
            &results(&survey, &pooled),
        );
    }
    Ok((table, rows))
}
