//! Values as people write them: a reason, an income source, a municipality or an
//! intervention found by its code, by its label, or by one part of a label written with `/`
//! (`sjukdom` and `ohälsa` both find "Sjukdom/ohälsa"), in any case, and without diacritics
//! when that leaves one answer. A value that fits none, or several, is refused with the
//! values that would have been accepted.

use crate::invalid::{Invalid, Reason};

/// Lower case, trimmed, inner spaces as one.
pub(crate) fn plain(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Without diacritics: å ä → a, ö → o, é → e, ü → u.
fn folded(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        })
        .collect()
}

/// The one candidate `written` means; `names` gives a candidate's code and label.
pub fn find<'a, T>(
    field: &'static str,
    written: &str,
    candidates: &'a [T],
    names: impl Fn(&T) -> (&str, &str),
) -> Result<&'a T, Invalid> {
    let accepted = || candidates.iter().map(|c| names(c).1.to_string()).collect();
    let w = plain(written);
    // The ways a candidate can be written, most exact first: its code and label, then the
    // parts of a label written with `/`; each of them also without diacritics.
    let forms = |c: &T, parts: bool| -> Vec<String> {
        let (code, label) = names(c);
        match (parts, label.contains('/')) {
            (false, _) => vec![plain(code), plain(label)],
            (true, true) => label.split('/').map(plain).collect(),
            (true, false) => vec![],
        }
    };
    for fold in [false, true] {
        let w = if fold { folded(&w) } else { w.clone() };
        for parts in [false, true] {
            let hits: Vec<&T> = candidates
                .iter()
                .filter(|c| {
                    forms(c, parts)
                        .iter()
                        .any(|f| if fold { folded(f) == w } else { *f == w })
                })
                .collect();
            match hits.as_slice() {
                [one] => return Ok(one),
                [] => continue,
                _ => {
                    let fits = hits.iter().map(|c| names(c).1.to_string()).collect();
                    return Err(Invalid::new(field, written, Reason::Ambiguous).accepting(fits));
                }
            }
        }
    }
    Err(Invalid::new(field, written, Reason::UnknownValue).accepting(accepted()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REASONS: &[(&str, &str)] = &[
        ("arbete", "Arbete (även med lönestöd)"),
        ("studier", "Studier"),
        ("ohalsa", "Sjukdom/ohälsa"),
        ("annat", "Annat/okänt"),
    ];

    fn code(written: &str) -> Result<&'static str, Invalid> {
        find("exit_reason", written, REASONS, |r| (r.0, r.1)).map(|r| r.0)
    }

    #[test]
    fn a_value_is_found_the_way_people_write_it() {
        for (written, wanted) in [
            ("sjukdom", "ohalsa"),
            ("Studier", "studier"),
            ("ARBETE", "arbete"),
            ("Sjukdom/Ohälsa", "ohalsa"),
            ("ohalsa", "ohalsa"),
            ("OHÄLSA", "ohalsa"),
            ("  okänt ", "annat"),
            ("Arbete (även med  lönestöd)", "arbete"),
            ("arbete (aven med lonestod)", "arbete"),
        ] {
            assert_eq!(code(written), Ok(wanted), "{written}");
        }
    }

    #[test]
    fn a_value_that_fits_none_or_several_lists_what_is_accepted() {
        let none = code("sjuk").unwrap_err();
        assert_eq!(none.reason, Reason::UnknownValue);
        assert_eq!(none.accepted.len(), 4);
        assert!(none.accepted.contains(&"Sjukdom/ohälsa".to_string()));
        let two = [("a", "Annat/vet ej"), ("b", "Annat/övrigt")];
        let e = find("x", "annat", &two, |r| (r.0, r.1)).unwrap_err();
        assert_eq!(e.reason, Reason::Ambiguous);
        assert_eq!(e.accepted, ["Annat/vet ej", "Annat/övrigt"]);
        // Exact beats folded: "Åby" is not "Aby" when both are there.
        let places = [("1", "Åby"), ("2", "Aby")];
        assert_eq!(find("x", "aby", &places, |r| (r.0, r.1)).unwrap().0, "2");
        assert_eq!(find("x", "ÅBY", &places, |r| (r.0, r.1)).unwrap().0, "1");
    }
}
