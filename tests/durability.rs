//! The real binary as a user runs it: `serve` processes, `kill -9`, the CLI commands.

use crate::helpers::*;
use reqwest::StatusCode;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::test]
async fn kill_9_during_a_burst_of_writes_loses_no_acknowledged_write() {
    let db = format!("sqlite://{}", temp_dir().join("burst.db").display());
    cli(&db, &["demo"], None);
    let token = cli(
        &db,
        &[
            "token",
            "add",
            "--org",
            "hoglandet",
            "--email",
            "chef@hoglandet.demo",
            "--name",
            "burst",
            "--scope",
            "write",
        ],
        None,
    )
    .trim()
    .to_string();
    let (mut child, base) = serve(&db, false);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = vec![];
    for w in 0..4 {
        let (base, token, acked) = (base.clone(), token.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            let c = client();
            // Bounded: at most 2 000 writes per writer; the kill ends it sooner.
            for i in 0..2000 {
                let name = format!("Burst {w}-{i}");
                let res = c
                    .post(format!("{base}/api/v1/orgs/hoglandet/members"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({ "name": name, "kind": "state" }))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == StatusCode::CREATED => acked.lock().unwrap().push(name),
                    _ => break,
                }
            }
        }));
    }
    // Kill in the middle of the burst, once a good number of writes were acknowledged.
    for _ in 0..200 {
        if acked.lock().unwrap().len() >= 100 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 100,
        "the burst was running when killed ({} acknowledged)",
        acked.len()
    );
    let store = samordna_store::connect(&db).await.unwrap();
    let org = store.org_by_slug("hoglandet").await.unwrap().id;
    let stored: std::collections::HashSet<String> = store
        .list_members(org)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    let lost: Vec<_> = acked.iter().filter(|n| !stored.contains(*n)).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged writes lost: {lost:?}",
        lost.len()
    );
    // The server starts again on the same file.
    let (mut again, base) = serve(&db, false);
    let app = app_at(&base, store);
    assert_eq!(
        app.try_login(&client(), "chef@hoglandet.demo", PASSWORD)
            .await,
        StatusCode::SEE_OTHER
    );
    again.kill().unwrap();
    again.wait().unwrap();
}

#[tokio::test]
async fn two_serve_processes_on_one_postgres_share_logins() {
    if !postgres_available() {
        return;
    }
    let db = fresh_pg_database().await;
    cli(&db, &["migrate"], None);
    let (mut a, base_a) = serve(&db, true);
    let (mut b, base_b) = serve(&db, false);
    let store = samordna_store::connect(&db).await.unwrap();
    let app_a = app_at(&base_a, store.clone());
    let (c, _) = app_a.login("chef@hoglandet.demo").await;
    let page = c.get(format!("{base_b}/o/hoglandet")).send().await.unwrap();
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "the session made on a is valid on b"
    );
    assert!(page.text().await.unwrap().contains("SE-Höglandet"));
    for p in [&mut a, &mut b] {
        p.kill().unwrap();
        p.wait().unwrap();
    }
}

