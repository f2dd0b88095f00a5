//! Action plans (handlingsplaner, 003 "Handlingsplan för Samverk Höglandet"): per insats or
//! body a year's activities, each under a goal and an area of work, with who is
//! responsible, when (from–to), where it stands and a comment.

use crate::dates::parse_date;
use crate::invalid::{number_in, optional_text, required_text, AllOk, Invalid, Reason};
use serde::Deserialize;
use time::Date;

pub const MAX_TEXT: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Planned,
    Ongoing,
    Done,
    Postponed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::Ongoing,
        Status::Done,
        Status::Postponed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Ongoing => "ongoing",
            Status::Done => "done",
            Status::Postponed => "postponed",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
            .ok_or_else(|| {
                Invalid::new(field, value, Reason::UnknownValue)
                    .accepting(Status::ALL.iter().map(|s| s.as_str().into()).collect())
            })
    }
}

/// A plan: whose (an insats or a body, "Samverk Höglandet") and for which year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub year: i32,
    pub owner: String,
    pub title: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub year: String,
    pub owner: String,
    pub title: String,
}

impl Plan {
    pub fn parse(f: &PlanForm) -> Result<Self, Vec<Invalid>> {
        let (year, owner, title) = (
            number_in("year", &f.year, 2000, 2100),
            required_text("owner", &f.owner, 200),
            required_text("title", &f.title, 300),
        )
            .all_ok()?;
        Ok(Plan {
            year: year as i32,
            owner,
            title,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Mål.
    pub goal: String,
    /// Verksamhet: the area of work.
    pub area: String,
    /// Aktivitet.
    pub what: String,
    pub responsible: String,
    pub from: Date,
    pub to: Date,
    pub status: Status,
    pub comment: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub goal: String,
    pub area: String,
    pub activity: String,
    pub responsible: String,
    pub from: String,
    pub to: String,
    pub status: String,
    pub comment: String,
}

impl Activity {
    pub fn parse(f: &ActivityForm) -> Result<Self, Vec<Invalid>> {
        let (goal, area, what, responsible, from, to, status, comment) = (
            optional_text("goal", &f.goal, MAX_TEXT),
            optional_text("area", &f.area, MAX_TEXT),
            required_text("activity", &f.activity, MAX_TEXT),
            optional_text("responsible", &f.responsible, 200),
            parse_date("from", &f.from),
            parse_date("to", &f.to),
            match f.status.trim() {
                "" => Ok(Status::Planned),
                s => Status::parse("status", s),
            },
            optional_text("comment", &f.comment, MAX_TEXT),
        )
            .all_ok()?;
        if to < from {
            return Err(vec![Invalid::new("to", &f.to, Reason::EndBeforeStart)]);
        }
        Ok(Activity {
            goal,
            area,
            what,
            responsible,
            from,
            to,
            status,
            comment,
        })
    }

    /// Past its time and neither done nor postponed.
    pub fn late(&self, today: Date) -> bool {
        today > self.to && matches!(self.status, Status::Planned | Status::Ongoing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_activity_has_its_time_in_order_and_is_late_after_it() {
        let f = ActivityForm {
            activity: "Planeringsdag för Samverk Höglandet".into(),
            from: "2023-01-01".into(),
            to: "2023-01-31".into(),
            ..Default::default()
        };
        let a = Activity::parse(&f).unwrap();
        assert_eq!(a.status, Status::Planned);
        assert!(!a.late(date!(2023 - 01 - 31)));
        assert!(a.late(date!(2023 - 02 - 01)));
        let done = Activity {
            status: Status::Done,
            ..a
        };
        assert!(!done.late(date!(2024 - 01 - 01)));
        let wrong = ActivityForm {
            to: "2022-12-31".into(),
            ..f
        };
        assert_eq!(Activity::parse(&wrong).unwrap_err()[0].field, "to");
    }
}
