//! The verdict rules: a pure function from what a device reported to findings, first finding =
//! the device's verdict. The page only measures; the window and the CLI only show.
//!
//! What tells the failures apart (the browser gives the page nothing but "failed"):
//! - HTTPS by name works → the device is fine for the HTTPS path.
//! - Everything fails and the page's own LNA permission is denied/pending (in a secure
//!   context, where the state means something) on a browser that enforces LNA → permission.
//! - Everything fails otherwise → the device does not reach the box at all.
//! - Plain HTTP by name works but HTTPS by name does not → the name resolves and reaches the
//!   box, so the certificate is what the device refuses (its trust store).
//! - Plain HTTP by IP works but not by name → the device's resolver (or the browser's own
//!   encrypted DNS) does not give the box's address for the name.

use super::browser::{Browser, BrowserFamily};
use super::report::{DeviceReport, PermissionState, ProbeOutcome, ProbeResult};
use super::session::CheckTarget;
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Severity, Source};

pub fn assess(report: &DeviceReport, browser: &Browser, target: &CheckTarget) -> Vec<Finding> {
    let https = &report.https_by_name;
    let name_http = &report.http_by_name;
    let ip_http = &report.http_by_ip;
    let urls = target.probe_urls();
    let mut ev = vec![if browser.os.is_empty() {
        Evidence::new(E::DeviceBrowserUnknownOs)
    } else {
        Evidence::new(E::DeviceBrowser).arg("os", &browser.os)
    }
    .arg("name", &browser.name)
    .arg("version", &browser.version)];
    ev.push(probe_fact(&urls.https_by_name, https));
    ev.push(probe_fact(&urls.http_by_name, name_http));
    ev.push(probe_fact(&Some(urls.http_by_ip.clone()), ip_http));
    ev.push(Evidence::new(match report.permission {
        PermissionState::Granted => E::LnaPermissionGranted,
        PermissionState::Prompt => E::LnaPermissionPrompt,
        PermissionState::Denied => E::LnaPermissionDenied,
        PermissionState::Unsupported => E::LnaPermissionUnsupported,
    }));
    if !report.secure_context {
        ev.push(Evidence::new(E::NotSecureContext));
    }

    let mut findings = Vec::new();
    let permission = report.secure_context.then_some(report.permission);
    let lna_knowable = browser.enforces_lna
        || matches!(
            permission,
            Some(PermissionState::Denied | PermissionState::Prompt | PermissionState::Granted)
        );
    let all_failed = https.failed() && ip_http.failed() && !name_http.ok();

    if https.ok() {
        findings.push(device_finding(C::DeviceOk, ev.clone()));
        if browser.enforces_lna && permission != Some(PermissionState::Granted) {
            // The page reached the box, but the Odoo site is another origin with its own
            // permission, which no other page can read: say what to check there.
            let mut advice = device_finding(C::DeviceLnaPrompt, ev.clone());
            advice.severity = Severity::Info;
            findings.push(advice);
        }
    } else if all_failed && lna_knowable && permission == Some(PermissionState::Denied) {
        findings.push(device_finding(C::DeviceLnaBlocked, ev.clone()));
    } else if all_failed && lna_knowable && permission == Some(PermissionState::Prompt) {
        findings.push(device_finding(C::DeviceLnaPrompt, ev.clone()));
    } else if all_failed {
        findings.push(device_finding(C::DeviceBoxUnreachable, ev.clone()));
    } else if https.failed() && name_http.ok() {
        let mut e = ev.clone();
        if browser.old_android_trust_store {
            e.push(Evidence::new(E::OldAndroidTrustStore));
        }
        findings.push(device_finding(C::DeviceCertUntrusted, e));
    } else if https.failed() && ip_http.ok() {
        let mut e = ev.clone();
        if browser.family == BrowserFamily::Firefox {
            e.push(Evidence::new(E::FirefoxTrrDropsPrivate));
        }
        findings.push(device_finding(C::DeviceNameUnresolved, e));
    } else if https.outcome == ProbeOutcome::Skipped && !ip_http.ok() {
        findings.push(device_finding(C::DeviceBoxUnreachable, ev.clone()));
    }

    if !https.ok() && ip_http.ok() {
        let mut e = ev;
        e.push(
            Evidence::new(if browser.enforces_lna {
                E::LnaPathUsable
            } else {
                E::LnaPathUnusable
            })
            .arg("name", &browser.name)
            .arg("version", &browser.version),
        );
        findings.push(device_finding(C::DeviceHttpOnly, e));
    }
    findings
}

fn device_finding(code: C, evidence: Vec<Evidence>) -> Finding {
    Finding::new(code, Source::Device, evidence)
}

