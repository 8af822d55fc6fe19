//! DNS checks for the box's HTTPS name (field-problems.md F1 and §3, odoo-iot-protocol.md §6).
//!
//! - [`name`]: the expected name (`192-168-1-50.<hash>.odoo-iot.com`) and the IP a name encodes.
//! - [`config`]: which resolvers — the system one (`/etc/resolv.conf`, on Windows the adapter
//!   settings), public defaults, or one given explicitly.
//! - [`resolver`]: asking one resolver about one name, A (optionally AAAA) over UDP with a
//!   retry and TCP on truncation.
//! - [`analysis`]: system versus public answers → `DNS_REBIND_FILTERED`, `DNS_WRONG_ADDRESS`,
//!   `DNS_UNRESOLVABLE`, … with evidence.
//!
//! Every packet is subject to [`NetPolicy`]: in demo and test mode the public defaults
//! (`8.8.8.8`, `1.1.1.1`) are refused before anything is sent, and the system resolver must be
//! given explicitly (a loopback stub like `127.0.0.53` still forwards to the real network).

pub mod analysis;
pub mod config;
pub mod failure;
pub mod name;
pub mod resolver;
#[cfg(windows)]
mod windows_adapters;

pub use analysis::{analyse, BoxIps, DnsAnalysis, DnsFacts, DnsFinding, DnsStatus};
pub use config::{Resolver, ResolverOrigin};
pub use failure::{Failure, NotAsked};
pub use name::{expected_name, ip_encoded_in, name_for, subject_of_name, NameUnavailable};
pub use resolver::{lookup, lookup_all, Lookup, Outcome, QueryOptions};

use crate::net_policy::NetPolicy;
use config::SystemResolverError;

/// Which resolvers to ask: the one the browser uses and public ones to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverSet {
    pub system: Result<Resolver, SystemResolverError>,
    pub public: Vec<Resolver>,
}

impl ResolverSet {
    /// This machine's: its system resolver, then `8.8.8.8` and `1.1.1.1`.
    /// Outside real runs the policy refuses all of them, before any packet.
    pub fn host_defaults() -> Self {
        Self {
            system: config::system_resolver(),
            public: Resolver::public_defaults(),
        }
    }

    /// Explicit resolvers (a CLI override, or loopback servers in tests and the demo).
    pub fn explicit(system: Resolver, public: Vec<Resolver>) -> Self {
        Self {
            system: Ok(system),
            public,
        }
    }

    /// Every resolver of the set, the system one first.
    pub fn all(&self) -> Vec<Resolver> {
        self.system
            .iter()
            .cloned()
            .chain(self.public.iter().cloned())
            .collect()
    }
}

/// Looks `name` up through the system resolver and every public resolver at once, then reads
/// the answers for a box at `box_ips`. Takes at most `opts.deadline()`.
pub async fn check_name(
    policy: &NetPolicy,
    name: &str,
    box_ips: BoxIps,
    resolvers: &ResolverSet,
    opts: &QueryOptions,
) -> DnsAnalysis {
    let mut lookups = lookup_all(policy, &resolvers.all(), name, opts).await;
    let system = match &resolvers.system {
        Ok(_) => Ok(lookups.remove(0)),
        Err(e) => Err(e.to_string()),
    };
    analyse(name, box_ips, system, lookups)
}
