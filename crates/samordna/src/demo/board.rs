//! The demo's board work: Höglandet's board in two terms (000 and 003; the substitutes'
//! names of 2023 are made up, the seeds do not give them), the year plan 2021 (000), the
//! meetings of autumn 2023 (003 §13), the minutes of 2020-11-20 (000) and of 2023-08-31
//! (003) with every paragraph and decision, the latter signed 2023-09-07 as its signature
//! page says and posted on the anslagstavla that day; the minutes of 2023-09-07 waiting for
//! the demo board member's justering.

use anyhow::{anyhow, Result};
use samordna_app::governance::{content_hash, notice_document, publish_minutes, tasks_of};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::users::Email;
use samordna_domain::governance::minutes::{
    AgendaItem, Decision, Link, LinkKind, MeetingFields, Minutes, Paragraph, Ruling, Signature,
    SignerRole, Status,
};
use samordna_domain::governance::notices::NoticeKind;
use samordna_domain::governance::{Attendance, Body, Office, Seat, Term, TermFields};
use samordna_domain::orgs::members::Member;
use samordna_domain::orgs::Org;
use samordna_store::governance::NewNotice;
use samordna_store::Store;
use time::macros::{date, datetime};
use time::Date;

/// The demo board member's account justerar the minutes of 2023-09-07.
const BOARD_ACCOUNT: &str = "styrelse@hoglandet.demo";
const DIRECTOR_ACCOUNT: &str = "chef@hoglandet.demo";

struct Seated {
    party: &'static str,
    name: &'static str,
    email: Option<&'static str>,
    office: Option<Office>,
    substitute: &'static str,
    /// A term of its own within the period (a rotated office), else the whole period.
    span: Option<(Date, Date)>,
}

const fn seat(
    party: &'static str,
    name: &'static str,
    email: Option<&'static str>,
    office: Option<Office>,
    substitute: &'static str,
) -> Seated {
    Seated {
        party,
        name,
        email,
        office,
        substitute,
        span: None,
    }
}

/// The same seat for part of the period, with the office it had then.
const fn rotated(s: Seated, office: Option<Office>, from: Date, to: Date) -> Seated {
    Seated {
        office,
        span: Some((from, to)),
        ..s
    }
}

const ROTATION: Date = date!(2021 - 01 - 01);
const BEFORE_ROTATION: Date = date!(2020 - 12 - 31);
const TERM_END: Date = date!(2023 - 03 - 31);
const TERM_START: Date = date!(2019 - 04 - 01);

/// 2019-04-01–2023-03-31 (000): chair Nässjö and vice chair Eksjö to 2020, then Eksjö and
/// Sävsjö (000 §10). Only Arbetsförmedlingen's substitute is named in the seed.
const TERM_2019: &[Seated] = &[
    seat("Aneby kommun", "Anna Ekström", None, None, ""),
    rotated(
        seat("Eksjö kommun", "Kjell Axell", None, None, ""),
        Some(Office::ViceChair),
        TERM_START,
        BEFORE_ROTATION,
    ),
    rotated(
        seat("Eksjö kommun", "Kjell Axell", None, None, ""),
        Some(Office::Chair),
        ROTATION,
        TERM_END,
    ),
    rotated(
        seat("Nässjö kommun", "Anders Karlsson", None, None, ""),
        Some(Office::Chair),
        TERM_START,
        BEFORE_ROTATION,
    ),
    rotated(
        seat("Nässjö kommun", "Anders Karlsson", None, None, ""),
        None,
        ROTATION,
        TERM_END,
    ),
    rotated(
        seat("Sävsjö kommun", "Kerstin Hvirf", None, None, ""),
        None,
        TERM_START,
        BEFORE_ROTATION,
    ),
    rotated(
        seat("Sävsjö kommun", "Kerstin Hvirf", None, None, ""),
        Some(Office::ViceChair),
        ROTATION,
        TERM_END,
    ),
    seat("Tranås kommun", "Bengt E Carlsson", None, None, ""),
    seat("Vetlanda kommun", "Carina Bardh", None, None, ""),
    seat("Region Jönköpings län", "Carina Linderfalk", None, None, ""),
    seat("Försäkringskassan", "Klas Rydell", None, None, ""),
    seat(
        "Arbetsförmedlingen",
        "Maria Engberg",
        None,
        None,
        "Effat Mirsafdari",
    ),
];

