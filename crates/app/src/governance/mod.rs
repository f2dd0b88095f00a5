//! The board's work as the pages and the command line do it: the minutes' content hash and
//! whether what was signed is still there; signing behind a small trait (a password given
//! again here; an e-signature service could be another); the minutes, the kallelse and the
//! year plan as documents for the PDF pipeline; the year plan as iCalendar; and publication
//! on the anslagstavla after the checks the law and the förbund's data ask for.

pub mod calendar;

use crate::access::verify_password;
use crate::{Error, Result};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::users::User;
use samordna_domain::dates::in_sweden;
use samordna_domain::governance::minutes::{
    Meeting, Minutes, Ruling, Signature, Signer, SignerRole, Status,
};
use samordna_domain::governance::notices::{appeal_until, Notice, NoticeKind};
use samordna_domain::governance::{Quorum, Seat, Term};
use samordna_domain::orgs::Org;
use samordna_domain::reports::markup;
use samordna_domain::{Invalid, Reason};
use samordna_reports::document::{Document, Figure, Part};
use samordna_reports::Table;
use samordna_store::governance::{Document as MeetingDocument, NewNotice, Task};
use samordna_store::Store;
use sha2::{Digest, Sha256};
use std::future::Future;
use time::{Date, OffsetDateTime};

/// SHA-256 (hex) of what the signers sign: the meeting's header and its minutes. Any later
/// change of either, in the application or in the database, gives another hash.
pub fn content_hash(m: &Meeting) -> String {
    let signed = serde_json::json!({
        "body": m.body,
        "date": m.date.to_string(),
        "starts": m.starts,
        "ends": m.ends,
        "place": m.place,
        "digital": m.digital,
        "minutes": m.minutes,
    });
    let digest = Sha256::digest(signed.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the signed minutes are what was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    /// Not signed by all yet.
    Unsigned,
    /// Every signature is of the content there now.
    Intact,
    /// Signed, and changed since: a broken signature.
    Altered,
}

pub fn integrity(m: &Meeting, signatures: &[Signature]) -> Integrity {
    if m.status != Status::Signed {
        return Integrity::Unsigned;
    }
    let hash = content_hash(m);
    if !signatures.is_empty() && signatures.iter().all(|s| s.content_hash == hash) {
        Integrity::Intact
    } else {
        Integrity::Altered
    }
}

/// How a signer proves, at the moment of signing, that they are who signs. The password
/// given again is what this installation has; an e-signature service (BankID, Comfact) is
/// another implementation of the same step.
pub trait SignatureMethod: Sync {
    /// The identification kept with the signature ("E-post (…), lösenord"), or a refusal.
    fn confirm(&self, user: &User, proof: &str) -> impl Future<Output = Result<String>> + Send;
}

/// The account's password, asked again on the signing page.
pub struct PasswordAgain<'a>(pub &'a dyn Store);

impl SignatureMethod for PasswordAgain<'_> {
    async fn confirm(&self, user: &User, proof: &str) -> Result<String> {
        let creds = self
            .0
            .credentials(&user.email)
            .await?
            .ok_or(Error::LoginRefused)?;
        if !verify_password(proof.to_string(), creds.password_hash).await {
            return Err(Invalid::new("password", "", Reason::WrongPassword).into());
        }
        Ok(format!(
            "E-post ({}), inloggning med lösenord",
            user.email.as_str()
        ))
    }
}

fn wrong_state(field: &'static str, value: &str) -> Error {
    Invalid::new(field, value, Reason::WrongState).into()
}

fn minutes_of(m: &Meeting) -> Result<&Minutes> {
    m.minutes.as_ref().ok_or_else(|| wrong_state("minutes", ""))
}

/// Who of the signers `user` is and has not signed yet.
pub fn signer_for(
    m: &Meeting,
    terms: &[Term],
    signatures: &[Signature],
    user: &User,
) -> Option<Signer> {
    let minutes = m.minutes.as_ref()?;
    minutes
        .signers(terms, m.date)
        .into_iter()
        .filter(|s| s.email.as_ref() == Some(&user.email))
        .find(|s| {
            !signatures
                .iter()
                .any(|g| g.role == s.role && g.name == s.name)
        })
}

/// The tasks the decisions give: each "att uppdra åt … att …".
pub fn tasks_of(m: &Meeting) -> Vec<Task> {
    let Some(minutes) = &m.minutes else {
        return vec![];
    };
    minutes
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(p, para)| match &para.ruling {
            Ruling::Decides(items) => items
                .iter()
                .enumerate()
                .filter_map(|(d, item)| {
                    item.assignment().map(|(responsible, what)| Task {
                        id: 0,
                        meeting_id: m.id,
                        meeting_date: m.date,
                        paragraph: p,
                        decision: d,
                        responsible,
                        what,
                        reported_on: None,
                    })
                })
                .collect::<Vec<_>>(),
            _ => vec![],
        })
        .collect()
}

