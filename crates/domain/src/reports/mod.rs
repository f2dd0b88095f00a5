//! The half-year and annual report (DOMAIN.md §5; seeds 002 and 003): sections with the
//! director's text and figure blocks computed from the data for the report's period; the
//! board's decision; approval, which freezes text and figures.
//!
//! What a report *is* lives here: its period, its outline and the edits of it. The figures
//! are computed by the app layer and the files made by the reports crate.

pub mod markup;

use crate::invalid::{required_text, Invalid, Reason};
use crate::orgs::interventions::{Intervention, InterventionKind};
use crate::stats::Period;
use serde::{Deserialize, Serialize};
use time::Date;

/// A section title or the decision's paragraph may be this long.
pub const MAX_TITLE: usize = 200;
/// A section's text may be this long (some 20 pages).
pub const MAX_TEXT: usize = 100_000;
pub const MAX_SECTIONS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Delårsrapport.
    HalfYear,
    /// Verksamhetsberättelse och årsredovisning.
    Year,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::HalfYear => "half-year",
            Kind::Year => "year",
        }
    }

    pub fn parse(field: &'static str, text: &str) -> Result<Self, Invalid> {
        match text.trim() {
            "half-year" => Ok(Kind::HalfYear),
            "year" => Ok(Kind::Year),
            other => Err(Invalid::new(field, other, Reason::UnknownValue)),
        }
    }
}

/// The period a report covers: a half-year (1 or 2) or a whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPeriod {
    pub kind: Kind,
    pub year: i32,
    /// 1 or 2 for a half-year report, 0 for a year.
    pub half: u8,
}

impl ReportPeriod {
    /// Checks what was typed; `half` is needed only for a half-year report.
    pub fn parse(kind: &str, year: &str, half: &str) -> Result<Self, Vec<Invalid>> {
        let mut errors = vec![];
        let kind = Kind::parse("kind", kind).map_err(|e| errors.push(e)).ok();
        let year = match year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            Ok(_) => {
                errors.push(Invalid::new(
                    "year",
                    year,
                    Reason::OutOfRange {
                        min: 2000,
                        max: 2100,
                    },
                ));
                None
            }
            Err(_) => {
                errors.push(Invalid::new("year", year, Reason::NotANumber));
                None
            }
        };
        let half = match (kind, half.trim()) {
            (Some(Kind::Year), _) => Some(0),
            (_, "" | "1") => Some(1),
            (_, "2") => Some(2),
            (_, other) => {
                errors.push(Invalid::new(
                    "half",
                    other,
                    Reason::OutOfRange { min: 1, max: 2 },
                ));
                None
            }
        };
        match (kind, year, half) {
            (Some(kind), Some(year), Some(half)) if errors.is_empty() => {
                Ok(ReportPeriod { kind, year, half })
            }
            _ => Err(errors),
        }
    }

    pub fn period(self) -> Period {
        match self.kind {
            Kind::HalfYear => Period::half(self.year, self.half),
            Kind::Year => Period::year(self.year),
        }
    }

    /// The same kind of report a period later: what "start next period's report" makes.
    pub fn next(self) -> Self {
        match (self.kind, self.half) {
            (Kind::HalfYear, 1) => ReportPeriod { half: 2, ..self },
            (Kind::HalfYear, _) => ReportPeriod {
                year: self.year + 1,
                half: 1,
                ..self
            },
            (Kind::Year, _) => ReportPeriod {
                year: self.year + 1,
                ..self
            },
        }
    }

    /// "Delårsrapport 2023" / "Årsredovisning 2023": the document's title.
    pub fn title_sv(self) -> String {
        match self.kind {
            Kind::HalfYear => format!("Delårsrapport {}", self.year),
            Kind::Year => format!("Verksamhetsberättelse och årsredovisning {}", self.year),
        }
    }

    /// "januari–juni 2023": the period as the cover writes it.
    pub fn span_sv(self) -> String {
        match (self.kind, self.half) {
            (Kind::HalfYear, 1) => format!("januari–juni {}", self.year),
            (Kind::HalfYear, _) => format!("juli–december {}", self.year),
            (Kind::Year, _) => format!("januari–december {}", self.year),
        }
    }
}

