//! A meeting of the year plan, its agenda, and its minutes: attendance, justerare, numbered
//! paragraphs each with its text and ruling ("Styrelsen beslutar I. att … II. att …" or
//! "Styrelsen noterar informationen"), and the way to signed and locked.

use super::publication::{self, Finding};
use super::{Attendance, Body, Office, Term};
use crate::access::users::Email;
use crate::dates::parse_date;
use crate::invalid::{optional_text, required_text, Errors, Invalid, Reason};
use serde::{Deserialize, Serialize};
use time::Date;

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 20_000;
pub const MAX_PARAGRAPHS: usize = 80;
/// The standard paragraphs before the items: opening, justerare, agenda, previous minutes.
const OPENING: usize = 4;
pub const MAX_ITEMS: usize = 20;

/// A meeting of a body: in the year plan first, then with its agenda, then its minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub body: Body,
    pub date: Date,
    /// "15.15", "16.00" as written in minutes; empty when the year plan gives no time.
    pub starts: String,
    pub ends: String,
    /// "Träcentrum, Nässjö", or the medium when digital.
    pub place: String,
    pub digital: bool,
    /// Open to the public (003 §13 "Offentligt styrelsemöte").
    pub public: bool,
    /// What the year plan puts on it: "Årsredovisning 2022", "Verksamhetsplan och budget".
    pub planned: Vec<String>,
    pub agenda: Vec<AgendaItem>,
    pub minutes: Option<Minutes>,
    pub status: Status,
    /// When it last changed (unix seconds): the version a signature is given to.
    pub updated_at: i64,
}

/// The header of a meeting as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFields {
    pub body: Body,
    pub date: Date,
    pub starts: String,
    pub ends: String,
    pub place: String,
    pub digital: bool,
    pub public: bool,
    pub planned: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub body: String,
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub place: String,
    pub digital: String,
    pub public: String,
    /// One planned matter a line.
    pub planned: String,
}

/// "8.00", "8:00", "13.30" → "13.30".
fn clock(field: &'static str, value: &str) -> Result<String, Invalid> {
    let v = value.trim();
    let bad = || Invalid::new(field, value, Reason::DateFormat);
    let (h, m) = v.split_once(['.', ':']).ok_or_else(bad)?;
    let (h, m): (u8, u8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 || v.len() > 5 {
        return Err(bad());
    }
    Ok(format!("{h}.{m:02}"))
}

fn lines(field: &'static str, text: &str, max: usize) -> Result<Vec<String>, Invalid> {
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if lines.len() > max {
        return Err(Invalid::new(
            field,
            text,
            Reason::OutOfRange {
                min: 0,
                max: max as i64,
            },
        ));
    }
    if let Some(long) = lines.iter().find(|l| l.chars().count() > MAX_TITLE) {
        return Err(Invalid::new(
            field,
            long,
            Reason::TooLong { max: MAX_TITLE },
        ));
    }
    Ok(lines)
}

impl MeetingFields {
    pub fn parse(f: &MeetingForm) -> Result<Self, Vec<Invalid>> {
        let mut e = Errors::default();
        let body = e.take(Body::parse("body", &f.body));
        let date = e.take(parse_date("date", &f.date));
        let starts = e.take(match f.starts.trim() {
            "" => Ok(String::new()),
            v => clock("starts", v),
        });
        let ends = e.take(match f.ends.trim() {
            "" => Ok(String::new()),
            v => clock("ends", v),
        });
        let place = e.take(optional_text("place", &f.place, MAX_TITLE));
        let planned = e.take(lines("planned", &f.planned, MAX_ITEMS));
        e.finish()?;
        Ok(MeetingFields {
            body: body.expect("checked"),
            date: date.expect("checked"),
            starts: starts.expect("checked"),
            ends: ends.expect("checked"),
            place: place.expect("checked"),
            digital: !f.digital.is_empty(),
            public: !f.public.is_empty(),
            planned: planned.expect("checked"),
        })
    }
}

impl Meeting {
    /// "kl. 15.15–16.00", or nothing when no time is set.
    pub fn time_sv(&self) -> String {
        if self.starts.is_empty() {
            String::new()
        } else if self.ends.is_empty() {
            format!("kl. {}", self.starts)
        } else {
            format!("kl. {}–{}", self.starts, self.ends)
        }
    }
}

/// An item of the agenda (dagordning) with the proposal the board is asked to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub title: String,
    pub proposal: String,
}

