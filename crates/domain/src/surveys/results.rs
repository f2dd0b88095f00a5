//! A round's results: per question the answers, their spread over the steps, the share in
//! the highest steps of those who answered, and whether it reached the target; by gender and
//! in total. Never by municipality (a rule of the förbund, 000 and 003). A group with fewer
//! than 5 answers shows no spread and no share, whoever asks: the answers are anonymous and
//! stay so.

use super::{RespondentGender, Response, Survey};
use crate::stats::{Cell, ShareBp};
use serde::Serialize;

/// Fewer answers than this and a group's spread and share are hidden.
pub const MIN_ANSWERS: u32 = 5;

/// The figures of one group (all, or one gender) for one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub answered: Cell,
    /// Answers per step, lowest first.
    pub distribution: Vec<Cell>,
    /// Answers in the highest steps (`Survey::top`).
    pub top3: Cell,
    pub share: ShareBp,
    pub met: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GenderFigures {
    pub women: Figures,
    pub men: Figures,
    pub other: Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionResult {
    pub question: usize,
    pub text: String,
    #[serde(flatten)]
    pub all: Figures,
    pub target: ShareBp,
    pub by_gender: GenderFigures,
}

fn figures(survey: &Survey, q: usize, answers: impl Iterator<Item = u8>) -> Figures {
    let steps = survey.questions[q].scale.steps();
    let mut counts = vec![0u32; steps as usize];
    for a in answers {
        counts[a as usize - 1] += 1;
    }
    let answered: u32 = counts.iter().sum();
    let top: u32 = counts.iter().rev().take(survey.top as usize).sum();
    if (1..MIN_ANSWERS).contains(&answered) {
        return Figures {
            answered: Cell::exact(answered).hide_small(),
            distribution: counts.iter().map(|_| Cell::hidden_small()).collect(),
            top3: Cell::hidden_small(),
            share: ShareBp(None),
            met: None,
        };
    }
    let share = ShareBp::of(Cell::exact(top), Cell::exact(answered));
    Figures {
        answered: Cell::exact(answered),
        distribution: counts.into_iter().map(Cell::exact).collect(),
        top3: Cell::exact(top),
        share,
        met: share.0.map(|s| s >= survey.target_bp),
    }
}

/// The results of a round's responses, question by question.
pub fn results(survey: &Survey, responses: &[Response]) -> Vec<QuestionResult> {
    (0..survey.questions.len())
        .map(|q| {
            let of = |g: Option<RespondentGender>| {
                figures(
                    survey,
                    q,
                    responses
                        .iter()
                        .filter(move |r| g.is_none() || r.gender == g)
                        .filter_map(move |r| r.answers.get(q).copied().flatten()),
                )
            };
            QuestionResult {
                question: q + 1,
                text: survey.questions[q].text.clone(),
                all: of(None),
                target: ShareBp(Some(survey.target_bp)),
                by_gender: GenderFigures {
                    women: of(Some(RespondentGender::Woman)),
                    men: of(Some(RespondentGender::Man)),
                    other: of(Some(RespondentGender::Other)),
                },
            }
        })
        .collect()
}
