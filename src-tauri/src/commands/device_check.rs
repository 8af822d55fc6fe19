//! The device check from the window: each command one `iot_https_app::device_check` call (one
//! check per session, the latest result per device kept for the report), plus the `Channel`
//! that streams each device's result and the demo box's ports.

use iot_https_app::device_check::{self, DeviceUpdate, OpenOptions};
use iot_https_core::device_check::policy::PolicyFile;
use iot_https_core::device_check::terminal::TerminalReadiness;
use iot_https_core::device_check::{DeviceCheckInfo, DeviceResult, TargetOptions};
use iot_https_core::{BoxAddress, WireError};
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

/// Where to find the box: its ports (the demo box's or the test rig's, or a box's 443 and 80).
async fn target_options(state: &AppState, address: &str) -> Result<TargetOptions, WireError> {
    let address = BoxAddress::parse(address)?;
    let mut opts = TargetOptions::new(https_port(state, &address).await);
    if let Some(port) = iot_https_core::diagnose::lna_port_from_env() {
        opts.lna_port = port;
    }
    Ok(opts)
}

#[tauri::command]
pub async fn start_device_check(
    address: String,
    on_event: Channel<Vec<DeviceResult>>,
    state: State<'_, AppState>,
) -> Result<DeviceCheckInfo, WireError> {
    let opts = OpenOptions {
        target: target_options(&state, &address).await?,
        listen: None,
        terminals: false,
    };
    // The window gets the devices as they now stand (a device's re-run replaces its result).
    let send = move |update: DeviceUpdate| {
        let _ = on_event.send(update.standing);
    };
    Ok(device_check::open(&state, &address, opts, send).await?.info)
}

#[tauri::command]
pub async fn close_device_check(state: State<'_, AppState>) -> Result<(), WireError> {
    device_check::close(&state).await;
    Ok(())
}

/// Chrome and Edge policies (JSON, .reg, plist) allowing Local Network Access for `origin`.
#[tauri::command]
pub fn device_policies(origin: String) -> Result<Vec<PolicyFile>, WireError> {
    device_check::policies(&origin)
}

#[tauri::command]
pub async fn check_payment_terminals(
    address: String,
    state: State<'_, AppState>,
) -> Result<TerminalReadiness, WireError> {
    let target = target_options(&state, &address).await?;
    device_check::terminals(&state, &address, target).await
}
