//! "Find boxes on this network": `iot_https_app::scan` streamed to the window over a `Channel`;
//! known boxes found at a new address move their site (field-problems.md F10).

use iot_https_app::scan::{cancel_scan as cancel, plan, scan};
use iot_https_core::discovery::{
    CancellationToken, SweepEvent, SweepOptions, SweepReport, BOX_HTTP_PORT,
};
use iot_https_core::WireError;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

/// Sweeps `cidr`, or the laptop's attached networks when it is empty (real runs only).
#[tauri::command]
pub async fn scan_network(
    cidr: Option<String>,
    on_event: Channel<SweepEvent>,
    state: State<'_, AppState>,
) -> Result<SweepReport, WireError> {
    let plan = plan(&state.policy, cidr.as_deref(), BOX_HTTP_PORT)?;
    let send = move |event| {
        let _ = on_event.send(event);
    };
    let options = SweepOptions::default();
    scan(&state, plan, options, true, CancellationToken::new(), send).await
}

#[tauri::command]
pub async fn cancel_scan(state: State<'_, AppState>) -> Result<(), WireError> {
    cancel(&state).await;
    Ok(())
}
