//! Surveys end to end: the director opens a round, a participant answers anonymously with a
//! single-use code that then stops working, and the answer row keeps nothing that points to
//! the person or the moment; results through the API never by municipality; paper answers and
//! an import that stores a whole file or nothing.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

/// Opens a round of the indicator survey with three codes, open today; returns its id, its
/// answering path and the codes.
async fn open_round(app: &TestApp) -> (i64, String, Vec<String>) {
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let today = time::OffsetDateTime::now_utc().date();
    let res = director
        .post(app.url("/o/hoglandet/surveys/rounds"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("survey", "indikator"),
            ("intervention", "1"),
            ("title", "Pågående november"),
            ("opens_on", &(today - time::Duration::days(1)).to_string()),
            ("closes_on", &(today + time::Duration::days(30)).to_string()),
            ("access", "codes"),
            ("codes", "3"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    let page = app.page(&director, &at).await;
    let link = page
        .split("/s/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let codes: Vec<String> = page
        .split("<ul class=\"codes\">")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap()
        .split("<li>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().trim().to_string())
        .collect();
    assert_eq!(codes.len(), 3, "{codes:?}");
    (id, format!("/s/{link}"), codes)
}

/// A round of the indicator survey open today with `n` single-use codes, opened through the
/// store; returns it with its codes.
async fn round_with_codes(
    app: &TestApp,
    org: samordna_domain::orgs::OrgId,
    title: &str,
    n: usize,
) -> (samordna_domain::surveys::Round, Vec<String>) {
    use samordna_domain::surveys::{Access, NewRound, INDICATOR};
    let today = time::OffsetDateTime::now_utc().date();
    let round = app
        .store
        .open_round(
            org,
            &samordna_domain::access::audit::Actor::system("test"),
            &NewRound {
                survey_code: INDICATOR.into(),
                intervention_id: None,
                title: title.into(),
                opens_on: today,
                closes_on: today,
                access: Access::SingleUseCodes,
                codes: n as u32,
            },
        )
        .await
        .unwrap();
    let codes = app
        .store
        .round_codes(org, round.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    (round, codes)
}

/// Answers as someone without an account would: the page, then the form.
async fn answer(app: &TestApp, path: &str, code: &str, q1: &str) -> reqwest::Response {
    let c = client();
    let page = app.page(&c, &format!("{path}?code={code}")).await;
    assert!(page.contains("Får du stöd på ett sätt som är till stor nytta för dig?"));
    assert!(
        page.contains(&format!("value=\"{code}\"")),
        "the code from the QR link is filled in"
    );
    c.post(app.url(path))
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("code", code),
            ("gender", "woman"),
            ("f1", q1),
            ("f5", "6"),
        ])
        .send()
        .await
        .unwrap()
}

async fn a_code_works_once_and_the_answer_keeps_nothing_that_points_to_a_person(backend: Backend) {
    let (store, url) = store_for(backend).await;
    samordna::demo::load(&*store).await.unwrap();
    let app = spawn_on(store, "http://127.0.0.1").await;
    let org = app.org_id().await;
    let (id, path, codes) = open_round(&app).await;
    let audit_before = app.store.list_audit(org, 1000, None).await.unwrap().len();

    let res = answer(&app, &path, &codes[0], "6").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Tack för dina svar"));
    // The same code again: refused, said plainly, nothing stored.
    let again = answer(&app, &path, &codes[0], "1").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("Koden har redan använts"));
    let unknown = answer(&app, &path, "AAAA-AAAA", "1").await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stored = app.store.responses(org, id).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].answers[0], Some(6));

    // The row: exactly these columns, and the answer sealed: no month, no step, no day, no
    // address to read in it; no audit entry.
    let today = time::OffsetDateTime::now_utc().date();
    let (columns, rows) = raw_responses(backend, &url).await;
    assert_eq!(columns, ["id", "org_id", "round_id", "sealed"]);
    let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == id.to_string()).collect();
    assert_eq!(mine.len(), 1);
    let month = format!("{}-{:02}", today.year(), today.month() as u8);
    for value in mine[0] {
        assert!(
            !value.contains(&today.to_string())
                && !value.contains(&month)
                && !value.contains("127.0.0.1")
                && !value.contains("woman"),
            "{value}"
        );
    }
    assert_eq!(
        app.store.list_audit(org, 1000, None).await.unwrap().len(),
        audit_before,
        "answering is not audited"
    );
    let used: Vec<bool> = app
        .store
        .round_codes(org, id)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, u)| u)
        .collect();
    assert_eq!(used.iter().filter(|u| **u).count(), 1);
}
per_backend!(a_code_works_once_and_the_answer_keeps_nothing_that_points_to_a_person);

