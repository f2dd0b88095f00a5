//! The public anslagstavla: notices of a justering, of a public meeting and of a public
//! meeting's kallelse, with the dates the law gives them.
//!
//! - Kommunallagen 8 kap 12 §: the justering is announced no later than the second day after
//!   it; the notice says where the minutes are kept and when it was posted, and stays up
//!   until the appeal period is over.
//! - 13 kap 5 §: an appeal must arrive within three weeks of the day the notice was posted;
//!   a last day that falls on a Saturday, Sunday or public holiday moves to the next working
//!   day (lag 1930:173 om beräkning av lagstadgad tid).

use crate::invalid::{Invalid, Reason};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeKind {
    /// Justerat protokoll: the minutes are signed and may be appealed.
    Justering,
    /// Offentligt sammanträde: the meeting is open to the public.
    PublicMeeting,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Justering => "justering",
            NoticeKind::PublicMeeting => "public-meeting",
        }
    }

    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        match value.trim() {
            "justering" => Ok(NoticeKind::Justering),
            "public-meeting" => Ok(NoticeKind::PublicMeeting),
            other => Err(Invalid::new(field, other, Reason::UnknownValue)),
        }
    }
}

/// A notice as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    pub meeting_id: i64,
    pub body: super::Body,
    pub meeting_date: Date,
    /// The day the minutes were signed by the last signer (a justering notice only).
    pub justered_on: Option<Date>,
    pub posted_on: Date,
    /// "Förbundets kansli, Nässjö".
    pub kept_at: String,
    /// The last day it is up: the last day of the appeal period (a justering), the meeting
    /// day (a public meeting).
    pub until: Date,
    /// When it was taken down, or `None` while it is up.
    pub removed_at: Option<i64>,
}

impl Notice {
    /// The last day of the appeal period of a justering notice.
    pub fn appeal_until(&self) -> Option<Date> {
        (self.kind == NoticeKind::Justering).then(|| appeal_until(self.posted_on))
    }

    /// Whether it is on the board on `day`.
    pub fn is_up(&self, day: Date) -> bool {
        self.removed_at.is_none() && self.posted_on <= day && day <= self.until
    }
}

/// The last day of the three weeks from `posted`, moved past a day off.
pub fn appeal_until(posted: Date) -> Date {
    working_day_from(posted + Duration::days(21))
}

/// `day` if it is a working day, else the next one that is.
pub fn working_day_from(mut day: Date) -> Date {
    while !is_working_day(day) {
        day = day.next_day().expect("a later day");
    }
    day
}

/// Whether posting on `posted` is later than the law's second day after `justered`.
pub fn posted_late(justered: Date, posted: Date) -> bool {
    posted > justered + Duration::days(2)
}

/// Monday to Friday and not a Swedish public holiday nor midsommar-, jul- or nyårsafton.
pub fn is_working_day(day: Date) -> bool {
    if matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
        return false;
    }
    let fixed = [
        (Month::January, 1),
        (Month::January, 6),
        (Month::May, 1),
        (Month::June, 6),
        (Month::December, 24),
        (Month::December, 25),
        (Month::December, 26),
        (Month::December, 31),
    ];
    if fixed.contains(&(day.month(), day.day())) {
        return false;
    }
    let midsummer_eve = day.month() == Month::June
        && (19..=25).contains(&day.day())
        && day.weekday() == Weekday::Friday;
    let easter = easter_sunday(day.year());
    let moving = [
        easter - Duration::days(2),
        easter + Duration::days(1),
        easter + Duration::days(39),
    ];
    !midsummer_eve && !moving.contains(&day)
}

/// Easter Sunday of the Gregorian calendar (the anonymous algorithm).
fn easter_sunday(year: i32) -> Date {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_calendar_date(
        year,
        Month::try_from(month as u8).expect("March or April"),
        day as u8,
    )
    .expect("a real day")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_appeal_period_of_the_seed_minutes() {
        // 003: justerat and posted 2023-09-07 → appeal until 2023-09-28 (DOMAIN.md §6).
        assert_eq!(appeal_until(date!(2023 - 09 - 07)), date!(2023 - 09 - 28));
    }

    #[test]
    fn a_last_day_off_moves_to_the_next_working_day() {
        // Three weeks after a Saturday is a Saturday → Monday.
        assert_eq!(appeal_until(date!(2023 - 09 - 02)), date!(2023 - 09 - 25));
        // 2024-12-03 + 21 = julafton → 27 December (25, 26 are holidays).
        assert_eq!(appeal_until(date!(2024 - 12 - 03)), date!(2024 - 12 - 27));
        // Långfredag 2024 was 29 March; annandag påsk 1 April.
        assert_eq!(appeal_until(date!(2024 - 03 - 08)), date!(2024 - 04 - 02));
        // Midsommarafton 2023 was Friday 23 June.
        assert_eq!(appeal_until(date!(2023 - 06 - 02)), date!(2023 - 06 - 26));
    }

    #[test]
    fn posting_later_than_the_second_day_is_late() {
        let justered = date!(2023 - 09 - 07);
        assert!(!posted_late(justered, date!(2023 - 09 - 09)));
        assert!(posted_late(justered, date!(2023 - 09 - 10)));
    }

    #[test]
    fn easter() {
        assert_eq!(easter_sunday(2023), date!(2023 - 04 - 09));
        assert_eq!(easter_sunday(2024), date!(2024 - 03 - 31));
        assert_eq!(easter_sunday(2025), date!(2025 - 04 - 20));
    }
}
