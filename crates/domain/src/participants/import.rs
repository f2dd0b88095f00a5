//! Lists of participants from earlier systems: one row per stay, Swedish column names, and
//! the same format for export. Reading the file (CSV, XLSX) is the reports crate's job; this
//! module takes the cells and either accepts every row or names every problem (row, column,
//! value, why), so that a file is stored whole or not at all.

use super::{
    check_exit_date, overlaps, parse_birth_year, parse_code, Birth, ExitReason, Gender, IncomeSet,
    Personnummer,
};
use crate::dates::parse_date;
use crate::invalid::{Errors, Invalid, Reason};
use crate::matching::find;
use std::cell::RefCell;
use std::collections::HashMap;
use time::Date;

/// The columns, as the file names them, and the field each fills.
pub const COLUMNS: [(&str, &str); 12] = [
    ("id", "id"),
    ("kön", "gender"),
    ("födelseår", "birth_year"),
    ("kommun", "municipality"),
    ("insats", "intervention"),
    ("coach", "coach"),
    ("startdatum", "start"),
    ("slutdatum", "end"),
    ("avslutsorsak", "exit_reason"),
    ("försörjning_före", "income_before"),
    ("försörjning_efter", "income_after"),
    ("samtycke", "consent"),
];

/// Columns a file must have; the others may be left out.
pub const REQUIRED: [&str; 5] = ["id", "gender", "municipality", "intervention", "start"];

/// The file's name for a field, for messages about a file.
pub fn column_of(field: &str) -> &str {
    COLUMNS
        .iter()
        .find(|(_, f)| *f == field)
        .map(|(c, _)| *c)
        .unwrap_or(field)
}

/// Who a row is about: a person by personnummer, or a local pseudonymous code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParticipantKey {
    Personnummer(Personnummer),
    Code(String),
}

/// One accepted row, with every name resolved to the förbund's own records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub row: usize,
    pub key: ParticipantKey,
    pub gender: Gender,
    pub birth_year: i32,
    pub age_at_start: i32,
    pub municipality_id: i64,
    pub intervention_id: i64,
    pub coach_id: Option<i64>,
    pub start: Date,
    pub end: Option<Date>,
    pub exit_reason_id: Option<i64>,
    pub income_before: IncomeSet,
    pub income_after: IncomeSet,
    pub consent: Option<Date>,
}

/// The kinds of value a director can map once when a list writes them in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MappingKind {
    ExitReason,
    Income,
    Municipality,
    Intervention,
}

impl MappingKind {
    pub const ALL: [MappingKind; 4] = [
        MappingKind::ExitReason,
        MappingKind::Income,
        MappingKind::Municipality,
        MappingKind::Intervention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MappingKind::ExitReason => "exit_reason",
            MappingKind::Income => "income",
            MappingKind::Municipality => "municipality",
            MappingKind::Intervention => "intervention",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }

    /// The kind of value a field of the file holds, for the fields whose values can be mapped.
    pub fn of_field(field: &str) -> Option<Self> {
        match field {
            "exit_reason" => Some(MappingKind::ExitReason),
            "income_before" | "income_after" => Some(MappingKind::Income),
            "municipality" => Some(MappingKind::Municipality),
            "intervention" => Some(MappingKind::Intervention),
            _ => None,
        }
    }
}

/// A value a förbund's lists write that matches none of its own ("Sjukskriven"), mapped once
/// by the director to one that does (the code of "Sjukdom/ohälsa") and kept for the next
/// import, as the ledger's account mappings are. `written` is kept lower case and trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueMapping {
    pub kind: MappingKind,
    pub written: String,
    pub value: String,
}

impl ValueMapping {
    /// A mapping of `written` to `value`, which must be one of `lookups.targets(kind)`.
    pub fn new(
        lookups: &Lookups,
        kind: MappingKind,
        written: &str,
        value: &str,
    ) -> Result<Self, Invalid> {
        let written = crate::matching::plain(written);
        if written.is_empty() {
            return Err(Invalid::new(kind.as_str(), "", Reason::Required));
        }
        if !lookups.targets(kind).iter().any(|(code, _)| code == value) {
            return Err(Invalid::new(kind.as_str(), value, Reason::UnknownValue));
        }
        Ok(ValueMapping {
            kind,
            written,
            value: value.to_string(),
        })
    }
}