impl AgendaItem {
    pub fn parse(title: &str, proposal: &str) -> Result<Self, Vec<Invalid>> {
        let mut e = Errors::default();
        let title = e.take(required_text("title", title, MAX_TITLE));
        let proposal = e.take(optional_text("proposal", proposal, MAX_TEXT));
        e.finish()?;
        Ok(AgendaItem {
            title: title.expect("checked"),
            proposal: proposal.expect("checked"),
        })
    }
}

/// Where the minutes are on their way to the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// No minutes yet: a planned meeting, perhaps with its agenda.
    Planned,
    /// The secretary writes.
    Draft,
    /// Sent to the chair and justerare: they comment, the secretary changes, all sign.
    Justering,
    /// Signed by all: locked.
    Signed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Draft => "draft",
            Status::Justering => "justering",
            Status::Signed => "signed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Status::Planned,
            Status::Draft,
            Status::Justering,
            Status::Signed,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    /// Whether the text may still change.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Justering)
    }
}

/// The minutes of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    /// The director, who keeps the minutes, and the address they sign with.
    pub secretary: String,
    pub secretary_email: Email,
    pub attendance: Vec<Attendance>,
    /// Terms chosen to justera (§2).
    pub justerare: Vec<i64>,
    pub paragraphs: Vec<Paragraph>,
    /// Bilagor, by name.
    pub attachments: Vec<String>,
    /// Where the signed minutes are kept: "Förbundets kansli, Nässjö".
    pub kept_at: String,
}

/// A numbered paragraph: §1 is the first of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub title: String,
    pub text: String,
    pub ruling: Ruling,
    /// A decision taken by correspondence between meetings, on this day, recorded here.
    pub per_capsulum: Option<Date>,
}

/// What the body did with a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "items", rename_all = "kebab-case")]
pub enum Ruling {
    /// Only the text (the opening, the closing).
    Text,
    /// "Styrelsen noterar informationen."
    Notes,
    /// "Styrelsen beslutar I. att … II. att …".
    Decides(Vec<Decision>),
}

/// One "att …" of a decision, perhaps about something in samordna.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Beginning with "att ".
    pub text: String,
    pub link: Option<Link>,
}

/// What a decision decides, by kind and id: the page of it shows "Beslutat … §N".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    /// The id or key of the thing: a report id, a budget year, "aneby-2023-1".
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// A half-year or annual report, by id.
    Report,
    /// The budget of a year.
    Budget,
    /// A payout of an agreement, by `agreement-id/year/half`.
    Payout,
    /// Not to restore a year's deficit (balanskravet), by year.
    Deficit,
    /// An agreement, by id.
    Agreement,
    /// A verksamhetsbeskrivning, by intervention slug.
    Description,
}

impl LinkKind {
    pub const ALL: [LinkKind; 6] = [
        LinkKind::Report,
        LinkKind::Budget,
        LinkKind::Payout,
        LinkKind::Deficit,
        LinkKind::Agreement,
        LinkKind::Description,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Report => "report",
            LinkKind::Budget => "budget",
            LinkKind::Payout => "payout",
            LinkKind::Deficit => "deficit",
            LinkKind::Agreement => "agreement",
            LinkKind::Description => "description",
        }
    }
}

impl Decision {
    /// The assignment a decision gives — "att uppdra åt förbundschef att göra …" →
    /// ("förbundschef", "göra …") — which becomes a task until it is reported back.
    pub fn assignment(&self) -> Option<(String, String)> {
        let rest = self.text.strip_prefix("att uppdra åt ")?;
        let (who, what) = rest.split_once(" att ")?;
        Some((who.trim().to_string(), what.trim().to_string()))
    }
}

/// I, II, III … for the decisions of a paragraph.
pub fn roman(n: usize) -> String {
    const DIGITS: [(usize, &str); 9] = [
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
        (0, ""),
    ];
    let mut left = n;
    let mut out = String::new();
    for (value, text) in DIGITS.iter().filter(|(v, _)| *v > 0) {
        while left >= *value {
            out.push_str(text);
            left -= value;
        }
    }
    out
}

impl Ruling {
    /// The ruling as the minutes write it, line by line.
    pub fn lines(&self, body: Body) -> Vec<String> {
        match self {
            Ruling::Text => vec![],
            Ruling::Notes => vec![format!("{} noterar informationen.", body.subject_sv())],
            Ruling::Decides(items) => std::iter::once(format!("{} beslutar", body.subject_sv()))
                .chain(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, d)| format!("{}. {}", roman(i + 1), d.text)),
                )
                .collect(),
        }
    }
}

