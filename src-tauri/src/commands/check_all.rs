//! "Check all": core's check of the saved sites over the saved sites, streamed to the window. It never
//! touches the wizard's latest diagnosis, so "Save report" keeps exporting what is on screen.

use iot_https_core::diagnose::Diagnosis;
use iot_https_core::fleet::{check_sites, countdowns, FleetCheck, FleetEvent};
use iot_https_core::sites::Site;
use iot_https_core::validity::Validity;
use iot_https_core::BoxAddress;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use super::sites::store_error;
use crate::demo::DemoEndpoints;
use crate::state::{blocking, AppState};

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
    let sites = state.sites.clone();
    let check = FleetCheck {
        policy: state.policy,
        concurrency: FLEET_CONCURRENCY,
        now,
        options_for: |address: &BoxAddress| {
            let mut opts = DemoEndpoints::options_for(demo.as_ref(), &address.to_string(), &base);
            // The Box step's time limit, without its progress line (the table shows progress).
            opts.box_read = super::boxes::read_options(box_timeout_s, None);
            opts
        },
        record: |site: &Site, diagnosis: &Diagnosis| {
            sites.record(Some(&site.id), diagnosis).ok().flatten()
        },
    };
    let store = state.sites.clone();
    let list = blocking(move || store.load().map_err(store_error))
        .await?
        .sites;
    let results = check_sites(list, check, |event| {
        let _ = on_event.send(event);
    })
    .await;
    Ok(u32::try_from(results.len()).unwrap_or(u32::MAX))
}

/// Days left, renewal point and state of each saved end date, now.
#[tauri::command]
pub fn certificate_countdowns(ends: Vec<Option<String>>) -> Vec<Option<Validity>> {
    countdowns(&ends, time::OffsetDateTime::now_utc())
}
