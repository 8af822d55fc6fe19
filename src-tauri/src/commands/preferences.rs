//! The window's preferences (language, last tab, report format, default resolvers).

use iot_https_core::findings::language_for;
use iot_https_core::ipc::Preferences;
use iot_https_core::{ErrorCode, WireError};
use tauri::{AppHandle, Runtime, State};

use crate::state::AppState;

#[tauri::command]
pub async fn save_preferences<R: Runtime>(
    app: AppHandle<R>,
    preferences: Preferences,
    state: State<'_, AppState>,
) -> Result<(), WireError> {
    // Scheduled fleet alerts follow the language chosen in the window from now on.
    if let Some(language) = &preferences.language {
        state.fleet.set_language(language_for(language)).await;
    }
    // The store writes a file: keep it off the thread that serves the window.
    tauri::async_runtime::spawn_blocking(move || crate::preferences::save(&app, &preferences))
        .await
        .map_err(|e| e.to_string())
        .and_then(|saved| saved)
        .map_err(|detail| WireError::new(ErrorCode::PreferencesSaveFailed, Some(detail)))
}
