//! The catalogue texts, embedded from `crates/core/catalogue/<lang>.json` and parsed once.
//! Adding a language is adding one JSON file and one line in `SOURCES`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../catalogue/en.json")),
    ("nl", include_str!("../../catalogue/nl.json")),
    ("fr", include_str!("../../catalogue/fr.json")),
    ("de", include_str!("../../catalogue/de.json")),
    ("es", include_str!("../../catalogue/es.json")),
];

/// A finding's texts in one language (the window's `FindingTexts`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "FindingTexts"))]
pub struct Texts {
    pub title: String,
    pub explanation: String,
    pub checked: String,
    pub steps: Vec<String>,
    /// Steps per identified cause (`cause.rs`); most findings have none. A key that is no
    /// `StepsCause` fails the catalogue's parse (a build defect, tested).
    #[serde(default, rename = "causeSteps")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cause_steps: Option<BTreeMap<super::StepsCause, Vec<String>>>,
}

/// One language's catalogue file, as Rust parses it and as the window imports it (the TS
/// `Catalogue` is generated from this struct: `crates/core/src/bindings.rs`).
/// A section the struct does not name fails the parse (a build defect, tested), so the window's
/// type cannot miss one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Catalogue {
    /// The file's own language code (the window reads it; Rust knows it from `SOURCES`).
    #[serde(default)]
    #[allow(dead_code)]
    language: String,
    /// Finding texts by code (a string: the window looks up codes an older box may send).
    findings: BTreeMap<String, Texts>,
    /// Evidence sentence templates by kind (`findings::evidence`), `{name}` placeholders.
    #[cfg_attr(feature = "ts", ts(as = "BTreeMap<super::EvidenceKind, String>"))]
    evidence: BTreeMap<String, String>,
    /// Labels of the support report (`report.rs`).
    report: BTreeMap<String, String>,
    /// What the app says when it cannot start its window (`startup_text`).
    startup: BTreeMap<String, String>,
    /// Router recipes by router id (`recipes.rs`).
    routers: super::recipes::Recipes,
    /// The eligibility checklist the window shows for some findings (the window's only).
    #[serde(default)]
    #[allow(dead_code)]
    eligibility: Vec<String>,
    /// Error sentence templates by `ErrorCode` (`wire.rs`), `{name}` placeholders.
    #[cfg_attr(feature = "ts", ts(as = "BTreeMap<crate::ErrorCode, String>"))]
    errors: BTreeMap<String, String>,
    /// The Odoo versions a technician recognises, by API family or scan generation name
    /// (`family_label`).
    families: BTreeMap<String, String>,
    /// The command line's own lines (the watch's progress and outcome, a certificate's state),
    /// `{name}` placeholders (`cli_text`). The window has its own words for these.
    cli: BTreeMap<String, String>,
}

fn parsed() -> &'static BTreeMap<&'static str, Catalogue> {
    static PARSED: OnceLock<BTreeMap<&'static str, Catalogue>> = OnceLock::new();
    PARSED.get_or_init(|| {
        SOURCES
            .iter()
            // The files are part of the build and tested; a broken one is a build defect.
            .map(|(lang, json)| {
                (
                    *lang,
                    serde_json::from_str(json)
                        .unwrap_or_else(|e| panic!("catalogue/{lang}.json: {e}")),
                )
            })
            .collect()
    })
}

pub fn languages() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(lang, _)| *lang)
}

/// The texts of `code` in `lang`, falling back to English.
pub fn texts(code: &str, lang: &str) -> Option<&'static Texts> {
    let all = parsed();
    all.get(lang)
        .and_then(|c| c.findings.get(code))
        .or_else(|| all.get("en")?.findings.get(code))
}

/// The evidence template of `kind` in `lang`, falling back to English.
pub fn evidence_template(kind: &str, lang: &str) -> Option<&'static str> {
    own_evidence_template(kind, lang).or_else(|| own_evidence_template(kind, "en"))
}

/// The evidence template of `kind` in `lang` itself, without fallback.
pub fn own_evidence_template(kind: &str, lang: &str) -> Option<&'static str> {
    parsed()
        .get(lang)
        .and_then(|c| c.evidence.get(kind))
        .map(String::as_str)
}

/// The error template of `code` in `lang`, falling back to English.
pub fn error_template(code: &str, lang: &str) -> Option<&'static str> {
    own_error_template(code, lang).or_else(|| own_error_template(code, "en"))
}

/// The error template of `code` in `lang` itself, without fallback (for the parity test).
pub fn own_error_template(code: &str, lang: &str) -> Option<&'static str> {
    parsed()
        .get(lang)
        .and_then(|c| c.errors.get(code))
        .map(String::as_str)
}

/// The error codes a language has a template for (for the parity test).
#[cfg(test)]
pub fn error_keys(lang: &str) -> Vec<&'static str> {
    parsed()
        .get(lang)
        .map(|c| c.errors.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A support-report label in `lang`, falling back to English, else the key itself.
pub fn report_label(key: &str, lang: &str) -> &'static str {
    let all = parsed();
    all.get(lang)
        .and_then(|c| c.report.get(key))
        .or_else(|| all.get("en")?.report.get(key))
        .map_or("", String::as_str)
}

