//! Participants (deltagare) of an individual intervention and their stays in it (episodes):
//! the rules of DOMAIN.md §2, each once.
//!
//! A participant is a pseudonymous record (a code, gender, birth year). The identity
//! (personnummer, name) is kept apart, encrypted by the store, and exists only while a
//! consent is on record. An episode is one stay in one intervention, from referral through
//! decision, start and exit; a re-enrolment is a new episode of the same participant.

pub mod after_support;
pub mod import;
pub mod personnummer;
pub mod record;
pub mod steps;

use crate::dates::{add_months, completed_years};
use crate::invalid::{number_in, required_text, Invalid, Reason};
use crate::orgs::interventions::AgeRange;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::Date;

pub use personnummer::Personnummer;

/// Kön, recorded as the participant states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Woman,
    Man,
    /// Annat / vill inte svara.
    Other,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Woman, Gender::Man, Gender::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Woman => "woman",
            Gender::Man => "man",
            Gender::Other => "other",
        }
    }

    /// The code, or the Swedish words of the import files (`kvinna`, `k`, `man`, `m`,
    /// `annat`, `vill inte svara`).
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        match value.trim().to_lowercase().as_str() {
            "" => Err(Invalid::new(field, value, Reason::Required)),
            "woman" | "kvinna" | "k" => Ok(Gender::Woman),
            "man" | "m" => Ok(Gender::Man),
            "other" | "annat" | "a" | "vill inte svara" | "annat/vill inte svara" => {
                Ok(Gender::Other)
            }
            _ => Err(Invalid::new(field, value, Reason::UnknownValue)),
        }
    }

    /// The Swedish word of the import and export files.
    pub fn sv(self) -> &'static str {
        match self {
            Gender::Woman => "kvinna",
            Gender::Man => "man",
            Gender::Other => "annat",
        }
    }
}

/// Försörjning: a source of income. Several at once are allowed, except `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeSource {
    ActivityCompensation,
    SicknessBenefit,
    SicknessCompensation,
    SocialAssistance,
    ActivitySupport,
    UnemploymentInsurance,
    Wage,
    StudentAid,
    /// Ingen offentlig försörjning (family support, own means).
    None,
    Other,
}

impl IncomeSource {
    pub const ALL: [IncomeSource; 10] = [
        IncomeSource::ActivityCompensation,
        IncomeSource::SicknessBenefit,
        IncomeSource::SicknessCompensation,
        IncomeSource::SocialAssistance,
        IncomeSource::ActivitySupport,
        IncomeSource::UnemploymentInsurance,
        IncomeSource::Wage,
        IncomeSource::StudentAid,
        IncomeSource::None,
        IncomeSource::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncomeSource::ActivityCompensation => "activity_compensation",
            IncomeSource::SicknessBenefit => "sickness_benefit",
            IncomeSource::SicknessCompensation => "sickness_compensation",
            IncomeSource::SocialAssistance => "social_assistance",
            IncomeSource::ActivitySupport => "activity_support",
            IncomeSource::UnemploymentInsurance => "unemployment_insurance",
            IncomeSource::Wage => "wage",
            IncomeSource::StudentAid => "student_aid",
            IncomeSource::None => "none",
            IncomeSource::Other => "other",
        }
    }

    /// The Swedish word of the import and export files.
    pub fn sv(self) -> &'static str {
        match self {
            IncomeSource::ActivityCompensation => "aktivitetsersättning",
            IncomeSource::SicknessBenefit => "sjukpenning",
            IncomeSource::SicknessCompensation => "sjukersättning",
            IncomeSource::SocialAssistance => "försörjningsstöd",
            IncomeSource::ActivitySupport => "aktivitetsstöd",
            IncomeSource::UnemploymentInsurance => "a-kassa",
            IncomeSource::Wage => "lön",
            IncomeSource::StudentAid => "studiemedel",
            IncomeSource::None => "ingen",
            IncomeSource::Other => "annat",
        }
    }

    /// The names a file may write the source with, parts split by `/`.
    fn written(self) -> &'static str {
        match self {
            IncomeSource::SocialAssistance => "försörjningsstöd/ekonomiskt bistånd",
            IncomeSource::ActivitySupport => "aktivitetsstöd/utvecklingsersättning",
            IncomeSource::UnemploymentInsurance => "a-kassa/arbetslöshetsersättning",
            IncomeSource::None => "ingen/ingen offentlig försörjning",
            s => s.sv(),
        }
    }

    /// A source by its stored code (`wage`), and nothing else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// A source as people write it (`matching::find`): by code, by word, by one of its words.
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        crate::matching::find(field, value, &Self::ALL, |s| (s.as_str(), s.written())).copied()
    }

    /// Public income support: everything but wage, student aid and none.
    pub fn is_public_support(self) -> bool {
        !matches!(
            self,
            IncomeSource::Wage | IncomeSource::StudentAid | IncomeSource::None
        )
    }
}

