//! Least privilege, proven route by route: every route × every role, allowed or denied; a
//! user of another förbund gets 404 — never data — on every route of this one; and every
//! line of the route table has a request in the access table (`requests.rs`) that expects
//! what the line declares.

use super::requests::{pattern_of, requests, Ids, Method, Part, Request, ALL_ORG};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::{Permission, Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::orgs::members::NewMember;
use samordna_domain::orgs::NewOrg;
use samordna_web::routes::Access;

fn email_of(role: Role) -> &'static str {
    samordna::demo::ACCOUNTS
        .iter()
        .find(|(_, _, r)| *r == role)
        .unwrap()
        .0
}

async fn send(
    app: &TestApp,
    c: &Client,
    route: &Request,
    csrf: &str,
    who: &str,
) -> reqwest::Response {
    let url = app.url(&route.path.replace("{role}", who));
    let fields = route
        .form
        .iter()
        .map(|(k, v)| (k.clone(), v.replace("{role}", who)))
        .chain([("csrf".to_string(), csrf.to_string())]);
    match route.method {
        Method::Get => c.get(url).send().await.unwrap(),
        Method::Post | Method::Ends => c
            .post(url)
            .form(&fields.collect::<Vec<_>>())
            .send()
            .await
            .unwrap(),
        Method::Upload => {
            let file =
                reqwest::multipart::Part::bytes(route.file.replace("{role}", who).into_bytes())
                    .file_name(route.file_name.clone());
            let form = fields.fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(k, v));
            c.post(url)
                .multipart(form.part("file", file))
                .send()
                .await
                .unwrap()
        }
    }
}

async fn send_api(
    app: &TestApp,
    token: Option<&str>,
    route: &Request,
    who: &str,
) -> reqwest::Response {
    let c = client();
    let url = app.url(&route.path);
    let mut req = match route.method {
        Method::Get => c.get(url),
        Method::Post | Method::Ends | Method::Upload => {
            let body: serde_json::Map<String, serde_json::Value> = route
                .form
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        serde_json::Value::String(v.replace("{role}", who)),
                    )
                })
                .collect();
            c.post(url).json(&body)
        }
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// Ids the requests name: a member, a member to remove, an account, a token to revoke, and
/// the answering link of the demo's survey round.
async fn ids(app: &TestApp) -> Ids {
    let org = app.org_id().await;
    let members = app.store.list_members(org).await.unwrap();
    let member = members
        .iter()
        .find(|m| m.name == "Aneby kommun")
        .unwrap()
        .id;
    let doomed = app
        .store
        .create_member(
            org,
            &Actor::system("test"),
            &NewMember::parse("Att ta bort", "state").unwrap(),
        )
        .await
        .unwrap()
        .id;
    let user = app
        .store
        .list_users(org)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.role == Role::Auditor)
        .unwrap()
        .id;
    app.token("chef@hoglandet.demo").await;
    let token = app.store.list_api_tokens(org).await.unwrap()[0].id;
    let round = app.store.rounds(org).await.unwrap().remove(0);
    Ids {
        member,
        doomed,
        user,
        token,
        link: format!("/s/{}", round.token),
    }
}

fn part(ids: &Ids, part: Part) -> Vec<Request> {
    requests(ids)
        .into_iter()
        .filter(|r| r.part == part)
        .collect()
}

