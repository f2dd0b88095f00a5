//! Actuals (utfall): the ledger of the region's accounting, imported as CSV/XLSX or typed in,
//! each amount on a line of the income statement. An account of the ledger is put on a line
//! by a mapping the förbund saves once; an account named like a line needs none.

use super::budget::{parse_amount, Side};
use crate::invalid::AllOk;
use crate::invalid::{required_text, Errors, Invalid, OnRow, Reason};
use crate::money::Ore;

/// A line of the income statement (`Aneby kommun`, `SE-Höglandet`, `Revision`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub name: String,
    pub side: Side,
}

impl Line {
    /// The same line of the statement: the same side, the name in any case (plans write
    /// `Aneby kommun` one year and `Aneby Kommun` the next).
    pub fn same(&self, other: &Line) -> bool {
        self.side == other.side && self.name.to_lowercase() == other.name.to_lowercase()
    }
}

/// Lines of one side that look like the same line written two ways — in another case or
/// spacing, or one the start of the other (`SE-projekt` / `SE-projektet`) — as pairs to offer
/// merging, the line of the budget (or the shorter) second.
pub fn similar_lines(lines: &[Line], budget: &[Line]) -> Vec<(Line, Line)> {
    let key = |l: &Line| -> String {
        l.name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let mut pairs = vec![];
    for (i, a) in lines.iter().enumerate() {
        for b in &lines[i + 1..] {
            if a.side != b.side || a.name == b.name {
                continue;
            }
            let (ka, kb) = (key(a), key(b));
            let (short, long) = if ka.len() <= kb.len() {
                (&ka, &kb)
            } else {
                (&kb, &ka)
            };
            if ka == kb || (short.chars().count() >= 5 && long.starts_with(short.as_str())) {
                let in_budget = |l: &Line| budget.iter().any(|x| x.same(l));
                let keep_b = in_budget(b) || (!in_budget(a) && kb.len() <= ka.len());
                pairs.push(if keep_b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                });
            }
        }
    }
    pairs
}

/// A saved mapping: the ledger's account (or its row text) → a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub account: String,
    pub line: Line,
}

impl Mapping {
    pub fn parse(account: &str, name: &str, side: &str) -> Result<Self, Vec<Invalid>> {
        let (account, name, side) = (
            required_text("account", account, 120),
            required_text("line", name, 120),
            Side::parse("side", side),
        )
            .all_ok()?;
        Ok(Mapping {
            account,
            line: Line { name, side },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Import,
    Manual,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Import => "import",
            Source::Manual => "manual",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        [Source::Import, Source::Manual]
            .into_iter()
            .find(|s| s.as_str() == code)
    }
}

/// One amount of the ledger, on a line, in a month. Income and costs are both positive, as
/// the income statement shows them; a negative amount corrects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: Line,
    pub year: i32,
    pub month: u8,
    pub amount: Ore,
    pub source: Source,
    /// The ledger's account, or what was typed.
    pub text: String,
}

/// `2023-06`, `2023-06-30` or `202306`: the year and month.
pub fn parse_period(field: &'static str, value: &str) -> Result<(i32, u8), Invalid> {
    let bad = || Invalid::new(field, value, Reason::DateFormat);
    let digits: String = value.trim().chars().filter(|c| *c != '-').collect();
    if !(digits.len() == 6 || digits.len() == 8) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = digits[..4].parse().map_err(|_| bad())?;
    let month: u8 = digits[4..6].parse().map_err(|_| bad())?;
    if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
        return Err(bad());
    }
    if digits.len() == 8 {
        crate::dates::parse_date(field, value.trim())?;
    }
    Ok((year, month))
}

/// The line an account goes to: its saved mapping, else the line of that name.
fn line_of(account: &str, mappings: &[Mapping], lines: &[Line]) -> Option<Line> {
    let key = account.trim().to_lowercase();
    mappings
        .iter()
        .find(|m| m.account.to_lowercase() == key)
        .map(|m| m.line.clone())
        .or_else(|| lines.iter().find(|l| l.name == account.trim()).cloned())
        .or_else(|| lines.iter().find(|l| l.name.to_lowercase() == key).cloned())
}

/// Column names the import understands, each with the names a ledger export may use.
const ACCOUNT: &[&str] = &["konto", "account", "rad", "radnamn", "benämning"];
const PERIOD: &[&str] = &["period", "månad", "datum", "date", "month"];
const AMOUNT: &[&str] = &["belopp", "amount", "utfall", "summa"];

