//! The check from the cashier's device (`iot-https device-check`, the window's Device check):
//! open it for a box (core reads the box once for its IP, ports and name, serves the page and
//! parses what devices post), each device's result streamed as it reports and its latest one
//! kept for the support report, one check per session (opening a new one closes the previous),
//! close; Chrome/Edge Local Network Access policies; payment-terminal readiness.

use std::net::SocketAddr;

use iot_https_core::device_check::policy::{all_policy_files, odoo_origin, PolicyFile};
use iot_https_core::device_check::terminal::{check_terminals, TerminalOptions, TerminalReadiness};
use iot_https_core::device_check::{
    discover_target, start, CheckTarget, DeviceCheckInfo, DeviceResult, Standing, StartOptions,
    TargetOptions, MAX_DEVICES,
};
use iot_https_core::{BoxAddress, BoxReport, WireError};
use tokio_util::sync::CancellationToken;

use crate::session::Session;

pub struct OpenOptions {
    /// The box's ports and name; `use_lna: None` takes the database's from the last fleet check.
    pub target: TargetOptions,
    /// Where the page listens (`None`: the policy's choice, never all interfaces).
    pub listen: Option<SocketAddr>,
    /// Also check payment-terminal readiness (Worldline port, Six terminal ID).
    pub terminals: bool,
}

pub struct Opened {
    pub info: DeviceCheckInfo,
    pub terminals: Option<TerminalReadiness>,
    /// Cancelled when the check closes: `close`, a newer check, or the link's expiry.
    pub closed: CancellationToken,
}

/// The database's "Use Local Network Access" for this box, from the session's last fleet check.
async fn use_lna_from_fleet(session: &Session, target: &mut CheckTarget, report: &BoxReport) {
    let Some(fleet) = session.fleet.last().await else {
        return;
    };
    let ids: Vec<&str> = [&report.status.identifier, &report.status.mac]
        .into_iter()
        .filter_map(|v| v.as_deref())
        .collect();
    target.use_lna = fleet.use_lna_of(&ids, &target.box_ip.to_string());
}

/// One device reported: its result, and every device's as they now stand (core's `Standing`:
/// one per device, a re-run replaces, at most `MAX_DEVICES`).
#[derive(Debug, Clone)]
pub struct DeviceUpdate {
    pub device: DeviceResult,
    pub standing: Vec<DeviceResult>,
}

/// Opens a check for the box at `address`; `on_device` hears each device's report as it comes
/// (the session keeps the standing results for the report).
pub async fn open(
    session: &Session,
    address: &str,
    opts: OpenOptions,
    on_device: impl Fn(DeviceUpdate) + Send + 'static,
) -> Result<Opened, WireError> {
    let address = BoxAddress::parse(address)?;
    let given_lna = opts.target.use_lna;
    let (mut target, client, report) =
        discover_target(&address, session.policy, opts.target).await?;
    if given_lna.is_none() {
        use_lna_from_fleet(session, &mut target, &report).await;
    }
    let terminals = if opts.terminals {
        let options = TerminalOptions::default();
        let flavour = report.status.flavour;
        Some(check_terminals(&client, target.box_ip, flavour, &options).await)
    } else {
        None
    };
    let mut start_opts = StartOptions::new(target);
    start_opts.listen = opts.listen;
    let (check, mut results) = start(start_opts, client.http().policy()).await?;
    let info = check.info().clone();
    let closed = check.closed_token();
    *session
        .device_results
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = Standing::default();
    let kept = session.device_results.clone();
    let until = closed.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = until.cancelled() => break,
                next = results.recv() => match next {
                    Some(device) => {
                        let standing = remember(&kept, device.clone());
                        on_device(DeviceUpdate { device, standing });
                    }
                    None => break,
                },
            }
        }
    });
    // Replacing the previous check drops it, which closes its server.
    if let Some(previous) = session.device_check.lock().await.replace(check) {
        previous.close();
    }
    Ok(Opened {
        info,
        terminals,
        closed,
    })
}

/// Records a device's result as core keeps them, for the report; the devices as they stand.
fn remember(kept: &std::sync::Mutex<Standing>, device: DeviceResult) -> Vec<DeviceResult> {
    let mut standing = kept.lock().unwrap_or_else(|e| e.into_inner());
    standing.record(device, MAX_DEVICES);
    standing.devices().to_vec()
}

/// Closes the open check (its page answers no more); its results stay for the report.
pub async fn close(session: &Session) {
    if let Some(check) = session.device_check.lock().await.take() {
        check.close();
    }
}

/// Chrome and Edge policies (JSON, .reg, plist) allowing Local Network Access for `origin`.
pub fn policies(origin: &str) -> Result<Vec<PolicyFile>, WireError> {
    let origin = odoo_origin(origin)?;
    Ok(all_policy_files(&origin))
}

/// Payment-terminal readiness of the box at `address`.
pub async fn terminals(
    session: &Session,
    address: &str,
    target: TargetOptions,
) -> Result<TerminalReadiness, WireError> {
    let address = BoxAddress::parse(address)?;
    let (target, client, report) = discover_target(&address, session.policy, target).await?;
    Ok(check_terminals(
        &client,
        target.box_ip,
        report.status.flavour,
        &TerminalOptions::default(),
    )
    .await)
}
