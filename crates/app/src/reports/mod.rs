//! The half-year and annual report as the page, the API and the command line make it: the
//! figure blocks computed from the data for the report's period (protected: the report is
//! public), the document the files are made of, and approval, which keeps the document and
//! its PDF. An approved report is read from what was kept, never computed again.

use crate::economy::follow_up::{
    follow_up, requirement_table, sheet_table, statement_table, FollowUp,
};
use crate::i18n::{Lang, Tr};
use crate::stats::{tables, Names, StatsReport, StatsRequest};
use crate::surveys::{results_table, round_results};
use crate::{Error, Result};
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::interventions::Intervention;
use samordna_domain::orgs::Org;
use samordna_domain::participants::record::Visibility;
use samordna_domain::reports::markup;
use samordna_domain::reports::{default_outline, Block, Decision, Report, Status};
use samordna_domain::stats::series::{Bucket, Dimension};
use samordna_domain::stats::{AgeBins, Cell, Counts};
use samordna_reports::document::{numbers, Chart, Document, Figure, Part};
use samordna_reports::Table;
use samordna_store::{Store, StoreError};
use std::collections::HashMap;
use time::Date;

const SV: Tr = Tr(Lang::Sv);
const SMALL: &str =
    "<5 = färre än fem personer; sådana tal, och de som skulle avslöja dem, visas inte.";

/// The förbund's default outline, with a section per intervention.
pub async fn outline(
    store: &dyn Store,
    org: &Org,
) -> Result<Vec<samordna_domain::reports::Section>> {
    Ok(default_outline(&store.list_interventions(org.id).await?))
}

/// The document of a report: the kept one when approved, else made from today's data.
pub async fn document(
    store: &dyn Store,
    org: &Org,
    report: &Report,
    today: Date,
) -> Result<Document> {
    if report.status == Status::Approved {
        let kept = store
            .report_document(org.id, report.id)
            .await?
            .ok_or(StoreError::NotFound)?;
        return serde_json::from_str(&kept)
            .map_err(|_| StoreError::corrupt("report document", &kept).into());
    }
    build(store, org, report, None, today).await
}

/// Computes every figure of the report for its period.
async fn build(
    store: &dyn Store,
    org: &Org,
    report: &Report,
    decision: Option<&Decision>,
    today: Date,
) -> Result<Document> {
    let mut figures = Figures {
        store,
        org,
        report,
        decision,
        interventions: store.list_interventions(org.id).await?,
        names: Names::load(store, org.id).await?,
        stats: HashMap::new(),
        economy: None,
    };
    let levels: Vec<u8> = report.sections.iter().map(|s| s.level).collect();
    let mut parts = vec![];
    for (s, number) in report.sections.iter().zip(numbers(&levels)) {
        let mut list = vec![];
        for b in &s.blocks {
            list.extend(figures.of(b).await?);
        }
        parts.push(Part {
            number,
            title: s.title.clone(),
            level: s.level,
            text: markup::parse(&s.text),
            figures: list,
        });
    }
    let (status, date) = match decision {
        Some(d) => (
            format!("Godkänd av styrelsen {} ({})", d.decided_on, d.paragraph),
            d.decided_on,
        ),
        None => (format!("Utkast {today}"), today),
    };
    Ok(Document {
        org: org.name.clone(),
        title: report.period.title_sv(),
        span: report.period.span_sv(),
        status,
        date: date.to_string(),
        parts,
        compact: false,
    })
}

/// The PDF of a document, made off the async threads (typst lays out for a while).
pub async fn pdf(doc: Document, ident: String) -> Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || samordna_reports::pdf::pdf(&doc, &ident))
        .await
        .map_err(|e| Error::Internal(e.into()))?
        .map_err(|e| Error::Internal(anyhow::anyhow!(e)))
}

/// The PDF of a report: the kept one when approved.
pub async fn report_pdf(
    store: &dyn Store,
    org: &Org,
    report: &Report,
    today: Date,
) -> Result<Vec<u8>> {
    if report.status == Status::Approved {
        return Ok(store
            .report_pdf(org.id, report.id)
            .await?
            .ok_or(StoreError::NotFound)?);
    }
    let doc = build(store, org, report, None, today).await?;
    pdf(doc, ident(org, report)).await
}

fn ident(org: &Org, r: &Report) -> String {
    format!("samordna/{}/report/{}/{}", org.slug, r.id, r.version)
}

