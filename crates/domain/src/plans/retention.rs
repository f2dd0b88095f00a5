//! The retention plan (informationshanteringsplan med gallringsregler, 003 §4.5): for each
//! kind of record, how long it is kept and whether it is then erased (gallras) or kept for
//! the archive. The rule for participants' records runs: a person whose every stay was
//! deregistered longer ago than the plan's time is erased, their anonymous stays kept for
//! the statistics.

use crate::dates::add_months;
use crate::invalid::{number_in, required_text, AllOk, Invalid, Reason};
use serde::Deserialize;
use time::Date;

/// What a rule covers: the participants' records, which samordna erases itself, or records
/// kept elsewhere (minutes, accounts), listed for the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Covers {
    Participants,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Erase,
    Keep,
}

impl Covers {
    pub const ALL: [Covers; 2] = [Covers::Participants, Covers::Other];
    pub fn as_str(self) -> &'static str {
        match self {
            Covers::Participants => "participants",
            Covers::Other => "other",
        }
    }
}

impl Then {
    pub const ALL: [Then; 2] = [Then::Erase, Then::Keep];
    pub fn as_str(self) -> &'static str {
        match self {
            Then::Erase => "erase",
            Then::Keep => "keep",
        }
    }
}

fn one_of<T: Copy>(
    field: &'static str,
    value: &str,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Result<T, Invalid> {
    all.iter()
        .copied()
        .find(|v| code(*v) == value.trim())
        .ok_or_else(|| {
            Invalid::new(field, value, Reason::UnknownValue)
                .accepting(all.iter().map(|v| code(*v).into()).collect())
        })
}

impl Covers {
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        one_of(field, value, &Covers::ALL, Covers::as_str)
    }
}

impl Then {
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        one_of(field, value, &Then::ALL, Then::as_str)
    }
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub what: String,
    pub covers: Covers,
    /// How long after the record is closed (for participants: after deregistration).
    pub months: u32,
    pub then: Then,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RuleForm {
    /// The kind of records.
    pub records: String,
    pub covers: String,
    pub months: String,
    pub then: String,
}

/// At most 100 years.
pub const MAX_MONTHS: i64 = 1200;

impl Rule {
    pub fn parse(f: &RuleForm) -> Result<Self, Vec<Invalid>> {
        let (what, covers, months, then) = (
            required_text("records", &f.records, 500),
            Covers::parse("covers", &f.covers),
            number_in("months", &f.months, 0, MAX_MONTHS),
            Then::parse("then", &f.then),
        )
            .all_ok()?;
        Ok(Rule {
            what,
            covers,
            months: months as u32,
            then,
        })
    }

    /// The rule samordna runs: the shortest erasing rule for participants' records.
    pub fn for_participants(plan: &[Rule]) -> Option<&Rule> {
        plan.iter()
            .filter(|r| r.covers == Covers::Participants && r.then == Then::Erase)
            .min_by_key(|r| r.months)
    }

    /// A person last deregistered before this day is past the rule today.
    pub fn deregistered_before(&self, today: Date) -> Date {
        add_months(today, -(self.months as i32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_shortest_erasing_rule_for_participants_runs() {
        let rule = |covers: &str, months: &str, then: &str| {
            Rule::parse(&RuleForm {
                records: "Deltagarakter".into(),
                covers: covers.into(),
                months: months.into(),
                then: then.into(),
            })
        };
        let plan = vec![
            rule("participants", "36", "erase").unwrap(),
            rule("participants", "24", "erase").unwrap(),
            rule("participants", "12", "keep").unwrap(),
            rule("other", "6", "erase").unwrap(),
        ];
        let r = Rule::for_participants(&plan).unwrap();
        assert_eq!(r.months, 24);
        assert_eq!(
            r.deregistered_before(date!(2026 - 12 - 02)),
            date!(2024 - 12 - 02)
        );
        let e = rule("alla", "-1", "spara").unwrap_err();
        assert_eq!(
            e.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["covers", "months", "then"]
        );
    }
}
