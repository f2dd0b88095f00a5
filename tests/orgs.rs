//! The förbund's own records: a refused form stores nothing and says why; a member that
//! stays or agreements name is not removed.

use crate::helpers::*;
use reqwest::StatusCode;

async fn a_refused_form_names_field_and_value_and_stores_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    let before = app.store.list_interventions(org).await.unwrap().len();
    let form = [
        ("csrf", csrf.as_str()),
        ("slug", "Ny Insats"),
        ("name", "Ny"),
        ("kind", "individual"),
        ("age_min", "65"),
        ("age_max", "18"),
        ("capacity_per_fte", "900"),
    ];
    let res = c
        .post(app.url("/o/hoglandet/interventions"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Kortnamn: ”Ny Insats” får bara innehålla a–z"),
        "{html}"
    );
    assert!(html.contains("Ålder: ”65–18” – lägsta värdet är större än högsta."));
    assert!(html.contains("Deltagare per heltidscoach: ”900” ska vara mellan 1 och 500."));
    assert!(html.contains("aria-invalid=\"true\""));
    // A slug already taken is named too.
    let dup = [
        ("csrf", csrf.as_str()),
        ("slug", "se-hoglandet"),
        ("name", "Dubblett"),
        ("kind", "individual"),
        ("age_min", "18"),
        ("age_max", "64"),
    ];
    let html = c
        .post(app.url("/o/hoglandet/interventions"))
        .form(&dup)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Kortnamn: finns redan."));
    assert_eq!(
        app.store.list_interventions(org).await.unwrap().len(),
        before,
        "{backend:?}"
    );
    // The API answers the same problems as JSON.
    let token = app.token("chef@hoglandet.demo").await;
    let body = serde_json::json!({ "slug": "ok-slug", "name": "", "kind": "x", "age_min": "18", "age_max": "64" });
    let res = client()
        .post(app.url("/api/v1/orgs/hoglandet/interventions"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "kind"]);
}
per_backend!(a_refused_form_names_field_and_value_and_stores_nothing);

async fn a_member_still_in_use_is_not_removed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    // The demo coach's scope names Eksjö kommun.
    let eksjo = app
        .store
        .list_members(org)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.name == "Eksjö kommun")
        .unwrap();
    let res = c
        .post(app.url(&format!("/o/hoglandet/members/{}/delete", eksjo.id)))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Posten: används fortfarande och kan inte tas bort."));
    assert!(app.store.get_member(org, eksjo.id).await.is_ok());
}
per_backend!(a_member_still_in_use_is_not_removed);

