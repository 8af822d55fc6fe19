//! LAN discovery: find Odoo IoT boxes whose IP the technician does not know (field problem
//! F10, odoo-iot-protocol.md §8.3) by sweeping a range on the box HTTP port (8069).
//!
//! # Safety
//!
//! * The network policy is asked for **every** target before the first packet: in loopback-only
//!   mode (`IOT_HTTPS_MODE=test|demo`, or a sweep whose targets are all loopback) one
//!   non-loopback target refuses the whole sweep with `NET_POLICY_REFUSED` and nothing is sent.
//!   Each probe asks again before it connects.
//! * A sweep covers at most [`MAX_SWEEP_ADDRESSES`] addresses and lasts at most
//!   [`SweepOptions::max_duration`]; every address is bounded by its connect timeout, and an
//!   address that accepted is bounded by the probe timeout per request.
//! * The laptop's own networks ([`local_networks`]) are only swept in real mode.
//!
//! # What is read from each address
//!
//! 1. A TCP connect with [`SweepOptions::connect_timeout`] (a silent, filtered address costs
//!    exactly that). Closed and silent addresses get nothing else.
//! 2. `GET /hw_proxy/hello`: every generation answers the plain text `ping` (odoo-iot-protocol.md §8.3). Anything else
//!    means "not an IoT box" and the address is only counted as open.
//! 3. The generation, with side-effect-free routes only:
//!    * `GET /iot_drivers/ping` → pong: saas-18.4+ (`iot-drivers`). Its data route is read-only
//!      (odoo-iot-protocol.md §3.4), so the core client reads it (`GET /iot_drivers/data`) for version, identifier,
//!      MAC, hostname and the IP the box reports. Credentials in that answer are dropped while
//!      parsing, as everywhere in core.
//!    * `GET /hw_posbox_homepage/ping` → pong: late 17.0 – saas-18.3 (`hw-posbox`). The exact
//!      family, version and MAC are only on `/hw_posbox_homepage/data`, which on 17.0 –
//!      saas-18.2 may make the box contact odoo.com and restart nginx or Odoo (odoo-iot-protocol.md §4.1, §9.5),
//!      so it is **not** read unless [`Identify::ReadStatus`] asks for it.
//!    * `GET /hw_proxy/get_version` → text: 16.0 / early 17.0 (`legacy-html`), whose version
//!      comes from that route. Its identity is on `/`, which on 16.0 may also contact
//!      odoo.com, so that too is read only with [`Identify::ReadStatus`].
//!    * None of them: a box that answers hello but is of a generation this assistant does not
//!      know (`unknown`).
//!
//! With [`Identify::ReadStatus`] the core client ([`BoxClient`]) detects the family and reads
//! the status of `hw-posbox` and `legacy-html` boxes too, exactly as `iot-https status` does.

mod cidr;
mod found_note;
pub mod limits;
mod local;
pub mod scope;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

pub use cidr::{CidrError, Ipv4Cidr, MAX_SWEEP_ADDRESSES, MIN_SWEEP_PREFIX};
pub use found_note::FoundNote;
pub use local::{
    interface_addrs, local_networks, network_targets, plan_networks, InterfaceAddr, LocalNetwork,
};
/// Re-exported so that callers (the CLI, the app) need no direct `tokio-util` dependency.
pub use tokio_util::sync::CancellationToken;

use crate::box_api::{ApiFamily, BoxClient, Marker, OsFlavour, Probes};
use crate::error::CoreError;
use crate::http::{BoxHttp, Limits};
use crate::net_policy::{is_loopback, NetPolicy};
use crate::wire::WireError;

/// The box HTTP port (Odoo's 8069, every generation, odoo-iot-protocol.md §2.1).
pub const BOX_HTTP_PORT: u16 = 8069;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Identify {
    /// Only side-effect-free routes (see the module doc). The default.
    #[default]
    SideEffectFree,
    /// Also read the status of `hw-posbox` and `legacy-html` boxes, for their exact family,
    /// version and MAC. On 16.0 – saas-18.2 that read may make the box contact odoo.com.
    ReadStatus,
}

