//! The demo förbund: Höglandets samordningsförbund as the seeds describe it (its nine
//! members, SE-Höglandet, IT-spåret, Uppdrag Samverkan, Psykiatriveckan, Inspirationsdag,
//! Välfärdsguiden) and one account per role. Loading twice changes nothing.

mod board;
mod history;
pub mod network;
mod plans;
mod texts;

use anyhow::Result;
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::orgs::interventions::{InterventionFields, InterventionInput};
use samordna_domain::orgs::members::NewMember;
use samordna_domain::orgs::NewOrg;
use samordna_store::{Store, StoreError};

pub const SLUG: &str = "hoglandet";
/// Every demo account has this password; it is printed at start.
pub const PASSWORD: &str = "hoglandet-demo";

pub const ACCOUNTS: &[(&str, &str, Role)] = &[
    ("admin@samordna.local", "Systemadministratör", Role::Admin),
    ("chef@hoglandet.demo", "Förbundschef (demo)", Role::Director),
    (
        "coach@hoglandet.demo",
        "SE-coach Eksjö och Nässjö (demo)",
        Role::Coach,
    ),
    (
        "koordinator@hoglandet.demo",
        "Samverkanskoordinator Eksjö (demo)",
        Role::Coordinator,
    ),
    (
        "styrelse@hoglandet.demo",
        "Styrelseledamot (demo)",
        Role::Board,
    ),
    ("revisor@hoglandet.demo", "Revisor (demo)", Role::Auditor),
    (
        "lan@jonkoping.demo",
        "Samordningsförbunden i Jönköpings län (demo)",
        Role::Network,
    ),
];

const MEMBERS: &[(&str, &str)] = &[
    ("Aneby kommun", "municipality"),
    ("Eksjö kommun", "municipality"),
    ("Nässjö kommun", "municipality"),
    ("Sävsjö kommun", "municipality"),
    ("Tranås kommun", "municipality"),
    ("Vetlanda kommun", "municipality"),
    ("Region Jönköpings län", "region"),
    ("Försäkringskassan", "state"),
    ("Arbetsförmedlingen", "state"),
];

fn interventions() -> Vec<InterventionInput> {
    let individual = |slug: &str,
                      name: &str,
                      long_term: bool,
                      goal: &str,
                      target: &str,
                      content: &str,
                      follow_up: &str| InterventionInput {
        slug: slug.into(),
        name: name.into(),
        kind: "individual".into(),
        long_term: long_term.then(|| "on".into()),
        goal: goal.into(),
        target_group: target.into(),
        content: content.into(),
        follow_up: follow_up.into(),
        age_min: "18".into(),
        age_max: "64".into(),
        priority_age_min: "18".into(),
        priority_age_max: "29".into(),
        goal_share: "35".into(),
        capacity_per_fte: "20".into(),
    };
    let structural = |slug: &str, name: &str, long_term: bool, goal: &str| InterventionInput {
        slug: slug.into(),
        name: name.into(),
        kind: "structural".into(),
        long_term: long_term.then(|| "on".into()),
        goal: goal.into(),
        age_min: "16".into(),
        age_max: "64".into(),
        ..Default::default()
    };
    vec![
        individual(
            "se-hoglandet",
            "SE-Höglandet",
            true,
            "Att deltagarna når arbete eller studier; minst 35 % av dem som avslutas går till arbete eller studier.",
            "Personer i arbetsför ålder, 18–64 år, med behov av stöd från minst två parter, som vill och är motiverade att arbeta. Prioritet för 18–29 år vid kö.",
            "Supported Employment i fem steg: överenskommelse med klient, yrkesprofil, jobbsökande, arbetsgivarengagemang, stöd på och utanför arbetet. Efterstöd i minst sex månader.",
            "Deltagarnas försörjning före, under och efter insatsen, avslutsorsaker och stegförflyttning; indikatorenkät i oktober; metodtrohet (SEQF) en gång per år.",
        ),
        individual(
            "it-sparet",
            "IT-spåret",
            false,
            "Utbildning inom IT som leder till arbete eller fortsatta studier.",
            "Personer som står långt från arbetsmarknaden och har intresse för IT.",
            "Utbildning på Ädelfors folkhögskola med kontinuerligt intag; 15 platser.",
            "Antal deltagare, avslut till arbete eller studier.",
        ),
        structural("uppdrag-samverkan", "Uppdrag Samverkan", true, "Stärka samverkan mellan parterna i varje kommun genom samverkanskoordinatorer."),
        structural("psykiatriveckan", "Psykiatriveckan", false, "Kunskap om psykisk hälsa; genomförs vecka 46, länsövergripande."),
        structural("inspirationsdag", "Inspirationsdag", false, "Gemensam inspirationsdag för medarbetare från parterna."),
        structural("valfardsguiden", "Välfärdsguiden", false, "Nationell katalog över vägval i välfärdssystemet, granskad av ansvarig part innan publicering."),
    ]
}

