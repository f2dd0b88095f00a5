//! Members' contributions: a year's total split by its key, instalments invoiced and paid,
//! what is outstanding; set by the director, read by the board, refused whole when wrong.

use crate::helpers::*;
use reqwest::StatusCode;

async fn the_year_is_split_and_the_instalments_say_what_is_left(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let members = app.store.list_members(org).await.unwrap();
    let id = |name: &str| {
        members
            .iter()
            .find(|m| m.name == name)
            .unwrap()
            .id
            .to_string()
    };
    let (fk, af) = (id("Försäkringskassan"), id("Arbetsförmedlingen"));
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let post = |path: &str, form: Vec<(String, String)>| {
        let mut form = form;
        form.push(("csrf".into(), csrf.clone()));
        director
            .post(app.url(&format!("/o/hoglandet{path}")))
            .form(&form)
            .send()
    };
    let f = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    };

    // A bad total and a bad weight: both named, nothing stored.
    let bad = post(
        "/contributions",
        f(&[
            ("year", "2023"),
            ("total", "mycket"),
            (&format!("w{af}"), "-1"),
        ]),
    )
    .await
    .unwrap();
    let text = bad.text().await.unwrap();
    assert!(
        text.contains("Total (kr)") && text.contains("Nyckel"),
        "{text}"
    );
    assert!(app
        .store
        .contribution_year(org, 2023)
        .await
        .unwrap()
        .is_none());

    // 2021's 7 992 000 kr (000 §10), the state's half paid by Försäkringskassan.
    let ok = post(
        "/contributions",
        f(&[
            ("year", "2023"),
            ("total", "7 992 000"),
            (&format!("w{af}"), "0"),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    // FK paid half by 30 June (003); the second half is due in September.
    for due in ["2023-03-31", "2023-09-30"] {
        let r = post(
            "/contributions/instalments",
            f(&[
                ("year", "2023"),
                ("member", &fk),
                ("amount", "1 998 000"),
                ("due", due),
            ]),
        )
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let first = app.store.instalments(org, 2023).await.unwrap()[0].id;
    let r = post(
        &format!("/contributions/instalments/{first}/paid"),
        f(&[("year", "2023"), ("on", "2023-03-28")]),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let (board, board_csrf) = app.login("styrelse@hoglandet.demo").await;
    let page = app
        .page(&board, "/o/hoglandet/contributions?year=2023")
        .await;
    let row = |name: &str| -> Vec<String> {
        let at = page
            .find(&format!("<th scope=\"row\">{name}</th>"))
            .unwrap();
        page[at..at + page[at..].find("</tr>").unwrap()]
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        row("Försäkringskassan"),
        [
            "1",
            "3 996 000 kr",
            "3 996 000 kr",
            "1 998 000 kr",
            "1 998 000 kr",
            "1 998 000 kr"
        ]
    );
    assert_eq!(row("Arbetsförmedlingen")[1], "0 kr");
    assert_eq!(row("Region Jönköpings län")[1], "1 998 000 kr");
    assert_eq!(row("Eksjö kommun")[1], "333 000 kr");
    assert!(page.contains("7 992 000 kr"));
    let refused = board
        .post(app.url("/o/hoglandet/contributions"))
        .form(&[
            ("csrf", board_csrf.as_str()),
            ("year", "2023"),
            ("total", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // Paying twice is not possible.
    let again = post(
        &format!("/contributions/instalments/{first}/paid"),
        f(&[("year", "2023"), ("on", "2023-03-29")]),
    )
    .await
    .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    let xlsx = board
        .get(app.url("/o/hoglandet/contributions?year=2023&format=xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let sheet = samordna_reports::read::table(&xlsx).unwrap();
    let fk_row = sheet.iter().find(|r| r[0] == "Försäkringskassan").unwrap();
    assert_eq!(
        fk_row[1..],
        ["1", "3996000", "3996000", "1998000", "1998000", "1998000"]
    );
}
per_backend!(the_year_is_split_and_the_instalments_say_what_is_left);

/// The year's total and key come from the budget the board decided: the members' income
/// lines, the state's part paid by the member the line names first.
async fn the_contributions_are_taken_from_the_budget(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let org = app.org_id().await;
    let res = c
        .post(app.url("/o/hoglandet/contributions/from-budget"))
        .form(&[("csrf", csrf.as_str()), ("year", "2024")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let (total, key) = app
        .store
        .contribution_year(org, 2024)
        .await
        .unwrap()
        .unwrap();
    // The decided budget 2022–2024 (not the proposal 2024–2026): the six municipalities,
    // the region and "Staten (FK+AF)", half of it the state's.
    assert_eq!(total.round_to_kronor(), 8_054_000, "{backend:?}");
    let members = app.store.list_members(org).await.unwrap();
    let weight = |name: &str| {
        let id = members.iter().find(|m| m.name == name).unwrap().id;
        key.iter().find(|(m, _)| *m == id).map_or(0, |k| k.1)
    };
    assert_eq!(weight("Aneby kommun"), 120_810);
    assert_eq!(weight("Försäkringskassan"), 4_027_000);
    assert_eq!(weight("Arbetsförmedlingen"), 0);
    let page = app.page(&c, "/o/hoglandet/contributions?year=2024").await;
    assert!(page.contains("8 054 000 kr"), "{backend:?}");
    // Nothing is paid yet: the liquidity counts the whole year as still to come in.
    use samordna_domain::economy::follow_up::BalanceEntry;
    use samordna_domain::money::Ore;
    let on = time::macros::date!(2024 - 06 - 30);
    let entry = BalanceEntry {
        on,
        receivables: Ore(0),
        cash: Ore::from_kronor(1_000_000),
        liabilities: Ore(0),
    };
    let actor = samordna_domain::access::audit::Actor::system("test");
    app.store
        .set_balance_entry(org, &actor, &entry)
        .await
        .unwrap();
    let f = samordna_app::economy::follow_up::follow_up(&*app.store, org, on)
        .await
        .unwrap();
    assert_eq!(
        f.liquidity.unwrap().contributions_due.round_to_kronor(),
        8_054_000,
        "{backend:?}"
    );
    // A year no budget has says so at the field.
    let res = c
        .post(app.url("/o/hoglandet/contributions/from-budget"))
        .form(&[("csrf", csrf.as_str()), ("year", "2030")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
per_backend!(the_contributions_are_taken_from_the_budget);
