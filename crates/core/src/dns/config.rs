//! Which resolvers to ask: the system one (what the browser on this laptop uses: the first
//! `nameserver` of `/etc/resolv.conf`, on Windows the first DNS server of the preferred network
//! adapter), public defaults, or one given explicitly. Asking them is [`super::resolver`]'s job.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::path::Path;

use serde::Serialize;

/// Where the C library reads the system resolver from (Linux, macOS, BSD).
pub const RESOLV_CONF: &str = "/etc/resolv.conf";

/// Public resolvers asked by default in real runs (field-problems.md §3.2 step 2).
pub const DEFAULT_PUBLIC_RESOLVERS: [(&str, SocketAddr); 2] = [
    (
        "Google Public DNS",
        SocketAddr::new(IpAddr::V4(Ipv4Addr::new(8, 8, 8, 8)), 53),
    ),
    (
        "Cloudflare DNS",
        SocketAddr::new(IpAddr::V4(Ipv4Addr::new(1, 1, 1, 1)), 53),
    ),
];

/// Where a resolver came from; it decides how it may be used (the lookup refuses the
/// system one outside real runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ResolverOrigin {
    /// The system's ([`system_resolver`]): what the browser on this laptop uses.
    System,
    /// Given explicitly (option, flag, test).
    Configured,
    /// One of [`DEFAULT_PUBLIC_RESOLVERS`].
    DefaultPublic,
}

/// One resolver, asked directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Resolver {
    pub addr: SocketAddr,
    /// For people, in no language: "127.0.0.53 (/etc/resolv.conf)", "Google Public DNS (8.8.8.8)";
    /// the words around it ("the system resolver …") come from the catalogue's templates.
    pub label: String,
    pub origin: ResolverOrigin,
}

impl Resolver {
    /// A resolver given explicitly, e.g. `127.0.0.1:5353` in a test.
    pub fn new(addr: SocketAddr, label: impl Into<String>) -> Self {
        Self {
            addr,
            label: label.into(),
            origin: ResolverOrigin::Configured,
        }
    }

    /// `8.8.8.8:53` and `1.1.1.1:53`. Only real runs may use them: a loopback-only policy
    /// refuses them before any packet.
    pub fn public_defaults() -> Vec<Resolver> {
        DEFAULT_PUBLIC_RESOLVERS
            .iter()
            .map(|(name, addr)| Resolver {
                addr: *addr,
                label: format!("{name} ({})", addr.ip()),
                origin: ResolverOrigin::DefaultPublic,
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SystemResolverError {
    #[error("{path} could not be read ({detail}); give the system resolver explicitly")]
    Unreadable { path: String, detail: String },
    /// Windows: the adapter table could not be read, or no adapter that is up has a DNS server.
    #[error("{detail}; give the system resolver explicitly")]
    NoAdapterResolver { detail: String },
}

/// The system resolver: the first usable `nameserver` of `/etc/resolv.conf`.
#[cfg(not(windows))]
pub fn system_resolver() -> Result<Resolver, SystemResolverError> {
    system_resolver_from(Path::new(RESOLV_CONF))
}

/// The system resolver: the first DNS server of the network adapter Windows prefers (up, not
/// loopback, lowest IPv4 metric), read with `GetAdaptersAddresses`.
#[cfg(windows)]
pub fn system_resolver() -> Result<Resolver, SystemResolverError> {
    let (adapter, addr) = super::windows_adapters::preferred_dns_server()
        .map_err(|detail| SystemResolverError::NoAdapterResolver { detail })?;
    Ok(Resolver {
        addr,
        label: format!("{} ({adapter})", addr.ip()),
        origin: ResolverOrigin::System,
    })
}

/// [`system_resolver`] from another file. A file without a `nameserver` line means
/// `127.0.0.1:53`, as the C library reads it.
pub fn system_resolver_from(path: &Path) -> Result<Resolver, SystemResolverError> {
    let text = std::fs::read_to_string(path).map_err(|e| SystemResolverError::Unreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    // No `nameserver` line: the C library uses 127.0.0.1, shown as what it is.
    let addr = parse_resolv_conf(&text)
        .first()
        .copied()
        .unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53));
    Ok(Resolver {
        addr,
        label: format!("{} ({})", addr.ip(), path.display()),
        origin: ResolverOrigin::System,
    })
}

/// The `nameserver` addresses of a resolv.conf, in order, with port 53. Comment lines (`#`, `;`)
/// and unparsable addresses are skipped; an IPv6 zone (`fe80::1%eth0` or `%2`) becomes the
/// scope id.
pub fn parse_resolv_conf(text: &str) -> Vec<SocketAddr> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            if line.starts_with('#') || line.starts_with(';') {
                return None;
            }
            let mut words = line.split_whitespace();
            if words.next()? != "nameserver" {
                return None;
            }
            let word = words.next()?;
            let word = word.split(['#', ';']).next().unwrap_or_default();
            parse_nameserver(word)
        })
        .collect()
}