pub async fn load(store: &dyn Store) -> Result<()> {
    let system = Actor::system("demo");
    let org = match store.org_by_slug(SLUG).await {
        Ok(_) => {
            print_accounts();
            return Ok(());
        }
        Err(StoreError::NotFound) => {
            store
                .create_org(
                    &system,
                    &NewOrg::parse(SLUG, "Höglandets samordningsförbund")?,
                )
                .await?
        }
        Err(e) => return Err(e.into()),
    };
    let mut members = vec![];
    for (name, kind) in MEMBERS {
        members.push(
            store
                .create_member(org.id, &system, &NewMember::parse(name, kind)?)
                .await?,
        );
    }
    let mut created = vec![];
    for input in interventions() {
        let fields = InterventionFields::parse(&input)
            .map_err(|e| anyhow::anyhow!("demo intervention {}: {e:?}", input.slug))?;
        created.push(store.create_intervention(org.id, &system, &fields).await?);
    }
    let id_of = |name: &str| {
        members
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.id)
            .into_iter()
            .collect::<Vec<_>>()
    };
    let se = created
        .iter()
        .find(|i| i.fields.slug == "se-hoglandet")
        .map(|i| i.id)
        .into_iter()
        .collect::<Vec<_>>();
    let network = network::create(store, &org, &system).await?;
    let hash = samordna_app::access::hash_password(PASSWORD.into()).await?;
    for (email, name, role) in ACCOUNTS {
        let scope = match role {
            Role::Coach => Scope {
                interventions: se.clone(),
                municipalities: [id_of("Eksjö kommun"), id_of("Nässjö kommun")].concat(),
            },
            Role::Coordinator => Scope {
                interventions: vec![],
                municipalities: id_of("Eksjö kommun"),
            },
            _ => Scope::default(),
        };
        let new = NewUser {
            org_id: role.is_org_role().then_some(org.id),
            network_id: (*role == Role::Network).then_some(network),
            email: Email::parse(email)?,
            name: name.to_string(),
            role: *role,
            password_hash: hash.clone(),
            scope,
        };
        store.create_user(&system, &new).await?;
    }
    load_agreements(store, org.id, &system).await?;
    load_economy(store, org.id, &system).await?;
    load_participants(store, org.id, se[0], &members).await?;
    load_surveys(store, org.id, se[0], &system).await?;
    board::load(store, &org, &system).await?;
    plans::load(store, &org, &system).await?;
    // This half-year's report, ready to be written.
    let today = samordna_app::today();
    let period = samordna_domain::reports::ReportPeriod {
        kind: samordna_domain::reports::Kind::HalfYear,
        year: today.year(),
        half: if (today.month() as u8) <= 6 { 1 } else { 2 },
    };
    let outline = samordna_app::reports::outline(store, &org).await?;
    store
        .create_report(org.id, &system, period, &outline)
        .await?;
    println!("demo: Höglandets samordningsförbund loaded");
    print_accounts();
    Ok(())
}