async fn every_route_for_every_role(backend: Backend) {
    let app = spawn_app(backend).await;
    let ids = ids(&app).await;
    // The director comes last, so the routes that remove something are tried by the
    // others first.
    let roles = [
        Role::Admin,
        Role::Coach,
        Role::Coordinator,
        Role::Board,
        Role::Auditor,
        Role::Network,
        Role::Director,
    ];
    let mut sessions = vec![];
    for role in roles {
        sessions.push((role, app.login(email_of(role)).await));
    }
    let anon = client();
    let anon_csrf = app.csrf(&anon).await;
    for route in part(&ids, Part::Pages) {
        let res = send(&app, &anon, &route, &anon_csrf, "anon").await;
        // Every page needs a login: anonymous, it sends to the login page.
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "{backend:?} anonymous {}",
            route.path
        );
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next="),
            "{}",
            route.path
        );
        for (role, (c, csrf)) in &sessions {
            // A request that ends its session gets a session of its own.
            let own = match route.method {
                Method::Ends => Some(app.login(email_of(*role)).await),
                _ => None,
            };
            let (c, csrf) = own.as_ref().map_or((c, csrf), |(c, csrf)| (c, csrf));
            let res = send(&app, c, &route, csrf, role.as_str()).await;
            let status = res.status();
            if route.allowed.contains(role) {
                assert!(
                    matches!(status.as_u16(), 200 | 303),
                    "{backend:?} {role:?} should reach {}: {status}",
                    route.path
                );
            } else if matches!(role, Role::Admin | Role::Network) && route.path.starts_with("/o/")
                || route.path.starts_with("/n/")
            {
                // Nothing inside a förbund for the admin and a network; nothing of a
                // network for anyone else: not even that it exists.
                assert_eq!(
                    status,
                    StatusCode::NOT_FOUND,
                    "{backend:?} {role:?} sees nothing there: {}",
                    route.path
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{backend:?} {role:?} must not reach {}",
                    route.path
                );
            }
        }
    }
    // Anyone may use the public routes: none sends to the login page or refuses.
    for route in part(&ids, Part::Public) {
        let c = client();
        let csrf = app.csrf(&c).await;
        let res = send(&app, &c, &route, &csrf, "anon").await;
        let status = res.status();
        let to_login = res
            .headers()
            .get("location")
            .is_some_and(|l| l.to_str().unwrap().starts_with("/login?next="));
        assert!(
            !to_login && ![403, 404, 500].contains(&status.as_u16()),
            "{backend:?} anyone may use {}: {status}",
            route.path
        );
    }
    for route in part(&ids, Part::Api) {
        assert_eq!(
            send_api(&app, None, &route, "anon").await.status(),
            StatusCode::UNAUTHORIZED,
            "{}",
            route.path
        );
        assert_eq!(
            send_api(&app, Some("smd_wrong"), &route, "anon")
                .await
                .status(),
            StatusCode::UNAUTHORIZED,
            "{}",
            route.path
        );
        for role in ALL_ORG {
            let token = app.token(email_of(*role)).await;
            let status = send_api(&app, Some(&token), &route, role.as_str())
                .await
                .status();
            if route.allowed.contains(role) {
                assert!(
                    matches!(status.as_u16(), 200 | 201),
                    "{backend:?} {role:?} API {}: {status}",
                    route.path
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{backend:?} {role:?} API {}",
                    route.path
                );
            }
        }
    }
    // What the allowed writes did is really there.
    let org = app.org_id().await;
    let names: Vec<String> = app
        .store
        .list_members(org)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert!(
        names.contains(&"Medlem director".to_string())
            && names.contains(&"API-medlem director".to_string())
    );
    assert!(
        !names
            .iter()
            .any(|n| n.contains("board") || n.contains("coach")),
        "{names:?}"
    );
    assert!(!names.contains(&"Att ta bort".to_string()));
}
per_backend!(every_route_for_every_role);

