//! Grouped bar charts as SVG, drawn with plotters' SVG backend: no fonts are read, the text
//! is left to whatever shows the SVG (the browser, the PDF). The same SVG goes into the HTML
//! page and the PDF report. The numbers are written the Swedish way; a hidden (small) count
//! draws no bar and says `<5`.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use samordna_domain::format::thousands;

/// One group of bars per category, one bar per series within it (e.g. women, men, other).
pub struct Bars<'a> {
    pub title: &'a str,
    pub categories: Vec<String>,
    /// The series' names and, per category, the count (`None` when hidden).
    pub series: Vec<(String, Vec<Option<u32>>)>,
}

/// Colours with at least 3:1 contrast against white (WCAG 2.1 1.4.11), told apart also by
/// the legend's order and the value written on each bar.
const COLOURS: [RGBColor; 4] = [
    RGBColor(0x6a, 0x1b, 0x9a),
    RGBColor(0x0b, 0x5c, 0x8e),
    RGBColor(0x8a, 0x4b, 0x00),
    RGBColor(0x33, 0x33, 0x33),
];

const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;

pub fn grouped_bars(b: &Bars) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, b).expect("drawing into a string cannot fail");
        root.present().expect("drawing into a string cannot fail");
    }
    // A chart is an image with a name; the table beside it carries the same numbers.
    // The page sizes it: only the view box stays.
    svg.replacen(&format!("width=\"{WIDTH}\" height=\"{HEIGHT}\" "), "", 1).replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-label=\"{}\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\" ",
            crate::html::escape(b.title)
        ),
        1,
    )
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    b: &Bars,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let font = |size: u32| ("sans-serif", size).into_font().color(&BLACK);
    let (left, right, top, bottom) = (16i32, WIDTH as i32 - 16, 56i32, HEIGHT as i32 - 40);
    // Legend
    let mut x = left;
    for (i, (name, _)) in b.series.iter().enumerate() {
        root.draw(&Rectangle::new(
            [(x, 14), (x + 14, 28)],
            COLOURS[i % 4].filled(),
        ))?;
        root.draw(&Text::new(name.clone(), (x + 20, 13), font(18)))?;
        x += 34 + 10 * name.chars().count() as i32;
    }
    let max = b
        .series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let groups = b.categories.len().max(1) as i32;
    let group_w = (right - left) / groups;
    let bars = b.series.len().max(1) as i32;
    let bar_w = ((group_w - 16) / bars).max(4);
    root.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        BLACK,
    ))?;
    for (g, category) in b.categories.iter().enumerate() {
        let gx = left + g as i32 * group_w + 8;
        let centre = Pos::new(HPos::Center, VPos::Top);
        root.draw(&Text::new(
            category.clone(),
            (gx + bar_w * bars / 2, bottom + 8),
            font(17).pos(centre),
        ))?;
        for (s, (_, values)) in b.series.iter().enumerate() {
            let x0 = gx + s as i32 * bar_w;
            let value = values.get(g).copied().flatten();
            let h = value.map_or(0, |v| {
                ((bottom - top) as i64 * v as i64 / max as i64) as i32
            });
            if h > 0 {
                root.draw(&Rectangle::new(
                    [(x0 + 1, bottom - h), (x0 + bar_w - 1, bottom)],
                    COLOURS[s % 4].filled(),
                ))?;
            }
            let label = value.map_or("<5".to_string(), |v| thousands(v as i64));
            root.draw(&Text::new(
                label,
                (x0 + bar_w / 2, bottom - h - 4),
                font(16).pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_with_swedish_numbers_and_hidden_counts() {
        let svg = grouped_bars(&Bars {
            title: "Deltagare första halvåret 2023",
            categories: vec!["Deltog".into(), "Startade".into()],
            series: vec![
                ("Kvinnor".into(), vec![Some(1200), None]),
                ("Män".into(), vec![Some(106), Some(61)]),
            ],
        });
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"Deltagare första halvåret 2023\""));
        assert!(svg.contains("\n1 200\n"), "{svg}");
        assert!(svg.contains("\n&lt;5\n"), "{svg}");
        assert!(svg.contains("Kvinnor") && svg.contains("Startade"));
        // Three drawn bars (the hidden one has none) and the legend's two squares.
        assert_eq!(svg.matches("<rect").count(), 1 + 2 + 3, "{svg}");
    }
}
