//! A damaged certificate file (docs/protocol/status-reads.md "A damaged certificate file"; audit
//! round 2, N7). On a Pi every Odoo start runs `start_nginx_server()` (`sudo service nginx
//! restart`, `addons/iot_drivers/tools/helpers.py` @391749fe): nginx refuses an empty or damaged
//! `/etc/ssl/certs/nginx-cert.crt`, so 443 and 80 stay closed and the `CalledProcessError` ends
//! the start-up thread before `ensure_validity()` (`main.py` @aa3796d1). 18.3+ then log "Unable
//! to read certificate file." at every status read (`tools/certificate.py` @371fe6a0); 16.0 –
//! saas-18.2's status route crashes on the file (HTTP 500). Restarting repeats all of it, so
//! this one finding replaces "HTTPS port closed", "no certificate, no code", "IoT service
//! stopped" and the certificate-read code, whose advice is "Restart Odoo".

use crate::box_api::log_facts::{LogFacts, StartupCause};
use crate::box_api::status_error::{CrashCause, StatusCrash};
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Source};

/// The box's own words that its certificate file cannot be read, when it says so.
fn box_says_file_unreadable(facts: &LogFacts, crash: Option<&StatusCrash>) -> Vec<Evidence> {
    let mut out = Vec::new();
    if facts.cert_file_unreadable {
        out.push(Evidence::new(E::LogCertFileUnreadable));
    }
    if let Some(c) = facts
        .startup_crash
        .as_ref()
        .filter(|c| c.cause == StartupCause::NginxFailed)
    {
        out.push(Evidence::new(E::StartupThreadDied).arg("exception", &c.exception));
    }
    if let Some(c) = crash.filter(|c| c.cause == Some(CrashCause::CertificateFile)) {
        out.push(Evidence::new(E::CrashCertificateFile));
        out.push(Evidence::quote(&c.record));
    }
    out
}

/// Replaces the HTTPS-closed finding (and the findings whose advice is a restart) with
/// `CERT_FILE_DAMAGED` when port 443 refuses and the box says it cannot read its certificate
/// file. `https_closed` is the laptop's finding for the refused port, when there is one.
pub fn conclude(
    findings: &mut Vec<Finding>,
    https_closed: Option<Finding>,
    facts: &LogFacts,
    crash: Option<&StatusCrash>,
) {
    let Some(closed) = https_closed else {
        return;
    };
    let said = box_says_file_unreadable(facts, crash);
    if said.is_empty() {
        findings.push(closed);
        return;
    }
    findings.retain(|f| {
        !matches!(
            f.code,
            C::BoxNoCertificateNoCode | C::IotServiceStopped | C::ErrIotHttpsCheckCertReadException
        )
    });
    let mut evidence = closed.evidence;
    evidence.extend(said);
    findings.push(Finding::new(
        C::CertFileDamaged,
        Source::InferredFromLogs,
        evidence,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed() -> Finding {
        Finding::new(C::HttpsPortClosed, Source::Laptop, vec![])
    }

    #[test]
    fn the_log_line_with_a_refused_port_is_a_damaged_file_and_replaces_restart_advice() {
        let facts = LogFacts {
            cert_file_unreadable: true,
            ..LogFacts::default()
        };
        let mut out = vec![Finding::new(
            C::BoxNoCertificateNoCode,
            Source::InferredFromData,
            vec![],
        )];
        conclude(&mut out, Some(closed()), &facts, None);
        let codes: Vec<_> = out.iter().map(|f| f.code).collect();
        assert_eq!(codes, vec![C::CertFileDamaged]);
    }

    #[test]
    fn a_refused_port_without_the_boxs_word_stays_https_closed() {
        let mut out = vec![];
        conclude(&mut out, Some(closed()), &LogFacts::default(), None);
        assert_eq!(out[0].code, C::HttpsPortClosed);
        let facts = LogFacts {
            cert_file_unreadable: true,
            ..LogFacts::default()
        };
        let mut open = vec![];
        conclude(&mut open, None, &facts, None);
        assert!(
            open.is_empty(),
            "443 open: nginx runs, the file is not nginx's problem"
        );
    }
}
