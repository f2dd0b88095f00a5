//! The verksamhetsplan's goal table (003 plan 2024 §5.1): huvudmål → delmål → aktivitet →
//! mätning av måluppfyllelse. A measurement is computed from the data where samordna has
//! it (the share of exits to work or studies, the survey, the budget, …) or typed in with a
//! date and a comment where it has not, and is judged against its target.

use crate::dates::parse_date;
use crate::economy::budget::CostCategory;
use crate::invalid::{optional_text, required_text, AllOk, Invalid, Reason};
use crate::money::hundredths;
use crate::stats::Period;
use serde::{Deserialize, Serialize};
use time::Date;

pub const MAX_TEXT: usize = 1000;

/// Where a measurement's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Typed in by the director, with a date and a comment.
    Typed,
    /// The share of an intervention's exits that went to work or studies.
    ExitsToWork(String),
    /// The share of an intervention's participants with steps who moved up at least one.
    MovedStep(String),
    /// The share in the three highest steps of one question of the indicator survey,
    /// over the year's rounds.
    Survey(u8),
    /// The participants asked about violence during the year.
    ViolenceAsked,
    /// A cost category's share of the year's budget.
    BudgetShare(CostCategory),
    /// The deviations registered during the year.
    Deviations,
}

/// Shares or counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Share,
    Count,
}

/// The indicator survey's seven questions.
pub const SURVEY_QUESTIONS: u8 = 7;

impl Source {
    /// Every source for a förbund with these interventions, as codes.
    pub fn all(slugs: &[String]) -> Vec<Source> {
        let mut all = vec![Source::Typed];
        for s in slugs {
            all.push(Source::ExitsToWork(s.clone()));
            all.push(Source::MovedStep(s.clone()));
        }
        all.extend((1..=SURVEY_QUESTIONS).map(Source::Survey));
        all.push(Source::ViolenceAsked);
        all.extend(CostCategory::ALL.map(Source::BudgetShare));
        all.push(Source::Deviations);
        all
    }

    /// `typed`, `exits:se-hoglandet`, `moved:se-hoglandet`, `survey:1`, `violence`,
    /// `budget:individual`, `deviations`.
    pub fn code(&self) -> String {
        match self {
            Source::Typed => "typed".into(),
            Source::ExitsToWork(s) => format!("exits:{s}"),
            Source::MovedStep(s) => format!("moved:{s}"),
            Source::Survey(q) => format!("survey:{q}"),
            Source::ViolenceAsked => "violence".into(),
            Source::BudgetShare(c) => format!("budget:{}", c.as_str()),
            Source::Deviations => "deviations".into(),
        }
    }

    /// A source by its code, whatever interventions there are now (a kept goal may name
    /// one that has since gone).
    pub fn from_code(code: &str) -> Option<Self> {
        let (kind, of) = code.split_once(':').unwrap_or((code, ""));
        Some(match (kind, of) {
            ("typed", "") => Source::Typed,
            ("exits", s) if !s.is_empty() => Source::ExitsToWork(s.into()),
            ("moved", s) if !s.is_empty() => Source::MovedStep(s.into()),
            ("survey", q) => Source::Survey(
                q.parse()
                    .ok()
                    .filter(|q| (1..=SURVEY_QUESTIONS).contains(q))?,
            ),
            ("violence", "") => Source::ViolenceAsked,
            ("budget", c) => {
                Source::BudgetShare(*CostCategory::ALL.iter().find(|k| k.as_str() == c)?)
            }
            ("deviations", "") => Source::Deviations,
            _ => return None,
        })
    }

    /// One of `all(slugs)` by its code.
    pub fn parse(field: &'static str, code: &str, slugs: &[String]) -> Result<Self, Invalid> {
        let all = Source::all(slugs);
        Source::from_code(code.trim())
            .filter(|s| all.contains(s))
            .ok_or_else(|| {
                Invalid::new(field, code, Reason::UnknownValue)
                    .accepting(all.iter().map(Source::code).collect())
            })
    }

    /// The unit of a computed source; a typed one takes its target's (or its value's).
    pub fn unit(&self) -> Option<Unit> {
        match self {
            Source::Typed => None,
            Source::ViolenceAsked | Source::Deviations => Some(Unit::Count),
            _ => Some(Unit::Share),
        }
    }

    /// The key of the words that name it (`goal-source-exits`, …).
    pub fn key(&self) -> &'static str {
        match self {
            Source::Typed => "goal-source-typed",
            Source::ExitsToWork(_) => "goal-source-exits",
            Source::MovedStep(_) => "goal-source-moved",
            Source::Survey(_) => "goal-source-survey",
            Source::ViolenceAsked => "goal-source-violence",
            Source::BudgetShare(_) => "goal-source-budget",
            Source::Deviations => "goal-source-deviations",
        }
    }
}

