//! The förbund's registers: a direct procurement judged by the rules of its day (60 000 kr
//! with two suppliers asked is flagged under the 2022 guideline, not under the law of 2021);
//! a request for public documents warned of when not handled by the next working day, and
//! refused when its text holds a personnummer. Kept only by the director, read by the board,
//! downloaded as a workbook. The goal table measured from the same figures as the
//! statistics; the retention plan run; deviations kept free of personal data.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use samordna_domain::access::audit::Actor;
use samordna_domain::participants::record::Viewer;
use samordna_store::participants::EpisodeFilter;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const STAYS_HEADER: &str = "id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter\n";

async fn spawn(backend: Backend) -> TestApp {
    let (store, _) = store_for(backend).await;
    samordna::demo::load(&*store).await.unwrap();
    spawn_on(store, "http://127.0.0.1").await
}

async fn post(app: &TestApp, c: &Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf(c).await;
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    fields.extend_from_slice(form);
    c.post(app.url(path)).form(&fields).send().await.unwrap()
}

async fn a_procurement_is_judged_by_the_rules_of_its_day(backend: Backend) {
    let app = spawn(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    for day in ["2023-05-02", "2021-05-03"] {
        let res = post(
            &app,
            &director,
            "/o/hoglandet/procurements",
            &[
                ("day", day),
                ("what", &format!("Handledning {day}")),
                ("amount", "60 000"),
                ("asked", "2"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{day}");
    }
    // Bad input: every field named, nothing kept.
    let before = app.page(&director, "/o/hoglandet/procurements").await;
    let res = post(
        &app,
        &director,
        "/o/hoglandet/procurements",
        &[
            ("day", "2023-13-01"),
            ("what", ""),
            ("amount", "mycket"),
            ("asked", "2"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    for named in ["2023-13-01", "Vad som köptes", "mycket"] {
        assert!(page.contains(named), "{named}");
    }
    // The board reads the register, with the same judgement in the workbook.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app.page(&board, "/o/hoglandet/procurements").await;
    assert_eq!(
        page.matches(" tillfrågade").count(),
        before.matches(" tillfrågade").count(),
        "the refused form kept nothing"
    );
    assert!(page.contains("60 000 kr · 2 tillfrågade, inte annonserad, inte dokumenterad"));
    assert!(!page.contains("name=\"amount\""), "the board reads only");
    let res = board
        .get(app.url("/o/hoglandet/procurements?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rows = samordna_reports::read::table(&res.bytes().await.unwrap()).unwrap();
    let verdict = |what: &str| {
        let r = rows
            .iter()
            .find(|r| r[1] == what)
            .unwrap_or_else(|| panic!("{what} in {rows:?}"));
        (r[2].clone(), r[6].clone(), r[7].clone())
    };
    let (amount, now, rules) = verdict("Handledning 2023-05-02");
    assert_eq!(amount, "60000");
    assert_eq!(now, "Minst 3 leverantörer ska tillfrågas.");
    assert!(rules.contains("från 2022-01-01"), "{rules}");
    let (_, then, rules) = verdict("Handledning 2021-05-03");
    assert_eq!(then, "Följer reglerna.");
    assert!(rules.contains("2020–2021"), "{rules}");
    // Only the director changes the register.
    let res = post(
        &app,
        &board,
        "/o/hoglandet/procurements",
        &[
            ("day", "2023-05-02"),
            ("what", "X"),
            ("amount", "1"),
            ("asked", "1"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

async fn a_request_not_handled_by_the_next_working_day_is_warned_of(backend: Backend) {
    let app = spawn(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    // The demo's request of 2023-12-01 is still open, long after its day.
    let page = app.page(&director, "/o/hoglandet/requests").await;
    assert!(page.contains("Inte handlagda i tid: 1."), "{page}");
    assert!(page.contains("skulle ha handlagts senast 2023-12-04"));
    // A personnummer in the text is refused, naming the field; nothing is kept. (A
    // participant's name is refused the same way: the domain's unit test.)
    let org = app.store.org_by_slug("hoglandet").await.unwrap().id;
    let what = "Journalanteckningar om 19121212-1212".to_string();
    let before = app.store.document_requests(org).await.unwrap().len();
    let res = post(
        &app,
        &director,
        "/o/hoglandet/requests",
        &[("received", "2024-03-28"), ("what", &what)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Vilka handlingar"));
    assert_eq!(
        app.store.document_requests(org).await.unwrap().len(),
        before
    );
    // A request of the Thursday before Easter is due on the Tuesday after; decided then, it
    // is on time.
    let res = post(
        &app,
        &director,
        "/o/hoglandet/requests",
        &[("received", "2024-03-28"), ("what", "Budget 2024–2026")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let kept = app.store.document_requests(org).await.unwrap();
    let new = kept
        .iter()
        .find(|k| k.request.what == "Budget 2024–2026")
        .unwrap();
    assert_eq!(new.request.handle_by(), time::macros::date!(2024 - 04 - 02));
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/requests/{}/decide", new.id),
        &[("outcome", "released"), ("decided_on", "2024-03-01")],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "before it came in"
    );
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/requests/{}/decide", new.id),
        &[("outcome", "released"), ("decided_on", "2024-04-02")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The board reads it, decided on time, in the workbook too.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let res = board
        .get(app.url("/o/hoglandet/requests?format=xlsx"))
        .send()
        .await
        .unwrap();
    let rows = samordna_reports::read::table(&res.bytes().await.unwrap()).unwrap();
    let row = rows.iter().find(|r| r[2] == "Budget 2024–2026").unwrap();
    assert_eq!(
        (row[1].as_str(), row[3].as_str(), row[4].as_str()),
        ("Anonym", "2024-04-02", "Lämnas ut 2024-04-02")
    );
}

per_backend!(
    a_procurement_is_judged_by_the_rules_of_its_day,
    a_request_not_handled_by_the_next_working_day_is_warned_of,
);

/// The share of an intervention's exits to work or studies in the goal table, from the API.
async fn goal_value(app: &TestApp, token: &str, year: i32, sub: &str) -> (Value, Value) {
    let res = client()
        .get(app.url(&format!("/api/v1/orgs/hoglandet/goals?year={year}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let goals: Vec<Value> = res.json().await.unwrap();
    let g = goals
        .iter()
        .find(|g| g["name"] == sub)
        .unwrap_or_else(|| panic!("{sub} in {goals:?}"));
    assert_eq!(g["source"], "computed");
    (g["value"].clone(), g["last_year"]["value"].clone())
}

/// The command line's share for SE-Höglandet in a year.
fn stats_share(url: &str, year: i32) -> Value {
    let out = cli(
        url,
        &[
            "--identity-key",
            TEST_KEY,
            "stats",
            "--org",
            "hoglandet",
            "--insats",
            "se-hoglandet",
            "--from",
            &format!("{year}-01-01"),
            "--to",
            &format!("{year}-12-31"),
            "--format",
            "json",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    json["outcome"]["share"].clone()
}

async fn a_goal_measured_from_the_data_equals_the_statistics(backend: Backend) {
    let (store, url) = store_for(backend).await;
    samordna::demo::load_with_history(&*store).await.unwrap();
    let app = spawn_on(store, "http://127.0.0.1").await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let sub = "Fler deltagare går till arbete eller studier";
    let res = post(
        &app,
        &director,
        "/o/hoglandet/goals",
        &[
            ("year", "2023"),
            ("main", "Verka för arbete"),
            ("sub", sub),
            ("source", "exits:se-hoglandet"),
            ("aim", "minst 35 %"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let token = app.token("styrelse@hoglandet.demo").await;
    let (now, before) = goal_value(&app, &token, 2023, sub).await;
    assert!(now.as_f64().is_some(), "{now}");
    assert_eq!(now, stats_share(&url, 2023));
    assert_eq!(before, stats_share(&url, 2022));

    // More participants, all of whom left for work in 2023: both move, and stay equal.
    let mut csv = String::from(STAYS_HEADER);
    for i in 0..12 {
        csv += &format!(
            "GO-{i};kvinna;1990;Eksjö;se-hoglandet;;2023-02-01;2023-10-31;arbete;försörjningsstöd;lön\n"
        );
    }
    let org = app.org_id().await;
    let lookups = samordna_app::participants::import_lookups(&*app.store, org)
        .await
        .unwrap();
    let rows = samordna_app::participants::parse_file(csv.as_bytes(), &lookups).unwrap();
    app.store
        .import_participants(org, &Actor::system("test"), &rows)
        .await
        .unwrap();
    let (after, _) = goal_value(&app, &token, 2023, sub).await;
    assert!(after.as_f64() > now.as_f64(), "{now} → {after}");
    assert_eq!(after, stats_share(&url, 2023));

    // The page shows it against the target, in Swedish.
    let page = app.page(&director, "/o/hoglandet/goals?year=2023").await;
    let percent =
        samordna_domain::format::percent_bp((after.as_f64().unwrap() * 10_000.0).round() as i64);
    assert!(page.contains(&percent), "{percent}");
    // A target in the wrong unit is refused, naming it; nothing is kept.
    let res = post(
        &app,
        &director,
        "/o/hoglandet/goals",
        &[
            ("year", "2023"),
            ("main", "Verka för arbete"),
            ("sub", "Fel enhet"),
            ("source", "exits:se-hoglandet"),
            ("aim", "minst 35"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("minst 35"));
    assert_eq!(app.store.goals(org, 2023).await.unwrap().len(), 1);
}

async fn the_demo_plan_2024_shows_values_for_2023(backend: Backend) {
    let (store, _) = store_for(backend).await;
    samordna::demo::load_with_history(&*store).await.unwrap();
    let app = spawn_on(store, "http://127.0.0.1").await;
    let token = app.token("styrelse@hoglandet.demo").await;
    let res = client()
        .get(app.url("/api/v1/orgs/hoglandet/goals?year=2024"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let goals: Vec<Value> = res.json().await.unwrap();
    let find = |from: &str| {
        goals
            .iter()
            .find(|g| g["computed_from"] == from)
            .unwrap_or_else(|| panic!("{from}"))
    };
    // 2024's budget: 56,2 % to individual interventions (003 §6), met.
    let budget = find("budget:individual");
    assert_eq!(budget["value_text"], "56,2 %");
    assert_eq!(budget["met"], true);
    assert_eq!(find("budget:administration")["value_text"], "18,7 %");
    // Asked about violence from the autumn of 2023; a deviation registered in each year.
    assert!(find("violence")["last_year"]["value"].as_f64().unwrap() >= 5.0);
    assert_eq!(find("deviations")["last_year"]["value"], 1.0);
    // A typed value: the latest of 2023 is beside 2024's, which has none yet.
    let typed = goals
        .iter()
        .find(|g| g["name"].as_str().unwrap().starts_with("Samtliga parter"))
        .unwrap();
    assert_eq!(typed["source"], "typed");
    assert_eq!(typed["last_year"]["value_text"], "64 %");
    assert_eq!(typed["last_year"]["met"], false);
    assert_eq!(typed["met"], Value::Null);
    // A year that is no year is named.
    let res = client()
        .get(app.url("/api/v1/orgs/hoglandet/goals?year=tjugo"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("year"));
}

/// The period statistics of every intervention in each year, as the command line gives them.
fn every_year(url: &str) -> Vec<String> {
    (2019..=2026)
        .map(|y| {
            cli(
                url,
                &[
                    "--identity-key",
                    TEST_KEY,
                    "stats",
                    "--org",
                    "hoglandet",
                    "--from",
                    &format!("{y}-01-01"),
                    "--to",
                    &format!("{y}-12-31"),
                    "--format",
                    "json",
                ],
                None,
            )
        })
        .collect()
}

fn retention(url: &str, dry_run: bool) -> BTreeSet<String> {
    let mut args = vec![
        "--identity-key",
        TEST_KEY,
        "retention",
        "run",
        "--org",
        "hoglandet",
    ];
    if dry_run {
        args.push("--dry-run");
    }
    cli(url, &args, None)
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap().to_string())
        .collect()
}

async fn retention_erases_exactly_the_records_past_the_plan(backend: Backend) {
    let (store, url) = store_for(backend).await;
    samordna::demo::load_with_history(&*store).await.unwrap();
    let org = store.org_by_slug("hoglandet").await.unwrap().id;
    // Who is past the demo plan's 36 months, worked out from the stays themselves.
    let viewer = Viewer::system("test");
    let before = samordna_domain::dates::add_months(samordna_app::today(), -36);
    let mut last: BTreeMap<i64, (String, Option<time::Date>, bool)> = BTreeMap::new();
    for e in store
        .episodes(org, &viewer, &EpisodeFilter::default())
        .await
        .unwrap()
    {
        let p = last
            .entry(e.participant_id)
            .or_insert((e.participant_code.clone(), None, true));
        p.2 &= e.deregistered_on.is_some();
        p.1 = p.1.max(e.deregistered_on);
    }
    let expected: BTreeSet<String> = last
        .values()
        .filter(|(_, on, all)| *all && on.is_some_and(|d| d < before))
        .map(|(code, _, _)| code.clone())
        .collect();
    assert!(expected.len() > 10, "{expected:?}");
    assert!(last.len() > expected.len(), "someone is kept");
    let statistics = every_year(&url);

    // The dry run lists exactly them and erases no one.
    assert_eq!(retention(&url, true), expected);
    assert_eq!(retention(&url, true), expected);
    // The real run erases them, each audited; afterwards no one is due.
    assert_eq!(retention(&url, false), expected);
    assert!(retention(&url, true).is_empty());
    let erased_entries = store
        .list_audit(org, 100_000, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.entity == "participant" && a.detail.starts_with("erased"))
        .count();
    assert_eq!(erased_entries, expected.len());
    let (id, _) = last.iter().find(|(_, p)| expected.contains(&p.0)).unwrap();
    let record = store.participant(org, &viewer, *id).await.unwrap();
    assert!(record.participant.erased && !record.participant.has_identity);
    assert!(record.participant.code.starts_with("raderad-"));
    // The anonymous statistics of every year are what they were, and the summaries agree
    // with the stays they were made from.
    assert_eq!(every_year(&url), statistics);
    cli(&url, &["--identity-key", TEST_KEY, "check"], None);
}

async fn deviations_are_registered_without_names(backend: Backend) {
    let app = spawn(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    let kept = app.store.deviations(org).await.unwrap().len();
    let res = post(
        &app,
        &director,
        "/o/hoglandet/deviations",
        &[
            ("on", "2024-03-04"),
            ("happened", "Fel mottagare av brev om 19121212-1212"),
            ("status", "open"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Vad som hände"));
    assert_eq!(app.store.deviations(org).await.unwrap().len(), kept);
    let res = post(
        &app,
        &director,
        "/o/hoglandet/deviations",
        &[
            ("on", "2024-03-04"),
            ("happened", "Brev till fel mottagare"),
            ("measure", "Rutin för adresskontroll"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let new = app.store.deviations(org).await.unwrap()[0].clone();
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/deviations/{}/status", new.id),
        &[("status", "closed")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The board reads it, in the workbook too, and cannot change it.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let res = board
        .get(app.url("/o/hoglandet/deviations?format=xlsx"))
        .send()
        .await
        .unwrap();
    let rows = samordna_reports::read::table(&res.bytes().await.unwrap()).unwrap();
    let row = rows
        .iter()
        .find(|r| r[1] == "Brev till fel mottagare")
        .unwrap();
    assert_eq!(
        (row[0].as_str(), row[4].as_str()),
        ("2024-03-04", "Avslutad")
    );
    let res = post(
        &app,
        &board,
        &format!("/o/hoglandet/deviations/{}/status", new.id),
        &[("status", "open")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

per_backend!(
    a_goal_measured_from_the_data_equals_the_statistics,
    the_demo_plan_2024_shows_values_for_2023,
    retention_erases_exactly_the_records_past_the_plan,
    deviations_are_registered_without_names,
);

async fn a_submitted_coordinator_report_puts_the_reports_in(backend: Backend) {
    let app = spawn(backend).await;
    let org = app.org_id().await;
    let eksjo = app
        .store
        .list_agreements(org)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.intervention == "Uppdrag Samverkan" && a.municipality == "Eksjö kommun")
        .unwrap();
    let aneby = app
        .store
        .list_agreements(org)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.intervention == "Uppdrag Samverkan" && a.municipality == "Aneby kommun")
        .unwrap();
    let reports_on = |year| {
        let store = app.store.clone();
        let id = eksjo.id;
        async move {
            store
                .approvals(org, year)
                .await
                .unwrap()
                .into_iter()
                .find(|(a, half, _)| *a == id && *half == 2)
                .and_then(|(_, _, ap)| ap.reports_on)
        }
    };
    assert_eq!(reports_on(2025).await, None);
    let (coordinator, _) = app.login("koordinator@hoglandet.demo").await;
    let path = format!("/o/hoglandet/coordination/{}/2025/2", eksjo.id);
    let mut form: Vec<(String, String)> = (1..=12)
        .map(|n| (format!("answer-{n}"), "ja".to_string()))
        .collect();
    form.push(("how-1".into(), "Samverkansgruppen träffades".into()));
    form.push(("action".into(), "submit".into()));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // A draft first: the payout still waits.
    let draft: Vec<(&str, &str)> = vec![("answer-1", "ja"), ("action", "save")];
    assert_eq!(
        post(&app, &coordinator, &path, &draft).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(reports_on(2025).await, None);
    assert_eq!(
        post(&app, &coordinator, &path, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(reports_on(2025).await, Some(samordna_app::today()));
    // Submitted once: not changed afterwards.
    let res = post(&app, &coordinator, &path, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Only one's own municipality; the board reads the compiled reports.
    let other = format!("/o/hoglandet/coordination/{}/2025/2", aneby.id);
    assert_eq!(
        coordinator
            .get(app.url(&other))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    assert_eq!(
        post(&app, &board, &path, &fields).await.status(),
        StatusCode::FORBIDDEN
    );
    let page = app
        .page(
            &board,
            "/o/hoglandet/coordination/compiled?year=2025&half=2",
        )
        .await;
    assert!(page.contains("Ja – Samverkansgruppen träffades"), "{page}");
}

per_backend!(a_submitted_coordinator_report_puts_the_reports_in);

async fn an_action_plan_shows_what_is_late(backend: Backend) {
    let app = spawn(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    // Samverk Höglandet's plan of 2023: the dialogue with the region is still open.
    let page = app.page(&director, "/o/hoglandet/action-plans").await;
    assert!(page.contains("Handlingsplan Uppdrag samverkan 2023"));
    assert_eq!(page.matches("class=\"late\">Försenad").count(), 1, "{page}");
    let plan = app.store.action_plans(org).await.unwrap()[0].clone();
    let count = plan.activities.len();
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/action-plans/{}/activities", plan.id),
        &[
            ("activity", "Samverkansdag"),
            ("from", "2024-05-01"),
            ("to", "2024-04-01"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("2024-04-01"));
    assert_eq!(
        app.store.action_plans(org).await.unwrap()[0]
            .activities
            .len(),
        count
    );
    let late = plan
        .activities
        .iter()
        .find(|a| a.activity.status == samordna_domain::plans::actions::Status::Ongoing)
        .unwrap();
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/action-plans/activities/{}/status", late.id),
        &[("status", "done"), ("comment", "Genomförd i november")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.page(&director, "/o/hoglandet/action-plans").await;
    assert!(!page.contains("class=\"late\">Försenad"));
    // The board reads the workbook and changes nothing.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let res = board
        .get(app.url("/o/hoglandet/action-plans?format=xlsx"))
        .send()
        .await
        .unwrap();
    let rows = samordna_reports::read::table(&res.bytes().await.unwrap()).unwrap();
    let row = rows
        .iter()
        .find(|r| r[4].starts_with("Planera och genomföra samverkansdialog"))
        .unwrap();
    assert_eq!(
        (row[8].as_str(), row[9].as_str()),
        ("Genomförd", "Genomförd i november")
    );
    let res = post(
        &app,
        &board,
        &format!("/o/hoglandet/action-plans/activities/{}/status", late.id),
        &[("status", "planned")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

per_backend!(an_action_plan_shows_what_is_late);

async fn a_description_is_kept_in_versions_with_their_decisions(backend: Backend) {
    let app = spawn(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    let se = app
        .store
        .get_intervention(org, "se-hoglandet")
        .await
        .unwrap();
    let versions = app.store.description_versions(org, se.id).await.unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| v.adopted_on.to_string())
            .collect::<Vec<_>>(),
        ["2023-08-31", "2020-11-20"]
    );
    assert_eq!(
        versions[0].description, se.fields.description,
        "the newest applies"
    );
    // A LIV insats's version needs all four parts: refused, naming them, nothing kept.
    let path = "/o/hoglandet/interventions/se-hoglandet/descriptions";
    let res = post(
        &app,
        &director,
        path,
        &[
            ("goal", "Minst 40 % till arbete eller studier."),
            ("adopted_on", "2024-11-15"),
            ("decision", "Styrelsen 2024-11-15 §7"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Målgrupp"));
    assert_eq!(
        app.store
            .description_versions(org, se.id)
            .await
            .unwrap()
            .len(),
        2
    );
    let d = &se.fields.description;
    let res = post(
        &app,
        &director,
        path,
        &[
            ("goal", "Minst 40 % till arbete eller studier."),
            ("target_group", &d.target_group),
            ("content", &d.content),
            ("follow_up", &d.follow_up),
            ("adopted_on", "2024-11-15"),
            ("decision", "Styrelsen 2024-11-15 §7"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let now = app
        .store
        .get_intervention(org, "se-hoglandet")
        .await
        .unwrap();
    assert_eq!(
        now.fields.description.goal,
        "Minst 40 % till arbete eller studier."
    );
    // Everyone of the förbund reads the versions; only the director adds one.
    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let page = app.page(&coach, path).await;
    assert!(page.contains("Antagen 2024-11-15") && page.contains("Styrelsen 2024-11-15 §7"));
    assert!(page.contains("Antagen 2020-11-20"));
    assert!(!page.contains("name=\"decision\""));
}

per_backend!(a_description_is_kept_in_versions_with_their_decisions);
