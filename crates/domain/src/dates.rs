//! Dates as people write them (`2023-05-31`, `20230531`) and calendar arithmetic by whole
//! months, clamped to the month's last day (31 January + 1 month = 28/29 February).

use crate::invalid::{Invalid, Reason};
use time::{Date, Month};

/// `YYYY-MM-DD` or `YYYYMMDD`.
pub fn parse_date(field: &'static str, value: &str) -> Result<Date, Invalid> {
    // By characters, never by bytes: `ååååå` is five characters and ten bytes.
    let chars: Vec<char> = value.trim().chars().collect();
    let dashes_ok = match chars.len() {
        8 => true,
        10 => chars[4] == '-' && chars[7] == '-',
        _ => false,
    };
    let digits: String = chars.iter().filter(|c| **c != '-').collect();
    if digits.len() != 8 || !dashes_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new(field, value, Reason::DateFormat));
    }
    let n = |r: std::ops::Range<usize>| digits[r].parse::<i64>().unwrap_or(0);
    ymd(n(0..4), n(4..6), n(6..8)).ok_or_else(|| Invalid::new(field, value, Reason::DateFormat))
}

pub(crate) fn ymd(y: i64, m: i64, d: i64) -> Option<Date> {
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

/// `date` plus `months` calendar months, the day clamped to the target month's length.
pub fn add_months(date: Date, months: i32) -> Date {
    let total = date.year() * 12 + (date.month() as i32 - 1) + months;
    let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let month = Month::try_from(month).expect("1..=12");
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("clamped day exists")
}

/// Completed years from `born` to `on`.
pub fn completed_years(born: Date, on: Date) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn parses_both_forms_and_names_bad_ones() {
        assert_eq!(
            parse_date("d", "2023-05-31").unwrap(),
            date!(2023 - 05 - 31)
        );
        assert_eq!(
            parse_date("d", " 20230531 ").unwrap(),
            date!(2023 - 05 - 31)
        );
        for bad in [
            "2023-02-30",
            "2023-13-01",
            "31/5 2023",
            "2023-5-31",
            "",
            "2023-05-31x",
            "ååååå",
            "2023å05å31",
            "åå-ö-ääåå",
            "２０２３-０５-３１",
        ] {
            let e = parse_date("startdatum", bad).unwrap_err();
            assert_eq!(
                (e.field, e.reason),
                ("startdatum", Reason::DateFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        assert_eq!(add_months(date!(2023 - 01 - 31), 1), date!(2023 - 02 - 28));
        assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(add_months(date!(2023 - 11 - 15), 3), date!(2024 - 02 - 15));
        assert_eq!(add_months(date!(2023 - 03 - 15), -3), date!(2022 - 12 - 15));
    }

    #[test]
    fn completed_years_counts_the_birthday_itself() {
        assert_eq!(
            completed_years(date!(2000 - 06 - 15), date!(2020 - 06 - 14)),
            19
        );
        assert_eq!(
            completed_years(date!(2000 - 06 - 15), date!(2020 - 06 - 15)),
            20
        );
    }
}

/// The last Sunday of `month` in `year`, at 01:00 UTC: when the EU's summer time begins
/// (March) and ends (October).
fn last_sunday_0100_utc(year: i32, month: Month) -> time::OffsetDateTime {
    let next = if month == Month::December {
        Date::from_calendar_date(year + 1, Month::January, 1)
    } else {
        Date::from_calendar_date(year, month.next(), 1)
    }
    .expect("the first of a month");
    let last = next.previous_day().expect("a day before");
    let back = last.weekday().number_days_from_sunday() as i64;
    (last - time::Duration::days(back))
        .with_hms(1, 0, 0)
        .expect("01:00")
        .assume_utc()
}

/// The instant as the clock in Sweden shows it (Europe/Stockholm): UTC+1, and UTC+2 from the
/// last Sunday of March to the last Sunday of October, 01:00 UTC both (the EU rule). The
/// förbund's "today", due dates and the audit log's times are Swedish ones: just after
/// midnight in Sweden it is still yesterday in UTC.
pub fn in_sweden(at: time::OffsetDateTime) -> time::OffsetDateTime {
    let utc = at.to_offset(time::UtcOffset::UTC);
    let summer = last_sunday_0100_utc(utc.year(), Month::March) <= utc
        && utc < last_sunday_0100_utc(utc.year(), Month::October);
    let hours = if summer { 2 } else { 1 };
    utc.to_offset(time::UtcOffset::from_hms(hours, 0, 0).expect("a whole hour"))
}

#[cfg(test)]
mod sweden_tests {
    use super::in_sweden;
    use time::macros::datetime;

    #[test]
    fn swedish_time_follows_the_eu_summer_time_rule() {
        let local = |utc: time::OffsetDateTime| {
            let t = in_sweden(utc);
            (t.date().to_string(), t.hour(), t.offset().whole_hours())
        };
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            local(datetime!(2026-03-29 00:59:59 UTC)),
            ("2026-03-29".into(), 1, 1)
        );
        assert_eq!(
            local(datetime!(2026-03-29 01:00:00 UTC)),
            ("2026-03-29".into(), 3, 2)
        );
        assert_eq!(
            local(datetime!(2026-10-25 00:59:59 UTC)),
            ("2026-10-25".into(), 2, 2)
        );
        assert_eq!(
            local(datetime!(2026-10-25 01:00:00 UTC)),
            ("2026-10-25".into(), 2, 1)
        );
        // Just after midnight in Sweden, still the day before in UTC.
        assert_eq!(
            local(datetime!(2026-12-31 23:30 UTC)),
            ("2027-01-01".into(), 0, 1)
        );
        assert_eq!(
            local(datetime!(2026-06-30 22:15 UTC)),
            ("2026-07-01".into(), 0, 2)
        );
        // 2025 ended its summer time on 26 October.
        assert_eq!(local(datetime!(2025-10-26 00:30 UTC)).2, 2);
        assert_eq!(local(datetime!(2025-10-26 01:30 UTC)).2, 1);
    }
}
