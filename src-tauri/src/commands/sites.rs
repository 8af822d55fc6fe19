//! Site profiles (core `sites` file) and their contract codes (OS keyring, or this session).

use iot_https_core::sites::{Site, SitesView};
use iot_https_core::WireError;
use tauri::State;

use crate::keychain;
use crate::state::AppState;

fn store_error(e: impl std::fmt::Display) -> WireError {
    WireError::new(
        iot_https_core::ErrorCode::SitesStoreFailed,
        "The list of sites could not be saved.",
        Some(e.to_string()),
    )
}

#[tauri::command]
pub fn list_sites(state: State<'_, AppState>) -> SitesView {
    state.sites.load()
}

#[tauri::command]
pub fn save_site(site: Site, state: State<'_, AppState>) -> Result<Site, WireError> {
    state.sites.upsert(site).map_err(store_error)
}

#[tauri::command]
pub async fn delete_site(id: String, state: State<'_, AppState>) -> Result<(), WireError> {
    state.session_codes.lock().await.remove(&id);
    // The site goes even when the keyring is unavailable; its entry is then left behind.
    let _ = keychain::delete(&id);
    state.sites.remove(&id).map_err(store_error)
}

/// The stored contract code, for prefilling the (masked) field.
#[tauri::command]
pub async fn load_site_code(
    site_id: String,
    state: State<'_, AppState>,
) -> Result<Option<String>, WireError> {
    if let Some(code) = state.session_codes.lock().await.get(&site_id) {
        return Ok(Some(code.expose().to_owned()));
    }
    Ok(keychain::load(&site_id)?.map(|c| c.expose().to_owned()))
}
