//! The one shape in which a failure crosses a boundary (IPC to the window, `--json` of the
//! CLI): `{code, args, message, detail}`. The words are the catalogue's (`"errors"` in
//! `catalogue/<lang>.json`, one template per `ErrorCode`, `{name}` placeholders filled from
//! `args`): each front end renders `code` + `args` in its reader's language
//! ([`WireError::render`], `ui/src/lib/errorText.ts`). `message` is the same sentence in English,
//! kept for scripts that read it. No caller writes a sentence: `new` takes a code, and a source
//! scan (`tests/no_prose_on_the_wire.rs`) keeps string literals off `message`/`reason` fields.
//! Its format is pinned by a test because the UI and scripts depend on it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::error_code::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireError {
    /// Stable machine code, e.g. `BOX_UNREACHABLE`; also the key of its catalogue template.
    pub code: ErrorCode,
    /// The values the code's template names (`{target}`, `{path}` …), never sentences.
    #[serde(default)]
    pub args: BTreeMap<String, String>,
    /// The sentence in English, rendered from the English catalogue (compatibility).
    #[serde(default)]
    pub message: String,
    /// Technical detail for a support ticket (the system's or the box's own words), when there
    /// is any; shown verbatim.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl WireError {
    /// An error of `code`; its sentence comes from the catalogue. Values and detail are
    /// scrubbed of every secret the process knows: an error is shown, logged and copied into
    /// support tickets.
    pub fn new(code: ErrorCode, detail: Option<String>) -> Self {
        let mut err = Self {
            code,
            args: BTreeMap::new(),
            message: String::new(),
            detail: detail.map(|d| crate::secret::scrub(&d)),
        };
        err.message = err.render("en");
        err
    }

    /// Sets the value of `{name}` in the code's template.
    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args
            .insert(name.to_owned(), crate::secret::scrub(&value.to_string()));
        self.message = self.render("en");
        self
    }

    /// The sentence in `lang` (English when the language lacks the code).
    pub fn render(&self, lang: &str) -> String {
        let template =
            crate::findings::texts::error_template(self.code.as_str(), lang).unwrap_or("");
        crate::findings::evidence::fill_in(template, &self.args, lang)
    }
}

impl From<&CoreError> for WireError {
    fn from(err: &CoreError) -> Self {
        let code = err.code();
        match err {
            CoreError::InvalidAddress { input, problem } => problem.args().into_iter().fold(
                WireError::new(code, None).arg("input", input),
                |wire, (name, value)| wire.arg(name, value),
            ),
            CoreError::Range(range) => range.args().into_iter().fold(
                WireError::new(code, None).arg("input", range.input()),
                |wire, (name, value)| wire.arg(name, value),
            ),
            CoreError::PolicyRefused(refusal) => WireError::new(code, None)
                .arg("target", &refusal.target)
                .arg("scope", refusal.scope.key())
                .arg("mode", refusal.mode.key()),
            CoreError::NameLookup { name, detail } => {
                WireError::new(code, Some(detail.clone())).arg("name", name)
            }
            CoreError::Unreachable { target, detail }
            | CoreError::TlsUnreachable { target, detail }
            | CoreError::TlsHandshake { target, detail } => {
                WireError::new(code, Some(detail.clone())).arg("target", target)
            }
            CoreError::ConnectionLost {
                target,
                path,
                detail,
            } => WireError::new(code, Some(detail.clone()))
                .arg("target", target)
                .arg("path", path),
            CoreError::Timeout {
                target,
                path,
                after_ms,
            } => WireError::new(code, None)
                .arg("target", target)
                .arg("path", path)
                .arg("after_ms", after_ms),
            CoreError::BodyTooLarge { path, limit } => WireError::new(code, None)
                .arg("path", path)
                .arg("limit", limit),
            CoreError::HttpStatus { path, status } => WireError::new(code, None)
                .arg("path", path)
                .arg("status", status),
            CoreError::Malformed { path, reason } => WireError::new(code, reason.detail())
                .arg("path", path)
                .arg("problem", reason.key()),
            // An empty message: the box gave no words, and the catalogue says that itself.
            CoreError::BoxRefused { path, message } => {
                let words = if message.is_empty() { "none" } else { "given" };
                WireError::new(code, Some(message.clone()).filter(|m| !m.is_empty()))
                    .arg("path", path)
                    .arg("words", words)
            }
            CoreError::Unsupported(reason) => reason.args().into_iter().fold(
                WireError::new(code, reason.system_words()),
                |wire, (name, value)| wire.arg(name, value),
            ),
            CoreError::NotOdoo { target } => WireError::new(code, None).arg("target", target),
            // The detail is the two MACs: reported by the box / found in the neighbour table.
            CoreError::MacMismatch {
                reported,
                neighbour,
                ..
            } => WireError::new(code, Some(format!("{reported} / {neighbour}"))),
        }
    }
}

