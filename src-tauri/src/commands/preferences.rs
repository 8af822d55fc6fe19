//! The window's preferences (language, last tab, report format, default resolvers).

use iot_https_core::ipc::Preferences;
use iot_https_core::{ErrorCode, WireError};
use tauri::{AppHandle, Runtime};

#[tauri::command]
pub async fn save_preferences<R: Runtime>(
    app: AppHandle<R>,
    preferences: Preferences,
) -> Result<(), WireError> {
    // The store writes a file: keep it off the thread that serves the window.
    tauri::async_runtime::spawn_blocking(move || crate::preferences::save(&app, &preferences))
        .await
        .map_err(|e| e.to_string())
        .and_then(|saved| saved)
        .map_err(|detail| WireError::new(ErrorCode::PreferencesSaveFailed, Some(detail)))
}
