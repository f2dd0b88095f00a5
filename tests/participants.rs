//! Participants end to end: who sees whom, identities sealed and every read of them audited,
//! consent withdrawal, and an import that stores a whole file or nothing.

use crate::helpers::*;
use reqwest::StatusCode;
use samordna_domain::access::audit::Actor;
use samordna_domain::participants::record::{ConsentScope, Viewer};
use samordna_store::EpisodeFilter;

const PNR: &str = "19811218-9876";

/// Ids of the demo's participants by code.
async fn participant(app: &TestApp, code: &str) -> i64 {
    let eps = app
        .store
        .episodes(
            app.org_id().await,
            &Viewer::system("test"),
            &EpisodeFilter::default(),
        )
        .await
        .unwrap();
    eps.iter()
        .find(|e| e.participant_code == code)
        .unwrap()
        .participant_id
}

async fn a_coach_sees_only_their_scope_and_the_board_no_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let vetlanda = participant(&app, "SE-2026-005").await;
    let eksjo = participant(&app, "SE-2026-012").await;
    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let list = app.page(&coach, "/o/hoglandet/participants").await;
    assert!(
        list.contains("SE-2026-012") && list.contains("SE-2025-077"),
        "{backend:?}"
    );
    assert!(
        !list.contains("SE-2026-005"),
        "{backend:?}: Vetlanda is outside the coach's municipalities"
    );
    let res = coach
        .get(app.url(&format!("/o/hoglandet/participants/{vetlanda}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(!res.text().await.unwrap().contains("SE-2026-005"));
    let res = coach
        .get(app.url(&format!("/o/hoglandet/participants/{eksjo}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The coordinator (Eksjö only) sees Eksjö, not Nässjö.
    let (coordinator, _) = app.login("koordinator@hoglandet.demo").await;
    let list = app.page(&coordinator, "/o/hoglandet/participants").await;
    assert!(
        list.contains("SE-2026-012") && !list.contains("SE-2025-077"),
        "{backend:?}"
    );
    // The board and the auditor see no participant at all, not even the list.
    for who in ["styrelse@hoglandet.demo", "revisor@hoglandet.demo"] {
        let (c, _) = app.login(who).await;
        for path in [
            "/o/hoglandet/participants".to_string(),
            format!("/o/hoglandet/participants/{eksjo}"),
            "/o/hoglandet/coach".into(),
        ] {
            let res = c.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who} {path}");
            assert!(!res.text().await.unwrap().contains("SE-2026-012"));
        }
    }
}
per_backend!(a_coach_sees_only_their_scope_and_the_board_no_one);

async fn identities_are_sealed_consent_bound_and_every_read_audited(backend: Backend) {
    let (store, url) = store_for(backend).await;
    samordna::demo::load(&*store).await.unwrap();
    let app = spawn_on(store, "http://127.0.0.1").await;
    let org = app.org_id().await;
    let (coach, csrf) = app.login("coach@hoglandet.demo").await;
    let form = |consent: bool| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("gender", "man".into()),
            ("intervention", "1".into()),
            ("municipality", "2".into()),
            ("referral_date", "2026-11-02".into()),
            ("personnummer", PNR.into()),
            ("name", "Test Testsson".into()),
        ];
        if consent {
            f.push(("consent", "on".into()));
            f.push(("given_to", "Arbetsförmedlingen".into()));
            f.push(("scope_referral_group", "on".into()));
            f.push(("scope_exchange", "on".into()));
        }
        f
    };
    // A consent says to whom it was given and what it allows: without either, nothing.
    for (without, named) in [
        ("given_to", "Samtycke lämnat till"),
        ("scope_referral_group", "Samtycket gäller"),
    ] {
        let mut f = form(true);
        f.retain(|(k, _)| {
            *k != without && !(without.starts_with("scope") && k.starts_with("scope"))
        });
        let res = coach
            .post(app.url("/o/hoglandet/participants"))
            .form(&f)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{without}");
        assert!(res.text().await.unwrap().contains(named), "{without}");
    }
    // Without consent nothing is stored.
    let res = coach
        .post(app.url("/o/hoglandet/participants"))
        .form(&form(false))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("samtycke"));
    let res = coach
        .post(app.url("/o/hoglandet/participants"))
        .form(&form(true))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let path = res.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    // Birth year comes from the personnummer.
    let record = app.page(&coach, &path).await;
    assert!(
        record.contains("1981") && !record.contains("9876"),
        "the record page does not show the identity"
    );
    // Sealed at rest: the database holds neither the number nor the name.
    let dump = app
        .store
        .export_participants(org, &Viewer::system("test"), false)
        .await
        .unwrap();
    assert!(dump.iter().all(|(_, i)| i.is_none()));
    let sealed = raw_identity_rows(&url).await;
    assert_eq!(sealed.len(), 1);
    assert!(!sealed[0].contains("9876") && !sealed[0].contains("Testsson"));
    // Reading it shows it and leaves an audit entry naming who and whom.
    let before = identity_reads(&app, id).await;
    let shown = app.page(&coach, &format!("{path}/identity")).await;
    assert!(shown.contains(PNR) && shown.contains("Test Testsson"));
    assert_eq!(identity_reads(&app, id).await, before + 1, "{backend:?}");
    // The same person cannot be registered twice.
    let res = coach
        .post(app.url("/o/hoglandet/participants"))
        .form(&form(true))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Another key opens nothing and is refused at start.
    let wrong =
        samordna_store::IdentityKey::parse(&samordna_store::IdentityKey::generate()).unwrap();
    let s = samordna_store::connect_with_key(&url, Some(wrong))
        .await
        .unwrap();
    assert!(matches!(
        s.check_identity_key().await,
        Err(samordna_store::StoreError::WrongIdentityKey)
    ));
    // Withdrawing the consent removes the identity and keeps the record.
    let r = app
        .store
        .participant(org, &Viewer::system("test"), id)
        .await
        .unwrap();
    assert_eq!(r.consents[0].given_to, "Arbetsförmedlingen");
    assert_eq!(
        r.consents[0].scope,
        [ConsentScope::ReferralGroup, ConsentScope::Exchange],
        "{backend:?}"
    );
    assert!(record.contains("Att ärendet tas upp i remittentgruppen, Att parterna utbyter"));
    let r = app
        .store
        .participant(org, &Viewer::system("test"), id)
        .await
        .unwrap();
    let consent = r.consents[0].id;
    let res = coach
        .post(app.url(&format!("{path}/consents/{consent}/withdraw")))
        .form(&[("csrf", csrf.as_str()), ("on", "2026-11-20")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(raw_identity_rows(&url).await.is_empty());
    let r = app
        .store
        .participant(org, &Viewer::system("test"), id)
        .await
        .unwrap();
    assert!(!r.participant.has_identity && r.episodes.len() == 1);
    assert_eq!(
        app.store
            .identity(org, &Viewer::system("test"), id)
            .await
            .unwrap(),
        None
    );
}
per_backend!(identities_are_sealed_consent_bound_and_every_read_audited);

async fn identity_reads(app: &TestApp, participant: i64) -> usize {
    app.store
        .list_audit(app.org_id().await, 1000, None)
        .await
        .unwrap()
        .iter()
        .filter(|e| {
            e.entity == "identity"
                && e.entity_id.as_deref() == Some(&participant.to_string())
                && e.action.as_str() == "read"
        })
        .count()
}

/// The identities table as stored, read past the store; for SQLite also the raw bytes of
/// the database file and its write-ahead log.
async fn raw_identity_rows(url: &str) -> Vec<String> {
    let sql = "SELECT lookup || ' ' || sealed FROM identities";
    if let Some(path) = url.strip_prefix("sqlite://") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        let raw = String::from_utf8_lossy(&bytes);
        assert!(
            !raw.contains("19811218") && !raw.contains("Testsson"),
            "identity in the clear on disk"
        );
        rows
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap()
    }
}

fn import_file(rows: usize, bad_row: Option<usize>) -> String {
    let mut csv = String::from("id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter\n");
    for i in 0..rows {
        let kommun = ["Eksjö", "Nässjö", "Aneby", "Vetlanda"][i % 4];
        let end = if i % 3 == 0 { "2024-06-30;arbete" } else { ";" };
        let before = if Some(i) == bad_row {
            "ingen|lön"
        } else {
            "försörjningsstöd|sjukpenning"
        };
        csv += &format!(
            "IMP-{i:06};{};{};{kommun};se-hoglandet;;2024-01-{:02};{end};{before};\n",
            ["kvinna", "man", "annat"][i % 3],
            1960 + i % 45,
            1 + i % 28
        );
    }
    csv
}

async fn an_import_with_one_bad_row_among_ten_thousand_stores_nothing_and_names_the_row(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let lookups = samordna_app::participants::import_lookups(&*app.store, org)
        .await
        .unwrap();
    let count = || async {
        app.store
            .episodes(org, &Viewer::system("test"), &EpisodeFilter::default())
            .await
            .unwrap()
            .len()
    };
    let before = count().await;
    let bad = import_file(10_000, Some(7_321));
    let problems = samordna_app::participants::parse_file(bad.as_bytes(), &lookups).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].row,
        Some(7_323),
        "the header is line 1, data row 7 321 (0-based) is line 7 323"
    );
    assert_eq!(
        samordna_domain::participants::import::column_of(problems[0].field),
        "försörjning_före"
    );
    assert_eq!(problems[0].value, "ingen|lön");
    // Through the upload form too, as the director: 422, the row named, nothing stored.
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let upload = |body: String| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(body.into_bytes()).file_name("lista.csv"),
            );
        director
            .post(app.url("/o/hoglandet/participants/import"))
            .multipart(form)
            .send()
    };
    let res = upload(bad).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("7323") && page.contains("ingen|lön"),
        "{backend:?}"
    );
    assert_eq!(
        count().await,
        before,
        "{backend:?}: nothing of the rejected file is stored"
    );
    // A row that overlaps a stay already in the database is found inside the
    // transaction, which is then rolled back whole.
    let good = import_file(300, None);
    let rows = samordna_app::participants::parse_file(good.as_bytes(), &lookups).unwrap();
    let s = app
        .store
        .import_participants(org, &Actor::system("test"), &rows)
        .await
        .unwrap();
    assert_eq!((s.rows, s.new_participants, s.episodes), (300, 300, 300));
    assert_eq!(count().await, before + 300);
    let again = app
        .store
        .import_participants(org, &Actor::system("test"), &rows)
        .await;
    match again {
        Err(samordna_store::StoreError::Invalid(v)) => assert_eq!(v.len(), 300),
        other => panic!("{other:?}"),
    }
    assert_eq!(count().await, before + 300, "{backend:?}");
    // The export is the import format: it reads back with the same rows.
    let res = director
        .get(app.url("/o/hoglandet/participants/export?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cells = samordna_reports::read::table(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(cells[0][1], "kön");
    assert!(cells
        .iter()
        .any(|r| r[0] == "IMP-000003" && r[7] == "2024-06-30" && r[8] == "arbete"));
    let _ = upload(good).await.unwrap();
}
per_backend!(an_import_with_one_bad_row_among_ten_thousand_stores_nothing_and_names_the_row);

async fn a_new_stay_may_not_overlap_an_earlier_one_in_the_same_intervention(backend: Backend) {
    use samordna_domain::participants::record::{Change, NewReferral};
    use samordna_domain::participants::IncomeSet;
    use time::macros::date;
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    // SE-2025-077 left for work on 2026-05-29 (the demo).
    let pid = participant(&app, "SE-2025-077").await;
    let viewer = Viewer::system("test");
    let first = app
        .store
        .episodes(
            org,
            &viewer,
            &EpisodeFilter {
                participant_id: Some(pid),
                ..Default::default()
            },
        )
        .await
        .unwrap()[0]
        .clone();
    let stay = app
        .store
        .refer(
            org,
            &viewer,
            pid,
            &NewReferral {
                intervention_id: first.intervention_id,
                municipality_id: first.municipality_id,
                referral_date: date!(2026 - 05 - 01),
                referrer_id: None,
            },
        )
        .await
        .unwrap();
    let start = |on| Change::Start {
        on,
        coach_id: None,
        income_before: IncomeSet::default(),
        gk: false,
    };
    let err = app
        .store
        .change_episode(org, &viewer, stay, &start(date!(2026 - 05 - 20)))
        .await
        .unwrap_err();
    assert!(
        format!("{err:?}").contains("Overlap"),
        "{backend:?}: {err:?}"
    );
    app.store
        .change_episode(org, &viewer, stay, &start(date!(2026 - 06 - 01)))
        .await
        .unwrap();
}
per_backend!(a_new_stay_may_not_overlap_an_earlier_one_in_the_same_intervention);

/// Gender is chosen, never defaulted: the form preselects nothing, and a stay registered
/// without one is refused with the field named.
async fn gender_has_no_default_and_must_be_chosen(backend: Backend) {
    let app = spawn_app(backend).await;
    let (coach, csrf) = app.login("coach@hoglandet.demo").await;
    let page = app.page(&coach, "/o/hoglandet/participants/new").await;
    let select = &page[page.find("name=\"gender\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        select.contains("<option value=\"\" selected>Välj …</option>"),
        "{select}"
    );
    assert_eq!(select.matches(" selected").count(), 1, "{select}");
    let res = coach
        .post(app.url("/o/hoglandet/participants"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("gender", ""),
            ("intervention", "1"),
            ("municipality", "2"),
            ("referral_date", "2026-11-02"),
            ("code", "UTAN-KON"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    assert!(res.text().await.unwrap().contains("Kön: måste fyllas i."));
}
per_backend!(gender_has_no_default_and_must_be_chosen);

/// A coach's Min sida counts places; a coordinator's and the director's count none.
async fn only_a_coach_is_told_of_places(backend: Backend) {
    let app = spawn_app(backend).await;
    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let page = app.page(&coach, "/o/hoglandet/coach").await;
    // The demo coach has one active participant (SE-2026-012) of 20 places at full time.
    assert!(
        page.contains("Du har 1 av 20 platser (5 %)."),
        "{backend:?}"
    );
    for email in ["koordinator@hoglandet.demo", "chef@hoglandet.demo"] {
        let (c, _) = app.login(email).await;
        let page = app.page(&c, "/o/hoglandet/coach").await;
        assert!(
            !page.contains("platser") && !page.contains("kapacitet"),
            "{backend:?} {email}"
        );
    }
}
per_backend!(only_a_coach_is_told_of_places);

/// After login a coach lands on Min sida, everyone else on the förbund's start.
async fn a_coach_lands_on_min_sida(backend: Backend) {
    let app = spawn_app(backend).await;
    for (email, start) in [
        ("coach@hoglandet.demo", "/o/hoglandet/coach"),
        ("chef@hoglandet.demo", "/o/hoglandet"),
        ("styrelse@hoglandet.demo", "/o/hoglandet"),
    ] {
        let (c, _) = app.login(email).await;
        let res = c.get(app.url("/")).send().await.unwrap();
        assert_eq!(res.headers()["location"], start, "{backend:?} {email}");
    }
}
per_backend!(a_coach_lands_on_min_sida);

/// Min sida lists what is due in date order, and says which are late.
async fn the_coachs_tasks_come_in_date_order_with_the_late_ones_marked(backend: Backend) {
    let app = spawn_app(backend).await;
    let (coach, _) = app.login("coach@hoglandet.demo").await;
    let page = app.page(&coach, "/o/hoglandet/coach").await;
    let list = &page[page.find("<ul class=\"tasks\">").expect("tasks")..];
    let list = &list[..list.find("</ul>").unwrap()];
    let dates: Vec<&str> = list
        .split("<li")
        .skip(1)
        .filter_map(|li| li.split(" · ").next())
        .map(|head| &head[head.len() - 10..])
        .collect();
    assert!(dates.len() >= 2, "{backend:?}: {list}");
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "{backend:?}: in date order");
    // The demo's after-support contacts from May 2026 are all past.
    let today = samordna_app::today().to_string();
    let late = dates.iter().filter(|d| **d < today.as_str()).count();
    assert_eq!(list.matches("Försenad:").count(), late, "{backend:?}");
    assert!(late > 0);
}
per_backend!(the_coachs_tasks_come_in_date_order_with_the_late_ones_marked);

/// The coach of a stay is chosen among the coaches, or none.
async fn the_coach_of_a_stay_is_chosen_among_coaches(backend: Backend) {
    let app = spawn_app(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let id = participant(&app, "SE-2026-041").await;
    let page = app
        .page(&director, &format!("/o/hoglandet/participants/{id}"))
        .await;
    let select = &page[page.find("name=\"coach\"").expect("a coach field")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        select.contains("SE-coach Eksjö och Nässjö (demo)"),
        "{select}"
    );
    assert!(select.contains("(ingen vald)"), "{select}");
    for not_a_coach in ["Förbundschef", "Samverkanskoordinator", "Styrelseledamot"] {
        assert!(!select.contains(not_a_coach), "{backend:?}: {not_a_coach}");
    }
}
per_backend!(the_coach_of_a_stay_is_chosen_among_coaches);

/// After an action the record confirms it where the user was; the 6- and 12-month follow-ups
/// wait until they are due instead of offering a form dated today right after the exit.
async fn the_record_confirms_in_place_and_follow_ups_wait_until_due(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let today = samordna_app::today().to_string();
    let res = c
        .post(app.url("/o/hoglandet/episodes/3/step"))
        .form(&[("csrf", csrf.as_str()), ("step", "2"), ("on", &today)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.ends_with("?saved=episode-3#episode-3"),
        "{backend:?}: {to}"
    );
    let page = app.page(&c, &to).await;
    let section = &page[page.find("id=\"episode-3\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("role=\"status\">Sparat.</p>"),
        "{backend:?}"
    );

    let reasons = app.store.exit_reasons(app.org_id().await).await.unwrap();
    let work = reasons
        .iter()
        .find(|r| r.code == "arbete")
        .unwrap()
        .id
        .to_string();
    let res = c
        .post(app.url("/o/hoglandet/episodes/3/exit"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("on", &today),
            ("reason", &work),
            ("after_wage", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let page = app
        .page(&c, res.headers()["location"].to_str().unwrap())
        .await;
    assert!(
        page.contains("6 månader efter avslut: görs från"),
        "{backend:?}"
    );
    assert!(
        !page.contains("/episodes/3/follow-up\""),
        "{backend:?}: no follow-up form before it is due"
    );
}
per_backend!(the_record_confirms_in_place_and_follow_ups_wait_until_due);

/// A real list writes values as people do: a part of a label, any case. Each finds its
/// reason; one that fits none is refused with the reasons listed.
async fn an_import_finds_values_the_way_people_write_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let lookups = samordna_app::participants::import_lookups(&*app.store, org)
        .await
        .unwrap();
    let file = |reasons: &[&str]| {
        let mut csv = String::from(
            "id;kön;födelseår;kommun;insats;startdatum;slutdatum;avslutsorsak;försörjning_före\n",
        );
        for (i, r) in reasons.iter().enumerate() {
            csv += &format!(
                "VAL-{i:03};Kvinna;1990;eksjo;SE-Höglandet;2024-01-0{};2024-06-30;{r};Ekonomiskt bistånd|utvecklingsersättning\n",
                i + 1
            );
        }
        csv
    };
    let rows = samordna_app::participants::parse_file(
        file(&["sjukdom", "Studier", "ARBETE", "Sjukdom/Ohälsa"]).as_bytes(),
        &lookups,
    )
    .unwrap();
    let code = |id: Option<i64>| {
        lookups
            .exit_reasons
            .iter()
            .find(|r| Some(r.id) == id)
            .unwrap()
            .code
            .clone()
    };
    let codes: Vec<String> = rows.iter().map(|r| code(r.exit_reason_id)).collect();
    assert_eq!(
        codes,
        ["ohalsa", "studier", "arbete", "ohalsa"],
        "{backend:?}"
    );
    assert_eq!(rows[0].income_before.0.len(), 2);

    let problems =
        samordna_app::participants::parse_file(file(&["sjuk"]).as_bytes(), &lookups).unwrap_err();
    let said = samordna_app::i18n::Tr(samordna_app::i18n::Lang::Sv).invalid(&problems[0]);
    assert!(said.contains("”sjuk”"), "{said}");
    assert!(
        said.contains("Giltiga värden: ")
            && said.contains("Sjukdom/ohälsa")
            && said.contains("Studier"),
        "{said}"
    );

    // A list's own word, mapped once on the import page, is read by the next import.
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let upload = || {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(file(&["Sjukskriven"]).into_bytes())
                    .file_name("lista.csv"),
            );
        director
            .post(app.url("/o/hoglandet/participants/import"))
            .multipart(form)
            .send()
    };
    let res = upload().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("avslutsorsak: ”Sjukskriven” betyder")
            && page.contains(r#"name="kind-1" value="exit_reason""#)
            && page.contains(r#"<option value="ohalsa">Sjukdom/ohälsa</option>"#),
        "{backend:?}: {page}"
    );
    let map = |value: &str| {
        director
            .post(app.url("/o/hoglandet/participants/import/mappings"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("kind-1", "exit_reason"),
                ("written-1", "Sjukskriven"),
                ("value-1", value),
            ])
            .send()
    };
    // Only to a reason the förbund has; nothing kept otherwise.
    let res = map("sjuk").await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    assert!(app.store.import_mappings(org).await.unwrap().is_empty());
    let res = map("ohalsa").await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let page = app
        .page(&director, res.headers()["location"].to_str().unwrap())
        .await;
    assert!(
        page.contains("En koppling sparades. Läs in filen igen.")
            && page.contains("<td>sjukskriven</td><td>Sjukdom/ohälsa</td>"),
        "{backend:?}: {page}"
    );
    let res = upload().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{backend:?}");
    let stays = app
        .store
        .episodes(org, &Viewer::system("test"), &EpisodeFilter::default())
        .await
        .unwrap();
    let imported = stays
        .iter()
        .find(|e| e.participant_code == "VAL-000")
        .unwrap();
    assert_eq!(
        code(imported.exit_reason.as_ref().map(|r| r.id)),
        "ohalsa",
        "{backend:?}"
    );
}
per_backend!(an_import_finds_values_the_way_people_write_them);

/// An after-support schedule whose contacts are all done folds away on the record.
async fn a_finished_after_support_schedule_folds_away(backend: Backend) {
    use samordna_domain::participants::record::Change;
    let app = spawn_app(backend).await;
    let org = app.org_id().await;
    let viewer = Viewer::system("test");
    let episodes = app
        .store
        .episodes(org, &viewer, &EpisodeFilter::default())
        .await
        .unwrap();
    let e = episodes
        .iter()
        .find(|e| !e.after_support.is_empty())
        .expect("a stay in after-support");
    let (c, _) = app.login("chef@hoglandet.demo").await;
    let path = format!("/o/hoglandet/participants/{}", e.participant_id);
    let summary = format!(
        "<summary>Alla {} kontakter i efterstödet är gjorda</summary>",
        e.after_support.len()
    );
    assert!(!app.page(&c, &path).await.contains(&summary));
    for contact in &e.after_support {
        let done = Change::ContactDone {
            contact_id: contact.id,
            on: contact.due,
        };
        if contact.done_on.is_none() {
            app.store
                .change_episode(org, &viewer, e.id, &done)
                .await
                .unwrap();
        }
    }
    assert!(app.page(&c, &path).await.contains(&summary), "{backend:?}");
}
per_backend!(a_finished_after_support_schedule_folds_away);

/// The words a coach reads: a start before the referral group decided is warned about, the
/// GK box says what ticking it means, the list says what it holds, and the third gender has
/// the one label of the statistics.
async fn the_record_and_the_list_say_what_they_mean(backend: Backend) {
    let app = spawn_app(backend).await;
    let (c, _) = app.login("chef@hoglandet.demo").await;
    // SE-2026-041 is referred and waits for the referral group.
    let id = participant(&app, "SE-2026-041").await;
    let record = app
        .page(&c, &format!("/o/hoglandet/participants/{id}"))
        .await;
    assert!(
        record.contains("Remittentgruppen har inte beslutat om personen ännu."),
        "{backend:?}"
    );
    assert!(record.contains(
        "Kontrollerat att personen inte är med i Försäkringskassans gemensamma kartläggning (GK)"
    ));
    let list = app.page(&c, "/o/hoglandet/participants").await;
    assert!(list.contains(
        "personer som inte är avregistrerade: i kö, pågående och avslutade med efterstöd kvar."
    ));
    let form = app.page(&c, "/o/hoglandet/participants/new").await;
    assert!(form.contains(">Annat/ej angivet</option>") && !form.contains("vill inte svara"));
    let liv = app
        .page(&c, "/o/hoglandet/interventions/se-hoglandet/edit")
        .await;
    assert!(
        liv.contains("En LIV-insats finansieras långsiktigt"),
        "{backend:?}"
    );
}
per_backend!(the_record_and_the_list_say_what_they_mean);
