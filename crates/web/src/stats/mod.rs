//! The statistics page: the period's figures by gender with last year's in parentheses,
//! charts, the numbers over time, and the same tables as XLSX or CSV. The director and the
//! coaches (within their scope) see exact counts; the board and the auditor see small counts
//! hidden.

pub(crate) mod api;

use crate::auth::OrgCtx;
use crate::error::{Error, Result};
use crate::files::download;
use crate::forms::{opts, today, FormErrors, Opt, YearQuery};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::StatsAndReports;
use crate::routes::{get, Route};
use crate::AppState;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewOrg};

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use samordna_app::stats::{
    dimension_key, national_table, report, tables, Names, StatsParams, StatsReport, StatsRequest,
};
use samordna_domain::access::roles::Permission;
use samordna_domain::participants::record::Visibility;
use samordna_domain::stats::series::{Bucket, Dimension};
use samordna_domain::stats::{Counts, Period};
use samordna_reports::chart::{grouped_bars, Bars};
use samordna_reports::Table;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/stats", ViewOrg, show).menu(StatsAndReports, "nav-stats"),
        get("/o/{org}/stats/national", ManageOrg, national),
    ]
}

/// Who sees what: exact counts for those who may see the people behind them (inside their
/// scope), protected counts over the whole förbund for the others.
pub fn disclosure(ctx: &OrgCtx) -> (Visibility, bool) {
    match ctx.viewer() {
        Ok(v) => (v.visibility, false),
        Err(_) => (Visibility::All, true),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Download {
    format: String,
}

/// A row of counts: label, then women, men, other, total as `95 (84)`.
pub struct Row {
    pub label: String,
    pub cells: Vec<String>,
}

fn row(label: String, now: &Counts, before: &Counts) -> Row {
    Row {
        label,
        cells: now
            .cells()
            .iter()
            .zip(before.cells())
            .map(|(n, b)| format!("{n} ({b})"))
            .collect(),
    }
}

/// A table of counts by gender, with its chart when it has one.
struct Section {
    title: String,
    chart: Option<String>,
    /// Every count of the chart is hidden (small counts for the board): a sentence instead.
    all_hidden: bool,
    rows: Vec<Row>,
}

struct View {
    protected: bool,
    /// People, age at start, exits by reason.
    sections: Vec<Section>,
    /// Outcome, income, progression, sustainability and over time, as in the files.
    /// Heading id, title, table.
    more: Vec<(String, String, Table)>,
    /// The query string of this view, for the download links.
    query: String,
    /// The year the period starts in: the Uppföljning Finsam file's.
    year: i32,
}

#[derive(Template)]
#[template(path = "stats/stats.html")]
struct StatsPage {
    l: Layout,
    base: String,
    p: StatsParams,
    interventions: Vec<Opt>,
    municipalities: Vec<Opt>,
    coaches: Vec<Opt>,
    buckets: Vec<Opt>,
    dimensions: Vec<Opt>,
    presets: Vec<(String, String)>,
    errors: FormErrors,
    view: Option<View>,
    can_export_national: bool,
}

fn query_string(req: &StatsRequest) -> String {
    let mut q = format!(
        "from={}&to={}&age_bins={}&bucket={}&dimension={}",
        req.period.from,
        req.period.to,
        req.age_bins.to_text(),
        match req.bucket {
            Bucket::Month => "month",
            Bucket::HalfYear => "half_year",
        },
        dimension_key(req.dimension),
    );
    if let Some(i) = &req.intervention {
        q += &format!("&intervention={}", i.fields.slug);
    }
    for (k, v) in [
        ("municipality", req.municipality_id),
        ("coach", req.coach_id),
    ] {
        if let Some(v) = v {
            q += &format!("&{k}={v}");
        }
    }
    q
}

/// A bar chart of counts by gender; `Err(hidden)` when it would have no bar to draw, with
/// whether that is because counts are hidden.
fn gender_bars(tr: &Tr, title: String, rows: Vec<(String, Counts)>) -> Result<String, bool> {
    let cells = || rows.iter().flat_map(|(_, c)| c.cells()[..3].to_vec());
    if cells().all(|x| x.shown().unwrap_or(0) == 0) {
        return Err(cells().any(|x| x.shown().is_none()));
    }
    let keys = ["stats-women", "stats-men", "stats-other"];
    Ok(grouped_bars(&Bars {
        title: &title,
        categories: rows.iter().map(|(l, _)| l.clone()).collect(),
        series: keys
            .iter()
            .enumerate()
            .map(|(g, k)| {
                (
                    tr.t(k),
                    rows.iter().map(|(_, c)| c.cells()[g].shown()).collect(),
                )
            })
            .collect(),
    }))
}

fn view(tr: &Tr, r: &StatsReport, names: &Names, req: &StatsRequest) -> View {
    let (c, p) = (&r.current, &r.previous_year);
    let heads = [
        ("stats-took-part", c.took_part, p.took_part),
        ("stats-started", c.started, p.started),
        ("stats-ended", c.ended, p.ended),
        ("stats-ongoing", c.ongoing_at_end, p.ongoing_at_end),
        (
            "stats-anonymous",
            c.anonymous_after_support,
            p.anonymous_after_support,
        ),
    ];
    let people = heads.iter().map(|(k, n, b)| row(tr.t(k), n, b)).collect();
    let chart_people = gender_bars(
        tr,
        tr.t("stats-chart-people"),
        heads[..4].iter().map(|(k, n, _)| (tr.t(k), *n)).collect(),
    );
    let mut ages: Vec<Row> = c
        .age_at_start
        .iter()
        .zip(&p.age_at_start)
        .map(|(n, b)| {
            row(
                samordna_domain::stats::AgeBin {
                    from: n.from,
                    to: n.to,
                }
                .label(),
                &n.counts,
                &b.counts,
            )
        })
        .collect();
    let chart_ages = gender_bars(
        tr,
        tr.t("stats-chart-ages"),
        c.age_at_start
            .iter()
            .map(|a| {
                (
                    samordna_domain::stats::AgeBin {
                        from: a.from,
                        to: a.to,
                    }
                    .label(),
                    a.counts,
                )
            })
            .collect(),
    );
    if c.age_outside_bins.total.shown() != Some(0) || p.age_outside_bins.total.shown() != Some(0) {
        ages.push(row(
            tr.t("stats-age-outside"),
            &c.age_outside_bins,
            &p.age_outside_bins,
        ));
    }
    let exits = c
        .exits_by_reason
        .iter()
        .zip(&p.exits_by_reason)
        .map(|(n, b)| row(n.reason.clone(), &n.counts, &b.counts))
        .collect();
    let section = |key: &str, chart: Option<Result<String, bool>>, rows| Section {
        title: tr.t(key),
        all_hidden: matches!(chart, Some(Err(true))),
        chart: chart.and_then(Result::ok),
        rows,
    };
    View {
        protected: c.protected,
        sections: vec![
            section("stats-people", Some(chart_people), people),
            section("stats-ages", Some(chart_ages), ages),
            section("stats-exits", None, exits),
        ],
        more: tables(tr, r, names)
            .into_iter()
            .skip(3)
            .enumerate()
            .map(|(i, (title, t))| (format!("h-more-{i}"), title, t))
            .collect(),
        query: query_string(req),
        year: req.period.from.year(),
    }
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(params): Query<StatsParams>,
    Query(wanted): Query<Download>,
) -> Result<Response> {
    let (visibility, protect) = disclosure(&ctx);
    let names = Names::load(&*state.store, ctx.org.id).await?;
    let parsed = params.parse(&names, today());
    if !wanted.format.is_empty() {
        let req = parsed?;
        let r = report(&*state.store, ctx.org.id, &req, &visibility, protect).await?;
        let sheets = tables(&tr, &r, &names);
        let refs: Vec<(&str, &Table)> = sheets.iter().map(|(n, t)| (n.as_str(), t)).collect();
        let name = format!(
            "statistik-{}-{}-{}",
            ctx.org.slug, req.period.from, req.period.to
        );
        return download(&wanted.format, &name, &refs);
    }
    let (req, errors) = match parsed {
        Ok(req) => (Some(req), FormErrors::default()),
        Err(samordna_app::Error::Invalid(errors)) => (None, FormErrors::new(tr, &errors)),
        Err(e) => return Err(e.into()),
    };
    let view = match &req {
        Some(req) => {
            let r = report(&*state.store, ctx.org.id, req, &visibility, protect).await?;
            Some(view(&tr, &r, &names, req))
        }
        None => None,
    };
    // Quick periods around the chosen year, keeping the rest of the question.
    let typed = samordna_domain::dates::parse_date("from", &params.from).ok();
    let year = req
        .as_ref()
        .map(|r| r.period.from)
        .or(typed)
        .map_or(today().year(), |d| d.year());
    let y = |y: i32| y.to_string();
    let presets = [
        (Period::year(year), tr.t1("stats-year", "year", &y(year))),
        (
            Period::half(year, 1),
            tr.t1("stats-half-1", "year", &y(year)),
        ),
        (
            Period::half(year, 2),
            tr.t1("stats-half-2", "year", &y(year)),
        ),
        (
            Period::year(year - 1),
            tr.t1("stats-year", "year", &y(year - 1)),
        ),
    ]
    .into_iter()
    .map(|(period, label)| {
        let q = match &req {
            Some(r) => query_string(&StatsRequest {
                period,
                ..r.clone()
            }),
            // The question could not be read: the preset keeps what was chosen besides.
            None => {
                let kept = [
                    ("intervention", &params.intervention),
                    ("municipality", &params.municipality),
                    ("coach", &params.coach),
                ];
                let mut q = form_urlencoded::Serializer::new(String::new());
                q.append_pair("from", &period.from.to_string());
                q.append_pair("to", &period.to.to_string());
                for (k, v) in kept.iter().filter(|(_, v)| !v.is_empty()) {
                    q.append_pair(k, v);
                }
                q.finish()
            }
        };
        (format!("?{q}"), label)
    })
    .collect();
    let interventions = std::iter::once((String::new(), tr.t("stats-all-interventions"))).chain(
        names
            .interventions
            .iter()
            .map(|i| (i.fields.slug.clone(), i.fields.name.clone())),
    );
    let municipalities = std::iter::once((String::new(), tr.t("stats-all-municipalities"))).chain(
        names
            .municipalities
            .iter()
            .map(|m| (m.id.to_string(), m.name.clone())),
    );
    let coaches = std::iter::once((String::new(), tr.t("stats-all-coaches"))).chain(
        names
            .coaches
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone())),
    );
    let page = StatsPage {
        base: format!("/o/{}", ctx.org.slug),
        interventions: opts(interventions, &params.intervention),
        municipalities: opts(municipalities, &params.municipality),
        coaches: opts(coaches, &params.coach),
        buckets: opts(
            [
                ("month", tr.t("stats-bucket-month")),
                ("half_year", tr.t("stats-bucket-half")),
            ],
            if params.bucket.is_empty() {
                "month"
            } else {
                &params.bucket
            },
        ),
        dimensions: opts(
            [
                Dimension::Intervention,
                Dimension::Municipality,
                Dimension::Coach,
            ]
            .map(|d| {
                let k = dimension_key(d);
                (k, tr.t(&format!("stats-dimension-{k}")))
            }),
            if params.dimension.is_empty() {
                "intervention"
            } else {
                &params.dimension
            },
        ),
        presets,
        view,
        can_export_national: ctx.auth.user.role.can(Permission::ManageOrg),
        p: params,
        l: Layout::org(tr, &ctx, "/stats", tr.t("nav-stats")),
        errors,
    };
    let status = page.errors.status();
    Ok((status, render(page)?).into_response())
}

/// Participants per intervention and gender in a year, in the shape Uppföljning Finsam asks
/// for: the director's file to type or upload there.
async fn national(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let year = match q.year.trim() {
        "" => today().year() - 1,
        y => y
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| {
                Error::Invalid(vec![samordna_domain::Invalid::new(
                    "year",
                    y,
                    samordna_domain::Reason::NotANumber,
                )])
            })?,
    };
    let t = national_table(&*state.store, ctx.org.id, &tr, year).await?;
    let sheet = tr.t("stats-national-sheet");
    let format = if q.format.is_empty() {
        "xlsx"
    } else {
        &q.format
    };
    download(
        format,
        &format!("uppfoljning-finsam-{}-{year}", ctx.org.slug),
        &[(&sheet, &t)],
    )
}
