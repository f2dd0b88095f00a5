//! The year plan and each meeting: header, agenda with the kallelse, and the minutes — the
//! director writes them, the chair and justerare comment and sign (on a phone as well), the
//! board reads them; signed, they are published on the anslagstavla.

use super::base;
use crate::auth::OrgCtx;
use crate::csrf::{CsrfForm, CsrfUpload, NoFields};
use crate::error::{Error, Result};
use crate::forms::{opts, today, year_or, FormErrors, Opt, YearQuery};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Board;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use samordna_app::governance::{
    announce_meeting, calendar, integrity, is_signer, minutes_document, notice_document,
    publish_minutes, quorum, send_kallelse, sign, waiting_for, year_plan_document, Integrity,
    PasswordAgain,
};
use samordna_domain::access::roles::Permission::{self, ManageOrg, SignMinutes, ViewOrg};
use samordna_domain::dates::parse_date;
use samordna_domain::governance::documents;
use samordna_domain::governance::minutes::{
    AgendaItem, Meeting, MeetingFields, MeetingForm, Minutes, Paragraph, ParagraphForm, Ruling,
    Status,
};
use samordna_domain::governance::{Attendance, Body, Seat, Term};
use samordna_domain::invalid::optional_text;
use samordna_domain::{Invalid, Reason};
use samordna_reports::html;
use samordna_store::governance::Comment;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/meetings", ViewOrg, list).menu(Board, "nav-meetings"),
        get("/o/{org}/meetings/plan.pdf", ViewOrg, plan_pdf),
        get("/o/{org}/meetings/plan.ics", ViewOrg, plan_ics),
        post("/o/{org}/meetings", ManageOrg, create),
        get("/o/{org}/meetings/{id}", ViewOrg, show),
        post("/o/{org}/meetings/{id}", ManageOrg, update),
        get("/o/{org}/meetings/{id}/kallelse.pdf", ViewOrg, kallelse_pdf),
        get("/o/{org}/meetings/{id}/minutes.pdf", ViewOrg, minutes_pdf),
        post("/o/{org}/meetings/{id}/documents", ManageOrg, add_document),
        get("/o/{org}/meetings/{id}/documents/{doc}", ViewOrg, document),
        post(
            "/o/{org}/meetings/{id}/documents/{doc}/remove",
            ManageOrg,
            remove_document,
        ),
        post("/o/{org}/meetings/{id}/agenda", ManageOrg, add_item),
        post(
            "/o/{org}/meetings/{id}/agenda/{at}/remove",
            ManageOrg,
            remove_item,
        ),
        post("/o/{org}/meetings/{id}/announce", ManageOrg, announce),
        post("/o/{org}/meetings/{id}/kallelse", ManageOrg, send),
        post("/o/{org}/meetings/{id}/minutes", ManageOrg, start_minutes),
        post("/o/{org}/meetings/{id}/attendance", ManageOrg, attendance),
        post(
            "/o/{org}/meetings/{id}/paragraphs",
            ManageOrg,
            add_paragraph,
        ),
        post(
            "/o/{org}/meetings/{id}/paragraphs/{at}",
            ManageOrg,
            save_paragraph,
        ),
        post(
            "/o/{org}/meetings/{id}/paragraphs/{at}/remove",
            ManageOrg,
            remove_paragraph,
        ),
        post(
            "/o/{org}/meetings/{id}/justering",
            ManageOrg,
            send_for_justering,
        ),
        post("/o/{org}/meetings/{id}/comments", SignMinutes, comment),
        post("/o/{org}/meetings/{id}/sign", SignMinutes, sign_minutes),
        post("/o/{org}/meetings/{id}/refuse", SignMinutes, refuse),
        post("/o/{org}/meetings/{id}/publish", ManageOrg, publish),
    ]
}

fn to_meeting(ctx: &OrgCtx, id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("{}/meetings/{id}{anchor}", base(ctx))).into_response()
}

