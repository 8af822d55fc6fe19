//! The device check from the window: open it (the page server runs in core), stream each
//! device's result over a `Channel`, close it; enterprise policies for the Odoo origin; and
//! payment-terminal readiness. One check at a time: opening a new one closes the previous.

use iot_https_core::device_check::policy::{all_policy_files, odoo_origin, PolicyFile};
use iot_https_core::device_check::terminal::{check_terminals, TerminalOptions, TerminalReadiness};
use iot_https_core::device_check::{
    discover_target, start, CheckTarget, DeviceCheckInfo, DeviceResult, Standing, StartOptions,
    TargetOptions, MAX_DEVICES,
};
use iot_https_core::{BoxAddress, BoxReport, WireError};
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

/// The box's HTTPS port: the demo box's own, the test rig's, or 443.
async fn https_port(state: &AppState, address: &BoxAddress) -> u16 {
    if let Some(https) = state
        .demo
        .matching(&address.to_string())
        .await
        .and_then(|d| d.https)
    {
        return https.port();
    }
    iot_https_core::diagnose::https_port_from_env().unwrap_or(443)
}

/// Where to find the box: its ports (the test rig's, or a box's 443 and 80).
async fn target_options(state: &AppState, address: &BoxAddress) -> TargetOptions {
    let mut opts = TargetOptions::new(https_port(state, address).await);
    if let Some(port) = iot_https_core::diagnose::lna_port_from_env() {
        opts.lna_port = port;
    }
    opts
}

/// The database's "Use Local Network Access" for this box, from the last fleet check.
async fn use_lna_from_fleet(state: &AppState, target: &mut CheckTarget, report: &BoxReport) {
    let Some(fleet) = state.fleet.last().await else {
        return;
    };
    let ids: Vec<&str> = [&report.status.identifier, &report.status.mac]
        .into_iter()
        .filter_map(|v| v.as_deref())
        .collect();
    target.use_lna = fleet.use_lna_of(&ids, &target.box_ip.to_string());
}

#[tauri::command]
pub async fn start_device_check(
    address: String,
    on_event: Channel<Vec<DeviceResult>>,
    state: State<'_, AppState>,
) -> Result<DeviceCheckInfo, WireError> {
    let address = BoxAddress::parse(&address)?;
    let opts = target_options(&state, &address).await;
    let (mut target, client, report) = discover_target(&address, state.policy, opts).await?;
    use_lna_from_fleet(&state, &mut target, &report).await;
    let (check, mut results) = start(StartOptions::new(target), client.http().policy()).await?;
    let info = check.info().clone();
    *state
        .device_results
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = Standing::default();
    let kept = state.device_results.clone();
    let closed = check.closed_token();
    // Replacing the previous check drops it, which closes its server.
    *state.device_check.lock().await = Some(check);
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::select! {
                _ = closed.cancelled() => break,
                next = results.recv() => match next {
                    Some(device) => {
                        let _ = on_event.send(remember(&kept, device));
                    }
                    None => break,
                },
            }
        }
    });
    Ok(info)
}

/// Records a device's result as core keeps them (`Standing`: one per device, a later report
/// replaces), for the support report; the window gets the devices as they now stand.
fn remember(kept: &std::sync::Mutex<Standing>, device: DeviceResult) -> Vec<DeviceResult> {
    let mut standing = kept.lock().unwrap_or_else(|e| e.into_inner());
    standing.record(device, MAX_DEVICES);
    standing.devices().to_vec()
}

#[tauri::command]
pub async fn close_device_check(state: State<'_, AppState>) -> Result<(), WireError> {
    if let Some(check) = state.device_check.lock().await.take() {
        check.close();
    }
    Ok(())
}

/// Chrome and Edge policies (JSON, .reg, plist) allowing Local Network Access for `origin`.
#[tauri::command]
pub fn device_policies(origin: String) -> Result<Vec<PolicyFile>, WireError> {
    let origin = odoo_origin(&origin)?;
    Ok(all_policy_files(&origin))
}

#[tauri::command]
pub async fn check_payment_terminals(
    address: String,
    state: State<'_, AppState>,
) -> Result<TerminalReadiness, WireError> {
    let address = BoxAddress::parse(&address)?;
    let opts = target_options(&state, &address).await;
    let (target, client, report) = discover_target(&address, state.policy, opts).await?;
    Ok(check_terminals(
        &client,
        target.box_ip,
        report.status.flavour,
        &TerminalOptions::default(),
    )
    .await)
}
