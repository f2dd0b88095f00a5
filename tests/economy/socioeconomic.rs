//! The socioeconomic effect of a year from the stays and their follow-ups: the calculation
//! shown to the board, the amounts set by the director, the table as XLSX.

use crate::helpers::*;
use reqwest::StatusCode;
use samordna_domain::access::audit::Actor;
use samordna_domain::participants::record::{Change, Viewer};
use samordna_domain::participants::{IncomeSet, Outcome};
use samordna_store::EpisodeFilter;

async fn the_effect_of_a_year_with_the_months_the_follow_ups_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    // Three people left SE-Höglandet for work on 31 May 2023, one for studies.
    let csv = "id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter\n\
               E-1;kvinna;1990;Eksjö;se-hoglandet;;2022-10-01;2023-05-31;arbete;försörjningsstöd;lön\n\
               E-2;man;1991;Eksjö;se-hoglandet;;2022-10-01;2023-05-31;arbete;försörjningsstöd;lön\n\
               E-3;kvinna;1992;Nässjö;se-hoglandet;;2022-10-01;2023-05-31;arbete;försörjningsstöd;lön\n\
               E-4;man;1993;Nässjö;se-hoglandet;;2022-10-01;2023-05-31;studier;försörjningsstöd;studiemedel\n";
    let lookups = samordna_app::participants::import_lookups(&*app.store, org)
        .await
        .unwrap();
    let rows = samordna_app::participants::parse_file(csv.as_bytes(), &lookups).unwrap();
    app.store
        .import_participants(org, &Actor::system("test"), &rows)
        .await
        .unwrap();
    // E-3 was not in work at the 6-month follow-up: that half-year does not count.
    let viewer = Viewer::system("test");
    let stays = app
        .store
        .episodes(org, &viewer, &EpisodeFilter::default())
        .await
        .unwrap();
    let e3 = stays.iter().find(|e| e.participant_code == "E-3").unwrap();
    let six = e3.follow_ups.iter().find(|f| f.months == 6).unwrap();
    let change = Change::FollowUp {
        follow_up_id: six.id,
        on: six.due,
        status: Outcome::Other,
        income: IncomeSet::default(),
    };
    app.store
        .change_episode(org, &viewer, e3.id, &change)
        .await
        .unwrap();

    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app
        .page(&board, "/o/hoglandet/socioeconomic?year=2023")
        .await;
    // 12 + 12 + 6 = 30 person-months × 16 200 kr.
    assert!(
        page.contains("3 personer till arbete: 30 personmånader × 16 200 kr = 486 000 kr"),
        "{page}"
    );
    assert!(page.contains(
        "10 000 kr (sparat offentligt stöd) + 500 kr (administration) + 5 700 kr (skatt)"
    ));
    let (_, board_csrf) = app.login("styrelse@hoglandet.demo").await;
    let refused = board
        .post(app.url("/o/hoglandet/socioeconomic"))
        .form(&[
            ("csrf", board_csrf.as_str()),
            ("support", "1"),
            ("administration", "1"),
            ("tax", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // The director changes an amount; a bad one is named and nothing changes.
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let post = |tax: &'static str| {
        director
            .post(app.url("/o/hoglandet/socioeconomic"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("year", "2023"),
                ("support", "10 000"),
                ("administration", "500"),
                ("tax", tax),
            ])
            .send()
    };
    let bad = post("mycket").await.unwrap().text().await.unwrap();
    assert!(bad.contains("Skatt per månad"), "{bad}");
    assert_eq!(post("5000").await.unwrap().status(), StatusCode::SEE_OTHER);
    let page = app
        .page(&board, "/o/hoglandet/socioeconomic?year=2023")
        .await;
    assert!(page.contains("30 personmånader × 15 500 kr = 465 000 kr"));
    // Numbers in the table the Swedish way on the page, bare in the file.
    assert!(page.contains("<td class=\"num\">465 000</td>"), "{page}");

    let xlsx = board
        .get(app.url("/o/hoglandet/socioeconomic?year=2023&format=xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let sheet = samordna_reports::read::table(&xlsx).unwrap();
    assert_eq!(sheet.last().unwrap()[1..], ["3", "30", "465000"]);
}
per_backend!(the_effect_of_a_year_with_the_months_the_follow_ups_found);
