//! Support reports, the clipboard and opening the box's HTTPS page.

use iot_https_core::diagnose::Diagnosis;
use iot_https_core::report::{render_in, ReportFormat};
use iot_https_core::secret::Secret;
use iot_https_core::WireError;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::state::AppState;

/// Every contract code this session knows, so a report can never carry one.
async fn known_secrets(state: &AppState) -> Vec<Secret> {
    state.session_codes.lock().await.values().cloned().collect()
}

fn failed(code: iot_https_core::ErrorCode, message: &str, e: impl std::fmt::Display) -> WireError {
    WireError::new(code, message, Some(e.to_string()))
}

/// The report of the wizard's latest diagnosis, the one on screen (kept by the app, so the window
/// cannot alter evidence; a fleet check never replaces it), in the window's language.
async fn latest(
    state: &AppState,
    format: ReportFormat,
    language: Option<&str>,
) -> Result<String, WireError> {
    let diagnosis: Option<Diagnosis> = state.last_diagnosis.lock().await.clone();
    let diagnosis = diagnosis.ok_or_else(|| {
        WireError::new(
            iot_https_core::ErrorCode::ReportNoDiagnosis,
            "Run a check first; there is nothing to report yet.",
            None,
        )
    })?;
    let secrets = known_secrets(state).await;
    Ok(render_in(
        &diagnosis,
        format,
        &secrets.iter().collect::<Vec<_>>(),
        language.unwrap_or("en"),
    ))
}

#[tauri::command]
pub async fn export_report(
    format: ReportFormat,
    language: Option<String>,
    state: State<'_, AppState>,
) -> Result<String, WireError> {
    latest(&state, format, language.as_deref()).await
}

/// Asks where to save (a native dialog), then writes. `None` when the technician cancels.
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    format: ReportFormat,
    language: Option<String>,
    state: State<'_, AppState>,
) -> Result<Option<String>, WireError> {
    let text = latest(&state, format, language.as_deref()).await?;
    let name = format!("iot-https-report.{}", format.extension());
    let chosen = app
        .dialog()
        .file()
        .set_file_name(&name)
        .add_filter("Report", &[format.extension()])
        .blocking_save_file();
    let Some(path) = chosen.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, text).map_err(|e| {
        failed(
            iot_https_core::ErrorCode::ReportSaveFailed,
            "The report could not be saved.",
            e,
        )
    })?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<(), WireError> {
    app.clipboard().write_text(text).map_err(|e| {
        failed(
            iot_https_core::ErrorCode::ClipboardFailed,
            "Copying to the clipboard failed.",
            e,
        )
    })
}

/// Opens only https:// pages of a box in the default browser.
#[tauri::command]
pub fn open_url<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), WireError> {
    if !url.starts_with("https://") || url.contains(char::is_whitespace) {
        return Err(WireError::new(
            iot_https_core::ErrorCode::InputInvalidArgument,
            "Only https:// addresses of a box can be opened.",
            None,
        ));
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        failed(
            iot_https_core::ErrorCode::OpenFailed,
            "The browser could not be opened.",
            e,
        )
    })
}