/// 2023-04-01–2027-03-31 (003; extended to 2027-03-31 by 003 §12), chair Eksjö.
const TERM_2023: &[Seated] = &[
    seat("Aneby kommun", "Arijana Jazic", None, None, "Per Lind"),
    seat(
        "Eksjö kommun",
        "Sebastian Hörlin",
        Some("sebastian.horlin@eksjo.se"),
        Some(Office::Chair),
        "Maja Ek",
    ),
    seat(
        "Nässjö kommun",
        "Lindha Hjälml",
        Some("lindha.hjalm@nassjo.se"),
        None,
        "Omar Said",
    ),
    seat(
        "Sävsjö kommun",
        "Kerstin Hvirf",
        None,
        Some(Office::ViceChair),
        "Lars Berg",
    ),
    seat(
        "Tranås kommun",
        "Mikael Stenquist",
        Some(BOARD_ACCOUNT),
        None,
        "Eva Holm",
    ),
    seat("Vetlanda kommun", "Carina Bardh", None, None, "Nils Ström"),
    seat(
        "Region Jönköpings län",
        "Annelie Andersson",
        None,
        None,
        "Sara Lund",
    ),
    seat("Försäkringskassan", "Klas Rydell", None, None, "Anna Vik"),
    seat(
        "Arbetsförmedlingen",
        "Andreas Appelberg",
        None,
        None,
        "Jonas Falk",
    ),
];

async fn add_terms(
    store: &dyn Store,
    org: &Org,
    system: &Actor,
    members: &[Member],
    seats: &[Seated],
    period: (Date, Date),
) -> Result<()> {
    for (i, s) in seats.iter().enumerate() {
        let (from, to) = s.span.unwrap_or(period);
        let party_id = members
            .iter()
            .find(|m| m.name == s.party)
            .ok_or_else(|| anyhow!("demo party {}", s.party))?
            .id;
        let fields = |name: &str, email: Option<&str>, seat: Seat, office, of| TermFields {
            body: Body::Board,
            name: name.into(),
            email: email.map(Email::parse).transpose().expect("demo addresses"),
            party_id,
            seat,
            substitute_for: of,
            office,
            call_order: (seat == Seat::Substitute).then_some(i as i32 + 1),
            from,
            to,
        };
        let member = store
            .add_term(
                org.id,
                system,
                &fields(s.name, s.email, Seat::Ordinary, s.office, None),
            )
            .await?;
        if !s.substitute.is_empty() {
            store
                .add_term(
                    org.id,
                    system,
                    &fields(s.substitute, None, Seat::Substitute, None, Some(member.id)),
                )
                .await?;
        }
    }
    Ok(())
}

fn meeting(body: Body, date: Date, starts: &str, ends: &str, place: &str) -> MeetingFields {
    MeetingFields {
        body,
        date,
        starts: starts.into(),
        ends: ends.into(),
        place: place.into(),
        digital: place.is_empty(),
        public: false,
        planned: vec![],
    }
}

fn planned(mut m: MeetingFields, items: &[&str]) -> MeetingFields {
    m.planned = items.iter().map(|s| s.to_string()).collect();
    m
}

