//! Payouts under LIV agreements (003 uppdragsavtal §10): a standard amount per full-time
//! position and year (465 000 kr for SE-Höglandet; 300 000 kr per coordinator assignment),
//! times the municipality's dated share of positions, paid per half-year. A vacancy, or a
//! reduced rate the board granted for it, changes the share for the months it lasts.
//!
//! The amount is computed month by month as an exact fraction and divided once, so no
//! rounding error builds up: amount = standard × Σ(share of each month) / 12.

use crate::invalid::AllOk;
use crate::money::{Ore, Share};
use time::{Date, Month};

/// A share of positions valid from a date (shares change: Tranås +0.25 from 2023 or 2024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedShare {
    pub from: Date,
    /// Full-time positions in basis points: 0,75 position = 7 500.
    pub fte: Share,
}

/// A month in which the position was not staffed as agreed: vacant (`granted` 0) or with a
/// reduced rate the board granted (Aneby January–April 2023: 40 % of a position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reduction {
    pub year: i32,
    pub month: Month,
    pub granted: Share,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub standard_per_year: Ore,
    pub shares: Vec<DatedShare>,
    pub reductions: Vec<Reduction>,
}

/// Half 1 is January–June (paid in June), half 2 July–December (paid in December).
pub fn months_of_half(half: u8) -> [Month; 6] {
    use Month::*;
    if half == 1 {
        [January, February, March, April, May, June]
    } else {
        [July, August, September, October, November, December]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    /// Whole öre, rounded half away from zero once.
    pub amount: Ore,
    /// The agreed share at the end of the period.
    pub fte: Share,
    pub months_reduced: u8,
}

impl Agreement {
    /// The agreed share in force on the first day of `month`.
    pub fn share_in(&self, year: i32, month: Month) -> Share {
        let first = Date::from_calendar_date(year, month, 1).expect("the first of a month exists");
        self.shares
            .iter()
            .filter(|s| s.from <= first)
            .max_by_key(|s| s.from)
            .map_or(Share::from_basis_points(0), |s| s.fte)
    }

    fn share_paid_in(&self, year: i32, month: Month) -> (Share, bool) {
        match self
            .reductions
            .iter()
            .find(|r| r.year == year && r.month == month)
        {
            Some(r) => (r.granted, true),
            None => (self.share_in(year, month), false),
        }
    }

    /// The payout for `months` of `year`.
    pub fn payout(&self, year: i32, months: &[Month]) -> Payout {
        let mut bp_months: i128 = 0;
        let mut reduced = 0;
        for m in months {
            let (share, was_reduced) = self.share_paid_in(year, *m);
            bp_months += share.basis_points() as i128;
            reduced += was_reduced as u8;
        }
        // standard (öre) × share (bp) / 10 000 / 12, rounded half away from zero.
        let num = self.standard_per_year.0 as i128 * bp_months;
        let den: i128 = 10_000 * 12;
        let amount = (num + num.signum() * den / 2) / den;
        let fte = months
            .last()
            .map_or(Share::from_basis_points(0), |m| self.share_in(year, *m));
        Payout {
            amount: Ore(amount as i64),
            fte,
            months_reduced: reduced,
        }
    }

    pub fn half_year(&self, year: i32, half: u8) -> Payout {
        self.payout(year, &months_of_half(half))
    }
}

/// An agreement as listed: whose it is, and its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementLine {
    pub id: i64,
    pub intervention: String,
    pub intervention_id: i64,
    pub municipality: String,
    /// The municipality's member id.
    pub member_id: i64,
    pub agreement: Agreement,
}

/// One row of the payout table of a half-year, as in the reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutLine {
    pub agreement_id: i64,
    pub intervention: String,
    pub municipality: String,
    pub fte: Share,
    pub months_reduced: u8,
    pub amount: Ore,
}