/// A figure block: computed from the data for the report's period when the report is made.
/// The intervention is named by its slug, so an outline carries over to the next period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    /// Took part, started, ended, ongoing by gender, last year in parentheses, with a chart.
    Participants {
        intervention: String,
    },
    /// Age at start of those who started.
    Ages {
        intervention: String,
    },
    /// Exits by reason and the share to work or studies against the goal.
    Exits {
        intervention: String,
    },
    /// People in after-support: with personal data and the anonymous counts together.
    AfterSupport {
        intervention: String,
    },
    /// Income sources at start and at exit.
    Income {
        intervention: String,
    },
    /// Progression on the steps.
    Progression {
        intervention: String,
    },
    /// Follow-up 6 and 12 months after an exit to work or studies.
    FollowUps {
        intervention: String,
    },
    /// The indicator survey's results against the target, by gender, for the period's round.
    Survey {
        intervention: String,
    },
    IncomeStatement,
    BalanceSheet,
    BalanceRequirement,
    /// The payouts per municipality under the agreements.
    Payouts,
    /// The verksamhetsplan's goal table: each goal's value for the period against its
    /// target, beside the same days a year earlier.
    Goals,
    /// The board's decision on the report.
    BoardDecision,
}

impl Block {
    /// The kinds of block, as the form lists them: (key, needs an intervention).
    pub const KINDS: [(&'static str, bool); 14] = [
        ("participants", true),
        ("ages", true),
        ("exits", true),
        ("after_support", true),
        ("income", true),
        ("progression", true),
        ("follow_ups", true),
        ("survey", true),
        ("income_statement", false),
        ("balance_sheet", false),
        ("balance_requirement", false),
        ("payouts", false),
        ("goals", false),
        ("board_decision", false),
    ];

    pub fn key(&self) -> &'static str {
        match self {
            Block::Participants { .. } => "participants",
            Block::Ages { .. } => "ages",
            Block::Exits { .. } => "exits",
            Block::AfterSupport { .. } => "after_support",
            Block::Income { .. } => "income",
            Block::Progression { .. } => "progression",
            Block::FollowUps { .. } => "follow_ups",
            Block::Survey { .. } => "survey",
            Block::IncomeStatement => "income_statement",
            Block::BalanceSheet => "balance_sheet",
            Block::BalanceRequirement => "balance_requirement",
            Block::Payouts => "payouts",
            Block::Goals => "goals",
            Block::BoardDecision => "board_decision",
        }
    }

    pub fn intervention(&self) -> Option<&str> {
        match self {
            Block::Participants { intervention }
            | Block::Ages { intervention }
            | Block::Exits { intervention }
            | Block::AfterSupport { intervention }
            | Block::Income { intervention }
            | Block::Progression { intervention }
            | Block::FollowUps { intervention }
            | Block::Survey { intervention } => Some(intervention),
            _ => None,
        }
    }

    /// A block from the form: its key and, for the intervention blocks, a slug of the
    /// förbund's interventions.
    pub fn parse(key: &str, intervention: &str, known: &[Intervention]) -> Result<Self, Invalid> {
        let slug = || -> Result<String, Invalid> {
            known
                .iter()
                .find(|i| i.fields.slug == intervention.trim())
                .map(|i| i.fields.slug.clone())
                .ok_or_else(|| Invalid::new("intervention", intervention, Reason::UnknownValue))
        };
        Ok(match key.trim() {
            "participants" => Block::Participants {
                intervention: slug()?,
            },
            "ages" => Block::Ages {
                intervention: slug()?,
            },
            "exits" => Block::Exits {
                intervention: slug()?,
            },
            "after_support" => Block::AfterSupport {
                intervention: slug()?,
            },
            "income" => Block::Income {
                intervention: slug()?,
            },
            "progression" => Block::Progression {
                intervention: slug()?,
            },
            "follow_ups" => Block::FollowUps {
                intervention: slug()?,
            },
            "survey" => Block::Survey {
                intervention: slug()?,
            },
            "income_statement" => Block::IncomeStatement,
            "balance_sheet" => Block::BalanceSheet,
            "balance_requirement" => Block::BalanceRequirement,
            "payouts" => Block::Payouts,
            "goals" => Block::Goals,
            "board_decision" => Block::BoardDecision,
            other => return Err(Invalid::new("block", other, Reason::UnknownValue)),
        })
    }
}

