//! IPv4 ranges a technician types (`192.168.1.0/24`, `10.0.0.7/30`, a bare address), bounded to
//! what a sweep may cover.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::str::FromStr;

use ipnet::Ipv4Net;
use serde::{Serialize, Serializer};

use crate::error::CoreError;

/// A sweep covers at most this many addresses (a /22): enough for any shop network, small
/// enough that a sweep stays short and never looks like a scan of someone else's network.
pub const MAX_SWEEP_ADDRESSES: usize = 1024;

/// The smallest prefix length a sweep accepts (2^(32-22) = 1024 addresses).
pub const MIN_SWEEP_PREFIX: u8 = 22;

/// An IPv4 network: the address with its host bits cleared and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ipv4Cidr(Ipv4Net);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    #[error("no range given: expected an IPv4 range such as 192.168.1.0/24")]
    Empty,
    #[error("\"{input}\" is not an IPv4 range: expected an address and a prefix length, such as 192.168.1.0/24")]
    NotAnAddress { input: String },
    #[error("\"{input}\" is an IPv6 range: only IPv4 ranges can be swept (an IPv6 /64 holds 2^64 addresses); give the box network's IPv4 range, such as 192.168.1.0/24")]
    Ipv6 { input: String },
    #[error("\"{input}\" has an invalid prefix length \"{prefix}\": expected a number from {MIN_SWEEP_PREFIX} to 32 after the slash")]
    BadPrefix { input: String, prefix: String },
    #[error("\"{input}\" holds {addresses} addresses; a sweep covers at most {MAX_SWEEP_ADDRESSES} (a /{MIN_SWEEP_PREFIX}): narrow the range, e.g. {example}")]
    TooLarge {
        input: String,
        addresses: u64,
        example: String,
    },
    /// The targets of one sweep, together, are more than [`MAX_SWEEP_ADDRESSES`].
    #[error("{count} addresses: a sweep covers at most {MAX_SWEEP_ADDRESSES}")]
    TooMany { count: usize },
    /// A public address among the targets, without `--allow-public` (`scope::check_scope`).
    #[error("{input} is a public address, not a shop network; sweep public ranges only when you mean it (--allow-public)")]
    Public { input: String },
}

impl CidrError {
    pub fn input(&self) -> &str {
        match self {
            Self::Empty | Self::TooMany { .. } => "",
            Self::NotAnAddress { input }
            | Self::Ipv6 { input }
            | Self::BadPrefix { input, .. }
            | Self::TooLarge { input, .. }
            | Self::Public { input } => input,
        }
    }

    /// The key `INPUT_INVALID_ADDRESS` selects its sentence by, and the values it quotes
    /// (the sweep's bounds included, so the catalogue writes no number of its own).
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let key = |k: &str| ("problem", k.to_owned());
        let bounds = [
            ("min", MIN_SWEEP_PREFIX.to_string()),
            ("max", MAX_SWEEP_ADDRESSES.to_string()),
        ];
        let mut args = match self {
            Self::Empty => vec![key("noRange")],
            Self::NotAnAddress { .. } => vec![key("notRange")],
            Self::Ipv6 { .. } => vec![key("ipv6")],
            Self::BadPrefix { prefix, .. } => vec![key("prefix"), ("prefix", prefix.clone())],
            Self::TooLarge {
                addresses, example, ..
            } => vec![
                key("tooLarge"),
                ("addresses", addresses.to_string()),
                ("example", example.clone()),
            ],
            Self::TooMany { count } => vec![key("tooMany"), ("count", count.to_string())],
            Self::Public { .. } => vec![key("public")],
        };
        args.extend(bounds);
        args
    }
}

impl From<CidrError> for CoreError {
    fn from(e: CidrError) -> Self {
        CoreError::Range(e)
    }
}

