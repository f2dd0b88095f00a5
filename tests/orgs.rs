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
