//! Tables out: a workbook or CSV download, and a table cell written for a page.

use crate::error::{Error, Result};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use samordna_domain::{Invalid, Reason};
use samordna_reports::Table;

/// A workbook (one sheet per table) or one CSV with every table under its title, as a
/// download named `name`.
pub fn download(format: &str, name: &str, sheets: &[(&str, &Table)]) -> Result<Response> {
    let (body, mime, ext) = match format {
        "xlsx" => (
            samordna_reports::workbook(sheets).map_err(Error::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "csv" => (
            samordna_reports::tables_csv(sheets),
            "text/csv; charset=utf-8",
            "csv",
        ),
        other => {
            return Err(Error::Invalid(vec![Invalid::new(
                "format",
                other,
                Reason::UnknownValue,
            )]))
        }
    };
    let disposition = format!("attachment; filename=\"{name}.{ext}\"");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// A table cell on a page: a whole number the Swedish way (`1 200`), anything else as it is.
/// The files keep the bare number so that Excel reads it as one.
pub fn cell_text(cell: &str) -> String {
    match cell.parse::<i64>() {
        Ok(n) if !cell.starts_with('0') || cell == "0" => samordna_domain::format::thousands(n),
        _ => cell.to_string(),
    }
}
