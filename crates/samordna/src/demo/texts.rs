//! The demo's half-year reports of 2020 and 2023, with the director's text written after the
//! seeds (002, 003), approved as the board approved them; and the anonymous after-support
//! counts those reports give.

use anyhow::Result;
use samordna_app::reports::{approve, outline};
use samordna_app::stats::StatsRequest;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::Org;
use samordna_domain::participants::after_support::AnonymousCount;
use samordna_domain::participants::record::Visibility;
use samordna_domain::reports::{Decision, Kind, ReportPeriod, Section};
use samordna_domain::stats::series::{Bucket, Dimension};
use samordna_domain::stats::Period;
use samordna_store::Store;
use time::macros::date;
use time::Date;

const SUMMARY: &str = "Höglandets samordningsförbund arbetar med finansiell samordning inom rehabiliteringsområdet. Uppdraget regleras i lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser. Ett mål för förbundets verksamhet är att samhällets resurser ska användas på ett så effektivt sätt som möjligt.

Delårsrapporten är i första hand en **ekonomisk rapport** med kommentarer, samt en kort redovisning av förbundets aktiviteter under första halvåret. Den största delen av förbundets resurser går till två individinriktade och en strukturövergripande verksamhet.";

const INTRODUCTION: &str = "Höglandets samordningsförbund bildades 2011 och är ett förbund mellan Arbetsförmedlingen, Försäkringskassan, Region Jönköpings län och kommunerna Aneby, Eksjö, Nässjö, Sävsjö, Tranås och Vetlanda. Målgruppen är personer i förvärvsaktiv ålder (16–65 år) som behöver samordnade rehabiliteringsinsatser. I första hand ska verksamheterna prioritera unga mellan 19 och 29 år.

Samordningsförbundet leds av en styrelse med nio ordinarie ledamöter med personliga ersättare. Beredningsgruppen identifierar och föreslår verksamhet och följer löpande de aktiviteter som styrelsen beslutat om.";

const SE_2023: &str = "## Verksamhet
Coacherna upplever att de har goda relationer med arbetsgivare, vilket ger möjligheter för individer att få praktik och arbete. En annan framgångsfaktor är nära samarbete med de myndigheter som är aktuella för personen.

Tjänsten som SE-coach i Aneby kommun har varit vakant januari–april. Styrelsen beslutade att bevilja utanordning av medel motsvarande 40 % av heltidstjänst under de fyra månaderna.

## Antal deltagare och avslutade
Siffrorna nedan kommer ur samordna: alla som varit inskrivna någon dag under perioden, fördelade på kön, med samma period föregående år inom parentes.

## Efterstöd
I metoden Supported Employment ingår stöd även efter anställning så länge individen och arbetsgivaren behöver det. Tabellen räknar alla som hade efterstöd under perioden: de som registrerats med personuppgifter och de som bara räknats.

## Jämställdhet
Att följa antalet kvinnor och män i insatsen över tid ger en grund för analys, reflektion och åtgärder. Under våren har styrelsen beslutat att ansluta till regeringsuppdraget att öka upptäckten av våld:
- samtliga SE-coacher utbildas i metoden,
- frågor om våld i nära relationer ställs rutinmässigt till alla deltagare.";

const IT_2023: &str = "## Verksamhet
I januari nystartade IT-spåret på Ädelfors folkhögskola i Holsbybrunn. Sju deltagare följde med utbildningen från Campus i12 i Eksjö. Verksamheten har *kontinuerligt intag*, vilket innebär att det kan vara fler inskrivna än de 15 platserna.";

const SE_2020: &str = "## Verksamhet
Våren har präglats av coronapandemin. Trots detta har en del deltagare fått arbete och några planeras inför hösten. Målgruppen har med den nuvarande arbetsmarknaden hamnat längre från arbetsmarknaden och behöver mer stöd; många får stöd till att börja studera.

## Jämställdhet
I samband med nätverksträffar aktualiseras alltid diskussioner om jämställdhet. Inget kommunområde tar in deltagare utifrån kön.";

const IT_2020: &str = "## Verksamhet
Från den 23 mars har all undervisning skett på distans, vilket överlag fungerat väl. Den 18 maj började en ny kurs på gymnasienivå med sex nya deltagare.";