/// Income sources at one moment: several at once, but "none" stands alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IncomeSet(pub BTreeSet<IncomeSource>);

impl IncomeSet {
    pub fn parse<'a>(
        field: &'static str,
        values: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, Invalid> {
        let mut set = BTreeSet::new();
        let mut written = vec![];
        for v in values.into_iter().filter(|v| !v.trim().is_empty()) {
            written.push(v.trim());
            set.insert(IncomeSource::parse(field, v)?);
        }
        if set.contains(&IncomeSource::None) && set.len() > 1 {
            return Err(Invalid::new(field, written.join("|"), Reason::NoneCombined));
        }
        Ok(IncomeSet(set))
    }

    /// `a|b` as in the import files.
    pub fn parse_piped(field: &'static str, value: &str) -> Result<Self, Invalid> {
        Self::parse(field, value.split('|'))
    }

    pub fn to_piped(&self) -> String {
        self.0.iter().map(|s| s.sv()).collect::<Vec<_>>().join("|")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where an exit leads: the class the goal is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Work,
    Studies,
    Other,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Work, Outcome::Studies, Outcome::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Work => "work",
            Outcome::Studies => "studies",
            Outcome::Other => "other",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        match value.trim().to_lowercase().as_str() {
            "work" | "arbete" => Ok(Outcome::Work),
            "studies" | "studier" => Ok(Outcome::Studies),
            "other" | "annat" => Ok(Outcome::Other),
            _ => Err(Invalid::new(field, value, Reason::UnknownValue)),
        }
    }

    pub fn is_work_or_studies(self) -> bool {
        self != Outcome::Other
    }
}

/// Avslutsorsak: one of the förbund's own list, each mapped to an outcome class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExitReason {
    pub id: i64,
    pub code: String,
    pub label: String,
    pub outcome: Outcome,
}

/// The reasons the seeds' reports use (004 tables), the list a new förbund starts with.
pub const DEFAULT_EXIT_REASONS: [(&str, &str, Outcome); 8] = [
    ("arbete", "Arbete (även med lönestöd)", Outcome::Work),
    ("studier", "Studier", Outcome::Studies),
    (
        "rehabilitering",
        "Arbetslivsinriktad rehabilitering eller en parts ordinarie insatser",
        Outcome::Other,
    ),
    ("ohalsa", "Sjukdom/ohälsa", Outcome::Other),
    ("egen-begaran", "Avbrutit på egen begäran", Outcome::Other),
    (
        "ater-remittent",
        "Åter till remittent för fortsatt stöd",
        Outcome::Other,
    ),
    ("flyttat", "Flyttat", Outcome::Other),
    ("annat", "Annat skäl", Outcome::Other),
];

impl ExitReason {
    /// Finds a reason by its code or its label, as written in an import file.
    /// The reason `written` means, as people write it (`matching::find`): `sjukdom` finds
    /// "Sjukdom/ohälsa"; none or several is refused with the reasons listed.
    pub fn find<'a>(
        field: &'static str,
        reasons: &'a [ExitReason],
        written: &str,
    ) -> Result<&'a ExitReason, Invalid> {
        crate::matching::find(field, written, reasons, |r| {
            (r.code.as_str(), r.label.as_str())
        })
    }
}

/// The remittentgrupp's decision on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Include,
    NotNow,
    Reject,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Include, Decision::NotNow, Decision::Reject];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Include => "include",
            Decision::NotNow => "not_now",
            Decision::Reject => "reject",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str() == value.trim())
            .ok_or_else(|| Invalid::new(field, value, Reason::UnknownValue))
    }
}

/// The name and number of a person, stored encrypted and apart from the record.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub personnummer: String,
    pub name: String,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Identity(…)")
    }
}

impl Identity {
    pub fn parse(personnummer: &str, name: &str, today: Date) -> Result<Self, Vec<Invalid>> {
        let pnr = Personnummer::parse("personnummer", personnummer, today);
        let name = crate::invalid::optional_text("name", name, 200);
        match (pnr, name) {
            (Ok(p), Ok(n)) => Ok(Identity {
                personnummer: p.canonical(),
                name: n,
            }),
            (p, n) => Err([p.err(), n.err()].into_iter().flatten().collect()),
        }
    }

