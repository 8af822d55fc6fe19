//! Reading this computer's neighbour table: Linux `/proc/net/arp`, Windows `GetIpNetTable2`
//! (IPv4 and IPv6), nothing elsewhere. In test and demo mode `IOT_HTTPS_NEIGHBOUR_TABLE` names a
//! file in `/proc/net/arp` format that replaces it, loopback included, so a rig on loopback can
//! play a LAN where another card answers at the box's address.
//!
//! IPv4 suffices on Linux: Odoo reaches a box by IPv4 — its HTTPS name is the dashed IPv4
//! address (`get_ip()`, `addons/iot_drivers/tools/system.py`), the MAC it reports is the card
//! with that IPv4 address (`get_mac_address`, same file), and the box's Odoo listens on
//! `0.0.0.0` (IPv4 only). A box reached by IPv6 has no entry here and is "unknown".

use std::net::IpAddr;

use super::NeighbourTable;
use crate::NetPolicy;

/// A file in `/proc/net/arp` format read instead of the system's table (test and demo only).
pub const NEIGHBOUR_TABLE_ENV: &str = "IOT_HTTPS_NEIGHBOUR_TABLE";

/// The table of this computer, or the rig's file where the policy allows test knobs.
pub struct SystemTable {
    policy: NetPolicy,
}

impl SystemTable {
    pub fn for_policy(policy: NetPolicy) -> Self {
        Self { policy }
    }
}

impl NeighbourTable for SystemTable {
    fn mac_of(&self, ip: IpAddr) -> Option<String> {
        let entries = match crate::diagnose::knob_for(self.policy, NEIGHBOUR_TABLE_ENV) {
            Some(file) => super::parse_proc_net_arp(&std::fs::read_to_string(file).ok()?),
            None if ip.is_loopback() || ip.is_unspecified() => return None,
            // A table that cannot be read says nothing: "unknown", never "the same".
            None => read_system_table().ok()?,
        };
        entries
            .into_iter()
            .find(|(entry, _)| *entry == ip)
            .map(|(_, mac)| mac)
    }
}

/// The complete entries of this computer's neighbour table, or why it could not be read.
pub fn read_system_table() -> Result<Vec<(IpAddr, String)>, String> {
    os::entries()
}

#[cfg(target_os = "linux")]
mod os {
    use std::net::IpAddr;

    pub fn entries() -> Result<Vec<(IpAddr, String)>, String> {
        std::fs::read_to_string("/proc/net/arp")
            .map(|text| super::super::parse_proc_net_arp(&text))
            .map_err(|e| format!("/proc/net/arp: {e}"))
    }
}

#[cfg(windows)]
mod os {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use windows_sys::Win32::Foundation::ERROR_NOT_FOUND;
    use windows_sys::Win32::NetworkManagement::IpHelper::{
        FreeMibTable, GetIpNetTable2, MIB_IPNET_ROW2, MIB_IPNET_TABLE2,
    };
    use windows_sys::Win32::Networking::WinSock::{AF_INET, AF_INET6};

    /// IPv4 rows must be read; IPv6 rows are added when the system gives them, since Odoo
    /// reaches boxes by IPv4 (wine 8.0 answers `AF_UNSPEC` with ERROR_INVALID_FUNCTION and
    /// `AF_INET` with the table: scripts/test-windows runs `the_systems_table_is_read`).
    pub fn entries() -> Result<Vec<(IpAddr, String)>, String> {
        let mut out = family(AF_INET)?;
        out.extend(family(AF_INET6).unwrap_or_default());
        Ok(out)
    }

    fn family(family: u16) -> Result<Vec<(IpAddr, String)>, String> {
        let mut table: *mut MIB_IPNET_TABLE2 = std::ptr::null_mut();
        // SAFETY: GetIpNetTable2 allocates the table and writes its address into `table`; it is
        // read only when the call succeeded and freed once with FreeMibTable.
        unsafe {
            match GetIpNetTable2(family, &mut table) {
                0 => {}
                // "No neighbour entries were found": an empty table, not a failure.
                ERROR_NOT_FOUND => return Ok(Vec::new()),
                code => {
                    return Err(format!(
                        "GetIpNetTable2 (family {family}) failed with error {code}"
                    ))
                }
            }
            if table.is_null() {
                return Ok(Vec::new());
            }
            let count = (*table).NumEntries as usize;
            let rows = std::slice::from_raw_parts((*table).Table.as_ptr(), count);
            let out = rows.iter().filter_map(|row| entry(row)).collect();
            FreeMibTable(table as *const _);
            Ok(out)
        }
    }

    /// One row as `(ip, mac)`, when it is an IPv4 or IPv6 row with a complete MAC.
    unsafe fn entry(row: &MIB_IPNET_ROW2) -> Option<(IpAddr, String)> {
        let family = row.Address.si_family;
        let ip = if family == AF_INET {
            IpAddr::V4(Ipv4Addr::from(
                row.Address.Ipv4.sin_addr.S_un.S_addr.to_ne_bytes(),
            ))
        } else if family == AF_INET6 {
            IpAddr::V6(Ipv6Addr::from(row.Address.Ipv6.sin6_addr.u.Byte))
        } else {
            return None;
        };
        let len = (row.PhysicalAddressLength as usize).min(row.PhysicalAddress.len());
        let mac = row.PhysicalAddress[..len]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":");
        Some((ip, super::super::normalise_mac(&mac)?))
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod os {
    /// No table read on this platform: every box is "unknown".
    pub fn entries() -> Result<Vec<(std::net::IpAddr, String)>, String> {
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net_policy::LoopbackReason;

    /// The real reader of this platform (Linux's file, Windows' `GetIpNetTable2` — run under
    /// wine by scripts/test-windows) answers with a table, possibly empty, not an error.
    #[test]
    fn the_systems_table_is_read() {
        let table = read_system_table();
        assert!(table.is_ok(), "{table:?}");
    }

    #[test]
    fn the_rig_file_is_read_only_in_test_or_demo_mode() {
        let file = std::env::temp_dir().join(format!("iot-https-neigh-{}", std::process::id()));
        std::fs::write(
            &file,
            "IP address HW type Flags HW address Mask Device\n\
             127.0.0.213 0x1 0x2 02:00:00:00:00:01 * lo\n",
        )
        .unwrap();
        std::env::set_var(NEIGHBOUR_TABLE_ENV, &file);
        // An address no other test reads: the variable is process-wide.
        let ip: IpAddr = "127.0.0.213".parse().unwrap();
        let test = SystemTable::for_policy(NetPolicy::loopback_only(LoopbackReason::Test));
        let real = SystemTable::for_policy(NetPolicy::real());
        let (in_test, in_real) = (test.mac_of(ip), real.mac_of(ip));
        std::env::remove_var(NEIGHBOUR_TABLE_ENV);
        let _ = std::fs::remove_file(file);
        assert_eq!(in_test.as_deref(), Some("02:00:00:00:00:01"));
        assert_eq!(in_real, None);
    }
}
