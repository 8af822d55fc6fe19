//! The QR code of the check URL: an SVG for the window, Unicode half blocks for a terminal.

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

fn code(url: &str) -> Option<QrCode> {
    // Level M survives a smudged screen; the URL is ~60 characters, a small code.
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()
}

/// A self-contained SVG (no scripts, no external references), or "" if the URL cannot be
/// encoded (it always can: it is short ASCII).
pub fn qr_svg(url: &str) -> String {
    code(url)
        .map(|c| {
            c.render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build()
        })
        .unwrap_or_default()
}

/// The code drawn with Unicode half blocks, two modules per character row; dark on light
/// regardless of the terminal's colours (the quiet zone is light).
pub fn qr_terminal(url: &str) -> String {
    code(url)
        .map(|c| {
            c.render::<unicode::Dense1x2>()
                .dark_color(unicode::Dense1x2::Light)
                .light_color(unicode::Dense1x2::Dark)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_self_contained_and_the_terminal_code_uses_blocks() {
        let url = "http://127.0.0.1:40000/c/abcdefghijklmnopqrstuvwxyz";
        let svg = qr_svg(url);
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(!svg.contains("<script") && !svg.contains("href"));
        let text = qr_terminal(url);
        assert!(text.lines().count() > 10);
        assert!(text.contains('█') || text.contains('▀') || text.contains('▄'));
        assert_ne!(qr_svg(url), qr_svg("http://127.0.0.1:40001/c/x"));
    }
}
