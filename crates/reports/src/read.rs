//! Reading a spreadsheet someone uploads: XLSX (the first sheet) or CSV in the encodings and
//! separators Swedish offices produce. The result is rows of text; dates in XLSX cells come
//! out as `YYYY-MM-DD`, whole numbers without decimals.
//!
//! An upload is hostile until read: a 5 KB XLSX can declare a sheet of 17 billion cells, and
//! a 2 MB one can unpack to gigabytes. So every file is read within fixed `Limits` — the
//! unpacked size of the XLSX parts (measured, not as the file claims), the sheet's declared
//! and actual rows and columns, the number of cells, and the time — and refused, naming the
//! limit, as soon as one is passed. Memory stays bounded by the limits, never by the file.

use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read};
use std::time::{Duration, Instant};

/// What one uploaded file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Cells of the table, counted as rows × columns.
    pub cells: usize,
    pub rows: usize,
    pub columns: usize,
    /// The parts of an XLSX file together, unpacked.
    pub unpacked_bytes: u64,
    pub time: Duration,
}

impl Default for Limits {
    /// Room for the largest lists the förbund send (100 000 stays × 12 columns), and no more.
    fn default() -> Self {
        Limits {
            cells: 2_000_000,
            rows: 200_000,
            columns: 200,
            unpacked_bytes: 64 * 1024 * 1024,
            time: Duration::from_secs(30),
        }
    }
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a spreadsheet this reader understands; the words say what went wrong.
    Unreadable(String),
    TooManyCells(usize),
    TooManyRows(usize),
    TooManyColumns(usize),
    /// The XLSX parts unpack to more bytes than this.
    TooLargeUnpacked(u64),
    /// Reading took longer than this.
    TooSlow(Duration),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unreadable(why) => f.write_str(why),
            ReadError::TooManyCells(n) => write!(f, "the file has more than {n} cells"),
            ReadError::TooManyRows(n) => write!(f, "the file has more than {n} rows"),
            ReadError::TooManyColumns(n) => write!(f, "the file has more than {n} columns"),
            ReadError::TooLargeUnpacked(n) => write!(f, "the file unpacks to more than {n} bytes"),
            ReadError::TooSlow(t) => write!(f, "reading the file took more than {t:?}"),
        }
    }
}

/// The rows of the file, the header first, read within the default limits.
pub fn table(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    table_within(bytes, Limits::default())
}

/// The rows of the file, the header first, or why it was not read.
pub fn table_within(bytes: &[u8], limits: Limits) -> Result<Vec<Vec<String>>, ReadError> {
    let deadline = Instant::now() + limits.time;
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx(bytes, limits, deadline)
    } else {
        csv(bytes, limits, deadline)
    }
}

fn unreadable(what: &str, e: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(format!("{what}: {e}"))
}

fn in_time(deadline: Instant, limits: Limits) -> Result<(), ReadError> {
    if Instant::now() > deadline {
        Err(ReadError::TooSlow(limits.time))
    } else {
        Ok(())
    }
}

/// Unpacks every part of the XLSX file once, counting what comes out (a part can claim any
/// size), and counts the shared strings, which a reader keeps in memory: both must be
/// within the limits before the file is opened for real.
fn check_parts(bytes: &[u8], limits: Limits, deadline: Instant) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable("the XLSX file cannot be read", e))?;
    if zip.len() > 10_000 {
        return Err(ReadError::Unreadable(
            "the XLSX file has too many parts".into(),
        ));
    }
    let mut left = limits.unpacked_bytes;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| unreadable("a part of the XLSX file cannot be read", e))?;
        let counts_strings = part.name().ends_with("sharedStrings.xml");
        let (mut strings, mut carry) = (0usize, Vec::new());
        loop {
            in_time(deadline, limits)?;
            let n = part
                .read(&mut buf)
                .map_err(|e| unreadable("a part of the XLSX file cannot be unpacked", e))?;
            if n == 0 {
                break;
            }
            left = left
                .checked_sub(n as u64)
                .ok_or(ReadError::TooLargeUnpacked(limits.unpacked_bytes))?;
            if counts_strings {
                // `<si>` opens each shared string; the tail of the last chunk is kept so that
                // one split across two chunks is counted once.
                carry.extend_from_slice(&buf[..n]);
                strings += carry.windows(3).filter(|w| w == b"<si").count();
                let keep = carry.len().min(2);
                carry.drain(..carry.len() - keep);
                if strings > limits.cells {
                    return Err(ReadError::TooManyCells(limits.cells));
                }
            }
        }
    }
    Ok(())
}

fn xlsx(bytes: &[u8], limits: Limits, deadline: Instant) -> Result<Vec<Vec<String>>, ReadError> {
    check_parts(bytes, limits, deadline)?;
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable("the XLSX file cannot be read", e))?;
    let sheet = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| ReadError::Unreadable("the XLSX file has no sheet".into()))?;
    let mut cells = wb
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable("the first sheet cannot be read", e))?;
    // The size the sheet declares, before a single cell is read.
    let declared = cells.dimensions();
    let (rows, columns) = (
        declared.end.0.saturating_sub(declared.start.0) as usize + 1,
        declared.end.1.saturating_sub(declared.start.1) as usize + 1,
    );
    within(rows, columns, limits)?;
    // The cells as they are, each position checked before it is kept.
    let mut found: Vec<(u32, u32, String)> = Vec::new();
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| unreadable("the first sheet cannot be read", e))?
    {
        if found.len().is_multiple_of(4096) {
            in_time(deadline, limits)?;
        }
        let (r, c) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        first = (first.0.min(r), first.1.min(c));
        last = (last.0.max(r), last.1.max(c));
        within(
            (last.0 - first.0) as usize + 1,
            (last.1 - first.1) as usize + 1,
            limits,
        )?;
        found.push((r, c, text));
    }
    if found.is_empty() {
        return Ok(vec![]);
    }
    let width = (last.1 - first.1) as usize + 1;
    let mut table = vec![vec![String::new(); width]; (last.0 - first.0) as usize + 1];
    for (r, c, text) in found {
        table[(r - first.0) as usize][(c - first.1) as usize] = text;
    }
    Ok(table)
}

