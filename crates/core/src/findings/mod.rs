//! The finding catalogue as data: code → severity, one-click actions, router recipes, and the
//! texts (title, explanation, what was checked, steps) in every language. The texts live in
//! `crates/core/catalogue/<lang>.json`, the single source for the CLI, reports and the window.
//!
//! Odoo's six codes are used verbatim; our own codes are listed in [`CATALOGUE`]. A code is a
//! public contract (translations, flows and scripts key on it): add codes, never rename them.
//!
//! How to add a finding: a code in `code.rs` (its `string_enum!`), its entry in [`CATALOGUE`],
//! its texts in every `catalogue/<lang>.json`; its facts as [`Evidence`] of existing kinds, or
//! a new kind in `evidence.rs` (its `string_enum!`) with a template in every catalogue file.
//! A producer then writes
//! `Finding::new(FindingCode::CertExpired, Source::Laptop, vec![Evidence::new(EvidenceKind::RenewsFrom).arg("date", d)])`.

pub mod cause;
mod code;
mod error_arg;
pub mod evidence;
mod locale;
mod order;
pub mod platform_steps;
pub mod plural;
pub mod recipes;
pub(crate) mod texts;

use serde::Serialize;

pub use cause::StepsCause;
pub use code::FindingCode;
pub use evidence::{Evidence, EvidenceKind};
pub use locale::{desktop_language, env_locale, language_among, language_for};
pub use order::{any_needs_action, needing_action, put_in_order};
pub use recipes::{recipe, RecipePart, ROUTER_IDS};
pub use texts::{
    catalogue_json, cli_text, evidence_template, family_label, languages, report_label,
    startup_text, texts, Texts,
};

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
    /// Checked from a cashier's device through the device check page.
    Device,
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
    pub code: FindingCode,
    /// Read with [`Finding::severity`], changed with [`Finding::with_severity`], which keeps
    /// `needs_action` its answer.
    severity: Severity,
    /// Core's one needs-action rule ([`Severity::needs_action`]) for this finding: the window
    /// lists these as open and never decides it again.
    needs_action: bool,
    pub source: Source,
    /// The facts behind it, rendered per language (`Evidence::render`).
    pub evidence: Vec<Evidence>,
    /// odoo.com's HTTP status for `ERR_IOT_HTTPS_LOAD_REQUEST_STATUS`.
    pub http_status: Option<u16>,
    /// The box's own words: reason phrase, exception text or log line.
    pub detail: Option<String>,
    pub actions: Vec<OneClick>,
    /// The part of the router recipes the flow offers: DNS rebind protection or outbound
    /// HTTPS to odoo.com; none for findings a router setting cannot cause.
    pub router_recipes: Option<RecipePart>,
    /// The cause whose steps to show instead of the generic list, where core identified it
    /// ([`Finding::with_cause`], `cause.rs`); absent when the cause is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub steps_for: Option<StepsCause>,
}

