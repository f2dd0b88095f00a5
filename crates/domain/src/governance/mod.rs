//! The board's work (DOMAIN.md §6; seeds 000 and 003): the bodies and their members' dated
//! terms, the meetings of the year plan, the minutes with their paragraphs and decisions,
//! justering and signatures, and the notices of the public anslagstavla.
//!
//! What the rules *are* lives here — who is a member on a day, whether the board is quorate,
//! when an appeal period ends, what may not be published. Hashing, PDF and mail are the app's.

pub mod documents;
pub mod minutes;
pub mod notices;
pub mod publication;

use crate::access::users::Email;
use crate::dates::parse_date;
use crate::invalid::{optional_text, required_text, Errors, Invalid, Reason};
use serde::{Deserialize, Serialize};
use time::Date;

pub const MAX_NAME: usize = 200;

/// A body of the förbund that meets and keeps notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Body {
    /// Styrelsen: one ordinary member and one personal substitute per member party.
    Board,
    /// Beredningsgruppen: the parties' operative managers, preparing the board's matters.
    PreparatoryGroup,
    /// Medlemssamrådet: the owners' consultation.
    Consultation,
}

impl Body {
    pub const ALL: [Body; 3] = [Body::Board, Body::PreparatoryGroup, Body::Consultation];

    pub fn as_str(self) -> &'static str {
        match self {
            Body::Board => "board",
            Body::PreparatoryGroup => "preparatory-group",
            Body::Consultation => "consultation",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|b| b.as_str() == value.trim())
            .ok_or_else(|| {
                Invalid::new(field, value, Reason::UnknownValue)
                    .accepting(Self::ALL.iter().map(|b| b.as_str().to_string()).collect())
            })
    }

    /// "Styrelsen", "Beredningsgruppen": the subject of a decision.
    pub fn subject_sv(self) -> &'static str {
        match self {
            Body::Board => "Styrelsen",
            Body::PreparatoryGroup => "Beredningsgruppen",
            Body::Consultation => "Medlemssamrådet",
        }
    }
}

/// Ordinary member (ledamot) or substitute (ersättare).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Seat {
    Ordinary,
    Substitute,
}

impl Seat {
    pub fn as_str(self) -> &'static str {
        match self {
            Seat::Ordinary => "ordinary",
            Seat::Substitute => "substitute",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        match value.trim() {
            "ordinary" => Ok(Seat::Ordinary),
            "substitute" => Ok(Seat::Substitute),
            other => Err(Invalid::new(field, other, Reason::UnknownValue)
                .accepting(vec!["ordinary".into(), "substitute".into()])),
        }
    }
}

/// Chair or vice chair, held by a party for a dated period (000 §10: the rotation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Office {
    Chair,
    ViceChair,
}

impl Office {
    pub fn as_str(self) -> &'static str {
        match self {
            Office::Chair => "chair",
            Office::ViceChair => "vice-chair",
        }
    }

    /// An empty value is no office.
    pub fn parse(field: &'static str, value: &str) -> Result<Option<Self>, Invalid> {
        match value.trim() {
            "" => Ok(None),
            "chair" => Ok(Some(Office::Chair)),
            "vice-chair" => Ok(Some(Office::ViceChair)),
            other => Err(Invalid::new(field, other, Reason::UnknownValue)
                .accepting(vec!["chair".into(), "vice-chair".into()])),
        }
    }
}

/// One person's dated term in a body, for a member party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub id: i64,
    pub body: Body,
    pub name: String,
    /// Notices go here, and a signer is known by it: the account with this address signs.
    pub email: Option<Email>,
    /// The member party (a `members` row) the person sits for.
    pub party_id: i64,
    pub party: String,
    pub seat: Seat,
    /// A personal substitute's ordinary member.
    pub substitute_for: Option<i64>,
    pub office: Option<Office>,
    /// The order in which substitutes are called (Finsam 12 §), 1 first.
    pub call_order: Option<i32>,
    pub from: Date,
    pub to: Date,
}

impl Term {
    pub fn in_force(&self, on: Date) -> bool {
        self.from <= on && on <= self.to
    }
}

/// A term as typed in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermFields {
    pub body: Body,
    pub name: String,
    pub email: Option<Email>,
    pub party_id: i64,
    pub seat: Seat,
    pub substitute_for: Option<i64>,
    pub office: Option<Office>,
    pub call_order: Option<i32>,
    pub from: Date,
    pub to: Date,
}

/// The form's fields as text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TermForm {
    pub body: String,
    pub name: String,
    pub email: String,
    pub party: String,
    pub seat: String,
    pub substitute_for: String,
    pub office: String,
    pub call_order: String,
    pub from: String,
    pub to: String,
}

fn optional_id(field: &'static str, value: &str) -> Result<Option<i64>, Invalid> {
    match value.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| Invalid::new(field, value, Reason::NotANumber)),
    }
}

