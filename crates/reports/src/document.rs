//! The report as a document: what the PDF, the Word file and the page are made from, and
//! what an approved report keeps. Every figure is already text here (`<5` where a count is
//! protected), so a kept document reads the same whatever happens to the data later.

use crate::chart::{grouped_bars, Bars};
use crate::Table;
use samordna_domain::format::thousands;
use samordna_domain::reports::markup::Node;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The förbund's name, on the cover and in every header.
    pub org: String,
    /// "Delårsrapport 2023".
    pub title: String,
    /// "januari–juni 2023".
    pub span: String,
    /// "Utkast" or "Godkänd av styrelsen 2023-09-14 (§ 7)".
    pub status: String,
    /// The date the document carries (approval, or the day the draft was made), ISO 8601.
    pub date: String,
    pub parts: Vec<Part>,
    /// Minutes, a notice, a year plan: no cover and no table of contents, the title above
    /// the first part.
    #[serde(default)]
    pub compact: bool,
}

/// A numbered section: "3.1.1 SE-Höglandet".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub number: String,
    pub title: String,
    pub level: u8,
    pub text: Vec<Node>,
    pub figures: Vec<Figure>,
}

/// A figure block: a table, with a bar chart of the same figures when it has one, or a
/// paragraph (the board's decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub title: String,
    pub table: Option<Table>,
    pub chart: Option<Chart>,
    pub text: Option<String>,
    /// A line under the figure (where the numbers come from, what `<5` means).
    pub note: Option<String>,
}

/// Grouped bars: per category one bar per series; `None` is a protected count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    pub categories: Vec<String>,
    pub series: Vec<(String, Vec<Option<u32>>)>,
}

impl Chart {
    pub fn svg(&self, title: &str) -> String {
        grouped_bars(&Bars {
            title,
            categories: self.categories.clone(),
            series: self.series.clone(),
        })
    }

    /// The chart's figures in words, for those who cannot see it: "Stapeldiagram. Deltagit:
    /// kvinnor 78, män 86. Startat: …".
    pub fn alt(&self, title: &str) -> String {
        let mut out = format!("Stapeldiagram: {title}.");
        for (i, category) in self.categories.iter().enumerate() {
            let values: Vec<String> = self
                .series
                .iter()
                .map(|(name, v)| {
                    let n = v.get(i).copied().flatten();
                    let n = n.map_or_else(|| "färre än 5".to_string(), |n| thousands(n as i64));
                    format!("{} {n}", name.to_lowercase())
                })
                .collect();
            out += &format!(" {category}: {}.", values.join(", "));
        }
        out
    }
}

/// Numbers the parts by their levels: 1, 2, 3, 3.1, 3.1.1, 3.2, 4 …
pub fn numbers(levels: &[u8]) -> Vec<String> {
    let mut counters = [0usize; 3];
    levels
        .iter()
        .map(|&l| {
            let l = l.clamp(1, 3) as usize;
            counters[l - 1] += 1;
            for c in &mut counters[l..] {
                *c = 0;
            }
            counters[..l]
                .iter()
                .map(|c| c.max(&1).to_string())
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_numbered_as_the_seeds_number_them() {
        assert_eq!(
            numbers(&[1, 1, 1, 2, 3, 3, 2, 3, 1]),
            ["1", "2", "3", "3.1", "3.1.1", "3.1.2", "3.2", "3.2.1", "4"]
        );
    }

    #[test]
    fn the_alt_text_states_every_figure() {
        let c = Chart {
            categories: vec!["Deltagit".into(), "Startat".into()],
            series: vec![
                ("Kvinnor".into(), vec![Some(78), None]),
                ("Män".into(), vec![Some(86), Some(1240)]),
            ],
        };
        assert_eq!(
            c.alt("Deltagare"),
            "Stapeldiagram: Deltagare. Deltagit: kvinnor 78, män 86. Startat: kvinnor färre än 5, män 1 240."
        );
    }
}
