//! Least privilege, proven route by route: every route × every role, allowed or denied; and
//! a user of another förbund gets 404 — never data — on every route of this one.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::{Permission, Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::orgs::members::NewMember;
use samordna_domain::orgs::NewOrg;
use samordna_web::routes::Access;

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
    /// A POST of a `multipart/form-data` form with a file.
    Upload,
}

/// A request that exercises one line of the route table (`pattern`, as the table writes it).
struct Route {
    method: Method,
    pattern: &'static str,
    path: String,
    /// Form fields for a POST; `{role}` is replaced so each role's attempt is distinct.
    form: Vec<(&'static str, &'static str)>,
    /// The file of an upload; `{role}` is replaced as in the form.
    file: &'static str,
    allowed: &'static [Role],
}

fn get(pattern: &'static str, path: &str, allowed: &'static [Role]) -> Route {
    Route {
        method: Method::Get,
        pattern,
        path: path.into(),
        form: vec![],
        file: "",
        allowed,
    }
}

fn post(
    pattern: &'static str,
    path: &str,
    form: Vec<(&'static str, &'static str)>,
    allowed: &'static [Role],
) -> Route {
    Route {
        method: Method::Post,
        pattern,
        path: path.into(),
        form,
        file: "",
        allowed,
    }
}

fn upload(
    pattern: &'static str,
    path: &str,
    form: Vec<(&'static str, &'static str)>,
    file: &'static str,
    allowed: &'static [Role],
) -> Route {
    Route {
        method: Method::Upload,
        pattern,
        path: path.into(),
        form,
        file,
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

/// A request for every page route of the table, with the roles that may make it. A test
/// below fails when the table has a route this list lacks.
fn page_routes(member: i64, doomed_member: i64, user: i64, token: i64) -> Vec<Route> {
    let o = "/o/hoglandet";
    // Demo participant 1 (Eksjö, SE-Höglandet, id 1) and stay 3 (ongoing, Eksjö): in every
    // scoped role's view; municipality 2 is Eksjö.
    vec![
        get(
            "/o/{org}/participants",
            &format!("{o}/participants"),
            PERSONAL,
        ),
        get(
            "/o/{org}/participants/new",
            &format!("{o}/participants/new"),
            PERSONAL,
        ),
        get(
            "/o/{org}/participants/{id}",
            &format!("{o}/participants/1"),
            PERSONAL,
        ),
        get(
            "/o/{org}/participants/{id}/identity",
            &format!("{o}/participants/1/identity"),
            PERSONAL,
        ),
        get(
            "/o/{org}/participants/{id}/extract",
            &format!("{o}/participants/1/extract"),
            PERSONAL,
        ),
        get("/o/{org}/coach", &format!("{o}/coach"), PERSONAL),
        get("/o/{org}/queue", &format!("{o}/queue"), PERSONAL),
        get(
            "/o/{org}/after-support",
            &format!("{o}/after-support"),
            PERSONAL,
        ),
        get(
            "/o/{org}/participants/import",
            &format!("{o}/participants/import"),
            DIRECTOR,
        ),
        get("/o/{org}/stats", &format!("{o}/stats"), ALL_ORG),
        get(
            "/o/{org}/socioeconomic",
            &format!("{o}/socioeconomic?year=2023"),
            ECONOMY,
        ),
        get(
            "/o/{org}/contributions",
            &format!("{o}/contributions?year=2023"),
            ECONOMY,
        ),
        post(
            "/o/{org}/contributions",
            &format!("{o}/contributions"),
            vec![("year", "2023"), ("total", "7992000"), ("w1", "1")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/contributions/instalments",
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
            "/o/{org}/contributions/instalments/{id}/paid",
            &format!("{o}/contributions/instalments/1/paid"),
            vec![("year", "2023"), ("on", "2023-03-30")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/socioeconomic",
            &format!("{o}/socioeconomic"),
            vec![
                ("support", "10000"),
                ("administration", "500"),
                ("tax", "5700"),
            ],
            DIRECTOR,
        ),
        get("/o/{org}/agreements", &format!("{o}/agreements"), ECONOMY),
        post(
            "/o/{org}/agreements",
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
            "/o/{org}/agreements/shares",
            &format!("{o}/agreements/shares"),
            vec![
                ("agreement", "1"),
                ("fte", "0,80"),
                ("valid_from", "2026-07-01"),
            ],
            DIRECTOR,
        ),
        post(
            "/o/{org}/agreements/reductions",
            &format!("{o}/agreements/reductions"),
            vec![
                ("agreement", "1"),
                ("from", "2026-01"),
                ("to", "2026-02"),
                ("granted", "0"),
            ],
            DIRECTOR,
        ),
        get("/o/{org}/budget", &format!("{o}/budget"), ECONOMY),
        get(
            "/o/{org}/budget",
            &format!("{o}/budget?id=1&format=xlsx"),
            ECONOMY,
        ),
        get("/o/{org}/ledger", &format!("{o}/ledger?year=2023"), ECONOMY),
        get(
            "/o/{org}/ledger",
            &format!("{o}/ledger?year=2023&format=xlsx"),
            ECONOMY,
        ),
        get(
            "/o/{org}/ledger/import",
            &format!("{o}/ledger/import"),
            DIRECTOR,
        ),
        post(
            "/o/{org}/ledger/mappings",
            &format!("{o}/ledger/mappings"),
            vec![
                ("account", "konto-{role}"),
                ("line", "Revision"),
                ("side", "cost"),
            ],
            DIRECTOR,
        ),
        post(
            "/o/{org}/ledger/entries",
            &format!("{o}/ledger/entries"),
            vec![
                ("line", "cost:Revision"),
                ("period", "2026-01"),
                ("amount", "1"),
                ("text", "{role}"),
            ],
            DIRECTOR,
        ),
        get(
            "/o/{org}/follow-up",
            &format!("{o}/follow-up?on=2023-06-30"),
            ECONOMY,
        ),
        get(
            "/o/{org}/follow-up",
            &format!("{o}/follow-up?on=2023-06-30&format=xlsx"),
            ECONOMY,
        ),
        post(
            "/o/{org}/follow-up/forecasts",
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
            "/o/{org}/follow-up/balance",
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
            "/o/{org}/follow-up/equity",
            &format!("{o}/follow-up/equity"),
            vec![("on", "2026-06-30"), ("year", "2026"), ("amount", "1000")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/follow-up/waivers",
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
            "/o/{org}/payouts",
            &format!("{o}/payouts?year=2023&half=1&format=xlsx"),
            ECONOMY,
        ),
        post(
            "/o/{org}/payouts/papers",
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
            "/o/{org}/payouts/approve",
            &format!("{o}/payouts/approve"),
            vec![
                ("agreement", "1"),
                ("year", "2026"),
                ("half", "1"),
                ("on", "2026-06-10"),
            ],
            DIRECTOR,
        ),
        get("/o/{org}/surveys", &format!("{o}/surveys"), ALL_ORG),
        get(
            "/o/{org}/surveys/rounds/{id}",
            &format!("{o}/surveys/rounds/1"),
            ALL_ORG,
        ),
        get(
            "/o/{org}/surveys/rounds/{id}",
            &format!("{o}/surveys/rounds/1?format=xlsx"),
            ALL_ORG,
        ),
        get(
            "/o/{org}/surveys/rounds/{id}/qr.svg",
            &format!("{o}/surveys/rounds/1/qr.svg"),
            PERSONAL,
        ),
        get(
            "/o/{org}/surveys/rounds/{id}/answers",
            &format!("{o}/surveys/rounds/1/answers"),
            DIRECTOR,
        ),
        get(
            "/o/{org}/surveys/rounds/{id}/import",
            &format!("{o}/surveys/rounds/1/import"),
            DIRECTOR,
        ),
        post(
            "/o/{org}/surveys",
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
            "/o/{org}/surveys/rounds",
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
            "/o/{org}/surveys/rounds/{id}/paper",
            &format!("{o}/surveys/rounds/1/paper"),
            vec![("f1", "6")],
            DIRECTOR,
        ),
        get("/o/{org}/stats", &format!("{o}/stats?format=xlsx"), ALL_ORG),
        get(
            "/o/{org}/stats/national",
            &format!("{o}/stats/national?year=2025"),
            DIRECTOR,
        ),
        get(
            "/o/{org}/participants/export",
            &format!("{o}/participants/export?format=csv"),
            DIRECTOR,
        ),
        get(
            "/o/{org}/follow-up-settings",
            &format!("{o}/follow-up-settings"),
            DIRECTOR,
        ),
        post(
            "/o/{org}/participants",
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
            "/o/{org}/participants/{id}/consents",
            &format!("{o}/participants/1/consents"),
            vec![
                ("intervention", "1"),
                ("given_on", "2026-01-01"),
                ("given_to", "AF"),
            ],
            PERSONAL,
        ),
        post(
            "/o/{org}/participants/{id}/consents/{consent}/withdraw",
            &format!("{o}/participants/1/consents/1/withdraw"),
            vec![("on", "2026-02-01")],
            PERSONAL,
        ),
        post(
            "/o/{org}/participants/{id}/referrals",
            &format!("{o}/participants/1/referrals"),
            vec![
                ("intervention", "1"),
                ("municipality", "2"),
                ("referral_date", "2026-01-01"),
            ],
            PERSONAL,
        ),
        post(
            "/o/{org}/episodes/{id}/{action}",
            &format!("{o}/episodes/3/violence"),
            vec![("on", "2026-11-01")],
            PERSONAL,
        ),
        post(
            "/o/{org}/after-support",
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
            "/o/{org}/exit-reasons",
            &format!("{o}/exit-reasons"),
            vec![("code", "ny-{role}"), ("label", "Ny"), ("outcome", "other")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/step-scales/{intervention}",
            &format!("{o}/step-scales/1"),
            vec![("steps", "Ett\nTvå")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/participants/{id}/erase",
            &format!("{o}/participants/1/erase"),
            vec![],
            DIRECTOR,
        ),
        get("/o/{org}", o, ALL_ORG),
        get("/o/{org}", o, ALL_ORG),
        get(
            "/o/{org}/interventions/{slug}",
            &format!("{o}/interventions/se-hoglandet"),
            ALL_ORG,
        ),
        get(
            "/o/{org}/interventions/new",
            &format!("{o}/interventions/new"),
            DIRECTOR,
        ),
        get(
            "/o/{org}/interventions/{slug}/edit",
            &format!("{o}/interventions/se-hoglandet/edit"),
            DIRECTOR,
        ),
        get("/o/{org}/members", &format!("{o}/members"), ALL_ORG),
        get(
            "/o/{org}/members/{id}/edit",
            &format!("{o}/members/{member}/edit"),
            DIRECTOR,
        ),
        get("/o/{org}/users", &format!("{o}/users"), DIRECTOR),
        get("/o/{org}/audit", &format!("{o}/audit"), DIRECTOR),
        get("/o/{org}/audit.csv", &format!("{o}/audit.csv"), DIRECTOR),
        get(
            "/o/{org}/payouts",
            &format!("{o}/payouts?year=2023&half=1"),
            ECONOMY,
        ),
        get("/admin", "/admin", ADMIN),
        post(
            "/o/{org}/interventions",
            &format!("{o}/interventions"),
            intervention_form("ny-{role}"),
            DIRECTOR,
        ),
        post(
            "/o/{org}/interventions/{slug}",
            &format!("{o}/interventions/it-sparet"),
            intervention_form("it-sparet"),
            DIRECTOR,
        ),
        post(
            "/o/{org}/interventions/{slug}/delete",
            &format!("{o}/interventions/psykiatriveckan/delete"),
            vec![],
            DIRECTOR,
        ),
        post(
            "/o/{org}/members",
            &format!("{o}/members"),
            vec![("name", "Medlem {role}"), ("kind", "state")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/members/{id}",
            &format!("{o}/members/{member}"),
            vec![("name", "Aneby kommun"), ("kind", "municipality")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/members/{id}/delete",
            &format!("{o}/members/{doomed_member}/delete"),
            vec![],
            DIRECTOR,
        ),
        post(
            "/o/{org}/users",
            &format!("{o}/users"),
            vec![
                ("name", "Ny"),
                ("email", "ny-{role}@hoglandet.demo"),
                ("role", "board"),
            ],
            DIRECTOR,
        ),
        post(
            "/o/{org}/users/{id}/active",
            &format!("{o}/users/{user}/active"),
            vec![("active", "1")],
            DIRECTOR,
        ),
        post(
            "/o/{org}/tokens/{id}/revoke",
            &format!("{o}/tokens/{token}/revoke"),
            vec![],
            DIRECTOR,
        ),
        post(
            "/o/{org}/tokens",
            &format!("{o}/tokens"),
            vec![("name", "nyckel-{role}")],
            DIRECTOR,
        ),
        post(
            "/admin/orgs",
            "/admin/orgs",
            vec![
                ("slug", "nytt-{role}"),
                ("name", "Nytt"),
                ("director_name", "C"),
                ("director_email", "c-{role}@nytt.se"),
            ],
            ADMIN,
        ),
        upload(
            "/o/{org}/budget",
            &format!("{o}/budget"),
            vec![("version", "proposal"), ("note", "{role}")],
            "rad;typ;kategori;2026\nAneby kommun;intäkt;;100\nRevision;kostnad;administration;100\n",
            DIRECTOR,
        ),
        upload(
            "/o/{org}/ledger/import",
            &format!("{o}/ledger/import"),
            vec![],
            "konto;period;belopp\nRevision;2026-02;100\n",
            DIRECTOR,
        ),
        upload(
            "/o/{org}/participants/import",
            &format!("{o}/participants/import"),
            vec![],
            "id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter\nACC-{role};kvinna;1990;Eksjö;se-hoglandet;;2026-01-05;;;försörjningsstöd;\n",
            DIRECTOR,
        ),
        upload(
            "/o/{org}/surveys/rounds/{id}/import",
            &format!("{o}/surveys/rounds/1/import"),
            vec![],
            "kön;f1;f2;f3;f4;f5;f6;f7\nkvinna;6;5;4;6;5;4;6\n",
            DIRECTOR,
        ),
    ]
}

fn api_routes() -> Vec<Route> {
    let o = "/api/v1/orgs/hoglandet";
    vec![
        get("/api/v1/me", "/api/v1/me", ALL_ORG),
        get(
            "/api/v1/orgs/{org}/members",
            &format!("{o}/members"),
            ALL_ORG,
        ),
        post(
            "/api/v1/orgs/{org}/members",
            &format!("{o}/members"),
            vec![("name", "API-medlem {role}"), ("kind", "state")],
            DIRECTOR,
        ),
        get(
            "/api/v1/orgs/{org}/interventions",
            &format!("{o}/interventions"),
            ALL_ORG,
        ),
        post(
            "/api/v1/orgs/{org}/interventions",
            &format!("{o}/interventions"),
            intervention_form("api-{role}"),
            DIRECTOR,
        ),
        get(
            "/api/v1/orgs/{org}/payouts",
            &format!("{o}/payouts?year=2023&half=1"),
            ECONOMY,
        ),
        get(
            "/api/v1/orgs/{org}/stats",
            &format!("{o}/stats?from=2026-01-01&to=2026-12-31"),
            ALL_ORG,
        ),
        get(
            "/api/v1/orgs/{org}/survey-rounds/{id}/results",
            &format!("{o}/survey-rounds/1/results"),
            ALL_ORG,
        ),
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
    let fields = route
        .form
        .iter()
        .map(|(k, v)| (k.to_string(), v.replace("{role}", who)))
        .chain([("csrf".to_string(), csrf.to_string())]);
    match route.method {
        Method::Get => c.get(url).send().await.unwrap(),
        Method::Post => c
            .post(url)
            .form(&fields.collect::<Vec<_>>())
            .send()
            .await
            .unwrap(),
        Method::Upload => {
            let file =
                reqwest::multipart::Part::bytes(route.file.replace("{role}", who).into_bytes())
                    .file_name("fil.csv");
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
    route: &Route,
    who: &str,
) -> reqwest::Response {
    let c = client();
    let url = app.url(&route.path);
    let mut req = match route.method {
        Method::Get => c.get(url),
        Method::Post | Method::Upload => {
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

async fn every_route_for_every_role(backend: Backend) {
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
    // Anyone may use the public routes: none sends to the login page or refuses.
    let org = app.org_id().await;
    let round = app.store.rounds(org).await.unwrap().remove(0);
    for route in public_routes(&format!("/s/{}", round.token)) {
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
            "{backend:?} anyone may use {} {}: {status}",
            route.pattern,
            route.path
        );
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
per_backend!(every_route_for_every_role);

async fn another_forbund_gets_404_and_never_data(backend: Backend) {
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
per_backend!(another_forbund_gets_404_and_never_data);

/// Routes anyone may use, logged in or not, with a request each: answered without a login.
fn public_routes(survey_link: &str) -> Vec<Route> {
    vec![
        get("/", "/", &[]),
        get("/login", "/login", &[]),
        post(
            "/login",
            "/login",
            vec![("email", "nobody@example.se"), ("password", "wrong")],
            &[],
        ),
        post("/logout", "/logout", vec![], &[]),
        post(
            "/lang",
            "/lang",
            vec![("lang", "en"), ("next", "/login")],
            &[],
        ),
        get("/healthz", "/healthz", &[]),
        get("/s/{token}", survey_link, &[]),
        post("/s/{token}", survey_link, vec![("f1", "5")], &[]),
        get("/api/v1/openapi.json", "/api/v1/openapi.json", &[]),
    ]
}

/// The roles the table's declared access lets in.
fn declared_roles(access: Access) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| match access {
            Access::Public | Access::LoggedIn => true,
            Access::Admin => r.can(Permission::ManageOrgs),
            Access::Org(p) => r.is_org_role() && r.can(p),
        })
        .collect()
}

/// Every line of the route table has a request above, and the roles each request expects
/// are the ones the line declares: the table and this independent list agree, and the
/// tests above prove the router behaves as both say.
#[tokio::test]
async fn the_access_table_covers_every_route_of_the_table() {
    let link = "/s/x";
    let samples: Vec<Route> = page_routes(1, 2, 3, 4)
        .into_iter()
        .chain(api_routes())
        .chain(public_routes(link))
        .collect();
    let table = samordna_web::routes::table();
    let mut problems = vec![];
    for line in &table {
        let is_get = line.method == "GET";
        let found: Vec<&Route> = samples
            .iter()
            .filter(|s| s.pattern == line.path && matches!(s.method, Method::Get) == is_get)
            .collect();
        if found.is_empty() {
            problems.push(format!(
                "{} {} is missing from the access table",
                line.method, line.path
            ));
        }
        let declared = declared_roles(line.access);
        for s in found {
            let expected: Vec<Role> = match line.access {
                Access::Public => Role::ALL.to_vec(),
                Access::LoggedIn => ALL_ORG.to_vec(),
                _ => s.allowed.to_vec(),
            };
            let mut declared = declared.clone();
            if line.access == Access::LoggedIn {
                declared.retain(|r| r.is_org_role());
            }
            if declared != expected {
                problems.push(format!(
                    "{} {}: declared {:?} lets in {declared:?}, the access table expects {expected:?}",
                    line.method, line.path, line.access
                ));
            }
        }
    }
    for s in &samples {
        if !table.iter().any(|l| l.path == s.pattern) {
            problems.push(format!("{} is not a route of the table", s.pattern));
        }
    }
    println!(
        "access table: {} routes of the table covered by {} requests",
        table.len(),
        samples.len()
    );
    assert!(table.len() >= 90, "only {} routes", table.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
