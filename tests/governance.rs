//! The board's work (DOMAIN.md §6; seeds 000 and 003): the public anslagstavla and its Atom
//! feed without a login; minutes written, sent for justering, commented on, signed by each
//! signer after giving their password again; a signed paragraph changed in the database
//! shows as a broken signature and cannot be published; quorum with and without a serving
//! substitute; a personnummer in a paragraph refuses publication and names the paragraph;
//! the year plan as iCalendar.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::governance::minutes::{Meeting, Status};
use samordna_domain::governance::{Seat, Term};
use samordna_store::Store;
use std::process::Command;
use std::sync::Arc;
use time::macros::date;

async fn spawn(backend: Backend) -> (TestApp, String) {
    let (store, url) = store_for(backend).await;
    samordna::demo::load(&*store).await.unwrap();
    (spawn_on(store, "http://127.0.0.1").await, url)
}

async fn meeting_on(store: &Arc<dyn Store>, day: time::Date) -> Meeting {
    let org = store.org_by_slug("hoglandet").await.unwrap().id;
    store
        .meetings(org, Some(day.year()))
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.date == day)
        .unwrap_or_else(|| panic!("the demo's meeting of {day}"))
}

async fn terms(store: &Arc<dyn Store>) -> Vec<Term> {
    let org = store.org_by_slug("hoglandet").await.unwrap().id;
    store.terms(org).await.unwrap()
}

/// A statement run past the store, on the database itself.
async fn exec(url: &str, sql: &str) -> u64 {
    if url.starts_with("sqlite://") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sql)
            .execute(&pool)
            .await
            .unwrap()
            .rows_affected()
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql)
            .execute(&pool)
            .await
            .unwrap()
            .rows_affected()
    }
}

async fn post(app: &TestApp, c: &Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf(c).await;
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    fields.extend_from_slice(form);
    c.post(app.url(path)).form(&fields).send().await.unwrap()
}

