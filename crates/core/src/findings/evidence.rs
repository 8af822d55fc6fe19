//! Evidence as facts: what a finding rests on, as a kind and its values, never a sentence.
//! The sentence is a template per kind and language (`"evidence"` in `catalogue/<lang>.json`,
//! `{name}` placeholders filled from `args`); the CLI, the reports and the window render it in
//! the reader's language with the same rule ([`Evidence::render`], `ui/src/lib/evidence.ts`).
//!
//! Adding a kind: one line in the `string_enum!` below and its template in every catalogue file
//! (a test checks every language has every kind, with the same placeholders as English); then
//! `UPDATE_BINDINGS=1 cargo test -p iot-https-core --features ts bindings`. A producer writes
//! `Evidence::new(EvidenceKind::HttpsName).arg("name", name)`. The box's own words (log lines,
//! error text) are `Evidence::quote(text)`: shown verbatim in every language. Converting an
//! English evidence line of an older producer is mechanical: `Evidence::quote(line)` keeps it
//! as it was; a kind of its own makes it translatable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

string_enum! {
    pub enum EvidenceKind, text: key {
        Quote = "quote",
        BoxSays = "boxSays",
        NoAnswer = "noAnswer",
        OdooWithoutIot = "odooWithoutIot",
        WindowsOlderBranch = "windowsOlderBranch",
        AccessPoint = "accessPoint",
        PairingCodeExpired = "pairingCodeExpired",
        BoxReportsCode = "boxReportsCode",
        OdooComHttpStatus = "odooComHttpStatus",
        AccessPointNoServer = "accessPointNoServer",
        NotPaired = "notPaired",
        MissingDbUuid = "missingDbUuid",
        MissingContractCode = "missingContractCode",
        ServedButNotReported = "servedButNotReported",
        NoEndDateNoCause = "noEndDateNoCause",
        HttpsClosed = "httpsClosed",
        NoReadableCertificate = "noReadableCertificate",
        ServedCertificate = "servedCertificate",
        ValidityPeriod = "validityPeriod",
        NamesDoNotCover = "namesDoNotCover",
        NotTrusted = "notTrusted",
        NoTrustedRoot = "noTrustedRoot",
        RenewsFrom = "renewsFrom",
        BoxReportsValidUntil = "boxReportsValidUntil",
        ServedValidUntil = "servedValidUntil",
        HttpsName = "httpsName",
        OdooComUnreachable = "odooComUnreachable",
        ClockAhead = "clockAhead",
        ClockBehind = "clockBehind",
        ResolverAnswered = "resolverAnswered",
        ResolverNoData = "resolverNoData",
        ResolverNxDomain = "resolverNxDomain",
        ResolverRefused = "resolverRefused",
        ResolverServFail = "resolverServFail",
        ResolverTimeout = "resolverTimeout",
        ResolverFailed = "resolverFailed",
        ResolverNotAsked = "resolverNotAsked",
        ResolverConfirms = "resolverConfirms",
        NameEncodesExpected = "nameEncodesExpected",
        BoxReachedAt = "boxReachedAt",
        AnswerIsBoxAddress = "answerIsBoxAddress",
        AnswerNotBoxAddress = "answerNotBoxAddress",
        NameEncodes = "nameEncodes",
        BoxReportsReachedAt = "boxReportsReachedAt",
        MacMismatch = "macMismatch",
        BoxReportsReachedThere = "boxReportsReachedThere",
        StaleName = "staleName",
        NoResolverKnows = "noResolverKnows",
        SystemResolverNotAvailable = "systemResolverNotAvailable",
        RebindRange = "rebindRange",
        NotPrivateYetHidden = "notPrivateYetHidden",
        LocalFilter = "localFilter",
        NoPublicResolverGiven = "noPublicResolverGiven",
        NoPublicResolverAnswered = "noPublicResolverAnswered",
        SystemResolverSilent = "systemResolverSilent",
        SystemResolverNotAsked = "systemResolverNotAsked",
        NoResolverAnswered = "noResolverAnswered",
        ResolvesCorrectly = "resolvesCorrectly",
        BoxMessageReadAs = "boxMessageReadAs",
        MissingDbUuidAlone = "missingDbUuidAlone",
        ApiFamilyDetected = "apiFamilyDetected",
        ApiFamilyUnknown = "apiFamilyUnknown",
        PingAnswers = "pingAnswers",
        StatusTimedOut = "statusTimedOut",
        StatusWaitsForOdooCom = "statusWaitsForOdooCom",
        BoxLogRecord = "boxLogRecord",
        WindowsDateBug = "windowsDateBug",
        TracebackIsCode = "tracebackIsCode",
        TracebackUnknown = "tracebackUnknown",
        LogNoTraceback = "logNoTraceback",
        LogUnreadable = "logUnreadable",
        CrashCertificateFile = "crashCertificateFile",
        CrashOdooComRefused = "crashOdooComRefused",
        CrashOdooComRefusal = "crashOdooComRefusal",
        FilterBlockStatus = "filterBlockStatus",
        FilterNotJson = "filterNotJson",
        CrashOdooComNotJson = "crashOdooComNotJson",
        OdooComIntercepted = "odooComIntercepted",
        NameGiven = "nameGiven",
        NameFromBoxStatus = "nameFromBoxStatus",
        NameFromBoxLog = "nameFromBoxLog",
        NameFromServedCertificate = "nameFromServedCertificate",
        NameFromEarlierCertificate = "nameFromEarlierCertificate",
        NameFromDatabase = "nameFromDatabase",
        NoOdooName = "noOdooName",
        NoOdooIotName = "noOdooIotName",
        DeviceBrowser = "deviceBrowser",
        DeviceBrowserUnknownOs = "deviceBrowserUnknownOs",
        ProbeNoName = "probeNoName",
        ProbeOk = "probeOk",
        ProbeFailed = "probeFailed",
        ProbeTimeout = "probeTimeout",
        ProbeSkipped = "probeSkipped",
        LnaPermissionGranted = "lnaPermissionGranted",
        LnaPermissionPrompt = "lnaPermissionPrompt",
        LnaPermissionDenied = "lnaPermissionDenied",
        LnaPermissionUnsupported = "lnaPermissionUnsupported",
        NotSecureContext = "notSecureContext",
        OldAndroidTrustStore = "oldAndroidTrustStore",
        FirefoxTrrDropsPrivate = "firefoxTrrDropsPrivate",
        LnaPathUsable = "lnaPathUsable",
        LnaPathUnusable = "lnaPathUnusable",
        LnaNoPort80 = "lnaNoPort80",
        LnaOnInDatabase = "lnaOnInDatabase",
        LnaOffInDatabase = "lnaOffInDatabase",
        WorldlinePortClosedPi = "worldlinePortClosedPi",
        WorldlinePortClosedWindows = "worldlinePortClosedWindows",
        TerminalsUseBoxAddress = "terminalsUseBoxAddress",
        SixTerminalId = "sixTerminalId",
        StartupThreadDied = "startupThreadDied",
        IotProxyUnreachable = "iotProxyUnreachable",
        NoOwnIp = "noOwnIp",
        LogNoLocalIp = "logNoLocalIp",
        PairingAccepted = "pairingAccepted",
        LogCertFileUnreadable = "logCertFileUnreadable",
        BoxClockSeesRenewal = "boxClockSeesRenewal",
        BoxClockRenewsEachRead = "boxClockRenewsEachRead",
        BoxClockRestartsEachRead = "boxClockRestartsEachRead",
        WatchServedUnverified = "watchServedUnverified",
        WatchNoResult = "watchNoResult",
        WatchNotBack = "watchNotBack",
        WatchUpdateWeekly = "watchUpdateWeekly",
        WatchUpdateDebian = "watchUpdateDebian",
    }
}

