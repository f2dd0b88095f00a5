//! Direct procurements (direktupphandlingar) and the rules they are judged by: the förbund's
//! guideline (003 "Riktlinjer för upphandling och inköp", from 2022-01-01) and, before it,
//! the law's own limits of the time. Each purchase is judged by the rules of its day.

use crate::dates::parse_date;
use crate::invalid::{number_in, required_text, AllOk, Invalid};
use serde::Deserialize;
use time::macros::date;
use time::Date;

pub const MAX_WHAT: usize = 500;
/// More than any purchase a förbund makes (kronor).
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// What a purchase of a value needs, up to and including `up_to` kronor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub up_to: i64,
    /// Suppliers that should be asked.
    pub asked: u32,
    /// Advertised on the förbund's website.
    pub advertised: bool,
    /// Documented (Upphandlingsmyndighetens blankett).
    pub documented: bool,
}

/// The rules in force from a day: the steps of a direct procurement up to its limit, then the
/// simplified procedure up to the EU threshold, then an open one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub from: Date,
    /// Where they come from, as the register shows it.
    pub source: &'static str,
    pub steps: &'static [Step],
    /// The highest value of a direct procurement (direktupphandlingsgränsen).
    pub direct_limit: i64,
    /// The highest value of a simplified procedure (the EU threshold).
    pub simplified_limit: i64,
}

/// Oldest first.
pub const RULES: [Rules; 2] = [
    // LOU 19 kap: direct procurement up to 615 312 kr in 2020–2021, documented above
    // 100 000 kr; the threshold for goods and services 2 205 961 kr.
    Rules {
        from: date!(2020 - 01 - 01),
        source: "LOU, gränser 2020–2021",
        steps: &[
            Step {
                up_to: 100_000,
                asked: 0,
                advertised: false,
                documented: false,
            },
            Step {
                up_to: 615_312,
                asked: 0,
                advertised: false,
                documented: true,
            },
        ],
        direct_limit: 615_312,
        simplified_limit: 2_205_961,
    },
    Rules {
        from: date!(2022 - 01 - 01),
        source: "Riktlinjer för upphandling och inköp (styrelsen 2023-08-31 §11)",
        steps: &[
            Step {
                up_to: 25_000,
                asked: 0,
                advertised: false,
                documented: false,
            },
            Step {
                up_to: 100_000,
                asked: 3,
                advertised: false,
                documented: false,
            },
            Step {
                up_to: 700_000,
                asked: 3,
                advertised: true,
                documented: true,
            },
        ],
        direct_limit: 700_000,
        simplified_limit: 2_236_731,
    },
];

/// The rules in force on `day`: the latest that started on or before it (the oldest for a
/// day before them all).
pub fn rules_on(day: Date) -> &'static Rules {
    RULES
        .iter()
        .rev()
        .find(|r| r.from <= day)
        .unwrap_or(&RULES[0])
}

/// A purchase as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procurement {
    pub day: Date,
    pub what: String,
    /// The whole contract's value without VAT, options included (kronor).
    pub amount: i64,
    pub asked: u32,
    pub advertised: bool,
    pub documented: bool,
}

/// A purchase as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProcurementForm {
    pub day: String,
    pub what: String,
    pub amount: String,
    pub asked: String,
    /// A checkbox: present when ticked.
    pub advertised: Option<String>,
    pub documented: Option<String>,
}

impl Procurement {
    pub fn parse(f: &ProcurementForm) -> Result<Self, Vec<Invalid>> {
        let (day, what, amount, asked) = (
            parse_date("day", &f.day),
            required_text("what", &f.what, MAX_WHAT),
            number_in("amount", &f.amount, 0, MAX_AMOUNT),
            number_in("asked", &f.asked, 0, 1000),
        )
            .all_ok()?;
        Ok(Procurement {
            day,
            what,
            amount,
            asked: asked as u32,
            advertised: f.advertised.is_some(),
            documented: f.documented.is_some(),
        })
    }
}

/// How a purchase of its value must be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Procedure {
    Direct,
    Simplified,
    Open,
}

