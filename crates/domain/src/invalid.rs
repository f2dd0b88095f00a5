//! The one validation error of the domain: which field, which value, and why.
//!
//! The reason is a key, not a sentence: the web layer turns it into Swedish or English text,
//! so the domain stays free of any language.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The line of an imported file (the header is line 1), when the value came from one.
    pub row: Option<usize>,
    pub field: &'static str,
    pub value: String,
    pub reason: Reason,
    /// The values that would have been accepted, when they are few enough to list.
    pub accepted: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    SlugFormat,
    EmailFormat,
    NotANumber,
    OutOfRange {
        min: i64,
        max: i64,
    },
    RangeOrder,
    UnknownValue,
    /// The value fits more than one of the accepted values.
    Ambiguous,
    Taken,
    /// Other records still refer to it, so it cannot be removed.
    InUse,
    DateFormat,
    PersonnummerFormat,
    PersonnummerDate,
    PersonnummerChecksum,
    /// "No public income support" together with a source of support.
    NoneCombined,
    EndBeforeStart,
    /// Another stay of the same person in the same intervention covers these days.
    Overlap,
    /// Personal data without a consent on record.
    ConsentMissing,
    /// The step needs something that has not happened yet (e.g. an exit before a start).
    WrongState,
    MissingColumn,
    UnknownColumn,
    /// Two values of one record disagree (e.g. birth year and personnummer).
    Mismatch,
    /// A single-use survey code that has already been used.
    AlreadyUsed,
    /// A survey code that no one was given.
    UnknownCode,
    /// The survey round is not open today.
    Closed,
    /// Survey and fidelity results are never broken down by municipality.
    NoMunicipalityBreakdown,
    /// The years of a budget must follow each other.
    NotConsecutive,
    /// A ledger account that is on no line of the income statement.
    NotMapped,
    /// An uploaded file beyond a fixed limit of what it may hold (`max` is the limit).
    TooManyCells {
        max: usize,
    },
    TooManyRows {
        max: usize,
    },
    TooManyColumns {
        max: usize,
    },
    /// The file, or its XLSX parts unpacked, is larger than `max_mb` megabytes.
    FileTooLarge {
        max_mb: u64,
    },
    /// Reading the file took longer than `seconds`.
    TooSlow {
        seconds: u64,
    },
    /// The current password given to change it is not the account's.
    WrongPassword,
    /// The new password written twice, differently.
    NotRepeated,
    /// A request that is not the JSON or query string it should be; the value says why.
    Unreadable,
    /// Text that looks like a personnummer or names a participant, where it may be public.
    PersonalData,
    /// Signed content that no longer is what was signed.
    Altered,
    /// A file whose content is not a kind accepted, or whose name's ending says another.
    NotADocument,
    /// Only a substitute (ersättare) substitutes for a member.
    OnlySubstitutes,
}

impl Reason {
    /// The message key (Fluent id without the `err-` prefix).
    pub fn key(&self) -> &'static str {
        match self {
            Reason::Required => "required",
            Reason::TooLong { .. } => "too-long",
            Reason::TooShort { .. } => "too-short",
            Reason::SlugFormat => "slug-format",
            Reason::EmailFormat => "email-format",
            Reason::NotANumber => "not-a-number",
            Reason::OutOfRange { .. } => "out-of-range",
            Reason::RangeOrder => "range-order",
            Reason::UnknownValue => "unknown-value",
            Reason::Ambiguous => "ambiguous",
            Reason::Taken => "taken",
            Reason::InUse => "in-use",
            Reason::DateFormat => "date-format",
            Reason::PersonnummerFormat => "personnummer-format",
            Reason::PersonnummerDate => "personnummer-date",
            Reason::PersonnummerChecksum => "personnummer-checksum",
            Reason::NoneCombined => "none-combined",
            Reason::EndBeforeStart => "end-before-start",
            Reason::Overlap => "overlap",
            Reason::ConsentMissing => "consent-missing",
            Reason::WrongState => "wrong-state",
            Reason::MissingColumn => "missing-column",
            Reason::UnknownColumn => "unknown-column",
            Reason::Mismatch => "mismatch",
            Reason::AlreadyUsed => "already-used",
            Reason::UnknownCode => "unknown-code",
            Reason::Closed => "closed",
            Reason::NoMunicipalityBreakdown => "no-municipality-breakdown",
            Reason::NotConsecutive => "not-consecutive",
            Reason::NotMapped => "not-mapped",
            Reason::TooManyCells { .. } => "too-many-cells",
            Reason::TooManyRows { .. } => "too-many-rows",
            Reason::TooManyColumns { .. } => "too-many-columns",
            Reason::FileTooLarge { .. } => "file-too-large",
            Reason::TooSlow { .. } => "too-slow",
            Reason::WrongPassword => "wrong-password",
            Reason::NotRepeated => "not-repeated",
            Reason::Unreadable => "unreadable",
            Reason::PersonalData => "personal-data",
            Reason::Altered => "altered",
            Reason::NotADocument => "not-a-document",
            Reason::OnlySubstitutes => "only-substitutes",
        }
    }
}

impl Invalid {
    pub fn new(field: &'static str, value: impl Into<String>, reason: Reason) -> Self {
        Invalid {
            row: None,
            field,
            value: value.into(),
            reason,
            accepted: vec![],
        }
    }

    /// The same problem, with the values that would have been accepted.
    pub fn accepting(mut self, accepted: Vec<String>) -> Self {
        self.accepted = accepted;
        self
    }
}

impl Invalid {
    /// The same problem, placed on line `row` of an imported file.
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
}

/// Places the problem of a `Result` on line `row` of an imported file.
pub trait OnRow<T> {
    fn on_row(self, row: usize) -> Result<T, Invalid>;
}