/// Signs minutes in justering as `user`, proven by `method`; the last signature locks them
/// and gives the tasks. Returns whether the minutes are now signed by all.
pub async fn sign(
    store: &dyn Store,
    org: &Org,
    user: &User,
    method: &impl SignatureMethod,
    proof: &str,
    meeting: i64,
) -> Result<bool> {
    let m = store.meeting(org.id, meeting).await?;
    if m.status != Status::Justering {
        return Err(wrong_state("minutes", m.status.as_str()));
    }
    let terms = store.terms(org.id).await?;
    let signatures = store.signatures(org.id, meeting).await?;
    let signer = signer_for(&m, &terms, &signatures, user)
        .ok_or_else(|| wrong_state("signer", user.email.as_str()))?;
    let identification = method.confirm(user, proof).await?;
    let signature = Signature {
        role: signer.role,
        name: signer.name,
        identification,
        signature_id: signature_id(),
        content_hash: content_hash(&m),
        signed_at: crate::access::now(),
    };
    let needed = minutes_of(&m)?.signers(&terms, m.date).len();
    let actor = Actor::user(user.id, user.email.as_str());
    Ok(store
        .sign_minutes(
            org.id,
            &actor,
            meeting,
            m.updated_at,
            &signature,
            needed,
            &tasks_of(&m),
        )
        .await?)
}

/// 32 random hex digits, as the signature page shows a signature's id.
fn signature_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The day of the last signature, in Sweden.
pub fn justered_on(signatures: &[Signature]) -> Option<Date> {
    signatures
        .iter()
        .map(|s| s.signed_at)
        .max()
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .map(|t| in_sweden(t).date())
}

/// Posts the justering of signed minutes on the anslagstavla, with the accessible copy of
/// the minutes without signatures, after checking that they are what was signed and that
/// no paragraph gives away a person.
pub async fn publish_minutes(
    store: &dyn Store,
    org: &Org,
    actor: &Actor,
    meeting: i64,
    posted_on: Date,
) -> Result<Notice> {
    let m = store.meeting(org.id, meeting).await?;
    let signatures = store.signatures(org.id, meeting).await?;
    match integrity(&m, &signatures) {
        Integrity::Unsigned => return Err(wrong_state("minutes", m.status.as_str())),
        Integrity::Altered => {
            return Err(Invalid::new("minutes", m.date.to_string(), Reason::Altered).into())
        }
        Integrity::Intact => {}
    }
    let minutes = minutes_of(&m)?;
    let names = store.names_for_check(org.id, actor).await?;
    let problems = minutes.personal_data(&names);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let terms = store.terms(org.id).await?;
    let doc = minutes_document(org, &m, &terms, None);
    let pdf = crate::reports::pdf(doc, format!("samordna/{}/minutes/{}", org.slug, m.id)).await?;
    Ok(store
        .post_notice(
            org.id,
            actor,
            &NewNotice {
                kind: NoticeKind::Justering,
                meeting_id: m.id,
                justered_on: justered_on(&signatures),
                posted_on,
                until: appeal_until(posted_on),
                kept_at: &minutes.kept_at,
                pdf: Some(&pdf),
            },
        )
        .await?)
}

/// Announces a public meeting on the anslagstavla until its day, with its kallelse.
pub async fn announce_meeting(
    store: &dyn Store,
    org: &Org,
    actor: &Actor,
    meeting: i64,
    posted_on: Date,
) -> Result<Notice> {
    let m = store.meeting(org.id, meeting).await?;
    if !m.public || m.date < posted_on {
        return Err(wrong_state("meeting", &m.date.to_string()));
    }
    let names = store.names_for_check(org.id, actor).await?;
    for (i, item) in m.agenda.iter().enumerate() {
        let text = format!("{}\n{}", item.title, item.proposal);
        if samordna_domain::governance::publication::find(&text, &names).is_some() {
            return Err(Invalid::new(
                "agenda",
                format!("{} {}", i + 1, item.title),
                Reason::PersonalData,
            )
            .into());
        }
    }
    let doc = notice_document(org, &m, &[]);
    let pdf = crate::reports::pdf(doc, format!("samordna/{}/kallelse/{}", org.slug, m.id)).await?;
    Ok(store
        .post_notice(
            org.id,
            actor,
            &NewNotice {
                kind: NoticeKind::PublicMeeting,
                meeting_id: m.id,
                justered_on: None,
                posted_on,
                until: m.date,
                kept_at: "",
                pdf: Some(&pdf),
            },
        )
        .await?)
}

