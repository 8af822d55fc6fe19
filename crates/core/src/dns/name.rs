//! The box's HTTPS name (odoo-iot-protocol.md §6): the box IP with dots replaced by dashes, followed by the
//! certificate subject without its leading `*`. `192.168.1.50` + `*.d73e7513.odoo-iot.com` gives
//! `192-168-1-50.d73e7513.odoo-iot.com`. The box computes it the same way each time it reports.

use std::net::{IpAddr, Ipv4Addr};

use serde::Serialize;

/// The CN a box serves before it has a real certificate (field-problems.md §3.2 step 1).
pub const PLACEHOLDER_SUBJECT: &str = "OdooTempIoTBoxCertificate";

/// Why no name can be formed for a box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "reason",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum NameUnavailable {
    /// Odoo names encode IPv4 only: the box reports an IPv4 address (odoo-iot-protocol.md §6).
    #[error("{ip} is an IPv6 address; Odoo IoT names encode an IPv4 address only")]
    Ipv6Box { ip: IpAddr },
    /// The box serves the temporary placeholder: it has no real certificate yet (field-problems.md F2, F3).
    #[error(
        "the box serves the temporary certificate \"{subject}\": it has no real certificate yet"
    )]
    PlaceholderCertificate { subject: String },
    /// The subject is not a wildcard `*.<hash>.odoo-iot.com`-style name.
    #[error(
        "the certificate subject \"{subject}\" is not a wildcard name like *.<hash>.odoo-iot.com"
    )]
    NotAWildcard { subject: String },
}

/// The name the box is reached at, or `None` (see [`name_for`] for the reason).
pub fn expected_name(box_ip: IpAddr, subject_cn: &str) -> Option<String> {
    name_for(box_ip, subject_cn).ok()
}

/// [`expected_name`] with the reason when there is none. The subject keeps its case (the box
/// does not change it); a trailing dot is dropped.
pub fn name_for(box_ip: IpAddr, subject_cn: &str) -> Result<String, NameUnavailable> {
    let subject = subject_cn.trim();
    let v4 = match box_ip {
        IpAddr::V4(v4) => v4,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4,
            None => return Err(NameUnavailable::Ipv6Box { ip: box_ip }),
        },
    };
    if subject.eq_ignore_ascii_case(PLACEHOLDER_SUBJECT) {
        return Err(NameUnavailable::PlaceholderCertificate {
            subject: subject.to_owned(),
        });
    }
    let not_wildcard = || NameUnavailable::NotAWildcard {
        subject: subject.to_owned(),
    };
    let suffix = subject.strip_prefix('*').ok_or_else(not_wildcard)?;
    let suffix = suffix.strip_suffix('.').unwrap_or(suffix);
    let parent = suffix.strip_prefix('.').ok_or_else(not_wildcard)?;
    if !is_hostname(parent) || !parent.contains('.') {
        return Err(not_wildcard());
    }
    Ok(format!("{}{suffix}", v4.to_string().replace('.', "-")))
}

/// The certificate subject a box's HTTPS name is under: `10-0-0-5.abc123.odoo-iot.com` →
/// `*.abc123.odoo-iot.com` (lower case); any other name → none.
pub fn subject_of_name(name: &str) -> Option<String> {
    let name = name.trim();
    let (_, rest) = name.strip_suffix('.').unwrap_or(name).split_once('.')?;
    let rest = rest.to_ascii_lowercase();
    let hash = rest.strip_suffix(".odoo-iot.com")?;
    (!hash.is_empty() && !hash.contains('.') && is_hostname(&rest)).then(|| format!("*.{rest}"))
}

