//! The access table: one request for every route of the route table, with the roles that may
//! make it, written out as a table a reviewer can read. It is independent of the route
//! table's declared access: `routes.rs` checks that the two agree and that the server
//! behaves as both say.
//!
//! A line is `METHOD path roles [form]`. The path is the request's, with `{org}` for the
//! demo förbund and `{member}`, `{doomed}`, `{user}`, `{token}`, `{link}` for ids made by
//! the test; the route it exercises is found in the route table as the router finds it (a
//! literal segment before a `{…}` one). The form is `field=value&…`; `file=@name` uploads one
//! of `file()` below as multipart. `{role}` in a value makes each role's attempt distinct.
//! Roles: `all` (every role of a förbund), `director`, `admin`, `network` (a network's
//! account), `economy` (director, board,
//! auditor), `personal` (those who see participants: director, coach, coordinator), `signers` (who
//! sign minutes: director, board),
//! `loggedin` (every account, the admin too) and `anyone` (logged in or not). `POST!` is a
//! POST that ends the session it comes with, so each role sends it with a session of its
//! own.

use samordna_domain::access::roles::Role;

pub const ALL_ORG: &[Role] = &[
    Role::Director,
    Role::Coach,
    Role::Coordinator,
    Role::Board,
    Role::Auditor,
];