/// The year plan 2021 for the board and the preparatory group (000, Årsplanering 2021).
fn year_plan_2021() -> Vec<MeetingFields> {
    use Body::*;
    let mut public = planned(
        meeting(Board, date!(2021 - 11 - 16), "13.30", "16.00", "Sävsjö"),
        &["Beslut om budget och verksamhetsplan – sänds till parterna"],
    );
    public.public = true;
    vec![
        planned(
            meeting(
                PreparatoryGroup,
                date!(2021 - 01 - 14),
                "9.00",
                "11.30",
                "Nässjö",
            ),
            &["Årsredovisning"],
        ),
        planned(
            meeting(Board, date!(2021 - 01 - 26), "13.30", "16.00", "Eksjö"),
            &["Årsredovisning"],
        ),
        meeting(
            PreparatoryGroup,
            date!(2021 - 02 - 18),
            "9.00",
            "11.30",
            "Nässjö",
        ),
        meeting(
            Consultation,
            date!(2021 - 02 - 26),
            "",
            "",
            "Vrigstad (ordförande och vice ordförande)",
        ),
        planned(
            meeting(Board, date!(2021 - 03 - 04), "13.30", "16.00", "Tranås"),
            &["Årsredovisning – beslut, sänds till parterna"],
        ),
        meeting(
            PreparatoryGroup,
            date!(2021 - 04 - 29),
            "9.00",
            "11.30",
            "Nässjö",
        ),
        meeting(Board, date!(2021 - 05 - 27), "13.30", "16.00", "Vetlanda"),
        planned(
            meeting(
                Board,
                date!(2021 - 08 - 26),
                "13.30",
                "16.00",
                "Träcentrum, Nässjö",
            ),
            &["Halvårsredovisning – fastställs och sänds till parterna"],
        ),
        planned(
            meeting(Board, date!(2021 - 09 - 09), "8.00", "9.00", "telefonmöte"),
            &["Verksamhetsplan och budget – sänds till parterna för samråd"],
        ),
        meeting(
            PreparatoryGroup,
            date!(2021 - 10 - 07),
            "9.00",
            "11.30",
            "Nässjö",
        ),
        meeting(Board, date!(2021 - 10 - 20), "13.30", "16.00", "Aneby"),
        meeting(
            PreparatoryGroup,
            date!(2021 - 11 - 04),
            "9.00",
            "11.30",
            "Nässjö",
        ),
        public,
    ]
}

fn text(title: &str, text: &str) -> Paragraph {
    Paragraph {
        title: title.into(),
        text: text.into(),
        ruling: Ruling::Text,
        per_capsulum: None,
    }
}

fn notes(title: &str, body: &str) -> Paragraph {
    Paragraph {
        ruling: Ruling::Notes,
        ..text(title, body)
    }
}

fn decides(title: &str, body: &str, items: Vec<(&str, Option<Link>)>) -> Paragraph {
    Paragraph {
        ruling: Ruling::Decides(
            items
                .into_iter()
                .map(|(t, link)| Decision {
                    text: t.into(),
                    link,
                })
                .collect(),
        ),
        ..text(title, body)
    }
}

fn link(kind: LinkKind, key: &str) -> Option<Link> {
    Some(Link {
        kind,
        key: key.into(),
    })
}

/// The decision by correspondence of 13 June 2023, recorded in the minutes of 2023-08-31.
fn per_capsulum_2023_06_13(aneby_payout: &str) -> Paragraph {
    let mut per_capsulum = decides(
        "Per Capsulum beslut",
        "13 juni skickades ärendebeskrivning med förslag till beslut ut till samtliga ordinarie ledamöter samt ersättare i styrelsen för Högländets samordningsförbund gällande utanordning av medel till Aneby kommuns verksamheten i SE-Höglandet under januari–april 2023. Styrelsen biföll förslaget och beslut fattades även att protokollföra beslutet i samband med ordinarie styrelsemöte 31 augusti 2023.",
        vec![(
            "att protokollföra beslut per capsulum utskickat 13 juni.",
            link(LinkKind::Payout, aneby_payout),
        )],
    );
    per_capsulum.per_capsulum = Some(date!(2023 - 06 - 13));
    per_capsulum
}

