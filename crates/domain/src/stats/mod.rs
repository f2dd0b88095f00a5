//! The period statistics of the reports (DOMAIN.md §2, 002–004), computed once here from
//! the stays the store hands over: who took part, started, ended and was ongoing, by gender;
//! age at start; exits by reason against the goal; income at start and at exit; movement on
//! the staircase; whether work or studies lasted; the numbers over time; and the
//! participant counts Uppföljning Finsam asks for.
//!
//! Every count is of **people**, not stays: a person with two stays in a period is one who
//! took part. Where a person ended more than once, their last exit in the period counts.

pub mod cell;
pub mod network;
pub mod series;

use crate::dates::{add_months, parse_date};
use crate::invalid::{Invalid, Reason};
use crate::participants::after_support::AnonymousCount;
use crate::participants::steps::StepRecord;
use crate::participants::{ExitReason, Gender, IncomeSet, IncomeSource, Outcome};
use cell::{counts_line, protect, table_lines, Line};
pub use cell::{Cell, Counts, Hidden};
use serde::{Serialize, Serializer};
use time::{Date, Month};

/// From and to, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn new(from: Date, to: Date) -> Result<Self, Invalid> {
        if to < from {
            return Err(Invalid::new("to", to.to_string(), Reason::EndBeforeStart));
        }
        Ok(Period { from, to })
    }

    /// The dates as typed; every problem named.
    pub fn parse(from: &str, to: &str) -> Result<Self, Vec<Invalid>> {
        match (parse_date("from", from), parse_date("to", to)) {
            (Ok(f), Ok(t)) => Period::new(f, t).map_err(|e| vec![e]),
            (f, t) => Err([f.err(), t.err()].into_iter().flatten().collect()),
        }
    }

    pub fn year(year: i32) -> Self {
        Period {
            from: ymd(year, Month::January, 1),
            to: ymd(year, Month::December, 31),
        }
    }

    /// The first (January–June) or second (July–December) half of a year.
    pub fn half(year: i32, half: u8) -> Self {
        if half == 1 {
            Period {
                from: ymd(year, Month::January, 1),
                to: ymd(year, Month::June, 30),
            }
        } else {
            Period {
                from: ymd(year, Month::July, 1),
                to: ymd(year, Month::December, 31),
            }
        }
    }

    /// The same days a year earlier: the figure the reports put in parentheses.
    pub fn previous_year(self) -> Self {
        Period {
            from: add_months(self.from, -12),
            to: add_months(self.to, -12),
        }
    }

    pub fn contains(self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// A stay from `start` to `end` (open when `None`) takes at least one day of the period.
    pub fn overlaps(self, start: Date, end: Option<Date>) -> bool {
        start <= self.to && end.is_none_or(|e| e >= self.from)
    }
}

fn ymd(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).expect("a valid calendar date")
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Period", 2)?;
        st.serialize_field("from", &self.from.to_string())?;
        st.serialize_field("to", &self.to.to_string())?;
        st.end()
    }
}

/// An age interval; an open end is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeBin {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl AgeBin {
    fn holds(self, age: i32) -> bool {
        self.from.is_none_or(|f| age >= f) && self.to.is_none_or(|t| age <= t)
    }

    /// `-19`, `20–24`, `30-`: as the user wrote it, with an en dash.
    pub fn label(self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) if f == t => f.to_string(),
            (f, t) => format!(
                "{}–{}",
                f.map(|v| v.to_string()).unwrap_or_default(),
                t.map(|v| v.to_string()).unwrap_or_default()
            ),
        }
    }
}

/// The intervals the user chooses, e.g. `-19,20-24,25-29,30-`: ascending, not overlapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeBins(pub Vec<AgeBin>);

pub const DEFAULT_AGE_BINS: &str = "-19,20-24,25-29,30-";

