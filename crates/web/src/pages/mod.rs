//! Server-rendered pages, Swedish first. Each module is one part of the förbund's work; each
//! handler takes its context (who, which förbund), calls the store and renders a template.

mod admin;
mod agreements;
mod answer;
mod audit;
mod budget;
mod contributions;
mod follow_up;
mod interventions;
mod ledger;
mod members;
pub mod participants;
mod payouts;
mod session;
pub(crate) mod socioeconomic;
pub(crate) mod stats;
pub(crate) mod surveys;
mod users;

use crate::auth::OrgCtx;
use crate::error::Result;
use crate::i18n::Tr;
use crate::AppState;
use askama::Template;
use axum::response::Html;
use axum::Router;
use samordna_domain::access::roles::Permission;
use samordna_domain::Invalid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session::routes())
        .merge(answer::routes())
        .merge(admin::routes())
        .merge(interventions::routes())
        .merge(members::routes())
        .merge(users::routes())
        .merge(audit::routes())
        .merge(payouts::routes())
        .merge(agreements::routes())
        .merge(participants::routes())
        .merge(stats::routes())
        .merge(surveys::routes())
        .merge(socioeconomic::routes())
        .merge(contributions::routes())
        .merge(budget::routes())
        .merge(ledger::routes())
        .merge(follow_up::routes())
}

pub fn render(t: impl Template) -> Result<Html<String>> {
    Ok(Html(t.render()?))
}

/// One option of a `<select>`, with whether it is the chosen one.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

pub fn choices(
    items: impl IntoIterator<Item = (&'static str, String)>,
    current: &str,
) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| Choice {
            value,
            label,
            selected: value == current,
        })
        .collect()
}

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What the page frame needs: language, title, the logged-in user, navigation, CSRF token.
pub struct Layout {
    pub tr: Tr,
    pub title: String,
    pub csrf: String,
    pub user: Option<String>,
    pub org_name: Option<String>,
    pub nav: Vec<NavItem>,
    /// The current path, to come back to after switching language.
    pub path: String,
}

impl Layout {
    pub fn anon(tr: Tr, csrf: String, title: String, path: &str) -> Self {
        Layout {
            tr,
            title,
            csrf,
            user: None,
            org_name: None,
            nav: vec![],
            path: path.into(),
        }
    }

    fn for_user(tr: Tr, auth: &crate::auth::Auth, title: String, path: &str) -> Self {
        let csrf = auth
            .session
            .as_ref()
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        Layout {
            tr,
            title,
            csrf,
            user: Some(auth.user.name.clone()),
            org_name: None,
            nav: vec![],
            path: path.into(),
        }
    }

    /// The frame of a page inside a förbund; `current` is the path of the active menu item.
    pub fn org(tr: Tr, ctx: &OrgCtx, current: &str, title: String) -> Self {
        let base = format!("/o/{}", ctx.org.slug);
        let role = ctx.auth.user.role;
        let items = [
            ("", "nav-interventions", Permission::ViewOrg),
            (
                "/participants",
                "nav-participants",
                Permission::ViewPersonalData,
            ),
            ("/coach", "nav-coach", Permission::ViewPersonalData),
            ("/stats", "nav-stats", Permission::ViewOrg),
            ("/surveys", "nav-surveys", Permission::ViewOrg),
            ("/members", "nav-members", Permission::ViewOrg),
            ("/budget", "nav-budget", Permission::ViewEconomy),
            ("/follow-up", "nav-follow-up", Permission::ViewEconomy),
            ("/ledger", "nav-ledger", Permission::ViewEconomy),
            ("/payouts", "nav-payouts", Permission::ViewEconomy),
            (
                "/contributions",
                "nav-contributions",
                Permission::ViewEconomy,
            ),
            (
                "/socioeconomic",
                "nav-socioeconomic",
                Permission::ViewEconomy,
            ),
            ("/users", "nav-users", Permission::ManageUsers),
            ("/audit", "nav-audit", Permission::ViewAudit),
        ];
        let nav = items
            .into_iter()
            .filter(|(_, _, p)| role.can(*p))
            .map(|(suffix, key, _)| NavItem {
                href: format!("{base}{suffix}"),
                label: tr.t(key),
                current: suffix == current,
            })
            .collect();
        let mut l = Layout::for_user(tr, &ctx.auth, title, &format!("{base}{current}"));
        l.org_name = Some(ctx.org.name.clone());
        l.nav = nav;
        l
    }

    pub fn admin(tr: Tr, auth: &crate::auth::Auth, title: String) -> Self {
        let mut l = Layout::for_user(tr, auth, title, "/admin");
        l.nav = vec![NavItem {
            href: "/admin".into(),
            label: tr.t("nav-orgs"),
            current: true,
        }];
        l
    }
}

/// The problems of a submitted form, by field, in the user's language.
#[derive(Default)]
pub struct FormErrors(pub Vec<(&'static str, String)>);

impl FormErrors {
    pub fn new(tr: Tr, errors: &[Invalid]) -> Self {
        FormErrors(errors.iter().map(|e| (e.field, tr.invalid(e))).collect())
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// 200 for a fresh form, 422 for one shown again with its problems.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub tr: Tr,
    pub title: String,
    pub messages: Vec<String>,
    pub request_id: Option<String>,
    pub logged_in: bool,
}

/// A workbook (one sheet per table) or one CSV with every table under its title, as a
/// download named `name`.
pub fn download(
    format: &str,
    name: &str,
    sheets: &[(&str, &samordna_reports::Table)],
) -> Result<axum::response::Response> {
    use crate::error::Error;
    use axum::http::header;
    use axum::response::IntoResponse;
    let (body, mime, ext) = match format {
        "xlsx" => (
            samordna_reports::workbook(sheets).map_err(Error::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "csv" => (
            samordna_reports::tables_csv(sheets),
            "text/csv; charset=utf-8",
            "csv",
        ),
        other => {
            return Err(Error::Invalid(vec![Invalid::new(
                "format",
                other,
                samordna_domain::Reason::UnknownValue,
            )]))
        }
    };
    let disposition = format!("attachment; filename=\"{name}.{ext}\"");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// A table cell on a page: a whole number the Swedish way (`1 200`), anything else as it is.
/// The files keep the bare number so that Excel reads it as one.
pub fn cell_text(cell: &str) -> String {
    match cell.parse::<i64>() {
        Ok(n) if !cell.starts_with('0') || cell == "0" => samordna_domain::format::thousands(n),
        _ => cell.to_string(),
    }
}

/// `?year=2023&format=xlsx`: a page about one year, or its file.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    pub year: String,
    pub format: String,
}

/// A year as typed, or `default` when it is empty or not a plausible year.
pub fn year_or(text: &str, default: i32) -> i32 {
    text.trim()
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or(default)
}