/// A measured or typed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// Basis points: 45,2 % = 4 520.
    Share(i64),
    Count(i64),
}

impl Value {
    pub fn unit(self) -> Unit {
        match self {
            Value::Share(_) => Unit::Share,
            Value::Count(_) => Unit::Count,
        }
    }

    fn number(self) -> i64 {
        match self {
            Value::Share(n) | Value::Count(n) => n,
        }
    }

    /// `45,2 %` is a share, `1 200` a count.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new(field, text, Reason::NotANumber);
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(share) = compact.strip_suffix('%') {
            let bp = hundredths(share).ok_or_else(bad)?;
            if bp > 10_000 {
                return Err(Invalid::new(
                    field,
                    text,
                    Reason::OutOfRange { min: 0, max: 100 },
                ));
            }
            Ok(Value::Share(bp))
        } else {
            compact
                .parse::<u32>()
                .map(|n| Value::Count(n.into()))
                .map_err(|_| bad())
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Value::Share(bp) => crate::format::percent_bp(*bp),
            Value::Count(n) => crate::format::thousands(*n),
        })
    }
}

/// A goal's target: at least (or at most) a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub at_most: bool,
    pub value: Value,
}

impl Target {
    /// `minst 70 %`, `70 %`, `≥ 70 %`, `högst 20 %`, `≤ 20 %`, `100`.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, Invalid> {
        let t = text.trim();
        let lower = t.to_lowercase();
        let (at_most, rest) = [
            ("högst", true),
            ("≤", true),
            ("<=", true),
            ("minst", false),
            ("≥", false),
            (">=", false),
        ]
        .iter()
        .find_map(|(w, most)| lower.strip_prefix(w).map(|r| (*most, r.to_string())))
        .unwrap_or((false, lower.clone()));
        let value = Value::parse(field, &rest).map_err(|e| Invalid {
            value: t.into(),
            ..e
        })?;
        Ok(Target { at_most, value })
    }

    pub fn is_met_by(&self, v: Value) -> Option<bool> {
        (v.unit() == self.value.unit()).then(|| {
            if self.at_most {
                v.number() <= self.value.number()
            } else {
                v.number() >= self.value.number()
            }
        })
    }
}

impl std::fmt::Display for Target {
    /// `minst 70 %`: also how it is kept, since it parses back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let word = if self.at_most { "högst" } else { "minst" };
        write!(f, "{word} {}", self.value)
    }
}

/// One row of the goal table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub year: i32,
    /// Huvudmål.
    pub main: String,
    /// Delmål.
    pub sub: String,
    /// Aktivitet.
    pub activity: String,
    /// Mätning av måluppfyllelse, as the plan words it.
    pub measurement: String,
    pub source: Source,
    pub target: Option<Target>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GoalForm {
    pub year: String,
    pub main: String,
    pub sub: String,
    pub activity: String,
    pub measurement: String,
    pub source: String,
    /// The target: `minst 70 %`.
    pub aim: String,
}

impl Goal {
    /// A row from the form; `slugs` are the förbund's interventions. A computed source's
    /// target must be in its unit.
    pub fn parse(f: &GoalForm, slugs: &[String]) -> Result<Self, Vec<Invalid>> {
        let (year, main, sub, activity, measurement, source, target) = (
            crate::invalid::number_in("year", &f.year, 2000, 2100),
            required_text("main", &f.main, MAX_TEXT),
            required_text("sub", &f.sub, MAX_TEXT),
            optional_text("activity", &f.activity, MAX_TEXT),
            optional_text("measurement", &f.measurement, MAX_TEXT),
            Source::parse("source", &f.source, slugs),
            match f.aim.trim() {
                "" => Ok(None),
                t => Target::parse("aim", t).map(Some),
            },
        )
            .all_ok()?;
        if let (Some(unit), Some(t)) = (source.unit(), target) {
            if t.value.unit() != unit {
                return Err(vec![Invalid::new("aim", &f.aim, Reason::Mismatch)]);
            }
        }
        Ok(Goal {
            year: year as i32,
            main,
            sub,
            activity,
            measurement,
            source,
            target,
        })
    }
}

/// A value typed in for a goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub on: Date,
    pub value: Value,
    pub comment: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TypedForm {
    pub value: String,
    pub on: String,
    pub comment: String,
}

impl Typed {
    /// A value for `goal`: in its target's unit when it has one.
    pub fn parse(f: &TypedForm, goal: &Goal) -> Result<Self, Vec<Invalid>> {
        let (value, on, comment) = (
            Value::parse("value", &f.value),
            parse_date("on", &f.on),
            optional_text("comment", &f.comment, MAX_TEXT),
        )
            .all_ok()?;
        if goal.source != Source::Typed
            || goal.target.is_some_and(|t| t.value.unit() != value.unit())
        {
            return Err(vec![Invalid::new("value", &f.value, Reason::Mismatch)]);
        }
        Ok(Typed { on, value, comment })
    }

