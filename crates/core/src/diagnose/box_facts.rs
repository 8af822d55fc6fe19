//! Findings from what the box says: Odoo's codes as reported, and — for 18.3+ boxes that show
//! no code — the code inferred from the data fields, the logs and the served certificate.

use std::net::{IpAddr, SocketAddr};

use crate::box_api::log_facts::{LogFacts, StartupCause, StartupCrash};
use crate::box_api::web_filter::{filter_sign, FilterSign};
use crate::box_api::{BoxCertificate, BoxReport, CodeSource, Pairing};
use crate::error::CoreError;
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Source};
use crate::neighbours::MacCheck;
use crate::tls::{CertificateClass, TlsAssessment};

pub fn unreachable_or_not_odoo(err: &CoreError, target: SocketAddr) -> Finding {
    let code = match err {
        CoreError::Unreachable { .. }
        | CoreError::Timeout { .. }
        | CoreError::ConnectionLost { .. } => C::BoxUnreachable,
        _ => C::BoxNotOdoo,
    };
    Finding::new(
        code,
        Source::Laptop,
        vec![Evidence::new(E::NoAnswer)
            .arg("url", format!("http://{target}"))
            .error_arg("error", err)],
    )
}

/// `BOX_MAC_MISMATCH` when the laptop's neighbour table shows another network card at the
/// box's address than the MAC the box reports (`neighbours`).
pub fn mac_finding(link: &MacCheck, reached: IpAddr) -> Option<Finding> {
    let MacCheck::Mismatch {
        reported,
        neighbour,
    } = link
    else {
        return None;
    };
    Some(Finding::new(
        C::BoxMacMismatch,
        Source::Laptop,
        vec![Evidence::new(E::MacMismatch)
            .arg("reported", reported)
            .arg("ip", reached)
            .arg("neighbour", neighbour)],
    ))
}

/// `box_clock_ahead`: the box's `Date` runs ahead of the laptop beyond the skew limit
/// (`clock::ahead`).
pub fn findings(
    report: &BoxReport,
    served: Option<&TlsAssessment>,
    facts: &LogFacts,
    box_clock_ahead: bool,
) -> Vec<Finding> {
    let status = &report.status;
    let mut out = Vec::new();
    let no_route = no_default_route(report, facts);
    out.extend(no_route.clone());
    if status.access_point {
        out.push(Finding::new(
            C::BoxAccessPointMode,
            Source::ReportedByBox,
            vec![Evidence::new(E::AccessPoint)
                .arg("ip", status.ip.as_deref().unwrap_or("10.11.12.1"))],
        ));
    }
    if let Pairing::NotPaired {
        code_expired: true, ..
    } = status.pairing
    {
        out.push(Finding::new(
            C::PairingCodeExpired,
            Source::ReportedByBox,
            vec![Evidence::new(E::PairingCodeExpired)],
        ));
    }
    match &report.certificate_state {
        BoxCertificate::Failed { odoo_code } => {
            let mut evidence = vec![match odoo_code.source {
                CodeSource::InferredFromText => Evidence::new(E::BoxMessageReadAs),
                _ => Evidence::new(E::BoxReportsCode),
            }
            .arg("family", status.family)
            .arg("code", &odoo_code.code)];
            if let Some(s) = odoo_code.http_status {
                evidence.push(Evidence::new(E::OdooComHttpStatus).arg("status", s));
            }
            if let Some(d) = &odoo_code.detail {
                evidence.push(Evidence::quote(d));
            }
            // The box client only reports Odoo's six codes (`ODOO_CODES`); anything else would
            // be a new code we cannot explain yet.
            let mut code = odoo_code.code.parse().unwrap_or(C::BoxNoCertificateNoCode);
            // Not odoo.com but a filter answering for it: that cause, with its own steps.
            let sign = filter_sign(odoo_code);
            if let Some(sign) = sign {
                code = C::OdooComFiltered;
                evidence.push(match sign {
                    FilterSign::BlockStatus { status } => {
                        Evidence::new(E::FilterBlockStatus).arg("status", status)
                    }
                    FilterSign::NotJson => Evidence::new(E::FilterNotJson),
                });
            }
            let mut finding = Finding::new(code, odoo_code.source.into(), evidence)
                .with_detail(odoo_code.http_status, odoo_code.detail.clone());
            // The box's words name the cause (the failing layer, odoo.com's status, …).
            if let Some(cause) = super::causes::of_odoo_code(code, odoo_code, sign, facts) {
                finding = finding.with_cause(cause);
            }
            out.push(finding);
        }
        BoxCertificate::NoValidCertificate => {
            // The log says why: the start-up thread died before (or while) asking odoo.com;
            // or the box has no IP of its own, so it skipped the request.
            if let Some(crash) = &facts.startup_crash {
                out.push(startup_crash_finding(crash));
            } else if no_route.is_none() {
                out.extend(infer_without_code(report, served, facts, box_clock_ahead));
            }
        }
        BoxCertificate::Unrecognised { text } => out.push(
            Finding::new(
                C::BoxNoCertificateNoCode,
                Source::InferredFromText,
                vec![Evidence::new(E::BoxSays).arg("text", text)],
            )
            .with_detail(None, Some(text.clone())),
        ),
        BoxCertificate::Valid { .. } | BoxCertificate::Generated | BoxCertificate::NotReported => {}
    }
    out
}