/// The förbund's records that names in a file may refer to.
#[derive(Debug, Default)]
pub struct Lookups {
    /// Municipality members: id and name ("Eksjö kommun" is also found as "Eksjö").
    pub municipalities: Vec<(i64, String)>,
    /// Interventions: id, slug, name.
    pub interventions: Vec<(i64, String, String)>,
    /// Coaches and coordinators: id, e-mail, name.
    pub coaches: Vec<(i64, String, String)>,
    pub exit_reasons: Vec<ExitReason>,
    /// The director's mappings of values the förbund's lists write in their own words.
    pub mappings: Vec<ValueMapping>,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

impl Lookups {
    /// What a value of `kind` can be mapped to: the code a file could write, and its name.
    pub fn targets(&self, kind: MappingKind) -> Vec<(String, String)> {
        match kind {
            MappingKind::ExitReason => self
                .exit_reasons
                .iter()
                .map(|r| (r.code.clone(), r.label.clone()))
                .collect(),
            MappingKind::Income => super::IncomeSource::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.sv().to_string()))
                .collect(),
            MappingKind::Municipality => self
                .municipalities
                .iter()
                .map(|(_, n)| (n.clone(), n.clone()))
                .collect(),
            MappingKind::Intervention => self
                .interventions
                .iter()
                .map(|(_, slug, name)| (slug.clone(), name.clone()))
                .collect(),
        }
    }

    /// `written`, or what the director mapped it to.
    fn mapped<'a>(&'a self, kind: MappingKind, written: &'a str) -> &'a str {
        if !self.mappings.iter().any(|m| m.kind == kind) {
            return written;
        }
        let plain = crate::matching::plain(written);
        self.mappings
            .iter()
            .find(|m| m.kind == kind && m.written == plain)
            .map_or(written, |m| m.value.as_str())
    }

    /// A list of income sources with each part mapped.
    fn mapped_income(&self, written: &str) -> String {
        written
            .split('|')
            .map(|part| self.mapped(MappingKind::Income, part))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// "Eksjö kommun", also as "Eksjö" or "eksjo".
    fn municipality(&self, v: &str) -> Result<i64, Invalid> {
        let short = |n: &str| n.strip_suffix(" kommun").unwrap_or(n).to_string();
        let named: Vec<(i64, String, String)> = self
            .municipalities
            .iter()
            .map(|(id, n)| (*id, short(n), n.clone()))
            .collect();
        find("municipality", v, &named, |m| (m.1.as_str(), m.2.as_str())).map(|m| m.0)
    }
    fn intervention(&self, v: &str) -> Result<i64, Invalid> {
        find("intervention", v, &self.interventions, |i| {
            (i.1.as_str(), i.2.as_str())
        })
        .map(|i| i.0)
    }
    fn coach(&self, v: &str) -> Option<i64> {
        let v = norm(v);
        self.coaches
            .iter()
            .find(|(_, email, name)| norm(email) == v || norm(name) == v)
            .map(|(id, ..)| *id)
    }
}

/// Per field, what each value written was found to be.
type Found<T> = HashMap<&'static str, HashMap<String, Result<T, Invalid>>>;

/// Each distinct value of a column matched once: a list of 100 000 rows writes a few dozen,
/// and matching one compares it with every name in several forms.
#[derive(Default)]
struct Memo<T> {
    seen: RefCell<Found<T>>,
}

impl<T: Clone> Memo<T> {
    fn get(
        &self,
        field: &'static str,
        written: &str,
        find: impl FnOnce() -> Result<T, Invalid>,
    ) -> Result<T, Invalid> {
        if let Some(found) = self.seen.borrow().get(field).and_then(|m| m.get(written)) {
            return found.clone();
        }
        let found = find();
        self.seen
            .borrow_mut()
            .entry(field)
            .or_default()
            .insert(written.to_string(), found.clone());
        found
    }
}

/// The memos of one file's names and income sources.
#[derive(Default)]
struct Seen {
    ids: Memo<i64>,
    incomes: Memo<IncomeSet>,
}