/// The minutes of 2023-08-31 (003), paragraph by paragraph.
fn minutes_2023_08_31(aneby_payout: &str) -> Vec<Paragraph> {
    let per_capsulum = per_capsulum_2023_06_13(aneby_payout);
    vec![
        text("Sammanträdet öppnas", "Sammanträdet öppnas och närvaro kontrolleras. Region Jönköpings län är inte representerade vid dagens möte."),
        text("Val av justerare", "Till justerare av dagens protokoll väljs Lindha Hjälml."),
        text("Fastställande av dagordning", "Dagordningen går igenom och fastställs med följande ändring och tillägg under §12 Övriga frågor:\n\n- I. Punkten om samrådsbeslut hanteras som två ärenden; 12.1 Samrådsbeslut – ny förbundsordning samt 12.2 Samrådsbeslut – årsredovisning och styrelsens ansvarsfrihet 2022\n- II. Årsplanering 2024 läggs till som punkt 12.3."),
        text("Föregående styrelseprotokoll 2023-05-11", "Genomgång av protokollet som godkänns och läggs till handlingarna."),
        notes("Beredningsgruppens möte 2023-04-25 samt 2023-06-07", "Beredningsgruppen har haft ett ordinarie möte samt ett extrainsatt digitalt möte under våren. Frågor som hanterats i beredningsgruppen är behovsanalys och förslag till ny verksamhet, inspirationsdag, samt verksamhetsbeskrivning för SE-Högländet och Uppdrag samverkan.\n\nStyrelsen framför beröm till beredningsgruppen för behovsanalysen som ger struktur och ett ramverk för aktuella förutsättningar."),
        per_capsulum,
        decides("Beslut delårsrapport", "Genomgång av halvårsredovisningen samt beslut om styrelsens godkännande.", vec![
            ("att uppdra åt beredningsgruppen att återkomma med förslag på ny verksamhet", None),
            ("att godkänna delårsrapporten.", link(LinkKind::Report, "half-year-2023-1")),
        ]),
        decides("Verksamhetsplan 2024 och budget 2024–2026", "Genomgång av verksamhetsplan 2024.\n\nI årsredovisning 2022 framgår att förbundets underskott för året uppgick till −265 tkr och att förbundet avser att återställa underskottet under kommande räkenskapsår (s. 18). Årsresultat påverkades negativt av en engångspremie kopplad till förmånsbestämd ålderspension. Revisorerna menade att förbundets eget kapital gör balanskravet irrelevant, eftersom rekommendationerna från Nationella Rådet kring storleken på eget kapital ska eftersträvas. Styrelsen måste fatta ett särskilt beslut om att inte återställa underskottet.\n\nBeslut om samrådsversion av verksamhetsplan 2024 och budget 2024–2026 fattas vid styrelsemöte 7 september 2023.\n\nSebastian föreslår att flytta budgetutrymmet för IT-spåret till ny verksamhet för 2026 utifrån att det i dagsläget inte finns beslut om finansiering efter 2025 och förbundet inväntar ny ansökan från regionen.", vec![
            ("att uppdra åt förbundschef att göra föreslagna ändringar i budget 2024–2026", link(LinkKind::Budget, "2024")),
            ("att inte återställa förbundets underskott för 2022.", link(LinkKind::Deficit, "2022")),
        ]),
        decides("Verksamhetsbeskrivning SE-Höglandet", "Under arbetsdagen 2022 framkom förslag om att revidera verksamhetsbeskrivningen för SE-Höglandet med fokus på likvärdighet i kommunernas arbete. Ett förslag på reviderad verksamhetsbeskrivning har tagits fram och presenterats för beredningsgruppen, representanter i remittentgrupper samt SE-coachernas chefer.", vec![
            ("att anta reviderad verksamhetsplan för SE-Höglandet", link(LinkKind::Description, "se-hoglandet")),
            ("att uppdra åt förbundschef att sammankalla arbetsgrupp för implementeringsarbetet.", None),
        ]),
        decides("Verksamhetsbeskrivning Uppdrag Samverkan", "Det har framkommit önskemål om ytterligare förtydligande av verksamhetsbeskrivningen för Uppdrag Samverkan samt ansvarsfördelningen och roller i lokala styr- och arbetsgrupper. Ett förslag till reviderad verksamhetsbeskrivning har tagits fram i Samverk Högländet och har godkänts av beredningsgruppen. Samverk Högländet har också tagit fram förslag på gemensam handlingsplan som har presenterats för och godkänts av beredningsgruppen.", vec![
            ("att anta reviderad verksamhetsplan för Uppdrag Samverkan", link(LinkKind::Description, "uppdrag-samverkan")),
            ("att fastställa handlingsplan för Samverk Högländet 2023.", None),
        ]),
        decides("Riktlinjer för upphandling och inköp", "Under våren har förbundschef, med stöd av upphandlare i Eksjö kommun, tagit fram ett förslag på riktlinjer för upphandling och inköp. Reglerna om offentlig upphandling kräver att upphandlande myndigheter ska besluta om riktlinjer för användning av direktupphandling.", vec![
            ("att anta riktlinjer för upphandling och inköp.", None),
        ]),
        notes("Övriga frågor", "**I. Samrådsbeslut – ny förbundsordning.** Under våren har samordningsförbundet mottagit samrådsbeslut gällande ny förbundsordning från Aneby, Eksjö, Tranås och Vetlanda kommuner samt Region Jönköpings län som samtliga bifaller förslagen. Aneby, Eksjö och Tranås kommuner har även beslutat att förlänga tiden för uppdrag som ledamot och ersättare i förbundets styrelse till och med 2027-03-31.\n\n**II. Samrådsbeslut – årsredovisning och styrelsens ansvarsfrihet 2022.** Samrådsbeslut har mottagits från Aneby, Nässjö, Vetlanda och Tranås kommun samt Region Jönköpings län.\n\n**III. Årsplanering 2024.** Utkast till årsplanering 2024 ligger till grund inför beslut på styrelsemötet i oktober. Styrelsen uppdrar åt förbundschef att uppdatera utkast för årsplanering 2024 med fler digitala möten till styrelsemötet 18 oktober."),
        text("Nästa möte", "- I. Styrelsemöte torsdag 7 september kl. 8.00–9.00 (digitalt)\n- II. Styrelsemöte onsdag 18 oktober kl. 13.30–16.00 (digitalt)\n- III. Offentligt styrelsemöte fredag 17 november kl. 13.30–16.00 (Eksjö)"),
        text("Sammanträdet avslutas", "Ordförande förklarar mötet avslutat."),
    ]
}

