//! Deviations (avvikelser, 003 "Implementering av rutin för avvikelsehantering"): what
//! happened, its consequence, the measure taken and where it stands. The free text gets the
//! same personal-data check as what is published.

use crate::dates::parse_date;
use crate::invalid::{optional_text, required_text, AllOk, Invalid, Reason};
use crate::plans::requests::no_personal_data;
use serde::Deserialize;
use time::Date;

pub const MAX_TEXT: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    InProgress,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::InProgress, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::Closed => "closed",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
            .ok_or_else(|| {
                Invalid::new(field, value, Reason::UnknownValue)
                    .accepting(Status::ALL.iter().map(|s| s.as_str().into()).collect())
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    pub on: Date,
    pub what: String,
    pub consequence: String,
    pub measure: String,
    pub status: Status,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeviationForm {
    pub on: String,
    /// What happened.
    pub happened: String,
    pub consequence: String,
    pub measure: String,
    pub status: String,
}

impl Deviation {
    /// A deviation from the form; `names` are the participants' names, kept out of it.
    pub fn parse(f: &DeviationForm, names: &[String]) -> Result<Self, Vec<Invalid>> {
        let checked = |field, text: &str, required: bool| {
            let t = if required {
                required_text(field, text, MAX_TEXT)
            } else {
                optional_text(field, text, MAX_TEXT)
            };
            t.and_then(|t| no_personal_data(field, t, names))
        };
        let (on, what, consequence, measure, status) = (
            parse_date("on", &f.on),
            checked("happened", &f.happened, true),
            checked("consequence", &f.consequence, false),
            checked("measure", &f.measure, false),
            match f.status.trim() {
                "" => Ok(Status::Open),
                s => Status::parse("status", s),
            },
        )
            .all_ok()?;
        Ok(Deviation {
            on,
            what,
            consequence,
            measure,
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deviation_names_what_is_wrong_and_keeps_names_out() {
        let names = vec!["Anna Svensson".to_string()];
        let f = DeviationForm {
            on: "2024-02-30".into(),
            happened: "Utskick till fel adress".into(),
            consequence: "Anna Svensson fick ett brev som inte var hennes".into(),
            measure: String::new(),
            status: "maybe".into(),
        };
        let e = Deviation::parse(&f, &names).unwrap_err();
        assert_eq!(
            e.iter().map(|e| (e.field, e.reason)).collect::<Vec<_>>(),
            [
                ("on", Reason::DateFormat),
                ("consequence", Reason::PersonalData),
                ("status", Reason::UnknownValue)
            ]
        );
        let ok = Deviation::parse(
            &DeviationForm {
                on: "2024-02-29".into(),
                happened: "Utskick till fel adress".into(),
                ..Default::default()
            },
            &names,
        )
        .unwrap();
        assert_eq!(ok.status, Status::Open);
    }
}
