//! QR codes as SVG, to print on a poster or show on a screen.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The link as a QR code, black on white, with its quiet zone; `label` names the image.
pub fn svg(link: &str, label: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .map_err(|e| e.to_string())?;
    let image = code
        .render()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let label = crate::html::escape(label);
    // From a file of its own or inside a page: the XML declaration goes, a name comes.
    let body = image
        .split_once("?>")
        .map_or(image.as_str(), |(_, rest)| rest)
        .trim_start();
    Ok(body.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" "),
        1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_link_becomes_a_named_svg() {
        let s = super::svg("https://samordna.example.se/s/abc", "QR-kod till enkäten").unwrap();
        assert!(
            s.starts_with("<svg role=\"img\" aria-label=\"QR-kod till enkäten\""),
            "{s}"
        );
        assert!(s.contains("#000000") && s.ends_with("</svg>"));
    }
}