/// The minutes of 2020-11-20 (000).
fn minutes_2020_11_20() -> Vec<Paragraph> {
    vec![
        text("Sammanträdet öppnas", "Sammanträdet öppnades och närvaro kontrollerades. Effat Mirsafdari är ny ersättare i styrelsen från Arbetsförmedlingen. Ordinarie ledamot är Maria Engberg."),
        text("Val av justerare", "Till att justera dagens protokoll valdes Kjell Axell."),
        text("Fastställande av dagordning", "Dagordningen gicks igenom och godkändes."),
        text("Föregående sammanträdesprotokoll 2020-10-23", "Protokollet lades till handlingarna."),
        text("Anteckningar från beredningsgruppen 2020-11-06", "Anteckningarna lades till handlingarna."),
        decides("Årsplanering 2021", "Diskussion kring utskickat förslag för årsplaneringen 2021. Några förändringar gjordes och därefter antogs förslaget. Se bilaga.", vec![("att anta årsplaneringen 2021.", None)]),
        decides("SE-Höglandet", "Avtal skrivs med alla kommuner. Se bilaga.", vec![("att godkänna verksamhetsbeskrivningen och namnbytet från 2020-01-01.", link(LinkKind::Description, "se-hoglandet"))]),
        decides("Samverkanskoordinator – LIV", "Se bilaga.", vec![("att godkänna en reviderad verksamhetsbeskrivning och rapportmall.", link(LinkKind::Description, "uppdrag-samverkan"))]),
        decides("Budget 2021–2023 och verksamhetsplan 2021", "Publiceras på www.finsamjonkopingslan.se.", vec![("att godkänna verksamhetsplan 2021 och budget 2021–2023.", link(LinkKind::Budget, "2021"))]),
        notes("Ordförande och vice ordförande 2021 och 2022", "Enligt tidigare fattat beslut (2019-01-24) kring rotationsordning för posterna ordförande/vice ordförande sker byte 2021-01-01. Kjell Axell, Eksjö kommun, är ordförande de kommande två åren och Kerstin Hvirf, Sävsjö kommun, är vice ordförande under samma period. Posterna är inte personbundna utan innehas av ordinarie ledamot från ovanstående medlemspart.\n\nStyrelsen tackar Anders Karlsson för ett gott arbete under hans tid som ordförande."),
        notes("Övriga frågor", "Information om att det finns möjlighet att se en film från ett webbinarium som den danska BIP-forskningen har haft med presentation av forskningen och arbetet. Inget arvode utgår vid deltagande."),
        text("Nästa sammanträde", "Nästa sammanträde sker 2021-01-26 kl. 13.30–16.00. Om restriktionerna, på grund av pandemin, tillåter sker mötet i Eksjö annars digitalt via Skype (FK)."),
        text("Sammanträdet avslutas", "Ordföranden avslutade sammanträdet."),
    ]
}

