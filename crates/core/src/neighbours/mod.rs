//! The laptop's neighbour table (ARP for IPv4): which MAC address actually answers for the box's
//! IP when the box is on the same link. A box's own report of its MAC is whatever it says; a
//! LAN impostor can copy it. The neighbour table is what the laptop's network card saw. Only
//! complete entries count; a box reached through a router has no entry (its MAC cannot be
//! seen from here), and a MAC missing on either side is "unknown", never "the same".
//!
//! The box's MAC is Odoo's `get_mac_address` (`addons/iot_drivers/tools/system.py` @06d82b35):
//! the first interface that has an IPv4 address. A box with two connections (a Pi on cable and
//! Wi-Fi, a Windows host with a virtual adapter) may report another card than the one the
//! laptop reaches; the finding's steps say so.
//!
//! Reading the table is the operating system's (`system`: Linux `/proc/net/arp`, Windows
//! `GetIpNetTable2`); the rule is [`check`], tested with an injected table; [`gate`] is the one
//! check every path runs before a secret goes to a box.

mod gate;
mod system;

pub use gate::{box_for_secrets, secrets_may_go};
pub use system::{read_system_table, SystemTable, NEIGHBOUR_TABLE_ENV};

use std::net::IpAddr;

use serde::Serialize;

/// What the neighbour table says about the MAC the box reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum MacCheck {
    /// The MAC answering for the box's IP on this link is the one it reports.
    Agrees,
    /// Another device's MAC answers for the box's IP: an impostor, or another box at the
    /// address. Secrets are not sent.
    Mismatch { reported: String, neighbour: String },
    /// The box reports no MAC, or it is not on this link, or the table has no entry for it.
    Unknown,
}

impl MacCheck {
    /// The table of this computer (or, in test and demo mode, the rig's) for the box that
    /// answered at `reached`.
    pub fn of_box(reported_mac: Option<&str>, reached: IpAddr, policy: crate::NetPolicy) -> Self {
        check(reported_mac, reached, &SystemTable::for_policy(policy))
    }
}

/// A neighbour table: the MAC of `ip` on a directly attached link, if there is one.
pub trait NeighbourTable {
    fn mac_of(&self, ip: IpAddr) -> Option<String>;
}

/// `aa:bb:cc:dd:ee:ff`, whatever the separator and case; `None` for all zeros (an incomplete
/// entry) or anything that is not six bytes.
pub fn normalise_mac(mac: &str) -> Option<String> {
    let bytes: Vec<u8> = mac
        .trim()
        .split([':', '-'])
        .map(|b| u8::from_str_radix(b, 16).ok().filter(|_| b.len() == 2))
        .collect::<Option<_>>()?;
    if bytes.len() != 6 || bytes.iter().all(|b| *b == 0) {
        return None;
    }
    Some(
        bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// The rule: compared only when both sides know a MAC.
pub fn check(reported: Option<&str>, ip: IpAddr, table: &impl NeighbourTable) -> MacCheck {
    let Some(reported) = reported.and_then(normalise_mac) else {
        return MacCheck::Unknown;
    };
    // A box reached as `::ffff:a.b.c.d` is the IPv4 neighbour a.b.c.d.
    let Some(neighbour) = table
        .mac_of(ip.to_canonical())
        .as_deref()
        .and_then(normalise_mac)
    else {
        return MacCheck::Unknown;
    };
    if neighbour == reported {
        MacCheck::Agrees
    } else {
        MacCheck::Mismatch {
            reported,
            neighbour,
        }
    }
}

/// Complete entries of Linux's `/proc/net/arp`: `IP HW-type Flags HW-address Mask Device`.
pub fn parse_proc_net_arp(text: &str) -> Vec<(IpAddr, String)> {
    const ATF_COM: u32 = 0x2;
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [ip, _hw_type, flags, mac, ..] = fields.as_slice() else {
                return None;
            };
            let flags = u32::from_str_radix(flags.trim_start_matches("0x"), 16).ok()?;
            if flags & ATF_COM == 0 {
                return None;
            }
            Some((ip.parse().ok()?, normalise_mac(mac)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Table(Vec<(IpAddr, String)>);

    impl NeighbourTable for Table {
        fn mac_of(&self, ip: IpAddr) -> Option<String> {
            self.0
                .iter()
                .find(|(i, _)| *i == ip)
                .map(|(_, m)| m.clone())
        }
    }

    const ARP: &str = "\
IP address       HW type     Flags       HW address            Mask     Device
192.168.1.50     0x1         0x2         B8:27:EB:00:00:01     *        wlan0
192.168.1.60     0x1         0x0         00:00:00:00:00:00     *        wlan0
192.168.1.1      0x1         0x6         aa:bb:cc:dd:ee:ff     *        wlan0
";

    #[test]
    fn complete_entries_are_read_from_proc_net_arp() {
        let entries = parse_proc_net_arp(ARP);
        assert_eq!(
            entries,
            vec![
                ("192.168.1.50".parse().unwrap(), "b8:27:eb:00:00:01".into()),
                ("192.168.1.1".parse().unwrap(), "aa:bb:cc:dd:ee:ff".into()),
            ]
        );
    }

    #[test]
    fn a_copied_mac_on_another_card_is_a_mismatch_and_missing_keys_are_unknown() {
        let table = Table(parse_proc_net_arp(ARP));
        let box_ip: IpAddr = "192.168.1.50".parse().unwrap();
        assert_eq!(
            check(Some("b8-27-eb-00-00-01"), box_ip, &table),
            MacCheck::Agrees
        );
        // An impostor at the box's address reports the real box's MAC; the card that answered
        // ARP is another one.
        let impostor: IpAddr = "192.168.1.1".parse().unwrap();
        assert_eq!(
            check(Some("b8:27:eb:00:00:01"), impostor, &table),
            MacCheck::Mismatch {
                reported: "b8:27:eb:00:00:01".into(),
                neighbour: "aa:bb:cc:dd:ee:ff".into()
            }
        );
        let incomplete: IpAddr = "192.168.1.60".parse().unwrap();
        let routed: IpAddr = "10.9.0.5".parse().unwrap();
        for (reported, ip) in [
            (None, box_ip),
            (Some("not a mac"), box_ip),
            (Some("b8:27:eb:00:00:01"), incomplete),
            (Some("b8:27:eb:00:00:01"), routed),
        ] {
            assert_eq!(
                check(reported, ip, &table),
                MacCheck::Unknown,
                "{reported:?} {ip}"
            );
        }
    }

    #[test]
    fn loopback_has_no_neighbour() {
        let table = SystemTable::for_policy(crate::NetPolicy::real());
        assert_eq!(table.mac_of("127.0.0.1".parse().unwrap()), None);
    }
}
