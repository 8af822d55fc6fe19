//! Knobs for test rigs and demo set-ups that cannot pass flags to the window: resolvers, extra
//! trust anchors and the HTTPS port, from the environment. The CLI has flags for the same.
//! Real runs set none of them.

use std::net::SocketAddr;
use std::path::Path;

use time::OffsetDateTime;

use super::DiagnoseOptions;
use crate::dns::{Resolver, ResolverSet};

/// `IP:PORT` of the resolver the laptop's browser uses.
pub const SYSTEM_RESOLVER_ENV: &str = "IOT_HTTPS_SYSTEM_RESOLVER";
/// Comma-separated `IP:PORT` list of resolvers to compare with.
pub const PUBLIC_RESOLVERS_ENV: &str = "IOT_HTTPS_PUBLIC_RESOLVERS";
/// A directory whose `*.pem` files are extra trust anchors (read at every diagnosis).
pub const EXTRA_CA_DIR_ENV: &str = "IOT_HTTPS_EXTRA_CA_DIR";
/// The boxes' HTTPS port, when it is not 443 (simulators on unprivileged ports).
pub const HTTPS_PORT_ENV: &str = "IOT_HTTPS_HTTPS_PORT";

/// The boxes' HTTPS port from `IOT_HTTPS_HTTPS_PORT`, for the diagnosis and the restart watch.
pub fn https_port_from_env() -> Option<u16> {
    std::env::var(HTTPS_PORT_ENV)
        .ok()
        .and_then(|p| p.trim().parse().ok())
}

impl DiagnoseOptions {
    pub fn from_env(now: OffsetDateTime) -> Self {
        let mut opts = Self::new(now);
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(port) = https_port_from_env() {
            opts.https_port = port;
        }
        let public: Vec<Resolver> = var(PUBLIC_RESOLVERS_ENV)
            .map(|list| {
                list.split(',')
                    .filter_map(|a| a.trim().parse::<SocketAddr>().ok())
                    .enumerate()
                    .map(|(i, a)| Resolver::new(a, format!("public #{}", i + 1)))
                    .collect()
            })
            .unwrap_or_else(|| opts.resolvers.public.clone());
        let system = var(SYSTEM_RESOLVER_ENV).and_then(|a| a.trim().parse::<SocketAddr>().ok());
        opts.resolvers = match system {
            Some(addr) => ResolverSet::explicit(Resolver::new(addr, "system"), public),
            None => ResolverSet {
                system: opts.resolvers.system.clone(),
                public,
            },
        };
        if let Some(dir) = var(EXTRA_CA_DIR_ENV) {
            add_anchors_from(&mut opts, Path::new(&dir));
        }
        opts
    }
}

fn add_anchors_from(opts: &mut DiagnoseOptions, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pem") {
            let _ = opts.anchors.add_pem_file(&path);
        }
    }
}
