//! "Find boxes on this network" (`iot-https scan`, the window's Scan): which addresses to sweep
//! (a range, else the laptop's attached networks in a real run), the sweep streamed as boxes
//! answer, one sweep at a time per session, the boxes found remembered (sites are made from
//! what Rust read) and, where the session records, a known box found at a new address moves its
//! site (core's `SiteStore::on_found`: identifier AND MAC must match; field-problems.md F10).

use std::net::SocketAddr;

use iot_https_core::discovery::{
    local_networks, network_targets, sweep, CancellationToken, FoundBox, Ipv4Cidr, LocalNetwork,
    SweepEvent, SweepOptions, SweepReport,
};
use iot_https_core::{CoreError, ErrorCode, NetPolicy, WireError};

use crate::session::Session;

/// What one sweep covers.
#[derive(Debug, Clone)]
pub struct ScanPlan {
    pub targets: Vec<SocketAddr>,
    /// The laptop's networks, when no range was given.
    pub networks: Option<Vec<LocalNetwork>>,
}

/// The addresses to sweep on `port`: `cidr` (an IPv4 range, blank = none), else the laptop's
/// attached networks without its own addresses (a real run only: `POLICY_REFUSED` otherwise).
/// No attached IPv4 network is `INPUT_INVALID_ADDRESS` with an empty input.
pub fn plan(policy: &NetPolicy, cidr: Option<&str>, port: u16) -> Result<ScanPlan, WireError> {
    match cidr.map(str::trim).filter(|c| !c.is_empty()) {
        Some(text) => {
            let cidr = text.parse::<Ipv4Cidr>().map_err(|e| {
                WireError::new(CoreError::from(e.clone()).code(), Some(e.to_string()))
                    .arg("input", text)
            })?;
            Ok(ScanPlan {
                targets: cidr.targets(port),
                networks: None,
            })
        }
        None => {
            let networks = local_networks(policy)?;
            if networks.is_empty() {
                return Err(WireError::new(ErrorCode::InputInvalidAddress, None).arg("input", ""));
            }
            Ok(ScanPlan {
                targets: network_targets(&networks, port),
                networks: Some(networks),
            })
        }
    }
}

/// Sweeps the plan, cancelled by `cancel`, by `cancel_scan` or by the session's next scan.
/// With `record`, a found box that is a saved site's (same identifier and MAC) moves the site
/// to its new address and the event says so. Every box found is remembered by the session.
pub async fn scan(
    session: &Session,
    plan: ScanPlan,
    options: SweepOptions,
    record: bool,
    cancel: CancellationToken,
    mut on_event: impl FnMut(SweepEvent) + Send,
) -> Result<SweepReport, WireError> {
    if let Some(previous) = session.scan.lock().await.replace(cancel.clone()) {
        previous.cancel();
    }
    let sites = session.sites.clone();
    let mut found: Vec<FoundBox> = Vec::new();
    let report = sweep(
        plan.targets,
        session.policy,
        options,
        cancel,
        |mut event| {
            if let SweepEvent::Found { found: one } = &mut event {
                if record {
                    // The sites file on this thread, without holding up the other workers.
                    one.site = tokio::task::block_in_place(|| sites.on_found(one))
                        .ok()
                        .flatten()
                        .map(Box::new);
                }
                found.push(one.clone());
            }
            on_event(event);
        },
    )
    .await?;
    let mut known = session.found.lock().await;
    for one in found {
        known.insert(one.address.clone(), one);
    }
    Ok(report)
}

/// Stops the running sweep (its report says `cancelled`).
pub async fn cancel_scan(session: &Session) {
    if let Some(token) = session.scan.lock().await.take() {
        token.cancel();
    }
}
