//! The demo's plans and registers. The goal table is plan 2024's (003 §5.1) with the goals
//! samordna measures from the data added beside it; the values typed for 2023, the
//! deviations, the retention plan's times, the purchases and the requests are made up (002
//! names Prodest AB for the inspiration day of 2020 without a sum): one purchase judged by
//! the law's limits of 2020, one flagged by the guideline of 2022, and one request still
//! open long after its day.

use anyhow::Result;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::interventions::InterventionDescription;
use samordna_domain::orgs::Org;
use samordna_domain::plans::actions::{self, Activity, Plan};
use samordna_domain::plans::coordinator::{Answer, Answers};
use samordna_domain::plans::descriptions::Version;
use samordna_domain::plans::deviations::{Deviation, Status};
use samordna_domain::plans::goals::{Goal, GoalForm, Typed, TypedForm};
use samordna_domain::plans::procurement::Procurement;
use samordna_domain::plans::requests::{DocumentRequest, Outcome};
use samordna_domain::plans::retention::{Rule, RuleForm};
use samordna_store::Store;
use time::macros::date;
use time::Date;

pub async fn load(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    goals(store, org, system).await?;
    deviations(store, org, system).await?;
    retention(store, org, system).await?;
    coordination(store, org, system).await?;
    action_plan(store, org, system).await?;
    descriptions(store, org, system).await?;
    let bought = |day: Date, what: &str, amount, asked, advertised, documented| Procurement {
        day,
        what: what.into(),
        amount,
        asked,
        advertised,
        documented,
    };
    for p in [
        bought(
            date!(2020 - 02 - 10),
            "Inspirations- och kompetensutvecklingsdag, upplägg och genomförande (Prodest AB)",
            60_000,
            2,
            false,
            false,
        ),
        bought(
            date!(2023 - 03 - 15),
            "Föreläsare till inspirationsdagen",
            60_000,
            2,
            false,
            false,
        ),
        bought(
            date!(2023 - 09 - 20),
            "Utvärdering av SE-Höglandet",
            180_000,
            3,
            true,
            true,
        ),
    ] {
        store.add_procurement(org.id, system, &p).await?;
    }
    let asked = |received: Date, requester: &str, what: &str| DocumentRequest {
        received,
        requester: requester.into(),
        what: what.into(),
        decision: None,
    };
    store
        .add_document_request(
            org.id,
            system,
            &asked(
                date!(2023 - 12 - 01),
                "",
                "Avtal med Aneby kommun om SE-Höglandet 2023",
            ),
        )
        .await?;
    for (r, outcome, on) in [
        (
            asked(date!(2023 - 09 - 08), "", "Styrelsens protokoll 2023-08-31"),
            Outcome::Released,
            date!(2023 - 09 - 08),
        ),
        (
            asked(
                date!(2023 - 11 - 20),
                "Redaktionen, Smålands-Tidningen",
                "Delårsrapport 2023 med bilagor",
            ),
            Outcome::InPart,
            date!(2023 - 11 - 21),
        ),
    ] {
        let id = store.add_document_request(org.id, system, &r).await?;
        store
            .decide_document_request(org.id, system, id, outcome, on)
            .await?;
    }
    Ok(())
}

const MAIN_1: &str = "Verka för att öka målgruppens möjligheter att uppnå eller förbättra sin förmåga att utföra förvärvsarbete.";
const MAIN_2: &str = "Stödja samverkan mellan parterna.";
const MAIN_3: &str = "Bidra till ökad kunskap om samverkan samt utveckling av arbetslivsinriktad rehabilitering för målgruppen.";

/// A goal of the demo: huvudmål, delmål, aktivitet, mätning, source, target, and the values
/// (value, day, comment) typed in 2023.
type GoalRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

