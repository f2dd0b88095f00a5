//! Files as the förbund sends them: an uploaded CSV or XLSX read into rows of text cells.

use samordna_domain::{Invalid, Reason};

/// An uploaded CSV or XLSX file as rows of text cells; a file that cannot be read is one
/// problem, named.
pub fn read_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, Vec<Invalid>> {
    samordna_reports::read::table(bytes)
        .map_err(|why| vec![Invalid::new("file", why, Reason::UnknownValue)])
}
