//! Counts that can be hidden: small-cell protection for the board, the API and any view
//! across förbund. A count of 1–4 is shown as `<5`; then, so that no hidden count can be
//! recovered by subtraction from a total, every line (parts and their total) that hides
//! exactly one cell hides one more, shown as `..`, until no such line is left.

use super::Gender;
use crate::format::thousands;
use serde::{Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// 1–4: shown as `<5`.
    Small,
    /// Hidden so that a small count cannot be worked out from a total: shown as `..`.
    Secondary,
}

/// One count of people. Its value is only reachable through `shown`, so a hidden count
/// cannot leak into a page, a file or the JSON by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    value: u32,
    hidden: Option<Hidden>,
}

impl Cell {
    pub fn exact(value: u32) -> Self {
        Cell {
            value,
            hidden: None,
        }
    }

    /// A count shown as `<5` when it is 1–4.
    pub fn hide_small(mut self) -> Self {
        if (1..=4).contains(&self.value) {
            self.hide(Hidden::Small);
        }
        self
    }

    /// A count that is not shown at all, whatever it is (`<5`): the parts of a small group.
    pub fn hidden_small() -> Self {
        Cell {
            value: 0,
            hidden: Some(Hidden::Small),
        }
    }

    pub fn shown(self) -> Option<u32> {
        self.hidden.is_none().then_some(self.value)
    }

    pub fn hidden(self) -> Option<Hidden> {
        self.hidden
    }

    #[cfg(test)]
    pub(super) fn value(self) -> u32 {
        self.value
    }

    pub(super) fn incr(&mut self) {
        self.value += 1;
    }

    pub(super) fn add(&mut self, n: u32) {
        self.value += n;
    }

    fn hide(&mut self, why: Hidden) {
        self.hidden = Some(why);
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.hidden {
            None => f.write_str(&thousands(self.value as i64)),
            Some(Hidden::Small) => f.write_str("<5"),
            Some(Hidden::Secondary) => f.write_str(".."),
        }
    }
}

/// A number when shown; `"<5"` or `".."` when hidden.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.hidden {
            None => s.serialize_u32(self.value),
            Some(_) => s.serialize_str(&self.to_string()),
        }
    }
}

/// People by gender and in total, the shape of every table in the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub women: Cell,
    pub men: Cell,
    pub other: Cell,
    pub total: Cell,
}

impl Counts {
    pub fn add(&mut self, g: Gender) {
        self.add_n(g, 1);
    }

    pub fn add_n(&mut self, g: Gender, n: u32) {
        match g {
            Gender::Woman => self.women.add(n),
            Gender::Man => self.men.add(n),
            Gender::Other => self.other.add(n),
        }
        self.total.add(n);
    }

    /// Adds another set of counts, gender by gender.
    pub fn add_counts(&mut self, other: &Counts) {
        for (g, c) in [
            (Gender::Woman, other.women),
            (Gender::Man, other.men),
            (Gender::Other, other.other),
        ] {
            self.add_n(g, c.shown().unwrap_or(0));
        }
    }

    /// Women, men, other, total: the column order of every table.
    pub fn cells(&self) -> [Cell; 4] {
        [self.women, self.men, self.other, self.total]
    }

    pub(super) fn cells_mut(&mut self) -> [&mut Cell; 4] {
        [
            &mut self.women,
            &mut self.men,
            &mut self.other,
            &mut self.total,
        ]
    }
}

/// Parts that add up to a total, as indices into the list of cells being protected.
#[derive(Debug, Clone)]
pub struct Line {
    pub parts: Vec<usize>,
    pub total: usize,
}

