//! The statistics as the page, the API and the command line ask for them: the question as
//! typed (`StatsParams`) checked against the förbund's interventions, municipalities and
//! coaches; the stays loaded once for the period and the same days a year earlier; the
//! figures computed by `samordna_domain::stats`; and the tables the files are made of.

use crate::i18n::Tr;
use crate::{Error, Result};
use samordna_domain::access::audit::{Actor, AuditAction, AuditEvent};
use samordna_domain::access::roles::Role;
use samordna_domain::dates::parse_date;
use samordna_domain::format::percent_bp;
use samordna_domain::orgs::interventions::Intervention;
use samordna_domain::orgs::interventions::InterventionKind;
use samordna_domain::orgs::members::Member;
use samordna_domain::orgs::networks::Network;
use samordna_domain::orgs::{Org, OrgId};
use samordna_domain::participants::record::Visibility;
use samordna_domain::participants::ExitReason;
use samordna_domain::stats::network::{Comparison, Measure};
use samordna_domain::stats::series::{series, Bucket, Dimension, Series};
use samordna_domain::stats::{
    compute, national_counts, AgeBin, AgeBins, Cell, Counts, Period, Query, ShareBp, Statistics,
};
use samordna_domain::{Invalid, Reason};
use samordna_reports::Table;
use samordna_store::{FactFilter, Store};
use serde::{Deserialize, Serialize};
use time::Date;

/// The question as typed in the form, the query string or on the command line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatsParams {
    pub from: String,
    pub to: String,
    /// An intervention's slug; empty for all.
    pub intervention: String,
    /// A municipality's (member's) id; empty for all.
    pub municipality: String,
    /// A coach's user id; empty for all.
    pub coach: String,
    pub age_bins: String,
    pub bucket: String,
    pub dimension: String,
}

/// What the förbund has to choose from, with names for the tables.
#[derive(Default)]
pub struct Names {
    pub interventions: Vec<Intervention>,
    pub municipalities: Vec<Member>,
    /// Coaches: (user id, name).
    pub coaches: Vec<(i64, String)>,
}

impl Names {
    pub async fn load(store: &dyn Store, org: OrgId) -> Result<Self> {
        Ok(Names {
            interventions: store.list_interventions(org).await?,
            municipalities: store.list_members(org).await?,
            coaches: store
                .list_users(org)
                .await?
                .into_iter()
                .filter(|u| u.role == Role::Coach)
                .map(|u| (u.id, u.name))
                .collect(),
        })
    }

    /// The name of a row of the series.
    pub fn of(&self, d: Dimension, key: Option<i64>) -> String {
        let found = match d {
            Dimension::Intervention => self
                .interventions
                .iter()
                .find(|i| Some(i.id) == key)
                .map(|i| i.fields.name.clone()),
            Dimension::Municipality => self
                .municipalities
                .iter()
                .find(|m| Some(m.id) == key)
                .map(|m| m.name.clone()),
            Dimension::Coach => self
                .coaches
                .iter()
                .find(|c| Some(c.0) == key)
                .map(|c| c.1.clone()),
        };
        found.unwrap_or_else(|| "–".into())
    }
}

/// The question, checked.
#[derive(Debug, Clone)]
pub struct StatsRequest {
    pub period: Period,
    pub intervention: Option<Intervention>,
    pub municipality_id: Option<i64>,
    pub coach_id: Option<i64>,
    pub age_bins: AgeBins,
    pub bucket: Bucket,
    pub dimension: Dimension,
}

fn id_among(
    field: &'static str,
    text: &str,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Option<i64>, Invalid> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let unknown = || Invalid::new(field, text, Reason::UnknownValue);
    let id: i64 = text.trim().parse().map_err(|_| unknown())?;
    ids.into_iter()
        .find(|&i| i == id)
        .map(Some)
        .ok_or_else(unknown)
}

