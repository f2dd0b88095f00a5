//! The route table: every route of the application, declared by its area in one line —
//! method, path, who may use it, handler — and nothing else. The router is built from it,
//! each route behind a guard that applies the declared access before the handler runs; the
//! menu is the table's pages marked `.menu(…)`; and the access test walks the same table.
//!
//! A route cannot be declared without its access: `get` and `post` take it. A handler that
//! needs the förbund (`OrgCtx`) or the admin (`AdminCtx`) only gets them from the guard, so
//! a route declared `Public` cannot reach a förbund's data by accident.

use crate::auth::{AdminCtx, Auth, NetworkCtx, OrgCtx};
use crate::error::{Error, Result};
use crate::AppState;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::MethodRouter;
use axum::Router;
use samordna_domain::access::roles::Permission;
use std::sync::OnceLock;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not: the login page, the answering link of a survey, the
    /// health check.
    Public,
    /// Any logged-in account.
    LoggedIn,
    /// The installation's admin (`Permission::ManageOrgs`), nobody else.
    Admin,
    /// A user of the förbund named by the `{org}` path segment whose role has the
    /// permission. A user of another förbund (and the admin) gets 404: never a hint that the
    /// data exists.
    Org(Permission),
    /// An account of the network named by the `{network}` path segment
    /// (`Permission::ViewNetwork`); anyone else gets 404.
    Network,
}

impl From<Permission> for Access {
    fn from(p: Permission) -> Self {
        Access::Org(p)
    }
}

/// One line of the table, as the tests and the menu see it.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    /// The path as axum matches it, e.g. `/o/{org}/budget` (the API's below `/api/v1`).
    pub path: String,
    pub access: Access,
    /// The menu label (a Fluent key) of a page in the förbund's menu.
    pub menu: Option<&'static str>,
}

/// The groups of the förbund's menu, in the order they are shown; a page without a group
/// (the overview) comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MenuGroup {
    Start,
    Participants,
    StatsAndReports,
    Economy,
    Board,
    Settings,
}

impl MenuGroup {
    /// The group's heading (a Fluent key); none for the start.
    pub fn label(self) -> Option<&'static str> {
        match self {
            MenuGroup::Start => None,
            MenuGroup::Participants => Some("menu-participants"),
            MenuGroup::StatsAndReports => Some("menu-stats-and-reports"),
            MenuGroup::Economy => Some("menu-economy"),
            MenuGroup::Board => Some("menu-board"),
            MenuGroup::Settings => Some("menu-settings"),
        }
    }
}

/// A route: its line of the table and its handler.
pub struct Route {
    method: Method,
    path: &'static str,
    access: Access,
    menu: Option<(MenuGroup, &'static str)>,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    access: impl Into<Access>,
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        method,
        path,
        access: access.into(),
        menu: None,
        handler,
    }
}

/// A `GET` route.
pub fn get<H, T>(path: &'static str, access: impl Into<Access>, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    route(Method::GET, path, access, axum::routing::get(handler))
}

/// A `POST` route.
pub fn post<H, T>(path: &'static str, access: impl Into<Access>, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    route(Method::POST, path, access, axum::routing::post(handler))
}

impl Route {
    /// Puts the page in the förbund's menu, in `group`, under the label `key`.
    pub fn menu(mut self, group: MenuGroup, key: &'static str) -> Self {
        self.menu = Some((group, key));
        self
    }
}

/// Every route of the pages, area by area; the menu follows this order.
fn pages() -> Vec<Route> {
    [
        crate::participants::routes(),
        crate::orgs::routes(),
        crate::access::routes(),
        crate::stats::routes(),
        crate::surveys::routes(),
        crate::economy::routes(),
        crate::reports::routes(),
        crate::governance::routes(),
        crate::plans::routes(),
        crate::assets::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Every route of the JSON API, with paths below `/api/v1`.
fn api() -> Vec<Route> {
    crate::api::routes()
}

/// The whole table: the pages, then the API with its paths as they are served.
pub fn table() -> Vec<RouteInfo> {
    let info = |prefix: &str, r: Route| RouteInfo {
        method: r.method,
        path: format!("{prefix}{}", r.path),
        access: r.access,
        menu: r.menu.map(|(_, label)| label),
    };
    let pages = pages().into_iter().map(|r| info("", r));
    pages
        .chain(api().into_iter().map(|r| info("/api/v1", r)))
        .collect()
}

/// One item of the förbund's menu: the path after `/o/{org}`, its label and who sees it.
pub struct MenuItem {
    pub group: MenuGroup,
    pub suffix: &'static str,
    pub label: &'static str,
    pub permission: Permission,
}

/// The förbund's menu: the pages of the table marked for it, group by group, in the table's
/// order within a group.
pub fn menu() -> &'static [MenuItem] {
    static MENU: OnceLock<Vec<MenuItem>> = OnceLock::new();
    MENU.get_or_init(|| {
        let mut items: Vec<MenuItem> = pages()
            .into_iter()
            .filter_map(|r| match (r.menu, r.access) {
                (Some((group, label)), Access::Org(permission)) => Some(MenuItem {
                    group,
                    suffix: r.path.trim_start_matches("/o/{org}"),
                    label,
                    permission,
                }),
                _ => None,
            })
            .collect();
        items.sort_by_key(|m| m.group);
        items
    })
}

/// The router of the pages and (nested under `/api/v1`) the API, every route behind the
/// guard of its declared access.
pub fn router(state: &AppState) -> Router<AppState> {
    let build = |routes: Vec<Route>| {
        routes.into_iter().fold(Router::new(), |router, r| {
            let guard = middleware::from_fn_with_state((state.clone(), r.access), guard);
            router.route(r.path, r.handler.route_layer(guard))
        })
    };
    build(pages()).nest(
        "/api/v1",
        build(api()).fallback(|| async { Error::NotFound }),
    )
}

/// Applies a route's access before its handler: 401 without a login, 404 for a förbund the
/// user does not belong to, 403 for a role without the permission. What it found (the user,
/// the förbund) is handed to the handler's extractors.
async fn guard(
    State((state, access)): State<(AppState, Access)>,
    req: Request,
    next: Next,
) -> Result<Response> {
    let (mut parts, body) = req.into_parts();
    match access {
        Access::Public => {}
        Access::LoggedIn => {
            Auth::lookup_required(&mut parts, &state).await?;
        }
        Access::Admin => {
            let auth = Auth::lookup_required(&mut parts, &state).await?;
            if !auth.can(Permission::ManageOrgs) {
                return Err(Error::Forbidden);
            }
            parts.extensions.insert(AdminCtx(auth));
        }
        Access::Org(permission) => {
            let ctx = OrgCtx::resolve(&mut parts, &state).await?;
            if !ctx.auth.can(permission) {
                return Err(Error::Forbidden);
            }
            parts.extensions.insert(ctx);
        }
        Access::Network => {
            let ctx = NetworkCtx::resolve(&mut parts, &state).await?;
            if !ctx.auth.can(Permission::ViewNetwork) {
                return Err(Error::Forbidden);
            }
            parts.extensions.insert(ctx);
        }
    }
    Ok(next.run(Request::from_parts(parts, body)).await)
}
