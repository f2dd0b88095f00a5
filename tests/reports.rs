//! The half-year report (DOMAIN.md §5): the demo's approved H1 2023 report as the board
//! downloads it says what 003 says and is a tagged PDF/UA-1 + PDF/A-2a with alt text on
//! every figure; more participants later leave the approved report as it was, and a new
//! draft of the same period counts them as `samordna stats` does.

use crate::helpers::*;
use reqwest::StatusCode;
use samordna_domain::participants::import::{ImportRow, ParticipantKey};
use samordna_domain::participants::{Gender, IncomeSet};
use samordna_domain::reports::{Kind, Status};
use serde_json::Value;
use std::process::Command;
use time::macros::date;

async fn spawn_with_history(backend: Backend) -> (TestApp, String) {
    let (store, url) = store_for(backend).await;
    samordna::demo::load_with_history(&*store).await.unwrap();
    (spawn_on(store, "http://127.0.0.1").await, url)
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils, installed by scripts/test-env): {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The structure elements of the PDF's figures and the alt texts they carry (UTF-16).
fn figures_and_alts(pdf: &[u8]) -> (usize, Vec<String>) {
    let text = String::from_utf8_lossy(pdf);
    let figures = text.matches("/S/Figure").count() + text.matches("/S /Figure").count();
    let alts = text
        .split("/Alt<")
        .skip(1)
        .map(|rest| {
            let hex = &rest[..rest.find('>').unwrap()];
            let bytes: Vec<u16> = (0..hex.len() / 4)
                .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).unwrap())
                .collect();
            String::from_utf16_lossy(&bytes)
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    (figures, alts)
}

async fn approved_h1_2023(app: &TestApp) -> i64 {
    let org = app.org_id().await;
    app.store
        .reports(org)
        .await
        .unwrap()
        .into_iter()
        .find(|r| {
            r.period.kind == Kind::HalfYear
                && r.period.year == 2023
                && r.period.half == 1
                && r.status == Status::Approved
        })
        .expect("the demo's approved H1 2023 report")
        .id
}

async fn the_approved_report_is_an_accessible_pdf_with_the_seeds_figures(backend: Backend) {
    let (app, _) = spawn_with_history(backend).await;
    let id = approved_h1_2023(&app).await;
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let res = board
        .get(app.url(&format!("/o/hoglandet/reports/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap().to_vec();
    let path = temp_dir().join(format!("report-{backend:?}.pdf"));
    std::fs::write(&path, &pdf).unwrap();
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for figure in [
        "164",
        "78",
        "86",
        "8 136 068",
        "2 190 781",
        "3 985 322",
        "120 125",
        "100 000",
    ] {
        assert!(text.contains(figure), "{backend:?}: {figure} in the PDF");
    }
    assert!(text.contains("Deltog minst en dag") && text.contains("Innehåll"));
    assert!(text.contains("Godkänd av styrelsen 2023-08-31 (§ 7)"));
    let info = tool("pdfinfo", &[p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Delårsrapport 2023"), "{info}");
    let meta = tool("pdfinfo", &["-meta", p]);
    for declared in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<dc:language><rdf:Bag><rdf:li>sv",
    ] {
        assert!(meta.contains(declared), "{backend:?}: {declared}");
    }
    // Every figure (image) is tagged with alt text, and the alt text states its figures.
    let (figures, alts) = figures_and_alts(&pdf);
    assert!(figures >= 2, "a chart for each individual intervention");
    assert_eq!(
        alts.len(),
        figures,
        "{backend:?}: every figure has alt text"
    );
    assert!(
        alts.iter()
            .any(|a| a.contains("SE-Höglandet") && a.contains("kvinnor 78, män 86")),
        "{alts:?}"
    );
    // The page shows the same report, the 25 in after-support among it.
    let page = app
        .page(&board, &format!("/o/hoglandet/reports/{id}"))
        .await;
    assert!(
        page.contains("25 (") && page.contains("I efterstöd totalt"),
        "{backend:?}"
    );
    assert!(!page.contains("report-edit"), "the board does not edit");
    // And 2020 (002): 148 took part, 32 started.
    let org = app.org_id().await;
    let r2020 = app
        .store
        .reports(org)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.period.year == 2020)
        .unwrap();
    let page = app
        .page(&board, &format!("/o/hoglandet/reports/{}", r2020.id))
        .await;
    assert!(
        page.contains("148 (") && page.contains("32 ("),
        "{backend:?}: 2020"
    );
}
per_backend!(the_approved_report_is_an_accessible_pdf_with_the_seeds_figures);

/// The counts of the participants table of SE-Höglandet in a report's JSON: took part,
/// women and total, as written ("81 (70)" → 81).
fn took_part(report: &Value) -> (String, String) {
    let part = report["document"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "SE-Höglandet")
        .unwrap();
    let row = &part["figures"][0]["table"]["rows"][0];
    assert_eq!(row[0], "Deltog minst en dag");
    let now = |v: &Value| v.as_str().unwrap().split(' ').next().unwrap().to_string();
    (now(&row[1]), now(&row[4]))
}

async fn an_approved_report_never_changes_and_a_new_draft_counts_anew(backend: Backend) {
    let (app, url) = spawn_with_history(backend).await;
    let id = approved_h1_2023(&app).await;
    let token = app.token("styrelse@hoglandet.demo").await;
    let api = client();
    let json = |path: String| {
        let req = api.get(app.url(&path)).bearer_auth(&token);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let board_pdf = || {
        let req = board.get(app.url(&format!("/o/hoglandet/reports/{id}/pdf")));
        async move { req.send().await.unwrap().bytes().await.unwrap() }
    };
    let before_json = json(format!("/api/v1/orgs/hoglandet/reports/{id}")).await;
    let before_pdf = board_pdf().await;
    assert_eq!(took_part(&before_json), ("78".into(), "164".into()));
    let list = json("/api/v1/orgs/hoglandet/reports".into()).await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == id && r["status"] == "approved"));

    // Three more women took part in the spring of 2023, imported afterwards.
    let org = app.org_id().await;
    let interventions = app.store.list_interventions(org).await.unwrap();
    let se = interventions
        .iter()
        .find(|i| i.fields.slug == "se-hoglandet")
        .unwrap();
    let members = app.store.list_members(org).await.unwrap();
    let rows: Vec<ImportRow> = (0..3)
        .map(|i| ImportRow {
            row: i + 2,
            key: ParticipantKey::Code(format!("SENT-{i}")),
            gender: Gender::Woman,
            birth_year: 1999,
            age_at_start: 23,
            municipality_id: members[1].id,
            intervention_id: se.id,
            coach_id: None,
            start: date!(2023 - 02 - 01),
            end: None,
            exit_reason_id: None,
            income_before: IncomeSet::parse_piped("income", "social_assistance").unwrap(),
            income_after: IncomeSet::default(),
            consent: None,
        })
        .collect();
    app.store
        .import_participants(
            org,
            &samordna_domain::access::audit::Actor::system("test"),
            &rows,
        )
        .await
        .unwrap();

    let after_json = json(format!("/api/v1/orgs/hoglandet/reports/{id}")).await;
    assert_eq!(
        after_json, before_json,
        "{backend:?}: the approved JSON is unchanged"
    );
    let after_pdf = board_pdf().await;
    assert_eq!(
        after_pdf, before_pdf,
        "{backend:?}: the kept PDF is unchanged"
    );

    // A new version of the same period, made by the director, counts them.
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let res = director
        .post(app.url(&format!("/o/hoglandet/reports/{id}/copy")))
        .form(&[("csrf", csrf.as_str()), ("to", "same")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let new_id: i64 = res.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let draft = json(format!("/api/v1/orgs/hoglandet/reports/{new_id}")).await;
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["version"], 2);
    let stats: Value = serde_json::from_str(&cli(
        &url,
        &[
            "--identity-key",
            TEST_KEY,
            "stats",
            "--org",
            "hoglandet",
            "--insats",
            "se-hoglandet",
            "--from",
            "2023-01-01",
            "--to",
            "2023-06-30",
            "--format",
            "json",
        ],
        None,
    ))
    .unwrap();
    assert_eq!(stats["took_part"]["women"], 81);
    assert_eq!(
        took_part(&draft),
        (
            stats["took_part"]["women"].to_string(),
            stats["took_part"]["total"].to_string()
        ),
        "{backend:?}: the new draft counts as samordna stats does"
    );
    // An approved report refuses to be written.
    let res = director
        .post(app.url(&format!("/o/hoglandet/reports/{id}/sections/0")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "Ändrad"),
            ("level", "1"),
            ("text", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let again = json(format!("/api/v1/orgs/hoglandet/reports/{id}")).await;
    assert_eq!(again, before_json);
}
per_backend!(an_approved_report_never_changes_and_a_new_draft_counts_anew);

async fn the_director_writes_with_safe_markup_and_every_change_is_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let res = director
        .post(app.url("/o/hoglandet/reports"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "half-year"),
            ("year", "2026"),
            ("half", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()["location"].to_str().unwrap().to_string();
    let text = "## Efterstöd\n**Hög** <script>alert(1)</script>\n\n- en";
    let res = director
        .post(app.url(&format!("{at}/sections/0")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "Sammanfattning"),
            ("level", "1"),
            ("text", text),
            ("block-0", "participants:se-hoglandet"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.page(&director, &at).await;
    assert!(page.contains("<strong>Hög</strong> &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("SE-Höglandet: deltagare"));
    // The preview is the same rendering.
    let preview = director
        .post(app.url(&format!("{at}/preview")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("text", "*kursiv*"),
            ("level", "1"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(preview, "<p><em>kursiv</em></p>");
    // A bad section is named, and nothing is stored.
    let res = director
        .post(app.url(&format!("{at}/sections/0")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", ""),
            ("level", "7"),
            ("text", "x"),
            ("add", "ages:okand"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("okand"), "the unknown intervention is named");
    let org = app.org_id().await;
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    let stored = app.store.report(org, id).await.unwrap();
    assert_eq!(stored.sections[0].text, text.replace("\r\n", "\n"));
    let audit = app.store.list_audit(org, 100, None).await.unwrap();
    let writes = audit
        .iter()
        .filter(|e| e.entity == "report" && e.entity_id.as_deref() == Some(&id.to_string()))
        .count();
    assert_eq!(
        writes, 2,
        "{backend:?}: created and written once, each audited"
    );
}
per_backend!(the_director_writes_with_safe_markup_and_every_change_is_audited);

async fn the_command_line_writes_the_report_in_every_format(backend: Backend) {
    let (app, url) = spawn_with_history(backend).await;
    let id = approved_h1_2023(&app).await;
    let dir = temp_dir();
    let out = |format: &str| dir.join(format!("h1-2023-{backend:?}.{format}"));
    let run = |format: &str, draft: bool| {
        let path = out(format);
        let mut args = vec![
            "--identity-key",
            TEST_KEY,
            "report",
            "--org",
            "hoglandet",
            "--kind",
            "half-year",
            "--year",
            "2023",
            "--half",
            "1",
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
        ];
        if draft {
            args.push("--draft");
        }
        cli(&url, &args, None);
        std::fs::read(&path).unwrap()
    };
    // The approved one: the kept PDF and document, as the page and the API give them.
    let token = app.token("styrelse@hoglandet.demo").await;
    let api: Value = client()
        .get(app.url(&format!("/api/v1/orgs/hoglandet/reports/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let json: Value = serde_json::from_slice(&run("json", false)).unwrap();
    assert_eq!(json, api["document"], "{backend:?}");
    let kept = app
        .store
        .report_pdf(app.org_id().await, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run("pdf", false), kept, "{backend:?}: the kept PDF");
    let html = String::from_utf8(run("html", false)).unwrap();
    assert!(html.starts_with("<!doctype html><html lang=\"sv\">"));
    assert!(html.contains("<article class=\"report\"") && html.contains("164 ("));
    let docx = run("docx", false);
    assert!(docx.starts_with(b"PK"), "a Word file is a zip");
    // A draft of the same period is made from today's data, not kept.
    let draft: Value = serde_json::from_slice(&run("json", true)).unwrap();
    assert!(draft["status"].as_str().unwrap().starts_with("Utkast"));
    // A period without a report: a draft of the default outline; a bad one is named.
    let res = std::process::Command::new(BIN)
        .args([
            "--database",
            &url,
            "--identity-key",
            TEST_KEY,
            "report",
            "--org",
            "hoglandet",
        ])
        .args(["--kind", "kvartal", "--year", "2023", "--out", "/dev/null"])
        .output()
        .unwrap();
    assert!(!res.status.success());
    assert!(String::from_utf8_lossy(&res.stderr).contains("kvartal"));
}
per_backend!(the_command_line_writes_the_report_in_every_format);

async fn the_goal_table_is_a_figure_block_of_the_report(backend: Backend) {
    use samordna_domain::reports::{Block, ReportPeriod, Section};
    let (store, _) = store_for(backend).await;
    samordna::demo::load_with_history(&*store).await.unwrap();
    let org = store.org_by_slug("hoglandet").await.unwrap();
    let sections = vec![Section {
        blocks: vec![Block::Goals],
        ..Section::new("Verksamhetens mål", 1)
    }];
    let period = ReportPeriod {
        kind: Kind::Year,
        year: 2024,
        half: 0,
    };
    let report = store
        .create_report(
            org.id,
            &samordna_domain::access::audit::Actor::system("test"),
            period,
            &sections,
        )
        .await
        .unwrap();
    let doc = samordna_app::reports::document(&*store, &org, &report, samordna_app::today())
        .await
        .unwrap();
    let figure = &doc.parts[0].figures[0];
    assert_eq!(figure.title, "Måluppfyllelse januari–december 2024");
    let table = figure.table.as_ref().unwrap();
    assert_eq!(table.headers[5..], ["2024", "Måluppfyllelse", "2023"]);
    // The same values as the goals page and the API: the budget share of plan 2024.
    let row = table
        .rows
        .iter()
        .find(|r| r[1] == "Förbundets medel går i första hand till insatser för målgruppen.")
        .unwrap();
    assert_eq!(
        (row[4].as_str(), row[5].as_str(), row[6].as_str()),
        ("minst 55 %", "56,2 %", "Uppfyllt")
    );
    // A typed goal: 2023's value beside 2024's none.
    let typed = table
        .rows
        .iter()
        .find(|r| r[1].starts_with("Samtliga parter"))
        .unwrap();
    assert_eq!(
        (typed[5].as_str(), typed[7].as_str()),
        ("Inget värde ännu", "64 %")
    );
}

per_backend!(the_goal_table_is_a_figure_block_of_the_report);