/// Plan 2024's goal table, and what was typed for its goals during 2023.
async fn goals(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    let slugs: Vec<String> = store
        .list_interventions(org.id)
        .await?
        .into_iter()
        .map(|i| i.fields.slug)
        .collect();
    let rows: [GoalRow; 14] = [
        (MAIN_1, "Alla deltagare i insats finansierad av förbundet ska rutinmässigt få frågor om psykiskt, fysiskt och sexuellt våld.", "Delta i regeringsuppdraget för ökad upptäckt av psykiskt, fysiskt och sexuellt våld.", "Uppföljning av antal genomförda deltagarenkäter.", "violence", "", &[]),
        (MAIN_1, "Deltagarna i SE-Höglandet går vidare till arbete eller studier.", "", "Andel avslut till arbete eller studier (verksamhetsbeskrivningen: minst 35 %).", "exits:se-hoglandet", "minst 35 %", &[]),
        (MAIN_1, "Deltagarna i SE-Höglandet närmar sig arbete eller studier.", "", "Andel som flyttat minst ett steg på stegen.", "moved:se-hoglandet", "minst 50 %", &[]),
        (MAIN_1, "Deltagarna får stöd som är till stor nytta för dem.", "Indikatorenkäten i oktober.", "Minst 70 % svarar ofta, för det mesta eller alltid (fråga 1).", "survey:1", "minst 70 %", &[]),
        (MAIN_1, "Deltagarna känner sig mer redo att arbeta eller studera.", "Indikatorenkäten i oktober.", "Minst 70 % svarar till stor del, till mycket stor del eller helt och hållet (fråga 6).", "survey:6", "minst 70 %", &[]),
        (MAIN_1, "Förbundets medel går i första hand till insatser för målgruppen.", "", "Individinriktade insatsers andel av kostnadsbudgeten.", "budget:individual", "minst 55 %", &[]),
        (MAIN_1, "Utveckla samverkan med parterna för ökad värdeutväxling och gemensam dragkraft.", "Dialogmöte med parterna, exempelvis HR och eller utvecklingsenheter. Samarbete med parterna för att se över möjligheten till praktikplatser och därmed tillgodose framtida behov av kompetensförsörjning.", "Antal dialogmöten.", "typed", "minst 4", &[("3", "2023-12-31", "Med Region Jönköpings län, Eksjö och Vetlanda kommun")]),
        (MAIN_1, "Samtliga parter ska känna till och implementera materialet Rätt stöd rätt försörjning i Jönköpings län.", "", "Enkätundersökning gällande kännedom och användande bland parternas medarbetare.", "typed", "minst 75 %", &[("58 %", "2023-06-30", "Enkät i juni"), ("64 %", "2023-12-15", "Enkät i december")]),
        (MAIN_1, "Ökad spridning och kunskap om Välfärdsguiden för målgrupp och medarbetare.", "Sprida information om vägval i välfärdssystemet samt samla information och göra den lättillgänglig för målgruppen, anhöriga och parternas medarbetare.", "Antal besökare/användare i Välfärdsguiden.", "typed", "minst 5 000", &[("4 210", "2023-12-31", "Besökare under året enligt webbstatistiken")]),
        (MAIN_2, "Fortsatt arbete med tydliggörande av roller och ansvar i förbundets organisation.", "Arrangera inspirationsdag, medlemssamråd, strategidag och gemensam vårkonferens.", "Antal deltagare. Deltagarenkäter.", "typed", "", &[("212", "2023-11-30", "Deltagare på de fyra arrangemangen")]),
        (MAIN_2, "Implementering av rutin för avvikelsehantering.", "", "Uppföljning och analys av inkomna avvikelseärenden.", "deviations", "", &[]),
        (MAIN_2, "Administrationen hålls liten.", "", "Administrationens andel av kostnadsbudgeten.", "budget:administration", "högst 20 %", &[]),
        (MAIN_3, "Fortsatt implementering av kommunikationsplan.", "", "Antal prenumeranter på nyheter.", "typed", "minst 300", &[("264", "2023-12-31", "")]),
        (MAIN_3, "Aktivt deltagande i nätverk.", "Nationella nätverket för samordningsförbund (NNS), Kust-till-kust, samråd med Kommunal utveckling och grannförbunden.", "Representation vid medlemsmöte (nationellt), kontaktmannamöte (regionalt) och förbundschefersträffar (nationellt).", "typed", "", &[("6", "2023-12-31", "Möten med förbundets representant")]),
    ];
    for (main, sub, activity, measurement, source, aim, typed) in rows {
        let goal = Goal::parse(
            &GoalForm {
                year: "2024".into(),
                main: main.into(),
                sub: sub.into(),
                activity: activity.into(),
                measurement: measurement.into(),
                source: source.into(),
                aim: aim.into(),
            },
            &slugs,
        )
        .map_err(|e| anyhow::anyhow!("demo goal {sub}: {e:?}"))?;
        let id = store.add_goal(org.id, system, &goal).await?;
        for (value, on, comment) in typed {
            let v = Typed::parse(
                &TypedForm {
                    value: (*value).into(),
                    on: (*on).into(),
                    comment: (*comment).into(),
                },
                &goal,
            )
            .map_err(|e| anyhow::anyhow!("demo goal value {value}: {e:?}"))?;
            store.add_typed_value(org.id, system, id, &v).await?;
        }
    }
    Ok(())
}

async fn deviations(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    for (on, what, consequence, measure, status) in [
        (
            date!(2023 - 10 - 12),
            "Kallelsen till beredningsgruppen gick till en gammal sändlista.",
            "En ledamot fick kallelsen två dagar före mötet.",
            "Sändlistan är uppdaterad och ändras nu av förbundschefen direkt vid byte.",
            Status::Closed,
        ),
        (
            date!(2024 - 02 - 05),
            "Deltagarlistan från en kommun saknade avslutsorsak på tre rader.",
            "Halvårsstatistiken kunde inte tas fram i tid för beredningsgruppen.",
            "Kommunens chef har fått importmallen; uppföljning i april.",
            Status::InProgress,
        ),
    ] {
        let d = Deviation {
            on,
            what: what.into(),
            consequence: consequence.into(),
            measure: measure.into(),
            status,
        };
        store.add_deviation(org.id, system, &d).await?;
    }
    Ok(())
}

