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