/// The payout table of `half` (1 or 2) of `year`, in the order of `lines`.
pub fn payout_table(lines: &[AgreementLine], year: i32, half: u8) -> Vec<PayoutLine> {
    lines
        .iter()
        .map(|l| {
            let p = l.agreement.half_year(year, half);
            PayoutLine {
                agreement_id: l.id,
                intervention: l.intervention.clone(),
                municipality: l.municipality.clone(),
                fte: p.fte,
                months_reduced: p.months_reduced,
                amount: p.amount,
            }
        })
        .collect()
}

/// A half-year as a person names it: a year (2000–2100) and `1` or `2`; every problem at
/// once.
pub fn parse_period(year: &str, half: &str) -> Result<(i32, u8), Vec<crate::Invalid>> {
    let mut e = crate::invalid::Errors::default();
    let year = e.take(crate::invalid::number_in("year", year, 2000, 2100));
    let half = e.take(crate::invalid::number_in("half", half, 1, 2));
    match (year, half) {
        (Some(y), Some(h)) => Ok((y as i32, h as u8)),
        _ => Err(e.0),
    }
}

/// Positions as the reports write them: `0,75`, `1,5`, `1`; at most ten, two decimals.
pub fn parse_positions(field: &'static str, value: &str) -> Result<Share, crate::Invalid> {
    use crate::{Invalid, Reason};
    let bad = || Invalid::new(field, value, Reason::NotANumber);
    let hundredths = crate::money::hundredths(value.trim()).ok_or_else(bad)?;
    if hundredths > 1_000 {
        return Err(Invalid::new(
            field,
            value,
            Reason::OutOfRange { min: 0, max: 10 },
        ));
    }
    Ok(Share::from_basis_points(hundredths as i32 * 100))
}

/// A new agreement as the director types it: the intervention and municipality (ids), the
/// standard amount in kronor per full-time position and year, and the first share of
/// positions with the date it applies from.
pub fn parse_agreement(
    standard: &str,
    positions: &str,
    from: &str,
) -> Result<Agreement, Vec<crate::Invalid>> {
    let (standard, fte, from) = (
        crate::invalid::number_in("standard", standard, 0, 100_000_000),
        parse_positions("fte", positions),
        crate::dates::parse_date("valid_from", from),
    )
        .all_ok()?;
    Ok(Agreement {
        standard_per_year: Ore::from_kronor(standard),
        shares: vec![DatedShare { from, fte }],
        reductions: vec![],
    })
}

/// The months `from..=to` (`2023-01`…`2023-04`) at a granted share of positions (`0` for
/// vacant): at most two years at a time, in order.
pub fn parse_reductions(
    from: &str,
    to: &str,
    granted: &str,
) -> Result<Vec<Reduction>, Vec<crate::Invalid>> {
    use crate::economy::ledger::parse_period;
    use crate::{Invalid, Reason};
    let (first, last, granted) = (
        parse_period("from", from),
        parse_period("to", if to.trim().is_empty() { from } else { to }),
        parse_positions("granted", granted),
    )
        .all_ok()?;
    let index = |(y, m): (i32, u8)| y * 12 + m as i32 - 1;
    let (a, b) = (index(first), index(last));
    if b < a || b - a >= 24 {
        return Err(vec![Invalid::new("to", to, Reason::RangeOrder)]);
    }
    Ok((a..=b)
        .map(|i| Reduction {
            year: i / 12,
            month: Month::try_from((i % 12) as u8 + 1).expect("1..=12"),
            granted,
        })
        .collect())
}

/// What a half-year's payout waits for (003, uppdragsavtal §10): the municipality's manager
/// certifies in writing how much the coaches worked (intyg), the reports are in, and then
/// the director approves the amount, which is kept as approved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Approval {
    pub certificate_on: Option<Date>,
    pub reports_on: Option<Date>,
    pub approved: Option<(Date, Ore)>,
}

