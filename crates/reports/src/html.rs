//! The report as HTML: the page a board member reads on a tablet, the director's live
//! preview of a section's text, and `--format html`. Every text is escaped; the markup
//! gives only the elements it stands for.

use crate::document::{Document, Figure};
use samordna_domain::reports::markup::{Node, Span};
use std::fmt::Write;

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn spans(list: &[Span]) -> String {
    list.iter()
        .map(|s| match s {
            Span::Plain(t) => escape(t),
            Span::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Span::Emphasis(t) => format!("<em>{}</em>", escape(t)),
        })
        .collect()
}

/// A section's text; its headings one level below the section's own (`level`).
pub fn text(nodes: &[Node], level: u8) -> String {
    let mut out = String::new();
    for n in nodes {
        match n {
            Node::Heading { spans: s, .. } => {
                let h = (level + 1).min(6);
                let _ = write!(out, "<h{h}>{}</h{h}>", spans(s));
            }
            Node::Paragraph { spans: s } => {
                let _ = write!(out, "<p>{}</p>", spans(s));
            }
            Node::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = write!(out, "<{tag}>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", spans(i));
                }
                let _ = write!(out, "</{tag}>");
            }
        }
    }
    out
}

fn figure(f: &Figure, level: u8) -> String {
    let mut out = String::new();
    if let Some(t) = &f.text {
        let h = (level + 1).min(6);
        let _ = write!(
            out,
            "<h{h}>{}</h{h}><p class=\"decision\">{}</p>",
            escape(&f.title),
            escape(t)
        );
    }
    if let Some(t) = &f.table {
        let _ = write!(
            out,
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{0}\"><table><caption>{0}</caption><thead><tr>",
            escape(&f.title)
        );
        for (i, h) in t.headers.iter().enumerate() {
            let scope = if i == 0 { "" } else { " scope=\"col\"" };
            let _ = write!(out, "<th{scope}>{}</th>", escape(h));
        }
        out.push_str("</tr></thead><tbody>");
        for r in &t.rows {
            out.push_str("<tr>");
            for (i, c) in r.iter().enumerate() {
                if i == 0 {
                    let _ = write!(out, "<th scope=\"row\">{}</th>", escape(c));
                } else {
                    let _ = write!(out, "<td>{}</td>", escape(c));
                }
            }
            for _ in r.len()..t.headers.len() {
                out.push_str("<td></td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
    if let Some(c) = &f.chart {
        let _ = write!(
            out,
            "<figure class=\"chart\" role=\"img\" aria-label=\"{}\">{}</figure>",
            escape(&c.alt(&f.title)),
            c.svg(&f.title)
        );
    }
    if let Some(n) = &f.note {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(n));
    }
    out
}

/// The whole report as an `<article>`: cover lines, contents, numbered sections.
pub fn article(doc: &Document) -> String {
    let mut out = format!(
        "<article class=\"report\" lang=\"sv\"><header class=\"cover\"><p class=\"org\">{}</p><h1>{}</h1><p>{}</p><p class=\"status\">{}</p></header>",
        escape(&doc.org),
        escape(&doc.title),
        escape(&doc.span),
        escape(&doc.status)
    );
    out.push_str("<nav class=\"contents\" aria-label=\"Innehåll\"><h2>Innehåll</h2><ol>");
    for (i, p) in doc.parts.iter().enumerate() {
        let _ = write!(
            out,
            "<li class=\"level-{}\"><a href=\"#part-{i}\">{} {}</a></li>",
            p.level,
            escape(&p.number),
            escape(&p.title)
        );
    }
    out.push_str("</ol></nav>");
    for (i, p) in doc.parts.iter().enumerate() {
        // The page's own h1 is the report's title: sections start at h2.
        let h = (p.level + 1).min(6);
        let _ = write!(
            out,
            "<section id=\"part-{i}\"><h{h}>{} {}</h{h}>{}",
            escape(&p.number),
            escape(&p.title),
            text(&p.text, h)
        );
        for f in &p.figures {
            out.push_str(&figure(f, h));
        }
        out.push_str("</section>");
    }
    out.push_str("</article>");
    out
}

/// The report as a page of its own (`--format html`), styled for the screen and for print.
pub fn page(doc: &Document) -> String {
    format!(
        "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} – {}</title><style>{}</style></head><body>{}</body></html>",
        escape(&doc.title),
        escape(&doc.org),
        STYLE,
        article(doc)
    )
}

/// The report's own style: the same as the application's report page.
pub const STYLE: &str = include_str!("report.css");

#[cfg(test)]
mod tests {
    use super::*;
    use samordna_domain::reports::markup::parse;

    #[test]
    fn markup_becomes_elements_and_html_stays_text() {
        let html = text(&parse("## Efterstöd\n**25** <b>individer</b>\n\n- a"), 2);
        assert_eq!(
            html,
            "<h3>Efterstöd</h3><p><strong>25</strong> &lt;b&gt;individer&lt;/b&gt;</p><ul><li>a</li></ul>"
        );
    }
}