impl AgeBins {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let bad = |reason| Invalid::new("age_bins", text, reason);
        let mut bins = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (f, t) = part.split_once(['-', '–']).unwrap_or((part, part));
            let num = |s: &str| -> Result<Option<i32>, Invalid> {
                let s = s.trim();
                if s.is_empty() {
                    return Ok(None);
                }
                match s.parse::<i32>() {
                    Ok(v) if (0..=130).contains(&v) => Ok(Some(v)),
                    _ => Err(bad(Reason::NotANumber)),
                }
            };
            let bin = AgeBin {
                from: num(f)?,
                to: num(t)?,
            };
            if bin.from.is_none() && bin.to.is_none() {
                return Err(bad(Reason::NotANumber));
            }
            bins.push(bin);
        }
        if bins.is_empty() {
            return Err(bad(Reason::Required));
        }
        let ordered = bins
            .windows(2)
            .all(|w| matches!((w[0].to, w[1].from), (Some(t), Some(f)) if f > t));
        let each_ordered = bins
            .iter()
            .all(|b| !matches!((b.from, b.to), (Some(f), Some(t)) if f > t));
        if !ordered || !each_ordered {
            return Err(bad(Reason::RangeOrder));
        }
        Ok(AgeBins(bins))
    }

    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|b| b.label().replace('–', "-"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl Default for AgeBins {
    fn default() -> Self {
        AgeBins::parse(DEFAULT_AGE_BINS).expect("the default bins parse")
    }
}

/// One stay that has started, as the statistics need it. The store hands these over sorted
/// by person, then start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub participant_id: i64,
    pub intervention_id: i64,
    pub municipality_id: i64,
    pub coach_id: Option<i64>,
    pub gender: Gender,
    pub birth_year: i32,
    /// Completed years at start, when the birth date was known.
    pub age_at_start: Option<i32>,
    pub start: Date,
    pub end: Option<Date>,
    pub exit_reason_id: Option<i64>,
    pub outcome: Option<Outcome>,
    pub income_start: IncomeSet,
    pub income_exit: IncomeSet,
    pub steps: Vec<StepRecord>,
    /// Recorded follow-ups: months after exit and what the person was doing.
    pub follow_ups: Vec<(u8, Outcome)>,
    /// The first and last planned contact of the stay's after-support, if it had one.
    pub after_support: Option<(Date, Date)>,
}

impl Fact {
    /// Completed years at start when the birth date is known, else start year − birth year.
    pub fn age(&self) -> i32 {
        self.age_at_start
            .unwrap_or(self.start.year() - self.birth_year)
    }

    fn to_work_or_studies(&self) -> bool {
        self.outcome.is_some_and(Outcome::is_work_or_studies)
    }

    /// The first step and the latest on or before `until`.
    fn steps_until(&self, until: Date) -> Option<(u8, u8)> {
        let upto = self.steps.iter().filter(|s| s.on <= until);
        let first = upto.clone().min_by_key(|s| s.on)?;
        let latest = upto.max_by_key(|s| s.on)?;
        Some((first.step, latest.step))
    }
}

