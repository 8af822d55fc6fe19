//! The fleet's app state and its scheduled check: read every added database (keys from the
//! keyring, or this session), merge with the sites, keep the result, tell the window, and raise
//! a desktop notification for each new alert. All decisions are core's (`iot_https_core::fleet`).

use std::collections::HashMap;
use std::time::Duration;

use std::sync::Arc;

use iot_https_app::keyring::{api_keys, SecretStore};
use iot_https_app::types::{ApiChoice, DbConnection};
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
    /// The session's keyring (the OS one; a memory one in tests): API keys live there.
    pub keyring: Arc<dyn SecretStore>,
    pub last: Mutex<Option<Fleet>>,
    /// Keys the keyring could not take: kept for this session only.
    pub session_keys: Mutex<HashMap<String, Secret>>,
    /// The window's language, for notification texts.
    pub language: Mutex<String>,
    /// Wakes the scheduler when the interval or the databases change.
    pub changed: Notify,
    /// One check at a time (a scheduled one and "Check now" share the previous result).
    pub running: Mutex<()>,
}

impl FleetState {
    pub fn new(store: FleetStore, keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            store,
            keyring,
            last: Mutex::new(None),
            session_keys: Mutex::new(HashMap::new()),
            language: Mutex::new("en".into()),
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
        let keyring = self.keyring.clone();
        tauri::async_runtime::spawn_blocking(move || api_keys::load(&*keyring, &id))
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
    let language = fleet_state.language.lock().await.clone();
    for alert in new_alerts(previous.as_ref(), &fleet) {
        let (title, body) = alert.notification(&language);
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
