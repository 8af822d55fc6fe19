//! Does the served certificate cover the box's name? Checked on the parsed SANs alone, so the
//! answer is independent of trust: an untrusted placeholder can still be told apart from a
//! real certificate that merely names another box.
//!
//! Rules are the ones browsers apply (RFC 6125 §6.4, CA/Browser Forum baseline): compare
//! case-insensitively; `*` only as the whole left-most label, standing for exactly one label;
//! the subject CN is ignored (browsers ignore it too), and an IP address is only matched by an
//! IP SAN.

use std::net::IpAddr;

use super::inspect::CertificateDetails;

/// True when `certificate`'s SANs cover `expected` (a DNS name or an IP address).
pub fn certificate_matches_name(certificate: &CertificateDetails, expected: &str) -> bool {
    let expected = expected.trim();
    if let Ok(ip) = expected
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        return certificate
            .ip_addresses
            .iter()
            .any(|san| san.parse::<IpAddr>().ok() == Some(ip));
    }
    certificate
        .dns_names
        .iter()
        .any(|pattern| dns_name_matches(pattern, expected))
}

/// One SAN DNS entry against one host name. `*.d73e7513.odoo-iot.com` covers
/// `192-168-1-50.d73e7513.odoo-iot.com` but not `d73e7513.odoo-iot.com` nor `a.b.d73e7513…`.
pub fn dns_name_matches(pattern: &str, name: &str) -> bool {
    let pattern = normalise(pattern);
    let name = normalise(name);
    if !is_host_name(&name) {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            // A wildcard over a single label (`*.com`) would cover a whole TLD: refused, as
            // browsers do. Partial-label wildcards (`f*.example.com`) are refused too.
            if suffix.split('.').count() < 2 || !is_host_name(suffix) {
                return false;
            }
            match name.split_once('.') {
                Some((first, rest)) => !first.is_empty() && rest == suffix,
                None => false,
            }
        }
        None => is_host_name(&pattern) && pattern == name,
    }
}

/// Lower-case, one trailing dot dropped (an absolute name is the same name).
fn normalise(s: &str) -> String {
    let s = s.trim();
    s.strip_suffix('.').unwrap_or(s).to_ascii_lowercase()
}

/// Letters, digits, hyphens and underscores in non-empty labels; no `*` anywhere. One rule
/// for host names, shared with the DNS check.
fn is_host_name(s: &str) -> bool {
    crate::dns::name::is_hostname(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_wildcard_covers_every_dashed_ip_of_its_hash() {
        let w = "*.d73e7513.odoo-iot.com";
        assert!(dns_name_matches(w, "192-168-1-50.d73e7513.odoo-iot.com"));
        assert!(dns_name_matches(w, "127-0-0-1.D73E7513.Odoo-IoT.com"));
        assert!(dns_name_matches(
            "*.D73E7513.odoo-iot.com.",
            "10-0-0-7.d73e7513.odoo-iot.com."
        ));
        assert!(
            !dns_name_matches(w, "d73e7513.odoo-iot.com"),
            "the bare domain needs its own SAN"
        );
        assert!(
            !dns_name_matches(w, "a.192-168-1-50.d73e7513.odoo-iot.com"),
            "one label only"
        );
        assert!(
            !dns_name_matches(w, "192-168-1-50.ffffffff.odoo-iot.com"),
            "another box's hash"
        );
        assert!(!dns_name_matches(w, ".d73e7513.odoo-iot.com"));
    }

    #[test]
    fn exact_names_and_refused_patterns() {
        assert!(dns_name_matches(
            "d73e7513.odoo-iot.com",
            "D73E7513.odoo-iot.com"
        ));
        assert!(!dns_name_matches(
            "d73e7513.odoo-iot.com",
            "x.d73e7513.odoo-iot.com"
        ));
        assert!(!dns_name_matches("*.com", "odoo-iot.com"));
        assert!(!dns_name_matches("*", "localhost"));
        assert!(!dns_name_matches("f*.example.com", "foo.example.com"));
        assert!(!dns_name_matches("*.*.example.com", "a.b.example.com"));
        assert!(!dns_name_matches("www.*.example.com", "www.a.example.com"));
        assert!(
            !dns_name_matches("*.example.com", "*.example.com"),
            "a name is never a pattern"
        );
        assert!(!dns_name_matches("", ""));
    }
}
