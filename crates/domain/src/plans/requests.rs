//! Requests for public documents (begäran om utlämnande av allmän handling, 004 §7b): the
//! law asks for them to be handled at once, which the register reads as by the next working
//! day. The requester may stay anonymous.

use crate::dates::parse_date;
use crate::governance::notices::working_day_from;
use crate::governance::publication::{self, Finding};
use crate::invalid::{optional_text, required_text, AllOk, Invalid, Reason};
use serde::Deserialize;
use time::Date;

pub const MAX_TEXT: usize = 2000;

/// How a request was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Released,
    /// Released with parts withheld (maskning) under secrecy.
    InPart,
    Refused,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Released, Outcome::InPart, Outcome::Refused];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Released => "released",
            Outcome::InPart => "in-part",
            Outcome::Refused => "refused",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == value.trim())
            .ok_or_else(|| {
                Invalid::new(field, value, Reason::UnknownValue)
                    .accepting(Outcome::ALL.iter().map(|o| o.as_str().into()).collect())
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRequest {
    pub received: Date,
    /// Empty when the requester is anonymous.
    pub requester: String,
    pub what: String,
    pub decision: Option<(Outcome, Date)>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub received: String,
    pub requester: String,
    pub what: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub outcome: String,
    pub decided_on: String,
}

/// Text of the register that names a participant or holds a personnummer is refused.
pub(crate) fn no_personal_data(
    field: &'static str,
    text: String,
    names: &[String],
) -> Result<String, Invalid> {
    match publication::find(&text, names) {
        None => Ok(text),
        Some(Finding::Personnummer(v) | Finding::Name(v)) => {
            Err(Invalid::new(field, v, Reason::PersonalData))
        }
    }
}

impl DocumentRequest {
    /// A new request; `names` are the participants' names, kept out of the register.
    pub fn parse(f: &RequestForm, names: &[String]) -> Result<Self, Vec<Invalid>> {
        let (received, requester, what) = (
            parse_date("received", &f.received),
            optional_text("requester", &f.requester, 200)
                .and_then(|t| no_personal_data("requester", t, &[])),
            required_text("what", &f.what, MAX_TEXT)
                .and_then(|t| no_personal_data("what", t, names)),
        )
            .all_ok()?;
        Ok(DocumentRequest {
            received,
            requester,
            what,
            decision: None,
        })
    }

    /// The decision typed for this request: not before it came in.
    pub fn decide(&self, f: &DecisionForm) -> Result<(Outcome, Date), Vec<Invalid>> {
        let (outcome, on) = (
            Outcome::parse("outcome", &f.outcome),
            parse_date("decided_on", &f.decided_on).and_then(|d| {
                if d < self.received {
                    Err(Invalid::new(
                        "decided_on",
                        &f.decided_on,
                        Reason::EndBeforeStart,
                    ))
                } else {
                    Ok(d)
                }
            }),
        )
            .all_ok()?;
        Ok((outcome, on))
    }

    /// The last day to handle it: the next working day after it came in.
    pub fn handle_by(&self) -> Date {
        working_day_from(self.received.next_day().expect("a later day"))
    }

    /// Decided after its day, or still open after it.
    pub fn late(&self, today: Date) -> bool {
        match self.decision {
            Some((_, on)) => on > self.handle_by(),
            None => today > self.handle_by(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn request(received: &str) -> DocumentRequest {
        DocumentRequest::parse(
            &RequestForm {
                received: received.into(),
                requester: String::new(),
                what: "Styrelseprotokoll 2023-08-31".into(),
            },
            &[],
        )
        .unwrap()
    }

    #[test]
    fn a_request_is_handled_by_the_next_working_day() {
        // Thursday before Good Friday 2024: Easter Monday is off too.
        let r = request("2024-03-28");
        assert_eq!(r.handle_by(), date!(2024 - 04 - 02));
        assert!(!r.late(date!(2024 - 04 - 02)));
        assert!(r.late(date!(2024 - 04 - 03)));
        let mut decided = r.clone();
        decided.decision = Some((Outcome::Released, date!(2024 - 04 - 02)));
        assert!(!decided.late(date!(2024 - 12 - 01)));
        decided.decision = Some((Outcome::Released, date!(2024 - 04 - 04)));
        assert!(decided.late(date!(2024 - 12 - 01)));
    }

    #[test]
    fn personal_data_and_bad_fields_are_named() {
        let names = vec!["Anna Svensson".to_string()];
        let f = RequestForm {
            received: "igår".into(),
            requester: "19121212-1212".into(),
            what: "Journalen för Anna Svensson".into(),
        };
        let fields: Vec<(&str, Reason)> = DocumentRequest::parse(&f, &names)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.reason))
            .collect();
        assert_eq!(
            fields,
            [
                ("received", Reason::DateFormat),
                ("requester", Reason::PersonalData),
                ("what", Reason::PersonalData)
            ]
        );
        let r = request("2024-03-28");
        let wrong = r
            .decide(&DecisionForm {
                outcome: "maybe".into(),
                decided_on: "2024-03-01".into(),
            })
            .unwrap_err();
        assert_eq!(
            wrong.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["outcome", "decided_on"]
        );
    }
}
