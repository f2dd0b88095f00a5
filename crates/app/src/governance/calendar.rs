//! The year plan as an iCalendar file (RFC 5545) that a member subscribes to or imports:
//! one event a meeting, its times in UTC from the Swedish clock of that day.

use samordna_domain::dates::in_sweden;
use samordna_domain::governance::minutes::Meeting;
use samordna_domain::orgs::Org;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

/// Text with `\`, `;`, `,` and line breaks escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Lines longer than 75 octets folded, each ended by CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// "13.30" on `day` in Sweden, as UTC `20231018T113000Z`.
fn utc(day: Date, clock: &str) -> Option<String> {
    let (h, m) = clock.split_once('.')?;
    let at = Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()?;
    let noon = PrimitiveDateTime::new(day, time::macros::time!(12:00)).assume_utc();
    let offset = in_sweden(noon).offset();
    let t = PrimitiveDateTime::new(day, at)
        .assume_offset(offset)
        .to_offset(time::UtcOffset::UTC);
    Some(stamp(t))
}

fn stamp(t: OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The calendar of `meetings`.
pub fn ics(org: &Org, meetings: &[Meeting]) -> String {
    let mut out = String::new();
    let mut line = |l: String| out.push_str(&fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//samordna//årsplanering//SV".into());
    line("CALSCALE:GREGORIAN".into());
    line(format!("X-WR-CALNAME:{}", escape(&org.name)));
    for m in meetings {
        // Without a time, the meeting takes the day.
        let day = |d: Date| format!("{:04}{:02}{:02}", d.year(), d.month() as u8, d.day());
        let (start, end) = match utc(m.date, &m.starts) {
            Some(start) => {
                let end = utc(m.date, &m.ends).unwrap_or_else(|| start.clone());
                (format!("DTSTART:{start}"), format!("DTEND:{end}"))
            }
            None => (
                format!("DTSTART;VALUE=DATE:{}", day(m.date)),
                format!(
                    "DTEND;VALUE=DATE:{}",
                    day(m.date.next_day().unwrap_or(m.date))
                ),
            ),
        };
        let changed =
            OffsetDateTime::from_unix_timestamp(m.updated_at).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let mut summary = m.body.subject_sv().to_string();
        if m.public {
            summary.push_str(" (offentligt)");
        }
        line("BEGIN:VEVENT".into());
        line(format!("UID:meeting-{}@{}.samordna", m.id, org.slug));
        line(format!("DTSTAMP:{}", stamp(changed)));
        line(start);
        line(end);
        line(format!("SUMMARY:{}", escape(&summary)));
        let place = if m.digital && m.place.is_empty() {
            "Digitalt".to_string()
        } else {
            m.place.clone()
        };
        if !place.is_empty() {
            line(format!("LOCATION:{}", escape(&place)));
        }
        if !m.planned.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&m.planned.join("\n"))));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn swedish_clock_times_become_utc() {
        // Summer time (UTC+2) and winter time (UTC+1).
        assert_eq!(
            utc(date!(2023 - 09 - 07), "8.00").as_deref(),
            Some("20230907T060000Z")
        );
        assert_eq!(
            utc(date!(2023 - 11 - 17), "13.30").as_deref(),
            Some("20231117T123000Z")
        );
    }

    #[test]
    fn long_lines_fold_and_text_is_escaped() {
        let folded = fold(&format!("DESCRIPTION:{}", "å".repeat(60)));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(
            escape("Årsredovisning, budget; a\nb"),
            "Årsredovisning\\, budget\\; a\\nb"
        );
    }
}
