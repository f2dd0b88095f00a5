//! Hand-checkable fixtures: each figure recounted on a handful of people.

use super::series::{series, Bucket, Dimension};
use super::*;
use crate::participants::DEFAULT_EXIT_REASONS;
use time::macros::date;

fn reasons() -> Vec<ExitReason> {
    DEFAULT_EXIT_REASONS
        .iter()
        .enumerate()
        .map(|(i, (code, label, outcome))| ExitReason {
            id: i as i64 + 1,
            code: code.to_string(),
            label: label.to_string(),
            outcome: *outcome,
        })
        .collect()
}

const ARBETE: i64 = 1;
const STUDIER: i64 = 2;
const EGEN_BEGARAN: i64 = 5;

fn d(s: &str) -> Date {
    parse_date("d", s).unwrap()
}

/// A stay of person `pid`; `exit` is the date and the reason's id.
fn stay(pid: i64, gender: Gender, start: &str, exit: Option<(&str, i64)>) -> Fact {
    let outcome = exit.map(|(_, r)| reasons()[r as usize - 1].outcome);
    Fact {
        participant_id: pid,
        intervention_id: 1,
        municipality_id: 10,
        coach_id: Some(100),
        gender,
        birth_year: 1995,
        age_at_start: None,
        start: d(start),
        end: exit.map(|(e, _)| d(e)),
        exit_reason_id: exit.map(|(_, r)| r),
        outcome,
        income_start: IncomeSet::default(),
        income_exit: IncomeSet::default(),
        steps: vec![],
        follow_ups: vec![],
        after_support: None,
    }
}

fn h1_2023() -> Query {
    Query {
        period: Period::half(2023, 1),
        age_bins: AgeBins::default(),
        goal_bp: Some(3500),
    }
}

fn run(facts: &mut [Fact], q: &Query) -> Statistics {
    facts.sort_by_key(|f| (f.participant_id, f.start));
    compute(facts, &[], &reasons(), q)
}

fn shown(c: Counts) -> [u32; 4] {
    c.cells().map(|c| c.shown().expect("exact"))
}

use Gender::{Man, Other, Woman};

#[test]
fn people_are_counted_once_with_the_edges_of_the_period() {
    let mut f = vec![
        // Took part since last year and still ongoing.
        stay(1, Woman, "2022-10-01", None),
        // Starts on the last day: took part, started and ongoing.
        stay(2, Man, "2023-06-30", None),
        // Ends on the first day: took part and ended, not ongoing.
        stay(3, Woman, "2022-05-01", Some(("2023-01-01", ARBETE))),
        // Re-enrolled in the period: one person in each figure.
        stay(4, Other, "2023-02-01", Some(("2023-03-15", EGEN_BEGARAN))),
        stay(4, Other, "2023-05-01", None),
        // Outside the period on either side.
        stay(5, Man, "2023-07-01", None),
        stay(6, Woman, "2022-01-01", Some(("2022-12-31", ARBETE))),
    ];
    let s = run(&mut f, &h1_2023());
    assert_eq!(shown(s.took_part), [2, 1, 1, 4]);
    assert_eq!(shown(s.started), [0, 1, 1, 2]);
    assert_eq!(shown(s.ended), [1, 0, 1, 2]);
    assert_eq!(shown(s.ongoing_at_end), [1, 1, 1, 3]);
}

#[test]
fn a_person_who_ended_twice_counts_by_the_last_exit() {
    let mut f = vec![
        stay(1, Woman, "2023-01-10", Some(("2023-02-01", EGEN_BEGARAN))),
        stay(1, Woman, "2023-03-01", Some(("2023-06-01", ARBETE))),
    ];
    let s = run(&mut f, &h1_2023());
    assert_eq!(shown(s.ended), [1, 0, 0, 1]);
    let work = &s.exits_by_reason[0];
    assert_eq!(shown(work.counts), [1, 0, 0, 1]);
    assert_eq!(shown(s.exits_by_reason[4].counts), [0, 0, 0, 0]);
}

