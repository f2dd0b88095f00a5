//! The förbund's registers: a direct procurement judged by the rules of its day (60 000 kr
//! with two suppliers asked is flagged under the 2022 guideline, not under the law of 2021);
//! a request for public documents warned of when not handled by the next working day, and
//! refused when its text holds a personnummer. Kept only by the director, read by the board,
//! downloaded as a workbook.

use crate::helpers::*;
use reqwest::{Client, StatusCode};

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