impl Finding {
    /// A finding of a catalogued code; its severity and actions come from the catalogue.
    pub fn new(code: FindingCode, source: Source, evidence: Vec<Evidence>) -> Self {
        let entry = entry(code);
        Self {
            code,
            severity: entry.severity,
            needs_action: entry.severity.needs_action(),
            source,
            evidence,
            http_status: None,
            detail: None,
            actions: entry.actions.to_vec(),
            router_recipes: entry.router_recipes,
            steps_for: None,
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
    pub code: FindingCode,
    pub severity: Severity,
    pub actions: &'static [OneClick],
    pub router_recipes: Option<RecipePart>,
    /// Where field-problems.md covers it.
    pub reference: &'static str,
}

use FindingCode as C;
use OneClick::*;
use Severity::*;

const fn e(
    code: FindingCode,
    severity: Severity,
    actions: &'static [OneClick],
    reference: &'static str,
) -> Entry {
    Entry {
        code,
        severity,
        actions,
        router_recipes: None,
        reference,
    }
}

/// An entry whose flow offers a part of the router recipes (and the button that opens them).
const fn with_recipes(
    code: FindingCode,
    severity: Severity,
    actions: &'static [OneClick],
    part: RecipePart,
    reference: &'static str,
) -> Entry {
    Entry {
        code,
        severity,
        actions,
        router_recipes: Some(part),
        reference,
    }
}

/// Every code a diagnosis can produce.
pub const CATALOGUE: &[Entry] = &[
    e(C::ErrIotHttpsCheckNoServer, Error, &[Retry], "F15, §4"),
    e(
        C::ErrIotHttpsCheckCertReadException,
        Error,
        &[RestartOdoo, RebootBox, Retry],
        "§4",
    ),
    e(
        C::ErrIotHttpsLoadNoCredential,
        Error,
        &[EditCredentials, Retry],
        "§4, F13",
    ),
    // The box could not reach odoo.com: a firewall, web filter or TLS inspection may stand
    // in between.
    with_recipes(
        C::ErrIotHttpsLoadRequestException,
        Error,
        &[RestartOdoo, CopyRouterRecipe, Retry],
        RecipePart::Https,
        "F3, F14",
    ),
    e(
        C::ErrIotHttpsLoadRequestStatus,
        Error,
        &[RestartOdoo, Retry],
        "§4",
    ),
    e(
        C::ErrIotHttpsLoadRequestNoResult,
        Error,
        &[EditCredentials, RestartOdoo, Retry],
        "F2, §1.2",
    ),
    e(C::BoxUnreachable, Error, &[Retry], "F4, F10"),
    e(C::BoxNotOdoo, Error, &[Retry], "F10"),
    e(C::BoxIotModuleMissing, Error, &[Retry], "audit-2 N3, M7"),
    e(
        C::BoxStatusError,
        Error,
        &[Retry],
        "docs/protocol/status-reads.md",
    ),
    e(
        C::BoxStatusSlow,
        Error,
        &[Retry],
        "docs/protocol/status-reads.md",
    ),
    e(C::BoxAccessPointMode, Error, &[Retry], "F15"),
    e(C::BoxMacMismatch, Error, &[Retry], "neighbours.rs"),
    e(
        C::BoxNoCertificateNoCode,
        Warning,
        &[RestartOdoo, Retry],
        "§4 (18.3+), F2, F3",
    ),
    e(C::PairingCodeExpired, Warning, &[RebootBox, Retry], "F16"),
    // The start-up thread died (audit round 2, N6): restarting only helps once the cause is fixed.
    e(C::IotServiceStopped, Error, &[RestartOdoo, Retry], "N6"),
    e(
        C::IotServiceStoppedDatabase,
        Error,
        &[RestartOdoo, Retry],
        "N6",
    ),
    e(C::IotServiceStoppedOdooCom, Error, &[Retry], "N6, U2"),
    e(C::BoxNoDefaultRoute, Error, &[Retry], "N5"),
    e(C::PairingInProgress, Info, &[Retry], "N14"),
    // nginx cannot start on a damaged certificate file (audit round 2, N7): no restart helps.
    e(C::CertFileDamaged, Error, &[Retry], "N7"),
    e(C::CertValid, Ok, &[OpenBoxHttps], "F7"),
    // Trusted and in date, judged against the name it carries itself: the box named none
    // (18.3+), so another database's certificate cannot be told apart (issue 19 item 12).
    e(C::CertNameUnconfirmed, Info, &[OpenBoxHttps, Retry], "M1"),
    e(C::CertTemporary, Error, &[RestartOdoo, Retry], "F6"),
    e(C::CertExpired, Error, &[RestartOdoo, Retry], "F7"),
    e(C::CertNotYetValid, Warning, &[Retry], "F14"),
    e(
        C::CertRenewalDue,
        Warning,
        &[RestartOdoo, Retry],
        "F7, §1.1",
    ),
    e(C::CertNameMismatch, Error, &[RestartOdoo, Retry], "F10"),
    e(C::CertUntrusted, Error, &[Retry], "F6"),
    e(
        C::CertServedDiffersFromBox,
        Warning,
        &[RestartOdoo, RebootBox, Retry],
        "§4.4",
    ),
    e(C::HttpsPortClosed, Error, &[RestartOdoo, Retry], "F11"),
    with_recipes(
        C::DnsRebindFiltered,
        Error,
        &[CopyRouterRecipe, Retry],
        RecipePart::Dns,
        "F1, §3",
    ),
    e(C::DnsWrongAddress, Error, &[RestartOdoo, Retry], "F10"),
    e(C::DnsUnresolvable, Error, &[Retry], "F1, §3"),
    e(C::DnsSystemResolverUnavailable, Warning, &[Retry], "§3"),
    e(C::DnsInconclusive, Info, &[Retry], "§3.2"),
    e(C::DnsOk, Ok, &[], "§3"),
    e(C::ClockSkew, Warning, &[Retry], "F14"),
    with_recipes(
        C::OdooComUnreachable,
        Warning,
        &[CopyRouterRecipe, Retry],
        RecipePart::Https,
        "F3",
    ),
    // The shop's web filter or TLS inspection answers for www.odoo.com: its https part.
    with_recipes(
        C::OdooComFiltered,
        Error,
        &[CopyRouterRecipe, RestartOdoo, Retry],
        RecipePart::Https,
        "audit-2 N10, M1b",
    ),
    // Checked from the cashier's device (field research 2026-12, problems 3–6, 21, 29–34).
    e(C::DeviceOk, Ok, &[], "FR3, FR29"),
    e(C::DeviceLnaBlocked, Error, &[], "FR3, FR32"),
    e(C::DeviceLnaPrompt, Warning, &[], "FR3, FR30"),
    with_recipes(
        C::DeviceNameUnresolved,
        Error,
        &[CopyRouterRecipe],
        RecipePart::Dns,
        "FR6, F1",
    ),
    e(C::DeviceCertUntrusted, Error, &[], "FR29"),
    e(C::DeviceBoxUnreachable, Error, &[], "FR25"),
    e(C::DeviceHttpOnly, Warning, &[], "FR4, FR5"),
    e(C::DeviceNoLnaPath, Warning, &[], "FR5, audit-2 N1"),
    // No device reached the check page: the laptop's network or firewall (issue 18).
    e(C::CheckPageUnreached, Warning, &[], "issue 18"),
    e(C::TerminalPortClosed, Warning, &[RestartOdoo], "FR19, FR21"),
    e(C::BoxAddressNotReserved, Info, &[], "FR21"),
    // Reading boxes from Odoo databases (`odoo_db`, the fleet); field-research-2026-12.md §2.3.
    e(C::OdooUrlInvalid, Error, &[], "fleet"),
    e(C::OdooUrlNotHttps, Error, &[], "fleet"),
    e(C::OdooApiKeyMissing, Error, &[], "fleet"),
    e(C::OdooUnreachable, Error, &[Retry], "fleet"),
    e(C::OdooRedirected, Error, &[], "fleet"),
    e(C::OdooNotOdoo, Error, &[Retry], "fleet"),
    e(C::OdooAuthFailed, Error, &[], "fleet"),
    e(C::OdooDatabaseNotFound, Error, &[], "fleet"),
    e(C::OdooIotAccessDenied, Error, &[Retry], "fleet"),
    e(C::OdooNoIotApp, Error, &[Retry], "fleet"),
    e(C::OdooJsonrpcDeprecated, Error, &[Retry], "fleet"),
    e(C::OdooBadAnswer, Error, &[Retry], "fleet"),
    // Fleet alerts (desktop notifications); `{box}`, `{database}`, `{days}` in the explanation.
    e(C::FleetRenewalOverdue, Warning, &[Retry], "fleet"),
    e(C::FleetCertificateExpired, Error, &[Retry], "fleet"),
    // The box's own answer contradicts the database's end date (merge's `NoCertificate`).
    e(C::FleetNoCertificate, Error, &[Retry], "fleet, audit-2 N8"),
    e(C::FleetBoxStoppedReporting, Warning, &[Retry], "fleet"),
    e(C::FleetDatabaseStoppedAnswering, Warning, &[Retry], "fleet"),
];

/// The catalogue entry of `code` (every code has one: tested).
pub fn entry(code: FindingCode) -> &'static Entry {
    CATALOGUE
        .iter()
        .find(|e| e.code == code)
        .unwrap_or(&FALLBACK)
}

/// Never used while the test below holds; keeps `entry` total without a panic path.
const FALLBACK: Entry = e(FindingCode::BoxNotOdoo, Warning, &[Retry], "");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_entry_and_every_text_in_every_language() {
        for code in FindingCode::ALL {
            assert_eq!(
                CATALOGUE.iter().filter(|e| e.code == *code).count(),
                1,
                "{code}"
            );
        }
        for lang in languages() {
            for entry in CATALOGUE {
                let t = texts(entry.code.as_str(), lang)
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
    fn recipes_go_with_their_button_and_to_the_findings_a_router_can_cause() {
        for entry in CATALOGUE {
            assert_eq!(
                entry.router_recipes.is_some(),
                entry.actions.contains(&CopyRouterRecipe),
                "{}",
                entry.code
            );
        }
        let part = |code| entry(code).router_recipes;
        assert_eq!(part(C::DnsRebindFiltered), Some(RecipePart::Dns));
        assert_eq!(part(C::DeviceNameUnresolved), Some(RecipePart::Dns));
        assert_eq!(part(C::OdooComUnreachable), Some(RecipePart::Https));
        assert_eq!(
            part(C::ErrIotHttpsLoadRequestException),
            Some(RecipePart::Https)
        );
        assert_eq!(part(C::CertExpired), None);
    }

    #[test]
    fn catalogue_keys_are_exactly_the_finding_codes() {
        let mut codes: Vec<&str> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
        codes.sort_unstable();
        for lang in languages() {
            assert_eq!(texts::finding_keys(lang), codes, "catalogue/{lang}.json");
        }
    }

    #[test]
    fn every_language_has_the_report_labels_of_english() {
        let en = texts::report_labels("en");
        assert!(en.len() > 20);
        for lang in languages() {
            assert_eq!(
                texts::report_labels(lang),
                en,
                "catalogue/{lang}.json report"
            );
        }
    }

    #[test]
    fn every_language_labels_every_family_and_generation() {
        use crate::box_api::ApiFamily;
        use crate::discovery::Generation;
        let mut names: Vec<&str> = ApiFamily::ALL.iter().map(|f| f.name()).collect();
        names.extend(Generation::ALL.iter().map(|g| g.name()));
        names.sort_unstable();
        names.dedup();
        for lang in languages() {
            assert_eq!(
                texts::family_keys(lang),
                names,
                "catalogue/{lang}.json families"
            );
        }
        // The label is the catalogue's word in the reader's language.
        assert_eq!(ApiFamily::LegacyHtml.label("de"), "Odoo 16.0 / frühe 17.0");
        assert_eq!(ApiFamily::LegacyHtml.label("xx"), "Odoo 16.0 / early 17.0");
        assert_eq!(Generation::Unknown.label("fr"), "version d'Odoo inconnue");
    }

    #[test]
    fn the_command_lines_count_by_the_readers_plural_rule() {
        let days = |lang, n: &str| cli_text("daysLeft", lang, &[("days", n.to_owned())]);
        assert_eq!(days("fr", "1"), "1 jour restant");
        assert_eq!(days("fr", "0"), "0 jour restant");
        assert_eq!(days("en", "1"), "1 day left");
        assert_eq!(days("de", "2"), "noch 2 Tage");
    }

    #[test]
    fn every_language_has_the_startup_texts_of_english() {
        let en = texts::startup_keys("en");
        assert_eq!(en, ["webview2Missing.body", "webview2Missing.title"]);
        for lang in languages() {
            assert_eq!(
                texts::startup_keys(lang),
                en,
                "catalogue/{lang}.json startup"
            );
            for key in &en {
                let text = texts::startup_text(key, lang);
                assert!(!text.is_empty(), "{lang} {key}");
                assert!(
                    lang == "en" || text != texts::startup_text(key, "en"),
                    "{lang} {key} is not translated"
                );
            }
        }
        assert!(texts::startup_text("webview2Missing.body", "en").contains("Evergreen"));
    }

    #[test]
    fn a_locale_picks_its_catalogue_language_or_english() {
        assert_eq!(language_for("nl_BE.UTF-8"), "nl");
        assert_eq!(language_for("NL"), "nl");
        assert_eq!(language_for("de_AT.UTF-8"), "de");
        assert_eq!(language_for("es-MX"), "es");
        assert_eq!(language_for("fr_CA@euro"), "fr");
        assert_eq!(language_for("pt_BR.UTF-8"), "en");
        assert_eq!(language_for("C"), "en");
        assert_eq!(language_for(""), "en");
    }

    #[test]
    fn odoo_codes_are_catalogued_verbatim() {
        for code in crate::box_api::certificate::ODOO_CODES {
            let parsed: FindingCode = code.parse().unwrap();
            assert!(FindingCode::ODOO.contains(&parsed), "{code}");
        }
    }
}
