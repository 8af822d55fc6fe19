//! The name the box is reached at comes from the box (docs/protocol/status-reads.md, "The
//! box's name"): its IP with dashes + the certificate subject it reports, from its status text
//! ("Your certificate <subject> is valid until …", 16.0 – saas-18.2) or its log. The served
//! certificate is a fallback only, and then the evidence says so: judging a certificate by a
//! name taken from that same certificate would call any trusted certificate valid.

use std::net::IpAddr;

use crate::box_api::{BoxCertificate, BoxReport};
use crate::dns;
use crate::tls::{inspect, ServedChain};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedName {
    pub name: Option<String>,
    /// Where the name came from, for the evidence of the certificate findings.
    pub source: String,
}

pub fn choose(
    given: Option<&str>,
    report: Option<&BoxReport>,
    logs: Option<&str>,
    served: Option<&ServedChain>,
    box_ip: IpAddr,
) -> ExpectedName {
    if let Some(name) = given {
        return ExpectedName {
            name: Some(name.to_owned()),
            source: format!("the name to check, {name}, was given for this diagnosis"),
        };
    }
    let reported = match report.map(|r| &r.certificate_state) {
        Some(BoxCertificate::Valid {
            subject: Some(s), ..
        }) => Some((s.clone(), "its status")),
        _ => None,
    };
    let from_box = reported.or_else(|| logs.and_then(subject_in_logs).map(|s| (s, "its log")));
    if let Some((subject, place)) = from_box {
        if let Some(name) = dns::expected_name(box_ip, &subject) {
            return ExpectedName {
                source: format!(
                    "the box names its certificate {subject} in {place}, so it is reached at {name}"
                ),
                name: Some(name),
            };
        }
    }
    match served.and_then(served_odoo_subject) {
        Some(subject) => {
            let name = dns::expected_name(box_ip, &subject);
            ExpectedName {
                source: format!(
                    "the box reports no certificate subject (no status text or log line names one), so the name {} is taken from the served certificate's {subject}",
                    name.as_deref().unwrap_or("?")
                ),
                name,
            }
        }
        None => ExpectedName {
            name: None,
            source: "neither the box nor the served certificate names an odoo-iot.com subject"
                .into(),
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
fn subject_in_logs(logs: &str) -> Option<String> {
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
        let chosen = choose(None, None, None, None, "192.0.2.5".parse().unwrap());
        assert_eq!(chosen.name, None);
        assert!(
            chosen.source.contains("neither the box"),
            "{}",
            chosen.source
        );
        let given = choose(
            Some("a.b.odoo-iot.com"),
            None,
            None,
            None,
            "192.0.2.5".parse().unwrap(),
        );
        assert_eq!(given.name.as_deref(), Some("a.b.odoo-iot.com"));
    }
}
