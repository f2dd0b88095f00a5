//! The budget, the ledger and the follow-up (DOMAIN.md §4): the demo, loaded from the seeds'
//! tables, reproduces the 2020 and 2023 half-year reports on the page and in the file; a
//! ledger with one bad row stores nothing; a payout waits for its papers.

use crate::helpers::*;
use reqwest::StatusCode;
use samordna_domain::economy::ledger::Source;

/// The row of a downloaded sheet whose first cell is `label`.
fn row<'a>(rows: &'a [Vec<String>], label: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c == label))
        .unwrap_or_else(|| panic!("no row {label}"))
}

async fn the_follow_up_reproduces_the_half_year_reports(backend: Backend) {
    let app = spawn_app(backend).await;
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    // 003 §5: income, costs and result per column; the balance sheet; the requirement.
    let page = app
        .page(&board, "/o/hoglandet/follow-up?on=2023-06-30")
        .await;
    for figure in [
        "8 098 439",
        "8 036 000",
        "6 027 067",
        "8 136 068", // income
        "8 363 466",
        "8 054 000",
        "3 836 286",
        "7 839 000", // costs
        "−265 027",
        "−18 000",
        "2 190 781",
        "297 068", // result
        "514 960",
        "3 470 362",
        "3 985 322",
        "1 215 582",
        "3 406 363",
        "578 959",
        "32 041",
        "Pensionspremier har inte räknats med",
    ] {
        assert!(page.contains(figure), "{backend:?}: {figure}");
    }
    assert!(page.contains("Jämförs med budget 2023 ("), "{backend:?}");
    // 2022 is the first year of the decided 2022–2024 and a plan year of the decided
    // 2021–2023: the one made for it. 2026 has only the proposal 2024–2026, and says so.
    let page = app
        .page(&board, "/o/hoglandet/follow-up?on=2022-06-30")
        .await;
    assert!(
        page.contains("Jämförs med budget 2022–2024 (beslutad)."),
        "{backend:?}"
    );
    let page = app
        .page(&board, "/o/hoglandet/follow-up?on=2026-06-30")
        .await;
    assert!(
        page.contains("Jämförs med förslaget till budget 2024–2026: ingen beslutad"),
        "{backend:?}"
    );
    assert!(
        !page.contains("går inte ihop"),
        "{backend:?}: the balance sheet balances"
    );
    // Read-only for the board: no forms.
    assert!(!page.contains("follow-up/forecasts"));
    // 002 §7.
    let page = app
        .page(&board, "/o/hoglandet/follow-up?on=2020-06-30")
        .await;
    for figure in [
        "6 423 293",
        "5 993 992",
        "6 652 362",
        "8 001 000",
        "3 764 981",
        "7 817 000",
        "−229 069",
        "2 229 011",
        "566 844",
        "2 795 855",
        "3 499 615",
    ] {
        assert!(page.contains(figure), "{backend:?} 2020: {figure}");
    }

    // The same statement as a workbook: one sheet the reader can sum again.
    let res = board
        .get(app.url("/o/hoglandet/follow-up?on=2023-06-30&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rows = samordna_reports::read::table(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(
        &row(&rows, "Summa intäkter")[1..5],
        ["8098439", "8036000", "6027067", "8136068"]
    );
    assert_eq!(
        &row(&rows, "Årets resultat")[1..5],
        ["-265027", "-18000", "2190781", "297068"]
    );
    // And as CSV: a deficit stays a number Excel can sum, not the text '-265027.
    let csv = board
        .get(app.url("/o/hoglandet/follow-up?on=2023-06-30&format=csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Årets resultat;-265027;-18000;2190781;297068"),
        "{csv}"
    );
    assert!(!csv.contains("'-"), "{csv}");

    // The budgets: the seeds' sums, and the plan's shares of 2024.
    let page = app.page(&board, "/o/hoglandet/budget").await;
    for figure in [
        "8 549 000 kr",
        "−557 000 kr",
        "8 302 500 kr",
        "56,2 %",
        "24,4 %",
        "18,7 %",
        "0,7 %",
    ] {
        assert!(page.contains(figure), "{backend:?} budget: {figure}");
    }
    assert!(page.contains("2020-11-20") && page.contains("Samrådsversion"));
}
per_backend!(the_follow_up_reproduces_the_half_year_reports);

async fn a_ledger_with_one_bad_row_stores_nothing_and_names_the_row(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let import = |body: &'static str, credit_negative: bool| {
        let mut form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("year", "2024")
            .part(
                "file",
                reqwest::multipart::Part::bytes(body.as_bytes()).file_name("huvudbok.csv"),
            );
        if credit_negative {
            form = form.text("credit_negative", "1");
        }
        director
            .post(app.url("/o/hoglandet/ledger/import"))
            .multipart(form)
            .send()
    };
    let entries = || async { app.store.ledger_entries(org, 2024, 2024).await.unwrap() };
    let file = "konto;period;belopp\nAneby kommun;2024-01;-119 465\n4010;2024-03;331 666,67\nRevision;2024-03;12 500\n";
    let res = import(file, true).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("Rad 3") && text.contains("4010"),
        "{backend:?}: {text}"
    );
    assert!(
        entries().await.is_empty(),
        "{backend:?}: nothing of the rejected file is stored"
    );

    // Map the account once; the same file then goes in whole, income turned positive.
    let res = director
        .post(app.url("/o/hoglandet/ledger/mappings"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("account", "4010"),
            ("line", "SE-Höglandet"),
            ("side", "cost"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let res = import(file, true).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("3 belopp importerade"));
    // Importing it again replaces, it does not count twice.
    assert_eq!(import(file, true).await.unwrap().status(), StatusCode::OK);
    let got = entries().await;
    assert_eq!(got.len(), 3, "{backend:?}");
    assert_eq!(got[0].amount.0, 11_946_500);
    assert_eq!(got[1].amount.0, 33_166_667);
    // By hand, and kept when the months are imported again.
    let res = director
        .post(app.url("/o/hoglandet/ledger/entries"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("line", "cost:Revision"),
            ("period", "2024-03"),
            ("amount", "500"),
            ("text", "Rättelse"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    import(file, true).await.unwrap();
    let got = entries().await;
    assert_eq!(got.iter().filter(|e| e.source == Source::Manual).count(), 1);
    assert_eq!(got.len(), 4);
    // A typed amount that is not one is named, and nothing is stored.
    let res = director
        .post(app.url("/o/hoglandet/ledger/entries"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("line", "cost:Revision"),
            ("period", "2024-13"),
            ("amount", "5OO"),
            ("text", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(entries().await.len(), 4);
    // The follow-up of March 2024 shows the ledger: 12 500 + 500 on Revision.
    let page = app
        .page(&director, "/o/hoglandet/follow-up?on=2024-03-31")
        .await;
    assert!(
        page.contains("13 000") && page.contains("331 667"),
        "{backend:?}"
    );

    // A budget file with a bad line is refused whole and named.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("version", "decided")
        .text("decided_on", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(
                &b"rad;typ;kategori;2027;2028;2029\nStyrelse;kostnad;admin;60 000;60 000;x\n"[..],
            )
            .file_name("b.csv"),
        );
    let before = app.store.budgets(org).await.unwrap().len();
    let res = director
        .post(app.url("/o/hoglandet/budget"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("Beslutsdatum") && text.contains("Rad 2"),
        "{text}"
    );
    assert_eq!(app.store.budgets(org).await.unwrap().len(), before);
}
per_backend!(a_ledger_with_one_bad_row_stores_nothing_and_names_the_row);

async fn a_payout_waits_for_the_certificate_and_the_reports(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let aneby = app
        .store
        .list_agreements(org)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.intervention == "SE-Höglandet" && a.municipality == "Aneby kommun")
        .unwrap()
        .id
        .to_string();
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let post = |path: &'static str, extra: Vec<(&'static str, &'static str)>| {
        let mut form = vec![
            ("csrf", csrf.clone()),
            ("agreement", aneby.clone()),
            ("year", "2023".into()),
            ("half", "2".into()),
        ];
        form.extend(extra.into_iter().map(|(k, v)| (k, v.to_string())));
        director.post(app.url(path)).form(&form).send()
    };
    let approved = || async {
        app.store
            .approvals(org, 2023)
            .await
            .unwrap()
            .into_iter()
            .find(|(id, h, _)| id.to_string() == aneby && *h == 2)
            .map(|(_, _, a)| a)
    };
    // No papers: refused, both named.
    let res = post("/o/hoglandet/payouts/approve", vec![]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("Intyg inkommet") && text.contains("Rapporter inkomna"),
        "{text}"
    );
    post(
        "/o/hoglandet/payouts/papers",
        vec![("certificate_on", "2023-12-01")],
    )
    .await
    .unwrap();
    let res = post("/o/hoglandet/payouts/approve", vec![]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(approved().await.unwrap().approved.is_none());
    post(
        "/o/hoglandet/payouts/papers",
        vec![("reports_on", "2023-12-05")],
    )
    .await
    .unwrap();
    let res = post("/o/hoglandet/payouts/approve", vec![("on", "2023-12-10")])
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let a = approved().await.unwrap();
    assert_eq!(a.certificate_on.unwrap().to_string(), "2023-12-01");
    // 0,75 × 465 000 / 2, kept as approved; approving again is refused.
    assert_eq!(a.approved.unwrap().1 .0, 17_437_500);
    let res = post("/o/hoglandet/payouts/approve", vec![("on", "2023-12-11")])
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The board reads it, and the file has it.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app
        .page(&board, "/o/hoglandet/payouts?year=2023&half=2")
        .await;
    assert!(page.contains("2023-12-10") && !page.contains("payouts/approve"));
    let res = board
        .get(app.url("/o/hoglandet/payouts?year=2023&half=2&format=xlsx"))
        .send()
        .await
        .unwrap();
    let rows = samordna_reports::read::table(&res.bytes().await.unwrap()).unwrap();
    let line = rows
        .iter()
        .find(|r| r[1] == "Aneby kommun" && r[0] == "SE-Höglandet")
        .unwrap();
    assert_eq!(
        (line[4].as_str(), line[7].as_str()),
        ("174375", "2023-12-10")
    );
    // The June payout is approved in the demo, so the liquidity counts only December's.
    let page = app
        .page(&board, "/o/hoglandet/follow-up?on=2023-06-30")
        .await;
    assert!(
        page.contains("Likviditeten räcker till alla beslutade utbetalningar."),
        "{backend:?}"
    );
}
per_backend!(a_payout_waits_for_the_certificate_and_the_reports);

async fn the_director_keeps_the_agreements_and_the_payouts_follow(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let find = |intervention: &'static str, municipality: &'static str| {
        let store = app.store.clone();
        async move {
            store
                .list_agreements(org)
                .await
                .unwrap()
                .into_iter()
                .find(|a| a.intervention == intervention && a.municipality == municipality)
        }
    };
    let post = |path: &'static str, form: Vec<(&'static str, String)>| {
        let mut form = form;
        form.push(("csrf", csrf.clone()));
        director.post(app.url(path)).form(&form).send()
    };
    let it = app
        .store
        .get_intervention(org, "it-sparet")
        .await
        .unwrap()
        .id;
    let members = app.store.list_members(org).await.unwrap();
    let sävsjö = members
        .iter()
        .find(|m| m.name == "Sävsjö kommun")
        .unwrap()
        .id;
    // A bad agreement names every field and stores nothing.
    let res = post(
        "/o/hoglandet/agreements",
        vec![
            ("intervention", it.to_string()),
            ("municipality", sävsjö.to_string()),
            ("standard", "mycket".into()),
            ("fte", "0,755".into()),
            ("valid_from", "2024-02-30".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("Schablonbelopp") && text.contains("Gäller från"),
        "{text}"
    );
    assert!(find("IT-spåret", "Sävsjö kommun").await.is_none());
    let res = post(
        "/o/hoglandet/agreements",
        vec![
            ("intervention", it.to_string()),
            ("municipality", sävsjö.to_string()),
            ("standard", "465 000".into()),
            ("fte", "1,00".into()),
            ("valid_from", "2024-01-01".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let id = find("IT-spåret", "Sävsjö kommun")
        .await
        .unwrap()
        .id
        .to_string();
    // Vacant March–April 2024, then half a position from July.
    let res = post(
        "/o/hoglandet/agreements/reductions",
        vec![
            ("agreement", id.clone()),
            ("from", "2024-03".into()),
            ("to", "2024-04".into()),
            ("granted", "0".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(
        "/o/hoglandet/agreements/shares",
        vec![
            ("agreement", id.clone()),
            ("fte", "0,5".into()),
            ("valid_from", "2024-07-01".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // H1: 465 000 × 4/12 = 155 000; H2: 0,5 × 465 000 / 2 = 116 250.
    let page = app
        .page(&director, "/o/hoglandet/payouts?year=2024&half=1")
        .await;
    assert!(page.contains("155 000 kr"), "{backend:?}");
    let page = app
        .page(&director, "/o/hoglandet/payouts?year=2024&half=2")
        .await;
    assert!(page.contains("116 250 kr"), "{backend:?}");
    let page = app.page(&director, "/o/hoglandet/agreements").await;
    assert!(
        page.contains("2024-03–2024-04: 0,00") && page.contains("0,50 från 2024-07-01"),
        "{backend:?}"
    );
    // A reversed range is refused whole.
    let res = post(
        "/o/hoglandet/agreements/reductions",
        vec![
            ("agreement", id.clone()),
            ("from", "2024-09".into()),
            ("to", "2024-08".into()),
            ("granted", "0".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        find("IT-spåret", "Sävsjö kommun")
            .await
            .unwrap()
            .agreement
            .reductions
            .len(),
        2
    );
}
per_backend!(the_director_keeps_the_agreements_and_the_payouts_follow);

/// A date or year in the address that is not one is named on the page, never silently
/// replaced by today's.
async fn a_wrong_date_or_year_in_the_address_is_named(backend: Backend) {
    let app = spawn_app(backend).await;
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    for (path, value) in [
        ("/o/hoglandet/follow-up?on=2023-13-45", "2023-13-45"),
        ("/o/hoglandet/socioeconomic?year=1800", "1800"),
        ("/o/hoglandet/socioeconomic?year=tjugo", "tjugo"),
    ] {
        let res = board.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend:?} {path}"
        );
        let page = res.text().await.unwrap();
        assert!(
            page.contains(value) && page.contains("role=\"alert\""),
            "{backend:?} {path}"
        );
    }
    // The files refuse them too.
    let res = board
        .get(app.url("/o/hoglandet/follow-up?on=2023-13-45&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // An empty one is today's, as before.
    let res = board
        .get(app.url("/o/hoglandet/follow-up?on="))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
per_backend!(a_wrong_date_or_year_in_the_address_is_named);

/// The ledger offers to merge a line written two ways, and a merge moves its entries into the
/// kept line so the follow-up counts them there.
async fn a_ledger_line_is_merged_from_the_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    let page = app.page(&c, "/o/hoglandet/ledger?year=2023").await;
    assert!(
        page.contains("Slå ihop ”"),
        "{backend:?}: a pair is offered"
    );
    let count = |es: &[samordna_domain::economy::ledger::Entry], name: &str| {
        es.iter().filter(|e| e.line.name == name).count()
    };
    let before = app.store.ledger_entries(org, 2000, 2100).await.unwrap();
    assert!(count(&before, "SE-projekt") > 0);
    let res = c
        .post(app.url("/o/hoglandet/ledger/merge"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("from", "cost:SE-projekt"),
            ("into", "cost:SE-Höglandet"),
            ("year", "2023"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{backend:?}");
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("”SE-projekt” är nu en del av ”SE-Höglandet”"));
    let after = app.store.ledger_entries(org, 2000, 2100).await.unwrap();
    assert_eq!(count(&after, "SE-projekt"), 0);
    assert_eq!(
        count(&after, "SE-Höglandet"),
        count(&before, "SE-Höglandet") + count(&before, "SE-projekt")
    );
}
per_backend!(a_ledger_line_is_merged_from_the_page);

/// A refused form shows the page again on the date the user had, not today.
async fn a_refused_form_stays_on_the_users_date(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let res = c
        .post(app.url("/o/hoglandet/follow-up/balance"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("on", "2023-06-30"),
            ("receivables", "1 000"),
            ("cash", ""),
            ("liabilities", "tre"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let page = res.text().await.unwrap();
    assert!(
        page.contains("<h1>Ekonomisk uppföljning 2023-06-30</h1>"),
        "{backend:?}"
    );
    assert!(
        page.contains("Kassa och bank: måste fyllas i"),
        "{backend:?}"
    );
}
per_backend!(a_refused_form_stays_on_the_users_date);
