//! Pairing with a connection token, and saving the box's logs: one core call each.

use iot_https_core::box_api::logs::NGINX_PORT;
use iot_https_core::box_api::pairing::PAIRING_WAIT;
use iot_https_core::box_api::{collect_logs, pair_and_wait, PairingOutcome};
use iot_https_core::{input, BoxAddress, ErrorCode, WireError};
use tauri::{AppHandle, Runtime, State};

use super::boxes::field_error;
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
    let token = input::pairing_token(&token).map_err(field_error)?;
    // The token can carry the contract code: core reads the box now and checks it against the
    // neighbour table before sending it, whether or not the window connected first.
    let address = BoxAddress::parse(&address)?;
    Ok(pair_and_wait(&address, state.policy, &token, PAIRING_WAIT).await?)
}

/// Fetches the box's log (Odoo's routes, or the Pi's nginx when Odoo is down), then asks where
/// to save it (a native dialog). `None` when the technician cancels.
#[tauri::command]
pub async fn save_box_logs<R: Runtime>(
    app: AppHandle<R>,
    address: String,
    state: State<'_, AppState>,
) -> Result<Option<String>, WireError> {
    let address = BoxAddress::parse(&address)?;
    let logs = collect_logs(&address, state.policy, NGINX_PORT).await?;
    let to = SaveAs {
        file_name: "iot-box-odoo.log",
        filter: ("Log", &["log", "txt"]),
        failed: (
            ErrorCode::LogsSaveFailed,
            "The box's log could not be saved.",
        ),
    };
    save_as(&app, to, logs.text).await
}