#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Addresses probed at once.
    pub concurrency: usize,
    /// TCP connect timeout per address: what a silent address costs.
    pub connect_timeout: Duration,
    /// Deadline of each HTTP request to an address that accepted.
    pub probe_timeout: Duration,
    /// The whole sweep stops after this (outcome `timedOut`).
    pub max_duration: Duration,
    pub identify: Identify,
    /// Real runs sweep only LAN ranges unless this is set (`scope`).
    pub allow_public: bool,
}

impl Default for SweepOptions {
    fn default() -> Self {
        Self {
            concurrency: 256,
            // A LAN host answers a SYN within a few ms; 400 ms leaves room for Wi-Fi power save.
            connect_timeout: Duration::from_millis(400),
            probe_timeout: Duration::from_secs(2),
            max_duration: Duration::from_secs(60),
            identify: Identify::SideEffectFree,
            allow_public: false,
        }
    }
}

/// The route generation a box answered on (what the side-effect-free pings tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Generation {
    /// `/iot_drivers/ping` answers: saas-18.4, 19.0+ (family `iot-drivers`).
    IotDrivers,
    /// `/hw_posbox_homepage/ping` answers: late 17.0 – saas-18.3 (family `hw-posbox-status`
    /// or `hw-posbox-end-date`, told apart only by the data route).
    HwPosbox,
    /// Neither ping, but `/hw_proxy/get_version` answers: 16.0 / early 17.0 (`legacy-html`).
    LegacyHtml,
    /// Answers `/hw_proxy/hello` but none of the above.
    Unknown,
}

impl Generation {
    pub const ALL: [Generation; 4] = [
        Self::IotDrivers,
        Self::HwPosbox,
        Self::LegacyHtml,
        Self::Unknown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::IotDrivers => "iot-drivers",
            Self::HwPosbox => "hw-posbox",
            Self::LegacyHtml => "legacy-html",
            Self::Unknown => "unknown",
        }
    }

    /// The Odoo versions a technician would recognise, in `lang` (the catalogue's `families`).
    pub fn label(self, lang: &str) -> &'static str {
        crate::findings::family_label(self.name(), lang)
    }
}

/// An IoT box that answered the sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FoundBox {
    /// The address that answered, `ip:port`.
    pub address: String,
    pub generation: Generation,
    /// The exact API family, when it is known without a side-effecting read (always for
    /// `iot-drivers` and `legacy-html`; for `hw-posbox` only with [`Identify::ReadStatus`]).
    pub family: Option<ApiFamily>,
    pub flavour: OsFlavour,
    pub version: Option<String>,
    /// saas-18.4+: serial number or motherboard UUID; stable across IP changes (field-problems.md F10).
    pub identifier: Option<String>,
    /// 16.0 – 18.x identifier (field-problems.md F10); only where the route read shows it.
    pub mac: Option<String>,
    pub hostname: Option<String>,
    /// The IP the box reports for itself (the one its HTTPS name encodes).
    pub reported_ip: Option<String>,
    /// Why some identity is missing, e.g. the data route was not read to avoid side effects.
    pub note: Option<FoundNote>,
    /// When it was found, from the start of the sweep.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub elapsed_ms: u64,
    /// The saved site that knows this box (filled in by the caller from the sites file).
    pub site: Option<Box<crate::sites::KnownSite>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SweepOutcome {
    Completed,
    Cancelled,
    /// [`SweepOptions::max_duration`] ran out.
    TimedOut,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SweepEvent {
    /// Sent once the policy has allowed every target, before the first packet.
    Started {
        total: usize,
    },
    Progress {
        done: usize,
        total: usize,
        found: usize,
    },
    Found {
        found: FoundBox,
    },
    /// Always the last event.
    Finished {
        found: usize,
        scanned: usize,
        total: usize,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
        outcome: SweepOutcome,
    },
}

/// The result of a sweep; `found` is sorted by address.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SweepReport {
    pub found: Vec<FoundBox>,
    /// Addresses whose probe finished.
    pub scanned: usize,
    pub total: usize,
    /// Addresses that accepted a TCP connection on the port (IoT boxes included).
    pub open: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub elapsed_ms: u64,
    pub outcome: SweepOutcome,
}

