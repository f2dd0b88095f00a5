//! Statistics end to end: hand-countable stays imported into the demo förbund, then the same
//! figures through the page (exact for the director, inside the scope for a coach, protected
//! for the board), the API (always protected), the files and the command line.

use crate::helpers::*;
use reqwest::StatusCode;
use samordna_domain::access::audit::Actor;
use serde_json::Value;

/// First half of 2023 in SE-Höglandet, counted by hand:
/// - Eksjö: 7 women start 2023-02-01; 3 leave for work 2023-05-31, 4 go on.
/// - Nässjö: 6 men since 2022-03-01 (so also in the first half of 2022); 2 leave for studies 2023-03-31, 4 go on.
/// - Vetlanda (outside the demo coach's scope): 3 "annat" start 2023-03-01 and go on.
///
/// Took part 7 + 6 + 3 = 16; started 7 + 0 + 3 = 10; ended 3 + 2 = 5, all to work or
/// studies; ongoing on 30 June 4 + 4 + 3 = 11.
const STAYS: &str = "id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter\n";

fn stays_file() -> String {
    let mut csv = String::from(STAYS);
    for i in 0..7 {
        let end = if i < 3 { "2023-05-31;arbete" } else { ";" };
        let after = if i < 3 { "lön" } else { "" };
        csv += &format!(
            "ST-W{i};kvinna;1999;Eksjö;se-hoglandet;;2023-02-01;{end};försörjningsstöd;{after}\n"
        );
    }
    for i in 0..6 {
        let end = if i < 2 { "2023-03-31;studier" } else { ";" };
        csv += &format!("ST-M{i};man;1980;Nässjö;se-hoglandet;;2022-03-01;{end};sjukpenning;\n");
    }
    for i in 0..3 {
        csv += &format!("ST-O{i};annat;2001;Vetlanda;se-hoglandet;;2023-03-01;;;aktivitetsstöd;\n");
    }
    csv
}

async fn app_with_stays(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let lookups = samordna_app::participants::import_lookups(&*app.store, org)
        .await
        .unwrap();
    let rows = samordna_app::participants::parse_file(stays_file().as_bytes(), &lookups).unwrap();
    app.store
        .import_participants(org, &Actor::system("test"), &rows)
        .await
        .unwrap();
    app
}

const H1: &str = "from=2023-01-01&to=2023-06-30&intervention=se-hoglandet";

fn counts(v: &Value) -> [Value; 4] {
    ["women", "men", "other", "total"].map(|k| v[k].clone())
}

fn n(x: u32) -> Value {
    Value::from(x)
}