impl<T> OnRow<T> for Result<T, Invalid> {
    fn on_row(self, row: usize) -> Result<T, Invalid> {
        self.map_err(|e| e.at_row(row))
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {row}, ")?;
        }
        write!(
            f,
            "field `{}`, value {:?}: {}",
            self.field,
            self.value,
            self.reason.key()
        )
    }
}

impl std::error::Error for Invalid {}

/// A trimmed, non-empty text of at most `max` characters.
pub fn required_text(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    let v = optional_text(field, value, max)?;
    if v.is_empty() {
        return Err(Invalid::new(field, value, Reason::Required));
    }
    Ok(v)
}

/// A trimmed text of at most `max` characters, possibly empty. The limit holds for the
/// value as sent, spaces and line breaks around it included, as the API describes it.
pub fn optional_text(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    if value.chars().count() > max {
        return Err(Invalid::new(field, value, Reason::TooLong { max }));
    }
    Ok(value.trim().to_string())
}

/// A whole number in `min..=max`, written by a person (spaces allowed).
pub fn number_in(field: &'static str, value: &str, min: i64, max: i64) -> Result<i64, Invalid> {
    let cleaned: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return Err(Invalid::new(field, value, Reason::Required));
    }
    let n: i64 = cleaned
        .parse()
        .map_err(|_| Invalid::new(field, value, Reason::NotANumber))?;
    if n < min || n > max {
        return Err(Invalid::new(field, value, Reason::OutOfRange { min, max }));
    }
    Ok(n)
}

/// Collects every problem of a form, so that all of them can be shown at once.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<Invalid>);

impl Errors {
    pub fn take<T>(&mut self, r: Result<T, Invalid>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    pub fn push(&mut self, e: Invalid) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was wrong, else every problem.
    pub fn finish(self) -> Result<(), Vec<Invalid>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// The problems of one checked value: one problem, or several (a table, a nested form).
pub trait Problems {
    fn into_problems(self) -> Vec<Invalid>;
}

impl Problems for Invalid {
    fn into_problems(self) -> Vec<Invalid> {
        vec![self]
    }
}

impl Problems for Vec<Invalid> {
    fn into_problems(self) -> Vec<Invalid> {
        self
    }
}

/// The fields of a form, each checked: all their values, or every problem of all of them.
///
/// ```
/// use samordna_domain::invalid::{number_in, required_text, AllOk};
/// let (name, age) = (required_text("name", "Eva", 50), number_in("age", "30", 0, 120))
///     .all_ok()
///     .unwrap();
/// assert_eq!((name.as_str(), age), ("Eva", 30));
/// let problems = (required_text("name", "", 50), number_in("age", "x", 0, 120))
///     .all_ok()
///     .unwrap_err();
/// assert_eq!(problems.len(), 2);
/// ```
pub trait AllOk {
    type Values;
    fn all_ok(self) -> Result<Self::Values, Vec<Invalid>>;
}

macro_rules! all_ok_for_tuples {
    ($(($($t:ident $e:ident $v:ident),+))+) => {$(
        impl<$($t, $e: Problems),+> AllOk for ($(Result<$t, $e>,)+) {
            type Values = ($($t,)+);
            fn all_ok(self) -> Result<Self::Values, Vec<Invalid>> {
                let ($($v,)+) = self;
                let mut problems = Vec::new();
                $(let $v = $v.map_err(|e| problems.extend(e.into_problems())).ok();)+
                match ($($v,)+) {
                    ($(Some($v),)+) => Ok(($($v,)+)),
                    _ => Err(problems),
                }
            }
        }
    )+};
}

all_ok_for_tuples! {
    (A1 E1 v1)
    (A1 E1 v1, A2 E2 v2)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5, A6 E6 v6)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5, A6 E6 v6, A7 E7 v7)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5, A6 E6 v6, A7 E7 v7, A8 E8 v8)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5, A6 E6 v6, A7 E7 v7, A8 E8 v8, A9 E9 v9)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5, A6 E6 v6, A7 E7 v7, A8 E8 v8, A9 E9 v9,
     A10 E10 v10)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5, A6 E6 v6, A7 E7 v7, A8 E8 v8, A9 E9 v9,
     A10 E10 v10, A11 E11 v11)
    (A1 E1 v1, A2 E2 v2, A3 E3 v3, A4 E4 v4, A5 E5 v5, A6 E6 v6, A7 E7 v7, A8 E8 v8, A9 E9 v9,
     A10 E10 v10, A11 E11 v11, A12 E12 v12)
}

/// Every value of a list of checked values, or every problem among them (the rows of a
/// table, the weights of a key).
pub fn all_of<T, E: Problems>(
    items: impl IntoIterator<Item = Result<T, E>>,
) -> Result<Vec<T>, Vec<Invalid>> {
    let mut values = vec![];
    let mut problems = vec![];
    for item in items {
        match item {
            Ok(v) => values.push(v),
            Err(e) => problems.extend(e.into_problems()),
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// An empty field is `None`; anything else must parse.
pub fn optional<T>(
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, Invalid>,
) -> Result<Option<T>, Invalid> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse(value).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_measured_as_sent_and_stored_trimmed() {
        assert_eq!(optional_text("f", "  ab  ", 6).unwrap(), "ab");
        // Found by schemathesis: "Z" and 8 000 line breaks passed an 8 000-character limit.
        let padded = format!("Z{}", "\r".repeat(10));
        assert_eq!(
            optional_text("f", &padded, 10).unwrap_err().reason,
            Reason::TooLong { max: 10 }
        );
        assert_eq!(
            required_text("f", "   ", 5).unwrap_err().reason,
            Reason::Required
        );
    }
}
