//! Surveys (DOMAIN.md §3): the national participant indicator survey built in with its exact
//! wording, a förbund's own surveys, rounds opened and closed by date, anonymous answers and
//! their results against the target (70 % in the three highest steps, per question, of those
//! who answered it).
//!
//! An answer is stored with the month it was given, the respondent's own gender answer and
//! the steps chosen: nothing that ties it to a person, an address or a moment.

pub mod results;

use crate::dates::parse_date;
use crate::invalid::AllOk;
use crate::invalid::{Errors, Invalid, Reason};
use serde::Serialize;
use time::Date;

/// The steps of a question's answer scale, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scale {
    pub labels: Vec<String>,
}

/// Scale A of the indicator survey.
pub const SCALE_A: [&str; 6] = [
    "Aldrig",
    "Sällan",
    "Ibland",
    "Ofta",
    "För det mesta",
    "Alltid",
];
/// Scale B of the indicator survey.
pub const SCALE_B: [&str; 6] = [
    "Inte alls",
    "Till liten del",
    "Delvis",
    "Till stor del",
    "Till mycket stor del",
    "Helt och hållet",
];
/// The fidelity self-assessment's items are scored 1–5.
pub const SCALE_SCORE: [&str; 5] = ["1", "2", "3", "4", "5"];

impl Scale {
    pub fn of(labels: &[&str]) -> Self {
        Scale {
            labels: labels.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn steps(&self) -> u8 {
        self.labels.len() as u8
    }

    /// A scale by its name in a form: `a`, `b` or `score`.
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "a" => Some(Scale::of(&SCALE_A)),
            "b" => Some(Scale::of(&SCALE_B)),
            "score" => Some(Scale::of(&SCALE_SCORE)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub text: String,
    pub scale: Scale,
}

/// The indicator survey's code; its wording lives here and nowhere else.
pub const INDICATOR: &str = "indikator";

/// A single-use code as the participant typed it, in the form it was printed (`ABCD-EFGH`):
/// in any case, with or without its dash, with spaces anywhere.
pub fn normalize_code(typed: &str) -> String {
    let bare: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2013}')
        .flat_map(char::to_uppercase)
        .collect();
    if bare.chars().count() == 8 && bare.is_ascii() {
        format!("{}-{}", &bare[..4], &bare[4..])
    } else {
        bare
    }
}

/// A survey: its questions and how many of the highest steps count as a good answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Survey {
    /// `indikator` for the built-in survey, else the förbund's own survey's id as text.
    pub code: String,
    pub title: String,
    pub questions: Vec<Question>,
    /// The highest steps that count toward the share (3: "ofta, för det mesta, alltid").
    pub top: u8,
    /// Target share in basis points (7 000 = 70 %).
    pub target_bp: i64,
    /// Whether the respondent is asked about gender.
    pub asks_gender: bool,
    pub builtin: bool,
}

/// The national participant indicator survey (000 bilaga 8.3, 003 bilaga 9.3), word for word.
pub fn indicator() -> Survey {
    let q = |text: &str, scale: &[&str]| Question {
        text: text.to_string(),
        scale: Scale::of(scale),
    };
    Survey {
        code: INDICATOR.into(),
        title: "Indikatorenkät för deltagare".into(),
        questions: vec![
            q("Får du stöd på ett sätt som är till stor nytta för dig?", &SCALE_A),
            q("Är du med och bestämmer vilket stöd du skall få?", &SCALE_A),
            q("Får stödet ta den tid du behöver?", &SCALE_A),
            q("Stödjer insatsen dig i kontakterna med myndigheterna och vården?", &SCALE_A),
            q("Har det stöd du fått hjälpt dig att utveckla sätt att hantera din situation?", &SCALE_B),
            q("Känner du dig mer redo att kunna arbeta eller studera jämfört med innan du fick kontakt med oss?", &SCALE_B),
            q("Upplever du att personalen tar tillvara dina erfarenheter, kunskaper och synpunkter?", &SCALE_B),
        ],
        top: 3,
        target_bp: 7000,
        asks_gender: true,
        builtin: true,
    }
}

/// A förbund's own survey as the director writes it: one question per line, one scale for
/// all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSurvey {
    pub title: String,
    pub questions: Vec<String>,
    pub scale: Scale,
    pub top: u8,
    pub target_bp: i64,
    pub asks_gender: bool,
}