#[test]
fn age_at_start_from_the_birth_date_or_else_the_birth_year() {
    let mut with_date = stay(1, Woman, "2023-03-01", None);
    // Born 1998-06-01: 24 completed years on 2023-03-01 (the year alone would say 25).
    with_date.age_at_start = Some(24);
    with_date.birth_year = 1998;
    // No identity, only a birth year: 2023 − 2004 = 19.
    let mut year_only = stay(2, Man, "2023-04-01", None);
    year_only.birth_year = 2004;
    let mut thirty = stay(3, Man, "2023-05-01", None);
    thirty.birth_year = 1990;
    // Started last year: not in the age table.
    let mut earlier = stay(4, Woman, "2022-05-01", None);
    earlier.birth_year = 2004;
    let mut f = vec![with_date, year_only, thirty, earlier];
    let s = run(&mut f, &h1_2023());
    let rows: Vec<(String, [u32; 4])> = s
        .age_at_start
        .iter()
        .map(|r| {
            (
                AgeBin {
                    from: r.from,
                    to: r.to,
                }
                .label(),
                shown(r.counts),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("–19".to_string(), [0, 1, 0, 1]),
            ("20–24".to_string(), [1, 0, 0, 1]),
            ("25–29".to_string(), [0, 0, 0, 0]),
            ("30–".to_string(), [0, 1, 0, 1]),
        ]
    );
    assert_eq!(shown(s.age_outside_bins), [0; 4]);
}

#[test]
fn ages_outside_the_chosen_intervals_are_counted_apart() {
    let mut q = h1_2023();
    q.age_bins = AgeBins::parse("18-24, 25-64").unwrap();
    let mut young = stay(1, Woman, "2023-03-01", None);
    young.birth_year = 2007; // 16
    let s = run(&mut [young], &q);
    assert_eq!(shown(s.age_outside_bins), [1, 0, 0, 1]);
}

#[test]
fn age_bins_are_parsed_and_checked() {
    let b = AgeBins::parse("-19,20-24,25-29,30-").unwrap();
    assert_eq!(b.0.len(), 4);
    assert_eq!(b.to_text(), "-19,20-24,25-29,30-");
    assert_eq!(AgeBins::parse("20–24,25–29").unwrap().0[1].from, Some(25));
    for bad in ["", "20-24,22-30", "30-,20-24", "x-3", "25-20", "-19,-24"] {
        assert!(AgeBins::parse(bad).is_err(), "{bad:?} should be refused");
    }
}

/// Ten exits: three to work, one to studies, six for other reasons = 40 %, above the goal.
fn ten_exits() -> Vec<Fact> {
    let mut f = Vec::new();
    let reasons = [ARBETE, ARBETE, ARBETE, STUDIER, 3, 4, 5, 6, 7, 8];
    for (i, r) in reasons.into_iter().enumerate() {
        let g = if i % 2 == 0 { Woman } else { Man };
        f.push(stay(i as i64 + 1, g, "2022-09-01", Some(("2023-05-31", r))));
    }
    f
}

#[test]
fn exits_by_reason_and_the_share_to_work_or_studies_against_the_goal() {
    let s = run(&mut ten_exits(), &h1_2023());
    assert_eq!(shown(s.exits_by_reason[0].counts), [2, 1, 0, 3]);
    assert_eq!(s.exits_by_reason[0].outcome, Outcome::Work);
    assert_eq!(shown(s.exits_by_reason[1].counts), [0, 1, 0, 1]);
    assert_eq!(s.outcome.ended.shown(), Some(10));
    assert_eq!(s.outcome.to_work_or_studies.shown(), Some(4));
    assert_eq!(s.outcome.share, ShareBp(Some(4000)));
    assert_eq!(s.outcome.met, Some(true));
    let mut q = h1_2023();
    q.goal_bp = Some(4500);
    assert_eq!(run(&mut ten_exits(), &q).outcome.met, Some(false));
    q.goal_bp = None;
    assert_eq!(run(&mut ten_exits(), &q).outcome.met, None);
}

#[test]
fn income_at_start_against_income_at_exit() {
    use IncomeSource::*;
    let set = |s: &[IncomeSource]| IncomeSet(s.iter().copied().collect());
    let mut a = stay(1, Woman, "2022-09-01", Some(("2023-03-01", ARBETE)));
    a.income_start = set(&[SicknessBenefit, SocialAssistance]);
    a.income_exit = set(&[Wage]);
    let mut b = stay(2, Man, "2022-09-01", Some(("2023-03-01", 3)));
    b.income_start = set(&[SocialAssistance]);
    b.income_exit = set(&[SocialAssistance]);
    // Exit not recorded: left out of the table and of its base.
    let mut c = stay(3, Man, "2022-09-01", Some(("2023-03-01", 3)));
    c.income_start = set(&[SocialAssistance]);
    let s = run(&mut [a, b, c], &h1_2023());
    let i = &s.income;
    let at = |x: IncomeSource, y: IncomeSource| i.cells[x as usize][y as usize].shown().unwrap();
    assert_eq!(at(SicknessBenefit, Wage), 1);
    assert_eq!(at(SocialAssistance, Wage), 1);
    assert_eq!(at(SocialAssistance, SocialAssistance), 1);
    assert_eq!(at(Wage, Wage), 0);
    assert_eq!(i.recorded.shown(), Some(2));
    assert_eq!(i.no_public_support_at_start.shown(), Some(0));
    // Wage is not public income support.
    assert_eq!(i.no_public_support_at_exit.shown(), Some(1));
    assert_eq!(i.share_at_exit, ShareBp(Some(5000)));
    for (n, s) in IncomeSource::ALL.iter().enumerate() {
        assert_eq!(*s as usize, n, "ALL is in declaration order");
    }
}

fn steps(list: &[(u8, &str)]) -> Vec<StepRecord> {
    list.iter()
        .map(|(step, on)| StepRecord {
            step: *step,
            on: d(on),
        })
        .collect()
}

#[test]
fn progression_from_the_first_step_to_the_step_at_the_end_or_at_exit() {
    // Up from 1 to 3 by the end of June; the step in August is after the period.
    let mut a = stay(1, Woman, "2023-01-05", None);
    a.steps = steps(&[(1, "2023-01-10"), (3, "2023-03-01"), (4, "2023-08-01")]);
    // Stayed on 2.
    let mut b = stay(2, Man, "2023-01-05", None);
    b.steps = steps(&[(2, "2023-01-10"), (2, "2023-04-01")]);
    // Left for work on step 5 from 1: counted among all, not among the others.
    let mut c = stay(3, Man, "2022-11-01", Some(("2023-05-01", ARBETE)));
    c.steps = steps(&[(1, "2022-11-10"), (5, "2023-04-20")]);
    // No step recorded: not in the figure.
    let e = stay(4, Woman, "2023-01-05", None);
    let s = run(&mut [a, b, c, e], &h1_2023());
    let p = &s.progression;
    assert_eq!(p.all.with_steps.shown(), Some(3));
    assert_eq!(p.all.moved_up.shown(), Some(2));
    assert_eq!(p.all.share, ShareBp(Some(6667)));
    assert_eq!(p.not_to_work_or_studies.with_steps.shown(), Some(2));
    assert_eq!(p.not_to_work_or_studies.moved_up.shown(), Some(1));
    // (2 + 0 + 4) / 3 = 2,0 steps.
    assert_eq!(p.mean_steps_moved_tenths, Some(20));
}

#[test]
fn sustainability_at_six_and_twelve_months() {
    let mut f = Vec::new();
    for pid in 1..=3 {
        f.push(stay(pid, Woman, "2022-09-01", Some(("2023-02-01", ARBETE))));
    }
    f[0].follow_ups = vec![(6, Outcome::Work), (12, Outcome::Studies)];
    f[1].follow_ups = vec![(6, Outcome::Other)];
    let s = run(&mut f, &h1_2023());
    let su = &s.sustainability;
    assert_eq!(su.exited_to_work_or_studies.shown(), Some(3));
    assert_eq!(su.follow_ups[0].followed_up.shown(), Some(2));
    assert_eq!(su.follow_ups[0].in_work_or_studies.shown(), Some(1));
    assert_eq!(su.follow_ups[0].share, ShareBp(Some(5000)));
    assert_eq!(su.follow_ups[1].followed_up.shown(), Some(1));
    assert_eq!(su.follow_ups[1].share, ShareBp(Some(10000)));
}

#[test]
fn anonymous_counts_inside_the_period_only() {
    let count = |from: &str, to: &str, women| AnonymousCount {
        id: 0,
        intervention_id: 1,
        intervention: "SE".into(),
        from: d(from),
        to: d(to),
        women,
        men: 20,
        other: 0,
    };
    let anon = [
        count("2023-01-01", "2023-06-30", 18),
        count("2023-07-01", "2023-12-31", 5),
    ];
    let s = compute(&[], &anon, &reasons(), &h1_2023());
    assert_eq!(shown(s.anonymous_after_support), [18, 20, 0, 38]);
    let mut year = h1_2023();
    year.period = Period::year(2023);
    let s = compute(&[], &anon, &reasons(), &year);
    assert_eq!(shown(s.anonymous_after_support), [23, 40, 0, 63]);
}

#[test]
fn the_previous_year_is_the_same_days_a_year_earlier() {
    let p = Period::parse("2024-01-01", "2024-02-29").unwrap();
    assert_eq!(
        p.previous_year(),
        Period::new(date!(2023 - 01 - 01), date!(2023 - 02 - 28)).unwrap()
    );
    assert_eq!(Period::half(2023, 2).previous_year(), Period::half(2022, 2));
    let err = Period::parse("2023-06-30", "2023-01-01").unwrap_err();
    assert_eq!(err[0].reason, Reason::EndBeforeStart);
    assert_eq!(Period::parse("x", "y").unwrap_err().len(), 2);
}

#[test]
fn protection_hides_small_counts_and_what_would_give_them_away() {
    let s = run(&mut ten_exits(), &h1_2023()).protect();
    // 5 women and 5 men ended: shown. To work 3 (<5) and studies 1 (<5).
    assert_eq!(s.ended.total.shown(), Some(10));
    let work = &s.exits_by_reason[0].counts;
    assert_eq!(work.total.to_string(), "<5");
    assert!(s.outcome.to_work_or_studies.shown().is_none());
    // With the count hidden the share is hidden too, and so is whether the goal was met.
    assert_eq!(s.outcome.share, ShareBp(None));
    assert_eq!(s.outcome.met, None);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["exits_by_reason"][0]["total"], "<5");
    assert_eq!(json["ended"]["total"], 10);
    assert_eq!(json["protected"], true);
    // The exact view is untouched.
    let exact = run(&mut ten_exits(), &h1_2023());
    assert_eq!(
        serde_json::to_value(&exact).unwrap()["exits_by_reason"][0]["total"],
        3
    );
}

