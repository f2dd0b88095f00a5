//! The samverkanskoordinator's half-year report (Rapportmall Samverkanskoordinator, 000 and
//! 001): for each task of the coordinator's description, Ja or Nej and how (the activity of
//! the action plan). Filled in per municipality and half-year, submitted to the director;
//! a submitted report is the "reports are in" of that agreement's payout.

use crate::invalid::{Invalid, Reason};
use crate::plans::requests::no_personal_data;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The tasks of the Rapportmall, word for word (000 bilaga).
pub const TASKS: [&str; 12] = [
    "Utveckla samverkan mellan de fyra rehabiliteringsaktörerna utifrån lokala behov.",
    "Upprätta en handlingsplan som innehåller mål och aktiviteter för respektive kommunområde.",
    "Medverka i och driva arbetet framåt i samverkansgrupperna inom varje kommunområde.",
    "Kontaktperson för andra myndigheter/vården för att lotsa till rätt avdelning inom kommunen.",
    "Organisera och genomföra gemensamma informationsträffar kring samverkan för anställda hos alla fyra parter.",
    "Kartlägga och arbeta med utveckling av områden där samverkan kring rehabilitering till arbete/studier kan förbättras.",
    "Kommunens representant i arbetsgruppen för Inspirationsdag.",
    "Delta i nätverk mellan kommunområden för utveckling av samverkan.",
    "Jämställdhetsfrågor tas upp till diskussion och är en naturlig del av arbetet.",
    "Omvärldsbevakning med fokus på samtliga fyra aktörers uppdrag och möjliga insatser när det gäller samverkan för målgruppen.",
    "Arbeta för att synliggöra och lyfta faktorer som möjliggör eller försvårar samverkan.",
    "Övrigt arbete kring samverkan i kommunområdet.",
];

pub const MAX_HOW: usize = 2000;

/// One row of the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Ja (`true`), Nej (`false`), or not answered yet.
    pub done: Option<bool>,
    /// Hur/Aktivitet.
    pub how: String,
}

/// The answers of one report, one per task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(pub Vec<Answer>);

impl Default for Answers {
    fn default() -> Self {
        Answers(vec![Answer::default(); TASKS.len()])
    }
}

/// `ja` → Ja, `nej` → Nej, empty → not answered; `None` for anything else.
fn done_of(text: &str) -> Option<Option<bool>> {
    match text.trim() {
        "ja" => Some(Some(true)),
        "nej" => Some(Some(false)),
        "" => Some(None),
        _ => None,
    }
}

impl Answers {
    /// What the form holds as typed, to show it again beside its problems: an unknown
    /// answer as not answered.
    pub fn as_typed(form: &HashMap<String, String>) -> Self {
        let get = |k: &str, n: usize| form.get(&format!("{k}-{n}")).cloned().unwrap_or_default();
        Answers(
            (1..=TASKS.len())
                .map(|n| Answer {
                    done: done_of(&get("answer", n)).flatten(),
                    how: get("how", n),
                })
                .collect(),
        )
    }

    /// The form's fields `answer-1` (`ja`/`nej`/empty) and `how-1`, … for each task. A draft
    /// may leave tasks open; `submit` needs Ja or Nej on every one. The text is kept free of
    /// personnummer (the coordinator has no individual cases).
    pub fn parse(form: &HashMap<String, String>, submit: bool) -> Result<Self, Vec<Invalid>> {
        let mut errors = vec![];
        let mut answers = vec![];
        for (i, _) in TASKS.iter().enumerate() {
            let n = i + 1;
            let get = |k: &str| {
                form.get(&format!("{k}-{n}"))
                    .map(|s| s.trim())
                    .unwrap_or("")
            };
            let done = done_of(get("answer")).unwrap_or_else(|| {
                errors.push(Invalid::new("answer", get("answer"), Reason::UnknownValue).at_row(n));
                None
            });
            if submit && get("answer").is_empty() {
                errors.push(Invalid::new("answer", "", Reason::Required).at_row(n));
            }
            let how = get("how").to_string();
            if how.chars().count() > MAX_HOW {
                errors.push(Invalid::new("how", "", Reason::TooLong { max: MAX_HOW }).at_row(n));
            }
            let how = match no_personal_data("how", how, &[]) {
                Ok(h) => h,
                Err(e) => {
                    errors.push(e.at_row(n));
                    String::new()
                }
            };
            answers.push(Answer { done, how });
        }
        if errors.is_empty() {
            Ok(Answers(answers))
        } else {
            Err(errors)
        }
    }

    pub fn complete(&self) -> bool {
        self.0.iter().all(|a| a.done.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_draft_may_be_open_a_submitted_report_answers_every_task() {
        let draft = Answers::parse(
            &form(&[("answer-1", "ja"), ("how-1", "Samverkansgruppen")]),
            false,
        )
        .unwrap();
        assert_eq!(draft.0[0].done, Some(true));
        assert!(!draft.complete());
        let e = Answers::parse(&form(&[("answer-1", "ja")]), true).unwrap_err();
        assert_eq!((e[0].row, e[0].reason), (Some(2), Reason::Required));
        let mut all: Vec<(String, String)> = (1..=12)
            .map(|n| (format!("answer-{n}"), "nej".into()))
            .collect();
        all.push(("how-3".into(), "Möte med 19121212-1212".into()));
        let e = Answers::parse(&all.into_iter().collect(), true).unwrap_err();
        assert_eq!(
            (e[0].field, e[0].row, e[0].reason),
            ("how", Some(3), Reason::PersonalData)
        );
        let e = Answers::parse(&form(&[("answer-4", "kanske")]), false).unwrap_err();
        assert_eq!((e[0].row, e[0].value.as_str()), (Some(4), "kanske"));
    }
}
