//! The finding catalogue as data: code → severity, one-click actions, router recipes, and the
//! texts (title, explanation, what was checked, steps) in every language. The texts live in
//! `crates/core/catalogue/<lang>.json`, the single source for the CLI, reports and the window.
//!
//! Odoo's six codes are used verbatim; our own codes are listed in [`CATALOGUE`]. A code is a
//! public contract (translations, flows and scripts key on it): add codes, never rename them.

mod texts;

use serde::Serialize;

pub use texts::{catalogue_json, languages, texts, Texts};

use crate::box_api::CodeSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Ok,
    Info,
    Warning,
    Error,
}

/// Buttons a troubleshooting flow offers for a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum OneClick {
    RestartOdoo,
    RebootBox,
    Retry,
    EditCredentials,
    CopyRouterRecipe,
    OpenBoxHttps,
}

/// Where a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The box showed the code itself.
    ReportedByBox,
    /// Mapped from free text, data fields or logs of a box that shows no code.
    InferredFromText,
    InferredFromLogs,
    InferredFromData,
    /// Checked from the laptop: TLS, DNS, reachability, clocks.
    Laptop,
}

impl From<CodeSource> for Source {
    fn from(s: CodeSource) -> Self {
        match s {
            CodeSource::ReportedByBox => Self::ReportedByBox,
            CodeSource::InferredFromText => Self::InferredFromText,
            CodeSource::InferredFromLogs => Self::InferredFromLogs,
            CodeSource::InferredFromData => Self::InferredFromData,
        }
    }
}

/// One conclusion of a diagnosis, with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub source: Source,
    /// Facts in English, one per line, for the CLI and reports.
    pub evidence: Vec<String>,
    /// odoo.com's HTTP status for `ERR_IOT_HTTPS_LOAD_REQUEST_STATUS`.
    pub http_status: Option<u16>,
    /// The box's own words: reason phrase, exception text or log line.
    pub detail: Option<String>,
    pub actions: Vec<OneClick>,
    /// The flow offers router recipes (rebind filtering).
    pub router_recipes: bool,
}

impl Finding {
    /// A finding of a catalogued code; its severity and actions come from the catalogue.
    pub fn new(code: &str, source: Source, evidence: Vec<String>) -> Self {
        let entry = entry(code);
        Self {
            code: code.to_owned(),
            severity: entry.map_or(Severity::Warning, |e| e.severity),
            source,
            evidence,
            http_status: None,
            detail: None,
            actions: entry.map(|e| e.actions.to_vec()).unwrap_or_default(),
            router_recipes: entry.is_some_and(|e| e.router_recipes),
        }
    }

    pub fn with_detail(mut self, http_status: Option<u16>, detail: Option<String>) -> Self {
        self.http_status = http_status;
        self.detail = detail;
        self
    }
}

/// The non-text part of a catalogue entry.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub code: &'static str,
    pub severity: Severity,
    pub actions: &'static [OneClick],
    pub router_recipes: bool,
    /// Where field-problems.md covers it.
    pub reference: &'static str,
}

use OneClick::*;
use Severity::*;

const fn e(
    code: &'static str,
    severity: Severity,
    actions: &'static [OneClick],
    reference: &'static str,
) -> Entry {
    Entry {
        code,
        severity,
        actions,
        router_recipes: false,
        reference,
    }
}