/// Demo participant 1 (Eksjö, SE-Höglandet) and stay 3 (ongoing, Eksjö) are in every
/// scoped role's view; municipality 2 is Eksjö; survey round 1 is the demo's.
const TABLE: &str = r#"
# pages
GET  /o/{org}/participants                                  personal
GET  /o/{org}/participants/new                              personal
GET  /o/{org}/participants/1                                personal
GET  /o/{org}/participants/1/identity                       personal
GET  /o/{org}/participants/1/extract                        personal
GET  /o/{org}/coach                                         personal
GET  /o/{org}/queue                                         personal
GET  /o/{org}/after-support                                 personal
GET  /o/{org}/participants/import                           director
GET  /o/{org}/stats                                         all
GET  /o/{org}/socioeconomic?year=2023                       economy
GET  /o/{org}/contributions?year=2023                       economy
POST /o/{org}/contributions                                 director year=2023&total=7992000&w1=1
POST /o/{org}/contributions/instalments                     director year=2023&member=1&amount=1000&due=2023-03-31
POST /o/{org}/contributions/instalments/1/paid              director year=2023&on=2023-03-30
POST /o/{org}/socioeconomic                                 director support=10000&administration=500&tax=5700
GET  /o/{org}/agreements                                    economy
POST /o/{org}/agreements                                    director intervention=2&municipality=1&standard=100000&fte=1&valid_from=2026-01-01
POST /o/{org}/agreements/shares                             director agreement=1&fte=0,80&valid_from=2026-07-01
POST /o/{org}/agreements/reductions                         director agreement=1&from=2026-01&to=2026-02&granted=0
GET  /o/{org}/budget                                        economy
GET  /o/{org}/budget?id=1&format=xlsx                       economy
GET  /o/{org}/ledger?year=2023                              economy
GET  /o/{org}/ledger?year=2023&format=xlsx                  economy
GET  /o/{org}/ledger/import                                 director
POST /o/{org}/ledger/mappings                               director account=konto-{role}&line=Revision&side=cost
POST /o/{org}/ledger/merge                                  director from=cost:SE-projekt&into=cost:SE-Höglandet&year=2023
POST /o/{org}/ledger/entries                                director line=cost:Revision&period=2026-01&amount=1&text={role}
GET  /o/{org}/follow-up?on=2023-06-30                       economy
GET  /o/{org}/follow-up?on=2023-06-30&format=xlsx           economy
POST /o/{org}/follow-up/forecasts                           director on=2026-06-30&n0=Revision&s0=cost&f0=100
POST /o/{org}/follow-up/balance                             director on=2026-06-30&receivables=1&cash=2&liabilities=3
POST /o/{org}/follow-up/equity                              director on=2026-06-30&year=2026&amount=1000
POST /o/{org}/follow-up/waivers                             director on=2026-06-30&year=2025&decided_on=2026-03-01&note=Beslut {role}
GET  /o/{org}/payouts?year=2023&half=1&format=xlsx          economy
POST /o/{org}/payouts/papers                                director agreement=1&year=2026&half=1&certificate_on=2026-06-01&reports_on=2026-06-02
POST /o/{org}/payouts/approve                               director agreement=1&year=2026&half=1&on=2026-06-10
POST /o/{org}/payouts/papers                                director agreement=2&year=2026&half=1&certificate_on=2026-06-01&reports_on=2026-06-02
POST /o/{org}/payouts/approve-all                           director year=2026&half=1&on=2026-06-10
POST /o/{org}/reports                                       director kind=half-year&year=2026&half=1
GET  /o/{org}/reports                                       all
GET  /o/{org}/reports/1                                     all
GET  /o/{org}/reports/1/pdf                                 all
GET  /o/{org}/reports/1/docx                                all
POST /o/{org}/reports/1/sections/0                          director title=Sammanfattning {role}&level=1&text=**Hej**
POST /o/{org}/reports/1/outline                             director action=down&at=0
POST /o/{org}/reports/1/preview                             director text=**Hej**&level=1
POST /o/{org}/reports/1/copy                                director to=next
POST /o/{org}/reports/1/approve                             director decided_on=2026-09-01&paragraph=§ 7
GET  /o/{org}/board                                         all
POST /o/{org}/board/terms                                   director body=board&name=Ledamot {role}&party=1&seat=ordinary&from=2026-01-01&to=2026-12-31
POST /o/{org}/board/terms/1/remove                          director
POST /o/{org}/board/tasks/1/reported                        director
POST /o/{org}/board/per-capsulum                           director body=board&per_capsulum=2026-01-10&title=Beslut {role}&decisions=att bevilja
GET  /o/{org}/coordination                                  coordinator
GET  /o/{org}/coordination/compiled?year=2023&half=1        economy
GET  /o/{org}/coordination/compiled?year=2023&half=1&format=xlsx economy
GET  /o/{org}/coordination/4/2026/2                         coordinator
POST /o/{org}/coordination/4/2026/2                         coordinator action=save&answer-1=ja&how-1={role}
GET  /o/{org}/action-plans                                  economy
GET  /o/{org}/action-plans?format=xlsx                      economy
POST /o/{org}/action-plans                                  director year=2026&owner=Samverk {role}&title=Plan {role}
POST /o/{org}/action-plans/1/activities                     director activity=Aktivitet {role}&from=2026-01-01&to=2026-12-31&status=planned
POST /o/{org}/action-plans/activities/1/status              director status=done&comment={role}
GET  /o/{org}/interventions/se-hoglandet/descriptions       all
POST /o/{org}/interventions/inspirationsdag/descriptions    director goal=Mål {role}&adopted_on=2026-01-10&decision=Styrelsen 2026-01-10
GET  /o/{org}/goals                                         economy
GET  /o/{org}/goals?year=2024&format=xlsx                   economy
POST /o/{org}/goals                                         director year=2026&main=Huvudmål {role}&sub=Delmål&source=typed&aim=minst 3
POST /o/{org}/goals/7/value?year=2024                       director value=5&on=2024-06-30&comment={role}
POST /o/{org}/goals/14/remove?year=2024                     director
GET  /o/{org}/deviations                                    economy
GET  /o/{org}/deviations?format=xlsx                        economy
POST /o/{org}/deviations                                    director on=2026-01-10&happened=Avvikelse {role}&status=open
POST /o/{org}/deviations/1/status                           director status=closed
GET  /o/{org}/retention                                     economy
POST /o/{org}/retention                                     director records=Handlingar {role}&covers=other&months=12&then=erase
POST /o/{org}/retention/run                                 director
POST /o/{org}/retention/4/remove                            director
GET  /o/{org}/procurements                                  economy
GET  /o/{org}/procurements?format=xlsx                      economy
POST /o/{org}/procurements                                  director day=2026-01-10&what=Köp {role}&amount=60 000&asked=2
POST /o/{org}/procurements/1/remove                         director
GET  /o/{org}/requests                                      economy
GET  /o/{org}/requests?format=xlsx                          economy
POST /o/{org}/requests                                      director received=2026-01-10&what=Protokoll {role}
POST /o/{org}/requests/1/decide                             director outcome=released&decided_on=2026-01-10
GET  /o/{org}/meetings                                      all
GET  /o/{org}/meetings/plan.pdf?year=2021                   all
GET  /o/{org}/meetings/plan.ics?year=2021                   all
POST /o/{org}/meetings                                      director body=board&date=2027-05-05&starts=13.00&ends=15.00&place=Eksjö {role}&public=on
GET  /o/{org}/meetings/15                                   all
GET  /o/{org}/meetings/15/kallelse.pdf                      all
GET  /o/{org}/meetings/15/minutes.pdf                       all
POST /o/{org}/meetings/17                                   director body=board&date=2023-10-18&starts=13.30&ends=16.00&planned=Årsplanering 2024
POST /o/{org}/meetings/17/agenda                            director title=Ärende {role}&proposal=att godkänna
POST /o/{org}/meetings/16/documents                         director agenda_item=0&file=@handling.pdf
GET  /o/{org}/meetings/16/documents/1                       all
POST /o/{org}/meetings/16/documents/1/remove                director
POST /o/{org}/meetings/17/agenda/0/remove                   director
POST /o/{org}/meetings/19/announce                          director
POST /o/{org}/meetings/17/kallelse                          director
POST /o/{org}/meetings/17/minutes                           director
POST /o/{org}/meetings/17/attendance                        director present-16=on&present-22=on&justerare-22=on&kept_at=Kansliet
POST /o/{org}/meetings/17/paragraphs                        director title=Övrigt {role}
POST /o/{org}/meetings/17/paragraphs/4                      director title=Ärende&ruling=notes&text={role}
POST /o/{org}/meetings/17/paragraphs/4/remove               director
POST /o/{org}/meetings/17/justering                         director
POST /o/{org}/meetings/16/comments                          signers  paragraph=4&text=Kommentar {role}
POST /o/{org}/meetings/16/sign                              signers  password=hoglandet-demo
POST /o/{org}/meetings/16/refuse                            signers  reason=Inte klart {role}
POST /o/{org}/meetings/1/publish                            director posted_on=2020-11-30
POST /o/{org}/anslagstavla/1/remove                         director
GET  /o/{org}/surveys                                       all
GET  /o/{org}/surveys/rounds/1                              all
GET  /o/{org}/surveys/rounds/1?format=xlsx                  all
GET  /o/{org}/surveys/rounds/1/qr.svg                       personal
GET  /o/{org}/surveys/rounds/1/codes                         personal
GET  /o/{org}/surveys/rounds/1/answers                      director
GET  /o/{org}/surveys/rounds/1/import                       director
POST /o/{org}/surveys                                       director title=Enkät {role}&questions=Var det bra?&scale=a&top=3&target=70
POST /o/{org}/surveys/rounds                                director survey=indikator&title=Omgång {role}&opens_on=2026-11-01&closes_on=2026-11-30&access=open
POST /o/{org}/surveys/rounds/1/paper                        director f1=6
GET  /o/{org}/stats?format=xlsx                             all
GET  /o/{org}/stats/national?year=2025                      director
GET  /o/{org}/participants/export?format=csv                director
GET  /o/{org}/follow-up-settings                            director
POST /o/{org}/participants                                  personal gender=woman&birth_year=1990&intervention=1&municipality=2&referral_date=2026-01-01
POST /o/{org}/participants/1/consents                       personal intervention=1&given_on=2026-01-01&given_to=Arbetsförmedlingen&scope_exchange=on
POST /o/{org}/participants/1/consents/1/withdraw            personal on=2026-02-01
POST /o/{org}/participants/1/referrals                      personal intervention=1&municipality=2&referral_date=2026-01-01
POST /o/{org}/episodes/3/violence                           personal on=2026-11-01
POST /o/{org}/after-support                                 personal intervention=1&from=2026-01-01&to=2026-06-30&women=2
POST /o/{org}/exit-reasons                                  director code=ny-{role}&label=Ny&outcome=other
POST /o/{org}/step-scales/1                                 director steps=Ett\nTvå
POST /o/{org}/participants/1/erase                          director
GET  /o/{org}                                               all
GET  /o/{org}/interventions                                 all
GET  /o/{org}/interventions/se-hoglandet                    all
GET  /o/{org}/interventions/new                             director
GET  /o/{org}/interventions/se-hoglandet/edit               director
GET  /o/{org}/members                                       all
GET  /o/{org}/members/{member}/edit                         director
GET  /o/{org}/users                                         director
GET  /o/{org}/audit                                         director
GET  /o/{org}/audit.csv                                     director
GET  /o/{org}/payouts?year=2023&half=1                      economy
GET  /admin                                                 admin
GET  /n/jonkopings-lan                                      network
GET  /n/jonkopings-lan/stats?year=2023                      network
GET  /o/{org}/networks                                      director
POST /o/{org}/networks/jonkopings-lan/leave                 director
POST /o/{org}/networks/jonkopings-lan/join                  director
POST /o/{org}/interventions                                 director slug=ny-{role}&name=Ny insats {role}&kind=individual&age_min=18&age_max=64
POST /o/{org}/interventions/it-sparet                       director slug=it-sparet&name=Ny insats {role}&kind=individual&age_min=18&age_max=64
POST /o/{org}/interventions/psykiatriveckan/delete          director
POST /o/{org}/members                                       director name=Medlem {role}&kind=state
POST /o/{org}/members/{member}                              director name=Aneby kommun&kind=municipality
POST /o/{org}/members/{doomed}/delete                       director
POST /o/{org}/contributions/from-budget                      director year=2023
POST /o/{org}/users                                         director name=Ny&email=ny-{role}@hoglandet.demo&role=board
POST /o/{org}/users/{user}/active                           director active=1
POST /o/{org}/tokens/{token}/revoke                         director
POST /o/{org}/tokens                                        director name=nyckel-{role}&scope=read
POST /admin/orgs                                            admin    slug=nytt-{role}&name=Nytt&director_name=C&director_email=c-{role}@nytt.se
POST /o/{org}/budget                                        director version=proposal&note={role}&file=@budget
POST /o/{org}/ledger/import                                 director file=@ledger
POST /o/{org}/participants/import                           director file=@participants
POST /o/{org}/participants/import/mappings                  director kind-1=exit_reason&written-1=utflyttad-{role}&value-1=annat
POST /o/{org}/surveys/rounds/1/import                       director file=@answers
POST /o/{org}/users/{user}/unlock                           director
GET  /account                                               loggedin
POST! /account/password                                     loggedin current_password=hoglandet-demo&new_password=hoglandet-demo&repeat_password=hoglandet-demo
POST! /account/logout-everywhere                            loggedin
# api
GET  /api/v1/me                                             loggedin
GET  /api/v1/orgs/{org}/members                             all
POST /api/v1/orgs/{org}/members                             director name=API-medlem {role}&kind=state
GET  /api/v1/orgs/{org}/interventions                       all
POST /api/v1/orgs/{org}/interventions                       director slug=api-{role}&name=Ny insats {role}&kind=individual&age_min=18&age_max=64
GET  /api/v1/orgs/{org}/payouts?year=2023&half=1            economy
GET  /api/v1/orgs/{org}/goals?year=2024                     economy
GET  /api/v1/orgs/{org}/stats?from=2026-01-01&to=2026-12-31 all
GET  /api/v1/orgs/{org}/survey-rounds/1/results             all
GET  /api/v1/orgs/{org}/reports                             all
GET  /api/v1/orgs/{org}/reports/1                           all
# public
GET  /                                                      anyone
GET  /login                                                 anyone
POST /login                                                 anyone   email=nobody@example.se&password=wrong
POST /logout                                                anyone
POST /lang                                                  anyone   lang=en&next=/login
GET  /healthz                                               anyone
GET  {link}                                                 anyone
POST {link}                                                 anyone   f1=5
GET  /o/{org}/anslagstavla                                  anyone
GET  /o/{org}/anslagstavla?year=2023                        anyone
GET  /o/{org}/anslagstavla.atom                             anyone
GET  /o/{org}/anslagstavla/1/pdf                            anyone
GET  /assets/app.css                                        anyone
GET  /favicon.ico                                           anyone
GET  /api/v1/openapi.json                                   anyone
"#;

