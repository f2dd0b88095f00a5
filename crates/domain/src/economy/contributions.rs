//! Members' contributions: the state (FK + AF) pays 50 %, the region 25 %, the
//! municipalities together 25 %, split between them by a key that is set per year.

use crate::invalid::{all_of, AllOk};
use crate::invalid::{number_in, Invalid, Reason};
use crate::money::Ore;
use crate::orgs::members::{Member, MemberKind};
use serde::Serialize;
use time::Date;

/// How a year's total is split (000 §10: 7 992 000 = 3 996 000 + 1 998 000 + 1 998 000).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionSplit {
    pub state: Ore,
    pub region: Ore,
    pub municipalities: Ore,
    /// Each municipality's part, in the order of the key; sums exactly to `municipalities`.
    pub by_municipality: Vec<Ore>,
}

/// Splits `total` 50/25/25 and the municipal quarter by `key` (any positive weights, e.g.
/// population). Parts are whole öre; the öre left over by integer division go to the
/// largest remainders, so the parts always sum to the total.
pub fn split(total: Ore, key: &[u64]) -> ContributionSplit {
    let state = Ore(total.0 / 2);
    let region = Ore((total.0 - state.0) / 2);
    let municipalities = Ore(total.0 - state.0 - region.0);
    ContributionSplit {
        state,
        region,
        municipalities,
        by_municipality: largest_remainder(municipalities, key),
    }
}

/// Distributes `amount` in proportion to `weights`, exactly (Hamilton's method).
pub fn largest_remainder(amount: Ore, weights: &[u64]) -> Vec<Ore> {
    let sum: u128 = weights.iter().map(|w| *w as u128).sum();
    if sum == 0 || amount.0 < 0 {
        return weights.iter().map(|_| Ore(0)).collect();
    }
    let a = amount.0 as u128;
    let mut parts: Vec<(usize, u128, u128)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (i, a * *w as u128 / sum, a * *w as u128 % sum))
        .collect();
    let left = a - parts.iter().map(|p| p.1).sum::<u128>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|x, y| parts[*y].2.cmp(&parts[*x].2).then(x.cmp(y)));
    for i in order.into_iter().take(left as usize) {
        parts[i].1 += 1;
    }
    parts.into_iter().map(|p| Ore(p.1 as i64)).collect()
}

/// A part of a member's contribution, invoiced with a due date and, once paid, its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instalment {
    pub id: i64,
    pub member_id: i64,
    pub amount: Ore,
    pub due: Date,
    pub paid_on: Option<Date>,
}

/// What a member owes for a year, what has been invoiced and paid, and what is left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberDue {
    pub member_id: i64,
    pub name: String,
    pub kind: MemberKind,
    pub weight: u64,
    /// Its part of the year's total.
    pub share: Ore,
    pub invoiced: Ore,
    pub paid: Ore,
    /// Share not yet paid.
    pub outstanding: Ore,
    /// Instalments past their due date and not paid.
    pub overdue: Ore,
}

/// Each member's part of the year's `total`: the state members share 50 %, the region 25 %,
/// the municipalities 25 %, each group by its members' weights (the key of the year; a
/// weight of 0 pays nothing, as Arbetsförmedlingen when Försäkringskassan pays the state's
/// part). Then what the instalments say about each.
pub fn dues(
    total: Ore,
    members: &[(Member, u64)],
    instalments: &[Instalment],
    today: Date,
) -> Vec<MemberDue> {
    let s = split(total, &[]);
    let mut out = Vec::new();
    for (kind, part) in [
        (MemberKind::State, s.state),
        (MemberKind::Region, s.region),
        (MemberKind::Municipality, s.municipalities),
    ] {
        let group: Vec<&(Member, u64)> = members.iter().filter(|(m, _)| m.kind == kind).collect();
        let weights: Vec<u64> = group.iter().map(|(_, w)| *w).collect();
        for ((m, w), share) in group.iter().zip(largest_remainder(part, &weights)) {
            let mine = instalments.iter().filter(|i| i.member_id == m.id);
            let sum = |f: &dyn Fn(&&Instalment) -> bool| {
                Ore(mine.clone().filter(f).map(|i| i.amount.0).sum())
            };
            let paid = sum(&|i| i.paid_on.is_some());
            out.push(MemberDue {
                member_id: m.id,
                name: m.name.clone(),
                kind,
                weight: *w,
                share,
                invoiced: sum(&|_| true),
                paid,
                outstanding: Ore(share.0 - paid.0),
                overdue: sum(&|i| i.paid_on.is_none() && i.due < today),
            });
        }
    }
    out
}

/// A whole number of kronor as typed (spaces allowed), at least `min`.
pub fn parse_kronor(field: &'static str, value: &str, min: i64) -> Result<Ore, Invalid> {
    number_in(field, value, min, 1_000_000_000).map(Ore::from_kronor)
}

/// A key weight as typed: a whole number, 0 or more.
pub fn parse_weight(field: &'static str, value: &str) -> Result<u64, Invalid> {
    number_in(field, value, 0, 10_000_000).map(|w| w as u64)
}