impl NewSurvey {
    pub fn parse(
        title: &str,
        questions: &str,
        scale: &str,
        top: &str,
        target: &str,
        asks_gender: bool,
    ) -> Result<Self, Vec<Invalid>> {
        let title = match title.trim() {
            "" => Err(Invalid::new("title", title, Reason::Required)),
            t => Ok(t.to_string()),
        };
        let list: Vec<String> = questions
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        let questions = match list.len() {
            0 => Err(Invalid::new("questions", questions, Reason::Required)),
            n if n > 40 => Err(Invalid::new(
                "questions",
                n.to_string(),
                Reason::OutOfRange { min: 1, max: 40 },
            )),
            _ => Ok(list),
        };
        let scale =
            Scale::named(scale).ok_or_else(|| Invalid::new("scale", "", Reason::UnknownValue));
        let steps = scale.as_ref().map_or(6, Scale::steps) as i64;
        let top = match top.trim().parse::<i64>() {
            Ok(t) if (1..=steps).contains(&t) => Ok(t as u8),
            _ => Err(Invalid::new(
                "top",
                top,
                Reason::OutOfRange { min: 1, max: steps },
            )),
        };
        let target_bp = match target.trim().trim_end_matches('%').trim().parse::<i64>() {
            Ok(t) if (1..=100).contains(&t) => Ok(t * 100),
            _ => Err(Invalid::new(
                "target",
                target,
                Reason::OutOfRange { min: 1, max: 100 },
            )),
        };
        let (title, questions, scale, top, target_bp) =
            (title, questions, scale, top, target_bp).all_ok()?;
        Ok(NewSurvey {
            title,
            questions,
            scale,
            top,
            target_bp,
            asks_gender,
        })
    }
}

/// How a round is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Each respondent gets a code that works once.
    SingleUseCodes,
    /// Anyone with the link, as after an event.
    OpenLink,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::SingleUseCodes => "codes",
            Access::OpenLink => "open",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, Invalid> {
        match s {
            "codes" => Ok(Access::SingleUseCodes),
            "open" => Ok(Access::OpenLink),
            _ => Err(Invalid::new(field, s, Reason::UnknownValue)),
        }
    }
}

/// A survey for an intervention (or none, as after an event) and a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    pub id: i64,
    pub survey_code: String,
    pub intervention_id: Option<i64>,
    pub title: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub access: Access,
    /// The random part of the answering link: `/s/{token}`.
    pub token: String,
}

impl Round {
    pub fn is_open(&self, today: Date) -> bool {
        self.opens_on <= today && today <= self.closes_on
    }
}

/// A round as the director opens it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRound {
    pub survey_code: String,
    pub intervention_id: Option<i64>,
    pub title: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub access: Access,
    /// How many single-use codes to make.
    pub codes: u32,
}

impl NewRound {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        survey_code: &str,
        intervention_id: Option<i64>,
        title: &str,
        opens: &str,
        closes: &str,
        access: &str,
        codes: &str,
    ) -> Result<Self, Vec<Invalid>> {
        let title = match title.trim() {
            "" => Err(Invalid::new("title", "", Reason::Required)),
            t => Ok(t.to_string()),
        };
        let opens_on = parse_date("opens_on", opens);
        let closes_on = match (&opens_on, parse_date("closes_on", closes)) {
            (Ok(o), Ok(c)) if c < *o => {
                Err(Invalid::new("closes_on", closes, Reason::EndBeforeStart))
            }
            (_, c) => c,
        };
        let access = Access::parse("access", access);
        let codes = match (&access, codes.trim()) {
            (Ok(Access::SingleUseCodes), c) => match c.parse::<u32>() {
                Ok(n) if (1..=5000).contains(&n) => Ok(n),
                _ => Err(Invalid::new(
                    "codes",
                    c,
                    Reason::OutOfRange { min: 1, max: 5000 },
                )),
            },
            _ => Ok(0),
        };
        let (title, opens_on, closes_on, access, codes) =
            (title, opens_on, closes_on, access, codes).all_ok()?;
        Ok(NewRound {
            survey_code: survey_code.to_string(),
            intervention_id,
            title,
            opens_on,
            closes_on,
            access,
            codes,
        })
    }
}

/// The respondent's own answer to "about you".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RespondentGender {
    Woman,
    Man,
    /// Vill inte svara / inget svarsalternativ passar.
    Other,
}

impl RespondentGender {
    pub const ALL: [RespondentGender; 3] = [
        RespondentGender::Woman,
        RespondentGender::Man,
        RespondentGender::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RespondentGender::Woman => "woman",
            RespondentGender::Man => "man",
            RespondentGender::Other => "other",
        }
    }

    /// As stored or posted, or as written in an imported file (`kvinna`, `man`, `annat`).
    pub fn parse(field: &'static str, s: &str) -> Result<Option<Self>, Invalid> {
        match s.trim().to_lowercase().as_str() {
            "" => Ok(None),
            "woman" | "kvinna" | "k" => Ok(Some(RespondentGender::Woman)),
            "man" | "m" => Ok(Some(RespondentGender::Man)),
            "other" | "annat" | "vill inte svara" | "a" => Ok(Some(RespondentGender::Other)),
            _ => Err(Invalid::new(field, s, Reason::UnknownValue)),
        }
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Web,
    /// Typed in by the director from a paper form.
    Paper,
    /// From an earlier compilation, imported.
    Import,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Web => "web",
            Source::Paper => "paper",
            Source::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "web" => Some(Source::Web),
            "paper" => Some(Source::Paper),
            "import" => Some(Source::Import),
            _ => None,
        }
    }
}

