//! Steps for the cause found (issue 19 item 10). A finding whose catalogue steps list several
//! alternative causes shows only the identified cause's steps when the assistant knows it (from
//! the log, the traceback, the served certificate); the generic list stays for an unknown cause.
//! Core decides the cause ([`Finding::steps_for`]); the catalogue holds each cause's steps under
//! the finding's `causeSteps` (`"certificateFile": […]`); CLI and window only look them up
//! ([`Texts::steps_for`], `stepsFor` in `ui/src/lib/catalogue.ts`).
//!
//! Adding a cause: a variant here, its pair in [`CAUSE_STEPS`], its steps under the finding's
//! `causeSteps` in every catalogue language (tested), and the producer's `with_cause`.

use serde::{Deserialize, Serialize};

use super::{Finding, FindingCode, Texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum StepsCause {
    /// The status route crashed on the certificate file (`OpenSSL.crypto.Error`,
    /// `PermissionError`): `box_api::status_error::CrashCause::CertificateFile`.
    CertificateFile,
    /// The status route crashed on odoo.com's answer without a certificate (`KeyError`).
    OdooComRefused,
    /// The status route crashed on a page that is not JSON: a web filter answered.
    WebFilter,
    /// saas-18.3 on Windows: the status page's own date-comparison bug.
    WindowsDateComparison,
    /// The box's request to www.odoo.com failed at name resolution
    /// (`box_api::request_failure::RequestFailure`, the same for the four below); for
    /// `ODOO_COM_UNREACHABLE`, this laptop could not resolve www.odoo.com.
    NameResolution,
    /// … was refused (a rejecting firewall rule).
    ConnectionRefused,
    /// … timed out (a dropping firewall, no Internet access).
    ConnectionTimedOut,
    /// … did not verify odoo.com's certificate (a filter inspecting HTTPS).
    TlsInspection,
    /// … failed at a proxy.
    Proxy,
    /// The box is a Raspberry Pi: its platform's steps only (`platform_steps.rs`).
    RaspberryPi,
    /// The box is a Windows virtual IoT: its platform's steps only.
    Windows,
    /// `CertificateFile` on a Raspberry Pi.
    CertificateFileRaspberryPi,
    /// `CertificateFile` on a Windows virtual IoT.
    CertificateFileWindows,
    /// odoo.com answered the certificate request with HTTP 5xx: down or overloaded.
    OdooComDown,
    /// odoo.com answered with HTTP 4xx (no filter's status): up, and it refused the request.
    OdooComAnswered,
    /// The box's log says it cannot reach iot-proxy.odoo.com, where pairing codes come from.
    IotProxyUnreachable,
}

impl StepsCause {
    pub fn key(self) -> &'static str {
        match self {
            Self::CertificateFile => "certificateFile",
            Self::OdooComRefused => "odooComRefused",
            Self::WebFilter => "webFilter",
            Self::WindowsDateComparison => "windowsDateComparison",
            Self::NameResolution => "nameResolution",
            Self::ConnectionRefused => "connectionRefused",
            Self::ConnectionTimedOut => "connectionTimedOut",
            Self::TlsInspection => "tlsInspection",
            Self::Proxy => "proxy",
            Self::RaspberryPi => "raspberryPi",
            Self::Windows => "windows",
            Self::CertificateFileRaspberryPi => "certificateFileRaspberryPi",
            Self::CertificateFileWindows => "certificateFileWindows",
            Self::OdooComDown => "odooComDown",
            Self::OdooComAnswered => "odooComAnswered",
            Self::IotProxyUnreachable => "iotProxyUnreachable",
        }
    }
}

