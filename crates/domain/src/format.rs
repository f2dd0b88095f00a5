//! Numbers written the Swedish way: `7 992 000`, `45,2 %`, a true minus sign.

/// Groups of three digits separated by a space: `7 992 000`; negatives with `−` (U+2212).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A table cell as a page or a report shows it: a whole number the Swedish way (`1 200`),
/// anything else (a code with a leading zero, a share, a text) as it is. Files keep the bare
/// number so that Excel reads it as one.
pub fn number_text(cell: &str) -> String {
    match cell.parse::<i64>() {
        Ok(n) if !cell.starts_with('0') || cell == "0" => thousands(n),
        _ => cell.to_string(),
    }
}

/// A percentage from basis points, with at most one decimal, rounded half away from zero:
/// `4520` → `45,2 %`, `3500` → `35 %`.
pub fn percent_bp(bp: i64) -> String {
    let tenths = (bp.abs() + 5) / 10 * bp.signum();
    let (whole, frac) = (tenths / 10, (tenths % 10).abs());
    let sign = if tenths < 0 && whole == 0 { "−" } else { "" };
    if frac == 0 {
        format!("{sign}{} %", thousands(whole))
    } else {
        format!("{sign}{},{frac} %", thousands(whole))
    }
}

/// The share `part / whole` as a percentage with one decimal (`28 / 62` → `45,2 %`).
pub fn percent_of(part: i64, whole: i64) -> Option<String> {
    (whole != 0).then(|| percent_bp((part * 10_000 * 2 + whole) / (2 * whole)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1 000");
        assert_eq!(thousands(4_665_600), "4 665 600");
        assert_eq!(thousands(-1234), "−1 234");
    }

    #[test]
    fn percent_of_exits() {
        // 004: 62 exits, 28 to work or studies = 45 %; with one decimal 45,2 %.
        assert_eq!(percent_of(28, 62).unwrap(), "45,2 %");
        assert_eq!(percent_of(7, 10).unwrap(), "70 %");
        assert_eq!(percent_of(1, 0), None);
    }
}
