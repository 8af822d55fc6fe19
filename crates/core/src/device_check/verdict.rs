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
//!
//! "By IP" is Odoo's Local Network Access path: `http://<box IP>/` on nginx's port 80, as
//! iot_base's `formatEndpoint` calls it (`network_utils/http.js` @d7d1ac2c). A Windows IoT has
//! no port-80 server, so no LNA path: where its HTTPS fails, or where the database turned
//! `use_lna` on for it, the device gets `DEVICE_NO_LNA_PATH`.

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
    ev.push(match &urls.http_by_ip {
        Some(url) => probe_fact(&Some(url.clone()), ip_http),
        None => Evidence::new(E::LnaNoPort80),
    });
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
    // Without an LNA path the IP probe is not tried, and counts as not reached.
    let ip_unreached = ip_http.failed() || (!target.has_lna_path() && !ip_http.ok());
    let all_failed = https.failed() && ip_unreached && !name_http.ok();

    if https.ok() {
        findings.push(device_finding(C::DeviceOk, ev.clone()));
        if browser.enforces_lna && permission != Some(PermissionState::Granted) {
            // The page reached the box, but the Odoo site is another origin with its own
            // permission, which no other page can read: say what to check there.
            findings
                .push(device_finding(C::DeviceLnaPrompt, ev.clone()).with_severity(Severity::Info));
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

    if !https.ok() && ip_http.ok() && target.has_lna_path() {
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
        e.extend(database_lna(target.use_lna));
        let mut finding = device_finding(C::DeviceHttpOnly, e);
        // The database sends this Chromium device by IP already: the POS works from here.
        if target.use_lna == Some(true) && browser.enforces_lna {
            finding = finding.with_severity(Severity::Info);
        }
        findings.push(finding);
    } else if !target.has_lna_path() {
        // Chromium devices follow the database's use_lna; other browsers always use HTTPS.
        let lna_in_use = target.use_lna == Some(true) && browser.enforces_lna;
        if !https.ok() || lna_in_use {
            let mut e = ev;
            e.push(Evidence::new(E::LnaNoPort80));
            e.extend(database_lna(target.use_lna));
            let mut finding = device_finding(C::DeviceNoLnaPath, e);
            if lna_in_use {
                finding = finding.with_severity(Severity::Error);
            }
            findings.push(finding);
        }
    }
    findings
}

/// What the database says about `use_lna` for this box, where it was read.
fn database_lna(use_lna: Option<bool>) -> Option<Evidence> {
    use_lna.map(|on| {
        Evidence::new(if on {
            E::LnaOnInDatabase
        } else {
            E::LnaOffInDatabase
        })
    })
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
            .is_some_and(|u| u == "http://192.168.1.50/hw_proxy/hello")));
    }

    fn windows() -> CheckTarget {
        CheckTarget {
            lna_port: None,
            ..CheckTarget::example()
        }
    }

    fn assess_with(ua: &str, target: &CheckTarget, probes: [ProbeOutcome; 3]) -> Vec<Finding> {
        let report = DeviceReport {
            device_id: "device-0001".into(),
            user_agent: ua.into(),
            brands: vec![],
            secure_context: true,
            permission: PermissionState::Granted,
            https_by_name: probe(probes[0]),
            http_by_name: probe(probes[1]),
            http_by_ip: probe(probes[2]),
        };
        assess(&report, &Browser::identify(ua, &[]), target)
    }

    fn code_list(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn the_lna_probe_is_odoos_path_on_nginx_port_80_not_odoo_on_8069() {
        let urls = CheckTarget::example().probe_urls();
        assert_eq!(
            urls.http_by_ip.as_deref(),
            Some("http://192.168.1.50/hw_proxy/hello")
        );
        assert_eq!(
            urls.http_by_name.as_deref(),
            Some("http://192-168-1-50.d73e7513.odoo-iot.com:8069/hw_proxy/hello"),
            "the DNS-only probe still talks to Odoo itself"
        );
        let rig = CheckTarget {
            lna_port: Some(18080),
            ..CheckTarget::example()
        };
        assert_eq!(
            rig.probe_urls().http_by_ip.as_deref(),
            Some("http://192.168.1.50:18080/hw_proxy/hello")
        );
        assert_eq!(windows().probe_urls().http_by_ip, None);
    }

    #[test]
    fn a_windows_iot_has_no_lna_path_and_the_verdict_says_so() {
        let f = assess_with(CHROME_156, &windows(), [Failed, Failed, Skipped]);
        assert_eq!(
            code_list(&f),
            ["DEVICE_BOX_UNREACHABLE", "DEVICE_NO_LNA_PATH"],
            "a skipped LNA probe is no reach"
        );
        assert_eq!(f[1].severity(), Severity::Warning);
        assert!(f[1].evidence.iter().any(|e| e.kind == E::LnaNoPort80));

        let f = assess_with(CHROME_156, &windows(), [Failed, Ok, Skipped]);
        assert_eq!(
            code_list(&f),
            ["DEVICE_CERT_UNTRUSTED", "DEVICE_NO_LNA_PATH"]
        );
        // HTTPS works and the database leaves LNA off: nothing to say.
        assert_eq!(
            code_list(&assess_with(CHROME_156, &windows(), [Ok, Ok, Skipped])),
            ["DEVICE_OK"]
        );
    }

    #[test]
    fn use_lna_from_the_database_shapes_the_advice() {
        // The database sends Chromium by IP to a Windows IoT: that fails even with good HTTPS.
        let on = CheckTarget {
            use_lna: Some(true),
            ..windows()
        };
        let f = assess_with(CHROME_156, &on, [Ok, Ok, Skipped]);
        assert_eq!(code_list(&f), ["DEVICE_OK", "DEVICE_NO_LNA_PATH"]);
        assert_eq!(f[1].severity(), Severity::Error);
        assert!(f[1].evidence.iter().any(|e| e.kind == E::LnaOnInDatabase));
        // Safari ignores use_lna (init_lna.js turns it off), so it uses HTTPS and is fine.
        assert_eq!(
            code_list(&assess_with(SAFARI, &on, [Ok, Ok, Skipped])),
            ["DEVICE_OK"]
        );

        // A Pi with use_lna on: a Chromium device that reaches it by IP is served already.
        let pi_on = CheckTarget {
            use_lna: Some(true),
            ..CheckTarget::example()
        };
        let f = assess_with(CHROME_156, &pi_on, [Failed, Failed, Ok]);
        assert_eq!(
            code_list(&f),
            ["DEVICE_NAME_UNRESOLVED", "DEVICE_HTTP_ONLY"]
        );
        assert_eq!(f[1].severity(), Severity::Info);
        // use_lna off: the same device is told the IP path exists if the database turns it on.
        let pi_off = CheckTarget {
            use_lna: Some(false),
            ..CheckTarget::example()
        };
        let f = assess_with(CHROME_156, &pi_off, [Failed, Failed, Ok]);
        assert_eq!(f[1].severity(), Severity::Warning);
        assert!(f[1].evidence.iter().any(|e| e.kind == E::LnaOffInDatabase));
    }
}
