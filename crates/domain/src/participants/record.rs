//! A participant's record as the store returns it, who may see which part of it, and the
//! changes a coach makes to a stay, each checked against the stay's state before it is
//! written.

use super::after_support::{Contact, ContactKind, FollowUp};
use super::steps::{StepRecord, StepScale};
use super::{
    check_exit_date, deregistration_date, overlaps, Decision, ExitReason, Gender, IncomeSet,
    Outcome, Status,
};
use crate::access::audit::Actor;
use crate::access::roles::{Permission, Role, Scope};
use crate::invalid::{Invalid, Reason};
use serde::Serialize;
use time::Date;

/// Which stays a user may see: all of the förbund's (the director), or those inside a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    All,
    /// A stay is seen when its intervention is among the scope's interventions and its
    /// municipality among the scope's municipalities; an empty list does not narrow that
    /// dimension, but a scope with both lists empty sees nothing.
    Scoped(Scope),
}

impl Visibility {
    /// `None` for the roles that never see a person (board, auditor, admin).
    pub fn of(role: Role, scope: &Scope) -> Option<Visibility> {
        if !role.can(Permission::ViewPersonalData) {
            return None;
        }
        Some(if role == Role::Director {
            Visibility::All
        } else {
            Visibility::Scoped(scope.clone())
        })
    }

    pub fn sees(&self, intervention_id: i64, municipality_id: i64) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Scoped(s) => {
                (!s.interventions.is_empty() || !s.municipalities.is_empty())
                    && (s.interventions.is_empty() || s.interventions.contains(&intervention_id))
                    && (s.municipalities.is_empty() || s.municipalities.contains(&municipality_id))
            }
        }
    }
}

/// Who asks, and what they may see: every participant call of the store takes one.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub actor: Actor,
    pub visibility: Visibility,
}

impl Viewer {
    pub fn system(label: &str) -> Self {
        Viewer {
            actor: Actor::system(label),
            visibility: Visibility::All,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub id: i64,
    pub code: String,
    pub gender: Gender,
    pub birth_year: i32,
    pub has_identity: bool,
    pub erased: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub id: i64,
    pub intervention_id: i64,
    pub intervention: String,
    pub given_on: Date,
    pub given_to: String,
    /// What it allows; empty for a consent recorded before the scope was asked for.
    pub scope: Vec<ConsentScope>,
    pub withdrawn_on: Option<Date>,
}

/// A consent as a coach records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsent {
    pub intervention_id: i64,
    pub given_on: Date,
    /// The party the consent was given to (a member, or the förbund).
    pub given_to: String,
    pub scope: Vec<ConsentScope>,
}

/// What a consent allows (003 §6.6): to raise the case in the referral group, to exchange
/// what each party knows of the person's support and goal, to contact the person for the
/// follow-ups after the exit, and to speak with employers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    ReferralGroup,
    Exchange,
    FollowUp,
    Employer,
}

impl ConsentScope {
    pub const ALL: [ConsentScope; 4] = [
        ConsentScope::ReferralGroup,
        ConsentScope::Exchange,
        ConsentScope::FollowUp,
        ConsentScope::Employer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentScope::ReferralGroup => "referral_group",
            ConsentScope::Exchange => "exchange",
            ConsentScope::FollowUp => "follow_up",
            ConsentScope::Employer => "employer",
        }
    }

    /// The ticked scopes (by code); at least one.
    pub fn parse_set<'a>(
        field: &'static str,
        ticked: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<ConsentScope>, Invalid> {
        let mut set = vec![];
        for code in ticked {
            let s = Self::ALL
                .into_iter()
                .find(|s| s.as_str() == code.trim())
                .ok_or_else(|| Invalid::new(field, code, Reason::UnknownValue))?;
            if !set.contains(&s) {
                set.push(s);
            }
        }
        if set.is_empty() {
            return Err(Invalid::new(field, "", Reason::Required));
        }
        set.sort_by_key(|s| Self::ALL.iter().position(|x| x == s));
        Ok(set)
    }

    /// As stored: the codes joined by commas.
    pub fn join(set: &[ConsentScope]) -> String {
        set.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
    }

    /// As stored, read back; unknown codes are dropped.
    pub fn split(text: &str) -> Vec<ConsentScope> {
        text.split(',')
            .filter_map(|c| Self::ALL.into_iter().find(|s| s.as_str() == c))
            .collect()
    }
}

