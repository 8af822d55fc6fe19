//! CIDR parsing and the planning of the laptop's networks: pure, no packet.

use std::net::{Ipv4Addr, SocketAddr};

use iot_https_core::discovery::{
    local_networks, network_targets, plan_networks, CidrError, InterfaceAddr, Ipv4Cidr,
    MAX_SWEEP_ADDRESSES,
};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::{CoreError, NetPolicy};

fn cidr(s: &str) -> Result<Ipv4Cidr, CidrError> {
    s.parse()
}

#[test]
fn parses_ranges_and_clears_host_bits() {
    let c = cidr("127.0.0.0/24").unwrap();
    assert_eq!(
        (c.network(), c.prefix(), c.size()),
        (Ipv4Addr::new(127, 0, 0, 0), 24, 256)
    );
    assert_eq!(c.hosts().count(), 254);
    assert_eq!(
        cidr(" 192.168.1.77/24 ").unwrap().to_string(),
        "192.168.1.0/24"
    );
    assert_eq!(cidr("10.0.5.9/22").unwrap().to_string(), "10.0.4.0/22");
    assert_eq!(cidr("10.0.5.9/22").unwrap().hosts().count(), 1022);
    assert_eq!(cidr("10.0.0.7").unwrap().to_string(), "10.0.0.7/32");
    let targets = cidr("127.0.0.0/30").unwrap().targets(8069);
    assert_eq!(
        targets,
        vec![
            "127.0.0.1:8069".parse::<SocketAddr>().unwrap(),
            "127.0.0.2:8069".parse().unwrap()
        ]
    );
}

#[test]
fn refuses_what_a_sweep_cannot_cover_with_a_clear_message() {
    let too_large = cidr("10.0.0.0/16").unwrap_err();
    assert!(
        matches!(
            too_large,
            CidrError::TooLarge {
                addresses: 65536,
                ..
            }
        ),
        "{too_large:?}"
    );
    let text = too_large.to_string();
    assert!(
        text.contains("65536") && text.contains("1024") && text.contains("10.0.0.0/24"),
        "{text}"
    );
    assert!(matches!(
        cidr("10.0.0.0/21").unwrap_err(),
        CidrError::TooLarge {
            addresses: 2048,
            ..
        }
    ));
    assert!(matches!(
        cidr("0.0.0.0/0").unwrap_err(),
        CidrError::TooLarge { .. }
    ));

    assert_eq!(cidr("").unwrap_err(), CidrError::Empty);
    for bad in [
        "box.local/24",
        "192.168.1/24",
        "192.168.1.300/24",
        "http://10.0.0.1/24",
        "10.0.0.0-10.0.0.9",
    ] {
        assert!(
            matches!(cidr(bad).unwrap_err(), CidrError::NotAnAddress { .. }),
            "{bad}"
        );
    }
    for bad in [
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/x",
        "10.0.0.0/-1",
        "10.0.0.0/+24",
        "10.0.0.0/24/1",
    ] {
        assert!(
            matches!(cidr(bad).unwrap_err(), CidrError::BadPrefix { .. }),
            "{bad}"
        );
    }
    let v6 = cidr("fe80::/64").unwrap_err();
    assert!(
        matches!(v6, CidrError::Ipv6 { .. }) && v6.to_string().contains("IPv4"),
        "{v6}"
    );

    let core: CoreError = cidr("10.0.0.0/16").unwrap_err().into();
    assert_eq!(core.code(), "INPUT_INVALID_ADDRESS");
    // Worded by the catalogue in the reader's language, the bounds and the example as values;
    // no English sentence in the detail.
    let wire = iot_https_core::WireError::from(core);
    assert_eq!(wire.detail, None);
    let fr = wire.render("fr");
    assert!(
        fr.starts_with("« 10.0.0.0/16 » contient 65536 adresses ; un balayage couvre au plus 1024 adresses (un /22)"),
        "{fr}"
    );
    let de = iot_https_core::WireError::from(CoreError::from(cidr("fe80::/64").unwrap_err()));
    assert!(
        de.render("de")
            .starts_with("„fe80::/64“ ist ein IPv6-Bereich"),
        "{}",
        de.render("de")
    );
}

fn iface(name: &str, ip: [u8; 4], prefix: u8) -> InterfaceAddr {
    InterfaceAddr {
        name: name.into(),
        ip: Ipv4Addr::from(ip),
        prefix,
    }
}