/// One fact: a kind and the values its template names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub args: BTreeMap<String, String>,
}

impl Evidence {
    pub fn new(kind: EvidenceKind) -> Self {
        Self {
            kind,
            args: BTreeMap::new(),
        }
    }

    /// Sets the value of `{name}`.
    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.insert(name.to_owned(), value.to_string());
        self
    }

    /// Sets `{name, error}` to `err`, worded by the catalogue in the reader's language
    /// (`findings::error_arg`); never `.arg(name, err)`, which would be `CoreError`'s English.
    pub fn error_arg(mut self, name: &str, err: &crate::error::CoreError) -> Self {
        self.args.extend(super::error_arg::args_of(name, err));
        self
    }

    /// Words of the box (or of the system) shown as they are, in every language.
    pub fn quote(text: impl ToString) -> Self {
        Self::new(EvidenceKind::Quote).arg("text", text)
    }

    /// The sentence in `lang` (English when the language lacks the kind). A placeholder
    /// without a value stays visible as `{name}` rather than vanishing.
    pub fn render(&self, lang: &str) -> String {
        let template = super::texts::evidence_template(self.kind.key(), lang).unwrap_or("{text}");
        fill_in(template, &self.args, lang)
    }
}

/// Replaces every `{name}` of `template` with its value in `args` (English plural rules).
pub fn fill(template: &str, args: &BTreeMap<String, String>) -> String {
    fill_in(template, args, "en")
}

