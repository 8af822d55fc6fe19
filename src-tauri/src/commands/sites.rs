//! Site profiles (core `sites`): listed, remembered from a connected box, added from a scan,
//! removed with their stored code. File and keyring work runs on blocking threads.

use iot_https_app::errors::{code_error, store_error};
use iot_https_core::sites::{codes, Site, SitesView};
use iot_https_core::WireError;
use tauri::State;

use crate::state::{blocking, AppState};

#[tauri::command]
pub async fn list_sites(state: State<'_, AppState>) -> Result<SitesView, WireError> {
    let store = state.sites.clone();
    blocking(move || store.load().map_err(store_error)).await
}

/// The box connected to at `address` becomes (or updates) its own site.
#[tauri::command]
pub async fn remember_box(address: String, state: State<'_, AppState>) -> Result<Site, WireError> {
    let report = state.connected_box(&address).await?;
    let store = state.sites.clone();
    blocking(move || store.remember(&report).map_err(store_error)).await
}

/// A box the latest scan found at `address` becomes a site (or its own site is returned), with
/// its identity read in full first (core's `identify_for_saving`).
#[tauri::command]
pub async fn add_found_site(
    address: String,
    state: State<'_, AppState>,
) -> Result<Site, WireError> {
    let found = state
        .found
        .lock()
        .await
        .get(&address)
        .cloned()
        .ok_or_else(|| {
            WireError::new(
                iot_https_core::ErrorCode::InputInvalidArgument,
                Some(address),
            )
        })?;
    let found = iot_https_core::discovery::identify_for_saving(&found, state.policy).await;
    let store = state.sites.clone();
    blocking(move || store.add_found(&found).map_err(store_error)).await
}

#[tauri::command]
pub async fn delete_site(id: String, state: State<'_, AppState>) -> Result<(), WireError> {
    let (store, vault) = (state.sites.clone(), state.vault());
    blocking(move || codes::forget_site(&store, &vault, &id).map_err(code_error)).await
}
