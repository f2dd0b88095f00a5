//! What may not be published: text that looks like a personnummer or samordningsnummer, or
//! that names a participant of the förbund. Used before anything reaches the public
//! anslagstavla, and for the free text of the registers.

/// What a text gave away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The digits as written.
    Personnummer(String),
    /// A participant's name as written in the text.
    Name(String),
}

/// The first personal datum in `text`, if any; `names` are the participants' full names.
pub fn find(text: &str, names: &[String]) -> Option<Finding> {
    personnummer(text)
        .map(Finding::Personnummer)
        .or_else(|| name(text, names).map(Finding::Name))
}

/// A run of digits of a personnummer's shape — 6 or 8 digits of a date (a day + 60 for a
/// samordningsnummer), optionally `-`, `+` or a space, then 4 digits — standing alone.
/// The checksum is not asked for: a mistyped number is still a person's.
fn personnummer(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut i = 0;
    while i < chars.len() {
        if !digit(i) || (i > 0 && digit(i - 1)) {
            i += 1;
            continue;
        }
        let run = (i..).take_while(|&j| digit(j)).count();
        let found = match run {
            10 | 12 => Some(i + run),
            6 | 8
                if matches!(chars.get(i + run), Some('-' | '+' | ' '))
                    && (i + run + 1..i + run + 5).all(digit)
                    && !digit(i + run + 5) =>
            {
                Some(i + run + 5)
            }
            _ => None,
        };
        if let Some(end) = found {
            let date: String = chars[i..i + run.min(12)]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .collect();
            let date = if run == 10 || run == 6 {
                &date[..6]
            } else {
                &date[2..8]
            };
            if is_date(date) {
                return Some(chars[i..end].iter().collect());
            }
        }
        i += run;
    }
    None
}

/// `YYMMDD` with a real month and a day 1–31 (or 61–91).
fn is_date(yymmdd: &str) -> bool {
    let n = |r: std::ops::Range<usize>| yymmdd[r].parse::<u32>().unwrap_or(0);
    let (month, day) = (n(2..4), n(4..6));
    (1..=12).contains(&month) && ((1..=31).contains(&day) || (61..=91).contains(&day))
}

/// A participant's full name standing as whole words, in any case and spacing.
fn name(text: &str, names: &[String]) -> Option<String> {
    let lower = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let alone = |at: usize, len: usize| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    names.iter().find_map(|n| {
        let wanted = n
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        // One word alone ("Anna") is no name to block a text for.
        if !wanted.contains(' ') {
            return None;
        }
        lower
            .match_indices(&wanted)
            .any(|(at, m)| alone(at, m.len()))
            .then(|| n.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personnummer_in_every_way_it_is_written() {
        for text in [
            "Deltagaren 19121212-1212 har slutat.",
            "pnr 121212-1212",
            "121212+1212",
            "191212121212",
            "1212121212",
            "samordningsnummer 19121272-1219",
            "(19121212 1212)",
        ] {
            assert!(
                matches!(find(text, &[]), Some(Finding::Personnummer(_))),
                "{text}"
            );
        }
        assert_eq!(
            find("se 19121212-1212.", &[]),
            Some(Finding::Personnummer("19121212-1212".into()))
        );
    }

    #[test]
    fn dates_amounts_and_phone_numbers_are_no_personnummer() {
        for text in [
            "Styrelsemöte 2023-09-07 kl. 8.00",
            "Budget 7 992 000 kr",
            "Ring 0380-51 86 08",
            "Organisationsnummer 222000-1234",
            "Ref: 90491SE",
            "IDENTIFIKATIONS-ID: 9e587e7a4ade4435ab3bad5d64bc16a8",
            "12345678901234",
        ] {
            assert_eq!(find(text, &[]), None, "{text}");
        }
    }

    #[test]
    fn a_participants_name_as_whole_words() {
        let names = vec!["Anna Berg".to_string(), "Ali".to_string()];
        assert_eq!(
            find("Samtal med ANNA \n berg om stödet", &names),
            Some(Finding::Name("Anna Berg".into()))
        );
        assert_eq!(find("Johanna Bergström deltog", &names), None);
        assert_eq!(find("Ali deltog", &names), None);
    }
}