/// Replaces every `{name}` of `template` with its value in `args`, and every
/// `{name, plural, one {…} other {…}}` with the form `lang` uses for that value
/// (`findings::plural`), and every `{name, error}` with the failure's sentence
/// (`findings::error_arg`). A placeholder without a value stays visible as written.
pub fn fill_in(template: &str, args: &BTreeMap<String, String>, lang: &str) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(len) = body_len(&rest[open + 1..]) else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let body = &rest[open + 1..open + 1 + len];
        if let Some(value) = args.get(body) {
            out.push_str(value);
        } else if let Some(failure) = super::error_arg::render(body, args, lang) {
            // A failure's catalogue sentence, final: values are never read as templates.
            out.push_str(&failure);
        } else {
            // The chosen form may hold placeholders of its own; the catalogue's nesting is
            // shallow and finite, so this recursion is too.
            match super::plural::select(body, args, lang) {
                Some(form) => out.push_str(&fill_in(&form, args, lang)),
                None => {
                    out.push('{');
                    out.push_str(body);
                    out.push('}');
                }
            }
        }
        rest = &rest[open + 1 + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The length of a placeholder's body up to its matching `}` (plural forms nest braces).
fn body_len(after_open: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in after_open.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The placeholder names of a template (a plural's counted name, and those inside its forms,
/// included), sorted and
/// without repeats.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    collect_placeholders(template, &mut names);
    names.sort_unstable();
    names.dedup();
    names
}

/// The names of `template`'s placeholders, those inside plural and select forms included.
fn collect_placeholders<'a>(template: &'a str, names: &mut Vec<&'a str>) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = body_len(&rest[open + 1..]) else {
            break;
        };
        let body = &rest[open + 1..open + 1 + len];
        names.push(body.split(',').next().unwrap_or(body).trim());
        for form in super::plural::forms_of(body).unwrap_or_default() {
            collect_placeholders(form, names);
        }
        rest = &rest[open + 1 + len + 1..];
    }
}

/// Every fact of a finding rendered in `lang`, one line each.
pub fn render_all(evidence: &[Evidence], lang: &str) -> Vec<String> {
    evidence.iter().map(|e| e.render(lang)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_each_language_and_keeps_missing_values_visible() {
        let e = Evidence::new(EvidenceKind::HttpsName).arg("name", "192-0-2-5.abc.odoo-iot.com");
        assert_eq!(
            e.render("en"),
            "the box's HTTPS name: 192-0-2-5.abc.odoo-iot.com"
        );
        assert!(e.render("nl").contains("192-0-2-5.abc.odoo-iot.com"));
        assert_ne!(e.render("nl"), e.render("en"));
        assert_eq!(e.render("xx"), e.render("en"));
        let missing = Evidence::new(EvidenceKind::HttpsName);
        assert_eq!(missing.render("en"), "the box's HTTPS name: {name}");
        assert_eq!(Evidence::quote("ERR {x} 503").render("de"), "ERR {x} 503");
    }

    #[test]
    fn every_language_has_every_kind_with_the_placeholders_of_english() {
        for kind in EvidenceKind::ALL {
            let en = super::super::texts::evidence_template(kind.key(), "en")
                .unwrap_or_else(|| panic!("en: no template for {}", kind.key()));
            for lang in super::super::languages() {
                let own = super::super::texts::own_evidence_template(kind.key(), lang)
                    .unwrap_or_else(|| panic!("{lang}: no template for {}", kind.key()));
                assert_eq!(placeholders(own), placeholders(en), "{lang} {}", kind.key());
            }
        }
        for lang in super::super::languages() {
            for key in super::super::texts::evidence_keys(lang) {
                assert!(
                    EvidenceKind::ALL.iter().any(|k| k.key() == key),
                    "{lang}: template for unknown kind {key}"
                );
            }
        }
    }

    #[test]
    fn serialises_kind_and_args() {
        let e = Evidence::new(EvidenceKind::OdooComHttpStatus).arg("status", 503);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"kind":"odooComHttpStatus","args":{"status":"503"}}"#
        );
    }
}
