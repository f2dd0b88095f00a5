//! Files in and out as plain tables. Out: CSV the way Swedish Excel opens it (UTF-8 with
//! BOM, `;` between fields, CRLF) and XLSX. In: CSV (`;` or `,`, UTF-8 with or without BOM,
//! or Windows-1252) and XLSX, read into rows of text cells for the domain to parse.
//! Charts (SVG); and the half-year and annual report as a document (`document`) made into
//! PDF (typst), Word and HTML.

pub mod chart;
pub mod document;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod qr;
pub mod read;

/// A table with a header row, all cells as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    /// One sheet named `sheet`, header row in bold; cells that are whole numbers are written
    /// as numbers, everything else as text.
    pub fn to_xlsx(&self, sheet: &str) -> Result<Vec<u8>, String> {
        workbook(&[(sheet, self)])
    }
}

/// A workbook with one sheet per table, as `Table::to_xlsx` writes one.
pub fn workbook(sheets: &[(&str, &Table)]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0 %");
    for (sheet, table) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet).map_err(err)?;
        for (c, h) in table.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(err)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match (cell.parse::<i64>(), swedish_percent(cell)) {
                    (Ok(n), _) if !cell.starts_with('0') || cell == "0" => {
                        ws.write_number(r, c, n as f64).map_err(err)?
                    }
                    (_, Some(share)) => ws
                        .write_number_with_format(r, c, share, &percent)
                        .map_err(err)?,
                    _ => ws.write_string(r, c, cell).map_err(err)?,
                };
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// `45,2 %` → 0.452, so that a share is a number in Excel too.
fn swedish_percent(cell: &str) -> Option<f64> {
    let n = cell.strip_suffix(" %")?.replace(',', ".").replace('−', "-");
    n.parse::<f64>().ok().map(|v| v / 100.0)
}

/// Several tables in one CSV for Excel, each under its title, a blank line between them.
pub fn tables_csv(tables: &[(&str, &Table)]) -> Vec<u8> {
    let mut out = vec![0xef, 0xbb, 0xbf];
    for (i, (title, table)) in tables.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(quote(title).as_bytes());
        out.extend_from_slice(b"\r\n");
        // Each table's own CSV, without its byte-order mark.
        out.extend_from_slice(&table.to_excel_csv()[3..]);
    }
    out
}

/// A plain number as the tables write one: an optional minus, digits, and an optional
/// decimal part (`-119365`, `0,75`).
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits
        .split_once([',', '.'])
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

fn quote(cell: &str) -> String {
    // Text that starts with =, +, -, @, a tab or a carriage return would be run as a formula
    // by Excel: neutralise it. A number stays a number (`-119365` is a deficit, not a
    // formula).
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let cell = if formula && !is_number(cell) {
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
    fn workbook_writes_counts_and_shares_as_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let mut a = Table::new(vec!["".into(), "Kvinnor".into()]);
        a.push(vec!["Deltog".into(), "1200".into()]);
        a.push(vec!["Andel".into(), "45,2 %".into()]);
        a.push(vec!["Dolt".into(), "<5".into()]);
        let b = Table::new(vec!["Över tid".into()]);
        let bytes = workbook(&[("Deltagare", &a), ("Över tid", &b)]).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Deltagare", "Över tid"]);
        let range = book.worksheet_range("Deltagare").unwrap();
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(1200.0)));
        assert_eq!(range.get_value((2, 1)), Some(&Data::Float(0.452)));
        assert_eq!(range.get_value((3, 1)), Some(&Data::String("<5".into())));
    }

    #[test]
    fn excel_csv() {
        let mut t = Table::new(vec!["Namn".into(), "Antal".into()]);
        t.push(vec!["Sävsjö; Vetlanda".into(), "95 (84)".into()]);
        t.push(vec!["=SUM(A1)".into(), "säg \"hej\"".into()]);
        let text = String::from_utf8(t.to_excel_csv()).unwrap();
        assert_eq!(text, "\u{feff}Namn;Antal\r\n\"Sävsjö; Vetlanda\";95 (84)\r\n'=SUM(A1);\"säg \"\"hej\"\"\"\r\n");
    }

    #[test]
    fn negative_numbers_stay_numbers_and_formulas_are_neutralised() {
        let mut t = Table::new(vec!["Rad".into(), "Belopp".into()]);
        for (label, cell) in [
            ("Resultat", "-119365"),
            ("Andel", "-0,75"),
            ("Formel", "-2+3"),
            ("Plus", "+1"),
            ("Tab", "\tx"),
            ("CR", "\r=1"),
            ("At", "@SUM(A1)"),
            ("Minus", "-"),
        ] {
            t.push(vec![label.into(), cell.into()]);
        }
        let text = String::from_utf8(t.to_excel_csv()).unwrap();
        let cells: Vec<&str> = text
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| l.split_once(';').unwrap().1)
            .collect();
        assert_eq!(
            cells,
            [
                "-119365",
                "-0,75",
                "'-2+3",
                "'+1",
                "'\tx",
                "\"'\r=1\"",
                "'@SUM(A1)",
                "'-"
            ]
        );
    }
}