/// The demo with its participants from 2019 to today and the approved half-year reports of
/// 2020 and 2023 (what `serve --demo` and `samordna demo` load). Loading twice changes
/// nothing.
pub async fn load_with_history(store: &dyn Store) -> Result<()> {
    let fresh = matches!(store.org_by_slug(SLUG).await, Err(StoreError::NotFound));
    load(store).await?;
    if !fresh {
        return Ok(());
    }
    let org = store.org_by_slug(SLUG).await?;
    let members = store.list_members(org.id).await?;
    let today = samordna_app::today();
    history::load(store, org.id, &members, today).await?;
    texts::load_reports(store, &org, today).await?;
    network::load_neighbours(store, today).await?;
    println!(
        "demo: participants 2019–{} and the half-year reports of 2020 and 2023 loaded; \
         the network {} with two made-up neighbours",
        today.year(),
        network::NETWORK
    );
    Ok(())
}

fn print_accounts() {
    println!("demo accounts (password: {PASSWORD}):");
    for (email, _, role) in ACCOUNTS {
        println!("  {:<28} {}", email, role.as_str());
    }
}

/// SE-Höglandet's shares of coach positions from 2020 (002), Tranås +0,25 from 2024 (the
/// seeds say 2023 or 2024), Aneby vacant January–April 2023 at a granted 40 % (003 §6);
/// a coordinator per municipality at 300 000 kr a year, Eksjö vacant from May 2023 (003).
async fn load_agreements(
    store: &dyn Store,
    org: samordna_domain::orgs::OrgId,
    system: &Actor,
) -> Result<()> {
    use samordna_domain::economy::payouts::{Agreement, DatedShare, Reduction};
    use samordna_domain::money::{Ore, Share};
    use time::{macros::date, Month};
    let members = store.list_members(org).await?;
    let se = store.get_intervention(org, "se-hoglandet").await?;
    let samverkan = store.get_intervention(org, "uppdrag-samverkan").await?;
    let share = |from, bp| DatedShare {
        from,
        fte: Share::from_basis_points(bp),
    };
    let months = |year, list: &[Month], bp| {
        list.iter()
            .map(|&month| Reduction {
                year,
                month,
                granted: Share::from_basis_points(bp),
            })
            .collect::<Vec<_>>()
    };
    use Month::*;
    let se_shares = [
        ("Aneby kommun", 7500),
        ("Eksjö kommun", 15000),
        ("Nässjö kommun", 18000),
        ("Sävsjö kommun", 15000),
        ("Tranås kommun", 10000),
        ("Vetlanda kommun", 15000),
    ];
    for (name, bp) in se_shares {
        let m = members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| anyhow::anyhow!("demo member {name}"))?;
        let mut shares = vec![share(date!(2020 - 01 - 01), bp)];
        if name == "Tranås kommun" {
            shares.push(share(date!(2024 - 01 - 01), bp + 2500));
        }
        let reductions = if name == "Aneby kommun" {
            months(2023, &[January, February, March, April], 4000)
        } else {
            vec![]
        };
        let se_terms = Agreement {
            standard_per_year: Ore::from_kronor(465_000),
            shares,
            reductions,
        };
        store
            .create_agreement(org, system, se.id, m.id, &se_terms)
            .await?;
        // Eksjö's coordinator: vacant from May 2023 (003); in 2020 the post was filled during
        // February (002: 105 000 kr paid for the half-year, i.e. 4,2 months), which the demo
        // records as January vacant and February at a granted 20 %.
        let reductions = if name == "Eksjö kommun" {
            [
                months(2020, &[January], 0),
                months(2020, &[February], 2000),
                months(2023, &[May, June], 0),
            ]
            .concat()
        } else {
            vec![]
        };
        let coordinator = Agreement {
            standard_per_year: Ore::from_kronor(300_000),
            shares: vec![share(date!(2020 - 01 - 01), 10_000)],
            reductions,
        };
        store
            .create_agreement(org, system, samverkan.id, m.id, &coordinator)
            .await?;
    }
    Ok(())
}

