//! Every Fluent message the code asks for exists in Swedish and in English.
//!
//! The sources and templates are read as text: a key written out (`t("nav-budget")`,
//! `"stats-women"`) must exist; a key built from a code (`format!("income-{}", s.as_str())`,
//! `worded(&tr, "decision", …)`, `t("gender", …)`) must have its prefix in `built()` below,
//! which lists the codes each prefix is built from (the domain's `ALL` lists), and every
//! key so built must exist. A new prefix in the code fails this test until it is listed.

use samordna_app::i18n::{Lang, Tr};
use samordna_domain::access::audit::AuditAction;
use samordna_domain::access::roles::Role;
use samordna_domain::economy::budget::{CostCategory, Version};
use samordna_domain::governance::Body;
use samordna_domain::orgs::interventions::InterventionKind;
use samordna_domain::orgs::members::MemberKind;
use samordna_domain::participants::after_support::ContactKind;
use samordna_domain::participants::record::ConsentScope;
use samordna_domain::participants::{Decision, Gender, IncomeSource, Outcome, Status};
use samordna_domain::surveys::{SCALE_A, SCALE_B};
use samordna_domain::Reason;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every reason of a refused value: the match makes a new reason fail to compile here.
fn reasons() -> Vec<Reason> {
    let all = [
        Reason::Required,
        Reason::TooLong { max: 1 },
        Reason::TooShort { min: 1 },
        Reason::SlugFormat,
        Reason::EmailFormat,
        Reason::NotANumber,
        Reason::OutOfRange { min: 0, max: 1 },
        Reason::RangeOrder,
        Reason::UnknownValue,
        Reason::Ambiguous,
        Reason::Taken,
        Reason::InUse,
        Reason::DateFormat,
        Reason::PersonnummerFormat,
        Reason::PersonnummerDate,
        Reason::PersonnummerChecksum,
        Reason::NoneCombined,
        Reason::EndBeforeStart,
        Reason::Overlap,
        Reason::ConsentMissing,
        Reason::WrongState,
        Reason::MissingColumn,
        Reason::UnknownColumn,
        Reason::Mismatch,
        Reason::AlreadyUsed,
        Reason::UnknownCode,
        Reason::Closed,
        Reason::NoMunicipalityBreakdown,
        Reason::NotConsecutive,
        Reason::NotMapped,
        Reason::TooManyCells { max: 1 },
        Reason::TooManyRows { max: 1 },
        Reason::TooManyColumns { max: 1 },
        Reason::FileTooLarge { max_mb: 1 },
        Reason::TooSlow { seconds: 1 },
        Reason::WrongPassword,
        Reason::NotRepeated,
        Reason::Unreadable,
        Reason::PersonalData,
        Reason::Altered,
        Reason::NotADocument,
        Reason::OnlySubstitutes,
    ];
    for r in all {
        match r {
            Reason::Required
            | Reason::TooLong { .. }
            | Reason::TooShort { .. }
            | Reason::SlugFormat
            | Reason::EmailFormat
            | Reason::NotANumber
            | Reason::OutOfRange { .. }
            | Reason::RangeOrder
            | Reason::UnknownValue
            | Reason::Ambiguous
            | Reason::Taken
            | Reason::InUse
            | Reason::DateFormat
            | Reason::PersonnummerFormat
            | Reason::PersonnummerDate
            | Reason::PersonnummerChecksum
            | Reason::NoneCombined
            | Reason::EndBeforeStart
            | Reason::Overlap
            | Reason::ConsentMissing
            | Reason::WrongState
            | Reason::MissingColumn
            | Reason::UnknownColumn
            | Reason::Mismatch
            | Reason::AlreadyUsed
            | Reason::UnknownCode
            | Reason::Closed
            | Reason::NoMunicipalityBreakdown
            | Reason::NotConsecutive
            | Reason::NotMapped
            | Reason::TooManyCells { .. }
            | Reason::TooManyRows { .. }
            | Reason::TooManyColumns { .. }
            | Reason::FileTooLarge { .. }
            | Reason::TooSlow { .. }
            | Reason::WrongPassword
            | Reason::NotRepeated
            | Reason::Unreadable
            | Reason::PersonalData
            | Reason::Altered
            | Reason::NotADocument
            | Reason::OnlySubstitutes => {}
        }
    }
    all.to_vec()
}

