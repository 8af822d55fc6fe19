//! Knobs for test rigs and demo set-ups that cannot pass flags to the window: resolvers, extra
//! trust anchors and the HTTPS port, from the environment. The CLI has flags for the same.
//! They are read only in test or demo mode (`IOT_HTTPS_MODE`): in a real run a stray variable
//! must not add a trust anchor or swap the resolvers a verdict depends on.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use time::OffsetDateTime;

use super::DiagnoseOptions;
use crate::dns::{Resolver, ResolverSet};
use crate::net_policy::NetPolicy;
use crate::tls::TrustAnchors;

/// `IP:PORT` of the resolver the laptop's browser uses.
pub const SYSTEM_RESOLVER_ENV: &str = "IOT_HTTPS_SYSTEM_RESOLVER";
/// Comma-separated `IP:PORT` list of resolvers to compare with.
pub const PUBLIC_RESOLVERS_ENV: &str = "IOT_HTTPS_PUBLIC_RESOLVERS";
/// A directory whose `*.pem` files are extra trust anchors (read at every diagnosis).
pub const EXTRA_CA_DIR_ENV: &str = "IOT_HTTPS_EXTRA_CA_DIR";
/// The boxes' HTTPS port, when it is not 443 (simulators on unprivileged ports).
pub const HTTPS_PORT_ENV: &str = "IOT_HTTPS_HTTPS_PORT";

/// The Pi's nginx plain-HTTP port (Odoo's LNA path), when it is not 80.
pub const LNA_PORT_ENV: &str = "IOT_HTTPS_LNA_PORT";

/// `IP:PORT` of a stand-in for www.odoo.com:443 (the laptop's odoo.com check).
pub const ODOO_COM_ENV: &str = "IOT_HTTPS_ODOO_COM";

/// Milliseconds the restart watch waits before giving up (10 minutes otherwise), so a window
/// test reaches the give-up message of a box that never comes back.
pub const WATCH_GIVE_UP_MS_ENV: &str = "IOT_HTTPS_WATCH_GIVE_UP_MS";

/// The value of a test-rig variable, in test or demo mode only.
fn test_knob(name: &str) -> Option<String> {
    knob_in(NetPolicy::from_env(), std::env::var(name).ok())
}

/// A test-rig variable for a run under `policy`: other modules' knobs (the neighbour table).
pub(crate) fn knob_for(policy: NetPolicy, name: &str) -> Option<String> {
    knob_in(policy, std::env::var(name).ok())
}

fn knob_in(policy: NetPolicy, value: Option<String>) -> Option<String> {
    if policy.is_real() {
        return None;
    }
    value.filter(|v| !v.trim().is_empty())
}

/// The boxes' HTTPS port from `IOT_HTTPS_HTTPS_PORT`, for the diagnosis and the restart watch.
pub fn https_port_from_env() -> Option<u16> {
    test_knob(HTTPS_PORT_ENV).and_then(|p| p.trim().parse().ok())
}

/// The restart watch's give-up from `IOT_HTTPS_WATCH_GIVE_UP_MS`, in test or demo mode only.
pub fn watch_give_up_from_env() -> Option<Duration> {
    test_knob(WATCH_GIVE_UP_MS_ENV).and_then(|ms| parse_millis(&ms))
}

fn parse_millis(text: &str) -> Option<Duration> {
    text.trim().parse().ok().map(Duration::from_millis)
}

/// nginx's plain-HTTP port from `IOT_HTTPS_LNA_PORT`, for the device check's LNA probe.
pub fn lna_port_from_env() -> Option<u16> {
    test_knob(LNA_PORT_ENV).and_then(|p| p.trim().parse().ok())
}

impl DiagnoseOptions {
    pub fn from_env(now: OffsetDateTime) -> Self {
        let mut opts = Self::new(now);
        let var = test_knob;
        if let Some(port) = https_port_from_env() {
            opts.https_port = port;
        }
        let public: Vec<Resolver> = var(PUBLIC_RESOLVERS_ENV)
            .map(|list| {
                list.split(',')
                    .filter_map(|a| a.trim().parse::<SocketAddr>().ok())
                    .enumerate()
                    .map(|(i, a)| Resolver::new(a, format!("#{} ({})", i + 1, a.ip())))
                    .collect()
            })
            .unwrap_or_else(|| opts.resolvers.public.clone());
        let system = var(SYSTEM_RESOLVER_ENV).and_then(|a| a.trim().parse::<SocketAddr>().ok());
        opts.resolvers = match system {
            Some(addr) => ResolverSet::explicit(Resolver::new(addr, addr.ip().to_string()), public),
            None => ResolverSet {
                system: opts.resolvers.system.clone(),
                public,
            },
        };
        if let Some(dir) = test_knob(EXTRA_CA_DIR_ENV) {
            add_anchors_from(&mut opts.anchors, Path::new(&dir));
        }
        opts.odoo_com_addr = var(ODOO_COM_ENV).and_then(|a| a.trim().parse().ok());
        opts
    }
}

/// The trust anchors a diagnosis uses: Mozilla's, plus the test CA directory where allowed.
/// The restart watch verifies the served certificate against the same.
pub fn anchors_from_env() -> TrustAnchors {
    let mut anchors = TrustAnchors::mozilla();
    if let Some(dir) = test_knob(EXTRA_CA_DIR_ENV) {
        add_anchors_from(&mut anchors, Path::new(&dir));
    }
    anchors
}

fn add_anchors_from(anchors: &mut TrustAnchors, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pem") {
            let _ = anchors.add_pem_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net_policy::LoopbackReason;

    #[test]
    fn test_knobs_are_ignored_in_a_real_run() {
        let value = || Some("127.0.0.1:5353".to_owned());
        assert_eq!(knob_in(NetPolicy::real(), value()), None);
        for reason in [LoopbackReason::Test, LoopbackReason::Demo] {
            assert_eq!(knob_in(NetPolicy::loopback_only(reason), value()), value());
        }
        assert_eq!(
            knob_in(
                NetPolicy::loopback_only(LoopbackReason::Test),
                Some(" ".into())
            ),
            None
        );
    }

    #[test]
    fn the_watch_give_up_knob_is_milliseconds() {
        assert_eq!(parse_millis(" 2500 "), Some(Duration::from_millis(2500)));
        assert_eq!(parse_millis("soon"), None);
    }
}
