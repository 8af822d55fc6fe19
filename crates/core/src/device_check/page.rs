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