/// A paragraph as typed: the ruling's kind, and its decisions one a line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ParagraphForm {
    pub title: String,
    pub text: String,
    /// "text", "notes" or "decides".
    pub ruling: String,
    pub decisions: String,
    pub per_capsulum: String,
}

impl Paragraph {
    /// Decisions keep the links they had when their text is unchanged.
    pub fn parse(f: &ParagraphForm, before: Option<&Paragraph>) -> Result<Self, Vec<Invalid>> {
        let mut e = Errors::default();
        let title = e.take(required_text("title", &f.title, MAX_TITLE));
        let text = e.take(optional_text("text", &f.text, MAX_TEXT));
        let decisions = e.take(lines("decisions", &f.decisions, MAX_ITEMS));
        let per_capsulum = e.take(match f.per_capsulum.trim() {
            "" => Ok(None),
            v => parse_date("per_capsulum", v).map(Some),
        });
        let old_links: Vec<&Decision> = match before.map(|p| &p.ruling) {
            Some(Ruling::Decides(items)) => items.iter().collect(),
            _ => vec![],
        };
        let ruling = match (f.ruling.trim(), decisions) {
            ("text", _) => Some(Ruling::Text),
            ("notes", _) => Some(Ruling::Notes),
            ("decides", Some(items)) if !items.is_empty() => Some(Ruling::Decides(
                items
                    .into_iter()
                    .map(|line| {
                        let text = decision_text(&line);
                        let link = old_links
                            .iter()
                            .find(|d| d.text == text)
                            .and_then(|d| d.link.clone());
                        Decision { text, link }
                    })
                    .collect(),
            )),
            ("decides", Some(_)) => {
                e.push(Invalid::new("decisions", "", Reason::Required));
                None
            }
            ("decides", None) => None,
            (other, _) => {
                e.push(
                    Invalid::new("ruling", other, Reason::UnknownValue).accepting(vec![
                        "text".into(),
                        "notes".into(),
                        "decides".into(),
                    ]),
                );
                None
            }
        };
        e.finish()?;
        Ok(Paragraph {
            title: title.expect("checked"),
            text: text.expect("checked"),
            ruling: ruling.expect("checked"),
            per_capsulum: per_capsulum.expect("checked"),
        })
    }
}

/// A decision taken by correspondence between meetings (003 §6), kept until the minutes of
/// the body's next meeting record it as a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerCapsulum {
    pub id: i64,
    pub body: Body,
    /// Its `per_capsulum` is the day it was decided.
    pub paragraph: Paragraph,
    /// The meeting whose minutes record it.
    pub recorded_in: Option<i64>,
}

impl PerCapsulum {
    /// A paragraph typed for the register: it must decide, and say on which day.
    pub fn parse(f: &ParagraphForm) -> Result<Paragraph, Vec<Invalid>> {
        let typed = ParagraphForm {
            ruling: "decides".into(),
            ..f.clone()
        };
        let missing_day = f.per_capsulum.trim().is_empty();
        match Paragraph::parse(&typed, None) {
            Ok(p) if !missing_day => Ok(p),
            result => {
                let mut list = result.err().unwrap_or_default();
                if missing_day {
                    list.push(Invalid::new("per_capsulum", "", Reason::Required));
                }
                Err(list)
            }
        }
    }

    pub fn decided_on(&self) -> Date {
        self.paragraph
            .per_capsulum
            .expect("a per capsulum decision has its day")
    }
}

/// "II. att godkänna" or "godkänna" → "att godkänna".
fn decision_text(line: &str) -> String {
    let bare = match line.split_once(". ") {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| "IVXLC".contains(c)) => rest,
        _ => line,
    }
    .trim();
    if bare.starts_with("att ") {
        bare.to_string()
    } else {
        format!("att {bare}")
    }
}

impl Minutes {
    /// New minutes with the standard paragraphs around the agenda's items: opening, choice
    /// of justerare, agenda, previous minutes, …, next meeting, closing.
    pub fn standard(
        secretary: String,
        secretary_email: Email,
        agenda: &[AgendaItem],
        attendance: Vec<Attendance>,
        kept_at: String,
    ) -> Self {
        let plain = |title: &str, text: &str, ruling: Ruling| Paragraph {
            title: title.into(),
            text: text.into(),
            ruling,
            per_capsulum: None,
        };
        let mut paragraphs = vec![
            plain(
                "Sammanträdet öppnas",
                "Sammanträdet öppnas och närvaro kontrolleras.",
                Ruling::Text,
            ),
            plain("Val av justerare", "", Ruling::Text),
            plain(
                "Fastställande av dagordning",
                "Dagordningen gås igenom och fastställs.",
                Ruling::Text,
            ),
            plain(
                "Föregående protokoll",
                "Genomgång av protokollet som godkänns och läggs till handlingarna.",
                Ruling::Text,
            ),
        ];
        paragraphs.extend(agenda.iter().map(|item| Paragraph {
            title: item.title.clone(),
            text: item.proposal.clone(),
            ruling: Ruling::Notes,
            per_capsulum: None,
        }));
        paragraphs.push(plain("Nästa möte", "", Ruling::Text));
        paragraphs.push(plain(
            "Sammanträdet avslutas",
            "Ordförande förklarar mötet avslutat.",
            Ruling::Text,
        ));
        Minutes {
            secretary,
            secretary_email,
            attendance,
            justerare: vec![],
            paragraphs,
            attachments: vec![],
            kept_at,
        }
    }

