//! Least privilege, proven route by route: every route × every role, allowed or denied; and
//! a user of another förbund gets 404 — never data — on every route of this one.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::orgs::members::NewMember;
use samordna_domain::orgs::NewOrg;

const ALL_ORG: &[Role] = &[
    Role::Director,
    Role::Coach,
    Role::Coordinator,
    Role::Board,
    Role::Auditor,
];
const DIRECTOR: &[Role] = &[Role::Director];
const ADMIN: &[Role] = &[Role::Admin];
const ECONOMY: &[Role] = &[Role::Director, Role::Board, Role::Auditor];
/// The roles that see participants (coaches and coordinators within their scope).
const PERSONAL: &[Role] = &[Role::Director, Role::Coach, Role::Coordinator];

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
}

struct Route {
    method: Method,
    path: String,
    /// Form fields for a POST; `{role}` is replaced so each role's attempt is distinct.
    form: Vec<(&'static str, &'static str)>,
    allowed: &'static [Role],
}

fn get(path: &str, allowed: &'static [Role]) -> Route {
    Route {
        method: Method::Get,
        path: path.into(),
        form: vec![],
        allowed,
    }
}

fn post(path: &str, form: Vec<(&'static str, &'static str)>, allowed: &'static [Role]) -> Route {
    Route {
        method: Method::Post,
        path: path.into(),
        form,
        allowed,
    }
}

fn intervention_form(slug: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("slug", slug),
        ("name", "Ny insats {role}"),
        ("kind", "individual"),
        ("age_min", "18"),
        ("age_max", "64"),
    ]
}

