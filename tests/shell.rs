//! The web shell: health, assets, language, errors and the API description.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn health_and_assets() {
    let app = spawn_app(Backend::Sqlite).await;
    let c = client();
    let res = c.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let htmx = c
        .get(app.url("/assets/htmx-2.0.8.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(htmx.status(), StatusCode::OK);
    assert!(htmx.text().await.unwrap().contains("htmx"));
    assert_eq!(
        c.get(app.url("/assets/nope.js"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn swedish_first_english_on_request() {
    let app = spawn_app(Backend::Sqlite).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let sv = app.page(&c, "/o/hoglandet/interventions").await;
    assert!(sv.contains("<html lang=\"sv\">") && sv.contains("Individinriktade insatser"));
    let res = c
        .post(app.url("/lang"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("lang", "en"),
            ("next", "/o/hoglandet/interventions"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/o/hoglandet/interventions");
    let en = app.page(&c, "/o/hoglandet/interventions").await;
    assert!(en.contains("<html lang=\"en\">") && en.contains("Individual interventions"));
}

#[tokio::test]
async fn errors_are_clear_and_hide_internals() {
    let app = spawn_app(Backend::Sqlite).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let res = c
        .get(app.url("/o/hoglandet/interventions/finns-inte"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Sidan finns inte."));
    let token = app.token("chef@hoglandet.demo").await;
    let res = client()
        .get(app.url("/api/v1/orgs/finns-inte/members"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "not-found");
    assert_eq!(body["request_id"].as_str().unwrap().len(), 16);
    // A form the page cannot read gets the Swedish error page saying so.
    let res = c
        .post(app.url("/lang"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
    let html = res.text().await.unwrap();
    assert!(html.contains("Förfrågan kunde inte läsas"), "{html}");
    assert!(html.contains("Formuläret: kunde inte läsas"), "{html}");
    // And so does a query string the page's extractor cannot read (a field given twice).
    let res = c
        .get(app.url("/o/hoglandet/stats?from=2023-01-01&from=2023-02-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Förfrågan kunde inte läsas"));
}

#[tokio::test]
async fn openapi_describes_exactly_the_api_routes() {
    let app = spawn_app(Backend::Sqlite).await;
    let spec: serde_json::Value = client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    let mut documented: Vec<(String, Vec<String>)> = paths
        .iter()
        .map(|(p, ops)| {
            (
                p.clone(),
                ops.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| *k != "parameters")
                    .cloned()
                    .collect(),
            )
        })
        .collect();
    documented.sort();
    for (_, methods) in &mut documented {
        methods.sort();
    }
    // The API's lines of the route table, by path.
    let mut by_path = std::collections::BTreeMap::<String, Vec<String>>::new();
    for r in samordna_web::routes::table() {
        if let Some(path) = r.path.strip_prefix("/api/v1") {
            let methods = by_path.entry(path.to_string()).or_default();
            methods.push(r.method.as_str().to_lowercase());
            methods.sort();
        }
    }
    let routed: Vec<(String, Vec<String>)> = by_path.into_iter().collect();
    assert_eq!(documented, routed);
    // And every listed route is really routed (the API's fallback answers 404 otherwise).
    let token = app.token("chef@hoglandet.demo").await;
    for (path, _) in &routed {
        let res = client()
            .get(app.url(&format!(
                "/api/v1{}?year=2023&half=1",
                path.replace("{org}", "hoglandet").replace("{id}", "1")
            )))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
}

/// Every refusal of the API is its JSON error, naming the field at fault: a body that is
/// not JSON or has a field of the wrong type (400), a value the rules refuse (422), a name
/// already taken (409), a method the path does not take (405, with `Allow`), an unknown id
/// (404). Never axum's plain-text rejections, never a 500.
#[tokio::test]
async fn api_refusals_are_json_naming_the_field() {
    let app = spawn_app(Backend::Sqlite).await;
    let token = app.token("chef@hoglandet.demo").await;
    let api = |path: &str| app.url(&format!("/api/v1/orgs/hoglandet{path}"));
    let post = |path: &str, body: &'static str| {
        client()
            .post(api(path))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .header("accept-language", "sv")
            .body(body)
    };
    let get = |path: &str| {
        client()
            .get(api(path))
            .bearer_auth(&token)
            .header("accept-language", "sv")
    };
    let cases = [
        (
            post("/members", r#"{"name": "Ofullständi"#),
            StatusCode::BAD_REQUEST,
            "malformed",
            "name",
            "Namn: kunde inte läsas (EOF while parsing a string",
        ),
        (
            post("/members", r#"{"name": 1, "kind": "municipality"}"#),
            StatusCode::BAD_REQUEST,
            "malformed",
            "name",
            "Namn: kunde inte läsas (invalid type: integer `1`",
        ),
        (
            post("/members", r#""Ny medlem""#),
            StatusCode::BAD_REQUEST,
            "malformed",
            "body",
            "",
        ),
        (
            post("/members", r#"{"name": "Ny medlem", "kind": "landsting"}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "kind",
            "”landsting” är inte ett giltigt val",
        ),
        (
            post(
                "/members",
                r#"{"name": "Aneby kommun", "kind": "municipality"}"#,
            ),
            StatusCode::CONFLICT,
            "invalid",
            "name",
            "finns redan",
        ),
        (
            get("/payouts?year=abc"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "year",
            "”abc” är inte ett tal",
        ),
        (
            get("/stats?from=2023-02-30"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "from",
            "”2023-02-30”",
        ),
    ];
    for (request, status, error, field, message) in cases {
        let res = request.send().await.unwrap();
        assert_eq!(res.status(), status, "{field}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], error, "{body}");
        assert_eq!(body["errors"][0]["field"], field, "{body}");
        let text = body["errors"][0]["message"].as_str().unwrap();
        assert!(text.contains(message), "{text}");
    }
    // A missing half is required, not "not a number".
    let res = client()
        .get(api("/payouts?year=2023"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "half");
    assert_eq!(body["errors"][0]["reason"], "required");
    // The rejected member was not stored.
    let members: serde_json::Value = client()
        .get(api("/members"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!members.to_string().contains("Ny medlem"));

    let res = client()
        .post(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers()["allow"].to_str().unwrap().contains("GET"));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "method");

    let res = client()
        .get(api("/survey-rounds/abc/results"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "not-found");
}

/// A date written with letters outside ASCII is a named problem everywhere a date is read,
/// never a 500 (the parser sliced by bytes: `ååååå` is ten of them).
#[tokio::test]
async fn a_date_in_non_ascii_letters_is_refused_not_a_crash() {
    let app = spawn_app(Backend::Sqlite).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let bad = "ååååå";
    let o = "/o/hoglandet";
    for path in [
        format!("{o}/follow-up?on={bad}"),
        format!("{o}/stats?from={bad}&to={bad}"),
        format!("{o}/contributions?year={bad}"),
    ] {
        let res = c.get(app.url(&path)).send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert!(
            status != StatusCode::INTERNAL_SERVER_ERROR && !body.is_empty(),
            "{path}: {status}"
        );
    }
    for (path, form) in [
        (
            format!("{o}/surveys/rounds"),
            vec![
                ("survey", "indikator"),
                ("title", "Omgång"),
                ("opens_on", bad),
                ("closes_on", bad),
                ("access", "open"),
            ],
        ),
        (
            format!("{o}/episodes/3/step"),
            vec![("step", "2"), ("on", bad)],
        ),
        (
            format!("{o}/follow-up/balance"),
            vec![
                ("on", bad),
                ("receivables", "1"),
                ("cash", "1"),
                ("liabilities", "1"),
            ],
        ),
        (
            format!("{o}/contributions/instalments"),
            vec![
                ("year", "2023"),
                ("member", "1"),
                ("amount", "1"),
                ("due", bad),
            ],
        ),
    ] {
        let mut form: Vec<(&str, &str)> = form;
        form.push(("csrf", &csrf));
        let res = c.post(app.url(&path)).form(&form).send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(body.contains(bad), "{path} names the value");
    }
    let token = app.token("chef@hoglandet.demo").await;
    let res = client()
        .get(app.url(&format!(
            "/api/v1/orgs/hoglandet/stats?from={bad}&to=2023-06-30"
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["errors"][0]["field"], "from");
    assert_eq!(json["errors"][0]["value"], bad);
}