fn parse_nameserver(word: &str) -> Option<SocketAddr> {
    let word = word
        .strip_prefix('[')
        .and_then(|w| w.strip_suffix(']'))
        .unwrap_or(word);
    if let Ok(v4) = word.parse::<Ipv4Addr>() {
        return Some(SocketAddr::new(IpAddr::V4(v4), 53));
    }
    let (addr, zone) = match word.split_once('%') {
        Some((addr, zone)) => (addr, Some(zone)),
        None => (word, None),
    };
    let v6: Ipv6Addr = addr.parse().ok()?;
    let scope = zone.map(scope_id).unwrap_or(0);
    Some(SocketAddr::V6(SocketAddrV6::new(v6, 53, 0, scope)))
}

/// A numeric zone, or an interface name looked up in sysfs (0 when unknown).
fn scope_id(zone: &str) -> u32 {
    if let Ok(n) = zone.parse() {
        return n;
    }
    if zone.is_empty() || zone.contains(['/', '.']) {
        return 0;
    }
    std::fs::read_to_string(format!("/sys/class/net/{zone}/ifindex"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn resolv_conf_nameservers_in_order_with_comments_and_ipv6() {
        let text = "\
# Generated by NetworkManager
; another comment style
search lan example.test
nameserver 127.0.0.53
options edns0 trust-ad
#nameserver 192.0.2.99
  nameserver   198.51.100.53   # trailing words are ignored
nameserver 2001:db8::53
nameserver fe80::1%7
nameserver [2001:db8::54]
nameserver not-an-address
nameserver
nameservers 203.0.113.1
";
        let got = parse_resolv_conf(text);
        assert_eq!(
            got,
            vec![
                sa("127.0.0.53:53"),
                sa("198.51.100.53:53"),
                sa("[2001:db8::53]:53"),
                SocketAddr::V6(SocketAddrV6::new("fe80::1".parse().unwrap(), 53, 0, 7)),
                sa("[2001:db8::54]:53"),
            ]
        );
        assert!(parse_resolv_conf("").is_empty());
        assert!(parse_resolv_conf("# nameserver 192.0.2.1\n").is_empty());
    }

    #[test]
    fn an_interface_zone_becomes_its_index() {
        let got = parse_resolv_conf("nameserver fe80::1%lo\nnameserver fe80::2%no-such-if0\n");
        let scope = |a: &SocketAddr| match a {
            SocketAddr::V6(v6) => v6.scope_id(),
            SocketAddr::V4(_) => unreachable!(),
        };
        if Path::new("/sys/class/net/lo/ifindex").exists() {
            assert_eq!(scope(&got[0]), 1, "lo is interface 1 on Linux");
        }
        assert_eq!(scope(&got[1]), 0);
    }

    #[test]
    fn the_system_resolver_is_the_first_nameserver_or_the_c_library_default() {
        let dir = std::env::temp_dir().join(format!("iot-https-resolv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("resolv.conf");
        std::fs::write(
            &conf,
            "search lan\nnameserver 127.0.0.53\nnameserver 192.0.2.1\n",
        )
        .unwrap();
        let r = system_resolver_from(&conf).unwrap();
        assert_eq!(r.addr, sa("127.0.0.53:53"));
        assert_eq!(r.origin, ResolverOrigin::System);
        assert!(
            r.label.contains("127.0.0.53") && r.label.contains("resolv.conf"),
            "{}",
            r.label
        );

        std::fs::write(&conf, "# nothing\n").unwrap();
        assert_eq!(
            system_resolver_from(&conf).unwrap().addr,
            sa("127.0.0.1:53")
        );

        let missing = system_resolver_from(&dir.join("absent")).unwrap_err();
        assert!(missing.to_string().contains("explicitly"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn public_defaults_are_google_and_cloudflare_on_port_53() {
        let all = Resolver::public_defaults();
        assert_eq!(
            all.iter().map(|r| r.addr).collect::<Vec<_>>(),
            vec![sa("8.8.8.8:53"), sa("1.1.1.1:53")]
        );
        assert!(all
            .iter()
            .all(|r| r.origin == ResolverOrigin::DefaultPublic));
        assert_eq!(all[0].label, "Google Public DNS (8.8.8.8)");
    }
}