async fn another_forbund_gets_404_and_never_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let ids = ids(&app).await;
    let actor = Actor::system("test");
    let other = app
        .store
        .create_org(&actor, &NewOrg::parse("annat", "Annat förbund").unwrap())
        .await
        .unwrap();
    let hash = samordna_app::access::hash_password(PASSWORD.into())
        .await
        .unwrap();
    let mut tokens = vec![];
    for (i, role) in ALL_ORG.iter().enumerate() {
        let email = format!("u{i}@annat.se");
        let new = NewUser {
            org_id: Some(other.id),
            network_id: None,
            email: Email::parse(&email).unwrap(),
            name: "Annan".into(),
            role: *role,
            password_hash: hash.clone(),
            scope: Scope::default(),
        };
        let user = app.store.create_user(&actor, &new).await.unwrap();
        let token = format!("smd_other_{i}");
        app.store
            .create_api_token(
                other.id,
                &actor,
                &samordna_store::NewToken {
                    user_id: user.id,
                    name: &format!("t{i}"),
                    token_hash: &samordna_app::access::hash_token(&token),
                    scope: samordna_domain::access::roles::TokenScope::Write,
                    created_at: 0,
                },
            )
            .await
            .unwrap();
        let (c, csrf) = app.login(&email).await;
        tokens.push(token);
        for route in part(&ids, Part::Pages)
            .iter()
            .filter(|r| r.path.starts_with("/o/"))
        {
            let res = send(&app, &c, route, &csrf, "x").await;
            assert_eq!(
                res.status(),
                StatusCode::NOT_FOUND,
                "{backend:?} {role:?} of another förbund: {}",
                route.path
            );
            let body = res.text().await.unwrap();
            assert!(
                !body.contains("SE-Höglandet") && !body.contains("Aneby"),
                "{}",
                route.path
            );
        }
    }
    for (token, route) in tokens.iter().flat_map(|t| {
        part(&ids, Part::Api)
            .into_iter()
            .filter(|r| r.path.contains("/orgs/"))
            .map(move |r| (t, r))
    }) {
        let res = send_api(&app, Some(token), &route, "x").await;
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "{backend:?} API {}",
            route.path
        );
        assert!(!res.text().await.unwrap().contains("Aneby"));
    }
    // Nothing of Höglandet was changed by them.
    let org = app.org_id().await;
    assert!(app
        .store
        .list_members(org)
        .await
        .unwrap()
        .iter()
        .any(|m| m.id == ids.doomed));
    assert!(app
        .store
        .get_intervention(org, "psykiatriveckan")
        .await
        .is_ok());
}
per_backend!(another_forbund_gets_404_and_never_data);

/// The roles the table's declared access lets in.
fn declared_roles(access: Access) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| match access {
            Access::Public | Access::LoggedIn => true,
            Access::Admin => r.can(Permission::ManageOrgs),
            Access::Org(p) => r.is_org_role() && r.can(p),
            Access::Network => r.can(Permission::ViewNetwork),
        })
        .collect()
}

/// Every line of the route table has a request in the access table, and the roles each
/// request expects are the ones the line declares: the table and the independent list
/// agree, and the tests above prove the router behaves as both say.
#[test]
fn the_access_table_covers_every_route_of_the_table() {
    let ids = Ids {
        member: 1,
        doomed: 2,
        user: 3,
        token: 4,
        link: "/s/x".into(),
    };
    let requests = requests(&ids);
    let table = samordna_web::routes::table();
    let mut problems = vec![];
    let mut covered = std::collections::BTreeSet::new();
    for r in &requests {
        let Some(pattern) = pattern_of(r, &table) else {
            problems.push(format!(
                "{:?} {} is not a route of the table",
                r.method, r.path
            ));
            continue;
        };
        let line = table
            .iter()
            .find(|l| l.path == pattern && (l.method == "GET") == (r.method == Method::Get))
            .unwrap();
        covered.insert((line.method.clone(), pattern));
        let expected: Vec<Role> = match r.allowed {
            [] => Role::ALL.to_vec(),
            roles => roles.to_vec(),
        };
        let declared = declared_roles(line.access);
        if declared != expected {
            problems.push(format!(
                "{} {}: declared {:?} lets in {declared:?}, the access table expects {expected:?}",
                line.method, line.path, line.access
            ));
        }
    }
    for line in &table {
        if !covered.contains(&(line.method.clone(), line.path.as_str())) {
            problems.push(format!(
                "{} {} is missing from the access table",
                line.method, line.path
            ));
        }
    }
    println!(
        "access table: {} routes of the table covered by {} requests",
        table.len(),
        requests.len()
    );
    assert!(table.len() >= 90, "only {} routes", table.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