/// The findings whose steps depend on a cause core can identify, and the causes each has
/// steps for. The platform keys (`RaspberryPi`, `Windows`, `…RaspberryPi`, `…Windows`) are
/// chosen by [`super::platform_steps`], never by a producer.
pub const CAUSE_STEPS: &[(FindingCode, StepsCause)] = &[
    (C::BoxStatusError, S::CertificateFile),
    (C::BoxStatusError, S::OdooComRefused),
    (C::BoxStatusError, S::WebFilter),
    (C::BoxStatusError, S::WindowsDateComparison),
    (C::BoxStatusError, S::CertificateFileRaspberryPi),
    (C::BoxStatusError, S::CertificateFileWindows),
    (C::ErrIotHttpsLoadRequestException, S::NameResolution),
    (C::ErrIotHttpsLoadRequestException, S::ConnectionRefused),
    (C::ErrIotHttpsLoadRequestException, S::ConnectionTimedOut),
    (C::ErrIotHttpsLoadRequestException, S::TlsInspection),
    (C::ErrIotHttpsLoadRequestException, S::Proxy),
    (C::ErrIotHttpsCheckCertReadException, S::RaspberryPi),
    (C::ErrIotHttpsCheckCertReadException, S::Windows),
    (C::CertFileDamaged, S::RaspberryPi),
    (C::CertFileDamaged, S::Windows),
    (C::CertUntrusted, S::RaspberryPi),
    (C::CertUntrusted, S::Windows),
    (C::CertServedDiffersFromBox, S::RaspberryPi),
    (C::CertServedDiffersFromBox, S::Windows),
    (C::HttpsPortClosed, S::RaspberryPi),
    (C::HttpsPortClosed, S::Windows),
    (C::ClockSkew, S::RaspberryPi),
    (C::ClockSkew, S::Windows),
    (C::PairingCodeExpired, S::RaspberryPi),
    (C::PairingCodeExpired, S::Windows),
    (C::BoxNoDefaultRoute, S::RaspberryPi),
    (C::BoxNoDefaultRoute, S::Windows),
    (C::ErrIotHttpsLoadRequestStatus, S::OdooComDown),
    (C::ErrIotHttpsLoadRequestStatus, S::OdooComAnswered),
    // Any filter's sign but a proxy's login (HTTP 407): the proxy-login step does not apply.
    (C::OdooComFiltered, S::WebFilter),
    (C::ErrIotHttpsCheckNoServer, S::IotProxyUnreachable),
    // This laptop could not resolve www.odoo.com: the DNS steps, not the firewall's.
    (C::OdooComUnreachable, S::NameResolution),
];

use FindingCode as C;
use StepsCause as S;

impl Finding {
    /// Shows `cause`'s steps instead of the generic list, where the catalogue has them for this
    /// code ([`CAUSE_STEPS`]); otherwise the finding keeps its generic steps.
    pub fn with_cause(mut self, cause: StepsCause) -> Self {
        if CAUSE_STEPS.contains(&(self.code, cause)) {
            self.steps_for = Some(cause);
        }
        self
    }
}

impl Texts {
    /// The steps to show: the identified cause's where there is one, else the generic list.
    pub fn steps_for(&self, cause: Option<StepsCause>) -> &[String] {
        cause
            .and_then(|c| self.cause_steps.as_ref()?.get(&c))
            .filter(|steps| !steps.is_empty())
            .unwrap_or(&self.steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{languages, texts, Source};

    #[test]
    fn every_cause_has_its_steps_in_every_language_and_nothing_else_is_catalogued() {
        for lang in languages() {
            for (code, cause) in CAUSE_STEPS {
                let t = texts(code.as_str(), lang).expect("catalogued");
                let steps = t.cause_steps.as_ref().and_then(|m| m.get(cause));
                assert!(
                    steps.is_some_and(|s| !s.is_empty()),
                    "{lang}: {code} has no steps for {}",
                    cause.key()
                );
                let en = &texts(code.as_str(), "en")
                    .unwrap()
                    .cause_steps
                    .as_ref()
                    .unwrap()[cause];
                assert_eq!(
                    steps.unwrap().len(),
                    en.len(),
                    "{lang}: {code}/{}",
                    cause.key()
                );
            }
        }
        for lang in languages() {
            for code in FindingCode::ALL {
                let Some(t) = texts(code.as_str(), lang) else {
                    continue;
                };
                for cause in t.cause_steps.iter().flat_map(|m| m.keys()) {
                    assert!(
                        CAUSE_STEPS.contains(&(*code, *cause)),
                        "{lang}: {code} has steps for {}, which core never selects",
                        cause.key()
                    );
                }
            }
        }
    }

    #[test]
    fn a_known_cause_shows_its_steps_only_and_an_unknown_one_the_generic_list() {
        let f = Finding::new(FindingCode::BoxStatusError, Source::Laptop, vec![])
            .with_cause(StepsCause::WindowsDateComparison);
        assert_eq!(f.steps_for, Some(StepsCause::WindowsDateComparison));
        let t = texts("BOX_STATUS_ERROR", "en").unwrap();
        let chosen = t.steps_for(f.steps_for);
        assert!(chosen.len() < t.steps.len(), "{chosen:?}");
        assert!(chosen.iter().any(|s| s.contains("saas-18.3")));
        assert!(
            !chosen.iter().any(|s| s.contains("flash")),
            "no certificate-file step: {chosen:?}"
        );
        assert_eq!(t.steps_for(None), t.steps.as_slice());
        // A cause a finding has no steps for changes nothing.
        let other = Finding::new(FindingCode::CertValid, Source::Laptop, vec![])
            .with_cause(StepsCause::CertificateFile);
        assert_eq!(other.steps_for, None);
    }
}