/// The IPv4 address a name's first label encodes (`192-168-1-50.<hash>.odoo-iot.com` →
/// `192.168.1.50`), or `None` when it encodes none. Case and a trailing dot do not matter;
/// octets are plain decimal (no leading zeros, no signs), as the box writes them.
pub fn ip_encoded_in(name: &str) -> Option<Ipv4Addr> {
    let name = name.trim();
    let name = name.strip_suffix('.').unwrap_or(name);
    let (first, rest) = name.split_once('.')?;
    if rest.is_empty() || !is_hostname(rest) {
        return None;
    }
    let parts: Vec<&str> = first.split('-').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (slot, part) in octets.iter_mut().zip(&parts) {
        let valid = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part.len() == 1 || !part.starts_with('0'));
        if !valid {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    Some(Ipv4Addr::from(octets))
}

/// Letters, digits, hyphens and underscores in dot-separated labels of 1 to 63 characters.
pub(crate) fn is_hostname(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_name_is_the_dashed_ip_followed_by_the_subject_without_its_star() {
        let name = expected_name(ip("192.168.1.50"), "*.d73e7513.odoo-iot.com");
        assert_eq!(name.as_deref(), Some("192-168-1-50.d73e7513.odoo-iot.com"));
        // odoo-iot-protocol.md §6 example
        assert_eq!(
            expected_name(ip("192.168.1.143"), "*.d73e7513.odoo-iot.com").unwrap(),
            "192-168-1-143.d73e7513.odoo-iot.com"
        );
        assert_eq!(
            expected_name(ip("192.0.2.7"), " *.ABC.odoo-iot.com. ").unwrap(),
            "192-0-2-7.ABC.odoo-iot.com"
        );
        // An IPv4-mapped IPv6 address is an IPv4 box.
        assert_eq!(
            expected_name(ip("::ffff:192.0.2.9"), "*.h.odoo-iot.com").unwrap(),
            "192-0-2-9.h.odoo-iot.com"
        );
    }

    #[test]
    fn no_name_without_an_ipv4_address_or_a_wildcard_subject() {
        assert_eq!(
            name_for(ip("2001:db8::5"), "*.h.odoo-iot.com"),
            Err(NameUnavailable::Ipv6Box {
                ip: ip("2001:db8::5")
            })
        );
        assert!(matches!(
            name_for(ip("192.0.2.5"), "OdooTempIoTBoxCertificate"),
            Err(NameUnavailable::PlaceholderCertificate { .. })
        ));
        for bad in [
            "",
            "*",
            "*.",
            "*.com",
            "d73e7513.odoo-iot.com",
            "**.h.odoo-iot.com",
            "*h.odoo-iot.com",
            "*.h..com",
            "*.h o.com",
        ] {
            assert!(
                matches!(
                    name_for(ip("192.0.2.5"), bad),
                    Err(NameUnavailable::NotAWildcard { .. })
                ),
                "{bad:?} must be refused"
            );
        }
        let err = name_for(ip("2001:db8::5"), "*.h.odoo-iot.com").unwrap_err();
        assert!(err.to_string().contains("IPv4"), "{err}");
    }

    #[test]
    fn the_encoded_ip_is_read_back_from_the_first_label() {
        let v4 = |s: &str| s.parse::<Ipv4Addr>().unwrap();
        assert_eq!(
            ip_encoded_in("192-168-1-50.d73e7513.odoo-iot.com"),
            Some(v4("192.168.1.50"))
        );
        assert_eq!(
            ip_encoded_in("10-0-0-1.X.ODOO-IOT.COM."),
            Some(v4("10.0.0.1"))
        );
        assert_eq!(ip_encoded_in("0-0-0-0.h.odoo-iot.com"), Some(v4("0.0.0.0")));
        for none in [
            "192-168-1.h.odoo-iot.com",
            "192-168-1-50-1.h.odoo-iot.com",
            "192-168-1-256.h.odoo-iot.com",
            "192-168-01-50.h.odoo-iot.com",
            "192-168-+1-50.h.odoo-iot.com",
            "192-168--50.h.odoo-iot.com",
            "192.168.1.50",
            "192-168-1-50",
            "192-168-1-50.",
            "www.odoo.com",
            "",
        ] {
            assert_eq!(ip_encoded_in(none), None, "{none:?}");
        }
    }

    #[test]
    fn name_and_encoded_ip_round_trip() {
        for a in ["192.0.2.1", "198.51.100.254", "203.0.113.0", "127.0.0.1"] {
            let name = expected_name(ip(a), "*.d73e7513.odoo-iot.com").unwrap();
            assert_eq!(ip_encoded_in(&name).map(IpAddr::V4), Some(ip(a)));
        }
    }
}