async fn the_director_sees_exact_figures_the_board_sees_small_counts_hidden(backend: Backend) {
    let app = app_with_stays(backend).await;

    // The director's page: exact counts, last year's in parentheses.
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let page = app
        .page(&director, &format!("/o/hoglandet/stats?{H1}"))
        .await;
    let row = |label: &str| -> Vec<String> {
        let at = page
            .find(&format!("<th scope=\"row\">{label}</th>"))
            .unwrap_or_else(|| panic!("{label}"));
        page[at..page[at..].find("</tr>").unwrap() + at]
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        row("Deltog minst en dag"),
        ["7 (0)", "6 (6)", "3 (0)", "16 (6)"]
    );
    assert_eq!(
        row("Varav nya (startade)"),
        ["7 (0)", "0 (6)", "3 (0)", "10 (6)"]
    );
    assert_eq!(row("Avslutade"), ["3 (0)", "2 (0)", "0 (0)", "5 (0)"]);
    assert_eq!(
        row("Pågående vid periodens slut"),
        ["4 (0)", "4 (6)", "3 (0)", "11 (6)"]
    );
    assert!(
        page.contains("<svg role=\"img\""),
        "the chart is in the page"
    );
    assert!(
        page.contains("100 %") && page.contains("35 %"),
        "share and goal"
    );

    // The coach sees only Eksjö and Nässjö, exactly.
    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let page = app.page(&coach, &format!("/o/hoglandet/stats?{H1}")).await;
    assert!(page.contains("<th scope=\"row\">Deltog minst en dag</th><td class=\"num\">7 (0)</td><td class=\"num\">6 (6)</td><td class=\"num\">0 (0)</td><td class=\"num\">13 (6)</td>"));

    // The board: 3 is "<5"; the men's 6 is hidden too, or 16 − 7 − 6 would give the 3.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app.page(&board, &format!("/o/hoglandet/stats?{H1}")).await;
    assert!(page.contains("<th scope=\"row\">Deltog minst en dag</th><td class=\"num\">7 (0)</td><td class=\"num\">.. (6)</td><td class=\"num\">&lt;5 (0)</td><td class=\"num\">16 (6)</td>"), "{page}");
    assert!(!page.contains(">3 (0)<"));

    // The API hides small counts for every role, the director's token too.
    let token = app.token("chef@hoglandet.demo").await;
    let res = client()
        .get(app.url(&format!("/api/v1/orgs/hoglandet/stats?{H1}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let json: Value = res.json().await.unwrap();
    assert_eq!(
        counts(&json["took_part"]),
        [n(7), "..".into(), "<5".into(), n(16)]
    );
    // 10 − 0 − 7 would give the 3: the 7 goes, not the 0, which protects nothing.
    assert_eq!(
        counts(&json["started"]),
        ["..".into(), n(0), "<5".into(), n(10)]
    );
    // 3 women and 2 men ended: both hidden, their sum 5 shown (it gives neither away).
    assert_eq!(
        counts(&json["ended"]),
        ["<5".into(), "<5".into(), n(0), n(5)]
    );
    assert_eq!(json["outcome"]["ended"], 5);
    assert_eq!(json["outcome"]["goal"], 0.35);
    assert_eq!(json["protected"], true);
    assert_eq!(
        counts(&json["previous_year"]["took_part"]),
        [n(0), n(6), n(0), n(6)]
    );

    // A question that does not parse is named.
    let res = client()
        .get(app.url("/api/v1/orgs/hoglandet/stats?from=2023-13-01&age_bins=30-,20-24"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("from") && body.contains("age_bins"), "{body}");
}
per_backend!(the_director_sees_exact_figures_the_board_sees_small_counts_hidden);

#[tokio::test]
async fn the_tables_download_as_excel_and_csv() {
    let app = app_with_stays(Backend::Sqlite).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let get = |format: &'static str| {
        director
            .get(app.url(&format!("/o/hoglandet/stats?{H1}&format={format}")))
            .send()
    };
    let xlsx = get("xlsx").await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap();
    let sheet = samordna_reports::read::table(&bytes).unwrap();
    assert_eq!(sheet[0][1], "Kvinnor");
    let took_part = sheet
        .iter()
        .find(|r| r[0] == "Deltog minst en dag")
        .unwrap();
    assert_eq!(took_part[1..5], ["7", "6", "3", "16"]);
    let csv = String::from_utf8(get("csv").await.unwrap().bytes().await.unwrap().to_vec()).unwrap();
    assert!(csv.starts_with("\u{feff}Deltagare\r\n"));
    assert!(
        csv.contains("Deltog minst en dag;7;6;3;16;0;6;0;6\r\n"),
        "{csv}"
    );
    assert!(csv.contains("Arbete (även med lönestöd);3;0;0;3;"));

    // Participants per intervention and gender in 2023 for Uppföljning Finsam.
    let national = director
        .get(app.url("/o/hoglandet/stats/national?year=2023&format=csv"))
        .send()
        .await
        .unwrap();
    let text = national.text().await.unwrap();
    assert!(text.contains("2023;SE-Höglandet;7;6;3;16"), "{text}");
}

#[tokio::test]
async fn the_command_line_gives_the_same_figures() {
    let dir = temp_dir();
    let db = format!("sqlite://{}", dir.join("s.db").display());
    std::fs::write(dir.join("stays.csv"), stays_file()).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_samordna"))
            .arg("--database")
            .arg(&db)
            .env("SAMORDNA_IDENTITY_KEY_FILE", dir.join("key"))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["demo", "--no-history"]).status.success());
    let stays = dir.join("stays.csv");
    assert!(run(&[
        "import",
        "participants",
        "--org",
        "hoglandet",
        stays.to_str().unwrap()
    ])
    .status
    .success());
    let out = run(&[
        "stats",
        "--org",
        "hoglandet",
        "--insats",
        "se-hoglandet",
        "--from",
        "2023-01-01",
        "--to",
        "2023-06-30",
        "--age-bins",
        "-19,20-24,25-29,30-",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Exact on the command line of the server.
    assert_eq!(counts(&json["took_part"]), [n(7), n(6), n(3), n(16)]);
    assert_eq!(counts(&json["ongoing_at_end"]), [n(4), n(4), n(3), n(11)]);
    // Born 1999 and started 2023: 24; born 2001: 22. Both in 20–24.
    assert_eq!(json["age_at_start"][1]["from"], 20);
    assert_eq!(counts(&json["age_at_start"][1]), [n(7), n(0), n(3), n(10)]);
    assert_eq!(json["outcome"]["to_work_or_studies"], 5);
    assert_eq!(json["outcome"]["met"], true);
    assert_eq!(json["income"]["no_public_support_at_exit"], 3);

    // All förbund together: aggregates only.
    let out = run(&[
        "stats",
        "--all-orgs",
        "--from",
        "2023-01-01",
        "--to",
        "2023-06-30",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["protected"], true);
    assert_eq!(json["took_part"]["other"], "<5");

    // A bad question is named and nothing else happens.
    let out = run(&[
        "stats",
        "--org",
        "hoglandet",
        "--from",
        "2023-06-30",
        "--to",
        "2023-01-01",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2023-01-01"));
}

async fn the_facts_respect_scope_and_forbund_on_both_backends(backend: Backend) {
    use samordna_domain::access::roles::Scope;
    use samordna_domain::participants::record::Visibility;
    use samordna_store::FactFilter;
    let app = app_with_stays(backend).await;
    let org = app.org_id().await;
    let filter = |org| FactFilter {
        org,
        intervention_id: None,
        municipality_id: None,
        coach_id: None,
        from: time::macros::date!(2023 - 01 - 01),
        to: time::macros::date!(2023 - 06 - 30),
    };
    let all = app
        .store
        .stat_facts(&filter(Some(org)), &Visibility::All)
        .await
        .unwrap();
    assert_eq!(all.len(), 16);
    assert!(all
        .windows(2)
        .all(|w| w[0].participant_id <= w[1].participant_id));
    let eksjo = all
        .iter()
        .find(|f| f.gender == samordna_domain::participants::Gender::Woman)
        .unwrap()
        .municipality_id;
    let scoped = Visibility::Scoped(Scope {
        interventions: vec![],
        municipalities: vec![eksjo],
    });
    assert_eq!(
        app.store
            .stat_facts(&filter(Some(org)), &scoped)
            .await
            .unwrap()
            .len(),
        7
    );
    let ended: Vec<_> = all.iter().filter(|f| f.end.is_some()).collect();
    assert_eq!(ended.len(), 5);
    assert!(ended.iter().all(|f| !f.income_start.is_empty()));
    // Another förbund's filter finds none of them.
    let other = samordna_domain::orgs::OrgId(org.0 + 1000);
    assert!(app
        .store
        .stat_facts(&filter(Some(other)), &Visibility::All)
        .await
        .unwrap()
        .is_empty());
}
per_backend!(the_facts_respect_scope_and_forbund_on_both_backends);

#[tokio::test]
async fn the_bench_data_loads_and_the_hand_made_query_counts_the_same_people() {
    let dir = temp_dir();
    let db = dir.join("bench.db");
    let url = format!("sqlite://{}", db.display());
    let data = dir.join("data");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_samordna"))
            .arg("--database")
            .arg(&url)
            .env("SAMORDNA_IDENTITY_KEY_FILE", dir.join("key"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let sqlite3 = |input: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new("sqlite3")
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the sqlite3 client (scripts/test-env installs it)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["migrate"]);
    let made = run(&[
        "bench-data",
        "--orgs",
        "2",
        "--years",
        "3",
        "--per-year",
        "60",
        "--out",
        data.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&made).contains("stays written"));
    sqlite3(&std::fs::read_to_string(data.join("load_sqlite.sql")).unwrap());
    let stays: usize = sqlite3("SELECT count(*) FROM episodes;")
        .trim()
        .parse()
        .unwrap();
    assert!((2 * 3 * 60..2 * 3 * 62).contains(&stays), "{stays}");
    // Loaded around the store: the summaries the statistics read are missing, which
    // `check` says, and `--repair` writes.
    let check = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_samordna"))
            .arg("--database")
            .arg(&url)
            .args(args)
            .output()
            .unwrap()
    };
    let started = sqlite3("SELECT count(*) FROM episodes WHERE start_date IS NOT NULL;");
    let missing = check(&["check"]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains(&format!("{} stays' summaries differ", started.trim())),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
    assert!(check(&["check", "--repair"]).status.success());
    assert!(check(&["check"]).status.success());

    let year = time::OffsetDateTime::now_utc().year() - 1;
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let json: Value = serde_json::from_slice(&run(&[
        "stats",
        "--all-orgs",
        "--from",
        &from,
        "--to",
        &to,
        "--format",
        "json",
    ]))
    .unwrap();
    let hand = include_str!("../bench/stats_hand.sql")
        .replace(":PFROM", &format!("'{}-01-01'", year - 1))
        .replace(":PTO", &format!("'{}-12-31'", year - 1))
        .replace(":FROM", &format!("'{from}'"))
        .replace(":TO", &format!("'{to}'"))
        .replace(":ORG", "1 = 1");
    let rows = sqlite3(&hand);
    let people: u64 = rows
        .lines()
        .map(|l| l.split('|').collect::<Vec<_>>())
        .filter(|c| c[0] == "people" && c[1] == "0")
        .map(|c| c[4].parse::<u64>().unwrap())
        .sum();
    assert!(people > 50);
    assert_eq!(json["took_part"]["total"], people);
    let ended: u64 = rows
        .lines()
        .map(|l| l.split('|').collect::<Vec<_>>())
        .filter(|c| c[0] == "people" && c[1] == "0")
        .map(|c| c[6].parse::<u64>().unwrap())
        .sum();
    assert_eq!(json["ended"]["total"], ended);
}

/// A question that cannot be answered says so next to the field (422), never a default;
/// a preset keeps the chosen intervention; with all interventions there is no empty goal row;
/// the Uppföljning Finsam file is the chosen year's; and when the board would see a chart of
/// hidden counts only, it gets a sentence instead.
async fn the_statistics_form_is_never_silent(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, _) = app.login("chef@hoglandet.demo").await;
    let res = c
        .get(app.url("/o/hoglandet/stats?from=2023-12-31&to=2023-01-01&intervention=se-hoglandet"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let page = res.text().await.unwrap();
    let to = &page[page.find("for=\"f-to\"").unwrap()..];
    assert!(
        to[..to.find("</div>").unwrap()].contains("class=\"error\" id=\"e-f-to\""),
        "{backend:?}: the error is at the field"
    );
    assert!(
        !page.contains("id=\"h-sec-1\""),
        "no figures for a wrong question"
    );
    assert!(page.contains("?from=2023-01-01&amp;to=2023-12-31&amp;intervention=se-hoglandet"));

    let page = app
        .page(
            &c,
            "/o/hoglandet/stats?from=2023-01-01&to=2023-12-31&intervention=se-hoglandet",
        )
        .await;
    assert!(page.contains("from=2023-01-01&amp;to=2023-06-30&amp;"));
    assert!(page.contains("intervention=se-hoglandet"));
    assert!(
        page.contains(">Mål</th>"),
        "{backend:?}: one intervention has its goal"
    );
    assert!(page.contains("/stats/national?year=2023"));

    let page = app
        .page(&c, "/o/hoglandet/stats?from=2023-01-01&to=2023-12-31")
        .await;
    assert!(
        !page.contains(">Mål</th>"),
        "{backend:?}: no goal for all together"
    );

    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app
        .page(&board, "/o/hoglandet/stats?intervention=se-hoglandet")
        .await;
    assert!(
        page.contains("Alla antal i diagrammet är färre än fem"),
        "{backend:?}: a sentence, not an empty chart"
    );
}
per_backend!(the_statistics_form_is_never_silent);

/// What the property test does to the demo's stays: indexes pick a stay (or a contact, a
/// follow-up, a reason) modulo how many there are then; days count from 2023-01-01.
#[derive(Debug, Clone)]
enum Op {
    Refer(usize),
    Start(usize, i64),
    Step(usize, u8, i64),
    Income(usize, i64, u16),
    Exit(usize, i64, usize, u16),
    AfterSupport(usize, i64),
    ContactDone(usize, usize, i64),
    FollowUp(usize, usize, i64, usize),
    Deregister(usize, i64),
}

fn ops() -> impl proptest::strategy::Strategy<Value = Vec<Op>> {
    use proptest::prelude::*;
    let i = || 0..1000usize;
    let day = || 0..1100i64;
    let op = prop_oneof![
        i().prop_map(Op::Refer),
        (i(), day()).prop_map(|(e, d)| Op::Start(e, d)),
        (i(), 1..=5u8, day()).prop_map(|(e, s, d)| Op::Step(e, s, d)),
        (i(), day(), any::<u16>()).prop_map(|(e, d, s)| Op::Income(e, d, s)),
        (i(), day(), i(), any::<u16>()).prop_map(|(e, d, r, s)| Op::Exit(e, d, r, s)),
        (i(), day()).prop_map(|(e, d)| Op::AfterSupport(e, d)),
        (i(), i(), day()).prop_map(|(e, c, d)| Op::ContactDone(e, c, d)),
        (i(), i(), day(), i()).prop_map(|(e, f, d, s)| Op::FollowUp(e, f, d, s)),
        (i(), day()).prop_map(|(e, d)| Op::Deregister(e, d)),
    ];
    proptest::collection::vec(op, 10..30)
}

/// The summary the statistics read never disagrees with the records: after the demo, after
/// any sequence of changes to stays (refused ones included) and after an import,
/// `check_facts` finds no stay whose summary differs from what its records say.
async fn the_stay_summaries_never_disagree_with_the_records(backend: Backend) {
    use proptest::strategy::{Strategy, ValueTree};
    use samordna_domain::participants::record::{Change, NewReferral, Viewer};
    use samordna_domain::participants::{IncomeSet, IncomeSource, Outcome};
    use samordna_store::EpisodeFilter;
    let app = spawn_app(backend).await;
    let (store, org) = (&*app.store, app.org_id().await);
    assert_eq!(store.check_facts(false).await.unwrap(), Vec::<i64>::new());
    let viewer = Viewer::system("test");
    let reasons = store.exit_reasons(org).await.unwrap();
    // A set as the forms give it: "none" only alone.
    let set = |bits: u16| {
        let mut set: std::collections::BTreeSet<_> = IncomeSource::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0 && !bits.is_multiple_of(3))
            .map(|(_, s)| s)
            .collect();
        if set.len() > 1 {
            set.remove(&IncomeSource::None);
        }
        IncomeSet(set)
    };
    let on = |d: i64| time::macros::date!(2023 - 01 - 01) + time::Duration::days(d);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for case in 0..6 {
        let ops = ops().new_tree(&mut runner).unwrap().current();
        for op in &ops {
            let stays = store
                .episodes(org, &viewer, &EpisodeFilter::default())
                .await
                .unwrap();
            let pick = |i: usize| &stays[i % stays.len()];
            let (stay, change) = match op {
                Op::Refer(i) => {
                    let s = pick(*i);
                    let referral = NewReferral {
                        intervention_id: s.intervention_id,
                        municipality_id: s.municipality_id,
                        referral_date: on(0),
                        referrer_id: None,
                    };
                    let _ = store.refer(org, &viewer, s.participant_id, &referral).await;
                    continue;
                }
                Op::Start(i, d) => (
                    pick(*i),
                    Change::Start {
                        on: on(*d),
                        coach_id: None,
                        income_before: set(*d as u16),
                        gk: d % 2 == 0,
                    },
                ),
                Op::Step(i, step, d) => (
                    pick(*i),
                    Change::Step {
                        step: *step,
                        on: on(*d),
                    },
                ),
                Op::Income(i, d, s) => (
                    pick(*i),
                    Change::Income {
                        on: on(*d),
                        sources: set(*s),
                    },
                ),
                Op::Exit(i, d, r, s) => (
                    pick(*i),
                    Change::Exit {
                        on: on(*d),
                        reason: reasons[r % reasons.len()].clone(),
                        income_after: set(*s),
                        occupation: String::new(),
                    },
                ),
                Op::AfterSupport(i, d) => (pick(*i), Change::AfterSupport { from: on(*d) }),
                Op::ContactDone(i, c, d) => {
                    let s = pick(*i);
                    let Some(contact) = s.after_support.get(c % s.after_support.len().max(1))
                    else {
                        continue;
                    };
                    (
                        s,
                        Change::ContactDone {
                            contact_id: contact.id,
                            on: on(*d),
                        },
                    )
                }
                Op::FollowUp(i, f, d, status) => {
                    let s = pick(*i);
                    let Some(f) = s.follow_ups.get(f % s.follow_ups.len().max(1)) else {
                        continue;
                    };
                    let change = Change::FollowUp {
                        follow_up_id: f.id,
                        on: on(*d),
                        status: Outcome::ALL[status % 3],
                        income: set(*d as u16),
                    };
                    (s, change)
                }
                Op::Deregister(i, d) => (pick(*i), Change::Deregister { on: on(*d) }),
            };
            // Refused changes (a step before the start, an exit twice) are part of the test:
            // they must leave the summary as it was.
            let _ = store.change_episode(org, &viewer, stay.id, &change).await;
        }
        let list = format!(
            "{STAYS}PROP-{case};kvinna;1990;Eksjö;se-hoglandet;;2024-02-01;2024-09-30;arbete;försörjningsstöd;lön\n"
        );
        samordna_app::participants::import_file(
            store,
            org,
            &Actor::system("test"),
            list.into_bytes(),
        )
        .await
        .unwrap();
        assert_eq!(
            store.check_facts(false).await.unwrap(),
            Vec::<i64>::new(),
            "{backend:?}, case {case}: {ops:?}"
        );
    }
}
per_backend!(the_stay_summaries_never_disagree_with_the_records);
