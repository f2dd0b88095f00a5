//! The plans' figures as the page, the API and the report ask for them: each goal of a
//! year's verksamhetsplan with its value for that year and the year before, computed from
//! the same figures the statistics, the survey results and the budget show (never counted a
//! second way), or the value typed for it. And the retention plan run over the participants.

use crate::i18n::Tr;
use crate::stats::{report, StatsReport, StatsRequest};
use crate::Result;
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::Role;
use samordna_domain::access::users::User;
use samordna_domain::economy::budget::plan_budget;
use samordna_domain::economy::payouts::AgreementLine;
use samordna_domain::orgs::interventions::{Intervention, InterventionKind};
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::record::{Viewer, Visibility};
use samordna_domain::plans::coordinator::TASKS;
use samordna_domain::plans::goals::{Goal, Source, Status, Typed, Value};
use samordna_domain::plans::retention::Rule;
use samordna_domain::stats::series::{Bucket, Dimension};
use samordna_domain::stats::{AgeBins, Cell, Period, ShareBp};
use samordna_domain::surveys::{results::results, INDICATOR};
use samordna_reports::Table;
use samordna_store::plans::Due;
use samordna_store::Store;
use std::collections::HashMap;
use time::Date;

/// A year's value of a goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub value: Option<Value>,
    /// Counts fewer than five people, so not shown.
    pub hidden: bool,
    /// When typed: its day and comment.
    pub typed: Option<Typed>,
    pub status: Status,
}

/// A goal with this year's value and last year's.
#[derive(Debug, Clone)]
pub struct Measured {
    pub id: i64,
    pub goal: Goal,
    pub now: Reading,
    pub last_year: Reading,
}

/// What a share or count of people reads as: hidden when the cell is.
fn share_of(share: ShareBp, base: Cell) -> (Option<Value>, bool) {
    (
        share.0.map(Value::Share),
        share.0.is_none() && base.hidden().is_some(),
    )
}

/// The figures of one year and the one before, each loaded once for the whole table.
struct Year<'a> {
    store: &'a dyn Store,
    org: OrgId,
    period: Period,
    stats: HashMap<String, Option<StatsReport>>,
    survey: Option<[Vec<samordna_domain::surveys::results::QuestionResult>; 2]>,
}

