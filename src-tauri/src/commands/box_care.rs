//! Pairing with a connection token, and saving the box's logs: one application call each.

use iot_https_app::care;
use iot_https_app::types::PairingOutcome;
use iot_https_core::{ErrorCode, WireError};
use tauri::{AppHandle, Runtime, State};

use crate::save::{save_as, SaveAs};
use crate::state::AppState;

/// Sends the token (either format, checked first; not to a box the neighbour table
/// contradicts) and waits until the box reports the database.
#[tauri::command]
pub async fn pair_box(
    address: String,
    token: String,
    state: State<'_, AppState>,
) -> Result<PairingOutcome, WireError> {
    // The token can carry the contract code: core reads the box now and checks it against the
    // neighbour table before sending it, whether or not the window connected first.
    Ok(care::pair(state.policy, &address, &token, None).await?)
}

/// Fetches the box's log (Odoo's routes, or the Pi's nginx when Odoo is down), then asks where
/// to save it (a native dialog). `None` when the technician cancels.
#[tauri::command]
pub async fn save_box_logs<R: Runtime>(
    app: AppHandle<R>,
    address: String,
    state: State<'_, AppState>,
) -> Result<Option<String>, WireError> {
    let logs = care::logs(state.policy, &address, None).await?;
    let to = SaveAs {
        file_name: "iot-box-odoo.log",
        filter: ("Log", &["log", "txt"]),
        failed: ErrorCode::LogsSaveFailed,
    };
    save_as(&app, to, logs.text).await
}
