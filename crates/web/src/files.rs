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

pub use samordna_domain::format::number_text as cell_text;
