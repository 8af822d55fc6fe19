//! The Databases part of the Sites tab: each command one `iot_https_app::fleet` call (the key
//! goes into the keyring through Rust; the window never gets a key back), plus the "Save as…"
//! dialog for exports and the notifications after "Check now".

use iot_https_app::fleet::{
    no_given_keys, AddedDatabase, CheckRequest, Databases, ExportFormat, FleetView,
};
use iot_https_app::types::{ApiChoice, DbConnection};
use iot_https_core::fleet::{AlertThresholds, Fleet, FleetSettings};
use iot_https_core::WireError;
use tauri::{AppHandle, Runtime, State};

use crate::fleet::announce;
use crate::save::{save_as, SaveAs};
use crate::state::AppState;

#[tauri::command]
pub async fn fleet_view(state: State<'_, AppState>) -> Result<FleetView, WireError> {
    state.fleet.view().await
}

/// Stores the connection (no key) and its API key in the keyring. The key is never returned.
#[tauri::command]
pub async fn fleet_add_database(
    connection: DbConnection,
    api_key: String,
    state: State<'_, AppState>,
) -> Result<AddedDatabase, WireError> {
    state.fleet.add_database(connection, &api_key).await
}

#[tauri::command]
pub async fn fleet_remove_database(
    key_id: String,
    state: State<'_, AppState>,
) -> Result<(), WireError> {
    state.fleet.remove_database(key_id).await
}

#[tauri::command]
pub async fn fleet_set_preferences(
    check_interval_minutes: u32,
    thresholds: AlertThresholds,
    state: State<'_, AppState>,
) -> Result<FleetSettings, WireError> {
    state
        .fleet
        .set_preferences(check_interval_minutes, thresholds)
        .await
}

/// Checks every database now (the scheduled check does the same); notifications follow.
#[tauri::command]
pub async fn fleet_check<R: Runtime>(
    app: AppHandle<R>,
    language: String,
    state: State<'_, AppState>,
) -> Result<Fleet, WireError> {
    state.fleet.set_language(&language).await;
    let request = CheckRequest {
        databases: Databases::Saved,
        api: ApiChoice::Auto,
        now: time::OffsetDateTime::now_utc(),
        strict: false,
        given_keys: &no_given_keys,
    };
    let checked = state
        .fleet
        .check(&state.sites, state.policy, request)
        .await?;
    announce(&app, &checked);
    Ok(checked.fleet)
}

/// Saves the last fleet as CSV or JSON where the technician chooses; `None` when cancelled.
#[tauri::command]
pub async fn fleet_export<R: Runtime>(
    app: AppHandle<R>,
    format: String,
    state: State<'_, AppState>,
) -> Result<Option<String>, WireError> {
    let format = ExportFormat::parse(&format)?;
    let text = state.fleet.export(format).await?;
    let extension = format.extension();
    let to = SaveAs {
        file_name: &format!("iot-fleet.{extension}"),
        filter: ("Fleet", &[extension]),
        failed: iot_https_core::ErrorCode::FleetExportFailed,
    };
    save_as(&app, to, text).await
}
