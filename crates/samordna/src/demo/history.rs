//! The demo's participants from 2019 to today: SE-Höglandet and IT-spåret as the seeds'
//! reports describe them, made of consistent people (a start, a municipality, an age, income
//! before, steps, an exit with its reason and income after, after-support after a job, the
//! follow-ups at 6 and 12 months). Nothing is random: each half-year has its number of
//! starts and exits by gender, the oldest stays end first, and the rest follows from the
//! person's number. So the figures the seeds give come out of the statistics themselves:
//!
//! - H1 2020 (002): SE-Höglandet 148 took part, 32 started; IT-spåret 20 (1 woman, 19 men),
//!   6 men ended;
//! - H1 2023 (003 §3.1): SE-Höglandet 164 took part, 78 women and 86 men, 10 women and 6 men
//!   ended to work or studies, 25 in after-support; IT-spåret 7 men, 1 to work.
//!
//! See `crates/samordna/demo/README.md` for what the seeds give and how it is met.

use anyhow::{Context, Result};
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::members::Member;
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::import::{ImportRow, ParticipantKey};
use samordna_domain::participants::record::{Change, Viewer};
use samordna_domain::participants::{ExitReason, Gender, IncomeSet, Outcome};
use samordna_domain::stats::Period;
use samordna_store::{EpisodeFilter, Store};
use std::collections::HashMap;
use time::{Date, Duration, Month};

/// Per half-year from H1 2019: starts (women, men), exits (women, men), and of the exits
/// those to work or studies (women, men). The pool at the start of 2020 is 116 and of 2023
/// 118 (56 women, 62 men): with the starts, 148 and 164 took part.
const SE_HALVES: [(u32, u32, u32, u32, u32, u32); 16] = [
    (50, 55, 0, 0, 0, 0),
    (18, 20, 13, 14, 5, 5),
    (15, 17, 16, 17, 6, 6),
    (18, 18, 17, 18, 6, 6),
    (17, 19, 17, 19, 7, 6),
    (18, 18, 18, 18, 7, 7),
    (18, 19, 17, 19, 6, 7),
    (17, 18, 17, 17, 7, 6),
    (22, 24, 20, 22, 10, 6),
    (18, 20, 18, 20, 7, 7),
    (18, 19, 18, 19, 7, 7),
    (18, 19, 18, 19, 7, 7),
    (18, 19, 18, 19, 7, 7),
    (18, 19, 18, 19, 7, 7),
    (18, 19, 18, 19, 7, 7),
    (15, 16, 14, 15, 5, 5),
];

/// SE coaches by municipality in proportion to their positions (003: 0,75 … 1,80).
const MUNICIPALITIES: [&str; 16] = [
    "Eksjö", "Nässjö", "Vetlanda", "Sävsjö", "Tranås", "Nässjö", "Eksjö", "Vetlanda", "Sävsjö",
    "Aneby", "Nässjö", "Eksjö", "Vetlanda", "Sävsjö", "Tranås", "Nässjö",
];
/// Mostly young: the priority group is 18–29 (002: "majoriteten … mellan 20 – 29 år").
const AGES: [i32; 18] = [
    19, 22, 24, 27, 21, 33, 45, 26, 38, 52, 29, 23, 20, 31, 58, 25, 28, 41,
];
const INCOME_BEFORE: [&str; 7] = [
    "social_assistance",
    "activity_support",
    "sickness_benefit",
    "activity_compensation",
    "none",
    "social_assistance|activity_support",
    "sickness_compensation",
];
const OTHER_REASONS: [&str; 6] = [
    "rehabilitering",
    "ater-remittent",
    "ohalsa",
    "egen-begaran",
    "flyttat",
    "annat",
];