/// Every page route of the application. A test below checks that it stays complete.
fn page_routes(member: i64, doomed_member: i64, user: i64, token: i64) -> Vec<Route> {
    let o = "/o/hoglandet";
    // Demo participant 1 (Eksjö, SE-Höglandet, id 1) and stay 3 (ongoing, Eksjö): in every
    // scoped role's view; municipality 2 is Eksjö.
    vec![
        get(&format!("{o}/participants"), PERSONAL),
        get(&format!("{o}/participants/new"), PERSONAL),
        get(&format!("{o}/participants/1"), PERSONAL),
        get(&format!("{o}/participants/1/identity"), PERSONAL),
        get(&format!("{o}/participants/1/extract"), PERSONAL),
        get(&format!("{o}/coach"), PERSONAL),
        get(&format!("{o}/queue"), PERSONAL),
        get(&format!("{o}/after-support"), PERSONAL),
        get(&format!("{o}/participants/import"), DIRECTOR),
        get(&format!("{o}/stats"), ALL_ORG),
        get(&format!("{o}/socioeconomic?year=2023"), ECONOMY),
        get(&format!("{o}/contributions?year=2023"), ECONOMY),
        post(
            &format!("{o}/contributions"),
            vec![("year", "2023"), ("total", "7992000"), ("w1", "1")],
            DIRECTOR,
        ),
        post(
            &format!("{o}/contributions/instalments"),
            vec![
                ("year", "2023"),
                ("member", "1"),
                ("amount", "1000"),
                ("due", "2023-03-31"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/contributions/instalments/1/paid"),
            vec![("year", "2023"), ("on", "2023-03-30")],
            DIRECTOR,
        ),
        post(
            &format!("{o}/socioeconomic"),
            vec![
                ("support", "10000"),
                ("administration", "500"),
                ("tax", "5700"),
            ],
            DIRECTOR,
        ),
        get(&format!("{o}/agreements"), ECONOMY),
        post(
            &format!("{o}/agreements"),
            vec![
                ("intervention", "2"),
                ("municipality", "1"),
                ("standard", "100000"),
                ("fte", "1"),
                ("valid_from", "2026-01-01"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/agreements/shares"),
            vec![
                ("agreement", "1"),
                ("fte", "0,80"),
                ("valid_from", "2026-07-01"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/agreements/reductions"),
            vec![
                ("agreement", "1"),
                ("from", "2026-01"),
                ("to", "2026-02"),
                ("granted", "0"),
            ],
            DIRECTOR,
        ),
        get(&format!("{o}/budget"), ECONOMY),
        get(&format!("{o}/budget?id=1&format=xlsx"), ECONOMY),
        get(&format!("{o}/ledger?year=2023"), ECONOMY),
        get(&format!("{o}/ledger?year=2023&format=xlsx"), ECONOMY),
        get(&format!("{o}/ledger/import"), DIRECTOR),
        post(
            &format!("{o}/ledger/mappings"),
            vec![
                ("account", "konto-{role}"),
                ("line", "Revision"),
                ("side", "cost"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/ledger/entries"),
            vec![
                ("line", "cost:Revision"),
                ("period", "2026-01"),
                ("amount", "1"),
                ("text", "{role}"),
            ],
            DIRECTOR,
        ),
        get(&format!("{o}/follow-up?on=2023-06-30"), ECONOMY),
        get(&format!("{o}/follow-up?on=2023-06-30&format=xlsx"), ECONOMY),
        post(
            &format!("{o}/follow-up/forecasts"),
            vec![
                ("on", "2026-06-30"),
                ("n0", "Revision"),
                ("s0", "cost"),
                ("f0", "100"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/follow-up/balance"),
            vec![
                ("on", "2026-06-30"),
                ("receivables", "1"),
                ("cash", "2"),
                ("liabilities", "3"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/follow-up/equity"),
            vec![("on", "2026-06-30"), ("year", "2026"), ("amount", "1000")],
            DIRECTOR,
        ),
        post(
            &format!("{o}/follow-up/waivers"),
            vec![
                ("on", "2026-06-30"),
                ("year", "2025"),
                ("decided_on", "2026-03-01"),
                ("note", "Beslut {role}"),
            ],
            DIRECTOR,
        ),
        get(
            &format!("{o}/payouts?year=2023&half=1&format=xlsx"),
            ECONOMY,
        ),
        post(
            &format!("{o}/payouts/papers"),
            vec![
                ("agreement", "1"),
                ("year", "2026"),
                ("half", "1"),
                ("certificate_on", "2026-06-01"),
                ("reports_on", "2026-06-02"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/payouts/approve"),
            vec![
                ("agreement", "1"),
                ("year", "2026"),
                ("half", "1"),
                ("on", "2026-06-10"),
            ],
            DIRECTOR,
        ),
        get(&format!("{o}/surveys"), ALL_ORG),
        get(&format!("{o}/surveys/rounds/1"), ALL_ORG),
        get(&format!("{o}/surveys/rounds/1?format=xlsx"), ALL_ORG),
        get(&format!("{o}/surveys/rounds/1/qr.svg"), PERSONAL),
        get(&format!("{o}/surveys/rounds/1/answers"), DIRECTOR),
        get(&format!("{o}/surveys/rounds/1/import"), DIRECTOR),
        post(
            &format!("{o}/surveys"),
            vec![
                ("title", "Enkät {role}"),
                ("questions", "Var det bra?"),
                ("scale", "a"),
                ("top", "3"),
                ("target", "70"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/surveys/rounds"),
            vec![
                ("survey", "indikator"),
                ("title", "Omgång {role}"),
                ("opens_on", "2026-11-01"),
                ("closes_on", "2026-11-30"),
                ("access", "open"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/surveys/rounds/1/paper"),
            vec![("f1", "6")],
            DIRECTOR,
        ),
        get(&format!("{o}/stats?format=xlsx"), ALL_ORG),
        get(&format!("{o}/stats/national?year=2025"), DIRECTOR),
        get(&format!("{o}/participants/export?format=csv"), DIRECTOR),
        get(&format!("{o}/follow-up-settings"), DIRECTOR),
        post(
            &format!("{o}/participants"),
            vec![
                ("gender", "woman"),
                ("birth_year", "1990"),
                ("intervention", "1"),
                ("municipality", "2"),
                ("referral_date", "2026-01-01"),
            ],
            PERSONAL,
        ),
        post(
            &format!("{o}/participants/1/consents"),
            vec![
                ("intervention", "1"),
                ("given_on", "2026-01-01"),
                ("given_to", "AF"),
            ],
            PERSONAL,
        ),
        post(
            &format!("{o}/participants/1/consents/1/withdraw"),
            vec![("on", "2026-02-01")],
            PERSONAL,
        ),
        post(
            &format!("{o}/participants/1/referrals"),
            vec![
                ("intervention", "1"),
                ("municipality", "2"),
                ("referral_date", "2026-01-01"),
            ],
            PERSONAL,
        ),
        post(
            &format!("{o}/episodes/3/violence"),
            vec![("on", "2026-11-01")],
            PERSONAL,
        ),
        post(
            &format!("{o}/after-support"),
            vec![
                ("intervention", "1"),
                ("from", "2026-01-01"),
                ("to", "2026-06-30"),
                ("women", "2"),
            ],
            PERSONAL,
        ),
        post(
            &format!("{o}/exit-reasons"),
            vec![("code", "ny-{role}"), ("label", "Ny"), ("outcome", "other")],
            DIRECTOR,
        ),
        post(
            &format!("{o}/step-scales/1"),
            vec![("steps", "Ett\nTvå")],
            DIRECTOR,
        ),
        post(&format!("{o}/participants/1/erase"), vec![], DIRECTOR),
        get(o, ALL_ORG),
        get(o, ALL_ORG),
        get(&format!("{o}/interventions/se-hoglandet"), ALL_ORG),
        get(&format!("{o}/interventions/new"), DIRECTOR),
        get(&format!("{o}/interventions/se-hoglandet/edit"), DIRECTOR),
        get(&format!("{o}/members"), ALL_ORG),
        get(&format!("{o}/members/{member}/edit"), DIRECTOR),
        get(&format!("{o}/users"), DIRECTOR),
        get(&format!("{o}/audit"), DIRECTOR),
        get(&format!("{o}/audit.csv"), DIRECTOR),
        get(&format!("{o}/payouts?year=2023&half=1"), ECONOMY),
        get("/admin", ADMIN),
        post(
            &format!("{o}/interventions"),
            intervention_form("ny-{role}"),
            DIRECTOR,
        ),
        post(
            &format!("{o}/interventions/it-sparet"),
            intervention_form("it-sparet"),
            DIRECTOR,
        ),
        post(
            &format!("{o}/interventions/psykiatriveckan/delete"),
            vec![],
            DIRECTOR,
        ),
        post(
            &format!("{o}/members"),
            vec![("name", "Medlem {role}"), ("kind", "state")],
            DIRECTOR,
        ),
        post(
            &format!("{o}/members/{member}"),
            vec![("name", "Aneby kommun"), ("kind", "municipality")],
            DIRECTOR,
        ),
        post(
            &format!("{o}/members/{doomed_member}/delete"),
            vec![],
            DIRECTOR,
        ),
        post(
            &format!("{o}/users"),
            vec![
                ("name", "Ny"),
                ("email", "ny-{role}@hoglandet.demo"),
                ("role", "board"),
            ],
            DIRECTOR,
        ),
        post(
            &format!("{o}/users/{user}/active"),
            vec![("active", "1")],
            DIRECTOR,
        ),
        post(&format!("{o}/tokens/{token}/revoke"), vec![], DIRECTOR),
        post(
            &format!("{o}/tokens"),
            vec![("name", "nyckel-{role}")],
            DIRECTOR,
        ),
        post(
            "/admin/orgs",
            vec![
                ("slug", "nytt-{role}"),
                ("name", "Nytt"),
                ("director_name", "C"),
                ("director_email", "c-{role}@nytt.se"),
            ],
            ADMIN,
        ),
    ]
}

fn api_routes() -> Vec<Route> {
    let o = "/api/v1/orgs/hoglandet";
    vec![
        get("/api/v1/me", ALL_ORG),
        get(&format!("{o}/members"), ALL_ORG),
        post(
            &format!("{o}/members"),
            vec![("name", "API-medlem {role}"), ("kind", "state")],
            DIRECTOR,
        ),
        get(&format!("{o}/interventions"), ALL_ORG),
        post(
            &format!("{o}/interventions"),
            intervention_form("api-{role}"),
            DIRECTOR,
        ),
        get(&format!("{o}/payouts?year=2023&half=1"), ECONOMY),
        get(&format!("{o}/stats?from=2026-01-01&to=2026-12-31"), ALL_ORG),
        get(&format!("{o}/survey-rounds/1/results"), ALL_ORG),
    ]
}

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
    route: &Route,
    csrf: &str,
    who: &str,
) -> reqwest::Response {
    let url = app.url(&route.path.replace("{role}", who));
    match route.method {
        Method::Get => c.get(url).send().await.unwrap(),
        Method::Post => {
            let mut form: Vec<(String, String)> = route
                .form
                .iter()
                .map(|(k, v)| (k.to_string(), v.replace("{role}", who)))
                .collect();
            form.push(("csrf".into(), csrf.into()));
            c.post(url).form(&form).send().await.unwrap()
        }
    }
}

async fn send_api(
    app: &TestApp,
    token: Option<&str>,
    route: &Route,
    who: &str,
) -> reqwest::Response {
    let c = client();
    let url = app.url(&route.path);
    let mut req = match route.method {
        Method::Get => c.get(url),
        Method::Post => {
            let body: serde_json::Map<String, serde_json::Value> = route
                .form
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
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

/// Ids the routes name: a member, a member to remove, an account, a token to revoke.
async fn setup_members(app: &TestApp) -> (i64, i64, i64, i64) {
    let org = app.org_id().await;
    let members = app.store.list_members(org).await.unwrap();
    let aneby = members
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
    (aneby, doomed, user, token)
}

#[tokio::test]
async fn every_route_for_every_role() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (member, doomed, user, token) = setup_members(&app).await;
        // The director comes last, so the routes that remove something are tried by the
        // others first.
        let roles = [
            Role::Admin,
            Role::Coach,
            Role::Coordinator,
            Role::Board,
            Role::Auditor,
            Role::Director,
        ];
        let mut sessions = vec![];
        for role in roles {
            sessions.push((role, app.login(email_of(role)).await));
        }
        let anon = client();
        let anon_csrf = app.csrf(&anon).await;
        for route in page_routes(member, doomed, user, token) {
            let res = send(&app, &anon, &route, &anon_csrf, "anon").await;
            let expected = if route.path.starts_with("/admin") || route.path.starts_with("/o/") {
                StatusCode::SEE_OTHER
            } else {
                StatusCode::OK
            };
            assert_eq!(
                res.status(),
                expected,
                "{backend:?} anonymous {}",
                route.path
            );
            if expected == StatusCode::SEE_OTHER {
                assert!(
                    res.headers()["location"]
                        .to_str()
                        .unwrap()
                        .starts_with("/login?next="),
                    "{}",
                    route.path
                );
            }
            for (role, (c, csrf)) in &sessions {
                let res = send(&app, c, &route, csrf, role.as_str()).await;
                let status = res.status();
                if route.allowed.contains(role) {
                    assert!(
                        matches!(status.as_u16(), 200 | 303),
                        "{backend:?} {role:?} should reach {}: {status}",
                        route.path
                    );
                } else if *role == Role::Admin && route.path.starts_with("/o/") {
                    assert_eq!(
                        status,
                        StatusCode::NOT_FOUND,
                        "{backend:?} admin sees nothing inside a förbund: {}",
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
        for route in api_routes() {
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
}

#[tokio::test]
async fn another_forbund_gets_404_and_never_data() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (member, doomed, user_id, token_id) = setup_members(&app).await;
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
                    user.id,
                    &format!("t{i}"),
                    &samordna_app::access::hash_token(&token),
                    0,
                )
                .await
                .unwrap();
            let (c, csrf) = app.login(&email).await;
            tokens.push(token);
            for route in page_routes(member, doomed, user_id, token_id)
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
            api_routes()
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
            .any(|m| m.id == doomed));
        assert!(app
            .store
            .get_intervention(org, "psykiatriveckan")
            .await
            .is_ok());
    }
}

/// The route table above must name every page route the router has: the templates' forms
/// and links are checked against it by walking the demo as the director.
#[tokio::test]
async fn route_table_covers_the_router() {
    let src = [
        include_str!("../crates/web/src/pages/interventions.rs"),
        include_str!("../crates/web/src/pages/members.rs"),
        include_str!("../crates/web/src/pages/users.rs"),
        include_str!("../crates/web/src/pages/audit.rs"),
        include_str!("../crates/web/src/pages/admin.rs"),
        include_str!("../crates/web/src/pages/payouts.rs"),
        include_str!("../crates/web/src/pages/stats.rs"),
        include_str!("../crates/web/src/pages/surveys.rs"),
        include_str!("../crates/web/src/pages/answer.rs"),
        include_str!("../crates/web/src/pages/socioeconomic.rs"),
        include_str!("../crates/web/src/pages/contributions.rs"),
        include_str!("../crates/web/src/pages/budget.rs"),
        include_str!("../crates/web/src/pages/agreements.rs"),
        include_str!("../crates/web/src/pages/ledger.rs"),
        include_str!("../crates/web/src/pages/follow_up.rs"),
        include_str!("../crates/web/src/pages/participants/mod.rs"),
        include_str!("../crates/web/src/pages/participants/episodes.rs"),
        include_str!("../crates/web/src/pages/participants/work.rs"),
        include_str!("../crates/web/src/pages/participants/files.rs"),
    ]
    .concat();
    // `.route(` followed, maybe after a line break, by the path in quotes.
    let registered: Vec<&str> = src
        .match_indices(".route(")
        .map(|(i, _)| {
            src[i + 7..]
                .trim_start()
                .trim_start_matches('"')
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert!(registered.len() >= 15, "{registered:?}");
    let table: Vec<String> = page_routes(1, 2, 3, 4)
        .iter()
        .map(|r| {
            r.path
                .split('?')
                .next()
                .unwrap()
                .replace("/o/hoglandet", "/o/{org}")
                .replace("se-hoglandet", "{slug}")
                .replace("it-sparet", "{slug}")
                .replace("psykiatriveckan", "{slug}")
                .replace("/1", "/{id}")
                .replace("/2", "/{id}")
                .replace("/3", "/{id}")
                .replace("/4", "/{id}")
                .replace("/consents/{id}/", "/consents/{consent}/")
                .replace("/step-scales/{id}", "/step-scales/{intervention}")
                .replace("/episodes/{id}/violence", "/episodes/{id}/{action}")
        })
        .collect();
    for path in registered {
        // The public answering link is for anyone with it: tested in surveys.rs.
        if path.starts_with("/s/") {
            continue;
        }
        assert!(
            table.iter().any(|t| t == path),
            "route {path} is missing from the access table"
        );
    }
}