/// What a purchase lacks by its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    TooFewAsked {
        needed: u32,
    },
    NotAdvertised,
    NotDocumented,
    /// Too large for a direct procurement.
    NeedsProcedure(Procedure),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub rules: &'static Rules,
    pub procedure: Procedure,
    /// Empty when the purchase followed its rules.
    pub flags: Vec<Flag>,
}

/// The purchase judged by the rules of its day.
pub fn judge(p: &Procurement) -> Judgement {
    let rules = rules_on(p.day);
    let procedure = if p.amount <= rules.direct_limit {
        Procedure::Direct
    } else if p.amount <= rules.simplified_limit {
        Procedure::Simplified
    } else {
        Procedure::Open
    };
    let mut flags = vec![];
    match rules.steps.iter().find(|s| p.amount <= s.up_to) {
        Some(step) if procedure == Procedure::Direct => {
            if p.asked < step.asked {
                flags.push(Flag::TooFewAsked { needed: step.asked });
            }
            if step.advertised && !p.advertised {
                flags.push(Flag::NotAdvertised);
            }
            if step.documented && !p.documented {
                flags.push(Flag::NotDocumented);
            }
        }
        _ => flags.push(Flag::NeedsProcedure(procedure)),
    }
    Judgement {
        rules,
        procedure,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bought(day: Date, amount: i64, asked: u32) -> Procurement {
        Procurement {
            day,
            what: "Inspirationsdag".into(),
            amount,
            asked,
            advertised: false,
            documented: false,
        }
    }

    #[test]
    fn sixty_thousand_with_two_asked_is_flagged_under_the_guideline_only() {
        let now = judge(&bought(date!(2023 - 03 - 01), 60_000, 2));
        assert_eq!(now.rules.from, date!(2022 - 01 - 01));
        assert_eq!(now.flags, [Flag::TooFewAsked { needed: 3 }]);
        assert!(judge(&bought(date!(2023 - 03 - 01), 60_000, 3))
            .flags
            .is_empty());
        // In 2021 the law asked for no number of suppliers below 100 000 kr.
        let then = judge(&bought(date!(2021 - 06 - 01), 60_000, 2));
        assert_eq!(then.rules.from, date!(2020 - 01 - 01));
        assert!(then.flags.is_empty());
    }

    #[test]
    fn each_step_at_its_limits() {
        let day = date!(2024 - 05 - 01);
        assert!(judge(&bought(day, 25_000, 1)).flags.is_empty());
        assert_eq!(
            judge(&bought(day, 25_001, 1)).flags,
            [Flag::TooFewAsked { needed: 3 }]
        );
        assert_eq!(
            judge(&bought(day, 100_001, 3)).flags,
            [Flag::NotAdvertised, Flag::NotDocumented]
        );
        let mut done = bought(day, 700_000, 3);
        done.advertised = true;
        done.documented = true;
        assert!(judge(&done).flags.is_empty());
        let over = judge(&bought(day, 700_001, 3));
        assert_eq!(over.procedure, Procedure::Simplified);
        assert_eq!(over.flags, [Flag::NeedsProcedure(Procedure::Simplified)]);
        assert_eq!(judge(&bought(day, 2_236_732, 3)).procedure, Procedure::Open);
        // 650 000 kr was above the direct limit in 2021, within it in 2022.
        assert_eq!(
            judge(&bought(date!(2021 - 12 - 31), 650_000, 3)).procedure,
            Procedure::Simplified
        );
        assert_eq!(
            judge(&bought(date!(2022 - 01 - 01), 650_000, 3)).procedure,
            Procedure::Direct
        );
    }

    #[test]
    fn a_form_names_every_field_wrong() {
        let f = ProcurementForm {
            day: "igår".into(),
            amount: "sextio tusen".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = Procurement::parse(&f)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["day", "what", "amount", "asked"]);
        let ok = Procurement::parse(&ProcurementForm {
            day: "2023-03-01".into(),
            what: "Föreläsare".into(),
            amount: "60 000".into(),
            asked: "2".into(),
            advertised: Some("on".into()),
            documented: None,
        })
        .unwrap();
        assert_eq!((ok.amount, ok.asked, ok.advertised), (60_000, 2, true));
    }
}