/// What is asked: the period, the age intervals, and the intervention's goal if one.
#[derive(Debug, Clone)]
pub struct Query {
    pub period: Period,
    pub age_bins: AgeBins,
    /// Goal share of exits to work or studies, in basis points (3 500 = 35 %).
    pub goal_bp: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeRow {
    pub from: Option<i32>,
    pub to: Option<i32>,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExitRow {
    pub reason: String,
    pub outcome: Outcome,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A share, written as a fraction in JSON (0.452); `None` when a count behind it is hidden
/// or there is nothing to divide by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShareBp(pub Option<i64>);

impl ShareBp {
    pub fn of(part: Cell, whole: Cell) -> Self {
        ShareBp(match (part.shown(), whole.shown()) {
            (Some(p), Some(w)) if w > 0 => Some((p as i64 * 20_000 + w as i64) / (2 * w as i64)),
            _ => None,
        })
    }
}

impl Serialize for ShareBp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(bp) => s.serialize_f64(bp as f64 / 10_000.0),
            None => s.serialize_none(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSummary {
    pub ended: Cell,
    pub to_work_or_studies: Cell,
    pub share: ShareBp,
    pub goal: ShareBp,
    /// Whether the share reached the goal; `None` without a goal or a share.
    pub met: Option<bool>,
}

/// Income sources at start against those at exit, for the people who ended: a person with
/// two sources counts in both rows (or columns).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncomeTable {
    pub sources: Vec<IncomeSource>,
    /// `cells[start][exit]`, in the order of `sources`.
    pub cells: Vec<Vec<Cell>>,
    /// People who ended with both recorded: the base of the two shares.
    pub recorded: Cell,
    pub no_public_support_at_start: Cell,
    pub no_public_support_at_exit: Cell,
    pub share_at_start: ShareBp,
    pub share_at_exit: ShareBp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Movement {
    /// People with a step recorded in the period.
    pub with_steps: Cell,
    pub moved_up: Cell,
    pub share: ShareBp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progression {
    #[serde(flatten)]
    pub all: Movement,
    /// The same among those who did not leave for work or studies: the movement the
    /// national systems never measured (004 §3).
    pub not_to_work_or_studies: Movement,
    /// Mean steps moved, in tenths (8 = 0,8 steps); `None` when hidden.
    pub mean_steps_moved_tenths: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpFigure {
    pub months: u8,
    pub followed_up: Cell,
    pub in_work_or_studies: Cell,
    pub share: ShareBp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sustainability {
    pub exited_to_work_or_studies: Cell,
    pub follow_ups: Vec<FollowUpFigure>,
}

/// Every figure of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    pub period: Period,
    pub took_part: Counts,
    pub started: Counts,
    pub ended: Counts,
    pub ongoing_at_end: Counts,
    pub age_at_start: Vec<AgeRow>,
    /// Those who started at an age outside every interval.
    pub age_outside_bins: Counts,
    pub exits_by_reason: Vec<ExitRow>,
    pub outcome: OutcomeSummary,
    pub anonymous_after_support: Counts,
    /// People with personal data whose after-support ran on some day of the period.
    pub after_support_registered: Counts,
    /// Both together: everyone in after-support during the period (003 §3.1.1).
    pub after_support: Counts,
    pub income: IncomeTable,
    pub progression: Progression,
    pub sustainability: Sustainability,
    /// True when small counts are hidden.
    pub protected: bool,
}

/// Counters for one movement figure, before they become cells.
#[derive(Default)]
struct Moves {
    n: u32,
    up: u32,
    steps: i64,
}

/// Computes every figure for the period from the stays (sorted by person), the anonymous
/// counts and the förbund's exit reasons.
pub fn compute(
    facts: &[Fact],
    anonymous: &[AnonymousCount],
    reasons: &[ExitReason],
    q: &Query,
) -> Statistics {
    let p = q.period;
    let sources: Vec<IncomeSource> = IncomeSource::ALL.to_vec();
    let mut took_part = Counts::default();
    let mut started = Counts::default();
    let mut ended = Counts::default();
    let mut ongoing = Counts::default();
    let mut ages = vec![Counts::default(); q.age_bins.0.len()];
    let mut age_outside = Counts::default();
    let mut exits = vec![Counts::default(); reasons.len()];
    let mut to_ws = Cell::default();
    let mut income = vec![vec![Cell::default(); sources.len()]; sources.len()];
    let (mut recorded, mut none_start, mut none_exit) = (0, 0, 0);
    let (mut all, mut not_ws) = (Moves::default(), Moves::default());
    let mut exited_ws = Cell::default();
    let mut follow = [(Cell::default(), Cell::default()); 2];
    let mut after_support = Counts::default();

    for person in facts.chunk_by(|a, b| a.participant_id == b.participant_id) {
        let mut stays = person
            .iter()
            .filter(|f| p.overlaps(f.start, f.end))
            .peekable();
        if person
            .iter()
            .any(|f| f.after_support.is_some_and(|(a, b)| p.overlaps(a, Some(b))))
        {
            after_support.add(person[0].gender);
        }
        let Some(first) = stays.peek() else { continue };
        let g = first.gender;
        let (mut start, mut exit, mut latest, mut open) =
            (None::<&Fact>, None::<&Fact>, None, false);
        for f in stays {
            if p.contains(f.start) && start.is_none() {
                start = Some(f);
            }
            if f.end.is_some_and(|e| p.contains(e)) && exit.is_none_or(|x| x.end < f.end) {
                exit = Some(f);
            }
            open |= f.end.is_none_or(|e| e > p.to);
            latest = Some(f);
        }
        took_part.add(g);
        if open {
            ongoing.add(g);
        }
        if let Some(f) = start {
            started.add(g);
            let age = f.age();
            match q.age_bins.0.iter().position(|b| b.holds(age)) {
                Some(i) => ages[i].add(g),
                None => age_outside.add(g),
            }
        }
        let left_for_ws = exit.is_some_and(Fact::to_work_or_studies);
        if let Some(f) = exit {
            ended.add(g);
            if let Some(i) = reasons.iter().position(|r| Some(r.id) == f.exit_reason_id) {
                exits[i].add(g);
            }
            if left_for_ws {
                to_ws.incr();
                exited_ws.incr();
                for (slot, months) in follow.iter_mut().zip([6, 12]) {
                    if let Some((_, status)) = f.follow_ups.iter().find(|(m, _)| *m == months) {
                        slot.0.incr();
                        if status.is_work_or_studies() {
                            slot.1.incr();
                        }
                    }
                }
            }
            if !f.income_start.is_empty() && !f.income_exit.is_empty() {
                recorded += 1;
                none_start += u32::from(!public_support(&f.income_start));
                none_exit += u32::from(!public_support(&f.income_exit));
                // `IncomeSource::ALL` is in declaration order, so a source is its own index.
                for a in &f.income_start.0 {
                    for b in &f.income_exit.0 {
                        income[*a as usize][*b as usize].incr();
                    }
                }
            }
        }
        if let Some(f) = latest {
            let until = f.end.map_or(p.to, |e| e.min(p.to));
            if let Some((first, last)) = f.steps_until(until) {
                let moved = last as i64 - first as i64;
                for m in [Some(&mut all), (!left_for_ws).then_some(&mut not_ws)]
                    .into_iter()
                    .flatten()
                {
                    m.n += 1;
                    m.up += u32::from(moved > 0);
                    m.steps += moved;
                }
            }
        }
    }

    let mut anonymous_after_support = Counts::default();
    for a in anonymous
        .iter()
        .filter(|a| p.from <= a.from && a.to <= p.to)
    {
        anonymous_after_support.add_n(Gender::Woman, a.women);
        anonymous_after_support.add_n(Gender::Man, a.men);
        anonymous_after_support.add_n(Gender::Other, a.other);
    }

    let mut s = Statistics {
        period: p,
        took_part,
        started,
        ended,
        ongoing_at_end: ongoing,
        age_at_start: q
            .age_bins
            .0
            .iter()
            .zip(ages)
            .map(|(b, counts)| AgeRow {
                from: b.from,
                to: b.to,
                counts,
            })
            .collect(),
        age_outside_bins: age_outside,
        exits_by_reason: reasons
            .iter()
            .zip(exits)
            .map(|(r, counts)| ExitRow {
                reason: r.label.clone(),
                outcome: r.outcome,
                counts,
            })
            .collect(),
        outcome: OutcomeSummary {
            ended: ended.total,
            to_work_or_studies: to_ws,
            share: ShareBp::default(),
            goal: ShareBp(q.goal_bp.map(i64::from)),
            met: None,
        },
        after_support: {
            let mut all = after_support;
            all.add_counts(&anonymous_after_support);
            all
        },
        anonymous_after_support,
        after_support_registered: after_support,
        income: IncomeTable {
            sources,
            cells: income,
            recorded: Cell::exact(recorded),
            no_public_support_at_start: Cell::exact(none_start),
            no_public_support_at_exit: Cell::exact(none_exit),
            share_at_start: ShareBp::default(),
            share_at_exit: ShareBp::default(),
        },
        progression: Progression {
            all: movement(&all),
            not_to_work_or_studies: movement(&not_ws),
            mean_steps_moved_tenths: mean_tenths(&all),
        },
        sustainability: Sustainability {
            exited_to_work_or_studies: exited_ws,
            follow_ups: [6, 12]
                .into_iter()
                .zip(follow)
                .map(|(months, (followed_up, in_ws))| FollowUpFigure {
                    months,
                    followed_up,
                    in_work_or_studies: in_ws,
                    share: ShareBp::default(),
                })
                .collect(),
        },
        protected: false,
    };
    s.derive_shares();
    s
}

fn public_support(set: &IncomeSet) -> bool {
    set.0.iter().any(|s| s.is_public_support())
}

fn movement(m: &Moves) -> Movement {
    Movement {
        with_steps: Cell::exact(m.n),
        moved_up: Cell::exact(m.up),
        share: ShareBp::default(),
    }
}

/// Mean steps in tenths, rounded half away from zero.
fn mean_tenths(m: &Moves) -> Option<i64> {
    (m.n > 0).then(|| {
        let n = m.n as i64;
        let t = m.steps * 20 + n * m.steps.signum();
        t / (2 * n)
    })
}

impl Statistics {
    /// The shares follow from the counts that are shown, so they are worked out again
    /// after protection.
    fn derive_shares(&mut self) {
        let o = &mut self.outcome;
        o.share = ShareBp::of(o.to_work_or_studies, o.ended);
        o.met = match (o.share.0, o.goal.0) {
            (Some(s), Some(g)) => Some(s >= g),
            _ => None,
        };
        let i = &mut self.income;
        i.share_at_start = ShareBp::of(i.no_public_support_at_start, i.recorded);
        i.share_at_exit = ShareBp::of(i.no_public_support_at_exit, i.recorded);
        for m in [
            &mut self.progression.all,
            &mut self.progression.not_to_work_or_studies,
        ] {
            m.share = ShareBp::of(m.moved_up, m.with_steps);
        }
        if self.progression.all.with_steps.shown().is_none() {
            self.progression.mean_steps_moved_tenths = None;
        }
        for f in &mut self.sustainability.follow_ups {
            f.share = ShareBp::of(f.in_work_or_studies, f.followed_up);
        }
    }

    /// Small-cell protection: counts of 1–4 hidden and every table kept from giving one
    /// back by subtraction. For the board, the auditor, the API and views across förbund.
    pub fn protect(mut self) -> Self {
        let mut lines: Vec<Line> = Vec::new();
        let mut cells: Vec<&mut Cell> = Vec::new();
        // Each `Counts` adds its four cells in a fixed order; the lines refer to them by index.
        fn push<'a>(cells: &mut Vec<&'a mut Cell>, c: &'a mut Counts) -> usize {
            let at = cells.len();
            cells.extend(c.cells_mut());
            at
        }
        let s = &mut self;
        for c in [&mut s.took_part, &mut s.ongoing_at_end] {
            let at = push(&mut cells, c);
            lines.push(counts_line(at));
        }
        // After-support: each of the two parts and their sum add up by gender, and the
        // parts add up to the sum, so none can be given back by subtraction.
        let parts = [
            push(&mut cells, &mut s.anonymous_after_support),
            push(&mut cells, &mut s.after_support_registered),
        ];
        let sum = push(&mut cells, &mut s.after_support);
        for at in [parts[0], parts[1], sum] {
            lines.push(counts_line(at));
        }
        for k in 0..4 {
            lines.push(Line {
                parts: parts.iter().map(|p| p + k).collect(),
                total: sum + k,
            });
        }
        // Age rows add up to those who started; exit rows to those who ended.
        let age_first = cells.len();
        let age_rows = s.age_at_start.len() + 1;
        for r in &mut s.age_at_start {
            push(&mut cells, &mut r.counts);
        }
        push(&mut cells, &mut s.age_outside_bins);
        let started = push(&mut cells, &mut s.started);
        lines.extend(table_lines(age_first, age_rows, started));

        let exit_first = cells.len();
        let exit_rows = s.exits_by_reason.len();
        let outcomes: Vec<bool> = s
            .exits_by_reason
            .iter()
            .map(|r| r.outcome.is_work_or_studies())
            .collect();
        for r in &mut s.exits_by_reason {
            push(&mut cells, &mut r.counts);
        }
        let ended = push(&mut cells, &mut s.ended);
        lines.extend(table_lines(exit_first, exit_rows, ended));
        // To work or studies is the sum of those reasons' totals; with the other reasons it
        // makes up all who ended.
        let to_ws = cells.len();
        cells.push(&mut s.outcome.to_work_or_studies);
        let total_of = |r: usize| exit_first + 4 * r + 3;
        lines.push(Line {
            parts: (0..exit_rows)
                .filter(|&r| outcomes[r])
                .map(total_of)
                .collect(),
            total: to_ws,
        });
        lines.push(Line {
            parts: (0..exit_rows)
                .filter(|&r| !outcomes[r])
                .map(total_of)
                .chain([to_ws])
                .collect(),
            total: ended + 3,
        });

        // The remaining figures are not sums of shown parts: hiding the small ones is enough.
        let i = &mut s.income;
        cells.extend(i.cells.iter_mut().flatten());
        cells.extend([
            &mut i.recorded,
            &mut i.no_public_support_at_start,
            &mut i.no_public_support_at_exit,
        ]);
        for m in [
            &mut s.progression.all,
            &mut s.progression.not_to_work_or_studies,
        ] {
            cells.extend([&mut m.with_steps, &mut m.moved_up]);
        }
        cells.push(&mut s.sustainability.exited_to_work_or_studies);
        for f in &mut s.sustainability.follow_ups {
            cells.extend([&mut f.followed_up, &mut f.in_work_or_studies]);
        }
        protect(&mut cells, &lines);
        drop(cells);
        self.outcome.ended = self.ended.total;
        self.protected = true;
        self.derive_shares();
        self
    }
}

/// Participants per intervention and gender in a year, as Uppföljning Finsam asks for them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalRow {
    pub year: i32,
    pub intervention_id: i64,
    #[serde(flatten)]
    pub counts: Counts,
}

/// For each year and intervention, the people who took part at least one day.
pub fn national_counts(facts: &[Fact], years: &[i32], interventions: &[i64]) -> Vec<NationalRow> {
    let mut rows = Vec::new();
    for &year in years {
        let p = Period::year(year);
        for &iv in interventions {
            let mut counts = Counts::default();
            for person in facts.chunk_by(|a, b| a.participant_id == b.participant_id) {
                if let Some(f) = person
                    .iter()
                    .find(|f| f.intervention_id == iv && p.overlaps(f.start, f.end))
                {
                    counts.add(f.gender);
                }
            }
            rows.push(NationalRow {
                year,
                intervention_id: iv,
                counts,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests;