async fn retention(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    for (records, covers, months, then) in [
        (
            "Deltagarakter: personuppgifter om deltagare i insatser",
            "participants",
            "36",
            "erase",
        ),
        ("Styrelseprotokoll med bilagor", "other", "0", "keep"),
        (
            "Räkenskapsinformation (bokföringslagen)",
            "other",
            "84",
            "erase",
        ),
        ("Enkätsvar", "other", "36", "erase"),
    ] {
        let r = Rule::parse(&RuleForm {
            records: records.into(),
            covers: covers.into(),
            months: months.into(),
            then: then.into(),
        })
        .map_err(|e| anyhow::anyhow!("demo retention {records}: {e:?}"))?;
        store.add_retention_rule(org.id, system, &r).await?;
    }
    Ok(())
}

/// Two municipalities' reports for the first half of 2023, submitted with the payouts'
/// papers (made up: 003 has the table of payouts, not the reports).
async fn coordination(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    let how = [
        "Samverkansgruppen har träffats fyra gånger.",
        "Handlingsplanen för 2023 är antagen i samverkansgruppen.",
        "Leder samverkansgruppens möten.",
        "Lotsat handläggare från Försäkringskassan och vården.",
        "Informationsträff i mars om Rätt stöd rätt försörjning.",
        "Kartläggning av övergången från gymnasiet.",
        "",
        "Nätverksträffar med koordinatorerna i grannkommunerna.",
        "Jämställdhet på dagordningen i samverkansgruppen.",
        "",
        "Lyft hinder i informationsöverföringen till styrgruppen.",
        "",
    ];
    for municipality in ["Nässjö kommun", "Vetlanda kommun"] {
        let Some(a) = store
            .list_agreements(org.id)
            .await?
            .into_iter()
            .find(|a| a.intervention == "Uppdrag Samverkan" && a.municipality == municipality)
        else {
            continue;
        };
        let answers = Answers(
            how.iter()
                .enumerate()
                .map(|(i, h)| Answer {
                    done: Some(!h.is_empty() || i == 11),
                    how: h.to_string(),
                })
                .collect(),
        );
        store
            .save_coordinator_report(
                org.id,
                system,
                a.id,
                (2023, 1),
                &answers,
                Some(date!(2023 - 06 - 20)),
            )
            .await?;
    }
    Ok(())
}

const SAMVERKAN: &str = "att samarbetet mellan myndigheterna tillsammans med hälso- och sjukvården inom de sex kommunområdena ska utökas efter behov och förutsättningar så det kommer medborgarna med rehabiliteringsbehov till godo";
const EFFEKTIV: &str = "att rehabiliteringen, där fler aktörer är inblandade, skall bli så effektiv som möjligt efter de resurser som samhället har att erbjuda";
const KANNEDOM: &str = "att personalen på alla nivåer inom myndigheterna skall ha god kännedom om hur samverkan fungerar och vilka system som samverkan bygger på";