/// Whether a table of `rows` × `columns` is within the limits.
fn within(rows: usize, columns: usize, limits: Limits) -> Result<(), ReadError> {
    if rows > limits.rows {
        return Err(ReadError::TooManyRows(limits.rows));
    }
    if columns > limits.columns {
        return Err(ReadError::TooManyColumns(limits.columns));
    }
    if rows.saturating_mul(columns) > limits.cells {
        return Err(ReadError::TooManyCells(limits.cells));
    }
    Ok(())
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
/// more of. Read row by row within the limits.
fn csv(bytes: &[u8], limits: Limits, deadline: Instant) -> Result<Vec<Vec<String>>, ReadError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
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
    let (mut rows, mut cells, mut widest) = (Vec::new(), 0usize, 0usize);
    for (i, record) in reader.records().enumerate() {
        if i.is_multiple_of(4096) {
            in_time(deadline, limits)?;
        }
        let record = record.map_err(|e| ReadError::Unreadable(format!("line {}: {e}", i + 1)))?;
        widest = widest.max(record.len());
        cells += record.len();
        within(i + 1, widest, limits)?;
        if cells > limits.cells {
            return Err(ReadError::TooManyCells(limits.cells));
        }
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
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

    /// Small limits, so that the refused files stay small too.
    fn small() -> Limits {
        Limits {
            cells: 20,
            rows: 10,
            columns: 4,
            unpacked_bytes: 1024 * 1024,
            time: Duration::from_secs(30),
        }
    }

    #[test]
    fn a_sheet_that_declares_a_huge_range_is_refused_before_a_cell_is_read() {
        // Two cells, A1 and XFD1048576: 5 KB on disk, 17 billion cells as a range.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "a").unwrap();
        ws.write_string(1_048_575, 16_383, "b").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert!(bytes.len() < 10_000);
        let refused = table(&bytes).unwrap_err();
        assert!(
            matches!(
                refused,
                ReadError::TooManyRows(_) | ReadError::TooManyColumns(_)
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn cells_rows_and_columns_are_counted_in_both_formats() {
        let wide = "a;b;c;d;e\n1;2;3;4;5\n";
        assert_eq!(
            table_within(wide.as_bytes(), small()),
            Err(ReadError::TooManyColumns(4))
        );
        let long: String = (0..11).map(|i| format!("{i};x\n")).collect();
        assert_eq!(
            table_within(long.as_bytes(), small()),
            Err(ReadError::TooManyRows(10))
        );
        let many: String = (0..6).map(|i| format!("{i};x;y;z\n")).collect();
        assert_eq!(
            table_within(many.as_bytes(), small()),
            Err(ReadError::TooManyCells(20))
        );
        let mut t = crate::Table::new(vec!["a".into(), "b".into(), "c".into(), "d".into()]);
        for i in 0..5 {
            t.push(vec![i.to_string(), "x".into(), "y".into(), "z".into()]);
        }
        let bytes = t.to_xlsx("Blad").unwrap();
        assert_eq!(
            table_within(&bytes, small()),
            Err(ReadError::TooManyCells(20))
        );
        // Within the limits the same file reads.
        assert_eq!(table(&bytes).unwrap().len(), 6);
    }

    /// An XLSX file whose `part` unpacks to `size` bytes of `fill`.
    fn with_part(part: &str, head: &str, fill: u8, size: usize, tail: &str) -> Vec<u8> {
        use std::io::Write;
        let base = crate::Table::new(vec!["a".into()]).to_xlsx("Blad").unwrap();
        let mut from = zip::ZipArchive::new(Cursor::new(base)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..from.len() {
            let entry = from.by_index(i).unwrap();
            if entry.name() != part {
                out.raw_copy_file(entry).unwrap();
            }
        }
        out.start_file(part, deflate).unwrap();
        out.write_all(head.as_bytes()).unwrap();
        let chunk = vec![fill; 64 * 1024];
        for _ in 0..size / chunk.len() {
            out.write_all(&chunk).unwrap();
        }
        out.write_all(tail.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_that_unpacks_beyond_the_limit_is_refused() {
        // 4 MB of one letter in one shared string: a few kilobytes packed.
        let bomb = with_part(
            "xl/sharedStrings.xml",
            "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>",
            b'a',
            4 * 1024 * 1024,
            "</t></si></sst>",
        );
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        assert_eq!(
            table_within(&bomb, small()),
            Err(ReadError::TooLargeUnpacked(1024 * 1024))
        );
    }

    #[test]
    fn shared_strings_beyond_the_cell_limit_are_refused() {
        let strings: String = (0..30).map(|i| format!("<si><t>{i}</t></si>")).collect();
        let file = with_part(
            "xl/sharedStrings.xml",
            &format!("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{strings}"),
            b' ',
            0,
            "</sst>",
        );
        assert_eq!(
            table_within(&file, small()),
            Err(ReadError::TooManyCells(20))
        );
    }
}
