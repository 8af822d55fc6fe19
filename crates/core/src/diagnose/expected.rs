//! The name the box is reached at comes from the box (docs/protocol/status-reads.md, "The
//! box's name"): its IP with dashes + the certificate subject it reports, from its status text
//! ("Your certificate <subject> is valid until …", 16.0 – saas-18.2) or its log. The served
//! certificate is a fallback only, and then the evidence says so: judging a certificate by a
//! name taken from that same certificate would call any trusted certificate valid.
//! 18.3+ name no subject (19 logs it at DEBUG only), so a subject remembered from an earlier
//! valid certificate of the box or its database comes before that fallback; with the fallback
//! a trusted certificate is CERT_NAME_UNCONFIRMED, never CERT_VALID (`laptop_facts`).

use std::net::IpAddr;

use super::KnownSubject;
use crate::box_api::{BoxCertificate, BoxReport};
use crate::dns;
use crate::findings::{Evidence, EvidenceKind as E};
use crate::tls::{inspect, ServedChain};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedName {
    pub name: Option<String>,
    /// Where the name came from, for the evidence of the certificate findings.
    pub source: Evidence,
}

pub fn choose(
    given: Option<&str>,
    report: Option<&BoxReport>,
    log_subject: Option<&str>,
    known: Option<&KnownSubject>,
    served: Option<&ServedChain>,
    box_ip: IpAddr,
) -> ExpectedName {
    if let Some(name) = given {
        return ExpectedName {
            name: Some(name.to_owned()),
            source: Evidence::new(E::NameGiven).arg("name", name),
        };
    }
    let reported = match report.map(|r| &r.certificate_state) {
        Some(BoxCertificate::Valid {
            subject: Some(s), ..
        }) => Some((s.clone(), E::NameFromBoxStatus)),
        _ => None,
    };
    let from_box = reported
        .or_else(|| log_subject.map(|s| (s.to_owned(), E::NameFromBoxLog)))
        .or_else(|| known.map(|k| (k.subject.clone(), k.evidence_kind())));
    if let Some((subject, kind)) = from_box {
        if let Some(name) = dns::expected_name(box_ip, &subject) {
            return ExpectedName {
                source: Evidence::new(kind)
                    .arg("subject", &subject)
                    .arg("name", &name),
                name: Some(name),
            };
        }
    }
    match served.and_then(served_odoo_subject) {
        Some(subject) => {
            let name = dns::expected_name(box_ip, &subject);
            ExpectedName {
                source: Evidence::new(E::NameFromServedCertificate)
                    .arg("name", name.as_deref().unwrap_or("?"))
                    .arg("subject", &subject),
                name,
            }
        }
        None => ExpectedName {
            name: None,
            source: Evidence::new(E::NoOdooName),
        },
    }
}

/// The served leaf's `*.<hash>.odoo-iot.com` name, if it has one.
pub fn served_odoo_subject(chain: &ServedChain) -> Option<String> {
    let leaf = inspect(chain.certificates.first()?).ok()?;
    leaf.dns_names
        .into_iter()
        .find(|n| n.starts_with("*.") && n.to_ascii_lowercase().ends_with(".odoo-iot.com"))
}

/// The newest "Your certificate <s> is valid until" (hw_*) or "SSL certificate '<s>' is valid
/// until" (18.3+, INFO/DEBUG level) in the log.
pub(crate) fn subject_in_logs(logs: &str) -> Option<String> {
    logs.lines().rev().find_map(|line| {
        let from = |prefix: &str, end: &str| {
            let at = line.find(prefix)? + prefix.len();
            let rest = &line[at..];
            let stop = rest.find(end)?;
            let s = rest[..stop].trim();
            s.starts_with("*.").then(|| s.to_owned())
        };
        from("Your certificate ", " is valid until")
            .or_else(|| from("SSL certificate '", "' is valid until"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_names_the_subject() {
        let logs = "2026-12-01 08:00:00,000 1 INFO ? x: SSL certificate '*.abc.odoo-iot.com' is valid until 2027-01-01 00:00:00\n\
                    2026-12-01 08:00:01,000 1 INFO ? x: unrelated";
        assert_eq!(subject_in_logs(logs).as_deref(), Some("*.abc.odoo-iot.com"));
        assert_eq!(
            subject_in_logs("Your certificate OdooTempIoTBoxCertificate is valid until x"),
            None
        );
    }

    #[test]
    fn without_any_source_there_is_no_name_and_the_evidence_says_why() {
        let chosen = choose(None, None, None, None, None, "192.0.2.5".parse().unwrap());
        assert_eq!(chosen.name, None);
        assert_eq!(chosen.source, Evidence::new(E::NoOdooName));
        let given = choose(
            Some("a.b.odoo-iot.com"),
            None,
            None,
            None,
            None,
            "192.0.2.5".parse().unwrap(),
        );
        assert_eq!(given.name.as_deref(), Some("a.b.odoo-iot.com"));
    }
}