/// The files the uploads send.
fn file(name: &str) -> &'static str {
    match name {
        "budget" => "rad;typ;kategori;2026\nAneby kommun;intäkt;;100\nRevision;kostnad;administration;100\n",
        "ledger" => "konto;period;belopp\nRevision;2026-02;100\n",
        "participants" => "id;kön;födelseår;kommun;insats;coach;startdatum;slutdatum;avslutsorsak;försörjning_före;försörjning_efter\nACC-{role};kvinna;1990;Eksjö;se-hoglandet;;2026-01-05;;;försörjningsstöd;\n",
        "answers" => "kön;f1;f2;f3;f4;f5;f6;f7\nkvinna;6;5;4;6;5;4;6\n",
        "handling.pdf" => "%PDF-1.4\n% a meeting document of {role}\n",
        other => panic!("no file @{other} in the access table"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    Get,
    Post,
    /// A POST that ends the session it comes with (a new password, log out everywhere):
    /// sent with a session of its own.
    Ends,
    /// A POST of a `multipart/form-data` form with a file.
    Upload,
}

/// Which part of the table a request is in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Part {
    Pages,
    Api,
    Public,
}

/// One line of the table, with the test's ids filled in.
pub struct Request {
    pub part: Part,
    pub method: Method,
    pub path: String,
    pub form: Vec<(String, String)>,
    pub file: &'static str,
    /// The uploaded file's name: the `@name` when it has an ending, else `fil.csv`.
    pub file_name: String,
    /// The roles that may make it; empty for `anyone`.
    pub allowed: &'static [Role],
}