fn by_name<'t>(terms: &'t [Term], name: &str, on: Date) -> Result<&'t Term> {
    terms
        .iter()
        .find(|t| t.name == name && t.in_force(on))
        .ok_or_else(|| anyhow!("demo term {name} on {on}"))
}

/// Every ordinary member in force, present unless named absent; substitutes serving.
fn attendance(
    terms: &[Term],
    on: Date,
    absent: &[&str],
    serving: &[(&str, &str)],
) -> Result<Vec<Attendance>> {
    let mut list: Vec<Attendance> = terms
        .iter()
        .filter(|t| t.body == Body::Board && t.seat == Seat::Ordinary && t.in_force(on))
        .map(|t| Attendance {
            term: t.id,
            present: !absent.contains(&t.name.as_str()),
            serving_for: None,
        })
        .collect();
    for (substitute, member) in serving {
        list.push(Attendance {
            term: by_name(terms, substitute, on)?.id,
            present: true,
            serving_for: Some(by_name(terms, member, on)?.id),
        });
    }
    Ok(list)
}

/// Writes minutes, sends them for justering and signs them as `signers` did.
async fn signed(
    store: &dyn Store,
    org: &Org,
    system: &Actor,
    id: i64,
    minutes: &Minutes,
    signers: &[(SignerRole, &str, &str, &str, time::OffsetDateTime)],
) -> Result<()> {
    // Started as the secretary starts them (taking the per capsulum decisions), then
    // written out as the signed minutes read.
    store
        .start_minutes(org.id, system, id, minutes.clone())
        .await?;
    store
        .write_minutes(
            org.id,
            system,
            id,
            minutes,
            &[Status::Draft],
            Status::Justering,
        )
        .await?;
    let m = store.meeting(org.id, id).await?;
    let hash = content_hash(&m);
    for (role, name, identification, signature_id, at) in signers {
        let signature = Signature {
            role: *role,
            name: name.to_string(),
            identification: identification.to_string(),
            signature_id: signature_id.to_string(),
            content_hash: hash.clone(),
            signed_at: at.unix_timestamp(),
        };
        store
            .sign_minutes(
                org.id,
                system,
                id,
                m.updated_at,
                &signature,
                signers.len(),
                &tasks_of(&m),
            )
            .await?;
    }
    Ok(())
}

