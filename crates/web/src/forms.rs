//! What the forms of every area share: the options of a `<select>`, the problems of a
//! submitted form by field, and the small parsers of query strings.

use crate::i18n::Tr;
use samordna_domain::Invalid;

pub use samordna_app::today;

/// One option of a `<select>`, with whether it is the chosen one.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The options of a `<select>`, `current` chosen.
pub fn opts<V: Into<String>>(
    items: impl IntoIterator<Item = (V, String)>,
    current: &str,
) -> Vec<Opt> {
    items
        .into_iter()
        .map(|(value, label)| {
            let value = value.into();
            Opt {
                selected: value == current,
                value,
                label,
            }
        })
        .collect()
}

/// Codes with their words (`decision-include` → "Ta in"), for a `<select>`.
pub fn worded<'a>(
    tr: &'a Tr,
    prefix: &'a str,
    codes: impl IntoIterator<Item = &'static str> + 'a,
) -> impl Iterator<Item = (String, String)> + 'a {
    codes
        .into_iter()
        .map(move |c| (c.to_string(), tr.t(&format!("{prefix}-{c}"))))
}

/// The problems of a submitted form, by field, in the user's language.
#[derive(Default)]
pub struct FormErrors(pub Vec<(&'static str, String)>);

impl FormErrors {
    pub fn new(tr: Tr, errors: &[Invalid]) -> Self {
        FormErrors(errors.iter().map(|e| (e.field, tr.invalid(e))).collect())
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// 200 for a fresh form, 422 for one shown again with its problems.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// `?year=2023&format=xlsx`: a page about one year, or its file.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    pub year: String,
    pub format: String,
}

/// What a page's query asks for: the value typed, or `default` when nothing was typed. A
/// value that does not parse is never taken silently for the default: the page shows the
/// default's figures with the problem named beside them.
pub fn asked<T>(
    text: &str,
    default: T,
    parse: impl FnOnce(&str) -> Result<T, Invalid>,
) -> (T, Vec<Invalid>) {
    if text.trim().is_empty() {
        return (default, vec![]);
    }
    match parse(text) {
        Ok(v) => (v, vec![]),
        Err(e) => (default, vec![e]),
    }
}

/// A year as typed, or `default` when it is empty or not a plausible year.
pub fn year_or(text: &str, default: i32) -> i32 {
    text.trim()
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or(default)
}

/// `?saved=1`: a list the user came back to after an action there, which confirms it.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Saved {
    pub saved: String,
}

impl Saved {
    pub fn any(&self) -> bool {
        !self.saved.is_empty()
    }
}