/// The start page shows what waits, each part only to a role that may see it: the director
/// everything, the board the money and the figures with small counts hidden, a coach the
/// people and no money.
async fn the_start_page_shows_what_waits_as_far_as_the_role_sees(backend: Backend) {
    let app = spawn_app(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let page = app.page(&director, "/o/hoglandet").await;
    for part in [
        "<h1>Översikt</h1>",
        "utbetalningar väntar",
        "väntar på remittentgruppens beslut",
        "är försenade",
        "Året hittills",
        "Resultat mot budget",
    ] {
        assert!(page.contains(part), "{backend:?} director: {part}");
    }
    // The menu in its groups, with the agreements in it.
    for group in [
        "Deltagare",
        "Statistik och rapporter",
        "Ekonomi",
        "Styrelse",
        "Inställningar",
    ] {
        assert!(
            page.contains(&format!(">{group}</span>")),
            "{backend:?}: group {group}"
        );
    }
    assert!(page.contains("/o/hoglandet/agreements\">Uppdragsavtal</a>"));

    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app.page(&board, "/o/hoglandet").await;
    assert!(page.contains("utbetalningar väntar"), "{backend:?} board");
    assert!(!page.contains("remittentgruppens beslut") && !page.contains("är försenade"));
    assert!(
        !page.contains("/participants/"),
        "{backend:?}: no person for the board"
    );

    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let page = app.page(&coach, "/o/hoglandet").await;
    assert!(page.contains("är försenade"), "{backend:?} coach");
    assert!(!page.contains("utbetalningar väntar") && !page.contains("Resultat mot budget"));
}
per_backend!(the_start_page_shows_what_waits_as_far_as_the_role_sees);

/// A late after-support contact is ticked off from the start page's list: it is done that
/// day, the page confirms it, and the task is gone from the list.
async fn a_late_task_is_ticked_off_from_the_list(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, _) = app.login("chef@hoglandet.demo").await;
    let page = app.page(&c, "/o/hoglandet").await;
    let at = page
        .find("/contact\" class=\"inline\">")
        .expect("a contact to tick");
    let action = format!(
        "{}/contact",
        &page[page[..at].rfind("action=\"").unwrap() + 8..at]
    );
    let item = page[at..].split("name=\"item\" value=\"").nth(1).unwrap();
    let item = item.split('"').next().unwrap();
    let before = page
        .matches(&format!("name=\"item\" value=\"{item}\""))
        .count();
    let res = c
        .post(app.url(&action))
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("item", item),
            ("on", samordna_app::today().to_string().as_str()),
            ("back", "start"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(res.headers()["location"], "/o/hoglandet?saved=1");
    let after = app.page(&c, "/o/hoglandet?saved=1").await;
    assert!(after.contains("role=\"status\">Sparat.</p>"), "{backend:?}");
    assert_eq!(
        after
            .matches(&format!("name=\"item\" value=\"{item}\""))
            .count(),
        before - 1,
        "{backend:?}: the contact is off the list"
    );
}
per_backend!(a_late_task_is_ticked_off_from_the_list);

/// The county network of the demo with its two made-up neighbours: the network sees the
/// three förbund side by side with small counts hidden, each förbund's log shows the read, a
/// förbund that leaves is gone from the view, and another network sees none of it.
async fn a_network_sees_its_forbund_side_by_side_and_nothing_more(backend: Backend) {
    use samordna_domain::access::audit::{Actor, AuditAction};
    use samordna_domain::orgs::networks::NewNetwork;
    let app = spawn_app(backend).await;
    samordna::demo::network::load_neighbours(&*app.store, samordna_app::today())
        .await
        .unwrap();
    let (c, _) = app.login("lan@jonkoping.demo").await;
    // The network account lands on its network's view.
    let start = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        start.headers()["location"].to_str().unwrap(),
        "/n/jonkopings-lan/stats"
    );
    let html = app.page(&c, "/n/jonkopings-lan/stats?year=2023").await;
    for name in [
        "Höglandets samordningsförbund",
        "Södra Vätterbygdens samordningsförbund",
        "Finnvedens samordningsförbund",
        "Tillsammans",
        "&lt;5",
    ] {
        assert!(html.contains(name), "{backend:?} {name}: {html}");
    }
    // The budgets side by side (Höglandet's of 2023; the neighbours have none), and the
    // participants per insats as Uppföljning Finsam asks for them.
    assert!(html.contains("Budget 2023"), "{html}");
    assert!(html.contains("Höglandets samordningsförbund: SE-Höglandet"));
    assert!(html.contains("Finnvedens samordningsförbund (påhittat): Supported Employment"));
    // No count of 1–4 anywhere in the tables.
    for cell in html.split("<td class=\"num\">").skip(1) {
        let value = cell.split('<').next().unwrap();
        assert!(!["1", "2", "3", "4"].contains(&value), "{value} in {html}");
    }
    // The indicator survey per förbund and together (the NNS compilation): the demo's three
    // rounds of October 2025 with 14 answers each.
    let html = app.page(&c, "/n/jonkopings-lan/stats?year=2025").await;
    assert!(html.contains("Indikatorenkäten 2025"), "{backend:?}");
    let together = html.rsplit("Tillsammans").next().unwrap();
    assert!(together.contains(">42<"), "{together}");
    // Each förbund's director sees in its log that the network read its figures.
    let finnveden = app.store.org_by_slug("finnveden").await.unwrap();
    for org in [app.org_id().await, finnveden.id] {
        let log = app.store.list_audit(org, 50, None).await.unwrap();
        assert!(
            log.iter().any(|e| e.entity == "network_stats"
                && e.action == AuditAction::Read
                && e.actor == "lan@jonkoping.demo"),
            "{backend:?} {log:?}"
        );
    }
    // Nothing inside a förbund, not even its start page.
    for path in [
        "/o/hoglandet",
        "/o/finnveden/stats",
        "/o/sodra-vatterbygden",
    ] {
        let res = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Finnveden's director withdraws the consent: from now on the network sees nothing of it.
    let network = app.store.network_by_slug("jonkopings-lan").await.unwrap();
    let director = Actor::system("test: förbundschefen i Finnveden");
    app.store
        .leave_network(network.id, finnveden.id, &director)
        .await
        .unwrap();
    let html = app.page(&c, "/n/jonkopings-lan/stats?year=2023").await;
    assert!(!html.contains("Finnvedens"), "{backend:?}");
    assert!(html.contains("Södra Vätterbygdens"));
    let log = app.store.list_audit(finnveden.id, 50, None).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.entity == "network_membership" && e.action == AuditAction::Delete));
    // Another network's account gets 404 for this one, and sees none of its förbund.
    let other = app
        .store
        .create_network(&director, &NewNetwork::parse("nns", "Nationellt").unwrap())
        .await
        .unwrap();
    let hash = samordna_app::access::hash_password(PASSWORD.into())
        .await
        .unwrap();
    app.store
        .create_user(
            &director,
            &samordna_domain::access::users::NewUser {
                org_id: None,
                network_id: Some(other.id),
                email: samordna_domain::access::users::Email::parse("nns@nns.se").unwrap(),
                name: "NNS".into(),
                role: samordna_domain::access::roles::Role::Network,
                password_hash: hash,
                scope: Default::default(),
            },
        )
        .await
        .unwrap();
    let (nns, _) = app.login("nns@nns.se").await;
    let res = nns
        .get(app.url("/n/jonkopings-lan/stats?year=2023"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let own = app.page(&nns, "/n/nns/stats?year=2023").await;
    assert!(
        !own.contains("Höglandet") && !own.contains("Finnveden"),
        "{own}"
    );
}
per_backend!(a_network_sees_its_forbund_side_by_side_and_nothing_more);

/// The operator's commands: a network is added, a förbund joins it with its director's
/// consent named in the log, `stats --network` gives the network's protected view, and a
/// förbund that left is gone from it.
#[tokio::test]
async fn the_command_line_adds_joins_and_leaves_networks() {
    let dir = temp_dir();
    let db = format!("sqlite://{}", dir.join("n.db").display());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_samordna"))
            .arg("--database")
            .arg(&db)
            .env("SAMORDNA_IDENTITY_KEY_FILE", dir.join("key"))
            .args(args)
            .output()
            .unwrap()
    };
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&["demo", "--no-history"]);
    ok(&[
        "org",
        "add",
        "--slug",
        "grannen",
        "--name",
        "Grannförbundet",
    ]);
    ok(&[
        "network",
        "add",
        "--slug",
        "nns",
        "--name",
        "Nationella nätverket",
    ]);
    let stats = |network: &str| {
        let out = ok(&[
            "stats",
            "--network",
            network,
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
            "--format",
            "json",
        ]);
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    assert_eq!(stats("nns")["orgs"], serde_json::json!([]));
    for org in ["hoglandet", "grannen"] {
        ok(&[
            "network",
            "join",
            "nns",
            "--org",
            org,
            "--consent-by",
            "Anna Chef",
        ]);
    }
    let json = stats("nns");
    assert_eq!(json["orgs"], serde_json::json!(["grannen", "hoglandet"]));
    // Höglandet's five demo people are all hidden or shown as at least 5, never 1–4.
    for row in json["figures"]["took_part"]["rows"].as_array().unwrap() {
        for g in ["women", "men", "other", "total"] {
            assert!(
                !matches!(row[g].as_u64(), Some(1..=4)),
                "{g} {row} in {json}"
            );
        }
    }
    ok(&["network", "leave", "nns", "--org", "grannen"]);
    assert_eq!(stats("nns")["orgs"], serde_json::json!(["hoglandet"]));
    // Leaving twice, or an unknown network, is named.
    let again = run(&["network", "leave", "nns", "--org", "grannen"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("grannen is not in the network nns"));
    let unknown = run(&[
        "network",
        "join",
        "okänt",
        "--org",
        "grannen",
        "--consent-by",
        "X",
    ]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("network okänt"));
    // The consent is in the förbund's log with the name of who gave it.
    let store = samordna_store::connect(&db).await.unwrap();
    let org = store.org_by_slug("hoglandet").await.unwrap();
    let log = store.list_audit(org.id, 100, None).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.entity == "network_membership"
                && e.actor == "system:cli: consent of Anna Chef"),
        "{log:?}"
    );
}