/// A file of the demo (`demo/`), the seeds' tables as a förbund would type or export them.
fn demo_file(name: &str) -> Result<Vec<Vec<String>>> {
    const FILES: &[(&str, &str)] = &[
        ("mappings", include_str!("../demo/mappings.csv")),
        ("budget-2020", include_str!("../demo/budget-2020.csv")),
        (
            "budget-2021-2023",
            include_str!("../demo/budget-2021-2023.csv"),
        ),
        (
            "budget-2022-2024",
            include_str!("../demo/budget-2022-2024.csv"),
        ),
        ("budget-2023", include_str!("../demo/budget-2023.csv")),
        (
            "budget-2024-2026",
            include_str!("../demo/budget-2024-2026.csv"),
        ),
        ("ledger-2019", include_str!("../demo/ledger-2019.csv")),
        ("ledger-2020-h1", include_str!("../demo/ledger-2020-h1.csv")),
        ("ledger-2022", include_str!("../demo/ledger-2022.csv")),
        ("ledger-2023-h1", include_str!("../demo/ledger-2023-h1.csv")),
        ("forecast-2020", include_str!("../demo/forecast-2020.csv")),
        ("forecast-2023", include_str!("../demo/forecast-2023.csv")),
    ];
    let (_, text) = FILES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| anyhow::anyhow!("no demo file {name}"))?;
    samordna_reports::read::table(text.as_bytes()).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

/// The seeds' money: the budgets 2021–2023 (000), 2022–2024 (001) and 2024–2026 (003, the
/// consultation version), the budget columns of the 2020 and 2023 half-year reports, the
/// ledger and forecasts behind those reports (002 §7, 003 §5), their balance sheets, and the
/// June payouts of 2020 and 2023 as paid (the seeds give only the payout date, 30 June).
async fn load_economy(
    store: &dyn Store,
    org: samordna_domain::orgs::OrgId,
    system: &Actor,
) -> Result<()> {
    use samordna_domain::economy::budget::{parse_amount, NewBudget};
    use samordna_domain::economy::follow_up::{parse_forecasts, BalanceEntry};
    use samordna_domain::economy::ledger::{parse_ledger, Mapping};
    use samordna_domain::economy::payouts::{payout_table, Approval};
    use samordna_domain::money::Ore;
    use time::macros::date;
    let bad = |e: Vec<samordna_domain::Invalid>| anyhow::anyhow!("demo economy: {e:?}");
    for r in demo_file("mappings")?.iter().skip(1) {
        store
            .set_mapping(
                org,
                system,
                &Mapping::parse(&r[0], &r[1], &r[2]).map_err(bad)?,
            )
            .await?;
    }
    let budgets = [
        (
            "budget-2020",
            "revised",
            "",
            "Budgetkolumnen i halvårsrapporten 2020; beslutsdatum saknas.",
        ),
        (
            "budget-2021-2023",
            "decided",
            "2020-11-20",
            "Verksamhetsplan 2021–2023 med IT-spåret.",
        ),
        (
            "budget-2022-2024",
            "decided",
            "2021-11-12",
            "Verksamhetsplan 2022.",
        ),
        (
            "budget-2023",
            "revised",
            "",
            "Budgetkolumnen i halvårsrapporten 2023; beslutsdatum saknas.",
        ),
        (
            "budget-2024-2026",
            "proposal",
            "",
            "Samrådsversion inför medlemssamrådet.",
        ),
    ];
    for (file, version, decided_on, note) in budgets {
        let b = NewBudget::parse(version, decided_on, note, &demo_file(file)?).map_err(bad)?;
        store.add_budget(org, system, &b).await?;
    }
    let mappings = store.ledger_mappings(org).await?;
    let lines = store.known_lines(org).await?;
    for file in [
        "ledger-2019",
        "ledger-2020-h1",
        "ledger-2022",
        "ledger-2023-h1",
    ] {
        let entries = parse_ledger(&demo_file(file)?, &mappings, &lines, false).map_err(bad)?;
        store.import_ledger(org, system, &entries).await?;
    }
    for (year, file) in [(2020, "forecast-2020"), (2023, "forecast-2023")] {
        let f = parse_forecasts(&demo_file(file)?).map_err(bad)?;
        store.set_forecasts(org, system, year, &f).await?;
    }
    store
        .set_equity(org, system, 2020, Ore::from_kronor(566_844))
        .await?;
    store
        .set_equity(org, system, 2022, Ore::from_kronor(1_480_609))
        .await?;
    // The balance sheets of 002 and 003; the liabilities carry the öre the ledger has.
    let balances = [
        (date!(2020 - 06 - 30), "23 004", "3 476 611", "703 760"),
        (date!(2022 - 12 - 31), "66 990", "1 973 291", "824 699,47"),
        (date!(2023 - 06 - 30), "514 960", "3 470 362", "578 958,98"),
    ];
    for (on, receivables, cash, liabilities) in balances {
        let kr = |v: &str| parse_amount("amount", v).map_err(|e| bad(vec![e]));
        let entry = BalanceEntry {
            on,
            receivables: kr(receivables)?,
            cash: kr(cash)?,
            liabilities: kr(liabilities)?,
        };
        store.set_balance_entry(org, system, &entry).await?;
    }
    let agreements = store.list_agreements(org).await?;
    for (year, paid) in [(2020, date!(2020 - 06 - 30)), (2023, date!(2023 - 06 - 30))] {
        for line in payout_table(&agreements, year, 1) {
            let which = (line.agreement_id, year, 1);
            store
                .set_payout_papers(org, system, which, Some(paid), Some(paid))
                .await?;
            let papers = Approval {
                certificate_on: Some(paid),
                reports_on: Some(paid),
                approved: None,
            };
            let approved = papers.approve(paid, line.amount).map_err(bad)?;
            store.approve_payout(org, system, which, &approved).await?;
        }
    }
    Ok(())
}