const STRUCTURAL: &str = "Styr- och arbetsgrupp i respektive kommunområde har regelbundna träffar och arbetar utifrån lokalt upprättad överenskommelse och handlingsplan. Samverkanskoordinatorerna är sammankallande.";

const ADMINISTRATION: &str = "## Löne- och personaladministration
Förbundet köper löne- och personaladministration av Eksjö kommun.

## Arkiv
Förbundets handlingar arkiveras enligt dokumenthanteringsplanen.";

const ECONOMY: &str = "Resultaträkningen visar utfallet per den 30 juni mot budget och föregående år, med prognos för helåret. Balanskravet följs upp med det ackumulerade resultatet.";

/// The seeds' outline, SE-Höglandet first, with the period's texts.
fn sections(mut s: Vec<Section>, se: &str, it: &str) -> Vec<Section> {
    if let (Some(i), Some(j)) = (
        s.iter().position(|x| x.title == "IT-spåret"),
        s.iter().position(|x| x.title == "SE-Höglandet"),
    ) {
        s.swap(i, j);
    }
    for x in &mut s {
        x.text = match x.title.as_str() {
            "Sammanfattning" => SUMMARY,
            "Inledning" => INTRODUCTION,
            "SE-Höglandet" => se,
            "IT-spåret" => it,
            "Uppdrag Samverkan" => STRUCTURAL,
            "Samordningsförbundets administration" => ADMINISTRATION,
            "Ekonomisk redogörelse och styrelsens beslut" => ECONOMY,
            _ => "",
        }
        .to_string();
    }
    s
}

/// The anonymous after-support counts: 38 in H1 2020 (002); in H1 2023 what the seeds' 25
/// leaves after those registered with personal data (003 §3.1.1 counts both together).
async fn anonymous_counts(store: &dyn Store, org: &Org) -> Result<()> {
    let system = Actor::system("demo");
    let se = store
        .list_interventions(org.id)
        .await?
        .into_iter()
        .find(|i| i.fields.slug == "se-hoglandet")
        .expect("demo SE");
    // Those in after-support with personal data, counted as the statistics count them.
    let h1_2023 = Period::half(2023, 1);
    let request = StatsRequest {
        period: h1_2023,
        intervention: Some(se.clone()),
        municipality_id: None,
        coach_id: None,
        age_bins: Default::default(),
        bucket: Bucket::HalfYear,
        dimension: Dimension::Intervention,
    };
    let registered = samordna_app::stats::report(store, org.id, &request, &Visibility::All, false)
        .await?
        .current
        .after_support_registered
        .total
        .shown()
        .unwrap_or(0);
    for (from, to, women, men) in [
        (date!(2020 - 01 - 01), date!(2020 - 06 - 30), 17, 21),
        (
            h1_2023.from,
            h1_2023.to,
            25u32.saturating_sub(registered) / 2,
            25u32.saturating_sub(registered).div_ceil(2),
        ),
    ] {
        let count = AnonymousCount {
            id: 0,
            intervention_id: se.id,
            intervention: se.fields.name.clone(),
            from,
            to,
            women,
            men,
            other: 0,
        };
        store.add_anonymous_count(org.id, &system, &count).await?;
    }
    Ok(())
}

pub async fn load_reports(store: &dyn Store, org: &Org, today: Date) -> Result<()> {
    anonymous_counts(store, org).await?;
    let director = Actor::system("demo");
    for (year, se, it, decided_on, paragraph) in [
        (2020, SE_2020, IT_2020, date!(2020 - 09 - 10), "§ 6"),
        (2023, SE_2023, IT_2023, date!(2023 - 08 - 31), "§ 7"),
    ] {
        let period = ReportPeriod {
            kind: Kind::HalfYear,
            year,
            half: 1,
        };
        let report = store
            .create_report(
                org.id,
                &director,
                period,
                &sections(outline(store, org).await?, se, it),
            )
            .await?;
        let decision = Decision {
            decided_on,
            paragraph: paragraph.into(),
        };
        approve(store, org, &director, &report, &decision, today).await?;
    }
    Ok(())
}