    /// Records decisions taken by correspondence, oldest first, after the opening
    /// paragraphs (opening, justerare, agenda, previous minutes) and before the items.
    pub fn record(&mut self, mut decided: Vec<Paragraph>) {
        decided.sort_by_key(|p| p.per_capsulum);
        let at = OPENING.min(self.paragraphs.len());
        self.paragraphs.splice(at..at, decided);
    }

    /// "§6" of the paragraph at `index`.
    pub fn number(index: usize) -> String {
        format!("§{}", index + 1)
    }

    /// Who presides: the chair in force and present, else the vice chair.
    pub fn chair<'t>(&self, terms: &'t [Term], on: Date) -> Option<&'t Term> {
        let present = |t: &&Term| self.attendance.iter().any(|a| a.term == t.id && a.present);
        let holding = |office: Office| {
            terms
                .iter()
                .filter(|t| t.office == Some(office) && t.in_force(on))
                .find(present)
        };
        holding(Office::Chair).or_else(|| holding(Office::ViceChair))
    }

    /// Who signs: the chair, the secretary and each justerare, in that order.
    pub fn signers(&self, terms: &[Term], on: Date) -> Vec<Signer> {
        let mut signers = vec![];
        if let Some(chair) = self.chair(terms, on) {
            signers.push(Signer::of(SignerRole::Chair, chair));
        }
        signers.push(Signer {
            role: SignerRole::Secretary,
            name: self.secretary.clone(),
            email: Some(self.secretary_email.clone()),
        });
        signers.extend(
            self.justerare
                .iter()
                .filter_map(|id| terms.iter().find(|t| t.id == *id))
                .map(|t| Signer::of(SignerRole::Justerare, t)),
        );
        signers
    }

    /// Every paragraph that may not be published, named by its number and title.
    pub fn personal_data(&self, names: &[String]) -> Vec<Invalid> {
        self.paragraphs
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let ruling = match &p.ruling {
                    Ruling::Decides(items) => items
                        .iter()
                        .map(|d| d.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => String::new(),
                };
                let text = format!("{}\n{}\n{}", p.title, p.text, ruling);
                publication::find(&text, names).map(|found| {
                    let what = match found {
                        Finding::Personnummer(_) => "personnummer",
                        Finding::Name(_) => "name",
                    };
                    Invalid::new(
                        "paragraph",
                        format!("{} {} ({what})", Minutes::number(i), p.title),
                        Reason::PersonalData,
                    )
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignerRole {
    Chair,
    Secretary,
    Justerare,
}

impl SignerRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SignerRole::Chair => "chair",
            SignerRole::Secretary => "secretary",
            SignerRole::Justerare => "justerare",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            SignerRole::Chair,
            SignerRole::Secretary,
            SignerRole::Justerare,
        ]
        .into_iter()
        .find(|r| r.as_str() == value)
    }

    /// "Ordförande", as on the signature page.
    pub fn title_sv(self) -> &'static str {
        match self {
            SignerRole::Chair => "Ordförande",
            SignerRole::Secretary => "Sekreterare",
            SignerRole::Justerare => "Justerare",
        }
    }
}

/// Someone who must sign, known by their e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub role: SignerRole,
    pub name: String,
    pub email: Option<Email>,
}

impl Signer {
    fn of(role: SignerRole, t: &Term) -> Self {
        Signer {
            role,
            name: t.name.clone(),
            email: t.email.clone(),
        }
    }
}