#[test]
fn json_keys_are_the_documented_ones() {
    let s = run(&mut ten_exits(), &h1_2023());
    let json = serde_json::to_value(&s).unwrap();
    for key in [
        "took_part",
        "started",
        "ended",
        "ongoing_at_end",
        "age_at_start",
        "exits_by_reason",
        "outcome",
        "anonymous_after_support",
        "progression",
        "sustainability",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(
        json["took_part"],
        serde_json::json!({"women": 5, "men": 5, "other": 0, "total": 10})
    );
    assert_eq!(json["age_at_start"][0]["from"], serde_json::Value::Null);
    assert_eq!(json["age_at_start"][0]["to"], 19);
    assert_eq!(json["outcome"]["share"], 0.4);
    assert_eq!(json["outcome"]["goal"], 0.35);
    assert_eq!(json["outcome"]["met"], true);
}

#[test]
fn monthly_series_per_coach() {
    let mut a = stay(1, Woman, "2023-01-15", Some(("2023-02-10", 3)));
    a.coach_id = Some(7);
    let mut b = stay(2, Man, "2023-02-01", None);
    b.coach_id = Some(8);
    let mut c = stay(3, Man, "2023-03-01", None);
    c.coach_id = None;
    let mut f = vec![a, b, c];
    f.sort_by_key(|f| f.participant_id);
    let p = Period::parse("2023-01-01", "2023-03-31").unwrap();
    let s = series(&f, p, Bucket::Month, Dimension::Coach);
    assert_eq!(s.buckets.len(), 3);
    assert_eq!(Bucket::Month.label(s.buckets[1]), "feb 2023");
    let row = |k| -> Vec<u32> {
        s.rows
            .iter()
            .find(|r| r.key == k)
            .unwrap()
            .cells
            .iter()
            .map(|c| c.value())
            .collect()
    };
    assert_eq!(row(Some(7)), [1, 1, 0]);
    assert_eq!(row(Some(8)), [0, 1, 1]);
    assert_eq!(row(None), [0, 0, 1]);
    let halves = Bucket::HalfYear.split(Period::parse("2022-03-01", "2023-08-31").unwrap());
    assert_eq!(
        halves
            .iter()
            .map(|h| Bucket::HalfYear.label(*h))
            .collect::<Vec<_>>(),
        [
            "första halvåret 2022",
            "andra halvåret 2022",
            "första halvåret 2023",
            "andra halvåret 2023"
        ]
    );
    assert_eq!(halves[0].from, date!(2022 - 03 - 01));
    assert_eq!(halves[3].to, date!(2023 - 08 - 31));
}

#[test]
fn national_counts_per_intervention_and_year() {
    let mut f = vec![
        stay(1, Woman, "2022-05-01", Some(("2023-02-01", 3))),
        stay(2, Man, "2023-03-01", None),
        stay(2, Man, "2023-09-01", None),
    ];
    f[2].intervention_id = 2;
    let rows = national_counts(&f, &[2022, 2023], &[1, 2]);
    let of = |y, i| {
        rows.iter()
            .find(|r| r.year == y && r.intervention_id == i)
            .unwrap()
    };
    assert_eq!(shown(of(2022, 1).counts), [1, 0, 0, 1]);
    assert_eq!(shown(of(2023, 1).counts), [1, 1, 0, 2]);
    assert_eq!(shown(of(2023, 2).counts), [0, 1, 0, 1]);
}

#[test]
fn after_support_counts_registered_people_and_anonymous_counts_together() {
    let mut f = vec![
        // Exited to work in December; after-support runs into the period.
        stay(1, Woman, "2022-01-10", Some(("2022-12-01", ARBETE))),
        // After-support ended before the period.
        stay(2, Man, "2021-01-10", Some(("2022-03-01", ARBETE))),
        // Still in the intervention, after-support from May.
        stay(3, Man, "2022-09-01", None),
    ];
    f[0].after_support = Some((d("2022-12-01"), d("2023-06-01")));
    f[1].after_support = Some((d("2022-03-01"), d("2022-09-01")));
    f[2].after_support = Some((d("2023-05-02"), d("2023-11-02")));
    let anonymous = [AnonymousCount {
        id: 1,
        intervention_id: 1,
        intervention: "SE".into(),
        from: d("2023-01-01"),
        to: d("2023-06-30"),
        women: 20,
        men: 3,
        other: 0,
    }];
    f.sort_by_key(|f| (f.participant_id, f.start));
    let s = compute(&f, &anonymous, &reasons(), &h1_2023());
    assert_eq!(shown(s.after_support_registered), [1, 1, 0, 2]);
    assert_eq!(shown(s.anonymous_after_support), [20, 3, 0, 23]);
    assert_eq!(shown(s.after_support), [21, 4, 0, 25]);
    // Protected, the men's 3 and 1 go, and with them what would give them back.
    let p = s.protect();
    assert_eq!(p.after_support.total.shown(), Some(25));
    assert_eq!(p.after_support_registered.men.shown(), None);
    assert_eq!(p.anonymous_after_support.men.shown(), None);
    assert_eq!(p.after_support.men.shown(), None);
}
