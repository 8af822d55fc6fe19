//! Support reports, the clipboard and opening the box's HTTPS page.

use iot_https_core::diagnose::Diagnosis;
use iot_https_core::report::{render_in, ReportFormat};
use iot_https_core::secret::Secret;
use iot_https_core::WireError;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;

use std::net::{IpAddr, SocketAddr};

use iot_https_core::box_url::box_https_url;

use crate::save::{save_as, SaveAs};
use crate::state::{blocking, AppState};
use iot_https_core::sites::codes;

/// Every contract code this session knows and every code remembered for a saved site (read
/// from the keyring on a blocking thread), so a report can never carry one.
async fn known_secrets(state: &AppState) -> Vec<Secret> {
    let (store, vault) = (state.sites.clone(), state.vault());
    let mut secrets = state.session_codes.all();
    if let Ok(stored) = blocking(move || Ok(codes::stored_codes(&store, &vault))).await {
        secrets.extend(stored);
    }
    secrets
}

fn failed(code: iot_https_core::ErrorCode, e: impl std::fmt::Display) -> WireError {
    WireError::new(code, Some(e.to_string()))
}

/// The report of the wizard's latest diagnosis, the one on screen (kept by the app, so the window
/// cannot alter evidence; a fleet check never replaces it), in the window's language.
async fn latest(
    state: &AppState,
    format: ReportFormat,
    language: Option<&str>,
) -> Result<String, WireError> {
    let diagnosis: Option<Diagnosis> = state.last_diagnosis.lock().await.clone();
    let diagnosis = diagnosis
        .ok_or_else(|| WireError::new(iot_https_core::ErrorCode::ReportNoDiagnosis, None))?;
    let secrets = known_secrets(state).await;
    let devices = state
        .device_results
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .devices()
        .to_vec();
    Ok(render_in(
        &diagnosis,
        &devices,
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
    let mut box_ips: Vec<IpAddr> = Vec::new();
    for report in state.connected.lock().await.values() {
        let status = &report.status;
        let ips = [Some(status.address.as_str()), status.ip.as_deref()];
        box_ips.extend(ips.into_iter().flatten().filter_map(|a| {
            a.parse::<SocketAddr>()
                .map(|s| s.ip())
                .or_else(|_| a.parse::<IpAddr>())
                .ok()
        }));
    }
    let url = box_https_url(&url, &box_ips).map_err(|e| {
        WireError::new(
            iot_https_core::ErrorCode::InputInvalidArgument,
            Some(format!("{url}: {e}")),
        )
    })?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| failed(iot_https_core::ErrorCode::OpenFailed, e))
}