fn codes<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|&x| f(x).to_string()).collect()
}

fn numbered(range: std::ops::RangeInclusive<u32>) -> Vec<String> {
    range.map(|n| n.to_string()).collect()
}

/// The keys built at run time: each prefix, as the code writes it, with every code.
fn built(fields: Vec<String>) -> Vec<(&'static str, Vec<String>)> {
    let scales = [("a", SCALE_A.len()), ("b", SCALE_B.len())]
        .iter()
        .flat_map(|&(s, n)| (1..=n).map(move |v| format!("{s}-{v}")))
        .collect();
    vec![
        ("income-", codes(&IncomeSource::ALL, IncomeSource::as_str)),
        ("gender-", codes(&Gender::ALL, Gender::as_str)),
        ("outcome-", codes(&Outcome::ALL, Outcome::as_str)),
        ("decision-", codes(&Decision::ALL, Decision::as_str)),
        ("status-", codes(&Status::ALL, Status::as_str)),
        ("contact-", codes(&ContactKind::ALL, ContactKind::as_str)),
        (
            "consent-scope-",
            codes(&ConsentScope::ALL, ConsentScope::as_str),
        ),
        (
            "kind-",
            codes(&InterventionKind::ALL, InterventionKind::as_str),
        ),
        ("member-kind-", codes(&MemberKind::ALL, MemberKind::as_str)),
        ("role-", codes(&Role::ALL, Role::as_str)),
        (
            "request-outcome-",
            codes(
                &samordna_domain::plans::requests::Outcome::ALL,
                samordna_domain::plans::requests::Outcome::as_str,
            ),
        ),
        (
            "deviation-status-",
            codes(
                &samordna_domain::plans::deviations::Status::ALL,
                samordna_domain::plans::deviations::Status::as_str,
            ),
        ),
        (
            "activity-status-",
            codes(
                &samordna_domain::plans::actions::Status::ALL,
                samordna_domain::plans::actions::Status::as_str,
            ),
        ),
        (
            "retention-covers-",
            codes(
                &samordna_domain::plans::retention::Covers::ALL,
                samordna_domain::plans::retention::Covers::as_str,
            ),
        ),
        (
            "retention-then-",
            codes(
                &samordna_domain::plans::retention::Then::ALL,
                samordna_domain::plans::retention::Then::as_str,
            ),
        ),
        ("audit-", codes(&AuditAction::ALL, AuditAction::as_str)),
        (
            "audit-entity-",
            samordna_domain::access::audit::ENTITIES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        (
            "audit-word-",
            samordna_domain::access::audit::DETAIL_WORDS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        (
            "budget-category-",
            codes(&CostCategory::ALL, CostCategory::as_str),
        ),
        ("budget-version-", codes(&Version::ALL, Version::as_str)),
        (
            "stats-dimension-",
            ["intervention", "municipality", "coach"]
                .map(String::from)
                .to_vec(),
        ),
        ("month-", numbered(1..=12)),
        (
            "report-block-",
            samordna_domain::reports::Block::KINDS
                .iter()
                .map(|(k, _)| k.replace('_', "-"))
                .collect(),
        ),
        ("survey-indicator-q", numbered(1..=7)),
        ("survey-scale-", scales),
        (
            "err-",
            reasons().iter().map(|r| r.key().to_string()).collect(),
        ),
        ("field-", fields),
        ("body-", codes(&Body::ALL, Body::as_str)),
        (
            "term-seat-",
            ["ordinary", "substitute"].map(String::from).to_vec(),
        ),
        (
            "term-office-",
            ["chair", "vice-chair"].map(String::from).to_vec(),
        ),
        (
            "minutes-status-",
            ["planned", "draft", "justering", "signed"]
                .map(String::from)
                .to_vec(),
        ),
        (
            "ruling-",
            ["text", "notes", "decides"].map(String::from).to_vec(),
        ),
        (
            "signer-",
            ["chair", "secretary", "justerare"]
                .map(String::from)
                .to_vec(),
        ),
        (
            "notice-kind-",
            ["justering", "public-meeting"].map(String::from).to_vec(),
        ),
        (
            "notice-title-",
            ["justering", "public-meeting"].map(String::from).to_vec(),
        ),
    ]
}

/// Literals that look like keys but are not: the actions of `/o/{org}/episodes/{id}/{action}`.
const NOT_WORDS: &[&str] = &["after-support", "follow-up"];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` and `.html` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let skip = ["target", "node_modules", "tests", "demo"];
            if !skip.iter().any(|s| path.ends_with(s)) {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html")
            && !path.ends_with("tests.rs")
        {
            let text = std::fs::read_to_string(&path).unwrap();
            // The code as it runs: a file's own tests are not asked for words.
            let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
            out.push((path.clone(), code));
        }
    }
}

/// The word of key characters at the start of `s`, if it ends at a quote (`"abc-de"` →
/// `abc-de`), or at a `{` (a built key: returned with the `{`).
fn key_at(s: &str) -> Option<&str> {
    let end =
        s.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'))?;
    let word = &s[..end];
    match s[end..].chars().next() {
        Some('"') if !word.is_empty() => Some(word),
        Some('{') if !word.is_empty() => Some(&s[..=end]),
        _ => None,
    }
}

/// What follows each occurrence of `pattern` in `src`.
fn after<'a>(src: &'a str, pattern: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    src.match_indices(pattern)
        .map(move |(i, _)| &src[i + pattern.len()..])
}

#[test]
fn every_key_the_code_uses_exists_in_both_languages() {
    let mut files = vec![];
    sources(&crates_dir(), &mut files);
    let keys =
        |lang| -> BTreeSet<String> { Tr::all_keys(lang).into_iter().map(|(_, k)| k).collect() };
    let (sv, en) = (keys(Lang::Sv), keys(Lang::En));
    let prefixes: BTreeSet<&str> = sv
        .iter()
        .filter_map(|k| k.split_once('-'))
        .map(|(p, _)| p)
        .collect();

    let mut literal = BTreeSet::new();
    let mut built_prefixes = BTreeSet::new();
    let mut fields = BTreeSet::new();
    // The domain's functions that take the name of the field they check as their first
    // argument: `X::parse(` for a method of `impl X`, `name(` for a free function.
    let mut field_fns = vec!["Invalid::new(".to_string()];
    for (path, src) in &files {
        if path.to_string_lossy().contains("/domain/src/") {
            let mut owner = None;
            for line in src.lines() {
                let t = line.trim_start();
                if let Some(rest) = t.strip_prefix("impl ") {
                    let ty = rest.split(" for ").last().unwrap_or(rest);
                    owner = ty
                        .split(|c: char| !c.is_alphanumeric())
                        .next()
                        .map(String::from);
                } else if line.starts_with('}') {
                    owner = None;
                }
                let Some(rest) = t.strip_prefix("pub fn ").or_else(|| t.strip_prefix("fn ")) else {
                    continue;
                };
                let (name, args) = rest.split_once('(').unwrap_or((rest, ""));
                if args.trim_start().starts_with("field: &'static str") {
                    let qualified = match (&owner, line.starts_with("    ")) {
                        (Some(ty), true) => format!("{ty}::{name}("),
                        _ => format!("{name}("),
                    };
                    field_fns.push(qualified);
                }
            }
        }
    }
    for (path, src) in &files {
        let rust = path.extension().is_some_and(|e| e == "rs");
        for pattern in [
            ".t(\"",
            ".t1(\"",
            ".tn(\"",
            ".t(&format!(\"",
            ".t1(&format!(\"",
            ".tn(&format!(\"",
        ] {
            for rest in after(src, pattern) {
                match key_at(rest) {
                    Some(k) if k.ends_with('{') => {
                        built_prefixes.insert(k.trim_end_matches('{').to_string());
                    }
                    Some(k) => {
                        literal.insert(k.to_string());
                    }
                    None => {}
                }
            }
        }
        // `self.t("gender", code)` and `worded(&tr, "decision", codes)`: a prefix and a code.
        for rest in after(src, "self.t(\"").chain(after(src, "worded(&tr, \"")) {
            if let Some(k) = key_at(rest) {
                let tail = &rest[k.len()..];
                if tail.starts_with("\", ") && !k.contains('-') {
                    built_prefixes.insert(format!("{k}-"));
                    literal.remove(k);
                }
            }
        }
        let words_code = ["/web/src/", "/app/src/"]
            .iter()
            .any(|d| path.to_string_lossy().contains(d));
        if rust && words_code {
            // A key written out anywhere in the code of the pages and reports: a literal
            // with a message's prefix.
            for rest in after(src, "\"") {
                if let Some(k) = key_at(rest) {
                    let known_prefix = k.split_once('-').is_some_and(|(p, _)| prefixes.contains(p));
                    let word = known_prefix && !k.ends_with('{') && !k.ends_with('-');
                    if word && !NOT_WORDS.contains(&k) {
                        literal.insert(k.to_string());
                    }
                }
            }
        }
        if rust {
            // `format!("member-kind-{}", …)` in a function that names a key (`fn kind_key`).
            for rest in after(src, "fn ") {
                let name = rest.split('(').next().unwrap_or("");
                if !name.ends_with("_key") || !words_code {
                    continue;
                }
                let body = rest.split("\n}").next().unwrap_or("");
                for f in after(body, "format!(\"") {
                    if let Some(k) = key_at(f).filter(|k| k.ends_with('{')) {
                        built_prefixes.insert(k.trim_end_matches('{').to_string());
                    }
                }
            }
            for f in &field_fns {
                let calls = src
                    .match_indices(f.as_str())
                    .filter(|(i, _)| {
                        let before = src[..*i].chars().next_back().unwrap_or(' ');
                        f.contains("::")
                            || !(before.is_alphanumeric() || before == '_' || before == ':')
                    })
                    .map(|(i, _)| &src[i + f.len()..]);
                for rest in calls {
                    let rest = rest.trim_start();
                    if let Some(name) = rest.strip_prefix('"').and_then(key_at) {
                        fields.insert(name.to_string());
                    }
                }
            }
        }
    }
    // The i18n module builds these two itself, from `Invalid`.
    built_prefixes.insert("err-".into());
    built_prefixes.insert("field-".into());

    let table = built(fields.into_iter().collect());
    let mut missing = vec![];
    for p in &built_prefixes {
        if !table.iter().any(|(t, _)| t == p) {
            missing.push(format!(
                "the code builds keys \"{p}…\": list its codes in built()"
            ));
        }
    }
    let mut wanted: BTreeSet<String> = literal.clone();
    for (prefix, codes) in &table {
        wanted.extend(codes.iter().map(|c| format!("{prefix}{c}")));
    }
    for k in &wanted {
        for (lang, have) in [("sv", &sv), ("en", &en)] {
            if !have.contains(k) {
                missing.push(format!("{k} is missing in {lang}"));
            }
        }
    }
    println!(
        "{} keys written out and {} built from {} prefixes, checked in both languages",
        literal.len(),
        wanted.len() - literal.len(),
        table.len()
    );
    assert!(
        literal.len() > 300 && built_prefixes.len() > 10,
        "the scan found too little"
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
