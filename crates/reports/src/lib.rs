//! Output formats built from domain values. For now: tables as CSV the way Swedish Excel
//! opens them (UTF-8 with BOM, `;` between fields, CRLF). Charts (SVG), XLSX and PDF come
//! with the statistics, survey and economy reports.

/// A table with a header row, all cells as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: Vec<String>) -> Self {
        Table {
            headers,
            rows: vec![],
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// CSV for Swedish Excel: BOM so that å, ä, ö survive, `;` as separator (`,` is the
    /// decimal sign), fields quoted when they hold `;`, `"` or a line break.
    pub fn to_excel_csv(&self) -> Vec<u8> {
        let mut out = String::from("\u{feff}");
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            let line: Vec<String> = row.iter().map(|c| quote(c)).collect();
            out.push_str(&line.join(";"));
            out.push_str("\r\n");
        }
        out.into_bytes()
    }
}

fn quote(cell: &str) -> String {
    // A leading =, +, - or @ would be run as a formula by Excel: neutralise it.
    let cell = if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_csv() {
        let mut t = Table::new(vec!["Namn".into(), "Antal".into()]);
        t.push(vec!["Sävsjö; Vetlanda".into(), "95 (84)".into()]);
        t.push(vec!["=SUM(A1)".into(), "säg \"hej\"".into()]);
        let text = String::from_utf8(t.to_excel_csv()).unwrap();
        assert_eq!(text, "\u{feff}Namn;Antal\r\n\"Sävsjö; Vetlanda\";95 (84)\r\n'=SUM(A1);\"säg \"\"hej\"\"\"\r\n");
    }
}
