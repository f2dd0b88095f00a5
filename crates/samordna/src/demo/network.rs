//! The county network of the demo, `jonkopings-lan`: Höglandet and two made-up neighbours,
//! Södra Vätterbygden and Finnveden (the three förbund of Jönköpings län share a website, a
//! members' consultation and IT-spåret, DOMAIN.md §1). The neighbours' people are made up
//! from their number, with a few of another gender so that the network's view shows `<5`.

use anyhow::{Context, Result};
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::interventions::{InterventionFields, InterventionInput};
use samordna_domain::orgs::members::NewMember;
use samordna_domain::orgs::networks::{NetworkId, NewNetwork};
use samordna_domain::orgs::{NewOrg, Org};
use samordna_domain::participants::import::{ImportRow, ParticipantKey};
use samordna_domain::participants::{Gender, IncomeSet};
use samordna_store::Store;
use time::{Date, Duration, Month};

pub const NETWORK: &str = "jonkopings-lan";

/// Slug, name, municipalities, and how many stays since 2021.
const NEIGHBOURS: [(&str, &str, [&str; 3], usize); 2] = [
    (
        "sodra-vatterbygden",
        "Södra Vätterbygdens samordningsförbund (påhittat)",
        ["Jönköpings kommun", "Habo kommun", "Mullsjö kommun"],
        140,
    ),
    (
        "finnveden",
        "Finnvedens samordningsförbund (påhittat)",
        ["Värnamo kommun", "Gislaveds kommun", "Gnosjö kommun"],
        48,
    ),
];

/// The network, with Höglandet in it by its director's consent.
pub async fn create(store: &dyn Store, hoglandet: &Org, system: &Actor) -> Result<NetworkId> {
    let network = store
        .create_network(
            system,
            &NewNetwork::parse(NETWORK, "Samordningsförbunden i Jönköpings län")?,
        )
        .await?;
    join(store, network.id, hoglandet).await?;
    Ok(network.id)
}

async fn join(store: &dyn Store, network: NetworkId, org: &Org) -> Result<()> {
    let consent = Actor::system(&format!("demo: förbundschefen i {}", org.name));
    store.join_network(network, org.id, &consent).await?;
    Ok(())
}

/// The two neighbours, each with its members, its SE insats, its participants and its
/// indicator survey rounds, joined to the network.
pub async fn load_neighbours(store: &dyn Store, today: Date) -> Result<()> {
    let network = store.network_by_slug(NETWORK).await?;
    let system = Actor::system("demo");
    for (slug, name, municipalities, stays) in NEIGHBOURS {
        let org = store
            .create_org(&system, &NewOrg::parse(slug, name)?)
            .await?;
        let mut members = vec![];
        for m in municipalities {
            members.push(
                store
                    .create_member(org.id, &system, &NewMember::parse(m, "municipality")?)
                    .await?,
            );
        }
        for (m, kind) in [
            ("Region Jönköpings län", "region"),
            ("Försäkringskassan", "state"),
            ("Arbetsförmedlingen", "state"),
        ] {
            store
                .create_member(org.id, &system, &NewMember::parse(m, kind)?)
                .await?;
        }
        let input = InterventionInput {
            slug: format!("se-{slug}"),
            name: "Supported Employment".into(),
            kind: "individual".into(),
            long_term: Some("on".into()),
            goal: "Att deltagarna når arbete eller studier.".into(),
            age_min: "18".into(),
            age_max: "64".into(),
            ..Default::default()
        };
        let fields = InterventionFields::parse(&input)
            .map_err(|e| anyhow::anyhow!("demo intervention {slug}: {e:?}"))?;
        let se = store.create_intervention(org.id, &system, &fields).await?;
        let reasons = store.exit_reasons(org.id).await?;
        let reason = |code: &str| {
            reasons
                .iter()
                .find(|r| r.code == code)
                .map(|r| r.id)
                .with_context(|| format!("exit reason {code}"))
        };
        let mut rows = vec![];
        for i in 0..stays {
            let start = Date::from_calendar_date(2021, Month::January, 4)?
                + Duration::days((i as i64 * 1_400) / stays as i64);
            let end = start + Duration::days(150 + (i as i64 * 37) % 420);
            let end = (end < today).then_some(end);
            let exit = ["arbete", "studier", "ohalsa", "arbete", "rehabilitering"][i % 5];
            let age = 19 + (i as i32 * 7) % 40;
            rows.push(ImportRow {
                row: i + 2,
                key: ParticipantKey::Code(format!("{}-{:03}", &slug[..2].to_uppercase(), i + 1)),
                // Women and men in turn, every 23rd of another gender.
                gender: match i {
                    i if i % 23 == 5 => Gender::Other,
                    i if i % 2 == 0 => Gender::Woman,
                    _ => Gender::Man,
                },
                birth_year: start.year() - age,
                age_at_start: age,
                municipality_id: members[i % members.len()].id,
                intervention_id: se.id,
                coach_id: None,
                start,
                end,
                exit_reason_id: end.map(|_| reason(exit)).transpose()?,
                income_before: set(
                    ["social_assistance", "sickness_benefit", "activity_support"][i % 3],
                ),
                income_after: match (end, exit) {
                    (None, _) => IncomeSet::default(),
                    (_, "arbete") => set("wage"),
                    (_, "studier") => set("student_aid"),
                    _ => set("sickness_benefit"),
                },
                consent: None,
            });
        }
        store.import_participants(org.id, &system, &rows).await?;
        super::load_surveys(store, org.id, se.id, &system).await?;
        join(store, network.id, &org).await?;
    }
    Ok(())
}

fn set(text: &str) -> IncomeSet {
    IncomeSet::parse_piped("income", text).expect("demo income")
}