/// Approves a draft with the board's decision: the figures as they are now, the document and
/// its PDF are kept with it, in one write.
pub async fn approve(
    store: &dyn Store,
    org: &Org,
    actor: &Actor,
    report: &Report,
    decision: &Decision,
    today: Date,
) -> Result<Report> {
    if report.status == Status::Approved {
        return Err(Error::Invalid(vec![samordna_domain::Invalid::new(
            "report",
            "",
            samordna_domain::Reason::WrongState,
        )]));
    }
    let doc = build(store, org, report, Some(decision), today).await?;
    let json = serde_json::to_string(&doc).expect("a document is JSON");
    let bytes = pdf(doc, ident(org, report)).await?;
    Ok(store
        .approve_report(org.id, actor, report.id, decision, &json, &bytes)
        .await?)
}

/// Computes the blocks: each intervention's statistics and the economy's follow-up once,
/// however many blocks show them.
struct Figures<'a> {
    store: &'a dyn Store,
    org: &'a Org,
    report: &'a Report,
    decision: Option<&'a Decision>,
    interventions: Vec<Intervention>,
    names: Names,
    stats: HashMap<String, StatsReport>,
    economy: Option<FollowUp>,
}

fn cell(c: Cell) -> String {
    c.to_string()
}

/// "78 (70)": the figure with last year's in parentheses.
fn with_before(now: Cell, before: Cell) -> String {
    format!("{} ({})", cell(now), cell(before))
}

fn by_gender(rows: &[(&str, &Counts, &Counts)]) -> Table {
    let mut t = Table::new(
        ["", "stats-women", "stats-men", "stats-other", "stats-total"]
            .iter()
            .map(|k| if k.is_empty() { String::new() } else { SV.t(k) })
            .collect(),
    );
    for (label, now, before) in rows {
        let mut row = vec![label.to_string()];
        row.extend(
            now.cells()
                .iter()
                .zip(before.cells())
                .map(|(n, b)| with_before(*n, b)),
        );
        t.push(row);
    }
    t
}

/// The economy's tables come as bare numbers (for Excel): the report writes them with
/// thousands separated, all but the first column (labels, years).
fn swedish(mut t: Table) -> Table {
    for row in &mut t.rows {
        for c in row.iter_mut().skip(1) {
            *c = samordna_domain::format::number_text(c);
        }
    }
    t
}

fn table_figure(title: String, table: Table) -> Figure {
    Figure {
        title,
        table: Some(table),
        chart: None,
        text: None,
        note: None,
    }
}

fn text_figure(title: String, text: String) -> Figure {
    Figure {
        title,
        table: None,
        chart: None,
        text: Some(text),
        note: None,
    }
}

