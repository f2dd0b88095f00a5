//! The frame of every page: language, title, the logged-in user, the menu (built from the
//! route table), the CSRF token; and the error page.

use crate::auth::OrgCtx;
use crate::error::Result;
use crate::i18n::Tr;
use crate::routes::MenuGroup;
use askama::Template;
use axum::response::Html;
use samordna_domain::access::roles::Role;
use samordna_domain::orgs::Org;

pub fn render(t: impl Template) -> Result<Html<String>> {
    Ok(Html(t.render()?))
}

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// A group of the menu under its heading; the start page's group has none.
pub struct NavGroup {
    pub label: Option<String>,
    pub items: Vec<NavItem>,
}

/// What the page frame needs: language, title, the logged-in user, navigation, CSRF token.
pub struct Layout {
    pub tr: Tr,
    pub title: String,
    pub csrf: String,
    pub user: Option<String>,
    pub org_name: Option<String>,
    pub nav: Vec<NavGroup>,
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

    /// The frame of a page inside a förbund; `current` is the path of the active menu item
    /// (after `/o/{org}`). The menu is every page of the route table's menu that the user's
    /// role may open.
    pub fn org(tr: Tr, ctx: &OrgCtx, current: &str, title: String) -> Self {
        let path = format!("/o/{}{current}", ctx.org.slug);
        let mut l = Layout::for_user(tr, &ctx.auth, title, &path);
        l.org_name = Some(ctx.org.name.clone());
        l.nav = org_menu(tr, &ctx.org, ctx.auth.user.role, current);
        l
    }

    /// The frame of the user's own account page: the menu of their förbund (or the admin's;
    /// a network account has none).
    pub fn account(tr: Tr, auth: &crate::auth::Auth, org: Option<&Org>, title: String) -> Self {
        let mut l = match org {
            Some(org) => {
                let mut l = Layout::for_user(tr, auth, title, "/account");
                l.org_name = Some(org.name.clone());
                l.nav = org_menu(tr, org, auth.user.role, "/account");
                l
            }
            None if auth.user.role == Role::Admin => Layout::admin(tr, auth, title),
            None => Layout::for_user(tr, auth, title, "/account"),
        };
        l.path = "/account".into();
        l
    }

    /// The frame of a network's page: the network's name and its one menu item.
    pub fn network(tr: Tr, ctx: &crate::auth::NetworkCtx, title: String) -> Self {
        let href = format!("/n/{}/stats", ctx.network.slug);
        let mut l = Layout::for_user(tr, &ctx.auth, title, &href);
        l.org_name = Some(ctx.network.name.clone());
        l.nav = vec![NavGroup {
            label: None,
            items: vec![NavItem {
                href,
                label: tr.t("nav-network-stats"),
                current: true,
            }],
        }];
        l
    }

    pub fn admin(tr: Tr, auth: &crate::auth::Auth, title: String) -> Self {
        let mut l = Layout::for_user(tr, auth, title, "/admin");
        l.nav = vec![NavGroup {
            label: None,
            items: vec![NavItem {
                href: "/admin".into(),
                label: tr.t("nav-orgs"),
                current: true,
            }],
        }];
        l
    }
}

/// The förbund's menu: every page of the route table's menu that `role` may open, in its
/// groups; a group with nothing the role may open is left out.
fn org_menu(tr: Tr, org: &Org, role: Role, current: &str) -> Vec<NavGroup> {
    let mut groups: Vec<(MenuGroup, NavGroup)> = vec![];
    for m in crate::routes::menu()
        .iter()
        .filter(|m| role.can(m.permission))
    {
        if groups.last().is_none_or(|(g, _)| *g != m.group) {
            let label = m.group.label().map(|k| tr.t(k));
            groups.push((
                m.group,
                NavGroup {
                    label,
                    items: vec![],
                },
            ));
        }
        let (_, group) = groups.last_mut().expect("pushed");
        group.items.push(NavItem {
            href: format!("/o/{}{}", org.slug, m.suffix),
            label: tr.t(m.label),
            current: m.suffix == current,
        });
    }
    groups.into_iter().map(|(_, g)| g).collect()
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