impl Year<'_> {
    fn at(&self, back: usize) -> Period {
        if back == 0 {
            self.period
        } else {
            self.period.previous_year()
        }
    }

    async fn stats(&mut self, slug: &str) -> Result<Option<&StatsReport>> {
        if !self.stats.contains_key(slug) {
            let intervention = self
                .store
                .list_interventions(self.org)
                .await?
                .into_iter()
                .find(|i| i.fields.slug == slug);
            let r = match intervention {
                Some(i) => {
                    let req = StatsRequest {
                        period: self.period,
                        intervention: Some(i),
                        municipality_id: None,
                        coach_id: None,
                        age_bins: AgeBins::default(),
                        bucket: Bucket::HalfYear,
                        dimension: Dimension::Intervention,
                    };
                    Some(report(self.store, self.org, &req, &Visibility::All, true).await?)
                }
                None => None,
            };
            self.stats.insert(slug.to_string(), r);
        }
        Ok(self.stats[slug].as_ref())
    }

    /// The indicator survey's results over the rounds that closed in each period.
    async fn survey(
        &mut self,
    ) -> Result<&[Vec<samordna_domain::surveys::results::QuestionResult>; 2]> {
        if self.survey.is_none() {
            let survey = self.store.survey(self.org, INDICATOR).await?;
            let rounds = self.store.rounds(self.org).await?;
            let mut out = [vec![], vec![]];
            for (i, p) in [self.period, self.period.previous_year()]
                .into_iter()
                .enumerate()
            {
                let mut responses = vec![];
                for r in rounds
                    .iter()
                    .filter(|r| r.survey_code == INDICATOR && p.contains(r.closes_on))
                {
                    responses.extend(self.store.responses(self.org, r.id).await?);
                }
                out[i] = results(&survey, &responses);
            }
            self.survey = Some(out);
        }
        Ok(self.survey.as_ref().expect("loaded"))
    }

    /// The value of a computed source in the period (`back` 0) or a year earlier (1).
    async fn value(&mut self, source: &Source, back: usize) -> Result<(Option<Value>, bool)> {
        let p = self.at(back);
        let year = p.from.year();
        Ok(match source {
            Source::Typed => (None, false),
            Source::ExitsToWork(slug) | Source::MovedStep(slug) => match self.stats(slug).await? {
                Some(r) => {
                    let s = if back == 0 {
                        &r.current
                    } else {
                        &r.previous_year
                    };
                    match source {
                        Source::ExitsToWork(_) => share_of(s.outcome.share, s.outcome.ended),
                        _ => share_of(s.progression.all.share, s.progression.all.with_steps),
                    }
                }
                None => (None, false),
            },
            Source::Survey(q) => {
                let results = &self.survey().await?[back];
                match results.get(*q as usize - 1) {
                    Some(r) => share_of(r.all.share, r.all.answered),
                    None => (None, false),
                }
            }
            Source::ViolenceAsked => {
                let n = self.store.violence_asked(self.org, p.from, p.to).await?;
                let cell = Cell::exact(n).hide_small();
                (
                    cell.shown().map(|n| Value::Count(n.into())),
                    cell.hidden().is_some(),
                )
            }
            Source::BudgetShare(c) => {
                let versions = self.store.budgets(self.org).await?;
                let bp = plan_budget(&versions, year).and_then(|v| {
                    v.budget
                        .budget
                        .category_shares(year)
                        .into_iter()
                        .find(|(k, _, _)| k == c)
                        .map(|(_, _, bp)| bp)
                });
                (bp.map(Value::Share), false)
            }
            Source::Deviations => {
                let n = self
                    .store
                    .deviations(self.org)
                    .await?
                    .iter()
                    .filter(|d| p.contains(d.deviation.on))
                    .count();
                (Some(Value::Count(n as i64)), false)
            }
        })
    }
}

/// Every goal of the plan of `period`'s year, measured over the period and the same days a
/// year earlier: the whole year on the goals page, the half-year in a half-year report.
pub async fn goal_table(store: &dyn Store, org: OrgId, period: Period) -> Result<Vec<Measured>> {
    let year = period.from.year();
    let mut figures = Year {
        store,
        org,
        period,
        stats: HashMap::new(),
        survey: None,
    };
    let mut out = vec![];
    for kept in store.goals(org, year).await? {
        let g = &kept.goal;
        let mut readings = vec![];
        for back in [0, 1] {
            let typed = (g.source == Source::Typed)
                .then(|| Typed::latest_in(&kept.typed, figures.at(back)).cloned())
                .flatten();
            let (value, hidden) = match &typed {
                Some(t) => (Some(t.value), false),
                None => figures.value(&g.source, back).await?,
            };
            readings.push(Reading {
                value,
                hidden,
                typed,
                status: Status::of(g.target, value),
            });
        }
        let last_year = readings.pop().expect("two");
        let now = readings.pop().expect("two");
        out.push(Measured {
            id: kept.id,
            goal: kept.goal,
            now,
            last_year,
        });
    }
    Ok(out)
}

/// What the retention plan's rule for participants finds past its time today, and, unless
/// `dry_run`, erases: each person in one audited erasure, their anonymous stays kept.
/// Without such a rule nothing is due.
pub async fn run_retention(
    store: &dyn Store,
    org: OrgId,
    actor: &Actor,
    today: Date,
    dry_run: bool,
) -> Result<Vec<Due>> {
    let plan: Vec<Rule> = store
        .retention_plan(org)
        .await?
        .into_iter()
        .map(|k| k.rule)
        .collect();
    let Some(rule) = Rule::for_participants(&plan) else {
        return Ok(vec![]);
    };
    let due = store
        .retention_due(org, rule.deregistered_before(today))
        .await?;
    if !dry_run {
        let viewer = Viewer {
            actor: actor.clone(),
            visibility: Visibility::All,
        };
        for d in &due {
            store
                .erase_participant(org, &viewer, d.participant_id)
                .await?;
        }
    }
    Ok(due)
}