/// A referral to an intervention: the first step of every stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub intervention_id: i64,
    pub municipality_id: i64,
    pub referral_date: Date,
    pub referrer_id: Option<i64>,
}

/// A new participant: the pseudonymous record, its first referral, and — only with a
/// consent — its identity.
#[derive(Debug, Clone)]
pub struct Registration {
    pub code: Option<String>,
    pub gender: Gender,
    pub birth_year: i32,
    pub identity: Option<(super::Identity, NewConsent)>,
    pub referral: NewReferral,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Episode {
    pub id: i64,
    pub participant_id: i64,
    pub participant_code: String,
    pub gender: Gender,
    pub birth_year: i32,
    pub intervention_id: i64,
    pub intervention: String,
    pub municipality_id: i64,
    pub municipality: String,
    pub referral_date: Option<Date>,
    pub referrer: Option<String>,
    pub decision: Option<Decision>,
    pub decision_date: Option<Date>,
    pub start: Option<Date>,
    pub coach_id: Option<i64>,
    pub coach: Option<String>,
    pub age_at_start: Option<i32>,
    pub end: Option<Date>,
    pub exit_reason: Option<ExitReason>,
    pub occupation_after: String,
    pub deregistered_on: Option<Date>,
    pub gk: bool,
    pub violence_asked_on: Option<Date>,
    pub income_before: IncomeSet,
    pub income_after: IncomeSet,
    /// Changes during the stay, by date.
    pub income_during: Vec<(Date, IncomeSet)>,
    pub steps: Vec<StepRecord>,
    pub after_support: Vec<Contact>,
    pub follow_ups: Vec<FollowUp>,
}

impl Episode {
    pub fn status(&self) -> Status {
        Status::of(self.decision, self.start, self.end)
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.exit_reason.as_ref().map(|r| r.outcome)
    }

    /// When the participant is to leave the register, once the stay has ended.
    pub fn deregistration_date(&self) -> Option<Date> {
        Some(deregistration_date(self.end?, self.outcome()?))
    }

    pub fn current_step(&self) -> Option<u8> {
        self.steps.iter().max_by_key(|s| s.on).map(|s| s.step)
    }

    pub fn span(&self) -> Option<(Date, Option<Date>)> {
        Some((self.start?, self.end))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantRecord {
    pub participant: Participant,
    pub consents: Vec<Consent>,
    pub episodes: Vec<Episode>,
}

impl ParticipantRecord {
    pub fn has_active_consent(&self) -> bool {
        self.consents.iter().any(|c| c.withdrawn_on.is_none())
    }
}

/// What a coach does to a stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Decide {
        decision: Decision,
        on: Date,
    },
    Start {
        on: Date,
        coach_id: Option<i64>,
        income_before: IncomeSet,
        gk: bool,
    },
    Step {
        step: u8,
        on: Date,
    },
    Income {
        on: Date,
        sources: IncomeSet,
    },
    Exit {
        on: Date,
        reason: ExitReason,
        income_after: IncomeSet,
        occupation: String,
    },
    Deregister {
        on: Date,
    },
    ViolenceAsked {
        on: Date,
    },
    AfterSupport {
        from: Date,
    },
    ContactDone {
        contact_id: i64,
        on: Date,
    },
    FollowUp {
        follow_up_id: i64,
        on: Date,
        status: Outcome,
        income: IncomeSet,
    },
}

impl Change {
    pub fn name(&self) -> &'static str {
        match self {
            Change::Decide { .. } => "decide",
            Change::Start { .. } => "start",
            Change::Step { .. } => "step",
            Change::Income { .. } => "income",
            Change::Exit { .. } => "exit",
            Change::Deregister { .. } => "deregister",
            Change::ViolenceAsked { .. } => "violence_asked",
            Change::AfterSupport { .. } => "after_support",
            Change::ContactDone { .. } => "contact_done",
            Change::FollowUp { .. } => "follow_up",
        }
    }