/// The command line's line `key` in `lang` (falling back to English), filled in with `args`
/// (plural and select forms by `lang`'s rules); the key itself when no language has it.
pub fn cli_text(key: &str, lang: &str, args: &[(&str, String)]) -> String {
    let all = parsed();
    let Some(template) = all
        .get(lang)
        .and_then(|c| c.cli.get(key))
        .or_else(|| all.get("en")?.cli.get(key))
    else {
        return key.to_owned();
    };
    let args = args
        .iter()
        .map(|(name, value)| ((*name).to_owned(), value.clone()))
        .collect();
    super::evidence::fill_in(template, &args, lang)
}

/// The command-line lines a language has, with their placeholders (for the parity test).
#[cfg(test)]
pub fn cli_keys(lang: &str) -> Vec<(&'static str, Vec<&'static str>)> {
    parsed()
        .get(lang)
        .map(|c| {
            c.cli
                .iter()
                .map(|(k, v)| (k.as_str(), super::evidence::placeholders(v)))
                .collect()
        })
        .unwrap_or_default()
}

/// The human label of a box family or scan generation (`ApiFamily::label`,
/// `Generation::label`) in `lang`, falling back to English, else the name itself.
pub fn family_label(name: &'static str, lang: &str) -> &'static str {
    let all = parsed();
    all.get(lang)
        .and_then(|c| c.families.get(name))
        .or_else(|| all.get("en")?.families.get(name))
        .map_or(name, String::as_str)
}

/// The family labels a language has (for the parity test).
#[cfg(test)]
pub fn family_keys(lang: &str) -> Vec<&'static str> {
    parsed()
        .get(lang)
        .map(|c| c.families.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A text the app shows before it has a window (a native message box on Windows when
/// WebView2 is missing), in `lang`, falling back to English, else empty.
pub fn startup_text(key: &str, lang: &str) -> &'static str {
    let all = parsed();
    all.get(lang)
        .and_then(|c| c.startup.get(key))
        .or_else(|| all.get("en")?.startup.get(key))
        .map_or("", String::as_str)
}

/// The start-up texts a language has (for the parity test).
#[cfg(test)]
pub fn startup_keys(lang: &str) -> Vec<&'static str> {
    parsed()
        .get(lang)
        .map(|c| c.startup.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A support-report label in `lang` itself, without fallback.
#[cfg(test)]
pub fn own_report_label(key: &str, lang: &str) -> Option<&'static str> {
    parsed()
        .get(lang)
        .and_then(|c| c.report.get(key))
        .map(String::as_str)
}

/// The recipe of router `id` in `lang` itself, without fallback.
pub fn own_recipe(id: &str, lang: &str) -> Option<&'static super::recipes::Recipe> {
    parsed().get(lang).and_then(|c| c.routers.get(id))
}

/// The router ids a language has recipes for.
#[cfg(test)]
pub fn router_keys(lang: &str) -> Vec<&'static str> {
    parsed()
        .get(lang)
        .map(|c| c.routers.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The report labels a language has, with their placeholders (for the parity test).
#[cfg(test)]
pub fn report_labels(lang: &str) -> Vec<(&'static str, Vec<&'static str>)> {
    parsed()
        .get(lang)
        .map(|c| {
            c.report
                .iter()
                .map(|(k, v)| (k.as_str(), super::evidence::placeholders(v)))
                .collect()
        })
        .unwrap_or_default()
}

/// The evidence kinds a language has templates for.
#[cfg(test)]
pub fn evidence_keys(lang: &str) -> Vec<&'static str> {
    parsed()
        .get(lang)
        .map(|c| c.evidence.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The finding codes a language has texts for.
#[cfg(test)]
pub fn finding_keys(lang: &str) -> Vec<&'static str> {
    parsed()
        .get(lang)
        .map(|c| c.findings.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The raw JSON of a language, for the window (which renders flows and router recipes).
pub fn catalogue_json(lang: &str) -> Option<&'static str> {
    SOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, json)| *json)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words some languages write as English does ("Server", "Hostname", "open", "site").
    const SAME_WORD: &[&str] = &[
        "label.server",
        "label.hostname",
        "terminals.open",
        "checkAll.site",
        "checkAll.verdict",
    ];

    #[test]
    fn every_language_has_the_command_lines_of_english() {
        let en = cli_keys("en");
        assert!(en.len() > 20);
        for lang in languages() {
            assert_eq!(cli_keys(lang), en, "catalogue/{lang}.json cli");
            for (key, _) in &en {
                let own = parsed()[lang].cli[*key].as_str();
                assert!(
                    lang == "en"
                        || key.starts_with("certificate.failed")
                        || SAME_WORD.contains(key)
                        || own != parsed()["en"].cli[*key],
                    "{lang} {key} is not translated"
                );
            }
        }
    }

    #[test]
    fn a_command_line_is_filled_in_the_readers_language() {
        let sent = |lang| cli_text("watch.sent", lang, &[("action", "restart-odoo".into())]);
        assert_eq!(sent("en"), "asked the box to restart Odoo");
        assert_eq!(sent("de"), "die Box gebeten, Odoo neu zu starten");
        let ready = |confirmed: &str| {
            cli_text(
                "outcome.ready",
                "fr",
                &[
                    ("seconds", "42".into()),
                    ("state", "valide".into()),
                    ("confirmed", confirmed.into()),
                ],
            )
        };
        assert_eq!(ready("yes"), "certificat prêt après 42 s : valide");
        assert!(
            ready("no").ends_with("CERT_NAME_UNCONFIRMED)"),
            "{}",
            ready("no")
        );
        assert_eq!(cli_text("no.such.line", "nl", &[]), "no.such.line");
    }
}