/// An 18.3+ box with `certificate_end_date: null` and no cause in its logs: what its data
/// fields say, in the order the box itself checks them (`@require_db`, then the database
/// UUID; docs/protocol/credentials.md).
/// `None`: the cause is the box's clock, which `CLOCK_SKEW` names (`clock_explains`).
fn infer_without_code(
    report: &BoxReport,
    served: Option<&TlsAssessment>,
    facts: &LogFacts,
    box_clock_ahead: bool,
) -> Option<Finding> {
    let status = &report.status;
    let data = |code: C, facts: Vec<Evidence>| Finding::new(code, Source::InferredFromData, facts);
    if status.access_point {
        return Some(data(
            C::ErrIotHttpsCheckNoServer,
            vec![Evidence::new(E::AccessPointNoServer)],
        ));
    }
    if let (Pairing::NotPaired { .. }, Some(server)) = (&status.pairing, &status.new_database_url) {
        return Some(Finding::new(
            C::PairingInProgress,
            Source::ReportedByBox,
            vec![Evidence::new(E::PairingAccepted).arg("server", server)],
        ));
    }
    if let Pairing::NotPaired { .. } = status.pairing {
        let mut evidence = vec![Evidence::new(E::NotPaired)];
        // Pairing codes come from iot-proxy.odoo.com: no pairing while it cannot be reached.
        if let Some(box_words) = &facts.iot_proxy_unreachable {
            evidence.push(Evidence::new(E::IotProxyUnreachable).arg("error", box_words));
        }
        let finding = data(C::ErrIotHttpsCheckNoServer, evidence);
        return Some(match super::causes::not_paired(facts) {
            Some(cause) => finding.with_cause(cause),
            None => finding,
        });
    }
    // 18.3+ boxes return before any request when the database UUID is missing, and send the
    // contract code only if they have one: a missing code alone is not the cause.
    if status.credentials.db_uuid.is_none() {
        return Some(data(
            C::ErrIotHttpsLoadNoCredential,
            vec![Evidence::new(E::MissingDbUuidAlone)],
        ));
    }
    // nginx serves a good certificate the box says it does not have: it cannot read its file —
    // unless the box's clock runs ahead, so that the box sees it inside its renewal window
    // (`now > notAfter - 10 d` on the box's clock, `tools/certificate.py` @371fe6a0).
    let served_good = served_good(served);
    if served_good && box_clock_ahead {
        return None;
    }
    if served_good {
        return Some(data(
            C::ErrIotHttpsCheckCertReadException,
            vec![Evidence::new(E::ServedButNotReported)],
        ));
    }
    Some(data(
        C::BoxNoCertificateNoCode,
        vec![Evidence::new(E::NoEndDateNoCause)],
    ))
}

/// nginx serves a real certificate in its dates (trusted, or untrusted but not self-signed).
pub fn served_good(served: Option<&TlsAssessment>) -> bool {
    served.and_then(TlsAssessment::verdict).is_some_and(|v| {
        v.primary == CertificateClass::Valid
            || v.primary == CertificateClass::Untrusted && !v.leaf().self_signed
    })
}

/// What the box's clock running ahead explains while nginx serves a good certificate: the
/// clock puts every certificate inside the box's renewal window (or past its end), so an 18.3+
/// box reports none (`BoxClockSeesRenewal`) and a 16.0 – saas-18.2 box downloads a new one at
/// every status read and says it generated one (`BoxClockRenewsEachRead`: `check_certificate`
/// then `load_certificate`, `addons/hw_drivers/tools/helpers.py` @a1926979). A Windows IoT of
/// those versions restarts Odoo after each download (`BoxClockRestartsEachRead`,
/// [`restarts_after_each_download`]): decided from its own answer, since the served-certificate
/// probe may have met the restart this read caused. `None`: nothing.
pub fn clock_explains(
    report: &BoxReport,
    served: Option<&TlsAssessment>,
    box_clock_ahead: bool,
) -> Option<E> {
    if !box_clock_ahead {
        return None;
    }
    if restarts_after_each_download(report) && !served_known_bad(served) {
        return Some(E::BoxClockRestartsEachRead);
    }
    if !served_good(served) {
        return None;
    }
    match report.certificate_state {
        BoxCertificate::NoValidCertificate => Some(E::BoxClockSeesRenewal),
        BoxCertificate::Generated => Some(E::BoxClockRenewsEachRead),
        _ => None,
    }
}

