//! "Find boxes on this network": a LAN sweep streamed to the window; known boxes found at a
//! new address move their site (field-problems.md F10).

use iot_https_core::discovery::{
    local_networks, network_targets, sweep, Ipv4Cidr, SweepEvent, SweepOptions, SweepReport,
    BOX_HTTP_PORT,
};
use iot_https_core::WireError;
use tauri::ipc::Channel;
use tauri::State;
use tokio_util::sync::CancellationToken;

use crate::state::AppState;

/// Sweeps `cidr`, or the laptop's attached networks when it is empty (real runs only).
#[tauri::command]
pub async fn scan_network(
    cidr: Option<String>,
    on_event: Channel<SweepEvent>,
    state: State<'_, AppState>,
) -> Result<SweepReport, WireError> {
    let targets = match cidr.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(text) => text
            .parse::<Ipv4Cidr>()
            .map_err(|e| {
                WireError::new(
                    iot_https_core::ErrorCode::InputInvalidAddress,
                    Some(e.to_string()),
                )
                .arg("input", text)
            })?
            .targets(BOX_HTTP_PORT),
        // The same targets as `iot-https scan`: core's plan, without the laptop's own addresses.
        None => network_targets(&local_networks(&state.policy)?, BOX_HTTP_PORT),
    };
    let cancel = CancellationToken::new();
    if let Some(previous) = state.scan.lock().await.replace(cancel.clone()) {
        previous.cancel();
    }
    let sites = state.sites.clone();
    let (found_tx, mut found_rx) = tokio::sync::mpsc::unbounded_channel();
    let report = sweep(
        targets,
        state.policy,
        SweepOptions::default(),
        cancel,
        move |mut event| {
            if let SweepEvent::Found { found } = &mut event {
                // A site follows its box only when identifier AND MAC match; the event says so.
                found.site = tokio::task::block_in_place(|| sites.on_found(found))
                    .ok()
                    .flatten()
                    .map(Box::new);
                let _ = found_tx.send(found.clone());
            }
            let _ = on_event.send(event);
        },
    )
    .await?;
    let mut found = state.found.lock().await;
    while let Ok(one) = found_rx.try_recv() {
        found.insert(one.address.clone(), one);
    }
    Ok(report)
}

#[tauri::command]
pub async fn cancel_scan(state: State<'_, AppState>) -> Result<(), WireError> {
    if let Some(token) = state.scan.lock().await.take() {
        token.cancel();
    }
    Ok(())
}
