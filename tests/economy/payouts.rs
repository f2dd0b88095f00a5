//! Payouts under agreements reproduce the seeds' payout tables (DOMAIN.md §4), the same
//! through the API, the page and the command line.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

fn amount(rows: &Value, intervention: &str, municipality: &str) -> i64 {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["intervention"] == intervention && r["municipality"] == municipality)
        .unwrap_or_else(|| panic!("{intervention} {municipality}"))["amount_ore"]
        .as_i64()
        .unwrap()
}

async fn payouts_reproduce_the_half_year_reports(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.token("revisor@hoglandet.demo").await;
    let get = |q: &'static str| {
        client()
            .get(app.url(&format!("/api/v1/orgs/hoglandet/payouts?{q}")))
            .bearer_auth(&token)
            .send()
    };
    // 002: SE-Höglandet H1 2020.
    let h1_2020: Value = get("year=2020&half=1").await.unwrap().json().await.unwrap();
    for (kommun, kr) in [
        ("Aneby", 174_375),
        ("Eksjö", 348_750),
        ("Nässjö", 418_500),
        ("Sävsjö", 348_750),
        ("Tranås", 232_500),
        ("Vetlanda", 348_750),
    ] {
        assert_eq!(
            amount(&h1_2020, "SE-Höglandet", &format!("{kommun} kommun")),
            kr * 100,
            "{backend:?} {kommun}"
        );
    }
    // 003: Aneby vacant January–April 2023 at a granted 40 % = 120 125; coordinator
    // Eksjö vacant from May = 100 000.
    let h1_2023: Value = get("year=2023&half=1").await.unwrap().json().await.unwrap();
    assert_eq!(amount(&h1_2023, "SE-Höglandet", "Aneby kommun"), 12_012_500);
    assert_eq!(
        amount(&h1_2023, "Uppdrag Samverkan", "Eksjö kommun"),
        10_000_000
    );
    let aneby = h1_2023
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["municipality"] == "Aneby kommun" && r["intervention"] == "SE-Höglandet")
        .unwrap();
    assert_eq!(
        (
            aneby["fte"].as_f64().unwrap(),
            aneby["months_reduced"].as_i64().unwrap()
        ),
        (0.75, 4)
    );
    // A bad half-year is named.
    let res = get("year=2023&half=3").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "half");

    // The board reads the same table on the page, written the Swedish way.
    let (c, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app.page(&c, "/o/hoglandet/payouts?year=2023&half=1").await;
    assert!(
        page.contains("120 125 kr") && page.contains("0,75") && page.contains("100 000 kr"),
        "{backend:?}"
    );
    // SE-Höglandet H1 2023 in all: 120 125 + 348 750 + 418 500 + 348 750 + 232 500 + 348 750.
    assert!(page.contains("1 817 375 kr"));
}
per_backend!(payouts_reproduce_the_half_year_reports);

#[tokio::test]
async fn the_command_line_gives_the_same_json() {
    let dir = temp_dir();
    let db = format!("sqlite://{}", dir.join("p.db").display());
    let bin = env!("CARGO_BIN_EXE_samordna");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("--database")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let out = run(&[
        "payouts",
        "--org",
        "hoglandet",
        "--year",
        "2023",
        "--half",
        "1",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(amount(&rows, "SE-Höglandet", "Aneby kommun"), 12_012_500);
    assert_eq!(rows.as_array().unwrap().len(), 12);
    let bad = run(&[
        "payouts",
        "--org",
        "hoglandet",
        "--year",
        "2023",
        "--half",
        "3",
    ]);
    assert!(!bad.status.success());
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim(),
        "samordna: field `half`, value \"3\": out-of-range"
    );
}

/// The payouts of a half-year whose papers are in are approved together, the others wait.
async fn a_half_years_payouts_are_approved_together(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    let agreements: Vec<i64> = samordna_app::economy::lines(&*app.store, org, 2026, 1)
        .await
        .unwrap()
        .iter()
        .map(|(l, _)| l.agreement_id)
        .collect();
    assert!(agreements.len() > 2);
    for id in &agreements[..2] {
        let res = c
            .post(app.url("/o/hoglandet/payouts/papers"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("agreement", &id.to_string()),
                ("year", "2026"),
                ("half", "1"),
                ("certificate_on", "2026-07-01"),
                ("reports_on", "2026-07-02"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    }
    let page = app.page(&c, "/o/hoglandet/payouts?year=2026&half=1").await;
    assert!(page.contains("Godkänn alla 2 utbetalningar som har intyg och rapporter"));
    let res = c
        .post(app.url("/o/hoglandet/payouts/approve-all"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("year", "2026"),
            ("half", "1"),
            ("on", "2026-07-10"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let approved: Vec<i64> = samordna_app::economy::lines(&*app.store, org, 2026, 1)
        .await
        .unwrap()
        .iter()
        .filter(|(_, a)| a.approved.is_some())
        .map(|(l, _)| l.agreement_id)
        .collect();
    assert_eq!(
        approved,
        agreements[..2],
        "{backend:?}: those with papers, no other"
    );
}
per_backend!(a_half_years_payouts_are_approved_together);
