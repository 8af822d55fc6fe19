//! Which ranges a real-run sweep may cover without being asked: the shop's LAN (private,
//! link-local and carrier-grade NAT ranges, and loopback). Sweeping public addresses is port
//! scanning someone else's network; it needs an explicit `allow_public` (`--allow-public`).

use std::net::{IpAddr, Ipv4Addr};

use crate::error::CoreError;

/// 10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10 (CGNAT, e.g. some 4G routers), 127/8.
pub fn is_lan(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_lan_v4(v4),
        IpAddr::V6(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(is_lan_v4),
    }
}

fn is_lan_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_link_local()
        || ip.is_loopback()
        || (a == 100 && (64..128).contains(&b))
}

/// Refuses a sweep with a public address in it unless `allow_public`. Asked before any packet.
pub fn check_scope(targets: &[std::net::SocketAddr], allow_public: bool) -> Result<(), CoreError> {
    if allow_public {
        return Ok(());
    }
    match targets.iter().find(|t| !is_lan(t.ip())) {
        Some(public) => Err(super::CidrError::Public {
            input: public.ip().to_string(),
        }
        .into()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn lan_ranges_are_lan_and_public_ones_are_not() {
        for lan in [
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.1",
            "192.168.1.50",
            "169.254.3.4",
            "100.64.0.1",
            "127.0.0.1",
            "::1",
        ] {
            assert!(is_lan(ip(lan)), "{lan}");
        }
        for public in [
            "8.8.8.8",
            "172.32.0.1",
            "192.0.2.10",
            "100.128.0.1",
            "2001:db8::1",
            "203.0.113.9",
        ] {
            assert!(!is_lan(ip(public)), "{public}");
        }
    }

    #[test]
    fn a_public_target_is_refused_unless_allowed() {
        let targets = [
            "192.168.1.5:8069".parse().unwrap(),
            "198.51.100.7:8069".parse().unwrap(),
        ];
        let err = check_scope(&targets, false).unwrap_err();
        assert_eq!(err.code(), "INPUT_INVALID_ADDRESS");
        assert!(err.to_string().contains("--allow-public"), "{err}");
        let es = crate::wire::WireError::from(err).render("es");
        assert!(
            es.starts_with("198.51.100.7 es una dirección pública"),
            "{es}"
        );
        assert!(check_scope(&targets, true).is_ok());
        assert!(check_scope(&targets[..1], false).is_ok());
    }
}