/// Each group that has members (state, region, municipalities) must have a weight above 0,
/// or its part of the total would go to no one.
pub fn check_key(members: &[(Member, u64)]) -> Result<(), Invalid> {
    for kind in MemberKind::ALL {
        let group: Vec<u64> = members
            .iter()
            .filter(|(m, _)| m.kind == kind)
            .map(|(_, w)| *w)
            .collect();
        if !group.is_empty() && group.iter().all(|w| *w == 0) {
            return Err(Invalid::new("weight", kind.as_str(), Reason::Required));
        }
    }
    Ok(())
}

/// A year's total and its key: (member id, weight).
pub type YearKey = (Ore, Vec<(i64, u64)>);

/// The year's total and key as the director types them: every problem named.
pub fn parse_year(total: &str, weights: &[(i64, &str)]) -> Result<YearKey, Vec<Invalid>> {
    let key: Result<Vec<(i64, u64)>, Vec<Invalid>> = all_of(
        weights
            .iter()
            .map(|(id, w)| parse_weight("weight", w).map(|w| (*id, w))),
    );
    (parse_kronor("total", total, 0), key).all_ok()
}

/// The year's total and key as a budget has them: each income line that names a member
/// (`Aneby kommun`) gives it its amount as weight; a line that names several
/// (`Försäkringskassan och Arbetsförmedlingen`) is paid by the first it names, the others
/// weigh 0, and the state's line (`Staten (FK+AF)`) by Försäkringskassan; a member no line
/// names weighs 0. The total is what those lines add up to.
pub fn from_budget(
    budget: &crate::economy::budget::Budget,
    year: i32,
    members: &[Member],
) -> Result<(Ore, Vec<(i64, u64)>), Invalid> {
    use crate::economy::budget::Side;
    let i = year - budget.first_year;
    let none = || Invalid::new("year", year.to_string(), Reason::UnknownValue);
    if i < 0 {
        return Err(none());
    }
    let mut key: Vec<(i64, u64)> = members.iter().map(|m| (m.id, 0)).collect();
    let mut total = 0i64;
    for row in budget.rows.iter().filter(|r| r.side == Side::Income) {
        let Some(amount) = row.amounts.get(i as usize) else {
            return Err(none());
        };
        let name = row.name.to_lowercase();
        let mut named: Vec<(usize, &Member)> = members
            .iter()
            .filter_map(|m| name.find(&m.name.to_lowercase()).map(|at| (at, m)))
            .collect();
        named.sort_by_key(|(at, _)| *at);
        // "Staten (FK+AF)": the state's line, paid by Försäkringskassan when it is a member.
        if named.is_empty() && name.contains("staten") {
            let state = members.iter().filter(|m| m.kind == MemberKind::State);
            let fk = state
                .clone()
                .find(|m| m.name.to_lowercase().starts_with("försäkringskassan"));
            named.extend(fk.or(state.clone().next()).map(|m| (0, m)));
        }
        if let Some((_, payer)) = named.first() {
            total += amount.0;
            if let Some(k) = key.iter_mut().find(|(id, _)| *id == payer.id) {
                k.1 += amount.round_to_kronor().max(0) as u64;
            }
        }
    }
    if total == 0 {
        return Err(none());
    }
    Ok((Ore(total), key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_budgets_member_lines_give_the_years_total_and_key() {
        use crate::economy::budget::{Budget, BudgetRow, Side};
        let row = |name: &str, kr| BudgetRow {
            name: name.into(),
            side: Side::Income,
            category: None,
            amounts: vec![Ore::from_kronor(kr)],
        };
        let budget = Budget {
            first_year: 2023,
            rows: vec![
                row("Aneby kommun", 119_465),
                row("Eksjö Kommun", 312_845),
                row("Region Jönköpings län", 2_009_000),
                row("Försäkringskassan och Arbetsförmedlingen", 4_018_000),
                row("Ränta", 50_000),
            ],
        };
        let mut older = budget.clone();
        older.rows[3].name = "Staten (FK+AF)".into();
        let members = [
            member(1, "Aneby kommun", MemberKind::Municipality),
            member(2, "Eksjö kommun", MemberKind::Municipality),
            member(3, "Region Jönköpings län", MemberKind::Region),
            member(4, "Arbetsförmedlingen", MemberKind::State),
            member(5, "Försäkringskassan", MemberKind::State),
        ];
        let (total, key) = from_budget(&budget, 2023, &members).unwrap();
        assert_eq!(
            total,
            Ore::from_kronor(6_459_310),
            "the interest is no member's"
        );
        assert_eq!(
            key,
            [
                (1, 119_465),
                (2, 312_845),
                (3, 2_009_000),
                (4, 0),
                (5, 4_018_000)
            ]
        );
        assert_eq!(from_budget(&older, 2023, &members).unwrap(), (total, key));
        assert!(from_budget(&budget, 2024, &members).is_err());
        assert!(from_budget(&budget, 2022, &members).is_err());
    }

    fn member(id: i64, name: &str, kind: MemberKind) -> Member {
        Member {
            id,
            org_id: crate::orgs::OrgId(1),
            name: name.into(),
            kind,
        }
    }

    #[test]
    fn each_member_owes_its_part_and_the_instalments_say_what_is_left() {
        use time::macros::date;
        let mut members = vec![
            (member(1, "Försäkringskassan", MemberKind::State), 1),
            (member(2, "Arbetsförmedlingen", MemberKind::State), 0),
            (member(3, "Region Jönköpings län", MemberKind::Region), 1),
        ];
        for i in 0..6 {
            members.push((
                member(10 + i, &format!("Kommun {i}"), MemberKind::Municipality),
                1,
            ));
        }
        // FK paid half by 30 June (003); the second half is due in the autumn.
        let instalments = [
            Instalment {
                id: 1,
                member_id: 1,
                amount: Ore::from_kronor(1_998_000),
                due: date!(2023 - 03 - 31),
                paid_on: Some(date!(2023 - 03 - 28)),
            },
            Instalment {
                id: 2,
                member_id: 1,
                amount: Ore::from_kronor(1_998_000),
                due: date!(2023 - 09 - 30),
                paid_on: None,
            },
            Instalment {
                id: 3,
                member_id: 3,
                amount: Ore::from_kronor(1_998_000),
                due: date!(2023 - 03 - 31),
                paid_on: None,
            },
        ];
        let d = dues(
            Ore::from_kronor(7_992_000),
            &members,
            &instalments,
            date!(2023 - 06 - 30),
        );
        let fk = &d[0];
        assert_eq!(
            (fk.share, fk.invoiced, fk.paid, fk.outstanding, fk.overdue),
            (
                Ore::from_kronor(3_996_000),
                Ore::from_kronor(3_996_000),
                Ore::from_kronor(1_998_000),
                Ore::from_kronor(1_998_000),
                Ore(0)
            )
        );
        assert_eq!(
            d[1].share,
            Ore(0),
            "Arbetsförmedlingen pays nothing with weight 0"
        );
        assert_eq!(
            (d[2].share, d[2].overdue),
            (Ore::from_kronor(1_998_000), Ore::from_kronor(1_998_000))
        );
        assert!(d[3..].iter().all(|m| m.share == Ore::from_kronor(333_000)));
        assert_eq!(
            d.iter().map(|m| m.share.0).sum::<i64>(),
            Ore::from_kronor(7_992_000).0
        );
    }

    #[test]
    fn a_year_as_typed() {
        let (total, key) = parse_year("7 992 000", &[(1, "1"), (2, "0"), (3, " 35 000 ")]).unwrap();
        assert_eq!(
            (total, key),
            (
                Ore::from_kronor(7_992_000),
                vec![(1, 1), (2, 0), (3, 35_000)]
            )
        );
        let errs = parse_year("-5", &[(1, "x"), (2, "0")]).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["total", "weight"]
        );
        let zero = [
            (member(1, "FK", MemberKind::State), 0),
            (member(2, "AF", MemberKind::State), 0),
        ];
        assert_eq!(check_key(&zero).unwrap_err().reason, Reason::Required);
        assert!(check_key(&[
            (member(1, "FK", MemberKind::State), 1),
            (member(2, "AF", MemberKind::State), 0)
        ])
        .is_ok());
    }

    #[test]
    fn budget_2021_and_2024_split_as_in_the_seeds() {
        // 000 §10: 2021 total 7 992 000 = 3 996 000 state + 1 998 000 region + 1 998 000 municipalities.
        let s = split(Ore::from_kronor(7_992_000), &[1, 1, 1, 1, 1, 1]);
        assert_eq!(
            (s.state, s.region, s.municipalities),
            (
                Ore::from_kronor(3_996_000),
                Ore::from_kronor(1_998_000),
                Ore::from_kronor(1_998_000)
            )
        );
        // 003: 2024 total 8 036 000 = 4 018 000 + 2 009 000 + 2 009 000.
        let s = split(Ore::from_kronor(8_036_000), &[1]);
        assert_eq!(
            (s.state, s.region, s.municipalities),
            (
                Ore::from_kronor(4_018_000),
                Ore::from_kronor(2_009_000),
                Ore::from_kronor(2_009_000)
            )
        );
    }

    #[test]
    fn leftover_ore_go_to_the_largest_remainders() {
        assert_eq!(
            largest_remainder(Ore(100), &[1, 1, 1]),
            vec![Ore(34), Ore(33), Ore(33)]
        );
        assert_eq!(largest_remainder(Ore(10), &[0, 0]), vec![Ore(0), Ore(0)]);
    }

    proptest! {
        #[test]
        fn parts_always_sum_to_the_total(total in 0i64..10_000_000_000, key in proptest::collection::vec(1u64..100_000, 1..12)) {
            let s = split(Ore(total), &key);
            prop_assert_eq!(s.state.0 + s.region.0 + s.municipalities.0, total);
            prop_assert_eq!(s.by_municipality.iter().map(|o| o.0).sum::<i64>(), s.municipalities.0);
        }
    }
}
