//! Members' contributions: the state (FK + AF) pays 50 %, the region 25 %, the
//! municipalities together 25 %, split between them by a key that is set per year.

use crate::money::Ore;

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