/// Samverk Höglandet's action plan for 2023 (003, "Handlingsplan för Samverk Höglandet"),
/// its "Tidsplan" as dates ("Kontinuerligt" the whole year). The seed leaves the status
/// column empty: the statuses are made up, one activity left late.
async fn action_plan(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    use actions::Status::{Done, Ongoing, Postponed};
    let plan = store
        .add_action_plan(
            org.id,
            system,
            &Plan {
                year: 2023,
                owner: "Samverk Höglandet (Uppdrag Samverkan)".into(),
                title: "Handlingsplan Uppdrag samverkan".into(),
            },
        )
        .await?;
    let year = (date!(2023 - 01 - 01), date!(2023 - 12 - 31));
    let rows = [
        (SAMVERKAN, "Rätt stöd rätt försörjning", "Deltagande i arbetsgrupp i länet, representant i SKR:s referensgrupp 2023, uppdatera och dela information på hemsidan", year, Done, "Kontinuerligt"),
        (SAMVERKAN, "Samordnad individuell plan (SIP)", "Möjlighet till deltagande i SKR:s nätverk, deltagande i nätverksmöten med regionen, uppdatera och dela information på hemsidan", year, Done, "Kontinuerligt"),
        (EFFEKTIV, "Omvärldsbevakning", "Konferenser och utbildningar – särskild kompetensutvecklingsplan", year, Done, "Kontinuerligt"),
        (EFFEKTIV, "Omvärldsbevakning", "Bevaka arbetet med LÖK för målgruppen", year, Done, "Kontinuerligt"),
        (EFFEKTIV, "Utveckla samverkan", "Deltagande i regelbundna nätverksmöten för samverkanskoordinatorerna", year, Done, "Kontinuerligt"),
        (EFFEKTIV, "Utveckla samverkan", "Genomföra planeringsdag i Samverk Höglandet en gång per år (samverkanskoordinatorerna)", (date!(2023 - 01 - 01), date!(2023 - 01 - 31)), Done, "Planeringsdag i januari"),
        (EFFEKTIV, "Utveckla samverkan", "Planera och genomföra samverkansdialog med regionen kring gemensamma frågor", (date!(2023 - 02 - 01), date!(2023 - 09 - 30)), Ongoing, "Februari, september samt vid behov; septembermötet är inte bokat"),
        (EFFEKTIV, "Utveckla samverkan", "Deltagande i gemensam arbetsdag med styrelse och beredningsgrupp", (date!(2023 - 08 - 01), date!(2023 - 09 - 30)), Done, "Augusti/september"),
        (EFFEKTIV, "Utvärdering av samverkan", "Översyn av användandet av nationella indikatorenkäter/gemensam utvärdering", (date!(2023 - 08 - 01), date!(2023 - 09 - 30)), Postponed, "Flyttad till våren 2024"),
        (KANNEDOM, "Information", "Bidra med och se över innehåll på hemsidan, se kommunikationsplan", year, Done, "Kontinuerligt"),
        (KANNEDOM, "Information", "Insamling av vägval, kontakt med aktörer samt spridning och information om Välfärdsguiden", year, Done, "Mars 2023, sedan kontinuerligt"),
        (KANNEDOM, "BIP, Skapa", "Bevaka utveckling och implementering samt informera vid behov", year, Done, "Kontinuerligt"),
        (KANNEDOM, "Inspirationsdag", "Planera och genomföra gemensam(ma) inspirationsdag(ar)", (date!(2023 - 10 - 01), date!(2023 - 10 - 31)), Done, "Oktober"),
    ];
    for (goal, area, what, (from, to), status, comment) in rows {
        let a = Activity {
            goal: goal.into(),
            area: area.into(),
            what: what.into(),
            responsible: "Samverkanskoordinatorerna".into(),
            from,
            to,
            status,
            comment: comment.into(),
        };
        store.add_activity(org.id, system, plan, &a).await?;
    }
    Ok(())
}

/// SE-Höglandet's description as approved on 2020-11-20 (000) and as revised on 2023-08-31
/// (003, "Antagen i styrelsen 230831", the description the insats has now); Uppdrag
/// Samverkan's of 2023-08-31.
async fn descriptions(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    let se = store.get_intervention(org.id, "se-hoglandet").await?;
    let first = Version {
        adopted_on: date!(2020 - 11 - 20),
        decision: "Styrelsen 2020-11-20: att godkänna verksamhetsbeskrivningen och namnbytet från 2020-01-01.".into(),
        description: InterventionDescription {
            goal: "Målsättningen är att 35 % av de deltagande personerna som skrivs ut ur projektet ska finna, få och behålla ett arbete på den öppna arbetsmarknaden eller gå vidare till studier.".into(),
            target_group: "Personer i arbetsför ålder (18–64 år) som är motiverade och har en vilja att nå arbete men som har något eller alla av följande problem: funktionshinder, psykisk ohälsa, tidigare missbruksproblematik. Om det uppstår kö läggs i första hand fokus på unga individer (18–29 år).".into(),
            content: "Arbetsmetoden är Supported Employment och målet för varje coach är att arbeta med cirka 20 personer per heltid. Stödet ges i en arbetssituation på den öppna arbetsmarknaden eller i studier.".into(),
            follow_up: "Deltagarna svarar på indikatorenkäten under tiden de är inskrivna eller vid utskrivning; metodtroheten mäts en gång om året. Ingen jämförelse sker mellan kommunområden.".into(),
        },
    };
    store
        .add_description_version(org.id, system, se.id, &first)
        .await?;
    for (slug, decision) in [
        (
            "se-hoglandet",
            "Styrelsen 2023-08-31: att anta reviderad verksamhetsplan för SE-Höglandet.",
        ),
        (
            "uppdrag-samverkan",
            "Styrelsen 2023-08-31: att anta reviderad verksamhetsplan för Uppdrag Samverkan.",
        ),
    ] {
        let i = store.get_intervention(org.id, slug).await?;
        let v = Version {
            adopted_on: date!(2023 - 08 - 31),
            decision: decision.into(),
            description: i.fields.description.clone(),
        };
        store
            .add_description_version(org.id, system, i.id, &v)
            .await?;
    }
    Ok(())
}