/// A Windows IoT of 16.0 – saas-18.2 that answered "The HTTPS certificate was generated
/// correctly": the status read itself ran `get_certificate_status()`, downloaded a certificate
/// that the box's clock still sees inside its renewal window, and writing it called
/// `odoo_restart(0)` (`addons/hw_drivers/tools/helpers.py` @a1926979). Its start-up check does the
/// same (`addons/hw_drivers/main.py` @f0bb044b): with the clock ahead the box restarts in a loop.
pub fn restarts_after_each_download(report: &BoxReport) -> bool {
    matches!(
        report.status.family,
        crate::box_api::ApiFamily::LegacyHtml | crate::box_api::ApiFamily::HwPosboxStatus
    ) && report.status.flavour == crate::box_api::OsFlavour::Windows
        && matches!(report.certificate_state, BoxCertificate::Generated)
}

/// The laptop judged what nginx serves and it is not good (temporary, expired, self-signed…):
/// that keeps its own findings, and the box's clock does not explain it.
fn served_known_bad(served: Option<&TlsAssessment>) -> bool {
    served.and_then(TlsAssessment::verdict).is_some() && !served_good(served)
}

/// 18.3+ find their own IP through a connection towards the gateway (`get_ip()`,
/// `addons/iot_drivers/tools/system.py` @06d82b35): without a default route it fails, the data
/// route says `ip: null`, `@require_db` skips the certificate, and the database is told
/// `127.0.0.1` (`main.py` @00067bed `_get_domain`). The laptop still reaches the box by its
/// address, which is not the box's own report.
fn no_default_route(report: &BoxReport, facts: &LogFacts) -> Option<Finding> {
    let status = &report.status;
    let reports_ip = matches!(
        status.family,
        crate::box_api::ApiFamily::HwPosboxEndDate | crate::box_api::ApiFamily::IotDrivers
    );
    if !reports_ip || status.ip.is_some() || status.access_point {
        return None;
    }
    let mut evidence = vec![Evidence::new(E::NoOwnIp).arg("address", &status.address)];
    if facts.no_local_ip {
        evidence.push(Evidence::new(E::LogNoLocalIp));
    }
    Some(Finding::new(
        C::BoxNoDefaultRoute,
        Source::ReportedByBox,
        evidence,
    ))
}

/// The IoT service's start-up thread died (docs/protocol/restarts.md "When the start-up thread
/// dies"): no certificate attempt, no devices, no connection to the database, until the cause
/// is fixed and Odoo starts again.
pub(crate) fn startup_crash_finding(crash: &StartupCrash) -> Finding {
    let code = match crash.cause {
        StartupCause::DatabaseUnreachable => C::IotServiceStoppedDatabase,
        StartupCause::OdooComNoCertificate => C::IotServiceStoppedOdooCom,
        StartupCause::NginxFailed | StartupCause::Other => C::IotServiceStopped,
    };
    Finding::new(
        code,
        Source::InferredFromLogs,
        vec![
            Evidence::new(E::StartupThreadDied).arg("exception", &crash.exception),
            Evidence::quote(&crash.traceback),
        ],
    )
    .with_detail(None, Some(crash.exception.clone()))
}

#[cfg(test)]
mod mac_tests {
    use super::*;

    #[test]
    fn a_mac_mismatch_is_an_error_finding_and_unknown_is_none() {
        let ip = IpAddr::from([192, 168, 1, 50]);
        let mismatch = MacCheck::Mismatch {
            reported: "b8:27:eb:00:00:01".into(),
            neighbour: "aa:bb:cc:dd:ee:ff".into(),
        };
        let finding = mac_finding(&mismatch, ip).unwrap();
        assert_eq!(finding.code, C::BoxMacMismatch);
        assert_eq!(finding.severity(), crate::findings::Severity::Error);
        for quiet in [MacCheck::Agrees, MacCheck::Unknown] {
            assert!(mac_finding(&quiet, ip).is_none());
        }
    }
}