fn pdf_text(pdf: &[u8]) -> (String, String) {
    let dir = temp_dir();
    let file = dir.join("doc.pdf");
    std::fs::write(&file, pdf).unwrap();
    let run = |tool: &str, args: &[&str]| {
        let out = Command::new(tool)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{tool} (poppler-utils, scripts/test-env): {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let path = file.to_str().unwrap();
    // Table cells wrap: the words as one line.
    let text = run("pdftotext", &[path, "-"]);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (words, run("pdfinfo", &[path]))
}

/// The Atom feed's entries as (title, summary, link), after checking it is Atom.
fn atom_entries(xml: &str) -> Vec<(String, String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut entries, mut path, mut current) = (vec![], Vec::<String>::new(), None);
    let mut root_ns = None;
    loop {
        match reader.read_event().expect("the feed is well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if path.is_empty() {
                    assert_eq!(name, "feed");
                    root_ns = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == b"xmlns")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                }
                if name == "entry" {
                    current = Some((String::new(), String::new(), String::new()));
                }
                path.push(name);
            }
            Event::Empty(e) if e.name().as_ref() == b"link" => {
                if let Some(entry) = current.as_mut() {
                    let href = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == b"href")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                    entry.2 = href.unwrap_or_default();
                }
            }
            Event::Text(t) => {
                if let Some(entry) = current.as_mut() {
                    let text = t.unescape().unwrap().into_owned();
                    match path.last().map(String::as_str) {
                        Some("title") => entry.0 = text,
                        Some("summary") => entry.1 = text,
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                path.pop();
                if e.name().as_ref() == b"entry" {
                    entries.extend(current.take());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root_ns.as_deref(), Some("http://www.w3.org/2005/Atom"));
    entries
}

async fn the_anslagstavla_shows_the_justering_to_anyone(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let anyone = client();
    let res = anyone
        .get(app.url("/o/hoglandet/anslagstavla?year=2023"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    let notice = &page[page
        .find("Justerat protokoll, Styrelsen 2023-08-31")
        .expect("the notice")..];
    for line in [
        "Datum för justering</dt><dd>2023-09-07",
        "Anslaget</dt><dd>2023-09-07",
        "Sista dag att överklaga</dt><dd>2023-09-28",
        "Protokollet förvaras</dt><dd>Förbundets kansli, Nässjö",
    ] {
        assert!(notice.contains(line), "{line}");
    }

    let res = anyone
        .get(app.url("/o/hoglandet/anslagstavla.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let entries = atom_entries(&res.text().await.unwrap());
    let (_, summary, link) = entries
        .iter()
        .find(|(title, _, _)| title == "Justerat protokoll, Styrelsen 2023-08-31")
        .expect("the justering in the feed");
    assert!(
        summary.contains("Datum för justering: 2023-09-07"),
        "{summary}"
    );
    assert!(
        summary.contains("Sista dag att överklaga: 2023-09-28"),
        "{summary}"
    );

    // The published minutes: an accessible PDF without the signatures.
    let path = link.trim_start_matches("http://127.0.0.1");
    let res = anyone.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (text, info) = pdf_text(&res.bytes().await.unwrap());
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(text.contains("att inte återställa förbundets underskott för 2022."));
    assert!(text.contains("Beslut per capsulum 2023-06-13."));
    assert!(
        !text.contains("Underskriftssida") && !text.contains("bf3dd1d9f4af4e109093625c97e20469")
    );

    // The signed copy has the signature page, for the förbund's own.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let m = meeting_on(&app.store, date!(2023 - 08 - 31)).await;
    let res = board
        .get(app.url(&format!("/o/hoglandet/meetings/{}/minutes.pdf", m.id)))
        .send()
        .await
        .unwrap();
    let (text, _) = pdf_text(&res.bytes().await.unwrap());
    assert!(text.contains("Underskriftssida"));
    assert!(text.contains("bf3dd1d9f4af4e109093625c97e20469"));
    assert!(text.contains("2023-09-07 14:21:04 +02:00"));

    // No such förbund: nothing.
    let res = anyone
        .get(app.url("/o/ingen-sadan/anslagstavla"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn a_signed_paragraph_changed_in_the_database_breaks_the_signature(backend: Backend) {
    let (app, url) = spawn(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let m = meeting_on(&app.store, date!(2020 - 11 - 20)).await;
    assert_eq!(m.status, Status::Signed);
    let page = app
        .page(&director, &format!("/o/hoglandet/meetings/{}", m.id))
        .await;
    assert!(!page.contains("har ändrats efter att det signerades"));

    // §9's decision rewritten behind the application's back.
    let changed = exec(
        &url,
        "UPDATE meetings SET minutes = replace(minutes, 'att godkänna verksamhetsplan 2021', 'att avslå verksamhetsplan 2021') WHERE date = '2020-11-20'",
    )
    .await;
    assert_eq!(changed, 1);
    let page = app
        .page(&director, &format!("/o/hoglandet/meetings/{}", m.id))
        .await;
    assert!(page.contains("Protokollet har ändrats efter att det signerades"));
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/meetings/{}/publish", m.id),
        &[("posted_on", "2020-11-30")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("har ändrats efter att det signerades"));
    let org = app.org_id().await;
    assert!(app
        .store
        .notices(org)
        .await
        .unwrap()
        .iter()
        .all(|n| n.meeting_id != m.id));

    // Put back as signed, it is what was signed again and can be published.
    exec(
        &url,
        "UPDATE meetings SET minutes = replace(minutes, 'att avslå verksamhetsplan 2021', 'att godkänna verksamhetsplan 2021') WHERE date = '2020-11-20'",
    )
    .await;
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/meetings/{}/publish", m.id),
        &[("posted_on", "2020-11-30")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(app
        .store
        .notices(org)
        .await
        .unwrap()
        .iter()
        .any(|n| n.meeting_id == m.id));
}

/// The attendance form with `present` members (by name) and substitutes serving.
fn attendance_form(
    all: &[Term],
    m: &Meeting,
    present: &[&str],
    serving: &[(&str, &str)],
) -> Vec<(String, String)> {
    let id = |name: &str| {
        all.iter()
            .find(|t| t.name == name && t.in_force(m.date))
            .unwrap()
            .id
    };
    let mut form: Vec<(String, String)> = present
        .iter()
        .map(|n| (format!("present-{}", id(n)), "on".into()))
        .collect();
    for (substitute, member) in serving {
        form.push((format!("present-{}", id(substitute)), "on".into()));
        form.push((format!("serves-{}", id(substitute)), id(member).to_string()));
    }
    form.push((format!("justerare-{}", id("Mikael Stenquist")), "on".into()));
    form.push(("kept_at".into(), "Förbundets kansli, Nässjö".into()));
    form
}

async fn post_owned(
    app: &TestApp,
    c: &Client,
    path: &str,
    form: Vec<(String, String)>,
) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post(app, c, path, &fields).await
}

async fn the_minutes_go_from_draft_to_signed_and_keep_personal_data_off_the_board(
    backend: Backend,
) {
    let (app, _) = spawn(backend).await;
    let org = app.org_id().await;
    // The chair's own account, to sign with.
    let hash = samordna_app::access::hash_password(PASSWORD.into())
        .await
        .unwrap();
    app.store
        .create_user(
            &samordna_domain::access::audit::Actor::system("test"),
            &NewUser {
                org_id: Some(org),
                network_id: None,
                email: Email::parse("sebastian.horlin@eksjo.se").unwrap(),
                name: "Sebastian Hörlin".into(),
                role: Role::Board,
                password_hash: hash,
                scope: Scope::default(),
            },
        )
        .await
        .unwrap();
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let m = meeting_on(&app.store, date!(2023 - 10 - 18)).await;
    let base = format!("/o/hoglandet/meetings/{}", m.id);
    assert_eq!(
        post(&app, &director, &format!("{base}/minutes"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let all = terms(&app.store).await;

    // Four of nine: not quorate. A substitute serving for an absent member: quorate.
    let four = [
        "Sebastian Hörlin",
        "Lindha Hjälml",
        "Mikael Stenquist",
        "Klas Rydell",
    ];
    let res = post_owned(
        &app,
        &director,
        &format!("{base}/attendance"),
        attendance_form(&all, &m, &four, &[]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.page(&director, &base).await;
    assert!(
        page.contains(
            "Bara 4 av 9 ledamöter eller tjänstgörande ersättare är närvarande: inte beslutför"
        ),
        "not quorate"
    );
    let serving = [("Eva Holm", "Carina Bardh")];
    // A substitute present but serving for no one does not count; serving, they do.
    let mut idle = attendance_form(&all, &m, &four, &serving);
    idle.retain(|(k, _)| !k.starts_with("serves-"));
    post_owned(&app, &director, &format!("{base}/attendance"), idle).await;
    assert!(app.page(&director, &base).await.contains("Bara 4 av 9"));
    post_owned(
        &app,
        &director,
        &format!("{base}/attendance"),
        attendance_form(&all, &m, &four, &serving),
    )
    .await;
    let page = app.page(&director, &base).await;
    assert!(
        page.contains("5 av 9 ledamöter eller tjänstgörande ersättare är närvarande: beslutför."),
        "quorate"
    );
    assert!(page.contains("tjänstgörande ersättare för Carina Bardh"));

    // §5 (the agenda's item) with a decision giving an assignment and a personnummer.
    let res = post(
        &app,
        &director,
        &format!("{base}/paragraphs/4"),
        &[
            ("title", "Årsplanering 2024"),
            (
                "text",
                "Utkastet gicks igenom. Frågan om deltagaren 19121212-1212 togs upp.",
            ),
            ("ruling", "decides"),
            (
                "decisions",
                "anta årsplaneringen 2024\natt uppdra åt förbundschef att boka lokaler",
            ),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A decision without its points is refused and nothing changes.
    let res = post(
        &app,
        &director,
        &format!("{base}/paragraphs/4"),
        &[
            ("title", "Årsplanering 2024"),
            ("ruling", "decides"),
            ("decisions", " "),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let m = meeting_on(&app.store, date!(2023 - 10 - 18)).await;
    let minutes = m.minutes.clone().unwrap();
    assert_eq!(
        minutes.paragraphs[4].ruling.lines(m.body),
        [
            "Styrelsen beslutar",
            "I. att anta årsplaneringen 2024",
            "II. att uppdra åt förbundschef att boka lokaler"
        ]
    );
    assert_eq!(
        post(&app, &director, &format!("{base}/justering"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // The justerare comments; someone who does not sign may not; a wrong password signs
    // nothing.
    let (justerare, _) = app.login("styrelse@hoglandet.demo").await;
    let res = post(
        &app,
        &justerare,
        &format!("{base}/comments"),
        &[("paragraph", "4"), ("text", "Stryk personnumret.")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (auditor, _) = app.login("revisor@hoglandet.demo").await;
    let res = post(
        &app,
        &auditor,
        &format!("{base}/sign"),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post(
        &app,
        &justerare,
        &format!("{base}/sign"),
        &[("password", "fel")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.signatures(org, m.id).await.unwrap().is_empty());

    let (chair, _) = app.login("sebastian.horlin@eksjo.se").await;
    for c in [&justerare, &chair, &director] {
        let res = post(&app, c, &format!("{base}/sign"), &[("password", PASSWORD)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let m = meeting_on(&app.store, date!(2023 - 10 - 18)).await;
    assert_eq!(m.status, Status::Signed);
    let signatures = app.store.signatures(org, m.id).await.unwrap();
    assert_eq!(signatures.len(), 3);
    assert!(signatures
        .iter()
        .all(|s| s.content_hash == samordna_app::governance::content_hash(&m)));
    assert!(signatures.iter().all(|s| s.signature_id.len() == 32));
    let tasks = app.store.tasks(org).await.unwrap();
    assert!(tasks
        .iter()
        .any(|t| t.meeting_id == m.id && t.what == "boka lokaler" && t.paragraph == 4));
    // Signed: locked.
    let res = post(
        &app,
        &director,
        &format!("{base}/paragraphs/4"),
        &[("title", "x"), ("ruling", "notes")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The personnummer keeps it off the anslagstavla, naming the paragraph.
    let res = post(
        &app,
        &director,
        &format!("{base}/publish"),
        &[("posted_on", "2023-10-20")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("§5 Årsplanering 2024 (personnummer)"),
        "names the paragraph"
    );
    assert!(app
        .store
        .notices(org)
        .await
        .unwrap()
        .iter()
        .all(|n| n.meeting_id != m.id));
}

async fn a_refusal_sends_the_minutes_back(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let org = app.org_id().await;
    let m = meeting_on(&app.store, date!(2023 - 09 - 07)).await;
    assert_eq!(m.status, Status::Justering);
    let base = format!("/o/hoglandet/meetings/{}", m.id);
    let (justerare, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app.page(&justerare, &base).await;
    assert!(page.contains("Signera protokollet"));
    let res = post(
        &app,
        &justerare,
        &format!("{base}/sign"),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store.signatures(org, m.id).await.unwrap().len(), 1);
    // Signing twice is not possible.
    let res = post(
        &app,
        &justerare,
        &format!("{base}/sign"),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The secretary refuses: back to the draft, the round's signatures gone.
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let res = post(
        &app,
        &director,
        &format!("{base}/refuse"),
        &[("reason", "§5 ska ha två beslutspunkter.")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let m = meeting_on(&app.store, date!(2023 - 09 - 07)).await;
    assert_eq!(m.status, Status::Draft);
    assert!(app.store.signatures(org, m.id).await.unwrap().is_empty());
    assert!(app
        .page(&director, &base)
        .await
        .contains("vägrade signera: §5 ska ha två beslutspunkter."));
}

async fn the_year_plan_is_a_calendar_and_a_pdf(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let res = board
        .get(app.url("/o/hoglandet/meetings/plan.ics?year=2021"))
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let ics = res.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 13);
    // 26 January 13.30 in Sweden is 12.30 UTC; the members' consultation has no time.
    assert!(ics.contains("DTSTART:20210126T123000Z"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20210226"));
    assert!(ics.contains("SUMMARY:Styrelsen (offentligt)"));
    let res = board
        .get(app.url("/o/hoglandet/meetings/plan.pdf?year=2021"))
        .send()
        .await
        .unwrap();
    let (text, _) = pdf_text(&res.bytes().await.unwrap());
    assert!(text.contains("Årsplanering 2021"));
    assert!(text.contains("Verksamhetsplan och budget – sänds till parterna för samråd"));
    // The board's terms: the chair of 2023 and the substitutes' call order.
    let page = app.page(&board, "/o/hoglandet/board").await;
    assert!(page.contains("Sebastian Hörlin") && page.contains("ordförande, ledamot"));
    assert!(terms(&app.store)
        .await
        .iter()
        .filter(|t| t.seat == Seat::Substitute && t.from == date!(2023 - 04 - 01))
        .all(|t| t.call_order.is_some() && t.substitute_for.is_some()));
}

/// Python's aiosmtpd on a free loopback port, keeping what it receives in a Maildir.
struct SmtpServer {
    child: std::process::Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl SmtpServer {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = temp_dir().join("maildir");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox", maildir.to_str().unwrap()])
            .spawn()
            .expect("python3 with aiosmtpd (scripts/test-env installs it)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        SmtpServer {
            child,
            port,
            maildir,
        }
    }

    /// Every message received, as text.
    fn messages(&self) -> Vec<String> {
        let mut out = vec![];
        for sub in ["new", "cur"] {
            for entry in std::fs::read_dir(self.maildir.join(sub))
                .into_iter()
                .flatten()
            {
                out.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            }
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The attachment of a MIME message named `name`, decoded.
fn attachment(message: &str, name: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    // The Maildir keeps the message with the line ends of the machine.
    let message = message.replace("\r\n", "\n");
    let part = message.split("\n--").find(|p| p.contains(name))?;
    let body = part.split("\n\n").nth(1)?;
    let b64: String = body.split_whitespace().collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

async fn the_kallelse_reaches_every_member_with_its_pdf(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let (store, _) = store_for(backend).await;
    samordna::demo::load(&*store).await.unwrap();
    let config = samordna_web::Config {
        public_url: "http://127.0.0.1".into(),
        mail: Some(samordna_app::mail::MailSettings {
            host: "127.0.0.1".into(),
            port: smtp.port,
            security: samordna_app::mail::Security::None,
            from: "Höglandets samordningsförbund <kansli@hoglandet.demo>".into(),
            credentials: None,
        }),
        ..Default::default()
    };
    let app = spawn_with(store, config).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let m = meeting_on(&app.store, date!(2023 - 10 - 18)).await;
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/meetings/{}/kallelse", m.id),
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    // Those of the board in force with an address: the demo gives three.
    let with_address = terms(&app.store)
        .await
        .into_iter()
        .filter(|t| t.in_force(m.date) && t.email.is_some())
        .count();
    assert_eq!(with_address, 3);
    assert!(
        location.contains(&format!("sent={with_address}")),
        "{location}"
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), with_address);
    for to in [
        "styrelse@hoglandet.demo",
        "sebastian.horlin@eksjo.se",
        "lindha.hjalm@nassjo.se",
    ] {
        let message = messages
            .iter()
            .find(|msg| msg.contains(&format!("To: {to}")))
            .unwrap_or_else(|| panic!("a message to {to}"));
        assert!(message.contains("Subject:"), "{message}");
        assert!(message.contains("Content-Type: application/pdf"));
        let pdf = attachment(message, "kallelse-2023-10-18.pdf").expect("the PDF attached");
        let (text, info) = pdf_text(&pdf);
        assert!(info.contains("Tagged:          yes"));
        assert!(text.contains("Kallelse styrelsen 2023-10-18"));
        assert!(text.contains("Förslag till beslut: att anta årsplaneringen 2024."));
    }
    let page = app.page(&director, &location).await;
    assert!(page.contains("Kallelsen skickades till 3 ledamöter och ersättare."));
    // Without a mail server set up, nothing is sent and the page says why.
    let plain = spawn_on(app.store.clone(), "http://127.0.0.1").await;
    let (director, _) = plain.login("chef@hoglandet.demo").await;
    let res = post(
        &plain,
        &director,
        &format!("/o/hoglandet/meetings/{}/kallelse", m.id),
        &[],
    )
    .await;
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("sent=0"), "{location}");
    assert!(plain
        .page(&director, &location)
        .await
        .contains("Kallelsen skickades inte"));
    assert_eq!(smtp.messages().len(), with_address);
}

async fn what_a_decision_decides_shows_the_decision(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let m = meeting_on(&app.store, date!(2023 - 08 - 31)).await;
    let link = format!("href=\"/o/hoglandet/meetings/{}\"", m.id);
    for (path, decision) in [
        (
            "/o/hoglandet/follow-up?on=2023-06-30",
            "Beslutat 2023-08-31 §8: att inte återställa förbundets underskott för 2022.",
        ),
        (
            "/o/hoglandet/payouts?year=2023&half=1",
            "Beslutat per capsulum 2023-06-13, protokollfört 2023-08-31 §6: att protokollföra beslut per capsulum utskickat 13 juni.",
        ),
        (
            "/o/hoglandet/interventions/se-hoglandet",
            "Beslutat 2023-08-31 §9: att anta reviderad verksamhetsplan för SE-Höglandet",
        ),
        (
            "/o/hoglandet/budget",
            "Beslutat 2023-08-31 §8: att uppdra åt förbundschef att göra föreslagna ändringar i budget 2024–2026",
        ),
    ] {
        let page = app.page(&board, path).await;
        let at = page.find(decision).unwrap_or_else(|| panic!("{path} shows {decision}"));
        assert!(page[..at].ends_with(&format!("{link}>")), "{path} links to the minutes");
    }
    // Unsigned minutes decide nothing yet: 2023-09-07 (in justering) links the budget too.
    let page = app.page(&board, "/o/hoglandet/budget").await;
    assert!(!page.contains("att fastställa samrådsversionen"));
    // The assignments of 2023-08-31 are the director's open tasks.
    let (director, _) = app.login("chef@hoglandet.demo").await;
    let page = app.page(&director, "/o/hoglandet/board").await;
    for task in [
        "2023-08-31 §7 · beredningsgruppen: återkomma med förslag på ny verksamhet",
        "2023-08-31 §8 · förbundschef: göra föreslagna ändringar i budget 2024–2026",
        "2023-08-31 §9 · förbundschef: sammankalla arbetsgrupp för implementeringsarbetet.",
    ] {
        assert!(page.contains(task), "{task}");
    }
}

async fn an_items_documents_are_checked_by_content_and_read_by_the_board(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let org = app.org_id().await;
    let (director, csrf) = app.login("chef@hoglandet.demo").await;
    let m = meeting_on(&app.store, date!(2023 - 10 - 18)).await;
    let upload = |name: &str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("agenda_item", "0")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        director
            .post(app.url(&format!("/o/hoglandet/meetings/{}/documents", m.id)))
            .multipart(form)
            .send()
    };
    // A real workbook and a real Word file, made by the libraries the reports use.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "Budget 2024")
        .unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    let doc = samordna_reports::document::Document {
        org: "Höglandets samordningsförbund".into(),
        title: "Årsplanering 2024".into(),
        span: String::new(),
        status: String::new(),
        date: "2023-10-01".into(),
        parts: vec![],
        compact: true,
    };
    let docx = samordna_reports::docx::docx(&doc).unwrap();
    for (name, bytes) in [
        ("Budget 2024.xlsx", xlsx.clone()),
        ("Årsplanering 2024.docx", docx),
    ] {
        assert_eq!(
            upload(name, bytes).await.unwrap().status(),
            StatusCode::SEE_OTHER,
            "{name}"
        );
    }
    // A program renamed to .pdf, and a PDF named .xlsx: refused, nothing kept.
    for (name, bytes) in [
        ("rapport.pdf", b"MZ\x90\x00\x03 not a pdf".to_vec()),
        ("budget.xlsx", b"%PDF-1.7 a pdf".to_vec()),
    ] {
        let res = upload(name, bytes).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(res.text().await.unwrap().contains(name), "names the file");
    }
    let docs = app.store.documents(org, m.id).await.unwrap();
    assert_eq!(docs.len(), 2);
    // The board member reads the agenda and downloads the document as it was uploaded.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let page = app
        .page(&board, &format!("/o/hoglandet/meetings/{}", m.id))
        .await;
    assert!(page.contains("Budget 2024.xlsx") && page.contains("Årsplanering 2024.docx"));
    assert!(!page.contains("type=\"file\""), "the board reads only");
    let xlsx_doc = docs.iter().find(|d| d.name == "Budget 2024.xlsx").unwrap();
    let res = board
        .get(app.url(&format!(
            "/o/hoglandet/meetings/{}/documents/{}",
            m.id, xlsx_doc.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), xlsx);
    // The kallelse names the item's handlingar.
    let res = board
        .get(app.url(&format!("/o/hoglandet/meetings/{}/kallelse.pdf", m.id)))
        .send()
        .await
        .unwrap();
    let (text, _) = pdf_text(&res.bytes().await.unwrap());
    assert!(
        text.contains("Handlingar: Budget 2024.xlsx, Årsplanering 2024.docx")
            || text.contains("Handlingar: Årsplanering 2024.docx, Budget 2024.xlsx"),
        "{text}"
    );
    // Another meeting's path does not open it.
    let other = meeting_on(&app.store, date!(2023 - 09 - 07)).await;
    let res = board
        .get(app.url(&format!(
            "/o/hoglandet/meetings/{}/documents/{}",
            other.id, xlsx_doc.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn a_per_capsulum_decision_becomes_a_paragraph_of_the_next_minutes(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let (director, _) = app.login("chef@hoglandet.demo").await;
    // The demo's decision of 13 June: recorded in the minutes of 2023-08-31, §6 as in 003.
    let page = app.page(&director, "/o/hoglandet/board").await;
    assert!(page.contains("Protokollfört 2023-08-31 §6"), "{page}");
    // Without its day it is refused, the form kept and the field named.
    let typed = [
        ("body", "board"),
        ("title", "Utanordning Vetlanda"),
        ("text", "Förslag skickat till ledamöterna 2 oktober."),
        (
            "decisions",
            "utanordna medel till Vetlanda kommun för januari–juni",
        ),
    ];
    let res = post(&app, &director, "/o/hoglandet/board/per-capsulum", &typed).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("Beslut per capsulum"), "{page}");
    assert!(page.contains("Utanordning Vetlanda"));
    let mut dated = typed.to_vec();
    dated.push(("per_capsulum", "2023-10-02"));
    let res = post(&app, &director, "/o/hoglandet/board/per-capsulum", &dated).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.page(&director, "/o/hoglandet/board").await;
    assert!(page.contains("Protokollförs vid nästa sammanträde"));
    // A board member cannot record one.
    let (board, _) = app.login("styrelse@hoglandet.demo").await;
    let res = post(&app, &board, "/o/hoglandet/board/per-capsulum", &dated).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The next meeting's minutes, once started, record it after the opening paragraphs.
    let m = meeting_on(&app.store, date!(2023 - 10 - 18)).await;
    let res = post(
        &app,
        &director,
        &format!("/o/hoglandet/meetings/{}/minutes", m.id),
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let m = meeting_on(&app.store, date!(2023 - 10 - 18)).await;
    let p = &m.minutes.unwrap().paragraphs[4];
    assert_eq!(
        (p.title.as_str(), p.per_capsulum),
        ("Utanordning Vetlanda", Some(date!(2023 - 10 - 02)))
    );
    let page = app.page(&director, "/o/hoglandet/board").await;
    assert!(page.contains("Protokollfört 2023-10-18 §5"), "{page}");
}

per_backend!(
    a_per_capsulum_decision_becomes_a_paragraph_of_the_next_minutes,
    an_items_documents_are_checked_by_content_and_read_by_the_board,
    what_a_decision_decides_shows_the_decision,
    the_kallelse_reaches_every_member_with_its_pdf,
    the_anslagstavla_shows_the_justering_to_anyone,
    a_signed_paragraph_changed_in_the_database_breaks_the_signature,
    the_minutes_go_from_draft_to_signed_and_keep_personal_data_off_the_board,
    a_refusal_sends_the_minutes_back,
    the_year_plan_is_a_calendar_and_a_pdf,
);
