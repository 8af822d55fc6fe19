//! The Databases part of the Sites tab: databases (key into the keyring through Rust; the
//! window never gets a key back), preferences, "Check now", exports.

use iot_https_app::keyring::api_keys;
use iot_https_app::types::DbConnection;
use iot_https_core::fleet::{to_csv, to_json, AlertThresholds, Fleet, FleetSettings};
use iot_https_core::secret::Secret;
use iot_https_core::WireError;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::fleet::{check_now, FleetState};
use crate::save::{save_as, SaveAs};
use crate::state::blocking;

fn store_error(e: impl std::fmt::Display) -> WireError {
    WireError::new(
        iot_https_core::ErrorCode::FleetStoreFailed,
        Some(e.to_string()),
    )
}

fn invalid(e: iot_https_core::fleet::FleetStoreError) -> WireError {
    match e {
        iot_https_core::fleet::FleetStoreError::Invalid(message) => WireError::new(
            iot_https_core::ErrorCode::InputInvalidArgument,
            Some(message),
        ),
        other => store_error(other),
    }
}

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename_all = "camelCase")]
pub struct DatabaseEntry {
    connection: DbConnection,
    /// The keyring entry's id, for removal.
    key_id: String,
    /// The keyring refused the key: it is kept for this session only.
    session_only: bool,
}

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename_all = "camelCase")]
pub struct FleetView {
    settings: FleetSettings,
    databases: Vec<DatabaseEntry>,
    warning: Option<String>,
    last: Option<Fleet>,
}

#[tauri::command]
pub async fn fleet_view(state: State<'_, FleetState>) -> Result<FleetView, WireError> {
    let store = state.store.clone();
    let (settings, warning) = blocking(move || store.load().map_err(store_error)).await?;
    let session = state.session_keys.lock().await;
    let databases = settings
        .databases
        .iter()
        .map(|connection| DatabaseEntry {
            key_id: connection.key_id(),
            session_only: session.contains_key(&connection.key_id()),
            connection: connection.clone(),
        })
        .collect();
    Ok(FleetView {
        settings,
        databases,
        warning,
        last: state.last.lock().await.clone(),
    })
}

/// Where an added database's API key went.
#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename_all = "lowercase")]
pub enum KeyKeptIn {
    Keyring,
    /// The keyring could not take it: this session only.
    Session,
}

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename_all = "camelCase")]
pub struct AddedDatabase {
    connection: DbConnection,
    /// `session` when the keyring could not take it (with the reason).
    key_kept_in: KeyKeptIn,
    keyring_error: Option<WireError>,
}

/// Stores the connection (no key) and its API key in the keyring. The key is never returned.
#[tauri::command]
pub async fn fleet_add_database(
    connection: DbConnection,
    api_key: String,
    state: State<'_, FleetState>,
) -> Result<AddedDatabase, WireError> {
    let key = Secret::new(api_key.trim());
    if key.is_empty() {
        return Err(WireError::new(
            iot_https_core::ErrorCode::InputInvalidArgument,
            None,
        ));
    }
    let (store, stored_key) = (state.store.clone(), key.clone());
    let keyring = state.keyring.clone();
    let (connection, keyring_error) = blocking(move || {
        let connection = store.add_database(connection).map_err(invalid)?;
        let keyring_error = api_keys::store(&*keyring, &connection.key_id(), &stored_key).err();
        Ok((connection, keyring_error))
    })
    .await?;
    let id = connection.key_id();
    let key_kept_in = if keyring_error.is_some() {
        state.session_keys.lock().await.insert(id, key);
        KeyKeptIn::Session
    } else {
        state.session_keys.lock().await.remove(&id);
        KeyKeptIn::Keyring
    };
    state.changed.notify_one();
    Ok(AddedDatabase {
        connection,
        key_kept_in,
        keyring_error,
    })
}

#[tauri::command]
pub async fn fleet_remove_database(
    key_id: String,
    state: State<'_, FleetState>,
) -> Result<(), WireError> {
    state.session_keys.lock().await.remove(&key_id);
    let (store, keyring) = (state.store.clone(), state.keyring.clone());
    blocking(move || {
        let _ = api_keys::delete(&*keyring, &key_id);
        store.remove_database(&key_id).map_err(invalid)
    })
    .await?;
    state.changed.notify_one();
    Ok(())
}

#[tauri::command]
pub async fn fleet_set_preferences(
    check_interval_minutes: u32,
    thresholds: AlertThresholds,
    state: State<'_, FleetState>,
) -> Result<FleetSettings, WireError> {
    let store = state.store.clone();
    let settings = blocking(move || {
        store
            .set_preferences(check_interval_minutes, thresholds)
            .map_err(invalid)
    })
    .await?;
    state.changed.notify_one();
    Ok(settings)
}

/// Checks every database now (the scheduled check does the same); notifications follow.
#[tauri::command]
pub async fn fleet_check<R: Runtime>(
    app: AppHandle<R>,
    language: String,
    state: State<'_, FleetState>,
) -> Result<Fleet, WireError> {
    *state.language.lock().await = language;
    Ok(check_now(&app).await)
}

/// Saves the last fleet as CSV or JSON where the technician chooses; `None` when cancelled.
#[tauri::command]
pub async fn fleet_export<R: Runtime>(
    app: AppHandle<R>,
    format: String,
    state: State<'_, FleetState>,
) -> Result<Option<String>, WireError> {
    let rows = state
        .last
        .lock()
        .await
        .as_ref()
        .map(|f| f.rows.clone())
        .ok_or_else(|| WireError::new(iot_https_core::ErrorCode::FleetNotChecked, None))?;
    let (text, extension) = match format.as_str() {
        "csv" => (to_csv(&rows), "csv"),
        "json" => (to_json(&rows), "json"),
        other => {
            return Err(WireError::new(
                iot_https_core::ErrorCode::InputInvalidArgument,
                Some(other.to_owned()),
            ))
        }
    };
    let to = SaveAs {
        file_name: &format!("iot-fleet.{extension}"),
        filter: ("Fleet", &[extension]),
        failed: iot_https_core::ErrorCode::FleetExportFailed,
    };
    save_as(&app, to, text).await
}
