//! The audit log of a förbund, for its director, newest first, a page at a time.

use crate::auth::OrgCtx;
use crate::error::Result;
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Settings;
use crate::routes::{get, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use samordna_domain::access::audit::AuditEntry;
use samordna_domain::access::roles::Permission::ViewAudit;
use serde::Deserialize;

const PAGE: i64 = 100;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/audit", ViewAudit, list).menu(Settings, "nav-audit"),
        get("/o/{org}/audit.csv", ViewAudit, csv),
    ]
}

pub struct Row {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub detail: String,
}

/// Stored in UTC, shown as the clock in Sweden showed it, with its offset so that the hour
/// repeated when summer time ends is told apart (`02:30:00 +02:00`, then `02:30:00 +01:00`).
fn swedish_time(e: &AuditEntry) -> String {
    let f = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] [offset_hour sign:mandatory]:[offset_minute]"
    );
    samordna_domain::dates::in_sweden(e.at)
        .format(&f)
        .unwrap_or_default()
}

/// A detail in words: each code in it (`contact_done`, `approved`, a role) in the reader's
/// language; dates, amounts and names as written.
fn detail_words(tr: Tr, detail: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let w = std::mem::take(word);
        let said = tr
            .get(&format!("audit-word-{w}"))
            .or_else(|| tr.get(&format!("role-{w}")));
        out.push_str(&said.unwrap_or(w));
    };
    for c in detail.chars() {
        if c.is_ascii_lowercase() || c == '_' || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn rows(tr: Tr, entries: &[AuditEntry]) -> Vec<Row> {
    entries
        .iter()
        .map(|e| Row {
            at: swedish_time(e),
            actor: e.actor.clone(),
            action: tr.t(&format!("audit-{}", e.action.as_str())),
            entity: tr
                .get(&format!("audit-entity-{}", e.entity))
                .unwrap_or_else(|| e.entity.clone()),
            entity_id: e.entity_id.clone().unwrap_or_default(),
            detail: detail_words(tr, &e.detail),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "access/audit.html")]
struct AuditPage {
    l: Layout,
    base: String,
    rows: Vec<Row>,
    older: Option<i64>,
}

#[derive(Deserialize)]
struct Paging {
    before: Option<i64>,
}

async fn list(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(p): Query<Paging>,
) -> Result<Response> {
    let entries = state.store.list_audit(ctx.org.id, PAGE, p.before).await?;
    let older = (entries.len() as i64 == PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    let l = Layout::org(tr, &ctx, "/audit", tr.t("nav-audit"));
    Ok(render(AuditPage {
        l,
        base: format!("/o/{}", ctx.org.slug),
        rows: rows(tr, &entries),
        older,
    })?
    .into_response())
}

/// The whole log as a CSV file for Swedish Excel.
async fn csv(State(state): State<AppState>, Words(tr): Words, ctx: OrgCtx) -> Result<Response> {
    let mut table = samordna_reports::Table::new(
        [
            "audit-at",
            "audit-actor",
            "audit-action",
            "audit-entity",
            "audit-entity-id",
            "audit-detail",
        ]
        .map(|k| tr.t(k))
        .to_vec(),
    );
    let mut before = None;
    loop {
        let entries = state.store.list_audit(ctx.org.id, 1000, before).await?;
        for r in rows(tr, &entries) {
            table.push(vec![
                r.at,
                r.actor,
                r.action,
                r.entity,
                r.entity_id,
                r.detail,
            ]);
        }
        match entries.last() {
            Some(last) if entries.len() == 1000 => before = Some(last.id),
            _ => break,
        }
    }
    let disposition = format!("attachment; filename=\"logg-{}.csv\"", ctx.org.slug);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        table.to_excel_csv(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use samordna_app::i18n::Lang;

    const SV: Tr = Tr(Lang::Sv);

    #[test]
    fn a_detail_is_read_in_words_and_its_dates_and_names_kept() {
        assert_eq!(
            detail_words(SV, "2023:1 certificate 2023-06-30 reports –"),
            "2023:1 intyg 2023-06-30 rapporter –"
        );
        assert_eq!(detail_words(SV, "violence_asked"), "frågat om våld");
        assert_eq!(
            detail_words(SV, "anna@aneby.se (coach)"),
            "anna@aneby.se (Coach)"
        );
        assert_eq!(detail_words(SV, "Aneby kommun"), "Aneby kommun");
    }
}