/// One made-up stay.
struct Stay {
    code: String,
    gender: Gender,
    age: i32,
    municipality: &'static str,
    intervention: &'static str,
    start: Date,
    end: Option<(Date, &'static str)>,
    income_before: &'static str,
}

fn half_of(h: usize) -> Period {
    Period::half(2019 + (h / 2) as i32, (h % 2) as u8 + 1)
}

/// The `k`-th of `n` days spread over the period, never after `last`.
fn spread(p: Period, k: u32, n: u32, last: Date) -> Date {
    let to = p.to.min(last);
    let days = (to - p.from).whole_days().max(1);
    p.from + Duration::days(days * (2 * k as i64 + 1) / (2 * n.max(1) as i64))
}

fn se_stays(today: Date) -> Vec<Stay> {
    let mut stays: Vec<Stay> = vec![];
    // Open stays by gender, oldest first.
    let mut open: [Vec<usize>; 2] = [vec![], vec![]];
    let last = today - Duration::days(1);
    for (h, &(sw, sm, ew, em, ws_w, ws_m)) in SE_HALVES.iter().enumerate() {
        let p = half_of(h);
        if p.from > last {
            break;
        }
        for (g, (exits, ws)) in [(ew, ws_w), (em, ws_m)].into_iter().enumerate() {
            for k in 0..exits {
                let i = open[g].remove(0);
                let on = spread(p, k, exits, last).max(stays[i].start + Duration::days(30));
                let reason = if k < ws {
                    if k % 4 == 3 {
                        "studier"
                    } else {
                        "arbete"
                    }
                } else {
                    OTHER_REASONS[(i + k as usize) % OTHER_REASONS.len()]
                };
                stays[i].end = Some((on, reason));
            }
        }
        let (starts_w, starts_m) = (sw, sm);
        let n = starts_w + starts_m;
        for k in 0..n {
            // Women and men in turn while both have starts left.
            let g = if k % 2 == 0 && k / 2 < starts_w || k / 2 >= starts_m {
                0
            } else {
                1
            };
            let i = stays.len();
            let start = spread(p, k, n, last);
            stays.push(Stay {
                code: format!("SE{}-{:03}", start.year(), i % 1000),
                gender: [Gender::Woman, Gender::Man][g],
                age: AGES[i % AGES.len()],
                municipality: MUNICIPALITIES[i % MUNICIPALITIES.len()],
                intervention: "se-hoglandet",
                start,
                end: None,
                income_before: INCOME_BEFORE[i % INCOME_BEFORE.len()],
            });
            open[g].push(i);
        }
    }
    stays
}

/// IT-spåret as 002 and 003 tell it: a class from August 2019 (one woman, 13 men) and six
/// men from May 2020; seven men who followed the course to Ädelfors in 2022–2023.
fn it_stays() -> Vec<Stay> {
    let d = |y, m, day| {
        Date::from_calendar_date(y, Month::try_from(m).expect("month"), day).expect("date")
    };
    let mut out = vec![];
    let mut add = |n: usize, gender: Gender, start: Date, ends: &[(Date, &'static str)]| {
        for k in 0..n {
            let i = out.len();
            out.push(Stay {
                code: format!("IT{}-{:02}", start.year(), i),
                gender,
                age: AGES[(i * 5) % AGES.len()],
                municipality: MUNICIPALITIES[(i * 3) % MUNICIPALITIES.len()],
                intervention: "it-sparet",
                start,
                end: ends.get(k).copied(),
                income_before: INCOME_BEFORE[(i * 2) % INCOME_BEFORE.len()],
            });
        }
    };
    let june21 = d(2021, 6, 11);
    add(1, Gender::Woman, d(2019, 8, 19), &[(june21, "studier")]);
    add(
        13,
        Gender::Man,
        d(2019, 8, 19),
        &[
            (d(2020, 3, 10), "egen-begaran"),
            (d(2020, 4, 3), "ater-remittent"),
            (d(2020, 4, 24), "ater-remittent"),
            (d(2020, 5, 15), "ater-remittent"),
            (d(2020, 6, 5), "ater-remittent"),
            (d(2020, 6, 12), "ater-remittent"),
            (june21, "arbete"),
            (june21, "arbete"),
            (june21, "studier"),
            (june21, "annat"),
            (june21, "ater-remittent"),
            (june21, "arbete"),
            (june21, "annat"),
        ],
    );
    let dec21 = d(2021, 12, 17);
    add(
        6,
        Gender::Man,
        d(2020, 5, 18),
        &[
            (dec21, "arbete"),
            (dec21, "ater-remittent"),
            (dec21, "studier"),
            (dec21, "annat"),
            (dec21, "ater-remittent"),
            (dec21, "arbete"),
        ],
    );
    let june24 = d(2024, 6, 14);
    add(
        7,
        Gender::Man,
        d(2022, 8, 22),
        &[
            (d(2023, 5, 15), "arbete"),
            (june24, "arbete"),
            (june24, "arbete"),
            (june24, "studier"),
            (june24, "studier"),
            (june24, "annat"),
            (june24, "ater-remittent"),
        ],
    );
    add(
        1,
        Gender::Woman,
        d(2024, 8, 19),
        &[(d(2025, 6, 13), "arbete")],
    );
    add(
        4,
        Gender::Man,
        d(2024, 8, 19),
        &[(d(2025, 6, 13), "studier"), (d(2025, 6, 13), "arbete")],
    );
    out
}

fn set(text: &str) -> IncomeSet {
    IncomeSet::parse_piped("income", text).expect("demo income")
}

/// Loads the history: the stays in one import (all or nothing, audited like any list), then
/// what a coach records along the way, each as the change it is.
pub async fn load(store: &dyn Store, org: OrgId, members: &[Member], today: Date) -> Result<()> {
    let reasons: Vec<ExitReason> = store.exit_reasons(org).await?;
    let reason = |code: &str| {
        reasons
            .iter()
            .find(|r| r.code == code)
            .cloned()
            .with_context(|| format!("exit reason {code}"))
    };
    let interventions = store.list_interventions(org).await?;
    let intervention = |slug: &str| {
        interventions
            .iter()
            .find(|i| i.fields.slug == slug)
            .map(|i| i.id)
            .with_context(|| format!("intervention {slug}"))
    };
    let municipality = |name: &str| {
        members
            .iter()
            .find(|m| m.name == format!("{name} kommun"))
            .map(|m| m.id)
            .with_context(|| format!("municipality {name}"))
    };
    let mut stays = se_stays(today);
    stays.extend(it_stays());
    let mut rows = vec![];
    for (i, s) in stays.iter().enumerate() {
        let outcome = s.end.map(|(_, code)| reason(code)).transpose()?;
        let after = match outcome.as_ref().map(|r| r.outcome) {
            Some(Outcome::Work) => set("wage"),
            Some(Outcome::Studies) => set("student_aid"),
            Some(Outcome::Other) => set(s.income_before),
            None => IncomeSet::default(),
        };
        rows.push(ImportRow {
            row: i + 2,
            key: ParticipantKey::Code(s.code.clone()),
            gender: s.gender,
            birth_year: s.start.year() - s.age,
            age_at_start: s.age,
            municipality_id: municipality(s.municipality)?,
            intervention_id: intervention(s.intervention)?,
            coach_id: None,
            start: s.start,
            end: s.end.map(|(d, _)| d),
            exit_reason_id: outcome.as_ref().map(|r| r.id),
            income_before: set(s.income_before),
            income_after: after,
            consent: None,
        });
    }
    store
        .import_participants(org, &Actor::system("demo"), &rows)
        .await?;

    let viewer = Viewer::system("demo");
    let episodes: HashMap<String, _> = store
        .episodes(org, &viewer, &EpisodeFilter::default())
        .await?
        .into_iter()
        .map(|e| (e.participant_code.clone(), e))
        .collect();
    for (i, s) in stays.iter().enumerate() {
        let e = &episodes[&s.code];
        let mut changes = vec![];
        if s.intervention == "se-hoglandet" {
            // The first step at start; where the person stood last, a month before the end.
            let first = 1 + (i % 3) as u8;
            let moved = [0u8, 1, 2, 1, 3, 0, 2, 1][i % 8];
            let until = s.end.map_or(today, |(d, _)| d);
            let latest_on = (until - Duration::days(30)).max(s.start + Duration::days(1));
            changes.push(Change::Step {
                step: first,
                on: s.start,
            });
            if moved > 0 && latest_on < today {
                changes.push(Change::Step {
                    step: (first + moved).min(5),
                    on: latest_on,
                });
            }
        }
        if let Some((exit, code)) = s.end {
            if code == "arbete" {
                changes.push(Change::AfterSupport { from: exit });
            }
            if matches!(code, "arbete" | "studier") {
                for f in &e.follow_ups {
                    let on = f.due + Duration::days(7);
                    if on < today {
                        // Most are still working or studying; one in four is not.
                        let status = if (i + f.months as usize).is_multiple_of(4) {
                            Outcome::Other
                        } else {
                            Outcome::Work
                        };
                        changes.push(Change::FollowUp {
                            follow_up_id: f.id,
                            on,
                            status,
                            income: set(if status == Outcome::Work {
                                "wage"
                            } else {
                                "unemployment_insurance"
                            }),
                        });
                    }
                }
            }
        }
        for c in changes {
            store
                .change_episode(org, &viewer, e.id, &c)
                .await
                .with_context(|| format!("demo {}: {}", s.code, c.name()))?;
        }
        tidy(store, org, &viewer, e.id, today)
            .await
            .with_context(|| format!("demo {}", s.code))?;
    }
    Ok(())
}

/// What the coaches did in time: the after-support contacts more than a week old are done,
/// new participants are asked about violence, and a stay is deregistered within two weeks
/// of its day. What is left are the recent
/// stays' tasks, as a coach's list looks on an ordinary day.
async fn tidy(store: &dyn Store, org: OrgId, viewer: &Viewer, id: i64, today: Date) -> Result<()> {
    let filter = EpisodeFilter {
        episode_id: Some(id),
        ..Default::default()
    };
    let Some(e) = store.episodes(org, viewer, &filter).await?.pop() else {
        return Ok(());
    };
    let mut changes: Vec<Change> = e
        .after_support
        .iter()
        .filter(|c| c.done_on.is_none() && c.due + Duration::days(7) < today)
        .map(|c| Change::ContactDone {
            contact_id: c.id,
            on: c.due,
        })
        .collect();
    // From the autumn of 2023 every new participant is asked about violence in their
    // first two weeks (the regeringsuppdrag of plan 2024, which the goal table measures).
    if let Some(start) = e
        .start
        .filter(|s| *s >= time::macros::date!(2023 - 09 - 01))
    {
        let asked = start + Duration::days(14);
        if e.violence_asked_on.is_none() && asked < today && e.end.is_none_or(|end| asked <= end) {
            changes.push(Change::ViolenceAsked { on: asked });
        }
    }
    if let Some(d) = e.deregistration_date() {
        if d + Duration::days(14) < today {
            changes.push(Change::Deregister { on: d });
        }
    }
    for c in changes {
        store.change_episode(org, viewer, id, &c).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stay_ends_after_it_starts_and_before_today() {
        let today = time::macros::date!(2026 - 12 - 02);
        let mut all = se_stays(today);
        all.extend(it_stays());
        for s in &all {
            assert!(s.start < today, "{}", s.code);
            if let Some((end, _)) = s.end {
                assert!(end > s.start && end < today, "{}", s.code);
            }
        }
        let codes: std::collections::HashSet<_> = all.iter().map(|s| &s.code).collect();
        assert_eq!(codes.len(), all.len(), "codes are unique");
    }
}