/// A coach's working list in SE-Höglandet, without personal data: two in the queue, one
/// ongoing, one who went to work and is in after-support, one in a municipality outside the
/// demo coach's scope.
async fn load_participants(
    store: &dyn Store,
    org: samordna_domain::orgs::OrgId,
    se: i64,
    members: &[samordna_domain::orgs::members::Member],
) -> Result<()> {
    use samordna_domain::participants::record::{Change, NewReferral, Registration, Viewer};
    use samordna_domain::participants::{Decision, Gender, IncomeSet};
    use samordna_store::EpisodeFilter;
    use time::macros::date;
    let viewer = Viewer::system("demo");
    let municipality = |name: &str| {
        members
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.id)
            .unwrap_or(0)
    };
    let users = store.list_users(org).await?;
    let coach = users.iter().find(|u| u.role == Role::Coach).map(|u| u.id);
    let reasons = store.exit_reasons(org).await?;
    let income = |s: &str| IncomeSet::parse_piped("income", s).expect("demo income");
    let people = [
        (
            "SE-2026-041",
            Gender::Woman,
            2003,
            "Eksjö kommun",
            date!(2026 - 10 - 01),
        ),
        (
            "SE-2026-038",
            Gender::Man,
            1988,
            "Nässjö kommun",
            date!(2026 - 09 - 15),
        ),
        (
            "SE-2026-012",
            Gender::Woman,
            1985,
            "Eksjö kommun",
            date!(2026 - 02 - 10),
        ),
        (
            "SE-2025-077",
            Gender::Man,
            1995,
            "Nässjö kommun",
            date!(2025 - 08 - 20),
        ),
        (
            "SE-2026-005",
            Gender::Other,
            1999,
            "Vetlanda kommun",
            date!(2026 - 01 - 08),
        ),
    ];
    let mut episodes = vec![];
    for (code, gender, birth_year, kommun, referred) in people {
        let reg = Registration {
            code: Some(code.into()),
            gender,
            birth_year,
            identity: None,
            referral: NewReferral {
                intervention_id: se,
                municipality_id: municipality(kommun),
                referral_date: referred,
                referrer_id: Some(municipality(kommun)),
            },
        };
        let id = store.register(org, &viewer, &reg).await?;
        let f = EpisodeFilter {
            participant_id: Some(id),
            ..Default::default()
        };
        episodes.push(store.episodes(org, &viewer, &f).await?[0].id);
    }
    let work = reasons
        .iter()
        .find(|r| r.code == "arbete")
        .cloned()
        .expect("default reasons");
    let start = |on, sources: &str| Change::Start {
        on,
        coach_id: coach,
        income_before: income(sources),
        gk: false,
    };
    let step = |step, on| Change::Step { step, on };
    let changes = [
        (
            episodes[1],
            Change::Decide {
                decision: Decision::NotNow,
                on: date!(2026 - 10 - 05),
            },
        ),
        (
            episodes[2],
            start(date!(2026 - 03 - 02), "försörjningsstöd"),
        ),
        (episodes[2], step(1, date!(2026 - 03 - 02))),
        (episodes[2], step(2, date!(2026 - 05 - 11))),
        (episodes[2], step(3, date!(2026 - 09 - 21))),
        (
            episodes[2],
            Change::ViolenceAsked {
                on: date!(2026 - 03 - 16),
            },
        ),
        (
            episodes[3],
            start(date!(2025 - 09 - 01), "aktivitetsersättning"),
        ),
        (episodes[3], step(1, date!(2025 - 09 - 01))),
        (episodes[3], step(3, date!(2026 - 01 - 12))),
        (episodes[3], step(5, date!(2026 - 05 - 04))),
        (
            episodes[3],
            Change::AfterSupport {
                from: date!(2026 - 05 - 04),
            },
        ),
        (
            episodes[3],
            Change::Exit {
                on: date!(2026 - 05 - 29),
                reason: work,
                income_after: income("lön"),
                occupation: "Lagerarbete".into(),
            },
        ),
        (episodes[4], start(date!(2026 - 01 - 19), "sjukpenning")),
    ];
    for (episode, change) in changes {
        store.change_episode(org, &viewer, episode, &change).await?;
    }
    Ok(())
}

