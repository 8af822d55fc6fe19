//! Thin commands: arguments in, core call, typed result or `WireError` out.

use iot_https_core::ipc::AppInfo;
use iot_https_core::{BoxAddress, BoxReport, NetPolicy, WireError};
use tauri::State;

use crate::demo::DemoBox;

pub struct AppState {
    policy: NetPolicy,
    initial_box: Option<String>,
    demo: DemoBox,
}

impl AppState {
    pub fn new(policy: NetPolicy, initial_box: Option<String>) -> Self {
        Self { policy, initial_box: initial_box.filter(|b| !b.trim().is_empty()), demo: DemoBox::default() }
    }
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo::new(state.policy, state.initial_box.clone())
}

#[tauri::command]
pub async fn start_demo_box(state: State<'_, AppState>) -> Result<String, WireError> {
    state
        .demo
        .address()
        .await
        .map_err(|detail| WireError::new("DEMO_BOX_FAILED", "The demo box could not be started.", Some(detail)))
}

#[tauri::command]
pub async fn connect_box(address: String, state: State<'_, AppState>) -> Result<BoxReport, WireError> {
    let address = BoxAddress::parse(&address)?;
    Ok(iot_https_core::read_status(&address, state.policy).await?)
}
