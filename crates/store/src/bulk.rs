//! Many rows written at once: the import's rows as cells, which each backend writes its
//! fastest way inside the caller's transaction (multi-row `INSERT` on SQLite, `COPY` on
//! PostgreSQL; `insert_rows` in `sqlite.rs` and `postgres.rs`).

use time::Date;

/// One value of a row.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Int(Option<i64>),
    Text(Option<String>),
    Date(Option<Date>),
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(Some(v))
    }
}

impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Self {
        Cell::Int(v)
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(Some(v.to_string()))
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(Some(v))
    }
}

impl From<Date> for Cell {
    fn from(v: Date) -> Self {
        Cell::Date(Some(v))
    }
}

impl From<Option<Date>> for Cell {
    fn from(v: Option<Date>) -> Self {
        Cell::Date(v)
    }
}

/// Rows for one table, all with the columns in the same order.
#[derive(Debug)]
pub(crate) struct Rows {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

impl Rows {
    pub fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Rows {
            table,
            columns,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.rows.push(row);
    }

    /// The rows as CSV in PostgreSQL's `COPY … (FORMAT csv)` dialect: NULL is an unquoted
    /// empty field, every text is quoted (so an empty text stays a text).
    pub fn csv(&self) -> Vec<u8> {
        let mut out = String::with_capacity(self.rows.len() * self.columns.len() * 8);
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match cell {
                    Cell::Int(Some(v)) => out.push_str(&v.to_string()),
                    Cell::Date(Some(d)) => out.push_str(&d.to_string()),
                    Cell::Text(Some(t)) => {
                        out.push('"');
                        out.push_str(&t.replace('"', "\"\""));
                        out.push('"');
                    }
                    Cell::Int(None) | Cell::Date(None) | Cell::Text(None) => {}
                }
            }
            out.push('\n');
        }
        out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn csv_keeps_null_apart_from_empty_text_and_quotes_quotes() {
        let mut r = Rows::new("t", &["a", "b", "c", "d"]);
        r.push(vec![
            7.into(),
            Cell::Text(None),
            "".into(),
            date!(2024 - 01 - 31).into(),
        ]);
        r.push(vec![
            Cell::Int(None),
            "say \"hi\", ok".into(),
            "x".into(),
            Cell::Date(None),
        ]);
        assert_eq!(
            String::from_utf8(r.csv()).unwrap(),
            "7,,\"\",2024-01-31\n,\"say \"\"hi\"\", ok\",\"x\",\n"
        );
    }
}