/// A goal as the page, the workbook and the report write it.
#[derive(Debug, Clone)]
pub struct GoalLine {
    pub id: i64,
    pub main: String,
    pub sub: String,
    pub activity: String,
    pub measurement: String,
    /// "Beräknas: andel avslut till arbete eller studier, SE-Höglandet" or "Förs in för hand".
    pub source: String,
    pub typed: bool,
    pub target: String,
    pub now: String,
    pub last_year: String,
    pub status: Status,
    pub status_last_year: Status,
    /// The day and comment of this year's typed value.
    pub note: String,
}

fn reading_text(tr: &Tr, r: &Reading) -> String {
    match (r.value, r.hidden) {
        (Some(v), _) => v.to_string(),
        (None, true) => "<5".into(),
        (None, false) => tr.t("goal-status-no-value"),
    }
}

/// "Beräknas: andel avslut till arbete eller studier, SE-Höglandet".
pub fn source_label(tr: &Tr, source: &Source, interventions: &[Intervention]) -> String {
    let of = match source {
        Source::ExitsToWork(s) | Source::MovedStep(s) => interventions
            .iter()
            .find(|i| &i.fields.slug == s)
            .map_or_else(|| s.clone(), |i| i.fields.name.clone()),
        Source::Survey(q) => q.to_string(),
        Source::BudgetShare(c) => tr.t(&format!("budget-category-{}", c.as_str())),
        _ => String::new(),
    };
    tr.t1(source.key(), "of", &of)
}