    /// The latest of those typed in `period`.
    pub fn latest_in(all: &[Typed], period: Period) -> Option<&Typed> {
        all.iter()
            .filter(|t| period.contains(t.on))
            .max_by_key(|t| t.on)
    }
}

/// How a year's value stands against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    /// No value yet, or one hidden because it counts fewer than five people.
    NoValue,
    /// A value without a target to judge it by.
    NoTarget,
}

impl Status {
    pub fn of(target: Option<Target>, value: Option<Value>) -> Self {
        match (target, value) {
            (_, None) => Status::NoValue,
            (None, Some(_)) => Status::NoTarget,
            (Some(t), Some(v)) => match t.is_met_by(v) {
                Some(true) => Status::Met,
                Some(false) => Status::NotMet,
                None => Status::NoTarget,
            },
        }
    }

    /// Met or not met: a value judged against a target.
    pub fn judged(self) -> bool {
        matches!(self, Status::Met | Status::NotMet)
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Met => "goal-status-met",
            Status::NotMet => "goal-status-not-met",
            Status::NoValue => "goal-status-no-value",
            Status::NoTarget => "goal-status-no-target",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form(source: &str, target: &str) -> GoalForm {
        GoalForm {
            year: "2024".into(),
            main: "Verka för arbete".into(),
            sub: "Fler till arbete eller studier".into(),
            source: source.into(),
            aim: target.into(),
            ..Default::default()
        }
    }

    #[test]
    fn targets_read_the_way_plans_write_them() {
        let t = Target::parse("target", "minst 70 %").unwrap();
        assert_eq!(t.value, Value::Share(7000));
        assert_eq!(t.to_string(), "minst 70 %");
        assert_eq!(Target::parse("target", &t.to_string()), Ok(t));
        assert_eq!(
            Target::parse("target", "45,2%").unwrap().value,
            Value::Share(4520)
        );
        let most = Target::parse("target", "högst 1 200").unwrap();
        assert!(most.at_most && most.value == Value::Count(1200));
        assert_eq!(most.is_met_by(Value::Count(1200)), Some(true));
        assert_eq!(most.is_met_by(Value::Count(1201)), Some(false));
        assert_eq!(most.is_met_by(Value::Share(1)), None);
        assert_eq!(Target::parse("target", "många").unwrap_err().value, "många");
        assert_eq!(
            Target::parse("target", "120 %").unwrap_err().reason,
            Reason::OutOfRange { min: 0, max: 100 }
        );
    }

    #[test]
    fn a_computed_goal_takes_a_target_in_its_unit() {
        let slugs = vec!["se-hoglandet".to_string()];
        let g = Goal::parse(&form("exits:se-hoglandet", "35 %"), &slugs).unwrap();
        assert_eq!(g.source, Source::ExitsToWork("se-hoglandet".into()));
        let e = Goal::parse(&form("exits:se-hoglandet", "35"), &slugs).unwrap_err();
        assert_eq!((e[0].field, e[0].reason), ("aim", Reason::Mismatch));
        let e = Goal::parse(&form("exits:okand", ""), &slugs).unwrap_err();
        assert_eq!(e[0].field, "source");
        assert!(e[0].accepted.contains(&"survey:7".to_string()));
        for s in Source::all(&slugs) {
            assert_eq!(Source::parse("source", &s.code(), &slugs), Ok(s));
        }
    }

    #[test]
    fn a_typed_value_is_judged_by_the_latest_of_its_year() {
        let g = Goal::parse(&form("typed", "minst 500"), &[]).unwrap();
        let typed = |v: &str, on: &str| {
            Typed::parse(
                &TypedForm {
                    value: v.into(),
                    on: on.into(),
                    comment: String::new(),
                },
                &g,
            )
        };
        let all = vec![
            typed("450", "2023-06-30").unwrap(),
            typed("612", "2023-12-31").unwrap(),
            typed("80", "2024-03-31").unwrap(),
        ];
        assert!(typed("50 %", "2023-06-30").is_err(), "a share for a count");
        let last = Typed::latest_in(&all, Period::year(2023)).unwrap();
        assert_eq!(
            (last.on, last.value),
            (date!(2023 - 12 - 31), Value::Count(612))
        );
        assert_eq!(Status::of(g.target, Some(last.value)), Status::Met);
        assert_eq!(
            Status::of(
                g.target,
                Typed::latest_in(&all, Period::year(2024)).map(|t| t.value)
            ),
            Status::NotMet
        );
        assert_eq!(Status::of(g.target, None), Status::NoValue);
        assert_eq!(Status::of(None, Some(Value::Count(3))), Status::NoTarget);
    }
}