/// Two October rounds of the indicator survey in SE-Höglandet, so that the results page has
/// something to show and to compare: 2025 with 14 answers and 2026 with 16. The answers are
/// made up, spread so that most questions reach the 70 % target and one does not.
async fn load_surveys(
    store: &dyn Store,
    org: samordna_domain::orgs::OrgId,
    se: i64,
    system: &Actor,
) -> Result<()> {
    use samordna_domain::surveys::{indicator, Access, NewRound, Response, Source, INDICATOR};
    let survey = indicator();
    for (year, answers) in [(2025, 14usize), (2026, 16usize)] {
        let round = store
            .open_round(
                org,
                system,
                &NewRound {
                    survey_code: INDICATOR.into(),
                    intervention_id: Some(se),
                    title: format!("Pågående oktober {year}"),
                    opens_on: time::Date::from_calendar_date(year, time::Month::October, 1)?,
                    closes_on: time::Date::from_calendar_date(year, time::Month::October, 31)?,
                    access: Access::SingleUseCodes,
                    codes: answers as u32 + 4,
                },
            )
            .await?;
        let on = round.opens_on;
        let list: Vec<Response> = (0..answers)
            .map(|i| {
                let gender = ["kvinna", "man", "kvinna", "man", ""][i % 5];
                // Mostly the upper steps; question 3 (time) lower in 2025.
                let steps: Vec<String> = (0..7)
                    .map(|q| {
                        let base = if q == 2 && year == 2025 { 2 } else { 3 };
                        let step = base + (i * 7 + q * 3) % 4;
                        if (i + q) % 9 == 0 {
                            String::new()
                        } else {
                            step.min(6).to_string()
                        }
                    })
                    .collect();
                let refs: Vec<&str> = steps.iter().map(String::as_str).collect();
                Response::parse(&survey, gender, &refs, on, Source::Web)
                    .expect("demo answers are valid")
            })
            .collect();
        store.add_responses(org, system, round.id, &list).await?;
    }
    Ok(())
}