/// Parses a whole file's cells (the first row is the header). Either every row is
/// accepted, or every problem is returned.
pub fn parse(
    cells: &[Vec<String>],
    lookups: &Lookups,
    today: Date,
) -> Result<Vec<ImportRow>, Vec<Invalid>> {
    let Some(header) = cells.first() else {
        return Err(vec![Invalid::new("id", "", Reason::MissingColumn).at_row(1)]);
    };
    let mut errors = vec![];
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = norm(name.trim_start_matches('\u{feff}'));
        let known = COLUMNS
            .iter()
            .find(|(c, _)| *c == name || ascii_fold(c) == name);
        match known {
            Some((_, field)) => {
                index.insert(field, i);
            }
            None if name.is_empty() => {}
            None => errors.push(Invalid::new("column", name, Reason::UnknownColumn).at_row(1)),
        }
    }
    for field in REQUIRED {
        if !index.contains_key(field) {
            errors.push(Invalid::new(field, column_of(field), Reason::MissingColumn).at_row(1));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::with_capacity(cells.len().saturating_sub(1));
    let seen = Seen::default();
    for (i, cells) in cells.iter().enumerate().skip(1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |field: &str| {
            index
                .get(field)
                .and_then(|&i| cells.get(i))
                .map(String::as_str)
                .unwrap_or("")
        };
        let mut e = Errors::default();
        let row = parse_row(cell, lookups, &seen, today, &mut e);
        if let (Some(mut r), true) = (row, e.0.is_empty()) {
            r.row = i + 1;
            rows.push(r);
        } else {
            errors.extend(e.0.into_iter().map(|x| x.at_row(i + 1)));
        }
    }
    errors.extend(overlapping_rows(&rows));
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// `födelseår` → `fodelsear`: headers typed without Swedish letters are accepted too.
fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            c => c,
        })
        .collect()
}

fn parse_row<'a>(
    cell: impl Fn(&str) -> &'a str,
    lookups: &Lookups,
    seen: &Seen,
    today: Date,
    e: &mut Errors,
) -> Option<ImportRow> {
    let id = cell("id");
    let key = if id.trim().chars().filter(char::is_ascii_digit).count() >= 10 {
        e.take(Personnummer::parse("id", id, today).map(ParticipantKey::Personnummer))
    } else {
        e.take(parse_code("id", id).map(ParticipantKey::Code))
    };
    let gender = e.take(Gender::parse("gender", cell("gender")));
    let written_year = e.take(crate::invalid::optional(cell("birth_year"), |v| {
        parse_birth_year("birth_year", v, today)
    }));
    let found = |field, v: &str, f: &dyn Fn(&str) -> Option<i64>| {
        f(v).ok_or_else(|| Invalid::new(field, v, Reason::UnknownValue))
    };
    let named = |field, kind, find: &dyn Fn(&str) -> Result<i64, Invalid>| {
        let written = cell(field);
        seen.ids
            .get(field, written, || find(lookups.mapped(kind, written)))
    };
    let municipality_id = e.take(named("municipality", MappingKind::Municipality, &|v| {
        lookups.municipality(v)
    }));
    let intervention_id = e.take(named("intervention", MappingKind::Intervention, &|v| {
        lookups.intervention(v)
    }));
    let coach_id = e.take(crate::invalid::optional(cell("coach"), |v| {
        found("coach", v, &|v| lookups.coach(v))
    }));
    let start = e.take(parse_date("start", cell("start")));
    let end = e.take(crate::invalid::optional(cell("end"), |v| {
        parse_date("end", v)
    }));
    let reason = e.take(crate::invalid::optional(cell("exit_reason"), |_| {
        named("exit_reason", MappingKind::ExitReason, &|v| {
            ExitReason::find("exit_reason", &lookups.exit_reasons, v).map(|r| r.id)
        })
    }));
    let income = |field| {
        let written = cell(field);
        seen.incomes.get(field, written, || {
            IncomeSet::parse_piped(field, &lookups.mapped_income(written))
        })
    };
    let income_before = e.take(income("income_before"));
    let income_after = e.take(income("income_after"));
    let consent = e.take(crate::invalid::optional(cell("consent"), |v| {
        parse_date("consent", v)
    }));
    let (key, gender, written_year, start, end, reason, consent) = (
        key?,
        gender?,
        written_year?,
        start?,
        end?,
        reason?,
        consent?,
    );
    if let Some(end) = end {
        e.take(check_exit_date(start, end));
        if reason.is_none() {
            e.take::<()>(Err(Invalid::new("exit_reason", "", Reason::Required)));
        }
    } else if reason.is_some() {
        e.take::<()>(Err(Invalid::new("end", "", Reason::Required)));
    }
    let birth = match (&key, written_year) {
        (ParticipantKey::Personnummer(p), year) => {
            if consent.is_none() {
                e.take::<()>(Err(Invalid::new("consent", "", Reason::ConsentMissing)));
            }
            let born = p.birth_date();
            if year.is_some_and(|y| y != born.year()) {
                e.take::<()>(Err(Invalid::new(
                    "birth_year",
                    cell("birth_year"),
                    Reason::Mismatch,
                )));
            }
            Birth::Date(born)
        }
        (ParticipantKey::Code(_), Some(y)) => Birth::Year(y),
        (ParticipantKey::Code(_), None) => {
            e.take::<()>(Err(Invalid::new("birth_year", "", Reason::Required)));
            return None;
        }
    };
    let birth_year = match birth {
        Birth::Date(d) => d.year(),
        Birth::Year(y) => y,
    };
    Some(ImportRow {
        row: 0,
        key,
        gender,
        birth_year,
        age_at_start: birth.age_on(start),
        municipality_id: municipality_id?,
        intervention_id: intervention_id?,
        coach_id: coach_id?,
        start,
        end,
        exit_reason_id: reason,
        income_before: income_before?,
        income_after: income_after?,
        consent,
    })
}