#[tokio::test]
async fn cli_adds_orgs_and_users_and_makes_backups() {
    let dir = temp_dir();
    let db = format!("sqlite://{}", dir.join("cli.db").display());
    cli(&db, &["migrate"], None);
    assert!(cli(
        &db,
        &["org", "add", "--slug", "sodra", "--name", "Södra förbundet"],
        None
    )
    .contains("Södra förbundet"));
    // A password piped on stdin is used as given; none piped makes one, printed once.
    cli(
        &db,
        &[
            "user",
            "add",
            "--org",
            "sodra",
            "--email",
            "chef@sodra.se",
            "--role",
            "director",
        ],
        Some("ett långt lösenord\n"),
    );
    let out = cli(
        &db,
        &[
            "user",
            "add",
            "--org",
            "sodra",
            "--email",
            "coach@sodra.se",
            "--role",
            "coach",
        ],
        None,
    );
    let generated = out
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .unwrap()
        .to_string();
    assert_eq!(generated.len(), 20);
    let backup = dir.join("copy.db");
    cli(&db, &["backup", "--to", backup.to_str().unwrap()], None);
    let copy = samordna_store::connect(&format!("sqlite://{}", backup.display()))
        .await
        .unwrap();
    assert_eq!(
        copy.org_by_slug("sodra").await.unwrap().name,
        "Södra förbundet"
    );
    let (store, _) = (samordna_store::connect(&db).await.unwrap(), ());
    let app = spawn_on(store, "http://127.0.0.1").await;
    assert_eq!(
        app.try_login(&client(), "chef@sodra.se", "ett långt lösenord")
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.try_login(&client(), "coach@sodra.se", &generated).await,
        StatusCode::SEE_OTHER
    );
    // Bad input is refused with a message naming it, and nothing is stored.
    let out = Command::new(BIN)
        .args([
            "--database",
            &db,
            "org",
            "add",
            "--slug",
            "Fel Slug",
            "--name",
            "X",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Fel Slug"));
    assert_eq!(app.store.list_orgs().await.unwrap().len(), 1);
}

/// Survey answers, each sealed and (with a code) written apart from the code's use: killed
/// in the middle of a burst of answers, the server has lost none it acknowledged.
#[tokio::test]
async fn kill_9_during_a_burst_of_answers_loses_no_acknowledged_answer() {
    use samordna_domain::surveys::{Access, NewRound, INDICATOR};
    let dir = temp_dir();
    let db = format!("sqlite://{}", dir.join("answers.db").display());
    cli(&db, &["demo"], None);
    let key = std::fs::read_to_string(dir.join("answers.key")).unwrap();
    let key = samordna_store::IdentityKey::parse(&key).unwrap();
    let store = samordna_store::connect_with_key(&db, Some(key))
        .await
        .unwrap();
    let org = store.org_by_slug("hoglandet").await.unwrap().id;
    let today = time::OffsetDateTime::now_utc().date();
    let new = NewRound {
        survey_code: INDICATOR.into(),
        intervention_id: None,
        title: "Skur".into(),
        opens_on: today,
        closes_on: today,
        access: Access::SingleUseCodes,
        codes: 4000,
    };
    let round = store
        .open_round(
            org,
            &samordna_domain::access::audit::Actor::system("test"),
            &new,
        )
        .await
        .unwrap();
    let codes: Vec<String> = store
        .round_codes(org, round.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let (mut child, base) = serve(&db, false);
    let path = format!("{base}/s/{}", round.token);
    let acked = Arc::new(Mutex::new(0usize));
    let mut writers = vec![];
    for chunk in codes.chunks(1000) {
        let (path, acked, chunk) = (path.clone(), acked.clone(), chunk.to_vec());
        writers.push(tokio::spawn(async move {
            let c = client();
            let Ok(page) = c.get(&path).send().await else {
                return;
            };
            let csrf = crate::helpers::csrf_in(&page.text().await.unwrap_or_default());
            for code in chunk {
                let res = c
                    .post(&path)
                    .form(&[("csrf", csrf.as_str()), ("code", &code), ("f1", "5")])
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == StatusCode::OK => *acked.lock().unwrap() += 1,
                    _ => break,
                }
            }
        }));
    }
    for _ in 0..500 {
        if *acked.lock().unwrap() >= 60 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = *acked.lock().unwrap();
    assert!(
        acked >= 60,
        "the burst was running when killed ({acked} acknowledged)"
    );
    let stored = store.responses(org, round.id).await.unwrap().len();
    assert!(
        stored >= acked,
        "{acked} answers acknowledged, {stored} stored"
    );
    let used = store
        .round_codes(org, round.id)
        .await
        .unwrap()
        .iter()
        .filter(|(_, used)| *used)
        .count();
    // At most the answers in flight at the kill used a code without an answer.
    assert!(
        used >= stored && used <= stored + 4,
        "{used} codes used, {stored} answers"
    );
}