/// A signature as kept: who, when, how identified, and the hash of what was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    pub role: SignerRole,
    pub name: String,
    /// "E-post (lindha.hjalm@nassjo.se), inloggning med lösenord".
    pub identification: String,
    /// 32 hex digits, random.
    pub signature_id: String,
    /// SHA-256 of the minutes' content when signed, hex.
    pub content_hash: String,
    pub signed_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 3, 4, 9, 14, 40].into_iter().map(roman).collect();
        assert_eq!(got, ["I", "II", "III", "IV", "IX", "XIV", "XL"]);
    }

    #[test]
    fn a_decision_is_written_as_the_minutes_write_it() {
        let form = ParagraphForm {
            title: "Beslut delårsrapport".into(),
            text: "Genomgång av halvårsredovisningen.".into(),
            ruling: "decides".into(),
            decisions: "I. att uppdra åt beredningsgruppen att återkomma med förslag\n\n godkänna delårsrapporten.".into(),
            ..Default::default()
        };
        let p = Paragraph::parse(&form, None).unwrap();
        assert_eq!(
            p.ruling.lines(Body::Board),
            [
                "Styrelsen beslutar",
                "I. att uppdra åt beredningsgruppen att återkomma med förslag",
                "II. att godkänna delårsrapporten."
            ]
        );
        let Ruling::Decides(items) = &p.ruling else {
            panic!("decides")
        };
        assert_eq!(
            items[0].assignment(),
            Some(("beredningsgruppen".into(), "återkomma med förslag".into()))
        );
        assert_eq!(items[1].assignment(), None);
        assert_eq!(
            Ruling::Notes.lines(Body::Board),
            ["Styrelsen noterar informationen."]
        );
    }

    #[test]
    fn a_decision_keeps_its_link_while_its_text_is_the_same() {
        let link = Link {
            kind: LinkKind::Report,
            key: "7".into(),
        };
        let before = Paragraph {
            title: "Beslut delårsrapport".into(),
            text: String::new(),
            ruling: Ruling::Decides(vec![Decision {
                text: "att godkänna delårsrapporten".into(),
                link: Some(link.clone()),
            }]),
            per_capsulum: None,
        };
        let form = ParagraphForm {
            title: "Beslut delårsrapport".into(),
            ruling: "decides".into(),
            decisions: "att godkänna delårsrapporten\natt lägga den till handlingarna".into(),
            ..Default::default()
        };
        let Ruling::Decides(items) = Paragraph::parse(&form, Some(&before)).unwrap().ruling else {
            panic!("decides")
        };
        assert_eq!(items[0].link, Some(link));
        assert_eq!(items[1].link, None);
    }

    #[test]
    fn a_paragraph_form_names_what_is_wrong() {
        let form = ParagraphForm {
            ruling: "decides".into(),
            per_capsulum: "13 juni".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = Paragraph::parse(&form, None)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["title", "per_capsulum", "decisions"]);
    }

    #[test]
    fn a_per_capsulum_decision_needs_its_day_and_lands_after_the_opening() {
        let mut form = ParagraphForm {
            title: "Per capsulum beslut".into(),
            decisions: "utanordna medel till Aneby kommun".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = PerCapsulum::parse(&form)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["per_capsulum"]);
        form.per_capsulum = "2023-06-13".into();
        let decided = PerCapsulum::parse(&form).unwrap();
        assert_eq!(
            decided.ruling,
            Ruling::Decides(vec![Decision {
                text: "att utanordna medel till Aneby kommun".into(),
                link: None,
            }])
        );
        let later = Paragraph {
            per_capsulum: Some(time::macros::date!(2023 - 07 - 01)),
            ..decided.clone()
        };
        let agenda = [AgendaItem::parse("Delårsrapport", "").unwrap()];
        let mut minutes = Minutes::standard(
            "Kajsa".into(),
            Email::parse("kajsa@example.se").unwrap(),
            &agenda,
            vec![],
            String::new(),
        );
        minutes.record(vec![later, decided]);
        let titles: Vec<(&str, Option<Date>)> = minutes
            .paragraphs
            .iter()
            .map(|p| (p.title.as_str(), p.per_capsulum))
            .collect();
        assert_eq!(titles[3].0, "Föregående protokoll");
        assert_eq!(titles[4].1, Some(time::macros::date!(2023 - 06 - 13)));
        assert_eq!(titles[5].1, Some(time::macros::date!(2023 - 07 - 01)));
        assert_eq!(titles[6].0, "Delårsrapport");
    }

    #[test]
    fn times_as_the_minutes_write_them() {
        assert_eq!(clock("starts", "8:00").unwrap(), "8.00");
        assert_eq!(clock("starts", "13.30").unwrap(), "13.30");
        assert!(clock("starts", "25.00").is_err());
        assert!(clock("starts", "kvart över").is_err());
    }
}