/// Sends the kallelse with its agenda as PDF to every member and substitute of the body
/// with an address, one message each; `link` is the meeting's page. Returns how many went.
pub async fn send_kallelse(
    store: &dyn Store,
    org: &Org,
    actor: &Actor,
    mail: &crate::mail::MailSettings,
    meeting: i64,
    link: &str,
) -> Result<usize> {
    let m = store.meeting(org.id, meeting).await?;
    let to: Vec<String> = store
        .terms(org.id)
        .await?
        .into_iter()
        .filter(|t| t.body == m.body && t.in_force(m.date))
        .filter_map(|t| t.email.map(|e| e.as_str().to_string()))
        .collect();
    if to.is_empty() {
        return Err(Invalid::new("recipients", "", Reason::Required).into());
    }
    let documents = store.documents(org.id, m.id).await?;
    let doc = notice_document(org, &m, &documents);
    let title = doc.title.clone();
    let pdf = crate::reports::pdf(doc, format!("samordna/{}/kallelse/{}", org.slug, m.id)).await?;
    let mut text = format!("{title}\n{}\n\nDagordning:\n", when_and_where(&m));
    for (i, item) in m.agenda.iter().enumerate() {
        text.push_str(&format!("{}. {}\n", i + 1, item.title));
    }
    text.push_str(&format!("\nHandlingarna: {link}\n\n{}\n", org.name));
    let name = format!("kallelse-{}.pdf", m.date);
    let file = crate::mail::File {
        name: &name,
        mime: "application/pdf",
        bytes: pdf,
    };
    let sent =
        crate::mail::send(mail, &to, &format!("{title} – {}", org.name), &text, &file).await?;
    let event = samordna_domain::access::audit::AuditEvent::new(
        samordna_domain::access::audit::AuditAction::Update,
        "meeting",
        m.id,
    )
    .with_detail(format!("kallelse {sent}"));
    store.audit(Some(org.id), actor, &event).await?;
    Ok(sent)
}

/// A decision about something, as its page shows it: "Beslutat 2023-08-31 §8".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecidedIn {
    pub meeting_id: i64,
    /// The day of the decision: the meeting's, or the day it was taken per capsulum.
    pub date: Date,
    /// The meeting whose minutes record it, when that is another day (per capsulum).
    pub recorded: Option<Date>,
    /// "§8".
    pub paragraph: String,
    /// "att inte återställa förbundets underskott för 2022."
    pub text: String,
}