    /// Whether `change` may be made to `episode` now. `others` are the spans of the same
    /// person's other stays in the same intervention.
    pub fn check(
        &self,
        episode: &Episode,
        scale: &StepScale,
        others: &[(Date, Option<Date>)],
    ) -> Result<(), Invalid> {
        let status = episode.status();
        let wrong =
            |field: &'static str| Err(Invalid::new(field, status.as_str(), Reason::WrongState));
        let not_before = |field: &'static str, on: Date, earliest: Option<Date>| match earliest {
            Some(e) if on < e => Err(Invalid::new(field, on.to_string(), Reason::EndBeforeStart)),
            _ => Ok(()),
        };
        match self {
            Change::Decide { on, .. } => {
                if episode.start.is_some() {
                    return wrong("decision");
                }
                not_before("decision_date", *on, episode.referral_date)
            }
            Change::Start { on, .. } => {
                if !matches!(
                    status,
                    Status::Included | Status::Referred | Status::Waiting
                ) {
                    return wrong("start");
                }
                if others.iter().any(|o| overlaps(*o, (*on, None))) {
                    return Err(Invalid::new("start", on.to_string(), Reason::Overlap));
                }
                not_before("start", *on, episode.referral_date)
            }
            Change::Step { step, on } => {
                if episode.start.is_none() {
                    return wrong("step");
                }
                if *step < 1 || *step > scale.len() {
                    return Err(Invalid::new(
                        "step",
                        step.to_string(),
                        Reason::OutOfRange {
                            min: 1,
                            max: scale.len() as i64,
                        },
                    ));
                }
                not_before("on", *on, episode.start)
            }
            Change::Income { on, .. } | Change::ViolenceAsked { on } => {
                if episode.start.is_none() {
                    return wrong("on");
                }
                not_before("on", *on, episode.start)
            }
            Change::Exit { on, .. } => {
                let Some(start) = episode.start.filter(|_| status == Status::Active) else {
                    return wrong("end");
                };
                check_exit_date(start, *on)?;
                // The stay must not now reach into a later stay of the same person.
                if others
                    .iter()
                    .any(|o| o.0 > start && overlaps(*o, (start, Some(*on))))
                {
                    return Err(Invalid::new("end", on.to_string(), Reason::Overlap));
                }
                Ok(())
            }
            Change::Deregister { on } => {
                if status != Status::Ended || episode.deregistered_on.is_some() {
                    return wrong("deregistered_on");
                }
                not_before("deregistered_on", *on, episode.end)
            }
            Change::AfterSupport { from } => {
                if episode.start.is_none() || !episode.after_support.is_empty() {
                    return wrong("after_support");
                }
                not_before("after_support", *from, episode.start)
            }
            Change::ContactDone { contact_id, .. } => {
                if !episode.after_support.iter().any(|c| c.id == *contact_id) {
                    return Err(Invalid::new(
                        "contact",
                        contact_id.to_string(),
                        Reason::UnknownValue,
                    ));
                }
                Ok(())
            }
            Change::FollowUp {
                follow_up_id, on, ..
            } => {
                if !episode.follow_ups.iter().any(|f| f.id == *follow_up_id) {
                    return Err(Invalid::new(
                        "follow_up",
                        follow_up_id.to_string(),
                        Reason::UnknownValue,
                    ));
                }
                not_before("on", *on, episode.end)
            }
        }
    }
}

/// What a task asks for: a contact or a follow-up (by its id), or the deregistration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    Contact { id: i64, kind: ContactKind },
    FollowUp { id: i64, months: u8 },
    Deregister,
}

/// One thing to do for a participant's stay by a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub due: Date,
    pub kind: TaskKind,
    pub episode_id: i64,
    pub participant_id: i64,
    pub code: String,
}

/// What a coach has to do: due contacts, due follow-ups, and stays to deregister.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tasks {
    pub contacts: Vec<(Episode, Contact)>,
    pub follow_ups: Vec<(Episode, FollowUp)>,
    pub deregistrations: Vec<(Episode, Date)>,
}

impl Tasks {
    /// From the viewer's stays: what is due on or before `until`.
    pub fn due(episodes: &[Episode], until: Date) -> Tasks {
        let mut t = Tasks::default();
        for e in episodes {
            for c in e
                .after_support
                .iter()
                .filter(|c| c.done_on.is_none() && c.due <= until)
            {
                t.contacts.push((e.clone(), c.clone()));
            }
            for f in e
                .follow_ups
                .iter()
                .filter(|f| f.done_on.is_none() && f.due <= until)
            {
                t.follow_ups.push((e.clone(), f.clone()));
            }
            if let (None, Some(d)) = (e.deregistered_on, e.deregistration_date()) {
                if d <= until {
                    t.deregistrations.push((e.clone(), d));
                }
            }
        }
        t.contacts.sort_by_key(|(_, c)| c.due);
        t.follow_ups.sort_by_key(|(_, f)| f.due);
        t.deregistrations.sort_by_key(|(_, d)| *d);
        t
    }

    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty() && self.follow_ups.is_empty() && self.deregistrations.is_empty()
    }

    /// Every task in one list, the earliest first (by participant within a day): what the
    /// coach works through.
    pub fn in_order(&self) -> Vec<Task> {
        let task = |e: &Episode, due, kind| Task {
            due,
            kind,
            episode_id: e.id,
            participant_id: e.participant_id,
            code: e.participant_code.clone(),
        };
        let mut all: Vec<Task> = self
            .contacts
            .iter()
            .map(|(e, c)| {
                let kind = TaskKind::Contact {
                    id: c.id,
                    kind: c.kind,
                };
                task(e, c.due, kind)
            })
            .chain(self.follow_ups.iter().map(|(e, f)| {
                let kind = TaskKind::FollowUp {
                    id: f.id,
                    months: f.months,
                };
                task(e, f.due, kind)
            }))
            .chain(
                self.deregistrations
                    .iter()
                    .map(|(e, d)| task(e, *d, TaskKind::Deregister)),
            )
            .collect();
        all.sort_by(|a, b| (a.due, &a.code).cmp(&(b.due, &b.code)));
        all
    }
}