/// Sweeps `cidr`'s host addresses on `port`. See [`sweep`].
pub async fn sweep_cidr(
    cidr: Ipv4Cidr,
    port: u16,
    policy: NetPolicy,
    options: SweepOptions,
    cancel: CancellationToken,
    on_event: impl FnMut(SweepEvent) + Send,
) -> Result<SweepReport, CoreError> {
    sweep(cidr.targets(port), policy, options, cancel, on_event).await
}

/// Probes every target (duplicates once) and streams events; returns when all are done, on
/// `cancel`, or at `options.max_duration`. Errors only before the first packet: more than
/// [`MAX_SWEEP_ADDRESSES`] targets (`INPUT_INVALID_ADDRESS`) or a target the policy refuses
/// (`NET_POLICY_REFUSED`), in which case no event is sent either.
pub async fn sweep(
    targets: Vec<SocketAddr>,
    policy: NetPolicy,
    options: SweepOptions,
    cancel: CancellationToken,
    mut on_event: impl FnMut(SweepEvent) + Send,
) -> Result<SweepReport, CoreError> {
    let mut seen = BTreeSet::new();
    let targets: Vec<SocketAddr> = targets.into_iter().filter(|t| seen.insert(*t)).collect();
    if targets.len() > MAX_SWEEP_ADDRESSES {
        return Err(CidrError::TooMany {
            count: targets.len(),
        }
        .into());
    }
    // A sweep of loopback only is a test or the demo: narrow the policy as a session would.
    let policy = match targets.first() {
        Some(first) if targets.iter().all(|t| is_loopback(t.ip())) => policy.for_target(first.ip()),
        _ => policy,
    };
    for target in &targets {
        policy.check(target.ip())?;
    }
    scope::check_scope(&targets, options.allow_public)?;

    let start = Instant::now();
    let deadline = start + options.max_duration;
    let total = targets.len();
    on_event(SweepEvent::Started { total });

    let options = Arc::new(options);
    let permits = Arc::new(Semaphore::new(limits::fit_open_files(
        options.concurrency.clamp(1, MAX_SWEEP_ADDRESSES),
    )));
    let mut tasks = JoinSet::new();
    for target in targets {
        let permits = permits.clone();
        let options = options.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            probe(target, policy, &options, start).await
        });
    }

    let (mut done, mut open, mut found) = (0usize, 0usize, Vec::new());
    let outcome = loop {
        tokio::select! {
            biased;
            _ = cancel.cancelled() => break SweepOutcome::Cancelled,
            _ = tokio::time::sleep_until(deadline) => break SweepOutcome::TimedOut,
            next = tasks.join_next() => {
                let Some(result) = next else { break SweepOutcome::Completed };
                done += 1;
                match result {
                    Ok(Probe::Found(b)) => {
                        open += 1;
                        on_event(SweepEvent::Found { found: b.clone() });
                        found.push(b);
                    }
                    Ok(Probe::Open) => open += 1,
                    // A closed or silent address; a panicked probe counts as scanned too.
                    Ok(Probe::Closed) | Err(_) => {}
                }
                on_event(SweepEvent::Progress { done, total, found: found.len() });
            }
        }
    };
    tasks.abort_all();
    found.sort_by_key(|b: &FoundBox| b.address.parse::<SocketAddr>().ok());
    let elapsed_ms = start.elapsed().as_millis() as u64;
    on_event(SweepEvent::Finished {
        found: found.len(),
        scanned: done,
        total,
        elapsed_ms,
        outcome,
    });
    Ok(SweepReport {
        found,
        scanned: done,
        total,
        open,
        elapsed_ms,
        outcome,
    })
}

enum Probe {
    Closed,
    Open,
    Found(FoundBox),
}

async fn probe(
    target: SocketAddr,
    policy: NetPolicy,
    options: &SweepOptions,
    start: Instant,
) -> Probe {
    if policy.check(target.ip()).is_err() {
        return Probe::Closed;
    }
    match tokio::time::timeout(
        options.connect_timeout,
        tokio::net::TcpStream::connect(target),
    )
    .await
    {
        Ok(Ok(stream)) => drop(stream),
        _ => return Probe::Closed,
    }
    match identify(target, policy, options).await {
        Some(mut found) => {
            found.elapsed_ms = start.elapsed().as_millis() as u64;
            Probe::Found(found)
        }
        None => Probe::Open,
    }
}

