//! Made-up data for the benchmarks: `orgs` förbund, each with six municipalities, two
//! individual interventions and six coaches made through the store, and `per_year` stays
//! started per förbund and year for `years` years written as CSV files, with the SQL that
//! loads them (`load_sqlite.sql` for the sqlite3 client, `load_postgres.sql` for psql).
//! Deterministic: the same arguments give the same files.

use anyhow::{bail, Result};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::{Role, Scope};
use samordna_domain::access::users::{Email, NewUser};
use samordna_domain::dates::add_months;
use samordna_domain::orgs::interventions::{InterventionFields, InterventionInput};
use samordna_domain::orgs::members::NewMember;
use samordna_domain::orgs::NewOrg;
use samordna_domain::participants::{IncomeSource, Outcome};
use samordna_store::Store;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;
use time::{Date, Duration, Month};

/// splitmix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The tables and columns written, in file order (the loading SQL is made from this).
const TABLES: [(&str, &str); 5] = [
    ("participants", "id,org_id,code,gender,birth_year,created_at"),
    (
        "episodes",
        "id,org_id,participant_id,intervention_id,municipality_id,referral_date,decision,decision_date,start_date,coach_id,age_at_start,end_date,exit_reason_id,created_at",
    ),
    ("progress_steps", "org_id,episode_id,step,on_date,created_at"),
    ("episode_income", "org_id,episode_id,phase,source"),
    ("follow_ups", "org_id,episode_id,months,due,done_on,status"),
];

struct Org {
    id: i64,
    municipalities: Vec<i64>,
    interventions: Vec<i64>,
    coaches: Vec<i64>,
    /// Exit reasons' ids with their outcome.
    reasons: Vec<(i64, Outcome)>,
}

async fn scaffold(store: &dyn Store, n: u32) -> Result<Org> {
    let system = Actor::system("bench-data");
    let slug = format!("bench-{n:03}");
    if store.org_by_slug(&slug).await.is_ok() {
        bail!("förbund {slug} already exists: generate into an empty database");
    }
    let org = store
        .create_org(&system, &NewOrg::parse(&slug, &format!("Testförbund {n}"))?)
        .await?;
    let mut municipalities = vec![];
    for m in 1..=6 {
        let member = NewMember::parse(&format!("Kommun {n}-{m}"), "municipality")?;
        municipalities.push(store.create_member(org.id, &system, &member).await?.id);
    }
    let mut interventions = vec![];
    for (slug, name) in [("se", "Supported Employment"), ("team", "Samverkansteam")] {
        let input = InterventionInput {
            slug: slug.into(),
            name: name.into(),
            kind: "individual".into(),
            age_min: "18".into(),
            age_max: "64".into(),
            goal_share: "35".into(),
            capacity_per_fte: "20".into(),
            ..Default::default()
        };
        let fields = InterventionFields::parse(&input).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        interventions.push(
            store
                .create_intervention(org.id, &system, &fields)
                .await?
                .id,
        );
    }
    let mut coaches = vec![];
    for (c, &m) in municipalities.iter().enumerate() {
        let user = NewUser {
            org_id: Some(org.id),
            network_id: None,
            email: Email::parse(&format!("coach{c}@{slug}.example"))?,
            name: format!("Coach {n}-{c}"),
            role: Role::Coach,
            // Not a password hash: these accounts cannot log in.
            password_hash: "!".into(),
            scope: Scope {
                interventions: interventions.clone(),
                municipalities: vec![m],
            },
        };
        coaches.push(store.create_user(&system, &user).await?.id);
    }
    let reasons = store
        .exit_reasons(org.id)
        .await?
        .into_iter()
        .map(|r| (r.id, r.outcome))
        .collect();
    Ok(Org {
        id: org.id.0,
        municipalities,
        interventions,
        coaches,
        reasons,
    })
}

