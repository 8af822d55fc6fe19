//! Finding a box, reading it, diagnosing it.

use iot_https_core::diagnose::{diagnose, DiagnoseOptions, Diagnosis};
use iot_https_core::input;
use iot_https_core::ipc::AppInfo;
use iot_https_core::{BoxAddress, BoxReport, WireError};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::demo::DemoEndpoints;
use crate::state::AppState;

#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppInfo {
    AppInfo::new(
        state.policy,
        state.initial_box.clone(),
        crate::preferences::load(&app),
    )
}

#[tauri::command]
pub async fn start_demo_box(state: State<'_, AppState>) -> Result<String, WireError> {
    state
        .demo
        .start()
        .await
        .map(|d| d.http.to_string())
        .map_err(|detail| {
            WireError::new(
                iot_https_core::ErrorCode::DemoBoxFailed,
                "The demo box could not be started.",
                Some(detail),
            )
        })
}

#[tauri::command]
pub async fn connect_box(
    address: String,
    state: State<'_, AppState>,
) -> Result<BoxReport, WireError> {
    let address = BoxAddress::parse(&address)?;
    let report = iot_https_core::read_status(&address, state.policy).await?;
    // A known box found at a new address updates its site (F10); errors here are not the
    // technician's problem right now.
    let _ = state.sites.seen(&report.status.address, &report);
    Ok(report)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckedCredentials {
    db_uuid: String,
}

/// Inline checks of the credentials form; the message is the sentence shown next to the field.
#[tauri::command]
pub fn check_credentials(
    db_uuid: String,
    contract_code: String,
) -> Result<CheckedCredentials, WireError> {
    let db_uuid = input::db_uuid(&db_uuid).map_err(field_error)?;
    input::contract_code(&contract_code).map_err(field_error)?;
    Ok(CheckedCredentials { db_uuid })
}

/// Diagnosis options from the environment, with the resolvers the technician prefers.
pub fn options<R: Runtime>(app: &AppHandle<R>) -> DiagnoseOptions {
    let mut opts = DiagnoseOptions::from_env(time::OffsetDateTime::now_utc());
    if let Some(public) = crate::preferences::load(app).public_resolvers() {
        opts.resolvers.public = public;
    }
    opts
}

pub fn field_error(e: input::InputError) -> WireError {
    WireError::new(e.code(), e.message.clone(), Some(format!("{:?}", e.field)))
}

#[tauri::command]
pub async fn diagnose_box<R: Runtime>(
    app: AppHandle<R>,
    address: String,
    state: State<'_, AppState>,
) -> Result<Diagnosis, WireError> {
    let address = BoxAddress::parse(&address)?;
    let base = options(&app);
    let demo = state.demo.running().await;
    let opts = DemoEndpoints::options_for(demo.as_ref(), &address.to_string(), &base);
    let diagnosis = diagnose(&address, state.policy, &opts).await?;
    let _ = state.sites.record(&diagnosis);
    // The wizard's diagnosis is the one on screen, so it is the one a report exports.
    *state.last_diagnosis.lock().await = Some(diagnosis.clone());
    Ok(diagnosis)
}