/// The ledger file: a header naming the account, period and amount columns, then one amount
/// per line. With `credit_negative` (as the accounting writes income) income lines change
/// sign. All or nothing: every problem is returned, named by line and column.
pub fn parse_ledger(
    cells: &[Vec<String>],
    mappings: &[Mapping],
    lines: &[Line],
    credit_negative: bool,
) -> Result<Vec<Entry>, Vec<Invalid>> {
    let Some(header) = cells.first() else {
        return Err(vec![Invalid::new("file", "", Reason::Required)]);
    };
    let mut e = Errors::default();
    let mut column = |names: &[&str]| {
        let found = header
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()));
        if found.is_none() {
            e.push(Invalid::new("column", names[0], Reason::MissingColumn).at_row(1));
        }
        found
    };
    let (account, period, amount) = (column(ACCOUNT), column(PERIOD), column(AMOUNT));
    let (Some(account), Some(period), Some(amount)) = (account, period, amount) else {
        return Err(e.0);
    };
    let mut entries = vec![];
    for (n, row) in cells.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| row.get(i).map_or("", String::as_str);
        let text = cell(account).trim().to_string();
        let line = if text.is_empty() {
            e.push(Invalid::new("account", "", Reason::Required).at_row(n + 1));
            None
        } else {
            let found = line_of(&text, mappings, lines);
            if found.is_none() {
                e.push(Invalid::new("account", &text, Reason::NotMapped).at_row(n + 1));
            }
            found
        };
        let when = e.take(parse_period("period", cell(period)).on_row(n + 1));
        let value = e.take(parse_amount("amount", cell(amount)).on_row(n + 1));
        if let (Some(line), Some((year, month)), Some(value)) = (line, when, value) {
            let flip = credit_negative && line.side == Side::Income;
            entries.push(Entry {
                amount: if flip { Ore(-value.0) } else { value },
                line,
                year,
                month,
                source: Source::Import,
                text,
            });
        }
    }
    if entries.is_empty() && e.is_empty() {
        e.push(Invalid::new("file", "", Reason::Required));
    }
    e.finish()?;
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_written_two_ways_are_offered_for_merging_into_the_budgets() {
        let l = |name: &str, side| Line {
            name: name.into(),
            side,
        };
        let lines = [
            l("Aneby Kommun", Side::Income),
            l("Aneby  kommun", Side::Income),
            l("SE-projekt", Side::Cost),
            l("SE-projektet", Side::Cost),
            l("SE-Höglandet", Side::Cost),
            l("Revision", Side::Cost),
            l("Aneby kommun", Side::Cost),
        ];
        let budget = [l("Aneby Kommun", Side::Income)];
        let pairs = similar_lines(&lines, &budget);
        assert_eq!(
            pairs,
            [
                (
                    l("Aneby  kommun", Side::Income),
                    l("Aneby Kommun", Side::Income)
                ),
                (l("SE-projektet", Side::Cost), l("SE-projekt", Side::Cost)),
            ],
            "another side, or a name that only shares a short start, is another line"
        );
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(';').map(String::from).collect())
            .collect()
    }

    fn lines() -> Vec<Line> {
        vec![
            Line {
                name: "Aneby kommun".into(),
                side: Side::Income,
            },
            Line {
                name: "Revision".into(),
                side: Side::Cost,
            },
        ]
    }

    #[test]
    fn accounts_go_to_lines_by_mapping_or_by_name_and_credit_turns_positive() {
        let mappings = vec![Mapping::parse("6420", "Revision", "kostnad").unwrap()];
        let got = parse_ledger(
            &rows("Konto;Period;Belopp\n6420;2023-06;19 500,50\naneby kommun;202301;-119 465"),
            &mappings,
            &lines(),
            true,
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].line.name.as_str(), got[0].month, got[0].amount),
            ("Revision", 6, Ore(1_950_050))
        );
        assert_eq!(
            (got[1].line.name.as_str(), got[1].amount),
            ("Aneby kommun", Ore::from_kronor(119_465))
        );
    }

    #[test]
    fn one_bad_row_refuses_the_file_and_names_row_and_column() {
        let err = parse_ledger(
            &rows("konto;period;belopp\nRevision;2023-06;100\n4010;2023-13;1O0\nRevision;;5"),
            &[],
            &lines(),
            false,
        )
        .unwrap_err();
        let named: Vec<_> = err.iter().map(|e| (e.row, e.field)).collect();
        assert_eq!(
            named,
            [
                (Some(3), "account"),
                (Some(3), "period"),
                (Some(3), "amount"),
                (Some(4), "period")
            ]
        );
    }

    #[test]
    fn a_file_without_the_columns_says_which() {
        let err =
            parse_ledger(&rows("konto;belopp\nRevision;1"), &[], &lines(), false).unwrap_err();
        assert_eq!(err[0].value, "period");
        assert_eq!(err[0].reason, Reason::MissingColumn);
    }

    #[test]
    fn periods_as_ledgers_write_them() {
        assert_eq!(parse_period("p", "2023-06").unwrap(), (2023, 6));
        assert_eq!(parse_period("p", "2023-06-30").unwrap(), (2023, 6));
        assert_eq!(parse_period("p", "202312").unwrap(), (2023, 12));
        assert!(parse_period("p", "2023-02-30").is_err());
        assert!(parse_period("p", "23-06").is_err());
    }
}
