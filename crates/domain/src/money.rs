//! Money and shares: integer öre, never floats; shares in basis points (1/100 of a percent).

use crate::format::thousands;
use crate::invalid::{Invalid, Reason};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in öre (1 kr = 100 öre).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Ore(pub i64);

impl Ore {
    pub fn from_kronor(kr: i64) -> Self {
        Ore(kr * 100)
    }

    /// Whole kronor, rounded half away from zero (the one place money is rounded).
    pub fn round_to_kronor(self) -> i64 {
        let (q, r) = (self.0 / 100, self.0 % 100);
        if r >= 50 {
            q + 1
        } else if r <= -50 {
            q - 1
        } else {
            q
        }
    }
}

impl fmt::Display for Ore {
    /// `7 992 000 kr`, rounded to whole kronor.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} kr", thousands(self.round_to_kronor()))
    }
}

/// A share such as 35 % or 0,75 of a position, in basis points: 35 % = 3 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Share(i32);

/// `35`, `35,5`, `0,75`: a number with at most two decimals (`,` or `.`), in hundredths;
/// `None` when the text is not one. The caller trims what it allows around it.
pub(crate) fn hundredths(text: &str) -> Option<i64> {
    let v = text.replace(',', ".");
    let (int, frac) = v.split_once('.').unwrap_or((&v, ""));
    if int.is_empty()
        || frac.len() > 2
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    int.parse::<i64>().ok()?.checked_mul(100)?.checked_add(frac)
}

impl Share {
    pub const fn from_basis_points(bp: i32) -> Self {
        Share(bp)
    }

    pub fn basis_points(self) -> i32 {
        self.0
    }

    /// Parses a percentage as a person writes it: `35`, `35,5`, `35.5`, `35 %`.
    pub fn parse_percent(field: &'static str, value: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new(field, value, Reason::NotANumber);
        let v: String = value
            .trim()
            .trim_end_matches('%')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let bp = hundredths(&v).ok_or_else(bad)?;
        if !(0..=10_000).contains(&bp) {
            return Err(Invalid::new(
                field,
                value,
                Reason::OutOfRange { min: 0, max: 100 },
            ));
        }
        Ok(Share(bp as i32))
    }

    /// The exact text to put back into a form field: `35`, `35,5` or `35,25`.
    pub fn to_input(self) -> String {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole},{}", f / 10),
            f => format!("{whole},{f:02}"),
        }
    }
}

impl Share {
    /// A share of full-time positions written as in the reports: 7 500 bp → `0,75`.
    pub fn as_positions(self) -> String {
        format!("{},{:02}", self.0 / 10_000, (self.0 % 10_000) / 100)
    }
}

impl fmt::Display for Share {
    /// `35 %`, `45,2 %`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::percent_bp(self.0 as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn budget_2021_total_is_written_the_swedish_way() {
        // 000 §10: the 2021 budget total is 7 992 000 kr.
        assert_eq!(Ore::from_kronor(7_992_000).to_string(), "7 992 000 kr");
        assert_eq!(Ore::from_kronor(-557_000).to_string(), "−557 000 kr");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(Ore(150).round_to_kronor(), 2);
        assert_eq!(Ore(149).round_to_kronor(), 1);
        assert_eq!(Ore(-150).round_to_kronor(), -2);
        assert_eq!(Ore(-149).round_to_kronor(), -1);
    }

    #[test]
    fn percent_parsing() {
        assert_eq!(
            Share::parse_percent("f", "35").unwrap().basis_points(),
            3500
        );
        assert_eq!(
            Share::parse_percent("f", "45,2 %").unwrap().basis_points(),
            4520
        );
        assert_eq!(
            Share::parse_percent("f", "45.25").unwrap().basis_points(),
            4525
        );
        assert!(Share::parse_percent("f", "101").is_err());
        assert!(Share::parse_percent("f", "4,555").is_err());
        assert!(Share::parse_percent("f", "-3").is_err());
        assert_eq!(Share::from_basis_points(4520).to_string(), "45,2 %");
        assert_eq!(Share::from_basis_points(3500).to_string(), "35 %");
        assert_eq!(Share::from_basis_points(7500).as_positions(), "0,75");
        assert_eq!(Share::from_basis_points(18000).as_positions(), "1,80");
    }

    proptest! {
        #[test]
        fn percent_roundtrips(bp in 0i32..=10_000) {
            let s = Share::from_basis_points(bp);
            prop_assert_eq!(Share::parse_percent("f", &s.to_input()).unwrap(), s);
        }

        #[test]
        fn percent_parse_never_panics(s in ".{0,20}") {
            let _ = Share::parse_percent("f", &s);
        }
    }
}
