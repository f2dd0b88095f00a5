//! The förbund's digital anslagstavla: public, without login. The notices that are up, with
//! the dates the law asks for, the published minutes as PDF, an archive by year, and an Atom
//! feed of the same notices.

use crate::auth::MaybeAuth;
use crate::csrf::CsrfCookie;
use crate::error::{Error, Result};
use crate::forms::{today, year_or, YearQuery};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::{get, post, Access, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission::ManageOrg;
use samordna_domain::governance::notices::Notice;
use samordna_domain::orgs::Org;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/anslagstavla", Access::Public, board),
        get("/o/{org}/anslagstavla.atom", Access::Public, feed),
        get("/o/{org}/anslagstavla/{id}/pdf", Access::Public, pdf),
        post("/o/{org}/anslagstavla/{id}/remove", ManageOrg, remove),
    ]
}

/// A notice as the public reads it, every date written out.
pub struct NoticeView {
    pub id: i64,
    pub title: String,
    pub lines: Vec<(String, String)>,
}

fn view(tr: Tr, n: &Notice) -> NoticeView {
    let body = tr.t(&format!("body-{}", n.body.as_str()));
    let title = tr.tn(
        &format!("notice-title-{}", n.kind.as_str()),
        &[("body", &body), ("date", &n.meeting_date.to_string())],
    );
    let mut lines = vec![
        (tr.t("notice-body"), body),
        (tr.t("notice-meeting-date"), n.meeting_date.to_string()),
    ];
    if let Some(j) = n.justered_on {
        lines.push((tr.t("notice-justered-on"), j.to_string()));
    }
    lines.push((tr.t("notice-posted-on"), n.posted_on.to_string()));
    if !n.kept_at.is_empty() {
        lines.push((tr.t("notice-kept-at"), n.kept_at.clone()));
    }
    if let Some(last) = n.appeal_until() {
        lines.push((tr.t("notice-appeal-until"), last.to_string()));
    }
    // Up through its last day, down the day after.
    let down = n.until.next_day().unwrap_or(n.until);
    lines.push((tr.t("notice-comes-down"), down.to_string()));
    NoticeView {
        id: n.id,
        title,
        lines,
    }
}

#[derive(Template)]
#[template(path = "governance/anslagstavla.html")]
struct BoardPage {
    l: Layout,
    org: Org,
    up: Vec<NoticeView>,
    archive: Vec<NoticeView>,
    year: i32,
    /// Each year with a notice, and whether it is the one shown.
    years: Vec<(i32, bool)>,
}

async fn org_of(state: &AppState, slug: &str) -> Result<Org> {
    Ok(state.store.org_by_slug(slug).await?)
}

async fn board(
    State(state): State<AppState>,
    Words(tr): Words,
    auth: MaybeAuth,
    axum::Extension(anon): axum::Extension<CsrfCookie>,
    Path(slug): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let org = org_of(&state, &slug).await?;
    let notices = state.store.notices(org.id).await?;
    let day = today();
    let mut years: Vec<i32> = notices.iter().map(|n| n.posted_on.year()).collect();
    years.dedup();
    // The archive opens at the newest year that has notices.
    let year = year_or(&q.year, years.first().copied().unwrap_or(day.year()));
    let page = BoardPage {
        up: notices
            .iter()
            .filter(|n| n.is_up(day))
            .map(|n| view(tr, n))
            .collect(),
        archive: notices
            .iter()
            .filter(|n| n.posted_on.year() == year)
            .map(|n| view(tr, n))
            .collect(),
        year,
        years: years.into_iter().map(|y| (y, y == year)).collect(),
        l: Layout::anon(
            tr,
            crate::csrf::token_for(&auth, &anon),
            format!("{} – {}", tr.t("anslagstavla"), org.name),
            &format!("/o/{slug}/anslagstavla"),
        ),
        org,
    };
    Ok(render(page)?.into_response())
}

#[derive(Template)]
#[template(path = "governance/anslagstavla.atom", escape = "xml")]
struct Feed {
    org: Org,
    updated: String,
    base: String,
    entries: Vec<(NoticeView, String)>,
}

/// `2023-09-07` as an Atom time: midnight in Sweden, with that day's offset.
fn atom_time(day: time::Date) -> String {
    let noon = time::PrimitiveDateTime::new(day, time::macros::time!(12:00)).assume_utc();
    let hours = samordna_domain::dates::in_sweden(noon)
        .offset()
        .whole_hours();
    format!("{day}T00:00:00+{hours:02}:00")
}

async fn feed(
    State(state): State<AppState>,
    Words(tr): Words,
    Path(slug): Path<String>,
) -> Result<Response> {
    let org = org_of(&state, &slug).await?;
    let notices = state.store.notices(org.id).await?;
    let updated = notices
        .iter()
        .map(|n| n.posted_on)
        .max()
        .map_or("2000-01-01T00:00:00+01:00".into(), atom_time);
    let feed = Feed {
        base: format!("{}/o/{slug}", state.config.public_url.trim_end_matches('/')),
        updated,
        entries: notices
            .iter()
            .map(|n| (view(tr, n), atom_time(n.posted_on)))
            .collect(),
        org,
    };
    let body = feed.render()?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response())
}

async fn pdf(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response> {
    let org = org_of(&state, &slug).await?;
    let bytes = state
        .store
        .notice_pdf(org.id, id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{slug}-anslag-{id}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn remove(
    State(state): State<AppState>,
    ctx: crate::auth::OrgCtx,
    Path((_, id)): Path<(String, i64)>,
    crate::csrf::CsrfForm(_): crate::csrf::CsrfForm<crate::csrf::NoFields>,
) -> Result<Response> {
    state
        .store
        .remove_notice(ctx.org.id, &ctx.actor(), id)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/board#notices", ctx.org.slug)).into_response())
}