fn day_in(rng: &mut Rng, year: i32) -> Date {
    Date::from_calendar_date(year, Month::January, 1).expect("a date")
        + Duration::days(rng.below(365) as i64)
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes the files; returns the number of stays.
pub async fn generate(
    store: &dyn Store,
    out: &Path,
    orgs: u32,
    years: u32,
    per_year: u32,
) -> Result<u64> {
    std::fs::create_dir_all(out)?;
    let mut files = Vec::new();
    for (table, columns) in TABLES {
        let mut f = BufWriter::new(std::fs::File::create(out.join(format!("{table}.csv")))?);
        writeln!(f, "{columns}")?;
        files.push(f);
    }
    let today = time::OffsetDateTime::now_utc().date();
    let first_year = today.year() - years as i32 + 1;
    let mut rng = Rng(2026);
    let (mut pid, mut eid) = (0i64, 0i64);
    for n in 1..=orgs {
        let org = scaffold(store, n).await?;
        let o = org.id;
        for year in first_year..=today.year() {
            let mut stays = 0;
            while stays < per_year {
                pid += 1;
                let gender = match rng.below(100) {
                    0..=47 => "woman",
                    48..=96 => "man",
                    _ => "other",
                };
                let mut start = day_in(&mut rng, year);
                let birth_year = year - 18 - rng.below(47) as i32;
                writeln!(files[0], "{pid},{o},B{pid},{gender},{birth_year},0")?;
                // One person in ten comes back for a second stay.
                let visits = if rng.chance(10) { 2 } else { 1 };
                for _ in 0..visits {
                    if start > today {
                        break;
                    }
                    eid += 1;
                    stays += 1;
                    let m = rng.below(org.municipalities.len() as u64) as usize;
                    let iv = org.interventions[rng.below(2) as usize];
                    let end = Some(start + Duration::days(60 + rng.below(480) as i64))
                        .filter(|e| *e <= today);
                    let reason = end.map(|_| match rng.below(100) {
                        0..=29 => org.reasons[0],
                        30..=39 => org.reasons[1],
                        _ => org.reasons[2 + rng.below(org.reasons.len() as u64 - 2) as usize],
                    });
                    let age = rng
                        .chance(50)
                        .then(|| start.year() - birth_year - rng.below(2) as i32);
                    let referral = start - Duration::days(rng.below(60) as i64);
                    writeln!(
                        files[1],
                        "{eid},{o},{pid},{iv},{},{referral},include,{referral},{start},{},{},{},{},0",
                        org.municipalities[m],
                        org.coaches[m],
                        opt(age),
                        opt(end),
                        opt(reason.map(|r| r.0)),
                    )?;
                    let last_day = end.unwrap_or(today);
                    let span = (last_day - start).whole_days().max(1) as u64;
                    let mut step = 1 + rng.below(2) as u8;
                    for k in 0..rng.below(5) {
                        let on = start
                            + Duration::days(
                                (span * k / 4 + rng.below(span / 5 + 1)).min(span) as i64
                            );
                        writeln!(files[2], "{o},{eid},{step},{on},0")?;
                        step = (step + rng.below(2) as u8).min(5);
                    }
                    let mut line = String::new();
                    for s in [
                        IncomeSource::SicknessBenefit,
                        IncomeSource::SocialAssistance,
                        IncomeSource::ActivitySupport,
                    ] {
                        if rng.chance(45) {
                            writeln!(line, "{o},{eid},before,{}", s.as_str())?;
                        }
                    }
                    if let Some((_, outcome)) = reason {
                        let after = match outcome {
                            Outcome::Work => IncomeSource::Wage,
                            Outcome::Studies => IncomeSource::StudentAid,
                            Outcome::Other => IncomeSource::SocialAssistance,
                        };
                        writeln!(line, "{o},{eid},after,{}", after.as_str())?;
                        if outcome.is_work_or_studies() {
                            for months in [6, 12] {
                                let due = add_months(end.expect("ended"), months);
                                let (done, status) = if due <= today && rng.chance(70) {
                                    (
                                        Some(due),
                                        Some(if rng.chance(80) { "work" } else { "other" }),
                                    )
                                } else {
                                    (None, None)
                                };
                                writeln!(
                                    files[4],
                                    "{o},{eid},{months},{due},{},{}",
                                    opt(done),
                                    opt(status)
                                )?;
                            }
                        }
                    }
                    files[3].write_all(line.as_bytes())?;
                    start = last_day + Duration::days(30 + rng.below(200) as i64);
                    if end.is_none() {
                        break;
                    }
                }
            }
        }
    }
    for mut f in files {
        f.flush()?;
    }
    write_loaders(out)?;
    Ok(eid as u64)
}

/// The SQL that loads the files: sqlite3 reads empty fields as text, so they become NULL on
/// the way in; psql's CSV format reads them as NULL already.
fn write_loaders(out: &Path) -> Result<()> {
    let mut sqlite = String::from(".bail on\n.mode csv\nBEGIN;\n");
    let mut postgres = String::from("\\set ON_ERROR_STOP on\nBEGIN;\n");
    for (table, columns) in TABLES {
        let file = out.join(format!("{table}.csv"));
        let file = file.display();
        let nullif: Vec<String> = columns
            .split(',')
            .map(|c| format!("NULLIF({c}, '')"))
            .collect();
        writeln!(sqlite, ".import {file} raw_{table}")?;
        writeln!(
            sqlite,
            "INSERT INTO {table} ({columns}) SELECT {} FROM raw_{table};\nDROP TABLE raw_{table};",
            nullif.join(", ")
        )?;
        writeln!(
            postgres,
            "\\copy {table} ({columns}) FROM '{file}' WITH (FORMAT csv, HEADER true)"
        )?;
    }
    sqlite.push_str("COMMIT;\nANALYZE;\n");
    postgres.push_str("COMMIT;\nANALYZE;\n");
    std::fs::write(out.join("load_sqlite.sql"), sqlite)?;
    std::fs::write(out.join("load_postgres.sql"), postgres)?;
    Ok(())
}