#[test]
fn plans_each_network_within_the_cap_and_skips_the_laptop() {
    // Documentation ranges stand in for shop networks: nothing here is contacted.
    let plan = plan_networks(&[
        iface("eth0", [192, 0, 2, 10], 24),
        iface("wlan0", [198, 51, 100, 77], 28),
    ]);
    let sweeps: Vec<String> = plan.iter().map(|n| n.sweep.to_string()).collect();
    assert_eq!(sweeps, ["192.0.2.0/24", "198.51.100.64/28"]);
    assert!(plan.iter().all(|n| !n.capped));
    let targets = network_targets(&plan, 8069);
    assert_eq!(
        targets.len(),
        253 + 13,
        "network, broadcast and the laptop's own addresses are skipped"
    );
    assert!(!targets.contains(&"192.0.2.10:8069".parse().unwrap()));
    assert!(!targets.contains(&"198.51.100.77:8069".parse().unwrap()));

    // A /16 is cut to the /22 around the laptop's address.
    let big = plan_networks(&[iface("eth0", [10, 20, 130, 5], 16)]);
    assert_eq!(big[0].sweep.to_string(), "10.20.128.0/22");
    assert!(big[0].capped);
    assert!(network_targets(&big, 8069).len() <= MAX_SWEEP_ADDRESSES);

    // Several large networks share the budget: each shrinks to its /24, the last ones drop out.
    let many = plan_networks(&[
        iface("a", [10, 1, 0, 1], 16),
        iface("b", [10, 2, 0, 1], 16),
        iface("c", [10, 3, 0, 1], 16),
        iface("d", [10, 4, 0, 1], 16),
        iface("e", [10, 5, 0, 1], 16),
        iface("f", [10, 6, 0, 1], 16),
        iface("g", [10, 7, 0, 1], 16),
    ]);
    let total: u64 = many.iter().map(|n| n.sweep.size()).sum();
    assert!(total <= MAX_SWEEP_ADDRESSES as u64, "{total}");
    assert!(many.iter().all(|n| n.sweep.prefix() == 24 && n.capped));
    assert_eq!(many[1].sweep.to_string(), "10.2.0.0/24");
    assert_eq!(many.len(), 4);
    let two = plan_networks(&[
        iface("eth0", [10, 1, 9, 1], 16),
        iface("wlan0", [192, 0, 2, 10], 24),
    ]);
    let sweeps: Vec<String> = two.iter().map(|n| n.sweep.to_string()).collect();
    assert_eq!(sweeps, ["10.1.9.0/24", "192.0.2.0/24"]);

    // A second address on an already planned network, and a /32, add nothing.
    let dup = plan_networks(&[
        iface("eth0", [192, 0, 2, 10], 24),
        iface("eth0", [192, 0, 2, 11], 24),
        iface("tun0", [203, 0, 113, 1], 32),
    ]);
    assert_eq!(dup.len(), 1);
}

#[test]
fn the_laptops_networks_are_never_swept_outside_real_mode() {
    for (reason, fr, en) in [
        (LoopbackReason::Test, "en mode test", "in test mode"),
        (LoopbackReason::Demo, "en mode démo", "in demo mode"),
        (
            LoopbackReason::LoopbackTarget,
            "dans une session dont l'IoT Box est sur une adresse de bouclage",
            "in a session whose box is on a loopback address",
        ),
    ] {
        let err = local_networks(&NetPolicy::loopback_only(reason)).unwrap_err();
        assert_eq!(err.code(), "NET_POLICY_REFUSED", "{err}");
        assert!(
            err.to_string().contains("the laptop's attached networks"),
            "{err}"
        );
        // What was refused and why are the catalogue's words in the reader's language, not
        // Rust's: no English reason rides along as the detail.
        let wire = iot_https_core::WireError::from(&err);
        assert_eq!(wire.detail, None);
        let french = format!("Balayage des réseaux connectés à l'ordinateur refusé : {fr}, seules");
        assert!(
            wire.render("fr").starts_with(&french),
            "{}",
            wire.render("fr")
        );
        assert!(wire.render("en").starts_with(&format!(
            "Refused to sweep the laptop's attached networks: {en} only"
        )));
    }
}
