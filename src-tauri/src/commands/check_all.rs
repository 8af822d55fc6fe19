//! "Check all": the application's check of the saved sites, streamed to the window. It never
//! touches the wizard's latest diagnosis, so "Save report" keeps exporting what is on screen.

use iot_https_app::check_all::check_all;
use iot_https_core::fleet::{countdowns, FleetEvent};
use iot_https_core::validity::Validity;
use iot_https_core::BoxAddress;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::demo::DemoEndpoints;
use crate::state::AppState;

/// Boxes diagnosed at once: enough for a shop's few boxes, gentle on a shop network.
const FLEET_CONCURRENCY: usize = 4;

#[tauri::command]
pub async fn check_all_sites<R: Runtime>(
    app: AppHandle<R>,
    on_event: Channel<FleetEvent>,
    box_timeout_s: Option<u64>,
    state: State<'_, AppState>,
) -> Result<u32, iot_https_core::WireError> {
    let base = super::boxes::options(&app);
    let now = base.now;
    let demo = state.demo.running().await;
    // The Box step's time limit, without its progress line (the table shows progress).
    let read = super::boxes::read_options(box_timeout_s, None)?;
    let options_for = |address: &BoxAddress| {
        let mut opts = DemoEndpoints::options_for(demo.as_ref(), &address.to_string(), &base);
        opts.box_read = read.clone();
        opts
    };
    let on_event = |event: FleetEvent| {
        let _ = on_event.send(event);
    };
    let checked = check_all(&state, FLEET_CONCURRENCY, now, options_for, &on_event).await?;
    Ok(u32::try_from(checked.sites.len()).unwrap_or(u32::MAX))
}

/// Days left, renewal point and state of each saved end date, now.
#[tauri::command]
pub fn certificate_countdowns(ends: Vec<Option<String>>) -> Vec<Option<Validity>> {
    countdowns(&ends, time::OffsetDateTime::now_utc())
}
