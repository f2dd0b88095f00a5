//! Swedish first, English second, through Fluent: the words of the pages, the files, the
//! command line and the reports. The web crate reads the language from a cookie (`lang`);
//! numbers are formatted by `samordna_domain::format` the Swedish way in both languages.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use samordna_domain::{Invalid, Reason};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One Fluent file per area and language: `locales/{sv,en}/{area}.ftl`. A new area adds
/// its name here.
macro_rules! locale_files {
    ($lang:literal) => {
        [
            (
                "common",
                include_str!(concat!("../locales/", $lang, "/common.ftl")),
            ),
            (
                "orgs",
                include_str!(concat!("../locales/", $lang, "/orgs.ftl")),
            ),
            (
                "access",
                include_str!(concat!("../locales/", $lang, "/access.ftl")),
            ),
            (
                "participants",
                include_str!(concat!("../locales/", $lang, "/participants.ftl")),
            ),
            (
                "stats",
                include_str!(concat!("../locales/", $lang, "/stats.ftl")),
            ),
            (
                "surveys",
                include_str!(concat!("../locales/", $lang, "/surveys.ftl")),
            ),
            (
                "economy",
                include_str!(concat!("../locales/", $lang, "/economy.ftl")),
            ),
            (
                "reports",
                include_str!(concat!("../locales/", $lang, "/reports.ftl")),
            ),
            (
                "governance",
                include_str!(concat!("../locales/", $lang, "/governance.ftl")),
            ),
            (
                "plans",
                include_str!(concat!("../locales/", $lang, "/plans.ftl")),
            ),
        ]
    };
}

/// The area files of a language: (area, text).
fn files(lang: Lang) -> [(&'static str, &'static str); 10] {
    match lang {
        Lang::Sv => locale_files!("sv"),
        Lang::En => locale_files!("en"),
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static SV: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let (cell, id) = match lang {
        Lang::Sv => (&SV, "sv-SE"),
        Lang::En => (&EN, "en-GB"),
    };
    cell.get_or_init(|| {
        let mut b = FluentBundle::new_concurrent(vec![id.parse().expect("language id")]);
        b.set_use_isolating(false);
        for (_, src) in files(lang) {
            let res = FluentResource::try_new(src.to_string())
                .expect("locale file parses (checked by a test)");
            b.add_resource(res)
                .expect("no duplicate message ids (checked by a test)");
        }
        b
    })
}

/// The translator handed to every template.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn lang(&self) -> &'static str {
        self.0.code()
    }

    /// The message `key`, or the key itself if it is missing (a test checks none is).
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.tn(key, &[(name, value)])
    }

    /// The message `key` with `$count` as a number, so that the message can choose its
    /// plural form (`[one]` / `*[other]`).
    pub fn count(&self, key: &str, count: usize) -> String {
        let mut args = FluentArgs::new();
        args.set("count", count);
        self.format(key, Some(&args))
    }

    /// The message `key` with named arguments.
    pub fn tn(&self, key: &str, named: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in named {
            args.set(name.to_string(), value.to_string());
        }
        self.format(key, Some(&args))
    }

    /// The message `key`, if the language has it.
    pub fn get(&self, key: &str) -> Option<String> {
        bundle(self.0)
            .get_message(key)
            .is_some()
            .then(|| self.t(key))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let b = bundle(self.0);
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = vec![];
        b.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// "Fältet Namn: måste fyllas i" for one validation problem.
    pub fn invalid(&self, e: &Invalid) -> String {
        let mut args = FluentArgs::new();
        args.set("field", self.t(&format!("field-{}", e.field)));
        args.set("value", e.value.clone());
        match e.reason {
            Reason::TooLong { max } => args.set("max", max as i64),
            Reason::TooShort { min } => args.set("min", min as i64),
            Reason::OutOfRange { min, max } => {
                args.set("min", min);
                args.set("max", max);
            }
            Reason::TooManyCells { max }
            | Reason::TooManyRows { max }
            | Reason::TooManyColumns { max } => {
                args.set("max", samordna_domain::format::thousands(max as i64))
            }
            Reason::FileTooLarge { max_mb } => args.set("max", max_mb),
            Reason::TooSlow { seconds } => args.set("max", seconds),
            _ => {}
        }
        let mut text = self.format(&format!("err-{}", e.reason.key()), Some(&args));
        if !e.accepted.is_empty() {
            text.push(' ');
            text.push_str(&self.t1("err-accepted", "values", &e.accepted.join(", ")));
        }
        match e.row {
            Some(row) => format!("{} {row}: {text}", self.t("row")),
            None => text,
        }
    }

    /// Every problem, each in words.
    pub fn invalid_list(&self, errors: &[Invalid]) -> Vec<String> {
        errors.iter().map(|e| self.invalid(e)).collect()
    }

    /// Every message id of a language, with the area file it is in.
    pub fn all_keys(lang: Lang) -> Vec<(&'static str, String)> {
        files(lang)
            .into_iter()
            .flat_map(|(area, src)| {
                src.lines()
                    .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
                    .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
                    .filter(|k| !k.is_empty())
                    .map(move |k| (area, k))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_parse_and_have_the_same_keys_in_the_same_areas() {
        let (sv, en) = (Tr::all_keys(Lang::Sv), Tr::all_keys(Lang::En));
        assert!(sv.len() > 50);
        let mut ids: Vec<&String> = sv.iter().map(|(_, k)| k).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "a message id is in two files");
        let missing_en: Vec<_> = sv.iter().filter(|k| !en.contains(k)).collect();
        let missing_sv: Vec<_> = en.iter().filter(|k| !sv.contains(k)).collect();
        assert!(
            missing_en.is_empty() && missing_sv.is_empty(),
            "en lacks {missing_en:?}, sv lacks {missing_sv:?}"
        );
        // Forces both bundles to build: a syntax error or duplicate id panics here.
        assert_eq!(Tr(Lang::Sv).t("nav-interventions"), "Insatser");
        assert_eq!(Tr(Lang::En).t("nav-interventions"), "Interventions");
    }

    #[test]
    fn validation_messages_name_field_and_value() {
        let e = Invalid::new("age", "65–18", Reason::RangeOrder);
        assert_eq!(
            Tr(Lang::Sv).invalid(&e),
            "Ålder: ”65–18” – lägsta värdet är större än högsta."
        );
        let e = Invalid::new(
            "capacity_per_fte",
            "900",
            Reason::OutOfRange { min: 1, max: 500 },
        );
        assert_eq!(
            Tr(Lang::Sv).invalid(&e),
            "Deltagare per heltidscoach: ”900” ska vara mellan 1 och 500."
        );
    }
}
