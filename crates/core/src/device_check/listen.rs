//! Where the check server may listen. It asks the network policy like every socket does:
//! loopback in demo and test (and whenever the box is on loopback), and in real runs the
//! laptop's own address in the box's network — never all interfaces unless asked explicitly.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::discovery::{interface_addrs, InterfaceAddr};
use crate::error::CoreError;
use crate::net_policy::NetPolicy;

pub fn choose_listen_addr(
    policy: &NetPolicy,
    box_ip: IpAddr,
    requested: Option<SocketAddr>,
) -> Result<SocketAddr, CoreError> {
    if let Some(addr) = requested {
        // Devices will connect to this address: in loopback-only mode it must be loopback.
        policy.check(addr.ip())?;
        return Ok(addr);
    }
    if !policy.is_real() {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
    }
    let interfaces = interface_addrs()?;
    laptop_address_in(&interfaces, box_ip)
        .map(|ip| SocketAddr::new(IpAddr::V4(ip), 0))
        .ok_or(CoreError::Unsupported(
            crate::unsupported::Unsupported::NoAddressInBoxNetwork { box_ip },
        ))
}

/// The laptop's address on the interface whose network holds `box_ip`.
fn laptop_address_in(interfaces: &[InterfaceAddr], box_ip: IpAddr) -> Option<Ipv4Addr> {
    let IpAddr::V4(box_v4) = box_ip else {
        return None;
    };
    interfaces
        .iter()
        .filter(|i| i.prefix <= 32)
        .find(|i| {
            let mask = u32::MAX.checked_shl(32 - u32::from(i.prefix)).unwrap_or(0);
            u32::from(i.ip) & mask == u32::from(box_v4) & mask
        })
        .map(|i| i.ip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net_policy::LoopbackReason;

    fn iface(name: &str, ip: [u8; 4], prefix: u8) -> InterfaceAddr {
        InterfaceAddr {
            name: name.into(),
            ip: Ipv4Addr::from(ip),
            prefix,
        }
    }

    #[test]
    fn demo_and_test_listen_on_loopback_and_refuse_anything_else() {
        let policy = NetPolicy::loopback_only(LoopbackReason::Test);
        let box_ip = IpAddr::from([127, 0, 0, 1]);
        let addr = choose_listen_addr(&policy, box_ip, None).unwrap();
        assert!(addr.ip().is_loopback());
        for refused in ["0.0.0.0:8080", "192.0.2.7:8080", "[::]:8080"] {
            let err = choose_listen_addr(&policy, box_ip, Some(refused.parse().unwrap()));
            assert!(matches!(err, Err(CoreError::PolicyRefused(_))), "{refused}");
        }
        let asked = choose_listen_addr(&policy, box_ip, Some("127.0.0.5:9999".parse().unwrap()));
        assert_eq!(asked.unwrap().to_string(), "127.0.0.5:9999");
    }

    #[test]
    fn a_real_run_picks_the_laptop_address_in_the_box_network() {
        // Documentation ranges stand in for a shop LAN (no packet is sent).
        let interfaces = [
            iface("wlan0", [198, 51, 100, 20], 24),
            iface("eth0", [192, 0, 2, 33], 24),
        ];
        assert_eq!(
            laptop_address_in(&interfaces, IpAddr::from([192, 0, 2, 50])),
            Some(Ipv4Addr::from([192, 0, 2, 33]))
        );
        assert_eq!(
            laptop_address_in(&interfaces, IpAddr::from([203, 0, 113, 9])),
            None
        );
        assert_eq!(
            laptop_address_in(&interfaces, "2001:db8::1".parse().unwrap()),
            None
        );
    }
}