pub async fn load(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    let members = store.list_members(org.id).await?;
    add_terms(
        store,
        org,
        system,
        &members,
        TERM_2019,
        (TERM_START, TERM_END),
    )
    .await?;
    add_terms(
        store,
        org,
        system,
        &members,
        TERM_2023,
        (date!(2023 - 04 - 01), date!(2027 - 03 - 31)),
    )
    .await?;
    let terms = store.terms(org.id).await?;

    // 2020-11-20 (000), signed on paper.
    let m = store
        .create_meeting(
            org.id,
            system,
            &meeting(
                Body::Board,
                date!(2020 - 11 - 20),
                "13.30",
                "15.00",
                "Skype (FK)",
            ),
        )
        .await?;
    let day = m.date;
    let mut minutes = Minutes::standard(
        "Britt-Marie Vidhall, förbundschef".into(),
        Email::parse("forbundschef@hoglandet.demo")?,
        &[],
        attendance(
            &terms,
            day,
            &[
                "Carina Bardh",
                "Kerstin Hvirf",
                "Carina Linderfalk",
                "Maria Engberg",
            ],
            &[("Effat Mirsafdari", "Maria Engberg")],
        )?,
        "Förbundets kansli, Nässjö".into(),
    );
    minutes.justerare = vec![by_name(&terms, "Kjell Axell", day)?.id];
    minutes.paragraphs = minutes_2020_11_20();
    minutes.attachments = [
        "Verksamhetsplan 2021 och budget 2021–2023",
        "Samverkanskoordinator – LIV – reviderad verksamhetsbeskrivning och rapportmall",
        "SE-Höglandet verksamhetsbeskrivning",
        "Årsplanering",
    ]
    .map(String::from)
    .to_vec();
    let paper = "Egenhändig underskrift på papper";
    let at = datetime!(2020-11-27 10:00 +1);
    signed(
        store,
        org,
        system,
        m.id,
        &minutes,
        &[
            (
                SignerRole::Chair,
                "Anders Karlsson",
                paper,
                "papper-2020-11-20-ordforande",
                at,
            ),
            (
                SignerRole::Secretary,
                "Britt-Marie Vidhall, förbundschef",
                paper,
                "papper-2020-11-20-sekreterare",
                at,
            ),
            (
                SignerRole::Justerare,
                "Kjell Axell",
                paper,
                "papper-2020-11-20-justerare",
                at,
            ),
        ],
    )
    .await?;

    for f in year_plan_2021() {
        store.create_meeting(org.id, system, &f).await?;
    }

    // 2023-08-31 (003), signed electronically 2023-09-07 and posted that day.
    let m = store
        .create_meeting(
            org.id,
            system,
            &meeting(
                Body::Board,
                date!(2023 - 08 - 31),
                "15.15",
                "16.00",
                "Träcentrum, Nässjö",
            ),
        )
        .await?;
    let day = m.date;
    let aneby = store
        .list_agreements(org.id)
        .await?
        .into_iter()
        .find(|a| a.intervention == "SE-Höglandet" && a.municipality == "Aneby kommun")
        .map(|a| format!("{}/2023/1", a.id))
        .unwrap_or_default();
    store
        .record_per_capsulum(
            org.id,
            system,
            Body::Board,
            &per_capsulum_2023_06_13(&aneby),
        )
        .await?;
    let mut minutes = Minutes::standard(
        "Kajsa Hallmans, förbundschef".into(),
        Email::parse("hoglandetssamordningsforbund@nassjo.se")?,
        &[],
        attendance(&terms, day, &["Annelie Andersson"], &[])?,
        "Förbundets kansli, Nässjö".into(),
    );
    minutes.justerare = vec![by_name(&terms, "Lindha Hjälml", day)?.id];
    minutes.paragraphs = minutes_2023_08_31(&aneby);
    minutes.attachments = [
        "Delårsrapport 2023",
        "Utkast verksamhetsplan 2024 med budget 2024–2026",
        "Verksamhetsbeskrivning SE-Högländet",
        "Verksamhetsbeskrivning Uppdrag Samverkan",
        "Handlingsplan 2023 Uppdrag samverkan",
        "Riktlinje för upphandling och inköp",
    ]
    .map(String::from)
    .to_vec();
    signed(
        store,
        org,
        system,
        m.id,
        &minutes,
        &[
            (
                SignerRole::Secretary,
                "Kajsa Hallmans, förbundschef",
                "E-post (hoglandetssamordningsforbund@nassjo.se)",
                "9e587e7a4ade4435ab3bad5d64bc16a8",
                datetime!(2023-09-07 13:26:07 +2),
            ),
            (
                SignerRole::Justerare,
                "Lindha Hjälml",
                "E-post (lindha.hjalm@nassjo.se)",
                "26071b92ef56401893ed40aa7c3f160a",
                datetime!(2023-09-07 14:10:35 +2),
            ),
            (
                SignerRole::Chair,
                "Sebastian Hörlin",
                "E-post (sebastian.horlin@eksjo.se)",
                "bf3dd1d9f4af4e109093625c97e20469",
                datetime!(2023-09-07 14:21:04 +2),
            ),
        ],
    )
    .await?;
    publish_minutes(store, org, system, m.id, date!(2023 - 09 - 07)).await?;

    // The meetings of 003 §13: 7 September waits for its justering, 18 October for its
    // minutes, 17 November was public.
    let m = store
        .create_meeting(
            org.id,
            system,
            &planned(
                meeting(Body::Board, date!(2023 - 09 - 07), "8.00", "9.00", ""),
                &["Verksamhetsplan 2024 och budget 2024–2026 – samrådsversion"],
            ),
        )
        .await?;
    let agenda = vec![AgendaItem {
        title: "Verksamhetsplan 2024 och budget 2024–2026".into(),
        proposal: "att fastställa samrådsversionen av verksamhetsplan 2024 och budget 2024–2026 och sända den till parterna.".into(),
    }];
    store.set_agenda(org.id, system, m.id, &agenda).await?;
    // The item's document (handling): the plan's summary as the board received it.
    let handling = samordna_reports::document::Document {
        org: org.name.clone(),
        title: "Verksamhetsplan 2024 och budget 2024–2026".into(),
        span: "Samrådsversion till styrelsemötet 2023-09-07".into(),
        status: "Förslag".into(),
        date: "2023-09-01".into(),
        parts: vec![samordna_reports::document::Part {
            number: "1".into(),
            title: "Ändringar sedan 2023-08-31".into(),
            level: 2,
            text: samordna_domain::reports::markup::parse(
                "Enligt beslut 2023-08-31 §8 flyttas budgetutrymmet för IT-spåret 2026 till ny verksamhet, eftersom finansieringen efter 2025 inte är beslutad.",
            ),
            figures: vec![],
        }],
        compact: true,
    };
    let pdf =
        samordna_app::reports::pdf(handling, format!("samordna/{}/handling/{}", org.slug, m.id))
            .await?;
    store
        .add_document(
            org.id,
            system,
            m.id,
            0,
            "Verksamhetsplan 2024 och budget 2024-2026 samrådsversion.pdf",
            samordna_domain::governance::documents::DocKind::Pdf,
            &pdf,
        )
        .await?;
    let mut minutes = Minutes::standard(
        "Förbundschef (demo)".into(),
        Email::parse(DIRECTOR_ACCOUNT)?,
        &agenda,
        attendance(
            &terms,
            m.date,
            &["Annelie Andersson", "Carina Bardh"],
            &[("Nils Ström", "Carina Bardh")],
        )?,
        "Förbundets kansli, Nässjö".into(),
    );
    minutes.justerare = vec![by_name(&terms, "Mikael Stenquist", m.date)?.id];
    minutes.paragraphs[1].text =
        "Till justerare av dagens protokoll väljs Mikael Stenquist.".into();
    minutes.paragraphs[4] = decides(
        "Verksamhetsplan 2024 och budget 2024–2026",
        "Samrådsversionen har justerats enligt beslut 2023-08-31 §8.",
        vec![("att fastställa samrådsversionen av verksamhetsplan 2024 och budget 2024–2026 och sända den till parterna.", link(LinkKind::Budget, "2024"))],
    );
    store
        .write_minutes(
            org.id,
            system,
            m.id,
            &minutes,
            &[Status::Planned],
            Status::Justering,
        )
        .await?;

    let october = store
        .create_meeting(
            org.id,
            system,
            &planned(
                meeting(Body::Board, date!(2023 - 10 - 18), "13.30", "16.00", ""),
                &["Årsplanering 2024"],
            ),
        )
        .await?;
    store
        .set_agenda(
            org.id,
            system,
            october.id,
            &[AgendaItem {
                title: "Årsplanering 2024".into(),
                proposal: "att anta årsplaneringen 2024.".into(),
            }],
        )
        .await?;
    let mut public = meeting(
        Body::Board,
        date!(2023 - 11 - 17),
        "13.30",
        "16.00",
        "Eksjö",
    );
    public.public = true;
    public.planned = vec!["Offentligt styrelsemöte".into()];
    let m = store.create_meeting(org.id, system, &public).await?;
    let pdf = samordna_app::reports::pdf(
        notice_document(org, &m, &[]),
        format!("samordna/{}/kallelse/{}", org.slug, m.id),
    )
    .await?;
    store
        .post_notice(
            org.id,
            system,
            &NewNotice {
                kind: NoticeKind::PublicMeeting,
                meeting_id: m.id,
                justered_on: None,
                posted_on: date!(2023 - 11 - 03),
                until: m.date,
                kept_at: "",
                pdf: Some(&pdf),
            },
        )
        .await?;
    Ok(())
}