impl Figures<'_> {
    async fn stats_of(&mut self, slug: &str) -> Result<Option<&StatsReport>> {
        let Some(i) = self.interventions.iter().find(|i| i.fields.slug == slug) else {
            return Ok(None);
        };
        if !self.stats.contains_key(slug) {
            let req = StatsRequest {
                period: self.report.period.period(),
                intervention: Some(i.clone()),
                municipality_id: None,
                coach_id: None,
                age_bins: AgeBins::default(),
                bucket: Bucket::HalfYear,
                dimension: Dimension::Intervention,
            };
            let r =
                crate::stats::report(self.store, self.org.id, &req, &Visibility::All, true).await?;
            self.stats.insert(slug.to_string(), r);
        }
        Ok(self.stats.get(slug))
    }

    fn name_of(&self, slug: &str) -> String {
        self.interventions
            .iter()
            .find(|i| i.fields.slug == slug)
            .map_or_else(|| slug.to_string(), |i| i.fields.name.clone())
    }

    async fn of(&mut self, block: &Block) -> Result<Vec<Figure>> {
        let period = self.report.period;
        let on = period.period().to;
        if let Some(slug) = block.intervention() {
            let name = self.name_of(slug);
            if let Block::Survey { .. } = block {
                return self.survey(slug, &name).await;
            }
            if self.stats_of(slug).await?.is_none() {
                return Ok(vec![text_figure(
                    name,
                    format!("Insatsen {slug} finns inte längre."),
                )]);
            }
            let r = &self.stats[slug];
            let (c, p) = (&r.current, &r.previous_year);
            let sheets = tables(&SV, r, &self.names);
            let sheet = |i: usize| sheets[i].1.clone();
            let title = |what: &str| format!("{name}: {what} {}", period.span_sv());
            let mut f = match block {
                Block::Participants { .. } => {
                    let rows = [
                        (SV.t("stats-took-part"), &c.took_part, &p.took_part),
                        (SV.t("stats-started"), &c.started, &p.started),
                        (SV.t("stats-ended"), &c.ended, &p.ended),
                        (SV.t("stats-ongoing"), &c.ongoing_at_end, &p.ongoing_at_end),
                    ];
                    let refs: Vec<(&str, &Counts, &Counts)> =
                        rows.iter().map(|(l, n, b)| (l.as_str(), *n, *b)).collect();
                    let mut series =
                        vec![(SV.t("stats-women"), vec![]), (SV.t("stats-men"), vec![])];
                    let other = rows.iter().any(|(_, n, _)| n.other.shown() != Some(0));
                    if other {
                        series.push((SV.t("stats-other"), vec![]));
                    }
                    for (_, n, _) in &rows {
                        series[0].1.push(n.women.shown());
                        series[1].1.push(n.men.shown());
                        if other {
                            series[2].1.push(n.other.shown());
                        }
                    }
                    vec![Figure {
                        title: title("deltagare"),
                        table: Some(by_gender(&refs)),
                        chart: Some(Chart {
                            categories: rows.iter().map(|(l, _, _)| l.clone()).collect(),
                            series,
                        }),
                        text: None,
                        note: Some(format!("Inom parentes samma period föregående år. {SMALL}")),
                    }]
                }
                Block::Ages { .. } => vec![table_figure(title("ålder vid start"), sheet(1))],
                Block::Exits { .. } => vec![
                    table_figure(title("avslut efter orsak"), sheet(2)),
                    table_figure(title("avslut till arbete eller studier"), sheet(3)),
                ],
                Block::AfterSupport { .. } => {
                    let reg = SV.t("stats-after-support-registered");
                    let anon = SV.t("stats-anonymous");
                    let all = SV.t("stats-after-support");
                    vec![Figure {
                        note: Some(format!(
                            "Alla som hade efterstöd någon dag under perioden, med och utan personuppgifter. Inom parentes föregående år. {SMALL}"
                        )),
                        ..table_figure(
                            title("efterstöd"),
                            by_gender(&[
                                (&reg, &c.after_support_registered, &p.after_support_registered),
                                (&anon, &c.anonymous_after_support, &p.anonymous_after_support),
                                (&all, &c.after_support, &p.after_support),
                            ]),
                        )
                    }]
                }
                Block::Income { .. } => vec![table_figure(
                    title("försörjning vid start och avslut"),
                    sheet(4),
                )],
                Block::Progression { .. } => {
                    vec![table_figure(title("förflyttning på stegen"), sheet(5))]
                }
                Block::FollowUps { .. } => {
                    vec![table_figure(title("uppföljning efter avslut"), sheet(6))]
                }
                _ => vec![],
            };
            if let Some(last) = f.last_mut() {
                last.note.get_or_insert_with(|| SMALL.to_string());
            }
            return Ok(f);
        }
        let store = self.store;
        let org = self.org.id;
        if matches!(
            block,
            Block::IncomeStatement | Block::BalanceSheet | Block::BalanceRequirement
        ) && self.economy.is_none()
        {
            self.economy = Some(follow_up(store, org, on).await?);
        }
        let fu = self.economy.as_ref();
        Ok(match (block, fu) {
            (Block::IncomeStatement, Some(fu)) => {
                vec![table_figure(
                    format!("Resultaträkning per {on}"),
                    swedish(statement_table(SV, &fu.statement).0),
                )]
            }
            (Block::BalanceSheet, Some(fu)) => match &fu.sheet {
                Some(b) => vec![table_figure(
                    format!("Balansräkning per {on}"),
                    swedish(sheet_table(SV, b)),
                )],
                None => vec![text_figure(
                    "Balansräkning".into(),
                    format!("Ingen balansräkning är registrerad per {on}."),
                )],
            },
            (Block::BalanceRequirement, Some(fu)) => {
                vec![table_figure(
                    "Balanskravet".into(),
                    swedish(requirement_table(SV, &fu.requirement)),
                )]
            }
            (Block::Payouts, _) => {
                let halves: &[u8] = if period.half == 0 {
                    &[1, 2]
                } else {
                    &[period.half]
                };
                let mut list = vec![];
                for &half in halves {
                    list.extend(payout_figures(store, org, period.year, half).await?);
                }
                list
            }
            (Block::Goals, _) => {
                let measured = crate::plans::goal_table(store, org, period.period()).await?;
                let lines = crate::plans::lines(&SV, &measured, &self.interventions);
                vec![Figure {
                    note: Some(format!(
                        "Mål ur verksamhetsplanen {}; värdet för {} bredvid samma period föregående år. {SMALL}",
                        period.year,
                        period.span_sv()
                    )),
                    ..table_figure(
                        format!("Måluppfyllelse {}", period.span_sv()),
                        crate::plans::table(&SV, &lines, period.year),
                    )
                }]
            }
            (Block::BoardDecision, _) => vec![text_figure(
                "Styrelsens beslut".into(),
                match self.decision {
                    Some(d) => d.text_sv(period),
                    None => "Styrelsen har ännu inte beslutat om rapporten.".into(),
                },
            )],
            _ => vec![],
        })
    }

    /// The indicator survey's round of the intervention that closed in the period.
    async fn survey(&mut self, slug: &str, name: &str) -> Result<Vec<Figure>> {
        let p = self.report.period.period();
        let id = self
            .interventions
            .iter()
            .find(|i| i.fields.slug == slug)
            .map(|i| i.id);
        let round = self
            .store
            .rounds(self.org.id)
            .await?
            .into_iter()
            .filter(|r| r.intervention_id == id && p.contains(r.closes_on))
            .max_by_key(|r| (r.closes_on, r.id));
        Ok(match round {
            Some(r) => {
                let results = round_results(self.store, self.org.id, r.id).await?;
                vec![Figure {
                    note: Some(format!(
                        "{} svar. Andel svar i de tre översta stegen mot målet 70 %.",
                        results.answers
                    )),
                    ..table_figure(
                        format!("{name}: {} ({})", r.title, results.survey.title),
                        results_table(&SV, &results),
                    )
                }]
            }
            None => vec![text_figure(
                format!("{name}: enkät"),
                "Ingen enkätomgång avslutades under perioden.".into(),
            )],
        })
    }
}