/// How full a coach is: active participants against capacity × full-time share (basis
/// points), in basis points of capacity (10 000 = full).
pub fn capacity_used_bp(active: usize, capacity_per_fte: u16, fte_bp: i64) -> Option<i64> {
    let capacity_bp = capacity_per_fte as i64 * fte_bp;
    (capacity_bp > 0).then(|| (active as i64 * 10_000 * 10_000 + capacity_bp / 2) / capacity_bp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn episode() -> Episode {
        Episode {
            id: 1,
            participant_id: 1,
            participant_code: "P1".into(),
            gender: Gender::Woman,
            birth_year: 1990,
            intervention_id: 10,
            intervention: "SE".into(),
            municipality_id: 1,
            municipality: "Eksjö".into(),
            referral_date: Some(date!(2023 - 01 - 05)),
            referrer: None,
            decision: None,
            decision_date: None,
            start: None,
            coach_id: None,
            coach: None,
            age_at_start: None,
            end: None,
            exit_reason: None,
            occupation_after: String::new(),
            deregistered_on: None,
            gk: false,
            violence_asked_on: None,
            income_before: IncomeSet::default(),
            income_after: IncomeSet::default(),
            income_during: vec![],
            steps: vec![],
            after_support: vec![],
            follow_ups: vec![],
        }
    }

    fn work() -> ExitReason {
        ExitReason {
            id: 1,
            code: "arbete".into(),
            label: "Arbete".into(),
            outcome: Outcome::Work,
        }
    }

    #[test]
    fn scopes_narrow_by_intervention_and_municipality() {
        let coach = Visibility::Scoped(Scope {
            interventions: vec![10],
            municipalities: vec![1, 2],
        });
        assert!(coach.sees(10, 2));
        assert!(!coach.sees(11, 1), "another intervention");
        assert!(!coach.sees(10, 3), "another municipality");
        let coordinator = Visibility::Scoped(Scope {
            interventions: vec![],
            municipalities: vec![1],
        });
        assert!(coordinator.sees(11, 1) && !coordinator.sees(10, 2));
        assert!(
            !Visibility::Scoped(Scope::default()).sees(10, 1),
            "an empty scope sees nothing"
        );
        assert_eq!(Visibility::of(Role::Board, &Scope::default()), None);
        assert_eq!(Visibility::of(Role::Auditor, &Scope::default()), None);
        assert_eq!(
            Visibility::of(Role::Director, &Scope::default()),
            Some(Visibility::All)
        );
    }

    #[test]
    fn a_stay_moves_through_its_states_in_order() {
        let scale = StepScale::supported_employment();
        let mut e = episode();
        let exit = Change::Exit {
            on: date!(2023 - 05 - 31),
            reason: work(),
            income_after: IncomeSet::default(),
            occupation: String::new(),
        };
        assert_eq!(
            exit.check(&e, &scale, &[]).unwrap_err().reason,
            Reason::WrongState
        );
        let step = Change::Step {
            step: 2,
            on: date!(2023 - 02 - 01),
        };
        assert_eq!(
            step.check(&e, &scale, &[]).unwrap_err().reason,
            Reason::WrongState
        );
        let start = Change::Start {
            on: date!(2023 - 01 - 10),
            coach_id: None,
            income_before: IncomeSet::default(),
            gk: false,
        };
        assert!(start.check(&e, &scale, &[]).is_ok());
        let early = Change::Start {
            on: date!(2023 - 01 - 01),
            coach_id: None,
            income_before: IncomeSet::default(),
            gk: false,
        };
        assert_eq!(
            early.check(&e, &scale, &[]).unwrap_err().reason,
            Reason::EndBeforeStart
        );
        let earlier_stay = (date!(2022 - 06 - 01), None);
        assert_eq!(
            start.check(&e, &scale, &[earlier_stay]).unwrap_err().reason,
            Reason::Overlap
        );
        e.start = Some(date!(2023 - 01 - 10));
        assert!(step.check(&e, &scale, &[]).is_ok());
        assert!(Change::Step {
            step: 6,
            on: date!(2023 - 02 - 01)
        }
        .check(&e, &scale, &[])
        .is_err());
        let before_start = Change::Exit {
            on: date!(2023 - 01 - 09),
            reason: work(),
            income_after: IncomeSet::default(),
            occupation: String::new(),
        };
        assert_eq!(
            before_start.check(&e, &scale, &[]).unwrap_err().reason,
            Reason::EndBeforeStart
        );
        assert!(exit.check(&e, &scale, &[]).is_ok());
        let later_stay = (date!(2023 - 04 - 01), None);
        assert_eq!(
            exit.check(&e, &scale, &[later_stay]).unwrap_err().reason,
            Reason::Overlap
        );
        e.end = Some(date!(2023 - 05 - 31));
        e.exit_reason = Some(work());
        assert_eq!(e.deregistration_date(), Some(date!(2023 - 08 - 31)));
        assert!(Change::Deregister {
            on: date!(2023 - 08 - 31)
        }
        .check(&e, &scale, &[])
        .is_ok());
    }

    #[test]
    fn tasks_are_what_is_due_and_not_done() {
        let mut e = episode();
        e.start = Some(date!(2023 - 01 - 10));
        e.end = Some(date!(2023 - 05 - 31));
        e.exit_reason = Some(work());
        e.after_support = vec![
            Contact {
                id: 1,
                due: date!(2023 - 06 - 01),
                kind: ContactKind::Visit,
                done_on: Some(date!(2023 - 06 - 01)),
            },
            Contact {
                id: 2,
                due: date!(2023 - 06 - 08),
                kind: ContactKind::Visit,
                done_on: None,
            },
            Contact {
                id: 3,
                due: date!(2023 - 06 - 15),
                kind: ContactKind::Visit,
                done_on: None,
            },
        ];
        let t = Tasks::due(&[e.clone()], date!(2023 - 06 - 10));
        assert_eq!(
            t.contacts.iter().map(|(_, c)| c.id).collect::<Vec<_>>(),
            [2]
        );
        assert!(
            t.deregistrations.is_empty(),
            "work: three months after exit"
        );
        let t = Tasks::due(&[e], date!(2023 - 08 - 31));
        assert_eq!(t.deregistrations.len(), 1);
        // In one list, the earliest first, whatever their kind.
        let order: Vec<(Date, TaskKind)> = t.in_order().iter().map(|t| (t.due, t.kind)).collect();
        let visit = |id| TaskKind::Contact {
            id,
            kind: ContactKind::Visit,
        };
        assert_eq!(
            order,
            [
                (date!(2023 - 06 - 08), visit(2)),
                (date!(2023 - 06 - 15), visit(3)),
                (date!(2023 - 08 - 31), TaskKind::Deregister),
            ]
        );
    }

    #[test]
    fn a_consent_allows_at_least_one_thing_and_is_stored_as_codes() {
        let set = ConsentScope::parse_set("scope", ["follow_up", "referral_group", "follow_up"]);
        assert_eq!(
            set,
            Ok(vec![ConsentScope::ReferralGroup, ConsentScope::FollowUp])
        );
        let set = set.unwrap();
        assert_eq!(ConsentScope::join(&set), "referral_group,follow_up");
        assert_eq!(ConsentScope::split(&ConsentScope::join(&set)), set);
        assert_eq!(ConsentScope::split(""), []);
        let none = ConsentScope::parse_set("scope", []).unwrap_err();
        assert_eq!(none.reason, Reason::Required);
        assert!(ConsentScope::parse_set("scope", ["allt"]).is_err());
    }

    #[test]
    fn capacity_is_participants_over_twenty_per_full_time() {
        assert_eq!(capacity_used_bp(15, 20, 10_000), Some(7_500));
        assert_eq!(capacity_used_bp(15, 20, 5_000), Some(15_000));
        assert_eq!(capacity_used_bp(1, 20, 0), None);
    }
}