/// The stored answer rows as text, with their column names, read past the application.
async fn raw_responses(backend: Backend, url: &str) -> (Vec<String>, Vec<Vec<String>>) {
    // The same reading for either database; only the pool type differs.
    macro_rules! read {
        ($pool:ty) => {{
            use sqlx::{Column, Row};
            let pool = <$pool>::connect(url).await.unwrap();
            let rows = sqlx::query("SELECT * FROM survey_answers")
                .fetch_all(&pool)
                .await
                .unwrap();
            let cols = rows[0]
                .columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect();
            let values = rows
                .iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| {
                            r.try_get::<String, _>(i)
                                .or_else(|_| r.try_get::<i64, _>(i).map(|v| v.to_string()))
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect();
            (cols, values)
        }};
    }
    match backend {
        Backend::Sqlite => read!(sqlx::SqlitePool),
        Backend::Postgres => read!(sqlx::PgPool),
    }
}

async fn results_by_question_never_by_municipality_with_paper_and_imported_answers(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let (id, _, _) = open_round(&app).await;
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let url = |rest: &str| app.url(&format!("/o/hoglandet/surveys/rounds/{id}{rest}"));

    // An import with one bad row stores nothing and names the row and the column.
    let upload = |csv: &'static str| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("svar.csv"),
            )
    };
    let bad = "kön;f1;f2;f3;f4;f5;f6;f7\nkvinna;6;5;4;;;;\nman;9;;;;;;\n";
    let res = director
        .post(url("/import"))
        .multipart(upload(bad))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("Rad 3") && page.contains("Fråga 1"), "{page}");
    assert!(app.store.responses(org, id).await.unwrap().is_empty());

    // Ten answers to question 1, seven in the three highest steps: 70 %, met. The two
    // that skipped it are not counted.
    let mut csv = String::from("kön;f1;f2;f3;f4;f5;f6;f7\n");
    for (i, step) in ["4", "5", "6", "6", "4", "5", "6", "1", "2", "3", "", ""]
        .iter()
        .enumerate()
    {
        csv += &format!(
            "{};{step};3;;;;;\n",
            if i % 2 == 0 { "kvinna" } else { "man" }
        );
    }
    let csv: &'static str = Box::leak(csv.into_boxed_str());
    let res = director
        .post(url("/import"))
        .multipart(upload(csv))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("12 svar inlästa"));
    // One paper form, typed in.
    let res = director
        .post(url("/paper"))
        .form(&[("csrf", csrf.as_str()), ("gender", "other"), ("f2", "6")])
        .send()
        .await
        .unwrap();
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Pappersformuläret är sparat"));
    let stored = app.store.responses(org, id).await.unwrap();
    assert_eq!(stored.len(), 13);
    assert_eq!(
        stored
            .iter()
            .filter(|r| r.source == samordna_domain::surveys::Source::Paper)
            .count(),
        1
    );

    let token = app.token("styrelse@hoglandet.demo").await;
    let api = |q: &str| {
        client()
            .get(app.url(&format!(
                "/api/v1/orgs/hoglandet/survey-rounds/{id}/results{q}"
            )))
            .bearer_auth(&token)
            .send()
    };
    let json: Value = api("").await.unwrap().json().await.unwrap();
    let q1 = &json[0];
    assert_eq!(q1["question"], 1);
    assert_eq!(q1["answered"], 10);
    assert_eq!(q1["distribution"], serde_json::json!([1, 1, 1, 2, 2, 3]));
    assert_eq!(q1["top3"], 7);
    assert_eq!(q1["share"], 0.7);
    assert_eq!(q1["target"], 0.7);
    assert_eq!(q1["met"], true);
    assert_eq!(q1["by_gender"]["women"]["answered"], 5);
    // Question 2: 12 answered 3 and the paper form 6; the "other" group has one answer.
    assert_eq!(json[1]["answered"], 13);
    assert_eq!(json[1]["by_gender"]["other"]["answered"], "<5");
    assert_eq!(json[1]["by_gender"]["other"]["share"], Value::Null);

    let res = api("?municipality=2").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("no-municipality-breakdown") && body.contains("municipality"),
        "{body}"
    );
    let page = director.get(url("?municipality=2")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The answers as a flat file for a national compilation.
    let file = director
        .get(url("/answers?format=csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        file.starts_with("\u{feff}Svar\r\nförbund;insats;enkät;omgång;månad;kön;källa;f1;"),
        "{file}"
    );
    assert_eq!(
        file.matches("Höglandets samordningsförbund;SE-Höglandet;")
            .count(),
        13
    );
    assert!(file.contains(";paper;"));
}
per_backend!(results_by_question_never_by_municipality_with_paper_and_imported_answers);

#[tokio::test]
async fn the_command_line_gives_the_results_and_a_summary_across_forbund() {
    let dir = temp_dir();
    let db = format!("sqlite://{}", dir.join("s.db").display());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_samordna"))
            .arg("--database")
            .arg(&db)
            .env("SAMORDNA_IDENTITY_KEY_FILE", dir.join("key"))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    // The demo's October 2026 round: 16 answers.
    let out = run(&[
        "survey",
        "results",
        "--org",
        "hoglandet",
        "--round",
        "2",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 7);
    assert_eq!(json[0]["distribution"].as_array().unwrap().len(), 6);
    let out = run(&["survey", "summary", "--year", "2026", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json.as_array().unwrap();
    let of = |org: Value| rows.iter().find(|r| r["org"] == org).unwrap()["answers"].clone();
    // The demo's three förbund of the county each had a round, and all answers together.
    assert_eq!(of("hoglandet".into()), 16);
    assert_eq!(of("finnveden".into()), 16);
    assert_eq!(of(Value::Null), 48, "{json}");
}

async fn answers_posted_at_once_are_all_stored_and_a_code_never_twice(backend: Backend) {
    const N: usize = 200;
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let (round, codes) = round_with_codes(&app, org, "Last", N).await;
    let c = client();
    let path = format!("/s/{}", round.token);
    let csrf = csrf_in(&app.page(&c, &path).await);
    // Every code twice, all at once: each must count exactly once.
    let mut tasks = tokio::task::JoinSet::new();
    for code in codes.iter().chain(codes.iter()) {
        let (c, url, csrf, code) = (c.clone(), app.url(&path), csrf.clone(), code.clone());
        tasks.spawn(async move {
            c.post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("code", code.as_str()),
                    ("f1", "5"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut ok = 0;
    let mut refused = 0;
    while let Some(status) = tasks.join_next().await {
        match status.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::UNPROCESSABLE_ENTITY => refused += 1,
            other => panic!("{backend:?}: {other}"),
        }
    }
    assert_eq!((ok, refused), (N, N), "{backend:?}");
    assert_eq!(
        app.store.responses(org, round.id).await.unwrap().len(),
        N,
        "{backend:?}"
    );
    assert!(app
        .store
        .round_codes(org, round.id)
        .await
        .unwrap()
        .iter()
        .all(|(_, used)| *used));
}
per_backend!(answers_posted_at_once_are_all_stored_and_a_code_never_twice);

/// Every file the database keeps its data in: the SQLite file and its WAL, or PostgreSQL's
/// heap file of the answers and its whole WAL (read as root, after a checkpoint).
async fn database_files(
    backend: Backend,
    url: &str,
    since: std::time::SystemTime,
) -> Option<Vec<u8>> {
    match backend {
        Backend::Sqlite => {
            let path = url.strip_prefix("sqlite://").unwrap();
            let mut bytes = std::fs::read(path).unwrap();
            bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
            Some(bytes)
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            // As the database's owner: the data directory, and a checkpoint that writes the
            // heap to its file.
            let as_owner = |sql: &str| {
                std::process::Command::new("su")
                    .args(["postgres", "-c", &format!("psql -qtAc '{sql}'")])
                    .output()
                    .ok()
                    .filter(|o| o.status.success())
                    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            };
            let dir = as_owner("SHOW data_directory")?;
            as_owner("CHECKPOINT")?;
            let (heap,): (String,) =
                sqlx::query_as("SELECT pg_relation_filepath('survey_answers')")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            let mut bytes = std::fs::read(format!("{dir}/{heap}")).ok()?;
            // The WAL segments written while the test ran (the older ones hold other tests).
            for wal in std::fs::read_dir(format!("{dir}/pg_wal")).ok()?.flatten() {
                let recent = wal
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t >= since);
                if wal.path().is_file() && recent {
                    bytes.extend(std::fs::read(wal.path()).unwrap_or_default());
                }
            }
            Some(bytes)
        }
    }
}

/// Where `needle` is in `hay`, if anywhere.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Someone holds the database files (a backup, the database server's disk) and the list of
/// which participant got which code, and saw in which order they answered. In the WAL each
/// commit held both the used code and the new answer: 30 of 30 pairs came out, in order.
/// Now codes are stored as keyed hashes, used up in a transaction of their own, and each
/// answer is sealed: the attacker pairs no more than chance (1 in 30 each, by guessing).
async fn an_attacker_with_the_database_files_pairs_no_code_with_its_answer(backend: Backend) {
    const N: usize = 30;
    let started = std::time::SystemTime::now() - std::time::Duration::from_secs(2);
    let (store, url) = store_for(backend).await;
    samordna::demo::load(&*store).await.unwrap();
    let app = spawn_on(store, "http://127.0.0.1").await;
    let org = app.org_id().await;
    let (round, codes) = round_with_codes(&app, org, "Angripare", N).await;
    // Each answer different: the steps of seven questions spell its number (from a random
    // start, so that no other run's answers in a shared WAL look like these).
    let start = rand::random::<usize>() % 200_000;
    let steps = |i: usize| -> Vec<String> {
        let mut n = start + i * 97;
        (0..7)
            .map(|_| {
                let s = 1 + n % 6;
                n /= 6;
                s.to_string()
            })
            .collect()
    };
    let path = format!("/s/{}", round.token);
    for (i, code) in codes.iter().enumerate() {
        let c = client();
        let csrf = csrf_in(&app.page(&c, &path).await);
        let mut form = vec![("csrf".to_string(), csrf), ("code".into(), code.clone())];
        form.extend(
            steps(i)
                .into_iter()
                .enumerate()
                .map(|(q, s)| (format!("f{}", q + 1), s)),
        );
        let res = c.post(app.url(&path)).form(&form).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{backend:?}");
    }
    assert_eq!(app.store.responses(org, round.id).await.unwrap().len(), N);
    let Some(files) = database_files(backend, &url, started).await else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must read PostgreSQL's files (as root)"
        );
        eprintln!("{backend:?}: the database files cannot be read here; attacker not run");
        return;
    };
    // The attacker looks for each printed code and each answer as the database would keep
    // them, and pairs the answers found, in the order they lie in the files, with the
    // participants in the order they answered.
    let codes_found = codes
        .iter()
        .filter(|c| find(&files, c.as_bytes()).is_some())
        .count();
    let mut answers_found: Vec<(usize, usize)> = (0..N)
        .filter_map(|i| find(&files, steps(i).join(",").as_bytes()).map(|at| (at, i)))
        .collect();
    answers_found.sort();
    // In the order they lie, or the reverse (a PostgreSQL page fills from its end).
    let in_order = |found: &[(usize, usize)]| {
        found
            .iter()
            .enumerate()
            .filter(|(k, (_, i))| k == i)
            .count()
    };
    let reversed: Vec<_> = answers_found.iter().rev().copied().collect();
    let pairs = in_order(&answers_found).max(in_order(&reversed));
    println!(
        "{backend:?}: {codes_found} of {N} codes and {} of {N} answers found in {} MB of files, {pairs} pairs",
        answers_found.len(),
        files.len() / (1024 * 1024)
    );
    assert_eq!(
        codes_found, 0,
        "{backend:?}: no printed code is in the files"
    );
    assert!(
        answers_found.is_empty(),
        "{backend:?}: no answer can be read from the files"
    );
    assert!(pairs <= 3, "{backend:?}: {pairs} pairs is more than chance");
}
per_backend!(an_attacker_with_the_database_files_pairs_no_code_with_its_answer);

/// The round's unused codes print as slips, each with who asks, the link and the code; a
/// used code is not printed again. The easy-to-read page speaks easy Swedish throughout and
/// its help names the button it has.
async fn codes_print_as_slips_and_the_easy_page_is_easy(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let (round, codes) = round_with_codes(&app, org, "Lappar", 3).await;
    let path = format!("/s/{}", round.token);
    assert_eq!(
        answer(&app, &path, &codes[0], "5").await.status(),
        StatusCode::OK
    );
    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let sheet = app
        .page(
            &coach,
            &format!("/o/hoglandet/surveys/rounds/{}/codes", round.id),
        )
        .await;
    assert_eq!(
        sheet.matches("<li class=\"slip\">").count(),
        2,
        "{backend:?}"
    );
    assert!(!sheet.contains(&codes[0]) && sheet.contains(&codes[1]) && sheet.contains(&codes[2]));
    assert!(sheet.contains(&format!("/s/{}", round.token)) && sheet.contains("<svg"));
    assert!(sheet.contains("Enkäten kommer från Höglandets samordningsförbund"));
    // The results lead with the share and the target; the steps come after.
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let results = app
        .page(
            &director,
            &format!("/o/hoglandet/surveys/rounds/{}", round.id),
        )
        .await;
    let at = |w: &str| results.find(w).unwrap_or_else(|| panic!("{w}"));
    assert!(
        at(">Andel<") < at(">Mål<") && at(">Mål<") < at(">Steg 1<"),
        "{backend:?}"
    );

    let easy = client()
        .get(app.url(&format!("{path}?lattlast=1")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(easy.contains("Tryck på Skicka när du är klar."));
    assert!(
        easy.contains(">Skicka</button>"),
        "{backend:?}: the button the help names"
    );
    assert!(easy.contains("Skriv koden från din lapp"));
    assert!(!easy.contains("inget svarsalternativ passar"));
}
per_backend!(codes_print_as_slips_and_the_easy_page_is_easy);