/// A section: its title, its depth in the outline (1 → "3", 2 → "3.1", 3 → "3.1.1"), the
/// director's text in the markup of `markup`, and the figure blocks after the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub level: u8,
    pub text: String,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(title: &str, level: u8) -> Self {
        Section {
            title: title.into(),
            level,
            text: String::new(),
            blocks: vec![],
        }
    }

    fn with(mut self, blocks: Vec<Block>) -> Self {
        self.blocks = blocks;
        self
    }
}

/// The outline of the seeds' reports: summary, introduction, one section per intervention
/// (individual, then structural), the administration, and the economy with the decision.
pub fn default_outline(interventions: &[Intervention]) -> Vec<Section> {
    let mut s = vec![
        Section::new("Sammanfattning", 1),
        Section::new("Inledning", 1),
        Section::new("Verksamheter", 1),
        Section::new("Individinriktade insatser", 2),
    ];
    let of = |kind| interventions.iter().filter(move |i| i.fields.kind == kind);
    for i in of(InterventionKind::Individual) {
        let slug = || i.fields.slug.clone();
        s.push(Section::new(&i.fields.name, 3).with(vec![
            Block::Participants {
                intervention: slug(),
            },
            Block::Exits {
                intervention: slug(),
            },
            Block::AfterSupport {
                intervention: slug(),
            },
        ]));
    }
    s.push(Section::new("Strukturövergripande insatser", 2));
    for i in of(InterventionKind::Structural) {
        s.push(Section::new(&i.fields.name, 3));
    }
    s.push(Section::new("Samordningsförbundets administration", 1));
    s.push(
        Section::new("Ekonomisk redogörelse och styrelsens beslut", 1).with(vec![
            Block::IncomeStatement,
            Block::BalanceSheet,
            Block::BalanceRequirement,
            Block::Payouts,
            Block::BoardDecision,
        ]),
    );
    s
}

/// The board's decision on the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub decided_on: Date,
    /// The paragraph of the minutes, e.g. "§ 7".
    pub paragraph: String,
}

impl Decision {
    pub fn parse(decided_on: &str, paragraph: &str) -> Result<Self, Vec<Invalid>> {
        let date = crate::dates::parse_date("decided_on", decided_on);
        let paragraph = required_text("paragraph", paragraph, MAX_TITLE);
        match (date, paragraph) {
            (Ok(decided_on), Ok(paragraph)) => Ok(Decision {
                decided_on,
                paragraph,
            }),
            (d, p) => Err([d.err(), p.err()].into_iter().flatten().collect()),
        }
    }

    /// "Styrelsen beslutar att godkänna delårsrapporten." with its date and paragraph.
    pub fn text_sv(&self, period: ReportPeriod) -> String {
        let what = match period.kind {
            Kind::HalfYear => "delårsrapporten",
            Kind::Year => "verksamhetsberättelsen och årsredovisningen",
        };
        format!(
            "Styrelsen beslutade {} ({}) att godkänna {what} för {}.",
            self.decided_on,
            self.paragraph,
            period.span_sv()
        )
    }
}

/// An edit of the outline or of one section's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Title, depth, text and blocks of section `at`.
    Write {
        at: usize,
        section: Section,
    },
    /// Moves section `at` one place up (`up`) or down.
    Move {
        at: usize,
        up: bool,
    },
    /// A new empty section after `at` (at the end when `at` is past it).
    Add {
        at: usize,
        title: String,
        level: u8,
    },
    Remove {
        at: usize,
    },
}

