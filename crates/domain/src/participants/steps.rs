//! Stegförflyttning: the staircase of an intervention toward work or studies. SE uses the
//! five steps of Supported Employment (000 bilaga 8.1); a förbund can define its own.

use crate::invalid::{Invalid, Reason};
use serde::Serialize;
use time::Date;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepScale {
    /// The steps from the lowest (1) upward.
    pub labels: Vec<String>,
}

pub const MAX_STEPS: usize = 10;

impl StepScale {
    pub fn supported_employment() -> Self {
        StepScale {
            labels: [
                "Överenskommelse med klient",
                "Yrkesprofil",
                "Jobbsökande/hitta arbetsplats",
                "Arbetsgivarengagemang",
                "Stöd på och utanför arbetet",
            ]
            .map(String::from)
            .to_vec(),
        }
    }

    /// One step per line, lowest first.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, Invalid> {
        let labels: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        if labels.len() < 2 || labels.len() > MAX_STEPS {
            return Err(Invalid::new(
                field,
                text,
                Reason::OutOfRange {
                    min: 2,
                    max: MAX_STEPS as i64,
                },
            ));
        }
        if let Some(long) = labels.iter().find(|l| l.chars().count() > 80) {
            return Err(Invalid::new(
                field,
                long.as_str(),
                Reason::TooLong { max: 80 },
            ));
        }
        Ok(StepScale { labels })
    }

    pub fn to_text(&self) -> String {
        self.labels.join("\n")
    }

    pub fn len(&self) -> u8 {
        self.labels.len() as u8
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// A step number on this scale, 1-based.
    pub fn parse_step(&self, field: &'static str, value: &str) -> Result<u8, Invalid> {
        crate::invalid::number_in(field, value, 1, self.len() as i64).map(|n| n as u8)
    }

    pub fn label(&self, step: u8) -> &str {
        self.labels
            .get(step as usize - 1)
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A step recorded by a coach on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRecord {
    pub step: u8,
    pub on: Date,
}

/// The step at start (the first recorded) and the latest on or before `until`.
pub fn first_and_latest(history: &[StepRecord], until: Date) -> Option<(u8, u8)> {
    let mut upto: Vec<&StepRecord> = history.iter().filter(|r| r.on <= until).collect();
    upto.sort_by_key(|r| r.on);
    Some((upto.first()?.step, upto.last()?.step))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn se_has_five_steps_and_a_forbund_can_define_its_own() {
        let se = StepScale::supported_employment();
        assert_eq!(se.len(), 5);
        assert_eq!(se.label(3), "Jobbsökande/hitta arbetsplats");
        let own = StepScale::parse("steps", "Kontakt\n\nAktivitet\n Praktik \nArbete").unwrap();
        assert_eq!(own.labels, ["Kontakt", "Aktivitet", "Praktik", "Arbete"]);
        assert_eq!(StepScale::parse("steps", &own.to_text()).unwrap(), own);
        assert!(StepScale::parse("steps", "Bara ett steg").is_err());
        assert!(se.parse_step("step", "6").is_err());
        assert_eq!(se.parse_step("step", "5").unwrap(), 5);
    }

    #[test]
    fn movement_is_from_the_first_to_the_latest_step_until_a_date() {
        let h = [
            StepRecord {
                step: 2,
                on: date!(2023 - 03 - 01),
            },
            StepRecord {
                step: 1,
                on: date!(2023 - 01 - 10),
            },
            StepRecord {
                step: 4,
                on: date!(2023 - 09 - 01),
            },
        ];
        assert_eq!(first_and_latest(&h, date!(2023 - 06 - 30)), Some((1, 2)));
        assert_eq!(first_and_latest(&h, date!(2023 - 12 - 31)), Some((1, 4)));
        assert_eq!(first_and_latest(&h, date!(2022 - 12 - 31)), None);
    }
}
