//! Site profiles: each command one `iot_https_app::sites` call (listed, remembered from a
//! connected box, added from a scan with its identity read in full first, removed with their
//! stored code).

use iot_https_app::sites;
use iot_https_core::sites::{Site, SitesView};
use iot_https_core::WireError;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn list_sites(state: State<'_, AppState>) -> Result<SitesView, WireError> {
    sites::list(&state).await
}

/// The box connected to at `address` becomes (or updates) its own site.
#[tauri::command]
pub async fn remember_box(address: String, state: State<'_, AppState>) -> Result<Site, WireError> {
    sites::remember_box(&state, &address).await
}

/// A box the latest scan found at `address` becomes a site (or its own site is returned).
#[tauri::command]
pub async fn add_found_site(
    address: String,
    state: State<'_, AppState>,
) -> Result<Site, WireError> {
    sites::add_found(&state, &address).await
}

#[tauri::command]
pub async fn delete_site(id: String, state: State<'_, AppState>) -> Result<(), WireError> {
    sites::delete(&state, id).await
}