fn probe_fact(url: &Option<String>, probe: &ProbeResult) -> Evidence {
    let Some(url) = url else {
        return Evidence::new(E::ProbeNoName);
    };
    let kind = match probe.outcome {
        ProbeOutcome::Ok => E::ProbeOk,
        ProbeOutcome::Failed => E::ProbeFailed,
        ProbeOutcome::Timeout => E::ProbeTimeout,
        ProbeOutcome::Skipped => E::ProbeSkipped,
    };
    Evidence::new(kind).arg("url", url).arg("ms", probe.ms).arg(
        "detail",
        probe
            .detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::report::{ProbeOutcome, ProbeOutcome::*};
    use super::*;

    const CHROME_156: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    const FIREFOX: &str = "Mozilla/5.0 (Windows NT 10.0; rv:146.0) Gecko/20100101 Firefox/146.0";
    const SAFARI: &str = "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

    fn probe(outcome: ProbeOutcome) -> ProbeResult {
        ProbeResult {
            outcome,
            ms: 12,
            detail: None,
        }
    }

    fn codes(
        ua: &str,
        permission: PermissionState,
        secure: bool,
        probes: [ProbeOutcome; 3],
    ) -> Vec<String> {
        let report = DeviceReport {
            device_id: "device-0001".into(),
            user_agent: ua.into(),
            brands: vec![],
            secure_context: secure,
            permission,
            https_by_name: probe(probes[0]),
            http_by_name: probe(probes[1]),
            http_by_ip: probe(probes[2]),
        };
        let target = CheckTarget::example();
        let browser = Browser::identify(ua, &[]);
        assess(&report, &browser, &target)
            .into_iter()
            .map(|f| f.code.to_string())
            .collect()
    }

    #[test]
    fn a_device_that_loads_the_https_name_is_ok() {
        assert_eq!(
            codes(CHROME_156, PermissionState::Granted, true, [Ok, Ok, Ok]),
            ["DEVICE_OK"]
        );
        assert_eq!(
            codes(SAFARI, PermissionState::Unsupported, true, [Ok, Ok, Ok]),
            ["DEVICE_OK"]
        );
    }

    #[test]
    fn an_ok_chrome_without_a_granted_permission_gets_the_lna_advice_as_info() {
        let report_codes = codes(CHROME_156, PermissionState::Prompt, true, [Ok, Ok, Ok]);
        assert_eq!(report_codes, ["DEVICE_OK", "DEVICE_LNA_PROMPT"]);
    }

    #[test]
    fn everything_failing_with_a_denied_permission_is_lna_blocked() {
        assert_eq!(
            codes(
                CHROME_156,
                PermissionState::Denied,
                true,
                [Failed, Failed, Failed]
            ),
            ["DEVICE_LNA_BLOCKED"]
        );
        assert_eq!(
            codes(
                CHROME_156,
                PermissionState::Prompt,
                true,
                [Failed, Failed, Timeout]
            ),
            ["DEVICE_LNA_PROMPT"]
        );
    }

    #[test]
    fn a_permission_state_outside_a_secure_context_does_not_count() {
        assert_eq!(
            codes(
                CHROME_156,
                PermissionState::Denied,
                false,
                [Failed, Failed, Failed]
            ),
            ["DEVICE_BOX_UNREACHABLE"]
        );
    }

    #[test]
    fn name_reaches_the_box_over_http_but_https_fails_is_a_trust_failure() {
        assert_eq!(
            codes(CHROME_156, PermissionState::Granted, true, [Failed, Ok, Ok]),
            ["DEVICE_CERT_UNTRUSTED", "DEVICE_HTTP_ONLY"]
        );
    }

    #[test]
    fn ip_works_but_not_the_name_is_a_name_failure() {
        let c = codes(
            FIREFOX,
            PermissionState::Unsupported,
            true,
            [Failed, Failed, Ok],
        );
        assert_eq!(c, ["DEVICE_NAME_UNRESOLVED", "DEVICE_HTTP_ONLY"]);
    }

    #[test]
    fn the_http_only_finding_says_whether_the_lna_path_is_usable() {
        let target = CheckTarget::example();
        let mut report = DeviceReport {
            device_id: "device-0001".into(),
            user_agent: SAFARI.into(),
            brands: vec![],
            secure_context: true,
            permission: PermissionState::Unsupported,
            https_by_name: probe(Failed),
            http_by_name: probe(Failed),
            http_by_ip: probe(Ok),
        };
        let safari = assess(&report, &Browser::identify(SAFARI, &[]), &target);
        assert_eq!(safari[1].evidence.last().unwrap().kind, E::LnaPathUnusable);
        report.user_agent = CHROME_156.into();
        let chrome = assess(&report, &Browser::identify(CHROME_156, &[]), &target);
        assert_eq!(chrome[1].evidence.last().unwrap().kind, E::LnaPathUsable);
    }

    #[test]
    fn no_name_and_no_ip_is_unreachable_and_evidence_names_the_urls() {
        let c = codes(
            SAFARI,
            PermissionState::Unsupported,
            true,
            [Skipped, Skipped, Failed],
        );
        assert_eq!(c, ["DEVICE_BOX_UNREACHABLE"]);
        let report = DeviceReport {
            device_id: "device-0001".into(),
            user_agent: SAFARI.into(),
            brands: vec![],
            secure_context: true,
            permission: PermissionState::Unsupported,
            https_by_name: probe(Failed),
            http_by_name: probe(Failed),
            http_by_ip: probe(Failed),
        };
        let f = assess(
            &report,
            &Browser::identify(SAFARI, &[]),
            &CheckTarget::example(),
        );
        assert!(
            f[0].evidence
                .iter()
                .any(|e| e.args.get("url").is_some_and(
                    |u| u == "https://192-168-1-50.d73e7513.odoo-iot.com/hw_proxy/hello"
                )),
            "{:?}",
            f[0].evidence
        );
        assert!(f[0].evidence.iter().any(|e| e
            .args
            .get("url")
            .is_some_and(|u| u == "http://192.168.1.50:8069/hw_proxy/hello")));
    }
}