/// Every decision of signed minutes whose link `about` accepts, oldest first. A förbund has
/// some tens of meetings a year, so the minutes are read whole.
pub async fn decided_in(
    store: &dyn Store,
    org: &Org,
    about: impl Fn(&samordna_domain::governance::minutes::Link) -> bool,
) -> Result<Vec<DecidedIn>> {
    let mut out = vec![];
    for m in store.meetings(org.id, None).await? {
        let Some(minutes) = m.minutes.as_ref().filter(|_| m.status == Status::Signed) else {
            continue;
        };
        for (i, p) in minutes.paragraphs.iter().enumerate() {
            let Ruling::Decides(items) = &p.ruling else {
                continue;
            };
            for d in items {
                if d.link.as_ref().is_some_and(&about) {
                    out.push(DecidedIn {
                        meeting_id: m.id,
                        date: p.per_capsulum.unwrap_or(m.date),
                        recorded: p.per_capsulum.map(|_| m.date),
                        paragraph: Minutes::number(i),
                        text: d.text.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The key a decision about a report's period is linked by: `half-year-2023-1`.
pub fn report_key(period: &samordna_domain::reports::ReportPeriod) -> String {
    format!("{}-{}-{}", period.kind.as_str(), period.year, period.half)
}

/// "Protokoll styrelsen 2023-08-31".
pub fn minutes_title(m: &Meeting) -> String {
    format!(
        "Protokoll {} {}",
        m.body.subject_sv().to_lowercase(),
        m.date
    )
}

/// "kl. 15.15–16.00, Träcentrum, Nässjö" or "…, digitalt".
pub fn when_and_where(m: &Meeting) -> String {
    let place = match (m.digital, m.place.as_str()) {
        (true, "") => "digitalt".to_string(),
        (true, p) => format!("digitalt ({p})"),
        (false, p) => p.to_string(),
    };
    [m.time_sv(), place]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "ordförande", "ersättare för Anna Andersson", as the attendance lists them.
pub fn role_text(t: &Term, terms: &[Term], serving_for: Option<i64>) -> String {
    let name_of = |id: i64| {
        terms
            .iter()
            .find(|x| x.id == id)
            .map_or(String::new(), |x| x.name.clone())
    };
    match (t.office, t.seat, serving_for) {
        (_, Seat::Substitute, Some(member)) => {
            format!("tjänstgörande ersättare för {}", name_of(member))
        }
        (_, Seat::Substitute, None) => "ersättare".into(),
        (Some(samordna_domain::governance::Office::Chair), _, _) => "ordförande".into(),
        (Some(samordna_domain::governance::Office::ViceChair), _, _) => "vice ordförande".into(),
        (None, Seat::Ordinary, _) => "ledamot".into(),
    }
}

/// The quorum of a meeting's minutes.
pub fn quorum(m: &Meeting, terms: &[Term]) -> Option<Quorum> {
    m.minutes
        .as_ref()
        .map(|minutes| Quorum::of(terms, m.body, m.date, &minutes.attendance))
}

fn text_part(number: String, title: &str, text: &str) -> Part {
    Part {
        number,
        title: title.into(),
        level: 2,
        text: markup::parse(text),
        figures: vec![],
    }
}

/// The minutes as a document: header, attendance with the quorum, every paragraph with its
/// ruling, the attachments, and — for the signed copy — the signature page as in 003.
pub fn minutes_document(
    org: &Org,
    m: &Meeting,
    terms: &[Term],
    signatures: Option<&[Signature]>,
) -> Document {
    let empty = Minutes::standard(
        String::new(),
        samordna_domain::access::users::Email::parse("x@x.se").expect("an address"),
        &[],
        vec![],
        String::new(),
    );
    let minutes = m.minutes.as_ref().unwrap_or(&empty);
    let term = |id: i64| terms.iter().find(|t| t.id == id);
    let mut present = Table::new(vec!["Namn".into(), "Part".into(), "Roll".into()]);
    let mut absent = vec![];
    for a in &minutes.attendance {
        let Some(t) = term(a.term) else { continue };
        if a.present {
            present.push(vec![
                t.name.clone(),
                t.party.clone(),
                role_text(t, terms, a.serving_for),
            ]);
        } else if t.seat == Seat::Ordinary {
            absent.push(format!("{}, {}", t.name, t.party));
        }
    }
    present.push(vec![
        minutes.secretary.clone(),
        String::new(),
        "sekreterare".into(),
    ]);
    let q = quorum(m, terms).unwrap_or(Quorum {
        members: 0,
        present: 0,
    });
    let mut attendance = text_part(String::new(), "Närvaro", "");
    attendance.figures.push(Figure {
        title: "Närvarande".into(),
        table: Some(present),
        chart: None,
        text: None,
        note: Some(format!(
            "{} av {} ledamöter eller tjänstgörande ersättare närvarande: {}.",
            q.present,
            q.members,
            if q.is_quorate() {
                "styrelsen är beslutför"
            } else {
                "styrelsen är inte beslutför"
            }
        )),
    });
    if !absent.is_empty() {
        attendance.text = markup::parse(&format!("Förhinder: {}", absent.join("; ")));
    }
    let justerare: Vec<String> = minutes
        .justerare
        .iter()
        .filter_map(|id| term(*id).map(|t| t.name.clone()))
        .collect();
    let mut parts = vec![attendance];
    for (i, p) in minutes.paragraphs.iter().enumerate() {
        let mut text = p.text.clone();
        if let Some(day) = p.per_capsulum {
            text = format!("Beslut per capsulum {day}.\n\n{text}");
        }
        if i == 1 && !justerare.is_empty() && text.is_empty() {
            text = format!("Till justerare väljs {}.", justerare.join(" och "));
        }
        let mut part = text_part(Minutes::number(i), &p.title, &text);
        let lines = p.ruling.lines(m.body);
        if let Some((head, items)) = lines.split_first() {
            let mut ruling = format!("**{head}**");
            for item in items {
                ruling.push_str("\n\n");
                ruling.push_str(item);
            }
            part.text.extend(markup::parse(&ruling));
        }
        parts.push(part);
    }
    if !minutes.attachments.is_empty() {
        let list: Vec<String> = minutes
            .attachments
            .iter()
            .map(|a| format!("- {a}"))
            .collect();
        parts.push(text_part(String::new(), "Bilagor", &list.join("\n")));
    }
    let status = match signatures {
        Some(list) if !list.is_empty() => {
            // As 003's signature page: each signer with title, time and identification.
            let mut text =
                String::from("Detta dokument har undertecknats med elektroniska underskrifter:");
            for s in list {
                text.push_str(&format!(
                    "\n\n**{}**, {}, {}\n\n- Tid: {}\n- Identifiering: {}\n- Signatur-id: {}",
                    s.name,
                    s.role.title_sv(),
                    org.name,
                    time_sv(s.signed_at),
                    s.identification,
                    s.signature_id
                ));
            }
            text.push_str(&format!(
                "\n\nInnehållets kontrollsumma (SHA-256): {}",
                content_hash(m)
            ));
            parts.push(text_part(String::new(), "Underskriftssida", &text));
            format!(
                "Justerat {}",
                justered_on(list).map(|d| d.to_string()).unwrap_or_default()
            )
        }
        _ if m.status == Status::Signed => "Justerat protokoll, kopia utan underskrifter".into(),
        _ if m.status == Status::Justering => "För justering".into(),
        _ => "Utkast".into(),
    };
    Document {
        org: org.name.clone(),
        title: minutes_title(m),
        span: when_and_where(m),
        status,
        date: m.date.to_string(),
        parts,
        compact: true,
    }
}

/// "2023-09-07 14:21:04 +02:00", as the signature page writes a time.
pub fn time_sv(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| {
            let t = in_sweden(t);
            let offset = t.offset().whole_hours();
            format!(
                "{} {:02}:{:02}:{:02} +{offset:02}:00",
                t.date(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_default()
}

/// The kallelse with its agenda: each item with the proposal to decide.
/// The kallelse with its agenda, each item with its proposal and the names of its
/// `documents` (handlingar).
pub fn notice_document(org: &Org, m: &Meeting, documents: &[MeetingDocument]) -> Document {
    let parts = m
        .agenda
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut lines = vec![];
            if !item.proposal.is_empty() {
                lines.push(format!("**Förslag till beslut:** {}", item.proposal));
            }
            let names: Vec<&str> = documents
                .iter()
                .filter(|d| d.item == i)
                .map(|d| d.name.as_str())
                .collect();
            if !names.is_empty() {
                lines.push(format!("**Handlingar:** {}", names.join(", ")));
            }
            text_part(format!("{}.", i + 1), &item.title, &lines.join("\n\n"))
        })
        .collect();
    Document {
        org: org.name.clone(),
        title: format!("Kallelse {} {}", m.body.subject_sv().to_lowercase(), m.date),
        span: when_and_where(m),
        status: if m.public {
            "Sammanträdet är offentligt.".into()
        } else {
            "Dagordning".into()
        },
        date: m.date.to_string(),
        parts,
        compact: true,
    }
}

/// The year plan: every meeting of the year with what is planned for it.
pub fn year_plan_document(org: &Org, year: i32, meetings: &[Meeting]) -> Document {
    let mut table = Table::new(vec![
        "Datum".into(),
        "Tid".into(),
        "Organ".into(),
        "Plats".into(),
        "Planerat".into(),
    ]);
    for m in meetings {
        let mut planned = m.planned.join("; ");
        if m.public {
            planned = [planned.as_str(), "offentligt möte"]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
        }
        table.push(vec![
            m.date.to_string(),
            m.time_sv(),
            m.body.subject_sv().into(),
            if m.digital {
                "digitalt".into()
            } else {
                m.place.clone()
            },
            planned,
        ]);
    }
    let mut part = text_part(String::new(), "Sammanträden", "");
    part.figures.push(Figure {
        title: format!("Årsplanering {year}"),
        table: Some(table),
        chart: None,
        text: None,
        note: None,
    });
    Document {
        org: org.name.clone(),
        title: format!("Årsplanering {year}"),
        span: format!("{} sammanträden", meetings.len()),
        status: String::new(),
        date: format!("{year}-01-01"),
        parts: vec![part],
        compact: true,
    }
}

/// The signers who have not signed yet, for the page.
pub fn waiting_for(m: &Meeting, terms: &[Term], signatures: &[Signature]) -> Vec<Signer> {
    m.minutes
        .as_ref()
        .map(|minutes| {
            minutes
                .signers(terms, m.date)
                .into_iter()
                .filter(|s| {
                    !signatures
                        .iter()
                        .any(|g| g.role == s.role && g.name == s.name)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `user` may comment on and sign these minutes: one of their signers.
pub fn is_signer(m: &Meeting, terms: &[Term], user: &User) -> bool {
    m.minutes.as_ref().is_some_and(|minutes| {
        minutes
            .signers(terms, m.date)
            .iter()
            .any(|s| s.email.as_ref() == Some(&user.email) && s.role != SignerRole::Secretary)
    })
}
