//! Reading a spreadsheet someone uploads: XLSX (the first sheet) or CSV in the encodings and
//! separators Swedish offices produce. The result is rows of text; dates in XLSX cells come
//! out as `YYYY-MM-DD`, whole numbers without decimals.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// The rows of the file, the header first. `Err` says in words why the file cannot be read.
pub fn table(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx(bytes)
    } else {
        csv(bytes)
    }
}

fn xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("the XLSX file cannot be read: {e}"))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or("the XLSX file has no sheet")?
        .map_err(|e| format!("the first sheet cannot be read: {e}"))?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial day (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    // Days since 1970-01-01, then the civil date (H. Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// UTF-8 (with or without BOM), else Windows-1252; `;` or `,` by whichever the header has
/// more of.
fn csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    let header = text.lines().next().unwrap_or("");
    let sep = if header.matches(';').count() >= header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            r.map(|rec| rec.iter().map(|c| c.trim().to_string()).collect())
                .map_err(|e| format!("line {}: {e}", i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_the_encodings_swedish_offices_write() {
        let want = vec![
            vec!["kön".to_string(), "kommun".into()],
            vec!["kvinna".into(), "Sävsjö".into()],
        ];
        assert_eq!(
            table("kön;kommun\r\nkvinna;Sävsjö\r\n".as_bytes()).unwrap(),
            want
        );
        assert_eq!(
            table("\u{feff}kön,kommun\nkvinna,Sävsjö\n".as_bytes()).unwrap(),
            want
        );
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode("kön;kommun\r\nkvinna;Sävsjö\r\n");
        assert_eq!(table(&cp1252).unwrap(), want);
        assert_eq!(table(b"a;b\n\"x;y\";z\n").unwrap()[1], ["x;y", "z"]);
    }

    #[test]
    fn excel_serial_days_are_dates() {
        assert_eq!(excel_date(45_077.0), "2023-05-31");
        assert_eq!(excel_date(43_831.5), "2020-01-01");
    }

    #[test]
    fn xlsx_written_by_us_reads_back() {
        let mut t = crate::Table::new(vec!["id".into(), "födelseår".into()]);
        t.push(vec!["SE-001".into(), "1999".into()]);
        let bytes = t.to_xlsx("Deltagare").unwrap();
        assert_eq!(
            table(&bytes).unwrap(),
            [
                vec!["id".to_string(), "födelseår".into()],
                vec!["SE-001".into(), "1999".into()]
            ]
        );
    }
}
