//! Personnummer and samordningsnummer (coordination numbers): parsed from the forms people
//! write, checked (a real date, the Luhn check digit), and kept in one canonical form,
//! `YYYYMMDDNNNN`.
//!
//! - `YYYYMMDD-NNNN`, `YYYYMMDDNNNN`: the century is written out.
//! - `YYMMDD-NNNN`, `YYMMDDNNNN`: the latest century in which the person is already born;
//!   `YYMMDD+NNNN` adds a hundred years (a person who has turned 100).
//! - A coordination number has 60 added to the day (`…-68` for the 8th).

use crate::dates::ymd;
use crate::invalid::{Invalid, Reason};
use std::fmt;
use time::Date;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personnummer {
    /// Twelve ASCII digits: century, year, month, day (+60 for coordination), serial, check.
    digits: [u8; 12],
}

impl Personnummer {
    /// Parses `value`; `today` decides the century of the short forms.
    pub fn parse(field: &'static str, value: &str, today: Date) -> Result<Self, Invalid> {
        let err = |reason| Invalid::new(field, value, reason);
        let v = value.trim();
        let (body, sep) = match v.char_indices().find(|(_, c)| *c == '-' || *c == '+') {
            Some((i, c)) if v.len() - i == 5 => (format!("{}{}", &v[..i], &v[i + 1..]), Some(c)),
            Some(_) => return Err(err(Reason::PersonnummerFormat)),
            None => (v.to_string(), None),
        };
        if !body.bytes().all(|b| b.is_ascii_digit()) || !(body.len() == 10 || body.len() == 12) {
            return Err(err(Reason::PersonnummerFormat));
        }
        let num = |s: &str| s.parse::<i64>().unwrap_or(0);
        let (yy, rest) = (
            num(&body[body.len() - 10..body.len() - 8]),
            &body[body.len() - 8..],
        );
        let (month, day) = (num(&rest[..2]), num(&rest[2..4]));
        let real_day = if day > 60 { day - 60 } else { day };
        let year = if body.len() == 12 {
            if sep == Some('+') {
                return Err(err(Reason::PersonnummerFormat));
            }
            num(&body[..4])
        } else {
            // The latest year ending in `yy` in which this birthday is not in the future.
            let mut y = (today.year() as i64 / 100) * 100 + yy;
            let born_later = |y: i64| ymd(y, month, real_day).is_none_or(|d| d > today);
            if y > today.year() as i64 || born_later(y) {
                y -= 100;
            }
            if sep == Some('+') {
                y -= 100;
            }
            y
        };
        let born = ymd(year, month, real_day).ok_or_else(|| err(Reason::PersonnummerDate))?;
        if born > today || !(day <= 31 || (61..=91).contains(&day)) {
            return Err(err(Reason::PersonnummerDate));
        }
        let ten = &body[body.len() - 10..];
        if luhn_check_digit(&ten[..9]) != ten.as_bytes()[9] - b'0' {
            return Err(err(Reason::PersonnummerChecksum));
        }
        let mut digits = [0u8; 12];
        digits.copy_from_slice(format!("{:02}{ten}", year / 100).as_bytes());
        Ok(Personnummer { digits })
    }

    /// `YYYYMMDD-NNNN`.
    pub fn canonical(&self) -> String {
        let s = std::str::from_utf8(&self.digits).expect("ascii digits");
        format!("{}-{}", &s[..8], &s[8..])
    }

    pub fn is_coordination_number(&self) -> bool {
        self.digits[6] >= b'6'
    }

    pub fn birth_date(&self) -> Date {
        let n = |r: std::ops::Range<usize>| {
            std::str::from_utf8(&self.digits[r])
                .expect("ascii")
                .parse::<i64>()
                .expect("digits")
        };
        let day = n(6..8);
        let day = if day > 60 { day - 60 } else { day };
        ymd(n(0..4), n(4..6), day).expect("checked at parse")
    }
}

