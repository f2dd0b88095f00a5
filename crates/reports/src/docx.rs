//! The report as a Word file, for those who finish it in Word: the sections as Word's own
//! headings (so its navigation pane and table of contents work), the figures as Word tables
//! with a header row, the text with its emphasis.

use crate::document::Document;
use docx_rs::{Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow};
use samordna_domain::reports::markup::{Node, Span};

fn runs(mut p: Paragraph, spans: &[Span]) -> Paragraph {
    for s in spans {
        p = p.add_run(match s {
            Span::Plain(t) => Run::new().add_text(t),
            Span::Strong(t) => Run::new().add_text(t).bold(),
            Span::Emphasis(t) => Run::new().add_text(t).italic(),
        });
    }
    p
}

fn heading(level: u8, text: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{}", level.clamp(1, 6)))
        .add_run(Run::new().add_text(text))
}

fn cell(text: &str, bold: bool) -> TableCell {
    let run = Run::new().add_text(text);
    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { run.bold() } else { run }))
}

pub fn docx(doc: &Document) -> Result<Vec<u8>, String> {
    let mut d = Docx::new();
    for level in 1..=4u8 {
        let size = [32, 28, 24, 22][level as usize - 1];
        d = d.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .size(size)
                .bold(),
        );
    }
    d = d
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(&doc.org).size(48).bold()),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&doc.title).size(36)))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&doc.span)))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&doc.status)));
    for p in &doc.parts {
        d = d.add_paragraph(heading(p.level, &format!("{} {}", p.number, p.title)));
        for n in &p.text {
            match n {
                Node::Heading { spans, .. } => {
                    d = d.add_paragraph(runs(
                        Paragraph::new().style(&format!("Heading{}", (p.level + 1).min(4))),
                        spans,
                    ))
                }
                Node::Paragraph { spans } => d = d.add_paragraph(runs(Paragraph::new(), spans)),
                Node::List { ordered, items } => {
                    for (i, item) in items.iter().enumerate() {
                        let mark = if *ordered {
                            format!("{}. ", i + 1)
                        } else {
                            "– ".into()
                        };
                        let p = Paragraph::new().add_run(Run::new().add_text(mark));
                        d = d.add_paragraph(runs(p, item));
                    }
                }
            }
        }
        for f in &p.figures {
            d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(&f.title).bold()));
            if let Some(t) = &f.text {
                d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
            }
            if let Some(t) = &f.table {
                let mut rows = vec![TableRow::new(
                    t.headers.iter().map(|h| cell(h, true)).collect(),
                )];
                for r in &t.rows {
                    let mut cells: Vec<TableCell> =
                        r.iter().enumerate().map(|(i, c)| cell(c, i == 0)).collect();
                    cells.resize_with(t.headers.len(), || cell("", false));
                    rows.push(TableRow::new(cells));
                }
                d = d.add_table(Table::new(rows));
            }
            if let Some(n) = &f.note {
                d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(n).size(18)));
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn sections_are_word_headings_and_figures_word_tables() {
        let bytes = docx(&crate::pdf::tests::sample()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains(r#"<w:pStyle w:val="Heading1" />"#)
                || xml.contains(r#"<w:pStyle w:val="Heading1"/>"#),
            "{xml}"
        );
        assert!(xml.contains("<w:tbl>"));
        assert!(xml.contains("1.1 SE-Höglandet") && xml.contains("Deltagit"));
        let mut styles = String::new();
        zip.by_name("word/styles.xml")
            .unwrap()
            .read_to_string(&mut styles)
            .unwrap();
        assert!(styles.contains("heading 1"));
    }
}
