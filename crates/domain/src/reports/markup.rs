//! The small markup the director writes a section's text in: paragraphs (separated by an
//! empty line), headings (`#`, `##`, `###`), bullet lists (`- ` or `* `), numbered lists
//! (`1. `), and `**strong**` and `*emphasis*` (or `_emphasis_`) within a line. Anything
//! else, HTML included, is text: the renderers escape it, so a report can never carry markup
//! of its own into a page, a PDF or a Word file.

use serde::{Deserialize, Serialize};

/// A run of text within a paragraph, heading or list item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", content = "text", rename_all = "snake_case")]
pub enum Span {
    Plain(String),
    Strong(String),
    Emphasis(String),
}

/// A block of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Node {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
    },
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = line[hashes..].strip_prefix(' ')?;
    (1..=3).contains(&hashes).then_some((hashes as u8, rest))
}

fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("- ").or_else(|| line.strip_prefix("* "))
}

fn numbered(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && digits < 4)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
}

/// Parses the text; it never fails, since whatever is not markup is text.
pub fn parse(text: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, nodes: &mut Vec<Node>| {
        if !para.is_empty() {
            nodes.push(Node::Paragraph {
                spans: spans(&para.join(" ")),
            });
            para.clear();
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut para, &mut nodes);
        } else if let Some((level, rest)) = heading(line) {
            flush(&mut para, &mut nodes);
            nodes.push(Node::Heading {
                level,
                spans: spans(rest.trim()),
            });
        } else if let Some((ordered, item)) = bullet(line)
            .map(|i| (false, i))
            .or_else(|| numbered(line).map(|i| (true, i)))
        {
            flush(&mut para, &mut nodes);
            match nodes.last_mut() {
                Some(Node::List { ordered: o, items }) if *o == ordered => {
                    items.push(spans(item.trim()))
                }
                _ => nodes.push(Node::List {
                    ordered,
                    items: vec![spans(item.trim())],
                }),
            }
        } else if let (true, Some(Node::List { items, .. })) = (
            para.is_empty() && raw.starts_with([' ', '\t']),
            nodes.last_mut(),
        ) {
            // An indented line continues the list item above it.
            let item = items.last_mut().expect("a list has an item");
            item.push(Span::Plain(" ".into()));
            item.extend(spans(line));
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut nodes);
    nodes
}

/// `**strong**`, `*emphasis*` and `_emphasis_` within a line; an unclosed marker is text.
pub fn spans(line: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut plain = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let marker = if rest.starts_with("**") {
            Some("**")
        } else if rest.starts_with('*') {
            Some("*")
        } else if rest.starts_with('_') {
            Some("_")
        } else {
            None
        };
        if let Some(m) = marker {
            let body = &rest[m.len()..];
            if let Some(end) = body.find(m).filter(|&e| e > 0) {
                if !plain.is_empty() {
                    out.push(Span::Plain(std::mem::take(&mut plain)));
                }
                let inner = body[..end].to_string();
                out.push(if m == "**" {
                    Span::Strong(inner)
                } else {
                    Span::Emphasis(inner)
                });
                rest = &body[end + m.len()..];
                continue;
            }
        }
        let ch = rest.chars().next().expect("not empty");
        plain.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    if !plain.is_empty() {
        out.push(Span::Plain(plain));
    }
    out
}

/// The text of the spans without their styles (for alt texts and plain files).
pub fn plain_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Plain(t) | Span::Strong(t) | Span::Emphasis(t) => t.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(t: &str) -> Span {
        Span::Plain(t.into())
    }

    #[test]
    fn reads_paragraphs_headings_lists_and_emphasis() {
        let text = "## Efterstöd\nUnder perioden omfattades\n**25** individer.\n\n- en\n- *två*\n\n1. första\n2. andra\n<script>x</script>";
        assert_eq!(
            parse(text),
            vec![
                Node::Heading {
                    level: 2,
                    spans: vec![p("Efterstöd")]
                },
                Node::Paragraph {
                    spans: vec![
                        p("Under perioden omfattades "),
                        Span::Strong("25".into()),
                        p(" individer.")
                    ]
                },
                Node::List {
                    ordered: false,
                    items: vec![vec![p("en")], vec![Span::Emphasis("två".into())]]
                },
                Node::List {
                    ordered: true,
                    items: vec![vec![p("första")], vec![p("andra")]]
                },
                Node::Paragraph {
                    spans: vec![p("<script>x</script>")]
                },
            ]
        );
    }

    #[test]
    fn an_unclosed_marker_and_a_lone_hash_are_text() {
        assert_eq!(spans("5 * 3 = 15"), vec![p("5 * 3 = 15")]);
        assert_eq!(
            parse("#4 i kön"),
            vec![Node::Paragraph {
                spans: vec![p("#4 i kön")]
            }]
        );
    }

    proptest! {
        /// Whatever is typed, nothing is lost: every visible character of the input is in
        /// the output, in order.
        #[test]
        fn keeps_every_character(text in "[a-zåäö #*_<>&\\-1.\n]{0,80}") {
            let nodes = parse(&text);
            let out: String = nodes.iter().map(|n| match n {
                Node::Heading { spans, .. } | Node::Paragraph { spans } => plain_text(spans),
                Node::List { items, .. } => items.iter().map(|i| plain_text(i)).collect(),
            }).collect();
            let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic() || "<>&".contains(*c)).collect::<String>();
            prop_assert_eq!(letters(&out), letters(&text));
        }
    }
}