/// One respondent's answers: a step (1 = lowest) per question, `None` where skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    pub gender: Option<RespondentGender>,
    pub answers: Vec<Option<u8>>,
    /// `YYYY-MM`: the month, never the day or the time.
    pub month: String,
    pub source: Source,
}

impl Response {
    /// Checks a posted or typed answer against the survey: every step on its question's
    /// scale, at most one per question; a wholly empty answer is refused.
    pub fn parse(
        survey: &Survey,
        gender: &str,
        answers: &[&str],
        on: Date,
        source: Source,
    ) -> Result<Self, Vec<Invalid>> {
        let mut e = Errors::default();
        let gender = if survey.asks_gender {
            e.take(RespondentGender::parse("gender", gender)).flatten()
        } else {
            None
        };
        let mut steps = Vec::with_capacity(survey.questions.len());
        for (i, q) in survey.questions.iter().enumerate() {
            let text = answers.get(i).copied().unwrap_or("").trim();
            let field = QUESTION_FIELDS.get(i).copied().unwrap_or("answer");
            if text.is_empty() {
                steps.push(None);
                continue;
            }
            match text.parse::<u8>() {
                Ok(s) if (1..=q.scale.steps()).contains(&s) => steps.push(Some(s)),
                _ => {
                    e.push(Invalid::new(
                        field,
                        text,
                        Reason::OutOfRange {
                            min: 1,
                            max: q.scale.steps() as i64,
                        },
                    ));
                    steps.push(None);
                }
            }
        }
        if answers.len() > survey.questions.len()
            && answers[survey.questions.len()..]
                .iter()
                .any(|a| !a.trim().is_empty())
        {
            e.push(Invalid::new(
                "answer",
                answers.len().to_string(),
                Reason::UnknownColumn,
            ));
        }
        if steps.iter().all(Option::is_none) && e.is_empty() {
            e.push(Invalid::new("answer", "", Reason::Required));
        }
        e.finish()?;
        Ok(Response {
            gender,
            answers: steps,
            month: format!("{}-{:02}", on.year(), on.month() as u8),
            source,
        })
    }

    /// `3,,6,1`: the stored form.
    pub fn answers_text(&self) -> String {
        self.answers
            .iter()
            .map(|a| a.map(|s| s.to_string()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn parse_answers(text: &str) -> Option<Vec<Option<u8>>> {
        text.split(',')
            .map(|s| {
                if s.is_empty() {
                    Some(None)
                } else {
                    s.parse().ok().map(Some)
                }
            })
            .collect()
    }
}

/// The form fields of the questions: `f1` … `f40`, as in the import files.
pub const QUESTION_FIELDS: [&str; 40] = [
    "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15",
    "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25", "f26", "f27", "f28",
    "f29", "f30", "f31", "f32", "f33", "f34", "f35", "f36", "f37", "f38", "f39", "f40",
];

/// Reads earlier results: one row per response, columns `kön`, `f1`…`fN` with a step or
/// empty. Every problem is named by row and column; any problem refuses the whole file.
pub fn parse_import(
    survey: &Survey,
    rows: &[Vec<String>],
    on: Date,
) -> Result<Vec<Response>, Vec<Invalid>> {
    let mut problems = Vec::new();
    let Some(header) = rows.first() else {
        return Err(vec![Invalid::new("file", "", Reason::Required)]);
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let gender_col = header.iter().position(|h| h == "kön" || h == "kon");
    let mut cols = Vec::new();
    for field in QUESTION_FIELDS.iter().take(survey.questions.len()) {
        match header.iter().position(|h| h == field) {
            Some(c) => cols.push(c),
            None => problems.push(Invalid::new("column", *field, Reason::MissingColumn).at_row(1)),
        }
    }
    for h in &header {
        let known = h == "kön"
            || h == "kon"
            || QUESTION_FIELDS
                .iter()
                .take(survey.questions.len())
                .any(|f| f == h);
        if !known && !h.is_empty() {
            problems.push(Invalid::new("column", h.clone(), Reason::UnknownColumn).at_row(1));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for (n, row) in rows.iter().enumerate().skip(1) {
        let cell = |c: usize| row.get(c).map(String::as_str).unwrap_or("");
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let answers: Vec<&str> = cols.iter().map(|&c| cell(c)).collect();
        let gender = gender_col.map(cell).unwrap_or("");
        match Response::parse(survey, gender, &answers, on, Source::Import) {
            Ok(r) => out.push(r),
            Err(list) => problems.extend(list.into_iter().map(|p| p.at_row(n + 1))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod code_tests {
    use super::normalize_code;

    #[test]
    fn a_code_is_found_however_it_was_typed() {
        for typed in [
            "ABCD-EFGH",
            "abcd-efgh",
            "abcdefgh",
            " ab cd ef gh ",
            "ABCD–EFGH",
        ] {
            assert_eq!(normalize_code(typed), "ABCD-EFGH", "{typed:?}");
        }
        assert_eq!(normalize_code("abc"), "ABC");
        assert_eq!(
            normalize_code("åäöxyzåä"),
            "ÅÄÖXYZÅÄ",
            "not split inside a character"
        );
    }
}