impl Edit {
    /// Applies the edit; a section that is not there is named.
    pub fn apply(self, sections: &mut Vec<Section>) -> Result<(), Invalid> {
        let missing = |at: usize| Invalid::new("section", at.to_string(), Reason::UnknownValue);
        match self {
            Edit::Write { at, section } => {
                *sections.get_mut(at).ok_or_else(|| missing(at))? = section;
            }
            Edit::Move { at, up } => {
                if at >= sections.len() {
                    return Err(missing(at));
                }
                let to = if up { at.checked_sub(1) } else { Some(at + 1) };
                if let Some(to) = to.filter(|&t| t < sections.len()) {
                    sections.swap(at, to);
                }
            }
            Edit::Add { at, title, level } => {
                if sections.len() >= MAX_SECTIONS {
                    return Err(Invalid::new(
                        "section",
                        sections.len().to_string(),
                        Reason::OutOfRange {
                            min: 0,
                            max: MAX_SECTIONS as i64,
                        },
                    ));
                }
                let title = required_text("title", &title, MAX_TITLE)?;
                let at = (at + 1).min(sections.len());
                sections.insert(at, Section::new(&title, level.clamp(1, 3)));
            }
            Edit::Remove { at } => {
                if at >= sections.len() {
                    return Err(missing(at));
                }
                sections.remove(at);
            }
        }
        Ok(())
    }
}

/// A section's fields as typed: each problem named.
pub fn parse_section(
    title: &str,
    level: &str,
    text: &str,
    blocks: Vec<Block>,
) -> Result<Section, Vec<Invalid>> {
    let mut errors = vec![];
    let title = required_text("title", title, MAX_TITLE)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let level = match level.trim().parse::<u8>() {
        Ok(l @ 1..=3) => l,
        _ => {
            errors.push(Invalid::new(
                "level",
                level,
                Reason::OutOfRange { min: 1, max: 3 },
            ));
            1
        }
    };
    if text.chars().count() > MAX_TEXT {
        errors.push(Invalid::new(
            "text",
            format!("{} tecken", text.chars().count()),
            Reason::TooLong { max: MAX_TEXT },
        ));
    }
    if errors.is_empty() {
        Ok(Section {
            title,
            level,
            text: text.replace("\r\n", "\n"),
            blocks,
        })
    } else {
        Err(errors)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Approved,
}

/// A report as stored: the outline with text (the draft), and once approved the board's
/// decision; the frozen figures and the kept PDF are the store's, loaded apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub id: i64,
    pub period: ReportPeriod,
    pub version: i32,
    pub status: Status,
    pub sections: Vec<Section>,
    pub decision: Option<Decision>,
    pub updated_at: i64,
    pub approved_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_follow_each_other() {
        let p = ReportPeriod::parse("half-year", "2023", "1").unwrap();
        assert_eq!(p.period(), Period::half(2023, 1));
        assert_eq!(
            p.next(),
            ReportPeriod::parse("half-year", "2023", "2").unwrap()
        );
        assert_eq!(p.next().next().year, 2024);
        let y = ReportPeriod::parse("year", "2023", "").unwrap();
        assert_eq!((y.half, y.next().year), (0, 2024));
        let errors = ReportPeriod::parse("kvartal", "tjugo", "3").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "year", "half"]);
    }

    #[test]
    fn edits_move_add_and_remove_sections() {
        let mut s = default_outline(&[]);
        let n = s.len();
        Edit::Move { at: 1, up: true }.apply(&mut s).unwrap();
        assert_eq!(s[0].title, "Inledning");
        Edit::Move { at: 0, up: true }.apply(&mut s).unwrap();
        assert_eq!(s[0].title, "Inledning", "the first stays first");
        Edit::Add {
            at: 0,
            title: "Ny".into(),
            level: 2,
        }
        .apply(&mut s)
        .unwrap();
        assert_eq!((s[1].title.as_str(), s[1].level, s.len()), ("Ny", 2, n + 1));
        Edit::Remove { at: 1 }.apply(&mut s).unwrap();
        assert_eq!(s.len(), n);
        assert_eq!(
            Edit::Remove { at: 99 }.apply(&mut s).unwrap_err().field,
            "section"
        );
    }
}
