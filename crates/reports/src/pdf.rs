//! The report as PDF through typst, used as a library: the template `typst/report.typ`
//! lays out the document it is given as JSON; the fonts are typst's own embedded ones
//! (Libertinus Serif, OFL, with å ä ö), so nothing is read from the machine or the network.
//! The PDF is tagged and conforms to PDF/UA-1 and PDF/A-2a together: typst checks both
//! while writing and refuses a document that does not.

use crate::document::Document;
use std::sync::LazyLock;
use typst::foundations::{Bytes, Dict, Smart, Value};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

static TEMPLATE: &str = include_str!("../typst/report.typ");

/// Built once: parsing the fonts is the slow part of starting typst.
static ENGINE: LazyLock<TypstEngine<TypstTemplateMainFile>> = LazyLock::new(|| {
    TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(typst_assets::fonts())
        .build()
});

/// The embedded fonts' glyph coverage, to know what the PDF can show.
static FONTS: LazyLock<Vec<typst::text::Font>> = LazyLock::new(|| {
    typst_assets::fonts()
        .flat_map(|data| typst::text::Font::iter(Bytes::new(data)))
        .collect()
});

/// PDF/A and PDF/UA refuse text that no embedded font can draw (an emoji, a control
/// character, a script the fonts lack), so such characters become `?` in the PDF; the page
/// and the Word file keep them.
fn printable(value: &mut serde_json::Value) {
    use serde_json::Value as J;
    match value {
        J::String(s) => {
            let shown =
                |c: char| c == ' ' || FONTS.iter().any(|f| f.info().coverage.contains(c as u32));
            if !s.chars().all(shown) {
                *s = s.chars().map(|c| if shown(c) { c } else { '?' }).collect();
            }
        }
        J::Array(list) => list.iter_mut().for_each(printable),
        J::Object(map) => map.values_mut().for_each(printable),
        _ => {}
    }
}

/// The inputs of the template: the document, with each chart's alt text beside it, and the
/// charts' SVG.
fn inputs(doc: &Document) -> Dict {
    let mut json = serde_json::to_value(doc).expect("a document is JSON");
    printable(&mut json);
    // Beside each figure with a chart, its alt text; the SVGs in the same order.
    let figures = json["parts"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .flat_map(|p| p["figures"].as_array_mut().into_iter().flatten());
    let charts = doc.parts.iter().flat_map(|p| &p.figures);
    let mut svgs = vec![];
    for (f, figure) in figures.zip(charts) {
        if let Some(chart) = &figure.chart {
            f["chart-alt"] = chart.alt(&figure.title).into();
            svgs.push(chart.svg(&figure.title));
        }
    }
    let mut dict = Dict::new();
    dict.insert("doc".into(), Value::Str(json.to_string().into()));
    for (i, svg) in svgs.into_iter().enumerate() {
        dict.insert(
            format!("chart-{i}").into(),
            Value::Bytes(Bytes::new(svg.into_bytes())),
        );
    }
    dict
}

/// Lays out and writes the PDF; slow (some hundred milliseconds): run it off the async
/// threads. `ident` names the document stably (its id and version).
pub fn pdf(doc: &Document, ident: &str) -> Result<Vec<u8>, String> {
    let compiled = ENGINE.compile_with_input::<_, PagedDocument>(inputs(doc));
    let laid_out = compiled.output.map_err(|e| format!("typst: {e}"))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        standards: PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a])
            .map_err(|e| e.message().to_string())?,
        ..Default::default()
    };
    typst_pdf::pdf(&laid_out, &options).map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        format!("PDF: {}", messages.join("; "))
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::{Chart, Figure, Part};
    use crate::Table;
    use samordna_domain::reports::markup::parse;

    pub fn sample() -> Document {
        let mut t = Table::new(vec!["".into(), "Kvinnor".into(), "Män".into()]);
        t.push(vec!["Deltagit".into(), "78".into(), "86".into()]);
        Document {
            org: "Höglandets samordningsförbund".into(),
            title: "Delårsrapport 2023".into(),
            span: "januari–juni 2023".into(),
            status: "Utkast".into(),
            date: "2023-08-31".into(),
            parts: vec![
                Part {
                    number: "1".into(),
                    title: "Sammanfattning".into(),
                    level: 1,
                    text: parse("Åtgärder för **alla**.\n\n## Efterstöd\n- en\n- två"),
                    figures: vec![],
                },
                Part {
                    number: "1.1".into(),
                    title: "SE-Höglandet".into(),
                    level: 2,
                    text: vec![],
                    figures: vec![
                        Figure {
                            title: "Deltagare".into(),
                            table: Some(t),
                            chart: Some(Chart {
                                categories: vec!["Deltagit".into()],
                                series: vec![
                                    ("Kvinnor".into(), vec![Some(78)]),
                                    ("Män".into(), vec![None]),
                                ],
                            }),
                            text: None,
                            note: Some("<5 = färre än fem".into()),
                        },
                        Figure {
                            title: "Styrelsens beslut".into(),
                            table: None,
                            chart: None,
                            text: Some("Styrelsen beslutar att godkänna.".into()),
                            note: None,
                        },
                    ],
                },
            ],
            compact: false,
        }
    }

    #[test]
    fn a_document_becomes_a_pdf_that_typst_finds_conforming() {
        let bytes = pdf(&sample(), "test").unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn text_no_font_has_a_glyph_for_still_makes_a_pdf() {
        let mut doc = sample();
        doc.parts[0].text = parse("Glada deltagare 😀 och 中文 och \u{0007}.");
        doc.parts[0].title = "Σ → ✓".into();
        let bytes = pdf(&doc, "test").unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
