//! The check page: a static HTML document, its script and style, and its texts in every
//! language of the app (`page_assets/page_texts.json`, one object per language: adding a
//! language is adding one object). The document carries the probe URLs and the texts as a JSON
//! data block; the CSP allows only the page's own files and the box's three URLs.

use std::collections::BTreeMap;

use super::server::{csp, DEVICE_ID_SLOT};
use super::session::CheckTarget;

const HTML: &str = include_str!("page_assets/page.html");
const SCRIPT: &str = include_str!("page_assets/check.js");
const STYLE: &str = include_str!("page_assets/check.css");
const TEXTS: &str = include_str!("page_assets/page_texts.json");

pub(super) struct Page {
    pub html: String,
    pub script: String,
    pub style: String,
    pub csp: String,
}

/// Every language's texts, keyed by language then by text key.
pub fn page_texts() -> BTreeMap<String, BTreeMap<String, String>> {
    // Embedded and tested: a broken file is a build defect, not a run-time condition.
    serde_json::from_str(TEXTS).unwrap_or_default()
}

/// Where the served page says, without script, that it needs JavaScript: filled per request
/// in the device's language ([`noscript_text`]), since only the script picks languages.
pub(super) const NOSCRIPT_SLOT: &str = "{{NOSCRIPT}}";

/// The page text `key` in the first language of the browser's `Accept-Language` that has
/// texts (`nl-BE,nl;q=0.9,en;q=0.8` → Dutch), else English; as written (not escaped).
pub fn page_text(key: &str, accept_language: Option<&str>) -> String {
    let wanted = accept_language
        .unwrap_or_default()
        .split(',')
        .map(|part| part.split(';').next().unwrap_or_default().trim());
    let lang = crate::findings::language_among(wanted);
    // Parsed once: the server answers with these texts on every refused request.
    static TEXTS: std::sync::OnceLock<BTreeMap<String, BTreeMap<String, String>>> =
        std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(page_texts);
    texts
        .get(lang)
        .and_then(|t| t.get(key))
        .or_else(|| texts.get("en")?.get(key))
        .cloned()
        .unwrap_or_default()
}

/// The `<noscript>` sentence in the device's language ([`page_text`]), HTML-escaped.
pub fn noscript_text(accept_language: Option<&str>) -> String {
    page_text("noscript", accept_language)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Page {
    /// The page for `target`, served under `base` (`/c/<token>`). The base is written in
    /// because relative URLs would resolve differently with and without a trailing slash.
    pub fn render(target: &CheckTarget, base: &str) -> Self {
        let urls = target.probe_urls();
        let config = serde_json::json!({
            "boxName": target.box_name,
            "boxIp": target.box_ip.to_string(),
            "urls": urls,
            "reportPath": format!("{base}/report"),
            // Filled per device address when the page is served (`server`).
            "deviceId": DEVICE_ID_SLOT,
            "texts": page_texts(),
        });
        // A JSON data block must not be able to close its <script> element.
        let config = config
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        Self {
            html: HTML
                .replace("{{BASE}}", base)
                .replace("{{CONFIG}}", &config),
            script: SCRIPT.to_owned(),
            style: STYLE.to_owned(),
            csp: csp(target),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_noscript_sentence_is_in_the_devices_language() {
        let fr = noscript_text(Some("fr-BE,fr;q=0.9,en;q=0.8"));
        assert!(
            fr.starts_with("Cette vérification a besoin de JavaScript"),
            "{fr}"
        );
        let de = noscript_text(Some("xx, de-DE;q=0.7"));
        assert!(de.starts_with("Diese Prüfung benötigt JavaScript"), "{de}");
        assert!(noscript_text(None).starts_with("This check needs JavaScript"));
        assert!(noscript_text(Some("ja-JP")).starts_with("This check needs JavaScript"));
    }

    #[test]
    fn the_servers_refusals_are_in_the_devices_language() {
        let es = page_text("answer_link_invalid", Some("es-ES,es;q=0.9"));
        assert!(
            es.starts_with("Este enlace de comprobación no es válido"),
            "{es}"
        );
        let nl = page_text("answer_too_many_requests", Some("nl-BE"));
        assert!(nl.starts_with("Te veel verzoeken"), "{nl}");
        assert!(page_text("answer_not_found", None).starts_with("There is no page here"));
    }

    #[test]
    fn every_language_has_every_page_text() {
        let texts = page_texts();
        let english: Vec<&String> = texts["en"].keys().collect();
        for (lang, t) in &texts {
            assert_eq!(t.keys().collect::<Vec<_>>(), english, "{lang}");
        }
        assert!(HTML.contains(NOSCRIPT_SLOT));
    }
}