    pub fn personnummer(&self) -> Personnummer {
        let today = crate::dates::in_sweden(time::OffsetDateTime::now_utc()).date();
        Personnummer::parse("personnummer", &self.personnummer, today)
            .expect("stored in canonical form")
    }
}

/// What a birth is known as: the date (from a personnummer) or only the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Birth {
    Date(Date),
    Year(i32),
}

impl Birth {
    /// Age at `on`: completed years from the date, or `on`'s year minus the birth year.
    pub fn age_on(self, on: Date) -> i32 {
        match self {
            Birth::Date(d) => completed_years(d, on),
            Birth::Year(y) => on.year() - y,
        }
    }
}

/// A birth year someone typed: a plausible one, not in the future.
pub fn parse_birth_year(field: &'static str, value: &str, today: Date) -> Result<i32, Invalid> {
    number_in(field, value, 1900, today.year() as i64).map(|y| y as i32)
}

/// The local code of a participant (a pseudonym, e.g. `SE-2020-017`).
pub fn parse_code(field: &'static str, value: &str) -> Result<String, Invalid> {
    let v = required_text(field, value, 40)?;
    if v.chars().any(|c| c.is_control()) {
        return Err(Invalid::new(field, value, Reason::UnknownValue));
    }
    Ok(v)
}

/// End on or after start.
pub fn check_exit_date(start: Date, end: Date) -> Result<(), Invalid> {
    if end < start {
        return Err(Invalid::new("end", end.to_string(), Reason::EndBeforeStart));
    }
    Ok(())
}

/// Two stays, each from its start to its end (or open), share at least one day.
pub fn overlaps(a: (Date, Option<Date>), b: (Date, Option<Date>)) -> bool {
    let a_end = a.1.unwrap_or(Date::MAX);
    let b_end = b.1.unwrap_or(Date::MAX);
    a.0 <= b_end && b.0 <= a_end
}

/// The age at start is outside the intervention's target group: a warning, not a refusal.
pub fn age_outside(range: AgeRange, age: i32) -> bool {
    !(range.min as i32..=range.max as i32).contains(&age)
}

/// The day a participant leaves the follow-up register (000 §9, 003 §8): three months after
/// an exit to work or studies (after-support continues meanwhile), at once otherwise.
pub fn deregistration_date(exit: Date, outcome: Outcome) -> Date {
    if outcome.is_work_or_studies() {
        add_months(exit, 3)
    } else {
        exit
    }
}

/// Where a stay stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Referred, waiting for the referral group.
    Referred,
    /// The group said "not now": waits until the person is ready.
    Waiting,
    Rejected,
    /// Included, not yet started.
    Included,
    Active,
    Ended,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Referred,
        Status::Waiting,
        Status::Rejected,
        Status::Included,
        Status::Active,
        Status::Ended,
    ];

    pub fn of(decision: Option<Decision>, start: Option<Date>, end: Option<Date>) -> Status {
        match (decision, start, end) {
            (_, Some(_), Some(_)) => Status::Ended,
            (_, Some(_), None) => Status::Active,
            (None, None, _) => Status::Referred,
            (Some(Decision::NotNow), None, _) => Status::Waiting,
            (Some(Decision::Reject), None, _) => Status::Rejected,
            (Some(Decision::Include), None, _) => Status::Included,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Referred => "referred",
            Status::Waiting => "waiting",
            Status::Rejected => "rejected",
            Status::Included => "included",
            Status::Active => "active",
            Status::Ended => "ended",
        }
    }

    /// In the queue: referred or waiting for a decision to include.
    pub fn in_queue(self) -> bool {
        matches!(self, Status::Referred | Status::Waiting)
    }
}

/// One person waiting in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueEntry {
    pub episode_id: i64,
    pub participant_id: i64,
    pub code: String,
    pub intervention: String,
    pub municipality: String,
    pub referral_date: Date,
    pub referrer: String,
    pub age: i32,
    pub prioritised: bool,
    pub status: Status,
}