impl TermFields {
    /// Every problem at once; `parties` are the förbund's member parties' ids.
    pub fn parse(f: &TermForm, parties: &[i64]) -> Result<Self, Vec<Invalid>> {
        let mut e = Errors::default();
        let body = e.take(Body::parse("body", &f.body));
        let name = e.take(required_text("name", &f.name, MAX_NAME));
        let email = e.take(match f.email.trim() {
            "" => Ok(None),
            v => Email::parse(v).map(Some),
        });
        let party_id = e.take(
            f.party
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| parties.contains(id))
                .ok_or_else(|| Invalid::new("party", &f.party, Reason::UnknownValue)),
        );
        let seat = e.take(Seat::parse("seat", &f.seat));
        let substitute_for = e.take(optional_id("substitute_for", &f.substitute_for));
        let office = e.take(Office::parse("office", &f.office));
        let call_order = e.take(match f.call_order.trim() {
            "" => Ok(None),
            v => crate::invalid::number_in("call_order", v, 1, 99).map(|n| Some(n as i32)),
        });
        let from = e.take(parse_date("from", &f.from));
        let to = e.take(parse_date("to", &f.to));
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                e.push(Invalid::new("to", &f.to, Reason::EndBeforeStart));
            }
        }
        if seat == Some(Seat::Ordinary) && substitute_for.flatten().is_some() {
            e.push(Invalid::new(
                "substitute_for",
                &f.substitute_for,
                Reason::OnlySubstitutes,
            ));
        }
        e.finish()?;
        Ok(TermFields {
            body: body.expect("checked"),
            name: name.expect("checked"),
            email: email.expect("checked"),
            party_id: party_id.expect("checked"),
            seat: seat.expect("checked"),
            substitute_for: substitute_for.expect("checked"),
            office: office.expect("checked"),
            call_order: call_order.expect("checked"),
            from: from.expect("checked"),
            to: to.expect("checked"),
        })
    }
}

/// Who was there: each term of the body, present or not; a present substitute may serve
/// (tjänstgör) for an absent ordinary member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub term: i64,
    pub present: bool,
    pub serving_for: Option<i64>,
}

/// The board's quorum on a meeting day: more than half of the members present, a serving
/// substitute counting for the member they replace (kommunallagen 6 kap 28 §, Finsam 12 §).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quorum {
    /// Ordinary members in force on the day.
    pub members: usize,
    /// Of them present, or replaced by a present substitute.
    pub present: usize,
}

impl Quorum {
    pub fn of(terms: &[Term], body: Body, on: Date, attendance: &[Attendance]) -> Self {
        let ordinary: Vec<&Term> = terms
            .iter()
            .filter(|t| t.body == body && t.seat == Seat::Ordinary && t.in_force(on))
            .collect();
        let here = |id: i64| attendance.iter().any(|a| a.term == id && a.present);
        let substitute_serves = |member: i64| {
            attendance.iter().any(|a| {
                a.present
                    && a.serving_for == Some(member)
                    && terms
                        .iter()
                        .any(|t| t.id == a.term && t.seat == Seat::Substitute && t.in_force(on))
            })
        };
        let present = ordinary
            .iter()
            .filter(|m| here(m.id) || substitute_serves(m.id))
            .count();
        Quorum {
            members: ordinary.len(),
            present,
        }
    }

    pub fn is_quorate(&self) -> bool {
        self.members > 0 && self.present * 2 > self.members
    }
}

/// A place or the medium, as typed: "Träcentrum, Nässjö" or "digitalt (Teams)".
pub fn place(field: &'static str, value: &str) -> Result<String, Invalid> {
    optional_text(field, value, MAX_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn term(id: i64, seat: Seat, substitute_for: Option<i64>) -> Term {
        Term {
            id,
            body: Body::Board,
            name: format!("Person {id}"),
            email: None,
            party_id: id,
            party: format!("Part {id}"),
            seat,
            substitute_for,
            office: None,
            call_order: None,
            from: date!(2023 - 01 - 01),
            to: date!(2027 - 03 - 31),
        }
    }

    fn board() -> Vec<Term> {
        let mut terms: Vec<Term> = (1..=9).map(|i| term(i, Seat::Ordinary, None)).collect();
        terms.extend((1..=9).map(|i| term(100 + i, Seat::Substitute, Some(i))));
        terms
    }

    fn here(term: i64, serving_for: Option<i64>) -> Attendance {
        Attendance {
            term,
            present: true,
            serving_for,
        }
    }

    #[test]
    fn four_of_nine_is_not_quorate_and_a_serving_substitute_makes_it() {
        let day = date!(2023 - 08 - 31);
        let mut attendance: Vec<Attendance> = (1..=4).map(|i| here(i, None)).collect();
        let q = Quorum::of(&board(), Body::Board, day, &attendance);
        assert_eq!((q.members, q.present, q.is_quorate()), (9, 4, false));
        // A substitute present but not serving does not count.
        attendance.push(here(105, None));
        assert!(!Quorum::of(&board(), Body::Board, day, &attendance).is_quorate());
        attendance.pop();
        attendance.push(here(105, Some(5)));
        let q = Quorum::of(&board(), Body::Board, day, &attendance);
        assert_eq!((q.present, q.is_quorate()), (5, true));
        // Serving for a member who is there too counts once.
        attendance.push(here(101, Some(1)));
        assert_eq!(
            Quorum::of(&board(), Body::Board, day, &attendance).present,
            5
        );
    }

    #[test]
    fn a_term_that_has_ended_is_no_member() {
        let mut terms = board();
        terms[0].to = date!(2023 - 03 - 31);
        let q = Quorum::of(&terms, Body::Board, date!(2023 - 08 - 31), &[]);
        assert_eq!(q.members, 8);
        assert!(!Quorum::of(&[], Body::Board, date!(2023 - 08 - 31), &[]).is_quorate());
    }

    #[test]
    fn a_term_form_reports_every_problem() {
        let form = TermForm {
            body: "styrelse".into(),
            name: " ".into(),
            email: "nope".into(),
            party: "77".into(),
            seat: "ordinary".into(),
            substitute_for: "3".into(),
            from: "2023-04-01".into(),
            to: "2023-03-31".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = TermFields::parse(&form, &[1, 2])
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["body", "name", "email", "party", "to", "substitute_for"]
        );
    }
}
