//! Windows' system resolver: the DNS servers of the network adapters, as `ipconfig /all` shows
//! them, read with `GetAdaptersAddresses` (there is no resolv.conf).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};

use windows_sys::Win32::Foundation::{ERROR_BUFFER_OVERFLOW, ERROR_NO_DATA, ERROR_SUCCESS};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    GetAdaptersAddresses, GAA_FLAG_SKIP_ANYCAST, GAA_FLAG_SKIP_MULTICAST, GAA_FLAG_SKIP_UNICAST,
    IF_TYPE_SOFTWARE_LOOPBACK, IP_ADAPTER_ADDRESSES_LH,
};
use windows_sys::Win32::NetworkManagement::Ndis::IfOperStatusUp;
use windows_sys::Win32::Networking::WinSock::{
    AF_INET, AF_INET6, AF_UNSPEC, SOCKADDR, SOCKADDR_IN, SOCKADDR_IN6,
};

/// The first DNS server of the adapter Windows prefers: up, not loopback, lowest IPv4 metric
/// (the one its default route and so its lookups use). Returns the adapter's name with it.
pub(super) fn preferred_dns_server() -> Result<(String, SocketAddr), String> {
    let buffer = adapter_table()?;
    let mut best: Option<(u32, String, SocketAddr)> = None;
    let mut adapter = buffer.as_ptr() as *const IP_ADAPTER_ADDRESSES_LH;
    // SAFETY: `adapter_table` returned the list GetAdaptersAddresses wrote into `buffer`, which
    // lives until the end of this function; every pointer followed is one of that list's links.
    unsafe {
        while let Some(a) = adapter.as_ref() {
            if a.OperStatus == IfOperStatusUp && a.IfType != IF_TYPE_SOFTWARE_LOOPBACK {
                let mut server = a.FirstDnsServerAddress;
                while let Some(s) = server.as_ref() {
                    if let Some(addr) = socket_addr(s.Address.lpSockaddr) {
                        if best
                            .as_ref()
                            .is_none_or(|(metric, ..)| a.Ipv4Metric < *metric)
                        {
                            best = Some((a.Ipv4Metric, wide_to_string(a.FriendlyName), addr));
                        }
                        break;
                    }
                    server = s.Next;
                }
            }
            adapter = a.Next;
        }
    }
    best.map(|(_, name, addr)| (name, addr))
        .ok_or_else(|| "no network adapter that is up has a DNS server".into())
}

/// The adapter list in a buffer of 8-byte units (the structures' alignment), grown as asked.
fn adapter_table() -> Result<Vec<u64>, String> {
    let flags = GAA_FLAG_SKIP_UNICAST | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST;
    let mut bytes: u32 = 16 * 1024;
    for _ in 0..4 {
        let mut buffer = vec![0u64; (bytes as usize).div_ceil(8)];
        // SAFETY: the buffer holds `bytes` writable bytes, aligned for IP_ADAPTER_ADDRESSES_LH.
        let status = unsafe {
            GetAdaptersAddresses(
                u32::from(AF_UNSPEC),
                flags,
                std::ptr::null(),
                buffer.as_mut_ptr().cast(),
                &mut bytes,
            )
        };
        match status {
            ERROR_SUCCESS => return Ok(buffer),
            ERROR_BUFFER_OVERFLOW => continue,
            ERROR_NO_DATA => return Err("Windows lists no network adapter".into()),
            other => return Err(format!("GetAdaptersAddresses failed (error {other})")),
        }
    }
    Err("the network adapter list kept growing while it was read".into())
}

/// A DNS server's address with port 53. Windows lists `fec0:0:0:ffff::1`–`3` on adapters
/// without IPv6 DNS: deprecated site-local placeholders, skipped.
///
/// # Safety
/// `sockaddr` is null or points to a SOCKADDR of the family it names.
unsafe fn socket_addr(sockaddr: *const SOCKADDR) -> Option<SocketAddr> {
    let family = sockaddr.as_ref()?.sa_family;
    if family == AF_INET {
        let v4 = &*(sockaddr as *const SOCKADDR_IN);
        let ip = Ipv4Addr::from(u32::from_be(v4.sin_addr.S_un.S_addr));
        Some(SocketAddr::new(IpAddr::V4(ip), 53))
    } else if family == AF_INET6 {
        let v6 = &*(sockaddr as *const SOCKADDR_IN6);
        let ip = Ipv6Addr::from(v6.sin6_addr.u.Byte);
        if ip.segments()[..4] == [0xfec0, 0, 0, 0xffff] {
            return None;
        }
        let scope = v6.Anonymous.sin6_scope_id;
        Some(SocketAddr::V6(SocketAddrV6::new(ip, 53, 0, scope)))
    } else {
        None
    }
}

/// A NUL-terminated UTF-16 string.
///
/// # Safety
/// `text` is null or points to a NUL-terminated UTF-16 string.
unsafe fn wide_to_string(text: *const u16) -> String {
    if text.is_null() {
        return String::new();
    }
    let len = (0..).take_while(|&i| *text.add(i) != 0).count();
    String::from_utf16_lossy(std::slice::from_raw_parts(text, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Under wine this reads the host's resolver through wine's adapter table; on a Windows CI
    /// runner, the runner's. Either way a machine with a network has one.
    #[test]
    fn the_adapter_table_names_a_dns_server() {
        let (adapter, addr) = preferred_dns_server().expect("a DNS server");
        assert_eq!(addr.port(), 53);
        assert!(!addr.ip().is_unspecified(), "{adapter}: {addr}");
        let resolver = crate::dns::config::system_resolver().unwrap();
        assert_eq!(resolver.addr, addr);
        assert!(resolver.label.contains(&adapter), "{}", resolver.label);
    }
}
