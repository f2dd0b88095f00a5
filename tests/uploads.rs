//! Hostile files and oversized forms: one upload limit, answered in Swedish with the limit;
//! a file within it is read, whatever the size of its form; and a spreadsheet that claims
//! billions of cells or unpacks to gigabytes is refused, naming the limit, while the
//! server's memory stays bounded.

use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    csrf: &str,
    path: &str,
    file: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new()
        .text("csrf", csrf.to_string())
        .text("version", "proposal")
        .part("file", Part::bytes(file).file_name("budget.csv"));
    c.post(app.url(path)).multipart(form).send().await.unwrap()
}

/// 5 MB was refused as a forged form (the 2 MB default of the form reader), above 32 MB
/// came an English plain-text 413. Now one limit (16 MB by default) for every form.
#[tokio::test]
async fn one_upload_limit_answered_in_swedish_with_the_limit() {
    let app = spawn_app(Backend::Sqlite).await;
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    // 5 MB of budget rows: read, and refused for what it says, not for its size.
    let mut big = String::from("rad;typ;kategori;2026\n");
    while big.len() < 5 * 1024 * 1024 {
        big += "Revision;kostnad;kaffe;100\n";
    }
    let res = upload(&app, &c, &csrf, "/o/hoglandet/budget", big.into_bytes()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("kaffe"), "the rows were read");
    // Beyond the limit, and far beyond it: the Swedish page, saying the limit.
    for mb in [20, 40] {
        let res = upload(
            &app,
            &c,
            &csrf,
            "/o/hoglandet/budget",
            vec![b'a'; mb * 1024 * 1024],
        )
        .await;
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{mb} MB");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Filen är större än 16 MB."),
            "{mb} MB: {page}"
        );
        assert!(page.contains("lang=\"sv\""));
    }
    // A form too, and the API in its own JSON.
    let res = c
        .post(app.url("/o/hoglandet/members"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", &"x".repeat(17 * 1024 * 1024)),
            ("kind", "state"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let token = app.token("chef@hoglandet.demo").await;
    let res = client()
        .post(app.url("/api/v1/orgs/hoglandet/members"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "x".repeat(17 * 1024 * 1024), "kind": "state"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["error"], "too-large");
    assert_eq!(json["errors"][0]["reason"], "file-too-large");
    assert!(json["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("16 MB"));
}

/// The peak resident memory of process `pid` so far, in bytes (`VmHWM`).
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

/// A 5 KB workbook with one cell in A1 and one in XFD1048576: as a range, 17 billion cells.
fn corner_to_corner() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "a").unwrap();
    ws.write_string(1_048_575, 16_383, "b").unwrap();
    wb.save_to_buffer().unwrap()
}

/// A workbook whose one shared string is `mb` megabytes of one letter: well under a
/// megabyte packed.
fn bomb(mb: usize) -> Vec<u8> {
    use std::io::Write;
    let mut base = rust_xlsxwriter::Workbook::new();
    base.add_worksheet().write_string(0, 0, "a").unwrap();
    let base = base.save_to_buffer().unwrap();
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let entry = from.by_index(i).unwrap();
        if entry.name() != "xl/sharedStrings.xml" {
            out.raw_copy_file(entry).unwrap();
        }
    }
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(mb >= 4096);
    out.start_file("xl/sharedStrings.xml", deflate).unwrap();
    out.write_all(b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>")
        .unwrap();
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..mb {
        out.write_all(&chunk).unwrap();
    }
    out.write_all(b"</t></si></sst>").unwrap();
    out.finish().unwrap().into_inner()
}

/// Each upload reads the spreadsheet within fixed limits. The corner-to-corner file made
/// the reader allocate 17 billion cells and abort the process (every förbund offline); a
/// bomb unpacked into memory whole. Now both are refused, naming the limit, and the
/// server's peak memory grows by less than 300 MB.
#[tokio::test]
async fn hostile_spreadsheets_are_refused_and_memory_stays_bounded() {
    let db = format!("sqlite://{}", temp_dir().join("hostile.db").display());
    cli(&db, &["demo"], None);
    let (mut server, base) = serve(&db, false);
    let store = samordna_store::connect(&db).await.unwrap();
    let app = app_at(&base, store);
    let (c, csrf) = app.login("chef@hoglandet.demo").await;
    let send = |path: &'static str, file: Vec<u8>| {
        let (c, url, csrf) = (c.clone(), app.url(path), csrf.clone());
        async move {
            let form = Form::new()
                .text("csrf", csrf)
                .text("version", "proposal")
                .part("file", Part::bytes(file).file_name("fil.xlsx"));
            let res = c.post(url).multipart(form).send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };
    // Every upload route once with a real file, so that the idle figure includes what a
    // normal upload costs.
    let (status, _) = send(
        "/o/hoglandet/ledger/import",
        b"konto;period;belopp\nRevision;2026-02;1\n".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let idle = peak_memory(server.id());
    let corner = corner_to_corner();
    assert!(corner.len() < 10_000);
    let packed = bomb(256);
    assert!(packed.len() < 2 * 1024 * 1024, "{}", packed.len());
    for (path, file, says) in [
        (
            "/o/hoglandet/budget",
            corner.clone(),
            "Filen har fler än 200 000 rader.",
        ),
        (
            "/o/hoglandet/ledger/import",
            corner,
            "Filen har fler än 200 000 rader.",
        ),
        (
            "/o/hoglandet/participants/import",
            packed.clone(),
            "Filen är större än 64 MB.",
        ),
        (
            "/o/hoglandet/surveys/rounds/1/import",
            packed.clone(),
            "Filen är större än 64 MB.",
        ),
        ("/o/hoglandet/budget", packed, "Filen är större än 64 MB."),
    ] {
        let (status, page) = send(path, file).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(page.contains(says), "{path}: {says}");
    }
    let grew = peak_memory(server.id()).saturating_sub(idle);
    println!(
        "peak memory grew by {} MB while refusing the files",
        grew / (1024 * 1024)
    );
    assert!(grew < 300 * 1024 * 1024, "grew by {grew} bytes");
    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK, "the server is still up");
    server.kill().unwrap();
    server.wait().unwrap();
}
