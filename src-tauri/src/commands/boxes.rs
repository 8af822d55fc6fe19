//! Finding a box, reading it, diagnosing it.

use std::sync::Arc;

use iot_https_app::types::{ReadOptions, SlowRead};
use iot_https_app::{boxes, Progress};
use iot_https_core::diagnose::{DiagnoseOptions, Diagnosis};
use iot_https_core::input;
use iot_https_core::ipc::{AppInfo, ConnectedBox};
use iot_https_core::{BoxAddress, WireError};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::demo::{DemoCatalog, DemoChoice, DemoEndpoints};
use crate::state::AppState;

pub use iot_https_app::errors::field_error;

/// The status read's deadline (the Box step's "box time limit", checked by core) and its
/// progress line over `on_progress`.
pub fn read_options(
    box_timeout_s: Option<u64>,
    on_progress: Option<Channel<SlowRead>>,
) -> Result<ReadOptions, WireError> {
    let progress = on_progress.map(|channel| {
        Arc::new(move |slow: SlowRead| {
            let _ = channel.send(slow);
        }) as Arc<dyn Progress<SlowRead>>
    });
    boxes::read_options(box_timeout_s, progress)
}

#[tauri::command]
pub async fn app_info<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<AppInfo, WireError> {
    // The preferences come from the store's file: not on the thread that serves the window.
    let preferences = tauri::async_runtime::spawn_blocking(move || crate::preferences::load(&app))
        .await
        .unwrap_or_default();
    Ok(
        AppInfo::new(state.policy, state.initial_box.clone(), preferences)
            .on_system_locale(crate::system_locale().as_deref()),
    )
}

/// The families, flavours and scenarios the demo box can be (training mode).
#[tauri::command]
pub fn demo_scenarios() -> DemoCatalog {
    crate::demo::catalog()
}

/// What the trainer picked; names as the simulator's `--list` prints them.
#[derive(serde::Deserialize, ts_rs::TS)]
pub struct DemoPick {
    family: String,
    flavour: String,
    scenario: String,
}

#[tauri::command]
pub async fn start_demo_box(
    choice: Option<DemoPick>,
    state: State<'_, AppState>,
) -> Result<String, WireError> {
    let choice = choice
        .map(|c| {
            Ok::<_, String>(DemoChoice {
                family: c.family.parse().map_err(|e| format!("{e}"))?,
                flavour: c.flavour.parse().map_err(|e| format!("{e}"))?,
                scenario: c.scenario.parse().map_err(|e| format!("{e}"))?,
            })
        })
        .transpose()
        .map_err(|detail| {
            WireError::new(
                iot_https_core::ErrorCode::InputInvalidArgument,
                Some(detail),
            )
        })?;
    state
        .demo
        .start(choice)
        .await
        .map(|d| d.http.to_string())
        .map_err(|detail| WireError::new(iot_https_core::ErrorCode::DemoBoxFailed, Some(detail)))
}

/// Reads the box and compares its identity with the sites: its own site (which follows it to
/// a new address only when identifier and MAC match), or another box's site at this address.
#[tauri::command]
pub async fn connect_box(
    address: String,
    box_timeout_s: Option<u64>,
    on_progress: Channel<SlowRead>,
    state: State<'_, AppState>,
) -> Result<ConnectedBox, WireError> {
    let read = read_options(box_timeout_s, Some(on_progress))?;
    boxes::connect(&state, &address, read).await
}

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename_all = "camelCase")]
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

/// Diagnoses the box the wizard is on and records the result on its own site.
#[tauri::command]
pub async fn diagnose_box<R: Runtime>(
    app: AppHandle<R>,
    address: String,
    box_timeout_s: Option<u64>,
    on_progress: Channel<SlowRead>,
    state: State<'_, AppState>,
) -> Result<Diagnosis, WireError> {
    let base = options(&app);
    let demo = state.demo.running().await;
    let target = BoxAddress::parse(&address)?.to_string();
    let mut opts = DemoEndpoints::options_for(demo.as_ref(), &target, &base);
    opts.box_read = read_options(box_timeout_s, Some(on_progress))?;
    // The wizard's diagnosis is the one on screen, so it is recorded and is the one a report
    // exports; the fleet check (`check_all_sites`) never comes here.
    boxes::diagnose_box(&state, &address, &opts, true).await
}
