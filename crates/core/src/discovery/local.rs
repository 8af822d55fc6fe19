//! The laptop's attached IPv4 networks, turned into what a sweep may cover.
//!
//! Enumerating interfaces sends nothing. Each network is swept whole when it has at most
//! [`MAX_SWEEP_ADDRESSES`] addresses (a /22 or smaller: the usual shop /24, or a smaller real
//! prefix); a larger one (a /16 office network) is cut to the /22 block that holds the laptop's
//! own address, where a DHCP server hands out neighbouring leases. The whole plan stays within
//! [`MAX_SWEEP_ADDRESSES`]: when several networks would exceed it, the later ones shrink to the
//! /24 around the laptop, and networks that still do not fit are left out (with a warning).

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};

use serde::Serialize;

use super::cidr::{Ipv4Cidr, MAX_SWEEP_ADDRESSES, MIN_SWEEP_PREFIX};
use crate::error::CoreError;
use crate::net_policy::{NetPolicy, PolicyRefusal};

/// One attached network and the range a sweep covers on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LocalNetwork {
    /// Interface name (`eth0`, `wlan0`, `Ethernet 2`…).
    pub interface: String,
    /// The laptop's own address on it (never probed).
    pub address: String,
    /// The interface's real prefix length.
    pub prefix: u8,
    /// What is swept, e.g. `192.168.1.0/24`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub sweep: Ipv4Cidr,
    /// True when the real network is larger than what is swept.
    pub capped: bool,
}

/// One IPv4 address of an interface, as the OS reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceAddr {
    pub name: String,
    pub ip: Ipv4Addr,
    pub prefix: u8,
}

/// Virtual bridges of containers and VMs on the laptop: never where a shop's box is.
const VIRTUAL_PREFIXES: [&str; 6] = ["docker", "veth", "br-", "virbr", "vboxnet", "vmnet"];

/// The laptop's IPv4 interfaces, less loopback, link-local (169.254/16: a /16 nobody leases
/// from) and container/VM bridges. Reads the OS tables only; no packet is sent.
pub fn interface_addrs() -> Result<Vec<InterfaceAddr>, CoreError> {
    let interfaces = if_addrs::get_if_addrs().map_err(|e| {
        CoreError::from(crate::unsupported::Unsupported::Interfaces {
            error: e.to_string(),
        })
    })?;
    Ok(interfaces
        .into_iter()
        .filter_map(|i| match i.addr {
            if_addrs::IfAddr::V4(v4) => Some(InterfaceAddr {
                name: i.name,
                ip: v4.ip,
                prefix: v4.prefixlen,
            }),
            if_addrs::IfAddr::V6(_) => None,
        })
        .filter(|a| !a.ip.is_loopback() && !a.ip.is_link_local() && !a.ip.is_unspecified())
        .filter(|a| !VIRTUAL_PREFIXES.iter().any(|p| a.name.starts_with(p)))
        .collect())
}

/// Plans the ranges for `interfaces` (pure: see the module doc for the rules).
pub fn plan_networks(interfaces: &[InterfaceAddr]) -> Vec<LocalNetwork> {
    let mut planned: Vec<LocalNetwork> = Vec::new();
    for a in interfaces {
        if a.prefix >= 32 || planned.iter().any(|n| n.sweep.contains(a.ip)) {
            continue; // only the laptop itself, or a second address on a planned network
        }
        planned.push(LocalNetwork {
            interface: a.name.clone(),
            address: a.ip.to_string(),
            prefix: a.prefix,
            sweep: Ipv4Cidr::new(a.ip, a.prefix.max(MIN_SWEEP_PREFIX)),
            capped: false,
        });
    }
    let total = |p: &[LocalNetwork]| p.iter().map(|n| n.sweep.size()).sum::<u64>();
    if total(&planned) > MAX_SWEEP_ADDRESSES as u64 {
        // Several networks: each one larger than a /24 keeps the /24 around the laptop.
        for n in planned.iter_mut().filter(|n| n.sweep.prefix() < 24) {
            n.sweep = Ipv4Cidr::new(n.address.parse().unwrap_or(n.sweep.network()), 24);
        }
    }
    while total(&planned) > MAX_SWEEP_ADDRESSES as u64 {
        if let Some(n) = planned.pop() {
            tracing::warn!(interface = %n.interface, network = %n.sweep, "left out of the sweep: over {MAX_SWEEP_ADDRESSES} addresses");
        }
    }
    for n in &mut planned {
        n.capped = n.sweep.prefix() > n.prefix;
    }
    planned
}

/// The laptop's attached networks, planned. Only in real mode: in demo and test mode (and a
/// session on a loopback box) the laptop's networks are never swept, and this refuses before
/// anything is read.
pub fn local_networks(policy: &NetPolicy) -> Result<Vec<LocalNetwork>, CoreError> {
    if let Some(mode) = policy.loopback_reason() {
        return Err(CoreError::PolicyRefused(PolicyRefusal {
            // No address: the catalogue words what was refused (`scope`).
            target: String::new(),
            scope: crate::net_policy::Refused::LocalNetworks,
            mode,
        }));
    }
    Ok(plan_networks(&interface_addrs()?))
}

/// Sweep targets for planned networks on `port`: every host address except the laptop's own,
/// once each, at most [`MAX_SWEEP_ADDRESSES`].
pub fn network_targets(networks: &[LocalNetwork], port: u16) -> Vec<SocketAddr> {
    let own: BTreeSet<Ipv4Addr> = networks
        .iter()
        .filter_map(|n| n.address.parse().ok())
        .collect();
    let mut seen = BTreeSet::new();
    networks
        .iter()
        .flat_map(|n| n.sweep.hosts())
        .filter(|ip| !own.contains(ip) && seen.insert(*ip))
        .take(MAX_SWEEP_ADDRESSES)
        .map(|ip| SocketAddr::V4(SocketAddrV4::new(ip, port)))
        .collect()
}
