//! The fleet's Tauri plumbing: the app crate decides and checks (`iot_https_app::fleet`); this
//! keeps the schedule's timer, tells the window (`fleet-checked`) and raises a desktop
//! notification per new alert, its text from `FleetAlert::notification` (names markup-escaped).

use iot_https_app::fleet::{alert_language, FleetChecked, Tick};
use iot_https_core::findings::desktop_language;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// The window listens for this event; the payload is the `Fleet`.
pub const FLEET_EVENT: &str = "fleet-checked";

/// After a check (scheduled or "Check now"): the notifications, then the event.
pub fn announce<R: Runtime>(app: &AppHandle<R>, checked: &FleetChecked) {
    for alert in &checked.alerts {
        let (title, body) = alert.notification(&checked.language);
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            eprintln!("fleet: the desktop notification could not be shown: {e}");
        }
    }
    let _ = app.emit(FLEET_EVENT, &checked.fleet);
}

/// Runs while the app runs: one tick, then sleep until the next is due or the settings change.
pub async fn schedule<R: Runtime>(app: AppHandle<R>) {
    // Alerts before the window's first "Check now" speak the saved (or the desktop's) language.
    let saved = crate::preferences::load(&app).language;
    let desktop = desktop_language(crate::system_locale().as_deref());
    let language = alert_language(saved.as_deref(), desktop);
    app.state::<AppState>().fleet.set_language(language).await;
    loop {
        let state = app.state::<AppState>();
        let now = time::OffsetDateTime::now_utc();
        match state.fleet.tick(&state.sites, state.policy, now).await {
            Tick::Off => state.fleet.changed.notified().await,
            Tick::Wait(left) => {
                tokio::select! {
                    _ = tokio::time::sleep(left) => {}
                    _ = state.fleet.changed.notified() => {}
                }
            }
            Tick::Checked(checked) => announce(&app, &checked),
        }
    }
}
