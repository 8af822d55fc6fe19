//! The name the restart watch expects the served certificate to carry before it says
//! "certificate ready" (issue 19 item 12). A name the caller gives (`WatchConfig::sni`: the
//! name the POS uses, as `--name` in a diagnosis) comes first; else the box's — the subject it
//! names in its status (16.0 – saas-18.2) or in this run's log ("SSL certificate '<subject>' is
//! valid until", INFO on saas-18.4 @0aba184a, DEBUG on 19 @371fe6a0); never the served
//! certificate's own: judged by its own name, another database's certificate passes.
//! Without any such name the watch still follows trust and dates, but says the name is
//! unconfirmed (`CertificateReady::name_confirmed`).

use std::net::IpAddr;

use crate::box_api::BoxCertificate;
use crate::dns::name::expected_name;
use crate::tls::{certificate_matches_name, CertificateDetails};

/// How the served certificate's names compare with the expected name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameCheck {
    /// It covers the name the box (or the caller) expects.
    Covers,
    /// It does not cover it: another database's or another device's certificate.
    Differs,
    /// No expected name is known; it carries an odoo-iot.com wildcard name of its own.
    Unconfirmed,
    /// No expected name is known and it is no odoo-iot.com certificate at all.
    NotOdoo,
}

impl NameCheck {
    /// Good enough to be called ready (with `Unconfirmed` said as such).
    pub(crate) fn acceptable(self) -> bool {
        matches!(self, Self::Covers | Self::Unconfirmed)
    }
}

/// The subject the box names for its certificate in `certificate` (16.0 – saas-18.2 status).
pub(crate) fn reported_subject(certificate: &BoxCertificate) -> Option<String> {
    match certificate {
        BoxCertificate::Valid {
            subject: Some(s), ..
        } => Some(s.clone()),
        _ => None,
    }
}

/// The expected HTTPS name: the caller's, else the box's subject after its dashed IP.
pub(crate) fn expected(
    box_ip: IpAddr,
    box_subject: Option<&str>,
    given: Option<&str>,
) -> Option<String> {
    given
        .map(str::to_owned)
        .or_else(|| box_subject.and_then(|s| expected_name(box_ip, s)))
}

pub(crate) fn check(details: &CertificateDetails, expected: Option<&str>) -> NameCheck {
    match expected {
        Some(name) if certificate_matches_name(details, name) => NameCheck::Covers,
        Some(_) => NameCheck::Differs,
        None if details
            .dns_names
            .iter()
            .any(|n| n.starts_with("*.") && n.to_ascii_lowercase().ends_with(".odoo-iot.com")) =>
        {
            NameCheck::Unconfirmed
        }
        None => NameCheck::NotOdoo,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_then_the_box_named_subject_and_nothing_else_makes_a_name() {
        let ip: IpAddr = "192.0.2.5".parse().unwrap();
        let name = expected(ip, Some("*.aaaa.odoo-iot.com"), Some("x.bbbb.odoo-iot.com"));
        assert_eq!(name.as_deref(), Some("x.bbbb.odoo-iot.com"));
        assert_eq!(
            expected(ip, Some("*.aaaa.odoo-iot.com"), None).as_deref(),
            Some("192-0-2-5.aaaa.odoo-iot.com")
        );
        assert_eq!(expected(ip, None, None), None);
        assert!(NameCheck::Unconfirmed.acceptable());
        assert!(!NameCheck::Differs.acceptable() && !NameCheck::NotOdoo.acceptable());
    }
}