fn file(bytes: Vec<u8>, mime: &str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn body_opts(tr: Tr, current: &str) -> Vec<Opt> {
    opts(
        Body::ALL
            .iter()
            .map(|b| (b.as_str(), tr.t(&format!("body-{}", b.as_str())))),
        current,
    )
}

pub struct MeetingRow {
    pub meeting: Meeting,
    pub body: String,
    pub status: String,
    pub place: String,
}

#[derive(Template)]
#[template(path = "governance/meetings.html")]
struct ListPage {
    l: Layout,
    base: String,
    year: i32,
    rows: Vec<MeetingRow>,
    manage: bool,
    bodies: Vec<Opt>,
    f: MeetingForm,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    year: i32,
    f: MeetingForm,
    errors: FormErrors,
) -> Result<Response> {
    let rows = state
        .store
        .meetings(ctx.org.id, Some(year))
        .await?
        .into_iter()
        .map(|m| MeetingRow {
            body: tr.t(&format!("body-{}", m.body.as_str())),
            status: tr.t(&format!("minutes-status-{}", m.status.as_str())),
            place: samordna_app::governance::when_and_where(&m),
            meeting: m,
        })
        .collect();
    let status = errors.status();
    let page = ListPage {
        base: base(ctx),
        year,
        rows,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        bodies: body_opts(tr, &f.body),
        f,
        errors,
        l: Layout::org(tr, ctx, "/meetings", tr.t("nav-meetings")),
    };
    Ok((status, render(page)?).into_response())
}

async fn list(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let year = year_or(&q.year, today().year());
    let f = MeetingForm {
        date: format!("{year}-01-01"),
        starts: "13.00".into(),
        ends: "15.00".into(),
        ..Default::default()
    };
    list_page(&state, tr, &ctx, year, f, FormErrors::default()).await
}

async fn plan_pdf(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let year = year_or(&q.year, today().year());
    let meetings = state.store.meetings(ctx.org.id, Some(year)).await?;
    let doc = year_plan_document(&ctx.org, year, &meetings);
    let bytes =
        samordna_app::reports::pdf(doc, format!("samordna/{}/plan/{year}", ctx.org.slug)).await?;
    Ok(file(
        bytes,
        "application/pdf",
        format!("{}-arsplanering-{year}.pdf", ctx.org.slug),
    ))
}

async fn plan_ics(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let year = year_or(&q.year, today().year());
    let meetings = state.store.meetings(ctx.org.id, Some(year)).await?;
    Ok(file(
        calendar::ics(&ctx.org, &meetings).into_bytes(),
        "text/calendar; charset=utf-8",
        format!("{}-arsplanering-{year}.ics", ctx.org.slug),
    ))
}

async fn create(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<MeetingForm>,
) -> Result<Response> {
    let made = match MeetingFields::parse(&f) {
        Ok(fields) => state
            .store
            .create_meeting(ctx.org.id, &ctx.actor(), &fields)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    match made {
        Ok(m) => Ok(to_meeting(&ctx, m.id, "")),
        Err(Error::Invalid(e)) => {
            let year = parse_date("date", &f.date).map_or(today().year(), |d| d.year());
            let errors = FormErrors::new(tr, &e);
            list_page(&state, tr, &ctx, year, f, errors).await
        }
        Err(e) => Err(e),
    }
}

/// A row of the attendance form: a term of the body, present or not, and for whom a
/// substitute serves.
pub struct AttendanceRow {
    pub term: Term,
    pub role: String,
    pub present: bool,
    pub substitute: bool,
    pub serving: Vec<Opt>,
    pub justerare: bool,
}

pub struct ParagraphView {
    pub at: usize,
    pub number: String,
    pub title: String,
    pub text: String,
    pub rulings: Vec<Opt>,
    pub decisions: String,
    pub per_capsulum: String,
    pub comments: Vec<String>,
}

/// An agenda item with its documents.
pub struct ItemView {
    pub title: String,
    pub proposal: String,
    pub documents: Vec<samordna_store::governance::Document>,
}

pub struct SignatureRow {
    pub name: String,
    pub role: String,
    pub time: String,
    pub identification: String,
    pub id: String,
}

#[derive(Template)]
#[template(path = "governance/meeting.html")]
struct ShowPage {
    l: Layout,
    base: String,
    m: Meeting,
    body: String,
    status: String,
    when: String,
    manage: bool,
    editing: bool,
    signer: bool,
    can_sign: bool,
    bodies: Vec<Opt>,
    f: MeetingForm,
    article: String,
    quorum: String,
    quorate: bool,
    attendance: Vec<AttendanceRow>,
    kept_at: String,
    attachments: String,
    paragraphs: Vec<ParagraphView>,
    whole_comments: Vec<String>,
    waiting: Vec<String>,
    signatures: Vec<SignatureRow>,
    altered: bool,
    published: bool,
    items: Vec<ItemView>,
    today: String,
    errors: FormErrors,
    /// "Kallelsen skickades till 18."
    sent: Option<String>,
    can_mail: bool,
}

fn form_of(m: &Meeting) -> MeetingForm {
    MeetingForm {
        body: m.body.as_str().into(),
        date: m.date.to_string(),
        starts: m.starts.clone(),
        ends: m.ends.clone(),
        place: m.place.clone(),
        digital: if m.digital {
            "on".into()
        } else {
            String::new()
        },
        public: if m.public { "on".into() } else { String::new() },
        planned: m.planned.join("\n"),
    }
}

fn ruling_opts(tr: Tr, r: &Ruling) -> Vec<Opt> {
    let current = match r {
        Ruling::Text => "text",
        Ruling::Notes => "notes",
        Ruling::Decides(_) => "decides",
    };
    opts(
        ["text", "notes", "decides"]
            .into_iter()
            .map(|k| (k, tr.t(&format!("ruling-{k}")))),
        current,
    )
}

async fn show_page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    errors: FormErrors,
    sent: Option<usize>,
) -> Result<Response> {
    let org = ctx.org.id;
    let m = state.store.meeting(org, id).await?;
    let terms = state.store.terms(org).await?;
    let signatures = state.store.signatures(org, id).await?;
    let comments = state.store.comments(org, id).await?;
    let manage = ctx.auth.user.role.can(Permission::ManageOrg);
    let editing = manage && m.status.editable();
    let user = &ctx.auth.user;
    let signer = m.status == Status::Justering && is_signer(&m, &terms, user);
    let waiting = waiting_for(&m, &terms, &signatures);
    let can_sign = m.status == Status::Justering
        && waiting
            .iter()
            .any(|s| s.email.as_ref() == Some(&user.email));
    let doc = minutes_document(&ctx.org, &m, &terms, None);
    let q = quorum(&m, &terms);
    let in_body: Vec<&Term> = terms
        .iter()
        .filter(|t| t.body == m.body && t.in_force(m.date))
        .collect();
    let (attendance, kept_at, attachments, paragraphs) = match &m.minutes {
        Some(minutes) if editing => {
            let members: Vec<&&Term> = in_body
                .iter()
                .filter(|t| t.seat == Seat::Ordinary)
                .collect();
            let rows = in_body
                .iter()
                .map(|t| {
                    let a = minutes.attendance.iter().find(|a| a.term == t.id);
                    let serving_for = a.and_then(|a| a.serving_for).map(|s| s.to_string());
                    AttendanceRow {
                        role: samordna_app::governance::role_text(t, &terms, None),
                        present: a.is_some_and(|a| a.present),
                        substitute: t.seat == Seat::Substitute,
                        serving: opts(
                            std::iter::once((String::new(), tr.t("attendance-serves-none"))).chain(
                                members.iter().map(|o| {
                                    (o.id.to_string(), format!("{} ({})", o.name, o.party))
                                }),
                            ),
                            serving_for.as_deref().unwrap_or(""),
                        ),
                        justerare: minutes.justerare.contains(&t.id),
                        term: (*t).clone(),
                    }
                })
                .collect();
            let mut by_paragraph: HashMap<usize, Vec<String>> = HashMap::new();
            for c in comments.iter().filter(|c| c.paragraph.is_some()) {
                by_paragraph
                    .entry(c.paragraph.unwrap_or_default())
                    .or_default()
                    .push(format!("{}: {}", c.author, c.text));
            }
            let paragraphs = minutes
                .paragraphs
                .iter()
                .enumerate()
                .map(|(at, p)| ParagraphView {
                    at,
                    number: Minutes::number(at),
                    title: p.title.clone(),
                    text: p.text.clone(),
                    rulings: ruling_opts(tr, &p.ruling),
                    decisions: match &p.ruling {
                        Ruling::Decides(items) => items
                            .iter()
                            .map(|d| d.text.clone())
                            .collect::<Vec<_>>()
                            .join("\n"),
                        _ => String::new(),
                    },
                    per_capsulum: p.per_capsulum.map(|d| d.to_string()).unwrap_or_default(),
                    comments: by_paragraph.remove(&at).unwrap_or_default(),
                })
                .collect();
            (
                rows,
                minutes.kept_at.clone(),
                minutes.attachments.join("\n"),
                paragraphs,
            )
        }
        _ => (vec![], String::new(), String::new(), vec![]),
    };
    let notices = state.store.notices(org).await?;
    let documents = state.store.documents(org, id).await?;
    let items = m
        .agenda
        .iter()
        .enumerate()
        .map(|(i, item)| ItemView {
            title: item.title.clone(),
            proposal: item.proposal.clone(),
            documents: documents.iter().filter(|d| d.item == i).cloned().collect(),
        })
        .collect();
    let status = errors.status();
    let page = ShowPage {
        base: base(ctx),
        body: tr.t(&format!("body-{}", m.body.as_str())),
        status: tr.t(&format!("minutes-status-{}", m.status.as_str())),
        when: samordna_app::governance::when_and_where(&m),
        manage,
        editing,
        signer,
        can_sign,
        bodies: body_opts(tr, m.body.as_str()),
        f: form_of(&m),
        article: if m.minutes.is_some() {
            html::article(&doc)
        } else {
            String::new()
        },
        quorum: q.map_or(String::new(), |q| {
            tr.tn(
                if q.is_quorate() {
                    "quorum-yes"
                } else {
                    "quorum-no"
                },
                &[
                    ("present", &q.present.to_string()),
                    ("members", &q.members.to_string()),
                ],
            )
        }),
        quorate: q.is_some_and(|q| q.is_quorate()),
        attendance,
        kept_at,
        attachments,
        paragraphs,
        whole_comments: comments
            .iter()
            .filter(|c| c.paragraph.is_none())
            .map(|c| {
                if c.refusal {
                    tr.tn(
                        "minutes-refused-by",
                        &[("who", &c.author), ("reason", &c.text)],
                    )
                } else {
                    format!("{}: {}", c.author, c.text)
                }
            })
            .collect(),
        waiting: waiting
            .iter()
            .map(|s| {
                format!(
                    "{} ({})",
                    s.name,
                    tr.t(&format!("signer-{}", s.role.as_str()))
                )
            })
            .collect(),
        signatures: signatures
            .iter()
            .map(|s| SignatureRow {
                name: s.name.clone(),
                role: tr.t(&format!("signer-{}", s.role.as_str())),
                time: samordna_app::governance::time_sv(s.signed_at),
                identification: s.identification.clone(),
                id: s.signature_id.clone(),
            })
            .collect(),
        altered: integrity(&m, &signatures) == Integrity::Altered,
        published: notices.iter().any(|n| n.meeting_id == m.id),
        items,
        today: today().to_string(),
        errors,
        sent: sent.map(|n| match n {
            0 => tr.t("kallelse-not-sent"),
            n => tr.t1("kallelse-sent", "count", &n.to_string()),
        }),
        can_mail: state.config.mail.is_some(),
        l: Layout::org(
            tr,
            ctx,
            "/meetings",
            samordna_app::governance::minutes_title(&m),
        ),
        m,
    };
    Ok((status, render(page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShowQuery {
    /// How many the kallelse was just sent to.
    sent: String,
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<ShowQuery>,
) -> Result<Response> {
    let sent = q.sent.parse::<usize>().ok();
    show_page(&state, tr, &ctx, id, FormErrors::default(), sent).await
}

/// After a change on the meeting's page: back to it, or the page again with what was wrong.
async fn done(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    id: i64,
    anchor: &str,
    result: Result<()>,
) -> Result<Response> {
    match result {
        Ok(()) => Ok(to_meeting(ctx, id, anchor)),
        Err(Error::Invalid(e)) => {
            let errors = FormErrors::new(tr, &e);
            show_page(state, tr, ctx, id, errors, None).await
        }
        Err(e) => Err(e),
    }
}

async fn update(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<MeetingForm>,
) -> Result<Response> {
    let result = match MeetingFields::parse(&f) {
        Ok(fields) => state
            .store
            .update_meeting(ctx.org.id, &ctx.actor(), id, &fields)
            .await
            .map(|_| ())
            .map_err(Error::from),
        Err(e) => Err(Error::Invalid(e)),
    };
    done(&state, tr, &ctx, id, "", result).await
}

async fn kallelse_pdf(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let m = state.store.meeting(ctx.org.id, id).await?;
    let documents = state.store.documents(ctx.org.id, m.id).await?;
    let doc = notice_document(&ctx.org, &m, &documents);
    let bytes =
        samordna_app::reports::pdf(doc, format!("samordna/{}/kallelse/{id}", ctx.org.slug)).await?;
    Ok(file(
        bytes,
        "application/pdf",
        format!("{}-kallelse-{}.pdf", ctx.org.slug, m.date),
    ))
}

/// The minutes as PDF: the signed copy, with its signature page, once signed.
async fn minutes_pdf(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response> {
    let m = state.store.meeting(ctx.org.id, id).await?;
    if m.minutes.is_none() {
        return Err(Error::NotFound);
    }
    let terms = state.store.terms(ctx.org.id).await?;
    let signatures = state.store.signatures(ctx.org.id, id).await?;
    let doc = minutes_document(&ctx.org, &m, &terms, Some(&signatures));
    let bytes =
        samordna_app::reports::pdf(doc, format!("samordna/{}/minutes/{id}", ctx.org.slug)).await?;
    Ok(file(
        bytes,
        "application/pdf",
        format!("{}-protokoll-{}.pdf", ctx.org.slug, m.date),
    ))
}

async fn add_document(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    upload: CsrfUpload,
) -> Result<Response> {
    let result = async {
        let item = upload.field("agenda_item").parse::<usize>().map_err(|_| {
            Invalid::new(
                "agenda_item",
                upload.field("agenda_item"),
                Reason::NotANumber,
            )
        })?;
        let (name, kind) = documents::check(&upload.file_name, &upload.file)?;
        state
            .store
            .add_document(
                ctx.org.id,
                &ctx.actor(),
                id,
                item,
                &name,
                kind,
                &upload.file,
            )
            .await?;
        Ok(())
    }
    .await;
    done(&state, tr, &ctx, id, "#agenda", result).await
}

/// A document as its kind, downloaded under its name.
async fn document(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id, doc)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let (d, bytes) = state.store.document(ctx.org.id, doc).await?;
    let m = state.store.meeting(ctx.org.id, id).await?;
    if !state
        .store
        .documents(ctx.org.id, m.id)
        .await?
        .iter()
        .any(|x| x.id == d.id)
    {
        return Err(Error::NotFound);
    }
    // The name as UTF-8 (RFC 5987), and a plain one for old readers.
    let plain: String = d
        .name
        .chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let encoded: String = d
        .name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, d.kind.mime().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn remove_document(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id, doc)): Path<(String, i64, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    state
        .store
        .remove_document(ctx.org.id, &ctx.actor(), doc)
        .await?;
    Ok(to_meeting(&ctx, id, "#agenda"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ItemForm {
    title: String,
    proposal: String,
}

async fn add_item(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<ItemForm>,
) -> Result<Response> {
    let m = state.store.meeting(ctx.org.id, id).await?;
    let result = match AgendaItem::parse(&f.title, &f.proposal) {
        Ok(item) => {
            let mut agenda = m.agenda.clone();
            agenda.push(item);
            state
                .store
                .set_agenda(ctx.org.id, &ctx.actor(), id, &agenda)
                .await
                .map(|_| ())
                .map_err(Error::from)
        }
        Err(e) => Err(Error::Invalid(e)),
    };
    done(&state, tr, &ctx, id, "#agenda", result).await
}

async fn remove_item(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id, at)): Path<(String, i64, usize)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    let mut agenda = state.store.meeting(ctx.org.id, id).await?.agenda;
    if at >= agenda.len() {
        return Err(Error::NotFound);
    }
    agenda.remove(at);
    state
        .store
        .set_agenda(ctx.org.id, &ctx.actor(), id, &agenda)
        .await?;
    Ok(to_meeting(&ctx, id, "#agenda"))
}

async fn announce(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    let result = announce_meeting(&*state.store, &ctx.org, &ctx.actor(), id, today())
        .await
        .map(|_| ())
        .map_err(Error::from);
    done(&state, tr, &ctx, id, "#publish", result).await
}

async fn send(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    // Without a mail server nothing is sent; the page says so (`sent=0`).
    let Some(mail) = &state.config.mail else {
        return Ok(to_meeting(&ctx, id, "?sent=0#agenda"));
    };
    let link = format!(
        "{}/o/{}/meetings/{id}",
        state.config.public_url.trim_end_matches('/'),
        ctx.org.slug
    );
    let sent = send_kallelse(&*state.store, &ctx.org, &ctx.actor(), mail, id, &link).await?;
    Ok(Redirect::to(&format!("{}/meetings/{id}?sent={sent}#agenda", base(&ctx))).into_response())
}

/// The minutes of the meeting in hand, for a change by the secretary.
async fn editable(state: &AppState, ctx: &OrgCtx, id: i64) -> Result<(Meeting, Minutes)> {
    let m = state.store.meeting(ctx.org.id, id).await?;
    match (&m.minutes, m.status.editable()) {
        (Some(minutes), true) => {
            let minutes = minutes.clone();
            Ok((m, minutes))
        }
        _ => Err(Invalid::new("minutes", m.status.as_str(), Reason::WrongState).into()),
    }
}

/// Writes the changed minutes in the state they are in.
async fn keep(state: &AppState, ctx: &OrgCtx, m: &Meeting, minutes: &Minutes) -> Result<()> {
    state
        .store
        .write_minutes(
            ctx.org.id,
            &ctx.actor(),
            m.id,
            minutes,
            &[m.status],
            m.status,
        )
        .await?;
    Ok(())
}

async fn start_minutes(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    let m = state.store.meeting(ctx.org.id, id).await?;
    let terms = state.store.terms(ctx.org.id).await?;
    // Every ordinary member present until the secretary says otherwise.
    let attendance = terms
        .iter()
        .filter(|t| t.body == m.body && t.in_force(m.date) && t.seat == Seat::Ordinary)
        .map(|t| Attendance {
            term: t.id,
            present: true,
            serving_for: None,
        })
        .collect();
    let user = &ctx.auth.user;
    let minutes = Minutes::standard(
        user.name.clone(),
        user.email.clone(),
        &m.agenda,
        attendance,
        tr.t("minutes-kept-at-default"),
    );
    let result = state
        .store
        .start_minutes(ctx.org.id, &ctx.actor(), id, minutes)
        .await
        .map(|_| ())
        .map_err(Error::from);
    done(&state, tr, &ctx, id, "#minutes", result).await
}

/// The attendance form: `present-{term}`, `serves-{term}`, `justerare-{term}` per term.
async fn attendance(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<HashMap<String, String>>,
) -> Result<Response> {
    let result = async {
        let (m, mut minutes) = editable(&state, &ctx, id).await?;
        let terms = state.store.terms(ctx.org.id).await?;
        let in_body: Vec<&Term> = terms
            .iter()
            .filter(|t| t.body == m.body && t.in_force(m.date))
            .collect();
        let mut list = vec![];
        for t in &in_body {
            let serving_for = match f.get(&format!("serves-{}", t.id)).map(|s| s.trim()) {
                None | Some("") => None,
                Some(v) => Some(
                    v.parse::<i64>()
                        .ok()
                        .filter(|m| {
                            in_body
                                .iter()
                                .any(|o| o.id == *m && o.seat == Seat::Ordinary)
                        })
                        .ok_or_else(|| Invalid::new("serving_for", v, Reason::UnknownValue))?,
                ),
            };
            list.push(Attendance {
                term: t.id,
                present: f.contains_key(&format!("present-{}", t.id)),
                serving_for: serving_for.filter(|_| t.seat == Seat::Substitute),
            });
        }
        minutes.attendance = list;
        minutes.justerare = in_body
            .iter()
            .filter(|t| f.contains_key(&format!("justerare-{}", t.id)))
            .map(|t| t.id)
            .collect();
        let empty = String::new();
        minutes.kept_at = optional_text("kept_at", f.get("kept_at").unwrap_or(&empty), 200)?;
        minutes.attachments = f
            .get("attachments")
            .unwrap_or(&empty)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.chars().take(200).collect())
            .collect();
        keep(&state, &ctx, &m, &minutes).await
    }
    .await;
    done(&state, tr, &ctx, id, "#attendance", result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewParagraph {
    title: String,
}

async fn add_paragraph(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<NewParagraph>,
) -> Result<Response> {
    let result = async {
        let (m, mut minutes) = editable(&state, &ctx, id).await?;
        let p = Paragraph::parse(
            &ParagraphForm {
                title: f.title.clone(),
                ruling: "notes".into(),
                ..Default::default()
            },
            None,
        )?;
        if minutes.paragraphs.len() >= samordna_domain::governance::minutes::MAX_PARAGRAPHS {
            return Err(Invalid::new("title", &f.title, Reason::TooLong { max: 80 }).into());
        }
        // Before "Nästa möte" and the closing, where the standard ones end the minutes.
        let at = minutes.paragraphs.len().saturating_sub(2);
        minutes.paragraphs.insert(at, p);
        keep(&state, &ctx, &m, &minutes).await
    }
    .await;
    done(&state, tr, &ctx, id, "#minutes", result).await
}

async fn save_paragraph(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id, at)): Path<(String, i64, usize)>,
    CsrfForm(f): CsrfForm<ParagraphForm>,
) -> Result<Response> {
    let result = async {
        let (m, mut minutes) = editable(&state, &ctx, id).await?;
        let before = minutes.paragraphs.get(at).ok_or(Error::NotFound)?;
        minutes.paragraphs[at] = Paragraph::parse(&f, Some(before))?;
        keep(&state, &ctx, &m, &minutes).await
    }
    .await;
    done(&state, tr, &ctx, id, &format!("#p-{at}"), result).await
}

async fn remove_paragraph(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id, at)): Path<(String, i64, usize)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    let result = async {
        let (m, mut minutes) = editable(&state, &ctx, id).await?;
        if at >= minutes.paragraphs.len() {
            return Err(Error::NotFound);
        }
        minutes.paragraphs.remove(at);
        keep(&state, &ctx, &m, &minutes).await
    }
    .await;
    done(&state, tr, &ctx, id, "#minutes", result).await
}

async fn send_for_justering(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response> {
    let result = async {
        let (m, minutes) = editable(&state, &ctx, id).await?;
        if minutes.justerare.is_empty() {
            return Err(Invalid::new("justerare", "", Reason::Required).into());
        }
        state
            .store
            .write_minutes(
                ctx.org.id,
                &ctx.actor(),
                m.id,
                &minutes,
                &[Status::Draft],
                Status::Justering,
            )
            .await?;
        Ok(())
    }
    .await;
    done(&state, tr, &ctx, id, "#signing", result).await
}

/// Only the chair, the justerare and the secretary take part in the justering.
async fn signer_only(state: &AppState, ctx: &OrgCtx, id: i64) -> Result<Meeting> {
    let m = state.store.meeting(ctx.org.id, id).await?;
    let terms = state.store.terms(ctx.org.id).await?;
    let secretary = m
        .minutes
        .as_ref()
        .is_some_and(|x| x.secretary_email == ctx.auth.user.email);
    if !(secretary || is_signer(&m, &terms, &ctx.auth.user)) {
        return Err(Error::Forbidden);
    }
    Ok(m)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CommentForm {
    paragraph: String,
    text: String,
}

async fn comment(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<CommentForm>,
) -> Result<Response> {
    signer_only(&state, &ctx, id).await?;
    let result = async {
        let text = samordna_domain::invalid::required_text("text", &f.text, 2000)?;
        let paragraph = match f.paragraph.trim() {
            "" => None,
            v => Some(
                v.parse::<usize>()
                    .map_err(|_| Invalid::new("paragraph", v, Reason::NotANumber))?,
            ),
        };
        let c = Comment {
            paragraph,
            author: ctx.auth.user.name.clone(),
            text,
            refusal: false,
            created_at: 0,
        };
        state
            .store
            .add_comment(ctx.org.id, &ctx.actor(), id, &c)
            .await?;
        Ok(())
    }
    .await;
    done(&state, tr, &ctx, id, "#signing", result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignForm {
    password: String,
}

async fn sign_minutes(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<SignForm>,
) -> Result<Response> {
    signer_only(&state, &ctx, id).await?;
    let method = PasswordAgain(&*state.store);
    let result = sign(
        &*state.store,
        &ctx.org,
        &ctx.auth.user,
        &method,
        &f.password,
        id,
    )
    .await
    .map(|_| ())
    .map_err(Error::from);
    done(&state, tr, &ctx, id, "#signing", result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RefuseForm {
    reason: String,
}

async fn refuse(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<RefuseForm>,
) -> Result<Response> {
    signer_only(&state, &ctx, id).await?;
    let result = async {
        let text = samordna_domain::invalid::required_text("reason", &f.reason, 2000)?;
        let c = Comment {
            paragraph: None,
            author: ctx.auth.user.name.clone(),
            text,
            refusal: true,
            created_at: 0,
        };
        state
            .store
            .add_comment(ctx.org.id, &ctx.actor(), id, &c)
            .await?;
        Ok(())
    }
    .await;
    done(&state, tr, &ctx, id, "#signing", result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PublishForm {
    posted_on: String,
}

async fn publish(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    CsrfForm(f): CsrfForm<PublishForm>,
) -> Result<Response> {
    let result = async {
        let posted_on = parse_date("posted_on", &f.posted_on)?;
        publish_minutes(&*state.store, &ctx.org, &ctx.actor(), id, posted_on).await?;
        Ok(())
    }
    .await;
    done(&state, tr, &ctx, id, "#publish", result).await
}
