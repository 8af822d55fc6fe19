//! The fleet's app state and its scheduled check: read every added database (keys from the
//! keyring, or this session), merge with the sites, keep the result, tell the window, and raise
//! a desktop notification for each new alert. All decisions are core's (`iot_https_core::fleet`).

use std::collections::HashMap;
use std::time::Duration;

use iot_https_app::keyring::{api_keys, OsKeyring};
use iot_https_app::types::{ApiChoice, DbConnection};
use iot_https_core::findings::language_for;
use iot_https_core::fleet::{check_fleet, new_alerts, Fleet, FleetStore};
use iot_https_core::secret::Secret;
use iot_https_core::NetPolicy;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::{Mutex, Notify};

use crate::state::AppState;

/// The window listens for this event; the payload is the `Fleet`.
pub const FLEET_EVENT: &str = "fleet-checked";

pub struct FleetState {
    pub store: FleetStore,
    pub last: Mutex<Option<Fleet>>,
    /// Keys the keyring could not take: kept for this session only.
    pub session_keys: Mutex<HashMap<String, Secret>>,
    /// The window's language this session (set by "Check now"), for notification texts;
    /// `None` until then, when the saved preference decides ([`notification_language`]).
    pub language: Mutex<Option<String>>,
    /// Wakes the scheduler when the interval or the databases change.
    pub changed: Notify,
    /// One check at a time (a scheduled one and "Check now" share the previous result).
    pub running: Mutex<()>,
}

impl FleetState {
    pub fn new(store: FleetStore) -> Self {
        Self {
            store,
            last: Mutex::new(None),
            session_keys: Mutex::new(HashMap::new()),
            language: Mutex::new(None),
            changed: Notify::new(),
            running: Mutex::new(()),
        }
    }

    async fn key_for(&self, conn: &DbConnection) -> Secret {
        let id = conn.key_id();
        if let Some(key) = self.session_keys.lock().await.get(&id) {
            return key.clone();
        }
        // The keyring (and the files below) on a blocking thread, never a runtime worker.
        tauri::async_runtime::spawn_blocking(move || api_keys::load(&OsKeyring, &id))
            .await
            .ok()
            .and_then(Result::ok)
            .flatten()
            .unwrap_or_else(|| Secret::new(""))
    }
}

/// One check: read, merge, remember, emit, notify. Returns the fleet.
pub async fn check_now<R: Runtime>(app: &AppHandle<R>) -> Fleet {
    let fleet_state = app.state::<FleetState>();
    let app_state = app.state::<AppState>();
    let _one_at_a_time = fleet_state.running.lock().await;
    let store = fleet_state.store.clone();
    // A settings file that cannot be read right now: no database is checked (and none lost).
    let (settings, _) = tauri::async_runtime::spawn_blocking(move || store.load())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    let mut databases = Vec::new();
    for conn in settings.databases {
        let key = fleet_state.key_for(&conn).await;
        databases.push((conn, key));
    }
    // Database boxes are worth showing even when the sites file cannot be read right now.
    let sites_store = app_state.sites.clone();
    let sites = tauri::async_runtime::spawn_blocking(move || sites_store.load())
        .await
        .ok()
        .and_then(Result::ok)
        .map(|view| view.sites)
        .unwrap_or_default();
    let policy: NetPolicy = app_state.policy;
    let now = time::OffsetDateTime::now_utc();
    let fleet = check_fleet(
        databases,
        &sites,
        policy,
        ApiChoice::Auto,
        now,
        &settings.thresholds,
    )
    .await;
    let previous = fleet_state.last.lock().await.replace(fleet.clone());
    let window = fleet_state.language.lock().await.clone();
    let saved = crate::preferences::load(app).language;
    let language = notification_language(window.as_deref(), saved.as_deref(), desktop_locale());
    for alert in new_alerts(previous.as_ref(), &fleet) {
        let (title, body) = alert.notification(language);
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            eprintln!("fleet: the desktop notification could not be shown: {e}");
        }
    }
    let _ = app.emit(FLEET_EVENT, &fleet);
    fleet
}

/// Runs while the app runs: a check every `checkIntervalMinutes` (0 = off), restarted when the
/// settings change. No databases, no check.
pub async fn schedule<R: Runtime>(app: AppHandle<R>) {
    loop {
        let fleet_state = app.state::<FleetState>();
        let (settings, _) = fleet_state.store.load().unwrap_or_default();
        let interval = settings.check_interval_minutes;
        if interval == 0 || settings.databases.is_empty() {
            fleet_state.changed.notified().await;
            continue;
        }
        let wait = Duration::from_secs(u64::from(interval) * 60);
        tokio::select! {
            _ = tokio::time::sleep(wait) => { check_now(&app).await; }
            _ = fleet_state.changed.notified() => {}
        }
    }
}

/// The notifications' language: the window's this session, else the saved preference, else
/// the desktop's, so a scheduled check before any "Check now" speaks the user's language.
fn notification_language(
    window: Option<&str>,
    saved: Option<&str>,
    desktop: Option<String>,
) -> &'static str {
    let locale = window
        .map(str::to_owned)
        .or_else(|| saved.map(str::to_owned))
        .or(desktop)
        .unwrap_or_default();
    language_for(&locale)
}

/// The desktop's locale as the C library reads it (`LC_ALL`, `LC_MESSAGES`, `LANG`); Windows
/// sets none of them, and its notifications then follow the saved preference or English.
fn desktop_locale() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::notification_language;

    #[test]
    fn a_scheduled_check_speaks_the_saved_language_before_any_check_now() {
        assert_eq!(notification_language(None, Some("fr"), None), "fr");
        assert_eq!(
            notification_language(None, Some("de"), Some("nl_NL.UTF-8".into())),
            "de"
        );
        assert_eq!(notification_language(Some("es"), Some("fr"), None), "es");
        assert_eq!(
            notification_language(None, None, Some("nl_BE.UTF-8".into())),
            "nl"
        );
        assert_eq!(notification_language(None, None, None), "en");
    }
}