/// Ids the requests name, made by the test.
pub struct Ids {
    pub member: i64,
    pub doomed: i64,
    pub user: i64,
    pub token: i64,
    pub link: String,
}

fn roles(word: &str) -> &'static [Role] {
    match word {
        "all" => ALL_ORG,
        "director" => &[Role::Director],
        "admin" => &[Role::Admin],
        "network" => &[Role::Network],
        "economy" => &[Role::Director, Role::Board, Role::Auditor],
        "personal" => &[Role::Director, Role::Coach, Role::Coordinator],
        "signers" => &[Role::Director, Role::Board],
        "coordinator" => &[Role::Director, Role::Coordinator],
        "anyone" => &[],
        "loggedin" => &[
            Role::Admin,
            Role::Director,
            Role::Coach,
            Role::Coordinator,
            Role::Board,
            Role::Auditor,
            Role::Network,
        ],
        other => panic!("unknown roles {other:?} in the access table"),
    }
}

/// The first word of `s` and the rest, trimmed.
fn word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s.find(' ').unwrap_or(s.len());
    (&s[..end], s[end..].trim())
}

/// Every request of the table.
pub fn requests(ids: &Ids) -> Vec<Request> {
    let mut part = Part::Pages;
    let mut out = vec![];
    for line in TABLE.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line {
            "# pages" => part = Part::Pages,
            "# api" => part = Part::Api,
            "# public" => part = Part::Public,
            _ => {
                let (method, rest) = word(line);
                let (path, rest) = word(rest);
                let (who, form_text) = word(rest);
                let mut form = vec![];
                let mut upload = "";
                let mut upload_name = "fil.csv";
                for pair in form_text.split('&').filter(|p| !p.is_empty()) {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    match v.strip_prefix('@') {
                        Some(name) if k == "file" => {
                            upload = file(name);
                            if name.contains('.') {
                                upload_name = name;
                            }
                        }
                        _ => form.push((k.to_string(), v.replace("\\n", "\n"))),
                    }
                }
                let fill = |s: &str| {
                    s.replace("{org}", "hoglandet")
                        .replace("{member}", &ids.member.to_string())
                        .replace("{doomed}", &ids.doomed.to_string())
                        .replace("{user}", &ids.user.to_string())
                        .replace("{token}", &ids.token.to_string())
                        .replace("{link}", &ids.link)
                };
                out.push(Request {
                    part,
                    method: match (method, upload.is_empty()) {
                        ("GET", _) => Method::Get,
                        ("POST", true) => Method::Post,
                        ("POST", false) => Method::Upload,
                        ("POST!", _) => Method::Ends,
                        (other, _) => panic!("unknown method {other:?} in the access table"),
                    },
                    path: fill(path),
                    form,
                    file: upload,
                    file_name: upload_name.to_string(),
                    allowed: roles(who),
                });
            }
        }
    }
    out
}

/// The line of the route table a request exercises: its method, and its path segment by
/// segment, a literal segment preferred to a `{…}` one as the router prefers it.
pub fn pattern_of<'t>(
    r: &Request,
    table: &'t [samordna_web::routes::RouteInfo],
) -> Option<&'t str> {
    let path = r.path.split('?').next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').collect();
    table
        .iter()
        .filter(|l| (l.method == "GET") == (r.method == Method::Get))
        .filter_map(|l| {
            let pattern: Vec<&str> = l.path.split('/').collect();
            let fits = pattern.len() == segments.len()
                && pattern
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p.starts_with('{') || p == s);
            let literal = pattern.iter().filter(|p| !p.starts_with('{')).count();
            fits.then_some((literal, l.path.as_str()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, p)| p)
}