impl From<CoreError> for WireError {
    fn from(err: CoreError) -> Self {
        Self::from(&err)
    }
}

/// The test rule for the typed reasons one error code words through a `select` (malformed
/// answers, a database's bad answers, actions not possible): in every catalogue language each
/// renders fully, quotes `quoted` when given, reads unlike the others, and is translated.
#[cfg(test)]
pub(crate) fn assert_worded_apart(wires: &[WireError], quoted: Option<&str>) {
    for lang in crate::findings::languages() {
        let mut seen = std::collections::BTreeSet::new();
        for wire in wires {
            let text = wire.render(lang);
            let reason = &wire.args;
            assert!(!text.contains('{'), "{lang} {reason:?}: {text}");
            if let Some(quoted) = quoted {
                assert!(text.contains(quoted), "{lang}: {text}");
            }
            assert!(
                seen.insert(text.clone()),
                "{lang}: two reasons read the same: {text}"
            );
            if lang != "en" {
                assert_ne!(
                    text,
                    wire.render("en"),
                    "{lang} {reason:?} is not translated"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_is_pinned() {
        let err = CoreError::Unreachable {
            target: "127.0.0.1:9".into(),
            detail: "connection refused".into(),
        };
        let json = serde_json::to_string(&WireError::from(&err)).unwrap();
        assert_eq!(
            json,
            r#"{"code":"BOX_UNREACHABLE","args":{"target":"127.0.0.1:9"},"message":"The box at 127.0.0.1:9 did not answer.","detail":"connection refused"}"#
        );
        let no_detail = WireError::new(ErrorCode::ReportSaveFailed, None);
        assert_eq!(
            serde_json::to_string(&no_detail).unwrap(),
            r#"{"code":"REPORT_SAVE_FAILED","args":{},"message":"The report could not be saved."}"#
        );
        let secret = crate::secret::Secret::new("CANARYwire4d1e");
        let leaky = WireError::new(
            ErrorCode::BoxNotOdoo,
            Some(format!("echo {}", secret.expose())),
        )
        .arg("target", format!("server said {}", secret.expose()));
        assert!(!serde_json::to_string(&leaky).unwrap().contains("CANARY"));
        let back: WireError = serde_json::from_str(
            r#"{"code":"BOX_TIMEOUT","args":{"target":"t","path":"/p","after_ms":"5"},"message":"y"}"#,
        )
        .unwrap();
        assert_eq!(back.args["path"], "/p");
        assert!(serde_json::from_str::<WireError>(r#"{"code":"X","message":"y"}"#).is_err());
    }

    #[test]
    fn an_error_renders_in_the_readers_language() {
        let err = WireError::from(CoreError::Timeout {
            target: "127.0.0.1:8069".into(),
            path: "/hw_proxy/hello".into(),
            after_ms: 30000,
        });
        assert_eq!(
            err.message,
            "The box at 127.0.0.1:8069 took longer than 30000 ms to answer /hw_proxy/hello."
        );
        let fr = err.render("fr");
        assert!(
            fr.starts_with("L'IoT Box à l'adresse 127.0.0.1:8069"),
            "{fr}"
        );
        assert!(fr.contains("/hw_proxy/hello"), "{fr}");
        assert_eq!(err.render("xx"), err.message, "unknown language: English");
    }

    #[test]
    fn every_code_has_a_text_in_every_language_with_the_same_placeholders() {
        use crate::findings::evidence::placeholders;
        use crate::findings::texts::{error_keys, own_error_template};
        let codes: Vec<&str> = {
            let mut c: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
            c.sort_unstable();
            c
        };
        for lang in crate::findings::languages() {
            assert_eq!(error_keys(lang), codes, "catalogue/{lang}.json errors");
            for code in &codes {
                let en = own_error_template(code, "en").unwrap();
                let own = own_error_template(code, lang).unwrap();
                assert!(!own.trim().is_empty(), "{lang} {code}");
                assert_eq!(placeholders(own), placeholders(en), "{lang} {code}");
                if lang != "en" {
                    assert_ne!(own, en, "{lang} {code} is the English sentence");
                }
            }
        }
    }
}