/// Every code a diagnosis can produce.
pub const CATALOGUE: &[Entry] = &[
    e("ERR_IOT_HTTPS_CHECK_NO_SERVER", Error, &[Retry], "F15, §4"),
    e(
        "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
        Error,
        &[RestartOdoo, RebootBox, Retry],
        "§4",
    ),
    e(
        "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
        Error,
        &[EditCredentials, Retry],
        "§4, F13",
    ),
    e(
        "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
        Error,
        &[RestartOdoo, Retry],
        "F3, F14",
    ),
    e(
        "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS",
        Error,
        &[RestartOdoo, Retry],
        "§4",
    ),
    e(
        "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        Error,
        &[EditCredentials, RestartOdoo, Retry],
        "F2, §1.2",
    ),
    e("BOX_UNREACHABLE", Error, &[Retry], "F4, F10"),
    e("BOX_NOT_ODOO", Error, &[Retry], "F10"),
    e("BOX_ACCESS_POINT_MODE", Error, &[Retry], "F15"),
    e(
        "BOX_NO_CERTIFICATE_NO_CODE",
        Warning,
        &[RestartOdoo, Retry],
        "§4 (18.3+), F2, F3",
    ),
    e("PAIRING_CODE_EXPIRED", Warning, &[RebootBox, Retry], "F16"),
    e("CERT_VALID", Ok, &[OpenBoxHttps], "F7"),
    e("CERT_TEMPORARY", Error, &[RestartOdoo, Retry], "F6"),
    e("CERT_EXPIRED", Error, &[RestartOdoo, Retry], "F7"),
    e("CERT_NOT_YET_VALID", Warning, &[Retry], "F14"),
    e(
        "CERT_RENEWAL_DUE",
        Warning,
        &[RestartOdoo, Retry],
        "F7, §1.1",
    ),
    e("CERT_NAME_MISMATCH", Error, &[RestartOdoo, Retry], "F10"),
    e("CERT_UNTRUSTED", Error, &[Retry], "F6"),
    e(
        "CERT_SERVED_DIFFERS_FROM_BOX",
        Warning,
        &[RestartOdoo, RebootBox, Retry],
        "§4.4",
    ),
    e("HTTPS_PORT_CLOSED", Error, &[RestartOdoo, Retry], "F11"),
    Entry {
        code: "DNS_REBIND_FILTERED",
        severity: Error,
        actions: &[CopyRouterRecipe, Retry],
        router_recipes: true,
        reference: "F1, §3",
    },
    e("DNS_WRONG_ADDRESS", Error, &[RestartOdoo, Retry], "F10"),
    e("DNS_UNRESOLVABLE", Error, &[Retry], "F1, §3"),
    e("DNS_SYSTEM_RESOLVER_UNAVAILABLE", Warning, &[Retry], "§3"),
    e("DNS_INCONCLUSIVE", Info, &[Retry], "§3.2"),
    e("DNS_OK", Ok, &[], "§3"),
    e("CLOCK_SKEW", Warning, &[Retry], "F14"),
    e("ODOO_COM_UNREACHABLE", Warning, &[Retry], "F3"),
    // Reading boxes from Odoo databases (`odoo_db`, the fleet); field research §2.3.
    e("ODOO_URL_INVALID", Error, &[], "fleet"),
    e("ODOO_URL_NOT_HTTPS", Error, &[], "fleet"),
    e("ODOO_API_KEY_MISSING", Error, &[], "fleet"),
    e("ODOO_UNREACHABLE", Error, &[Retry], "fleet"),
    e("ODOO_REDIRECTED", Error, &[], "fleet"),
    e("ODOO_NOT_ODOO", Error, &[Retry], "fleet"),
    e("ODOO_AUTH_FAILED", Error, &[], "fleet"),
    e("ODOO_DATABASE_NOT_FOUND", Error, &[], "fleet"),
    e("ODOO_IOT_ACCESS_DENIED", Error, &[Retry], "fleet"),
    e("ODOO_NO_IOT_APP", Error, &[Retry], "fleet"),
    e("ODOO_JSONRPC_DEPRECATED", Error, &[Retry], "fleet"),
    e("ODOO_BAD_ANSWER", Error, &[Retry], "fleet"),
    // Fleet alerts (desktop notifications); `{box}`, `{database}`, `{days}` in the explanation.
    e("FLEET_RENEWAL_OVERDUE", Warning, &[Retry], "fleet"),
    e("FLEET_CERTIFICATE_EXPIRED", Error, &[Retry], "fleet"),
    e("FLEET_BOX_STOPPED_REPORTING", Warning, &[Retry], "fleet"),
    e(
        "FLEET_DATABASE_STOPPED_ANSWERING",
        Warning,
        &[Retry],
        "fleet",
    ),
];

pub fn entry(code: &str) -> Option<&'static Entry> {
    CATALOGUE.iter().find(|e| e.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_every_text_in_every_language() {
        for lang in languages() {
            for entry in CATALOGUE {
                let t = texts(entry.code, lang)
                    .unwrap_or_else(|| panic!("{lang}: no texts for {}", entry.code));
                assert!(
                    !t.title.is_empty() && !t.explanation.is_empty() && !t.checked.is_empty(),
                    "{lang} {}",
                    entry.code
                );
                assert!(
                    !t.steps.is_empty() || entry.severity == Severity::Ok,
                    "{lang} {}: no steps",
                    entry.code
                );
            }
        }
    }

    #[test]
    fn odoo_codes_are_catalogued_verbatim() {
        for code in crate::box_api::certificate::ODOO_CODES {
            assert!(entry(code).is_some(), "{code}");
        }
    }

    #[test]
    fn the_required_codes_exist() {
        for code in [
            "BOX_UNREACHABLE",
            "BOX_NOT_ODOO",
            "BOX_ACCESS_POINT_MODE",
            "CERT_VALID",
            "CERT_TEMPORARY",
            "CERT_EXPIRED",
            "CERT_NOT_YET_VALID",
            "CERT_RENEWAL_DUE",
            "CERT_NAME_MISMATCH",
            "CERT_UNTRUSTED",
            "CERT_SERVED_DIFFERS_FROM_BOX",
            "HTTPS_PORT_CLOSED",
            "DNS_REBIND_FILTERED",
            "DNS_WRONG_ADDRESS",
            "DNS_UNRESOLVABLE",
            "CLOCK_SKEW",
        ] {
            assert!(entry(code).is_some(), "{code}");
        }
    }
}