/// The queue in the order the referral group takes it: the priority age group first (DOMAIN
/// §2, 18–29 for SE), then by referral date.
pub fn order_queue(entries: &mut [QueueEntry]) {
    entries.sort_by_key(|e| (!e.prioritised, e.referral_date, e.episode_id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn none_is_never_combined() {
        let e = IncomeSet::parse_piped("försörjning_före", "ingen|lön").unwrap_err();
        assert_eq!(e.reason, Reason::NoneCombined);
        assert_eq!(e.value, "ingen|lön");
        let s = IncomeSet::parse_piped("f", "sjukpenning|Försörjningsstöd").unwrap();
        assert_eq!(s.to_piped(), "sjukpenning|försörjningsstöd");
        assert_eq!(IncomeSet::parse_piped("f", "ingen").unwrap().0.len(), 1);
        assert!(IncomeSet::parse_piped("f", "").unwrap().is_empty());
        assert_eq!(
            IncomeSet::parse_piped("f", "lön|bidrag")
                .unwrap_err()
                .reason,
            Reason::UnknownValue
        );
    }

    #[test]
    fn deregistration_three_months_after_work_or_studies_else_at_once() {
        let exit = date!(2023 - 05 - 31);
        assert_eq!(
            deregistration_date(exit, Outcome::Work),
            date!(2023 - 08 - 31)
        );
        assert_eq!(
            deregistration_date(exit, Outcome::Studies),
            date!(2023 - 08 - 31)
        );
        assert_eq!(deregistration_date(exit, Outcome::Other), exit);
        assert_eq!(
            deregistration_date(date!(2023 - 11 - 30), Outcome::Work),
            date!(2024 - 02 - 29)
        );
    }

    #[test]
    fn stays_overlap_when_they_share_a_day() {
        let a = (date!(2023 - 01 - 01), Some(date!(2023 - 03 - 31)));
        assert!(overlaps(a, (date!(2023 - 03 - 31), None)));
        assert!(!overlaps(a, (date!(2023 - 04 - 01), None)));
        assert!(overlaps(
            (date!(2023 - 01 - 01), None),
            (date!(2030 - 01 - 01), None)
        ));
        assert!(check_exit_date(date!(2023 - 01 - 02), date!(2023 - 01 - 01)).is_err());
        assert!(check_exit_date(date!(2023 - 01 - 02), date!(2023 - 01 - 02)).is_ok());
    }

    #[test]
    fn age_at_start_from_the_date_when_known_else_the_year() {
        let start = date!(2023 - 03 - 01);
        assert_eq!(Birth::Date(date!(2004 - 03 - 02)).age_on(start), 18);
        assert_eq!(Birth::Year(2004).age_on(start), 19);
        let se = AgeRange { min: 18, max: 64 };
        assert!(age_outside(se, 17) && !age_outside(se, 18) && age_outside(se, 65));
    }

    #[test]
    fn queue_puts_the_priority_group_first_then_the_oldest_referral() {
        let entry = |id, day, prioritised| QueueEntry {
            episode_id: id,
            participant_id: id,
            code: format!("P{id}"),
            intervention: "SE".into(),
            municipality: "Eksjö".into(),
            referral_date: date!(2023 - 01 - 01) + time::Duration::days(day),
            referrer: "AF".into(),
            age: if prioritised { 22 } else { 40 },
            prioritised,
            status: Status::Referred,
        };
        let mut q = vec![entry(1, 0, false), entry(2, 5, true), entry(3, 2, true)];
        order_queue(&mut q);
        assert_eq!(
            q.iter().map(|e| e.episode_id).collect::<Vec<_>>(),
            [3, 2, 1]
        );
    }

    #[test]
    fn status_follows_the_dates_and_the_decision() {
        let d = Some(date!(2023 - 01 - 01));
        assert_eq!(Status::of(None, None, None), Status::Referred);
        assert_eq!(
            Status::of(Some(Decision::NotNow), None, None),
            Status::Waiting
        );
        assert_eq!(Status::of(Some(Decision::Include), d, None), Status::Active);
        assert_eq!(Status::of(None, d, d), Status::Ended);
    }

    #[test]
    fn swedish_words_parse() {
        assert_eq!(Gender::parse("kön", "Kvinna").unwrap(), Gender::Woman);
        assert_eq!(
            Gender::parse("kön", "vill inte svara").unwrap(),
            Gender::Other
        );
        assert!(Gender::parse("kön", "x").is_err());
        for s in IncomeSource::ALL {
            assert_eq!(IncomeSource::parse("f", s.sv()).unwrap(), s);
            assert_eq!(IncomeSource::parse("f", s.as_str()).unwrap(), s);
        }
    }
}