/// Hides 1–4, then one more cell on every line that hides only one, until none does.
pub fn protect(cells: &mut [&mut Cell], lines: &[Line]) {
    for c in cells.iter_mut() {
        if (1..=4).contains(&c.value) {
            c.hide(Hidden::Small);
        }
    }
    loop {
        let mut changed = false;
        for line in lines {
            let members = line.parts.iter().chain([&line.total]);
            if members.filter(|&&i| cells[i].hidden.is_some()).count() != 1 {
                continue;
            }
            // The smallest count that is not zero protects best and hides the least; a
            // total is hidden only when no part can be.
            let pick = line
                .parts
                .iter()
                .copied()
                .filter(|&i| cells[i].hidden.is_none() && cells[i].value > 0)
                .min_by_key(|&i| cells[i].value)
                .or_else(|| (cells[line.total].hidden.is_none()).then_some(line.total));
            if let Some(i) = pick {
                cells[i].hide(Hidden::Secondary);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The lines of one table: each row adds up across genders; each gender column adds up to
/// the total row.
pub fn table_lines(first: usize, rows: usize, total_row: usize) -> Vec<Line> {
    let mut lines: Vec<Line> = (0..rows)
        .map(|r| counts_line(first + 4 * r))
        .chain([counts_line(total_row)])
        .collect();
    lines.extend((0..4).map(|g| Line {
        parts: (0..rows).map(|r| first + 4 * r + g).collect(),
        total: total_row + g,
    }));
    lines
}

/// Women + men + other = total, for the four cells of a `Counts` starting at `at`.
pub fn counts_line(at: usize) -> Line {
    Line {
        parts: vec![at, at + 1, at + 2],
        total: at + 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grid(values: &[u32]) -> Vec<Cell> {
        values.iter().map(|&v| Cell::exact(v)).collect()
    }

    fn run(cells: &mut [Cell], lines: &[Line]) {
        let mut refs: Vec<&mut Cell> = cells.iter_mut().collect();
        protect(&mut refs, lines);
    }

    #[test]
    fn small_counts_are_shown_as_under_five_and_a_partner_is_hidden() {
        // women 3, men 40, other 0, total 43: women alone hidden would be 43 − 40 − 0.
        let mut c = grid(&[3, 40, 0, 43]);
        run(&mut c, &[counts_line(0)]);
        assert_eq!(
            c.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            ["<5", "..", "0", "43"]
        );
    }

    #[test]
    fn zero_and_five_are_shown() {
        let mut c = grid(&[0, 5, 0, 5]);
        run(&mut c, &[counts_line(0)]);
        assert!(c.iter().all(|c| c.shown().is_some()));
    }

    #[test]
    fn a_hidden_total_whose_parts_are_all_shown_hides_a_part() {
        // The total 4 is small; 2 + 2 + 0 would give it away.
        let mut c = grid(&[2, 2, 0, 4]);
        run(&mut c, &[counts_line(0)]);
        assert_eq!(c[0].hidden(), Some(Hidden::Small));
        assert_eq!(c[3].hidden(), Some(Hidden::Small));
    }

    /// A line is safe when it does not hide exactly one of its cells: with two or more
    /// hidden, subtraction gives only their sum.
    fn safe(cells: &[Cell], lines: &[Line]) -> bool {
        lines.iter().all(|l| {
            l.parts
                .iter()
                .chain([&l.total])
                .filter(|&&i| cells[i].hidden.is_some())
                .count()
                != 1
        })
    }

    proptest! {
        /// Any table of rows × genders with its total row: after protection no count 1–4
        /// is shown, and no line can be solved for a single hidden cell.
        #[test]
        fn no_hidden_cell_can_be_recovered_from_totals(
            rows in proptest::collection::vec(proptest::collection::vec(0u32..12, 3), 1..6)
        ) {
            let mut values = Vec::new();
            for r in &rows {
                values.extend(r);
                values.push(r.iter().sum());
            }
            let totals: Vec<u32> = (0..4).map(|g| rows.iter().map(|r| {
                if g < 3 { r[g] } else { r.iter().sum() }
            }).sum()).collect();
            values.extend(&totals);
            let mut cells = grid(&values);
            let lines = table_lines(0, rows.len(), 4 * rows.len());
            run(&mut cells, &lines);
            prop_assert!(cells.iter().all(|c| c.shown().is_none_or(|v| v == 0 || v >= 5)));
            prop_assert!(safe(&cells, &lines));
            // Nothing is hidden without a reason.
            prop_assert!(cells.iter().zip(&values).all(|(c, &v)| c.hidden() != Some(Hidden::Small) || (1..=4).contains(&v)));
        }
    }
}