impl Approval {
    /// Approves `amount` on `on`; refused while the certificate or the reports are missing,
    /// and once approved (the approved amount is not changed afterwards).
    pub fn approve(&self, on: Date, amount: Ore) -> Result<Approval, Vec<crate::Invalid>> {
        use crate::{Invalid, Reason};
        if let Some((d, _)) = self.approved {
            return Err(vec![Invalid::new(
                "approved_on",
                d.to_string(),
                Reason::WrongState,
            )]);
        }
        let mut e = crate::invalid::Errors::default();
        for (field, date) in [
            ("certificate_on", self.certificate_on),
            ("reports_on", self.reports_on),
        ] {
            match date {
                None => e.push(Invalid::new(field, "", Reason::Required)),
                Some(d) if d > on => e.push(Invalid::new(field, d.to_string(), Reason::WrongState)),
                Some(_) => {}
            }
        }
        e.finish()?;
        Ok(Approval {
            approved: Some((on, amount)),
            ..*self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn se(fte_bp: i32) -> Agreement {
        Agreement {
            standard_per_year: Ore::from_kronor(465_000),
            shares: vec![DatedShare {
                from: date!(2021 - 01 - 01),
                fte: Share::from_basis_points(fte_bp),
            }],
            reductions: vec![],
        }
    }

    #[test]
    fn se_hoglandet_h1_2020_as_in_the_half_year_report() {
        // 002: Aneby 174 375, Eksjö 348 750, Nässjö 418 500, Sävsjö 348 750, Tranås 232 500,
        // Vetlanda 348 750 (shares 0,75 1,50 1,80 1,50 1,00 1,50).
        let expected = [
            (7500, 174_375),
            (15000, 348_750),
            (18000, 418_500),
            (15000, 348_750),
            (10000, 232_500),
            (15000, 348_750),
        ];
        for (bp, kr) in expected {
            let mut a = se(bp);
            a.shares[0].from = date!(2020 - 01 - 01);
            assert_eq!(a.half_year(2020, 1).amount, Ore::from_kronor(kr), "{bp}");
        }
    }

    #[test]
    fn aneby_h1_2023_vacant_january_to_april_at_a_granted_40_percent() {
        // 003 §6: 0,40 × 465 000 × 4/12 + 0,75 × 465 000 × 2/12 = 62 000 + 58 125 = 120 125.
        let mut a = se(7500);
        a.reductions = [Month::January, Month::February, Month::March, Month::April]
            .map(|month| Reduction {
                year: 2023,
                month,
                granted: Share::from_basis_points(4000),
            })
            .to_vec();
        let p = a.half_year(2023, 1);
        assert_eq!(p.amount, Ore::from_kronor(120_125));
        assert_eq!(p.months_reduced, 4);
        assert_eq!(p.fte, Share::from_basis_points(7500));
    }

    #[test]
    fn coordinator_eksjo_h1_2023_vacant_from_may() {
        // 003: 150 000 × 4/6 = 100 000. The coordinator amount is per assignment: share 1,00.
        let a = Agreement {
            standard_per_year: Ore::from_kronor(300_000),
            shares: vec![DatedShare {
                from: date!(2021 - 01 - 01),
                fte: Share::from_basis_points(10_000),
            }],
            reductions: [Month::May, Month::June]
                .map(|month| Reduction {
                    year: 2023,
                    month,
                    granted: Share::from_basis_points(0),
                })
                .to_vec(),
        };
        assert_eq!(a.half_year(2023, 1).amount, Ore::from_kronor(100_000));
    }

    #[test]
    fn shares_are_dated() {
        // Tranås 1,00 and +0,25 from 2024: the 2023 payout uses 1,00, the 2024 one 1,25.
        let mut a = se(10_000);
        a.shares.push(DatedShare {
            from: date!(2024 - 01 - 01),
            fte: Share::from_basis_points(12_500),
        });
        assert_eq!(a.half_year(2023, 2).amount, Ore::from_kronor(232_500));
        assert_eq!(a.half_year(2024, 1).amount, Ore::from_kronor(290_625));
    }

    #[test]
    fn a_payout_needs_the_certificate_and_the_reports_before_approval() {
        let on = date!(2023 - 06 - 20);
        let amount = Ore::from_kronor(120_125);
        let none = Approval::default().approve(on, amount).unwrap_err();
        let fields: Vec<_> = none.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["certificate_on", "reports_on"]);
        let certified = Approval {
            certificate_on: Some(date!(2023 - 06 - 12)),
            ..Approval::default()
        };
        assert_eq!(
            certified.approve(on, amount).unwrap_err()[0].field,
            "reports_on"
        );
        let ready = Approval {
            reports_on: Some(date!(2023 - 06 - 15)),
            ..certified
        };
        let approved = ready.approve(on, amount).unwrap();
        assert_eq!(approved.approved, Some((on, amount)));
        // Approved once: not again, and not before the papers came.
        assert!(approved.approve(on, Ore(1)).is_err());
        assert!(ready.approve(date!(2023 - 06 - 14), amount).is_err());
    }

    #[test]
    fn agreements_and_vacancies_as_the_director_types_them() {
        assert_eq!(
            parse_positions("f", "0,75").unwrap(),
            Share::from_basis_points(7500)
        );
        assert_eq!(
            parse_positions("f", "1.5").unwrap(),
            Share::from_basis_points(15_000)
        );
        assert_eq!(
            parse_positions("f", "0").unwrap(),
            Share::from_basis_points(0)
        );
        for bad in ["", "0,755", "-1", "11", "en"] {
            assert!(parse_positions("f", bad).is_err(), "{bad}");
        }
        let a = parse_agreement("465 000", "0,75", "2023-01-01").unwrap();
        assert_eq!(a.half_year(2023, 1).amount, Ore::from_kronor(174_375));
        let fields: Vec<_> = parse_agreement("x", "", "2023-02-30")
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["standard", "fte", "valid_from"]);
        // Aneby January–April 2023 at a granted 40 %: the seeds' 120 125.
        let mut aneby = a;
        aneby.reductions = parse_reductions("2023-01", "2023-04", "0,40").unwrap();
        assert_eq!(aneby.half_year(2023, 1).amount, Ore::from_kronor(120_125));
        let across = parse_reductions("2023-11", "2024-02", "0").unwrap();
        assert_eq!(
            across
                .iter()
                .map(|r| (r.year, r.month as u8))
                .collect::<Vec<_>>(),
            [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]
        );
        assert_eq!(parse_reductions("2023-05", "", "0").unwrap().len(), 1);
        assert!(parse_reductions("2023-05", "2023-04", "0").is_err());
        assert!(parse_reductions("2023-01", "2025-01", "0").is_err());
    }

    proptest! {
        #[test]
        fn the_two_halves_sum_to_the_year_when_nothing_is_reduced(kr in 0i64..10_000_000, bp in 0i32..50_000) {
            let mut a = se(bp);
            a.standard_per_year = Ore::from_kronor(kr);
            let year = a.payout(2022, &[months_of_half(1), months_of_half(2)].concat());
            let halves = a.half_year(2022, 1).amount.0 + a.half_year(2022, 2).amount.0;
            // Each half is rounded once, so they may differ from the year by at most 1 öre.
            prop_assert!((halves - year.amount.0).abs() <= 1, "{halves} vs {}", year.amount.0);
        }

        #[test]
        fn no_rounding_error_builds_up_across_months(ore in 0i64..1_000_000_000, bp in 0i32..50_000) {
            // Month by month the amount equals the exact fraction of the year, rounded once.
            let mut a = se(bp);
            a.standard_per_year = Ore(ore);
            let exact = ore as i128 * bp as i128 * 6;
            let p = a.half_year(2022, 1).amount.0 as i128;
            prop_assert!((p * 120_000 - exact).abs() <= 60_000);
        }
    }
}