/// The payouts of a half-year as 003 prints them: one table per intervention, the
/// municipalities as columns, the share of positions and the amount as rows.
async fn payout_figures(
    store: &dyn Store,
    org: samordna_domain::orgs::OrgId,
    year: i32,
    half: u8,
) -> Result<Vec<Figure>> {
    let lines = crate::economy::lines(store, org, year, half).await?;
    let span = if half == 1 {
        "januari–juni"
    } else {
        "juli–december"
    };
    let mut out: Vec<Figure> = vec![];
    let mut groups: Vec<(String, Vec<&samordna_domain::economy::payouts::PayoutLine>)> = vec![];
    for (l, _) in &lines {
        match groups.iter_mut().find(|(i, _)| *i == l.intervention) {
            Some((_, g)) => g.push(l),
            None => groups.push((l.intervention.clone(), vec![l])),
        }
    }
    for (intervention, group) in groups {
        let mut head = vec![format!("{span} {year}")];
        head.extend(
            group
                .iter()
                .map(|l| l.municipality.trim_end_matches(" kommun").to_string()),
        );
        head.push("Totalt".into());
        let mut t = Table::new(head);
        if group.iter().any(|l| l.fte.basis_points() > 0) {
            let mut row = vec!["Omfattning av tjänst".to_string()];
            row.extend(group.iter().map(|l| l.fte.as_positions()));
            let bp: i32 = group.iter().map(|l| l.fte.basis_points()).sum();
            row.push(format!("{},{:02}", bp / 10_000, (bp % 10_000) / 100));
            t.push(row);
        }
        let mut row = vec!["Utbetalning kronor".to_string()];
        row.extend(
            group
                .iter()
                .map(|l| samordna_domain::format::thousands(l.amount.round_to_kronor())),
        );
        let total: i64 = group.iter().map(|l| l.amount.0).sum();
        row.push(samordna_domain::format::thousands(
            samordna_domain::money::Ore(total).round_to_kronor(),
        ));
        t.push(row);
        out.push(table_figure(
            format!("Utbetalning för {intervention} {span} {year}"),
            t,
        ));
    }
    Ok(out)
}

/// The report of a period as the command line gives it: the newest approved version unless
/// a draft is asked for; else the newest draft; else a draft of the default outline, made
/// from the current data and not stored.
pub async fn of_period(
    store: &dyn Store,
    org: &Org,
    period: samordna_domain::reports::ReportPeriod,
    draft: bool,
) -> Result<Report> {
    let mut reports: Vec<Report> = store
        .reports(org.id)
        .await?
        .into_iter()
        .filter(|r| r.period == period)
        .collect();
    reports.sort_by_key(|r| std::cmp::Reverse(r.version));
    let approved = reports.iter().find(|r| r.status == Status::Approved);
    let newest_draft = reports.iter().find(|r| r.status == Status::Draft);
    Ok(match (approved, newest_draft, draft) {
        (Some(a), _, false) => a.clone(),
        (_, Some(d), _) => d.clone(),
        // A draft of the approved one's text, with today's figures.
        (Some(a), None, true) => Report {
            status: Status::Draft,
            decision: None,
            approved_at: None,
            ..a.clone()
        },
        (None, None, _) => Report {
            id: 0,
            period,
            version: 0,
            status: Status::Draft,
            sections: outline(store, org).await?,
            decision: None,
            updated_at: 0,
            approved_at: None,
        },
    })
}