impl StatsParams {
    /// Checks every field and names each problem; empty dates mean this calendar year.
    pub fn parse(&self, names: &Names, today: Date) -> Result<StatsRequest> {
        let mut errors = Vec::new();
        let year = Period::year(today.year());
        // A missing end is the end of the given one's year (`to=2023-06-30` is the first
        // half of 2023), both missing this calendar year.
        let year_of = |field, text| parse_date(field, text).map(|d| Period::year(d.year()));
        let period = match (self.from.trim(), self.to.trim()) {
            ("", "") => Ok(year),
            (f, "") => year_of("from", f)
                .map_err(|e| vec![e])
                .and_then(|y| Period::parse(f, &y.to.to_string())),
            ("", t) => year_of("to", t)
                .map_err(|e| vec![e])
                .and_then(|y| Period::parse(&y.from.to_string(), t)),
            (f, t) => Period::parse(f, t),
        }
        .map_err(|e| errors.extend(e))
        .ok();
        let intervention = match self.intervention.trim() {
            "" => None,
            slug => {
                let found = names
                    .interventions
                    .iter()
                    .find(|i| i.fields.slug == slug)
                    .cloned();
                if found.is_none() {
                    errors.push(Invalid::new("intervention", slug, Reason::UnknownValue));
                }
                found
            }
        };
        let municipality_id = id_among(
            "municipality",
            &self.municipality,
            names.municipalities.iter().map(|m| m.id),
        )
        .map_err(|e| errors.push(e))
        .unwrap_or(None);
        let coach_id = id_among("coach", &self.coach, names.coaches.iter().map(|c| c.0))
            .map_err(|e| errors.push(e))
            .unwrap_or(None);
        let age_bins = match self.age_bins.trim() {
            "" => AgeBins::default(),
            text => AgeBins::parse(text)
                .map_err(|e| errors.push(e))
                .unwrap_or_default(),
        };
        let bucket = Bucket::parse(&self.bucket).unwrap_or_else(|| {
            errors.push(Invalid::new("bucket", &self.bucket, Reason::UnknownValue));
            Bucket::Month
        });
        let dimension = Dimension::parse(&self.dimension).unwrap_or_else(|| {
            errors.push(Invalid::new(
                "dimension",
                &self.dimension,
                Reason::UnknownValue,
            ));
            Dimension::Intervention
        });
        match period {
            Some(period) if errors.is_empty() => Ok(StatsRequest {
                period,
                intervention,
                municipality_id,
                coach_id,
                age_bins,
                bucket,
                dimension,
            }),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// Every förbund of the installation together, for the view across förbund: always
/// protected. Each förbund has its own list of exit reasons; they are pooled by code. The
/// numbers over time are per förbund and intervention, named so.
pub async fn national_report(
    store: &dyn Store,
    period: Period,
    age_bins: AgeBins,
) -> Result<(StatsReport, Names)> {
    let previous = period.previous_year();
    let filter = FactFilter::new(None, previous.from, period.to);
    let mut facts = store.stat_facts(&filter, &Visibility::All).await?;
    let mut reasons: Vec<ExitReason> = Vec::new();
    let mut pooled = std::collections::HashMap::new();
    let mut anonymous = Vec::new();
    let mut names = Names::default();
    for org in store.list_orgs().await? {
        for mut i in store.list_interventions(org.id).await? {
            i.fields.name = format!("{}: {}", org.name, i.fields.name);
            names.interventions.push(i);
        }
        for r in store.exit_reasons(org.id).await? {
            let code_id = match reasons.iter().find(|p| p.code == r.code) {
                Some(p) => p.id,
                None => {
                    reasons.push(r.clone());
                    r.id
                }
            };
            pooled.insert(r.id, code_id);
        }
        anonymous.extend(store.anonymous_counts(org.id).await?);
    }
    for f in &mut facts {
        f.exit_reason_id = f.exit_reason_id.and_then(|id| pooled.get(&id).copied());
    }
    let query = |period| Query {
        period,
        age_bins: age_bins.clone(),
        goal_bp: None,
    };
    let report = StatsReport {
        current: compute(&facts, &anonymous, &reasons, &query(period)).protect(),
        previous_year: compute(&facts, &anonymous, &reasons, &query(previous)).protect(),
        series: series(&facts, period, Bucket::HalfYear, Dimension::Intervention).protect(),
    };
    Ok((report, names))
}

/// A network's view of a year: its förbund, their figures side by side and together, and
/// the participants per individual insats and förbund as Uppföljning Finsam asks for them.
pub struct NetworkReport {
    pub orgs: Vec<Org>,
    pub comparison: Comparison,
    /// "Förbund: insats" for each row of `finsam`.
    pub finsam_rows: Vec<String>,
    pub finsam: Measure,
}

/// A network's view of a period, protected across each whole table. Each förbund's log gets
/// the read, so its director sees what the network looked at.
pub async fn network_report(
    store: &dyn Store,
    network: &Network,
    period: Period,
    actor: &Actor,
) -> Result<NetworkReport> {
    let members = store.network_members(network.id).await?;
    let mut each = Vec::with_capacity(members.len());
    let (mut finsam_rows, mut finsam) = (vec![], vec![]);
    let event = AuditEvent::new(AuditAction::Read, "network_stats", network.id.0)
        .with_detail(format!("{}: {} – {}", network.slug, period.from, period.to));
    let query = Query {
        period,
        age_bins: AgeBins::default(),
        goal_bp: None,
    };
    for m in &members {
        let filter = FactFilter::new(Some(m.org.id), period.from, period.to);
        let facts = store.stat_facts(&filter, &Visibility::All).await?;
        let reasons = store.exit_reasons(m.org.id).await?;
        each.push(compute(&facts, &[], &reasons, &query));
        for i in store.list_interventions(m.org.id).await? {
            if i.fields.kind != InterventionKind::Individual {
                continue;
            }
            let rows = national_counts(&facts, &[period.from.year()], &[i.id]);
            finsam_rows.push(format!("{}: {}", m.org.name, i.fields.name));
            finsam.extend(rows.into_iter().map(|r| r.counts));
        }
        store.audit(Some(m.org.id), actor, &event).await?;
    }
    Ok(NetworkReport {
        orgs: members.into_iter().map(|m| m.org).collect(),
        comparison: Comparison::of(&each),
        finsam_rows,
        finsam: Measure::protected(finsam),
    })
}

/// The network's tables: one per measure, a row per förbund and one for all of them; then
/// the participants per insats.
pub fn network_tables(tr: &Tr, r: &NetworkReport) -> Vec<(String, Table)> {
    let genders = ["stats-women", "stats-men", "stats-other", "stats-total"];
    let head = |first: String| {
        let mut head = vec![first];
        head.extend(genders.iter().map(|g| tr.t(g)));
        head
    };
    let counts_row = |label: String, row: &Counts| {
        let mut cells = vec![label];
        cells.extend(row.cells().iter().map(|&c| plain(c)));
        cells
    };
    let c = &r.comparison;
    let names: Vec<String> = r.orgs.iter().map(|o| o.name.clone()).collect();
    let mut out = vec![];
    for (key, m) in [
        ("stats-took-part", &c.took_part),
        ("stats-started", &c.started),
        ("stats-ended", &c.ended),
        ("stats-to-work-or-studies", &c.to_work_or_studies),
    ] {
        let last = key == "stats-to-work-or-studies";
        let mut h = head(tr.t("network-org"));
        if last {
            h.push(tr.t("stats-share"));
        }
        let mut t = Table::new(h);
        let shares = c.shares.iter().chain([&c.share_together]);
        for ((name, row), s) in names
            .iter()
            .cloned()
            .chain([tr.t("network-together")])
            .zip(m.rows.iter().chain([&m.together]))
            .zip(shares)
        {
            let mut cells = counts_row(name, row);
            if last {
                cells.push(share(*s));
            }
            t.push(cells);
        }
        out.push((tr.t(key), t));
    }
    let mut t = Table::new(head(tr.t("network-insats")));
    for (label, row) in r.finsam_rows.iter().zip(&r.finsam.rows) {
        t.push(counts_row(label.clone(), row));
    }
    t.push(counts_row(tr.t("network-together"), &r.finsam.together));
    out.push((tr.t("network-finsam"), t));
    out
}

/// The figures of the period, of the same days a year earlier, and over time.
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    #[serde(flatten)]
    pub current: Statistics,
    pub previous_year: Statistics,
    #[serde(skip)]
    pub series: Series,
}

/// Loads the stays once for both periods and computes every figure; `protect` hides small
/// counts (the board, the auditor, the API).
pub async fn report(
    store: &dyn Store,
    org: OrgId,
    req: &StatsRequest,
    visibility: &Visibility,
    protect: bool,
) -> Result<StatsReport> {
    let previous = req.period.previous_year();
    let filter = FactFilter {
        org: Some(org),
        intervention_id: req.intervention.as_ref().map(|i| i.id),
        municipality_id: req.municipality_id,
        coach_id: req.coach_id,
        // After-support runs six months past an exit: those stays are loaded too.
        from: samordna_domain::dates::add_months(previous.from, -7),
        to: req.period.to,
    };
    let facts = store.stat_facts(&filter, visibility).await?;
    // Anonymous after-support is counted per intervention, never per municipality or coach.
    let anonymous = if req.municipality_id.is_none() && req.coach_id.is_none() {
        let mut a = store.anonymous_counts(org).await?;
        a.retain(|c| {
            filter
                .intervention_id
                .is_none_or(|i| c.intervention_id == i)
                && match visibility {
                    Visibility::All => true,
                    Visibility::Scoped(s) => {
                        s.interventions.is_empty() || s.interventions.contains(&c.intervention_id)
                    }
                }
        });
        a
    } else {
        vec![]
    };
    let reasons = store.exit_reasons(org).await?;
    let query = |period| Query {
        period,
        age_bins: req.age_bins.clone(),
        goal_bp: req
            .intervention
            .as_ref()
            .and_then(|i| i.fields.goal_share)
            .map(|s| s.basis_points()),
    };
    let current = compute(&facts, &anonymous, &reasons, &query(req.period));
    let previous_year = compute(&facts, &anonymous, &reasons, &query(previous));
    let series = series(&facts, req.period, req.bucket, req.dimension);
    Ok(if protect {
        StatsReport {
            current: current.protect(),
            previous_year: previous_year.protect(),
            series: series.protect(),
        }
    } else {
        StatsReport {
            current,
            previous_year,
            series,
        }
    })
}

/// A count as a file cell: the bare number (so Excel reads it as one) or `<5` / `..`.
fn plain(c: Cell) -> String {
    c.shown().map_or_else(|| c.to_string(), |v| v.to_string())
}

fn share(s: ShareBp) -> String {
    s.0.map(percent_bp).unwrap_or_default()
}

/// The tables of the report, each with a sheet name: the files are made of these, and the
/// page shows the same rows.
pub fn tables(tr: &Tr, r: &StatsReport, names: &Names) -> Vec<(String, Table)> {
    let genders = ["stats-women", "stats-men", "stats-other", "stats-total"];
    let mut head = vec![String::new()];
    head.extend(genders.iter().map(|g| tr.t(g)));
    head.extend(
        genders
            .iter()
            .map(|g| format!("{} ({})", tr.t(g), tr.t("stats-previous-year"))),
    );
    let counts_row = |label: String, now: &Counts, before: &Counts| {
        let mut row = vec![label];
        row.extend(now.cells().iter().map(|&c| plain(c)));
        row.extend(before.cells().iter().map(|&c| plain(c)));
        row
    };
    let (c, p) = (&r.current, &r.previous_year);

    let mut people = Table::new(head.clone());
    for (key, now, before) in [
        ("stats-took-part", &c.took_part, &p.took_part),
        ("stats-started", &c.started, &p.started),
        ("stats-ended", &c.ended, &p.ended),
        ("stats-ongoing", &c.ongoing_at_end, &p.ongoing_at_end),
        (
            "stats-anonymous",
            &c.anonymous_after_support,
            &p.anonymous_after_support,
        ),
        (
            "stats-after-support-registered",
            &c.after_support_registered,
            &p.after_support_registered,
        ),
        ("stats-after-support", &c.after_support, &p.after_support),
    ] {
        people.push(counts_row(tr.t(key), now, before));
    }

    let mut ages = Table::new(head.clone());
    for (now, before) in c.age_at_start.iter().zip(&p.age_at_start) {
        let label = AgeBin {
            from: now.from,
            to: now.to,
        }
        .label();
        ages.push(counts_row(label, &now.counts, &before.counts));
    }
    ages.push(counts_row(
        tr.t("stats-age-outside"),
        &c.age_outside_bins,
        &p.age_outside_bins,
    ));
    ages.push(counts_row(tr.t("stats-started"), &c.started, &p.started));

    let mut exits = Table::new(head);
    for (now, before) in c.exits_by_reason.iter().zip(&p.exits_by_reason) {
        exits.push(counts_row(now.reason.clone(), &now.counts, &before.counts));
    }
    exits.push(counts_row(tr.t("stats-ended"), &c.ended, &p.ended));

    let mut outcome = Table::new(vec![
        String::new(),
        tr.t("stats-now"),
        tr.t("stats-previous-year"),
    ]);
    let (o, po) = (&c.outcome, &p.outcome);
    outcome.push(vec![tr.t("stats-ended"), plain(o.ended), plain(po.ended)]);
    outcome.push(vec![
        tr.t("stats-to-work-or-studies"),
        plain(o.to_work_or_studies),
        plain(po.to_work_or_studies),
    ]);
    outcome.push(vec![tr.t("stats-share"), share(o.share), share(po.share)]);
    // A goal belongs to an intervention: with all of them together there is none to show.
    if o.goal.0.is_some() || po.goal.0.is_some() {
        outcome.push(vec![tr.t("stats-goal"), share(o.goal), share(po.goal)]);
        let met = |m: Option<bool>| {
            m.map(|m| tr.t(if m { "stats-met" } else { "stats-not-met" }))
                .unwrap_or_default()
        };
        outcome.push(vec![tr.t("stats-goal-met"), met(o.met), met(po.met)]);
    }

    let i = &c.income;
    let mut income_head = vec![tr.t("stats-income-start-exit")];
    income_head.extend(i.sources.iter().map(|s| s.sv().to_string()));
    let mut income = Table::new(income_head);
    for (s, row) in i.sources.iter().zip(&i.cells) {
        let mut cells = vec![s.sv().to_string()];
        cells.extend(row.iter().map(|&c| plain(c)));
        income.push(cells);
    }
    income.push(vec![tr.t("stats-income-recorded"), plain(i.recorded)]);
    income.push(vec![
        tr.t("stats-no-support-start"),
        plain(i.no_public_support_at_start),
        share(i.share_at_start),
    ]);
    income.push(vec![
        tr.t("stats-no-support-exit"),
        plain(i.no_public_support_at_exit),
        share(i.share_at_exit),
    ]);

    let mut progression = Table::new(vec![
        String::new(),
        tr.t("stats-with-steps"),
        tr.t("stats-moved-up"),
        tr.t("stats-share"),
    ]);
    for (key, m) in [
        ("stats-all", &c.progression.all),
        ("stats-not-to-work", &c.progression.not_to_work_or_studies),
    ] {
        progression.push(vec![
            tr.t(key),
            plain(m.with_steps),
            plain(m.moved_up),
            share(m.share),
        ]);
    }
    progression.push(vec![
        tr.t("stats-mean-steps"),
        c.progression
            .mean_steps_moved_tenths
            .map(tenths)
            .unwrap_or_default(),
    ]);

    let mut lasting = Table::new(vec![
        String::new(),
        tr.t("stats-followed-up"),
        tr.t("stats-in-work"),
        tr.t("stats-share"),
    ]);
    lasting.push(vec![
        tr.t("stats-exited-to-work"),
        plain(c.sustainability.exited_to_work_or_studies),
    ]);
    for f in &c.sustainability.follow_ups {
        lasting.push(vec![
            tr.t1("stats-months-after", "months", &f.months.to_string()),
            plain(f.followed_up),
            plain(f.in_work_or_studies),
            share(f.share),
        ]);
    }

    let s = &r.series;
    let mut over_time_head = vec![tr.t(&format!("stats-dimension-{}", dimension_key(s.dimension)))];
    over_time_head.extend(s.buckets.iter().map(|b| s.bucket.label(*b)));
    let mut over_time = Table::new(over_time_head);
    for row in &s.rows {
        let mut cells = vec![names.of(s.dimension, row.key)];
        cells.extend(row.cells.iter().map(|&c| plain(c)));
        over_time.push(cells);
    }

    [
        ("stats-sheet-people", people),
        ("stats-sheet-age", ages),
        ("stats-sheet-exits", exits),
        ("stats-sheet-outcome", outcome),
        ("stats-sheet-income", income),
        ("stats-sheet-progression", progression),
        ("stats-sheet-sustainability", lasting),
        ("stats-sheet-over-time", over_time),
    ]
    .into_iter()
    .map(|(key, t)| (tr.t(key), t))
    .collect()
}

pub fn dimension_key(d: Dimension) -> &'static str {
    match d {
        Dimension::Intervention => "intervention",
        Dimension::Municipality => "municipality",
        Dimension::Coach => "coach",
    }
}

/// `8` tenths → `0,8`.
pub fn tenths(t: i64) -> String {
    let sign = if t < 0 { "−" } else { "" };
    format!("{sign}{},{}", t.abs() / 10, t.abs() % 10)
}

/// Participants per intervention and gender in a year, as Uppföljning Finsam asks the
/// förbund to report them (exact: the förbund's own report to the national follow-up).
pub async fn national_table(store: &dyn Store, org: OrgId, tr: &Tr, year: i32) -> Result<Table> {
    let p = Period::year(year);
    let filter = FactFilter::new(Some(org), p.from, p.to);
    let facts = store.stat_facts(&filter, &Visibility::All).await?;
    let interventions = store.list_interventions(org).await?;
    let ids: Vec<i64> = interventions.iter().map(|i| i.id).collect();
    let mut t = Table::new(
        [
            "field-year",
            "field-intervention",
            "stats-women",
            "stats-men",
            "stats-other",
            "stats-total",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for row in national_counts(&facts, &[year], &ids) {
        let name = interventions
            .iter()
            .find(|i| i.id == row.intervention_id)
            .map(|i| i.fields.name.clone())
            .unwrap_or_default();
        let mut cells = vec![row.year.to_string(), name];
        cells.extend(row.counts.cells().iter().map(|&c| plain(c)));
        t.push(cells);
    }
    Ok(t)
}