/// The words of each measured goal; `interventions` name the slugs.
pub fn lines(tr: &Tr, measured: &[Measured], interventions: &[Intervention]) -> Vec<GoalLine> {
    measured
        .iter()
        .map(|m| {
            let g = &m.goal;
            GoalLine {
                id: m.id,
                main: g.main.clone(),
                sub: g.sub.clone(),
                activity: g.activity.clone(),
                measurement: g.measurement.clone(),
                source: source_label(tr, &g.source, interventions),
                typed: g.source == Source::Typed,
                target: g.target.map(|t| t.to_string()).unwrap_or_default(),
                now: reading_text(tr, &m.now),
                last_year: reading_text(tr, &m.last_year),
                status: m.now.status,
                status_last_year: m.last_year.status,
                note: m
                    .now
                    .typed
                    .as_ref()
                    .map(|t| {
                        if t.comment.is_empty() {
                            t.on.to_string()
                        } else {
                            format!("{} – {}", t.on, t.comment)
                        }
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The goal table of `year` as the workbook and the report have it.
pub fn table(tr: &Tr, lines: &[GoalLine], year: i32) -> Table {
    let mut t = Table::new(vec![
        tr.t("field-main"),
        tr.t("field-sub"),
        tr.t("field-activity"),
        tr.t("field-measurement"),
        tr.t("field-aim"),
        year.to_string(),
        tr.t("goal-status"),
        (year - 1).to_string(),
    ]);
    for l in lines {
        t.push(vec![
            l.main.clone(),
            l.sub.clone(),
            l.activity.clone(),
            if l.measurement.is_empty() {
                l.source.clone()
            } else {
                format!("{} ({})", l.measurement, l.source)
            },
            l.target.clone(),
            l.now.clone(),
            tr.t(l.status.key()),
            l.last_year.clone(),
        ]);
    }
    t
}

/// A year's value in JSON: shares as fractions (0.452) as the statistics write them, counts
/// as they are.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReadingJson {
    pub value: Option<f64>,
    /// `45,2 %`, `<5`, or the words for no value.
    pub value_text: String,
    /// Counts fewer than five people.
    pub hidden: bool,
    /// Whether it reached the target; null without a value or a target.
    pub met: Option<bool>,
}

/// A goal in the API.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalJson {
    pub id: i64,
    pub year: i32,
    pub main: String,
    /// The delmål: the measurement's name.
    pub name: String,
    pub activity: String,
    pub measurement: String,
    /// `computed` or `typed`.
    pub source: &'static str,
    /// What it is computed from (`exits:se-hoglandet`); null when typed.
    pub computed_from: Option<String>,
    pub target: Option<String>,
    #[serde(flatten)]
    pub now: ReadingJson,
    pub last_year: ReadingJson,
}

fn reading_json(tr: &Tr, r: &Reading) -> ReadingJson {
    ReadingJson {
        value: r.value.map(|v| match v {
            Value::Share(bp) => bp as f64 / 10_000.0,
            Value::Count(n) => n as f64,
        }),
        value_text: reading_text(tr, r),
        hidden: r.hidden,
        met: match r.status {
            Status::Met => Some(true),
            Status::NotMet => Some(false),
            _ => None,
        },
    }
}

impl GoalJson {
    pub fn of(tr: &Tr, m: &Measured) -> Self {
        let g = &m.goal;
        GoalJson {
            id: m.id,
            year: g.year,
            main: g.main.clone(),
            name: g.sub.clone(),
            activity: g.activity.clone(),
            measurement: g.measurement.clone(),
            source: if g.source == Source::Typed {
                "typed"
            } else {
                "computed"
            },
            computed_from: (g.source != Source::Typed).then(|| g.source.code()),
            target: g.target.map(|t| t.to_string()),
            now: reading_json(tr, &m.now),
            last_year: reading_json(tr, &m.last_year),
        }
    }
}

/// The agreements the samverkanskoordinator's report is written for: those of the structural
/// interventions, one per municipality.
async fn structural_agreements(store: &dyn Store, org: OrgId) -> Result<Vec<AgreementLine>> {
    let structural: Vec<i64> = store
        .list_interventions(org)
        .await?
        .into_iter()
        .filter(|i| i.fields.kind == InterventionKind::Structural)
        .map(|i| i.id)
        .collect();
    Ok(store
        .list_agreements(org)
        .await?
        .into_iter()
        .filter(|a| structural.contains(&a.intervention_id))
        .collect())
}

/// Those of them `user` reports on: the municipalities of their scope (all for the director).
pub async fn coordinator_agreements(
    store: &dyn Store,
    org: OrgId,
    user: &User,
) -> Result<Vec<AgreementLine>> {
    let mut all = structural_agreements(store, org).await?;
    all.retain(|a| user.role == Role::Director || user.scope.municipalities.contains(&a.member_id));
    Ok(all)
}

/// Every municipality's report of a half-year side by side: the tasks as rows, the
/// municipalities as columns, "Ja – how" in the cells, and the day each was submitted.
pub async fn compiled(
    tr: &Tr,
    store: &dyn Store,
    org: OrgId,
    year: i32,
    half: u8,
) -> Result<Table> {
    let agreements = structural_agreements(store, org).await?;
    let reports = store.coordinator_reports(org, year, half).await?;
    let of = |a: &AgreementLine| reports.iter().find(|r| r.agreement_id == a.id);
    let mut head = vec![tr.t("coordination-task")];
    head.extend(
        agreements
            .iter()
            .map(|a| format!("{} ({})", a.municipality, a.intervention)),
    );
    let mut t = Table::new(head);
    for (i, task) in TASKS.iter().enumerate() {
        let mut row = vec![task.to_string()];
        for a in &agreements {
            row.push(of(a).map_or(String::new(), |r| {
                let answer = &r.answers.0[i];
                let yes_no = match answer.done {
                    Some(true) => tr.t("coordination-yes"),
                    Some(false) => tr.t("coordination-no"),
                    None => String::new(),
                };
                match (yes_no.is_empty(), answer.how.is_empty()) {
                    (_, true) => yes_no,
                    (true, false) => answer.how.clone(),
                    (false, false) => format!("{yes_no} – {}", answer.how),
                }
            }));
        }
        t.push(row);
    }
    let mut submitted = vec![tr.t("coordination-submitted-on")];
    for a in &agreements {
        submitted.push(
            of(a)
                .and_then(|r| r.submitted_on)
                .map_or_else(|| tr.t("coordination-not-submitted"), |d| d.to_string()),
        );
    }
    t.push(submitted);
    Ok(t)
}