/// Two rows of one person in one intervention whose stays share a day: the later row is
/// wrong.
fn overlapping_rows(rows: &[ImportRow]) -> Vec<Invalid> {
    let mut by_person: HashMap<(&ParticipantKey, i64), Vec<&ImportRow>> = HashMap::new();
    let mut errors = vec![];
    for r in rows {
        let seen = by_person.entry((&r.key, r.intervention_id)).or_default();
        if seen
            .iter()
            .any(|o| overlaps((o.start, o.end), (r.start, r.end)))
        {
            errors.push(Invalid::new("start", r.start.to_string(), Reason::Overlap).at_row(r.row));
        }
        seen.push(r);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participants::{IncomeSource, Outcome, DEFAULT_EXIT_REASONS};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn lookups() -> Lookups {
        Lookups {
            municipalities: vec![(1, "Eksjö kommun".into()), (2, "Nässjö kommun".into())],
            interventions: vec![(10, "se-hoglandet".into(), "SE-Höglandet".into())],
            coaches: vec![(7, "coach@hoglandet.demo".into(), "Cecilia Coach".into())],
            exit_reasons: DEFAULT_EXIT_REASONS
                .iter()
                .enumerate()
                .map(|(i, (code, label, outcome))| ExitReason {
                    id: i as i64 + 100,
                    code: code.to_string(),
                    label: label.to_string(),
                    outcome: *outcome,
                })
                .collect(),
            mappings: vec![],
        }
    }

    #[test]
    fn a_mapped_value_is_read_as_what_it_was_mapped_to() {
        let mut l = lookups();
        let file = [
            "id;kön;födelseår;kommun;insats;startdatum;slutdatum;avslutsorsak;försörjning_före",
            "A1;kvinna;1990;Eksjö;se-hoglandet;2024-01-01;2024-05-31;Sjukskriven;lön|Sjukskriven",
        ];
        let problems = parse(&table(&file), &l, date!(2026 - 01 - 01)).unwrap_err();
        assert_eq!(
            problems.iter().map(|p| p.field).collect::<Vec<_>>(),
            ["exit_reason", "income_before"]
        );
        let reason = l
            .exit_reasons
            .iter()
            .find(|r| r.code == "ohalsa")
            .unwrap()
            .clone();
        l.mappings = vec![
            ValueMapping::new(&l, MappingKind::ExitReason, " SJUKSKRIVEN ", "ohalsa").unwrap(),
            ValueMapping::new(&l, MappingKind::Income, "sjukskriven", "sickness_benefit").unwrap(),
        ];
        let rows = parse(&table(&file), &l, date!(2026 - 01 - 01)).unwrap();
        assert_eq!(rows[0].exit_reason_id, Some(reason.id));
        assert_eq!(
            rows[0].income_before.to_piped(),
            "sjukpenning|lön",
            "each part of a list mapped on its own"
        );
        // Only to a value the förbund has.
        let err =
            ValueMapping::new(&l, MappingKind::ExitReason, "sjukskriven", "sjuk").unwrap_err();
        assert_eq!(err.reason, Reason::UnknownValue);
    }

    fn table(rows: &[&str]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.split(';').map(String::from).collect())
            .collect()
    }

    const HEADER: &str = "id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter;samtycke";

    #[test]
    fn a_good_file_resolves_every_name() {
        let rows = parse(
            &table(&[
                HEADER,
                "SE-001;kvinna;1999;Eksjö;se-hoglandet;coach@hoglandet.demo;2023-01-10;2023-05-31;arbete;försörjningsstöd|sjukpenning;lön;",
                "19121212-1212;man;;Nässjö kommun;SE-Höglandet;;2023-02-01;;;a-kassa;;2023-01-20",
                "SE-001;K;1999;eksjö;se-hoglandet;;2024-01-10;;;ingen;;",
            ]),
            &lookups(),
            TODAY,
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].exit_reason_id, Some(100));
        assert_eq!(rows[0].age_at_start, 24, "start year minus birth year");
        assert!(rows[0]
            .income_before
            .0
            .contains(&IncomeSource::SocialAssistance));
        assert_eq!(rows[1].birth_year, 1912);
        assert_eq!(
            rows[1].age_at_start, 110,
            "completed years from the personnummer"
        );
        assert_eq!(
            rows[2].key, rows[0].key,
            "a re-enrolment of the same person"
        );
        assert_eq!(lookups().exit_reasons[0].outcome, Outcome::Work);
    }

    #[test]
    fn every_problem_is_named_by_row_and_column() {
        let errs = parse(
            &table(&[
                HEADER,
                "SE-001;kvinna;1999;Eksjö;se-hoglandet;;2023-01-10;2023-01-09;arbete;;;",
                "SE-002;x;1999;Växjö;okänd;nobody;2023-02-30;;;ingen|lön;;",
                "19121212-1212;man;1950;Eksjö;se-hoglandet;;2023-02-01;;;;;",
                "SE-003;man;1980;Eksjö;se-hoglandet;;2023-01-01;;;;;",
                "SE-003;man;1980;Eksjö;se-hoglandet;;2023-06-01;;;;;",
            ]),
            &lookups(),
            TODAY,
        )
        .unwrap_err();
        let got: Vec<(usize, &str, Reason)> = errs
            .iter()
            .map(|e| (e.row.unwrap(), column_of(e.field), e.reason))
            .collect();
        assert_eq!(
            got,
            [
                (2, "slutdatum", Reason::EndBeforeStart),
                (3, "kön", Reason::UnknownValue),
                (3, "kommun", Reason::UnknownValue),
                (3, "insats", Reason::UnknownValue),
                (3, "coach", Reason::UnknownValue),
                (3, "startdatum", Reason::DateFormat),
                (3, "försörjning_före", Reason::NoneCombined),
                (4, "samtycke", Reason::ConsentMissing),
                (4, "födelseår", Reason::Mismatch),
                (6, "startdatum", Reason::Overlap),
            ]
        );
    }

    #[test]
    fn a_missing_or_unknown_column_is_refused_before_any_row() {
        let errs = parse(
            &table(&["id;kon;kommun;startdatum;extra"]),
            &lookups(),
            TODAY,
        )
        .unwrap_err();
        let got: Vec<_> = errs.iter().map(|e| (e.field, e.reason)).collect();
        assert_eq!(
            got,
            [
                ("column", Reason::UnknownColumn),
                ("intervention", Reason::MissingColumn)
            ]
        );
    }
}