/// A found box the technician chose to save, identified in full: a sweep leaves the MAC and
/// identifier of 16.0 – saas-18.2 boxes unread (side-effect-free), and a site without them can
/// never be bound to its box by a later check (`sites::identity`). Saving is the technician's
/// explicit choice of this one box, so its status is read once, as connecting to it does.
/// The box as it was found when it no longer answers.
pub async fn identify_for_saving(found: &FoundBox, policy: NetPolicy) -> FoundBox {
    if found.identifier.is_some() || found.mac.is_some() {
        return found.clone();
    }
    let Ok(target) = found.address.parse::<SocketAddr>() else {
        return found.clone();
    };
    let options = SweepOptions {
        identify: Identify::ReadStatus,
        // The status read may wait for the box's own call to odoo.com (status-reads.md).
        probe_timeout: Duration::from_secs(30),
        ..SweepOptions::default()
    };
    match identify(target, policy, &options).await {
        Some(mut read) => {
            read.site = found.site.clone();
            read
        }
        None => found.clone(),
    }
}

/// `None` when the address does not answer `/hw_proxy/hello` with `ping`.
async fn identify(
    target: SocketAddr,
    policy: NetPolicy,
    options: &SweepOptions,
) -> Option<FoundBox> {
    let limits = Limits {
        timeout: options.probe_timeout,
        connect_timeout: options.probe_timeout,
        max_body: 1 << 20,
    };
    let http = BoxHttp::new(target, policy, limits).ok()?;
    // The probes and their reading are connecting's own (`box_api::Probes`): one detector.
    let probes = Probes::send(&http).await;
    if !probes.hello_pings() {
        return None;
    }
    let mut found = FoundBox {
        address: target.to_string(),
        generation: Generation::Unknown,
        family: None,
        flavour: OsFlavour::Unknown,
        version: None,
        identifier: None,
        mac: None,
        hostname: None,
        reported_ip: None,
        note: None,
        elapsed_ms: 0,
        site: None,
    };
    let read_status = options.identify == Identify::ReadStatus;
    match probes.marker() {
        Marker::IotDrivers => {
            found.generation = Generation::IotDrivers;
            found.family = Some(ApiFamily::IotDrivers);
            read_identity(&mut found, target, policy, limits).await;
        }
        Marker::HwPosbox => {
            found.generation = Generation::HwPosbox;
            if read_status {
                read_identity(&mut found, target, policy, limits).await;
            } else {
                found.note = Some(FoundNote::DataRouteNotRead);
            }
        }
        Marker::LegacyHtml { version } => {
            found.generation = Generation::LegacyHtml;
            found.family = Some(ApiFamily::LegacyHtml);
            found.flavour = OsFlavour::detect(None, Some(&version));
            found.version = Some(version);
            if read_status {
                read_identity(&mut found, target, policy, limits).await;
            } else {
                found.note = Some(FoundNote::HomepageNotRead);
            }
        }
        Marker::Unmarked => {
            found.note = Some(FoundNote::UnknownGeneration);
        }
    }
    Some(found)
}

/// Detects the family and reads the status with the core client, as `iot-https status` does.
async fn read_identity(
    found: &mut FoundBox,
    target: SocketAddr,
    policy: NetPolicy,
    limits: Limits,
) {
    let status = match BoxClient::connect_with_limits(target, policy, limits).await {
        Ok(client) => client.status().await,
        Err(e) => Err(e),
    };
    match status {
        Ok(s) => {
            found.family = Some(s.family);
            found.flavour = s.flavour;
            found.version = s.version.or(found.version.take());
            found.identifier = s.identifier;
            found.mac = s.mac;
            found.hostname = s.hostname;
            found.reported_ip = s.ip;
        }
        Err(e) => {
            found.note = Some(FoundNote::StatusUnread {
                error: Box::new(WireError::from(&e)),
            })
        }
    }
}
