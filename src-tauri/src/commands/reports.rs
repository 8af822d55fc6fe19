//! Support reports (`iot_https_app::report`: the wizard's latest diagnosis, in the window's
//! language, with the device results, scrubbed) saved or copied, the clipboard, and opening the
//! box's HTTPS page.

use iot_https_app::report;
use iot_https_core::report::ReportFormat;
use iot_https_core::WireError;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;

use crate::save::{save_as, SaveAs};
use crate::state::AppState;

fn failed(code: iot_https_core::ErrorCode, e: impl std::fmt::Display) -> WireError {
    WireError::new(code, Some(e.to_string()))
}

#[tauri::command]
pub async fn export_report(
    format: ReportFormat,
    language: Option<String>,
    state: State<'_, AppState>,
) -> Result<String, WireError> {
    report::latest(&state, format, language.as_deref()).await
}

/// Asks where to save (a native dialog), then writes. `None` when the technician cancels.
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    format: ReportFormat,
    language: Option<String>,
    state: State<'_, AppState>,
) -> Result<Option<String>, WireError> {
    let text = report::latest(&state, format, language.as_deref()).await?;
    let name = format!("iot-https-report.{}", format.extension());
    let to = SaveAs {
        file_name: &name,
        filter: ("Report", &[format.extension()]),
        failed: iot_https_core::ErrorCode::ReportSaveFailed,
    };
    save_as(&app, to, text).await
}

#[tauri::command]
pub async fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<(), WireError> {
    app.clipboard()
        .write_text(text)
        .map_err(|e| failed(iot_https_core::ErrorCode::ClipboardFailed, e))
}

/// Opens the HTTPS page of a box this session connected to or diagnosed, by its IP or by the
/// name its certificate gives it; any other URL is refused (core `box_url`).
#[tauri::command]
pub async fn open_url<R: Runtime>(
    app: AppHandle<R>,
    url: String,
    state: State<'_, AppState>,
) -> Result<(), WireError> {
    let url = iot_https_app::boxes::page_url(&state, &url).await?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| failed(iot_https_core::ErrorCode::OpenFailed, e))
}
