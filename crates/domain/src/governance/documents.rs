//! The documents of an agenda item (handlingar): PDF, Word or Excel files, recognised by
//! their content and not by what their name says, and no larger than a board member's
//! tablet should have to fetch.

use crate::invalid::{Invalid, Reason};
use serde::Serialize;

/// The largest document, in megabytes.
pub const MAX_MB: u64 = 10;
pub const MAX_NAME: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    Pdf,
    Docx,
    Xlsx,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::Pdf, DocKind::Docx, DocKind::Xlsx];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Pdf => "pdf",
            DocKind::Docx => "docx",
            DocKind::Xlsx => "xlsx",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn mime(self) -> &'static str {
        match self {
            DocKind::Pdf => "application/pdf",
            DocKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// What the bytes are: a PDF by its header, a Word or Excel file by the ZIP it is and the
    /// main part it holds (its name is in the ZIP's directory, uncompressed).
    pub fn of(bytes: &[u8]) -> Option<Self> {
        let holds = |part: &[u8]| bytes.windows(part.len()).any(|w| w == part);
        if bytes.starts_with(b"%PDF-") {
            Some(DocKind::Pdf)
        } else if !bytes.starts_with(b"PK\x03\x04") {
            None
        } else if holds(b"word/document.xml") {
            Some(DocKind::Docx)
        } else if holds(b"xl/workbook.xml") {
            Some(DocKind::Xlsx)
        } else {
            None
        }
    }
}

/// A document as it may be kept: its name made safe to serve, its kind by its content (and
/// the name's ending must say the same), its size within the limit.
pub fn check(name: &str, bytes: &[u8]) -> Result<(String, DocKind), Invalid> {
    let mb = bytes.len() as u64 / (1024 * 1024);
    if mb >= MAX_MB {
        return Err(Invalid::new(
            "file",
            name,
            Reason::FileTooLarge { max_mb: MAX_MB },
        ));
    }
    let accepted = || {
        DocKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect()
    };
    let kind = DocKind::of(bytes)
        .ok_or_else(|| Invalid::new("file", name, Reason::NotADocument).accepting(accepted()))?;
    // A name of letters, digits, spaces and - _ . only (no path, no quote for the header).
    let safe: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        .take(MAX_NAME)
        .collect();
    let safe = safe.trim().to_string();
    let ending = safe.rsplit_once('.').map(|(_, e)| e.to_lowercase());
    if ending.as_deref() != Some(kind.as_str()) {
        return Err(Invalid::new("file", name, Reason::NotADocument).accepting(accepted()));
    }
    Ok((safe, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_known_by_its_content() {
        let docx = [&b"PK\x03\x04"[..], b"....word/document.xml...."].concat();
        let xlsx = [&b"PK\x03\x04"[..], b"....xl/workbook.xml...."].concat();
        assert_eq!(
            check("Delårsrapport 2023.pdf", b"%PDF-1.7 ..."),
            Ok(("Delårsrapport 2023.pdf".into(), DocKind::Pdf))
        );
        assert_eq!(check("Budget.DOCX", &docx).unwrap().1, DocKind::Docx);
        assert_eq!(
            check("../../etc/Utfall \"2023\".xlsx", &xlsx).unwrap().0,
            "Utfall 2023.xlsx"
        );
        // A program renamed to .pdf, a zip that is no Office file, a name that lies.
        for (name, bytes) in [
            ("rapport.pdf", &b"MZ\x90\x00"[..]),
            ("arkiv.docx", &b"PK\x03\x04 other.txt"[..]),
            ("rapport.docx", &b"%PDF-1.7"[..]),
        ] {
            let e = check(name, bytes).unwrap_err();
            assert_eq!(e.field, "file", "{name}");
            assert!(e.reason == Reason::NotADocument, "{name}");
        }
        let big = vec![b'%'; 11 * 1024 * 1024];
        assert_eq!(
            check("stor.pdf", &big).unwrap_err().reason,
            Reason::FileTooLarge { max_mb: MAX_MB }
        );
    }
}