impl Ipv4Cidr {
    /// The network of `address` with `prefix` bits. Any prefix (0–32) is representable; only
    /// [`FromStr`] enforces the sweep cap, so callers that plan from interfaces cap themselves.
    pub fn new(address: Ipv4Addr, prefix: u8) -> Self {
        let net = Ipv4Net::new(address, prefix.min(32)).expect("a prefix of at most 32");
        Self(net.trunc())
    }

    pub fn network(&self) -> Ipv4Addr {
        self.0.network()
    }

    pub fn prefix(&self) -> u8 {
        self.0.prefix_len()
    }

    /// Every address in the range, network and broadcast included.
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix()))
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        self.0.contains(&ip)
    }

    /// The addresses a host can have: without the network and broadcast addresses, except on
    /// /31 (point-to-point, both usable) and /32 (the one address).
    pub fn hosts(&self) -> impl Iterator<Item = Ipv4Addr> {
        self.0.hosts()
    }

    /// [`hosts`](Self::hosts) with `port`, as sweep targets.
    pub fn targets(&self, port: u16) -> Vec<SocketAddr> {
        self.hosts()
            .map(|ip| SocketAddr::V4(SocketAddrV4::new(ip, port)))
            .collect()
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Ipv4Cidr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses `a.b.c.d/len` (host bits are cleared, as nmap does: `192.168.1.7/24` is
/// `192.168.1.0/24`) or a bare `a.b.c.d` (a /32), and refuses ranges over
/// [`MAX_SWEEP_ADDRESSES`].
impl FromStr for Ipv4Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let input = s.trim();
        if input.is_empty() {
            return Err(CidrError::Empty);
        }
        let (addr_text, prefix_text) = match input.split_once('/') {
            Some((a, p)) => (a.trim(), Some(p.trim())),
            None => (input, None),
        };
        let address: Ipv4Addr = match addr_text.parse() {
            Ok(a) => a,
            Err(_)
                if addr_text
                    .trim_matches(|c| c == '[' || c == ']')
                    .parse::<std::net::Ipv6Addr>()
                    .is_ok() =>
            {
                return Err(CidrError::Ipv6 {
                    input: input.into(),
                })
            }
            Err(_) => {
                return Err(CidrError::NotAnAddress {
                    input: input.into(),
                })
            }
        };
        let prefix = match prefix_text {
            None => 32,
            Some(p) => match p.parse::<u8>() {
                Ok(n) if n <= 32 && !p.starts_with('+') => n,
                _ => {
                    return Err(CidrError::BadPrefix {
                        input: input.into(),
                        prefix: p.into(),
                    })
                }
            },
        };
        let cidr = Self::new(address, prefix);
        if cidr.size() > MAX_SWEEP_ADDRESSES as u64 {
            let example = Self::new(address, 24);
            return Err(CidrError::TooLarge {
                input: input.into(),
                addresses: cidr.size(),
                example: example.to_string(),
            });
        }
        Ok(cidr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_skip_network_and_broadcast() {
        let c: Ipv4Cidr = "127.0.0.0/30".parse().unwrap();
        assert_eq!(
            c.hosts().collect::<Vec<_>>(),
            vec![Ipv4Addr::new(127, 0, 0, 1), Ipv4Addr::new(127, 0, 0, 2)]
        );
        let p2p: Ipv4Cidr = "127.0.0.4/31".parse().unwrap();
        assert_eq!(p2p.hosts().count(), 2);
        let one: Ipv4Cidr = "127.0.0.9".parse().unwrap();
        assert_eq!(one.to_string(), "127.0.0.9/32");
        assert_eq!(
            one.hosts().collect::<Vec<_>>(),
            vec![Ipv4Addr::new(127, 0, 0, 9)]
        );
    }

    #[test]
    fn edge_of_the_address_space_does_not_overflow() {
        let top: Ipv4Cidr = "255.255.255.0/24".parse().unwrap();
        assert_eq!(top.hosts().last(), Some(Ipv4Addr::new(255, 255, 255, 254)));
        assert_eq!(Ipv4Cidr::new(Ipv4Addr::new(10, 1, 2, 3), 0).size(), 1 << 32);
    }
}