/// The Luhn check digit of nine digits (weights 2,1,2,1,…).
pub fn luhn_check_digit(nine: &str) -> u8 {
    let sum: u32 = nine
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = ((b - b'0') as u32) * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl fmt::Display for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// Never printed in logs by accident: Debug shows only that it is one.
impl fmt::Debug for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Personnummer(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn parse(s: &str) -> Result<Personnummer, Invalid> {
        Personnummer::parse("id", s, TODAY)
    }

    #[test]
    fn the_tax_agencys_test_numbers() {
        // Skatteverket's published test personnummer 19121212-1212.
        let p = parse("19121212-1212").unwrap();
        assert_eq!(p.canonical(), "19121212-1212");
        assert_eq!(p.birth_date(), date!(1912 - 12 - 12));
        assert_eq!(
            parse("121212+1212").unwrap(),
            p,
            "+ means 100 years or older"
        );
        assert_eq!(
            parse("201212121212").unwrap().birth_date(),
            date!(2012 - 12 - 12)
        );
        assert_eq!(
            parse("121212-1212").unwrap().birth_date(),
            date!(2012 - 12 - 12)
        );
        assert_eq!(parse("8112189876").unwrap().canonical(), "19811218-9876");
    }

    #[test]
    fn coordination_numbers_have_sixty_added_to_the_day() {
        let nine = "701063238";
        let s = format!("{nine}{}", luhn_check_digit(nine));
        let p = parse(&s).unwrap();
        assert!(p.is_coordination_number());
        assert_eq!(p.birth_date(), date!(1970 - 10 - 03));
    }

    #[test]
    fn bad_numbers_are_named() {
        let cases = [
            ("19121212-1213", Reason::PersonnummerChecksum),
            ("19121312-1212", Reason::PersonnummerDate),
            ("20301212-1212", Reason::PersonnummerDate),
            ("1212-1212", Reason::PersonnummerFormat),
            ("19121212+1212", Reason::PersonnummerFormat),
            ("abc", Reason::PersonnummerFormat),
            ("", Reason::PersonnummerFormat),
        ];
        for (s, reason) in cases {
            assert_eq!(parse(s).unwrap_err().reason, reason, "{s}");
        }
    }

    #[test]
    fn debug_does_not_leak_the_number() {
        assert_eq!(
            format!("{:?}", parse("19121212-1212").unwrap()),
            "Personnummer(…)"
        );
    }

    fn valid() -> impl Strategy<Value = (Date, bool, u16)> {
        (0i64..(365 * 120), any::<bool>(), 0u16..1000)
            .prop_map(|(days, coord, serial)| (TODAY - time::Duration::days(days), coord, serial))
    }

    fn ten_digits(born: Date, coord: bool, serial: u16) -> String {
        let day = born.day() + if coord { 60 } else { 0 };
        let nine = format!(
            "{:02}{:02}{day:02}{serial:03}",
            born.year() % 100,
            born.month() as u8
        );
        format!("{nine}{}", luhn_check_digit(&nine))
    }

    proptest! {
        #[test]
        fn every_written_form_gives_the_same_number((born, coord, serial) in valid()) {
            let ten = ten_digits(born, coord, serial);
            let long = format!("{}{}", born.year() / 100, ten);
            let p = parse(&long).unwrap();
            prop_assert_eq!(p.birth_date(), born);
            prop_assert_eq!(p.is_coordination_number(), coord);
            prop_assert_eq!(parse(&format!("{}-{}", &long[..8], &long[8..])).unwrap(), p);
            let age = crate::dates::completed_years(born, TODAY);
            let sep = if age >= 100 { '+' } else { '-' };
            prop_assert_eq!(parse(&format!("{}{sep}{}", &ten[..6], &ten[6..])).unwrap(), p);
            if age < 100 {
                prop_assert_eq!(parse(&ten).unwrap(), p);
            }
        }

        #[test]
        fn any_one_wrong_digit_is_caught((born, coord, serial) in valid(), pos in 0usize..10, delta in 1u8..10) {
            let ten = ten_digits(born, coord, serial);
            let long = format!("{}{}", born.year() / 100, ten);
            let mut bytes = long.into_bytes();
            let i = pos + 2;
            bytes[i] = b'0' + (bytes[i] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            // A changed digit breaks the date or the check digit; it never passes silently.
            prop_assert!(parse(&changed).is_err(), "{}", changed);
        }

        #[test]
        fn any_text_is_refused_or_parsed_never_a_panic(s in "\\PC{0,20}") {
            let _ = parse(&s);
        }
    }
}
