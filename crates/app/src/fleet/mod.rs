//! The fleet of customer databases (`iot-https fleet`, the window's Databases panel): the
//! settings file `fleet.json` (databases without keys, interval, thresholds), the API keys (the
//! keyring through `keyring::api_keys`, or this session when the keyring refused one), one check
//! of every database merged with the saved sites (core's `fleet::check_fleet`), the alerts
//! between two checks (core's `fleet::new_alerts`) and the scheduled check's tick
//! (`schedule.rs`). The shells keep the timer, the event and the notification call.

mod databases;
mod schedule;

use std::collections::HashMap;
use std::sync::Arc;

use iot_https_core::findings::language_for;
use iot_https_core::fleet::{check_fleet, new_alerts, Fleet, FleetAlert, FleetStore};
use iot_https_core::secret::Secret;
use iot_https_core::sites::SiteStore;
use iot_https_core::{ErrorCode, NetPolicy, WireError};
use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::{Mutex, Notify};

use crate::errors::blocking;
use crate::keyring::{api_keys, SecretStore};
use crate::types::{ApiChoice, DbConnection};

pub use databases::{AddedDatabase, DatabaseEntry, ExportFormat, FleetView};
pub use schedule::{due, Due, Tick};

/// What a window (or one CLI run) remembers about the fleet.
pub struct Fleets {
    pub store: FleetStore,
    keyring: Arc<dyn SecretStore>,
    last: Mutex<Option<Fleet>>,
    /// Keys the keyring could not take: kept for this session only.
    session_keys: Mutex<HashMap<String, Secret>>,
    /// The window's language, for notification texts.
    language: Mutex<String>,
    /// Wakes the scheduler when the interval or the databases change.
    pub changed: Notify,
    /// One check at a time (a scheduled one and "Check now" share the previous result).
    running: Mutex<()>,
    /// The scheduled check counts from here: the start, the last check, the last change.
    schedule_from: Mutex<OffsetDateTime>,
}

/// Which databases one check reads.
pub enum Databases {
    /// The ones saved in `fleet.json` (the window's, and `iot-https fleet` without `--odoo`).
    Saved,
    /// These (`iot-https fleet --odoo … --db … --login …`).
    Given(Vec<DbConnection>),
}

/// Keys the caller found itself (the CLI's environment), one per database in order; `None`
/// falls back to this session's key, then the keyring's. May refuse (an ambiguous environment).
pub type GivenKeys<'a> =
    &'a (dyn Fn(&[DbConnection]) -> Result<Vec<Option<Secret>>, WireError> + Sync);

pub struct CheckRequest<'a> {
    pub databases: Databases,
    pub api: ApiChoice,
    /// End dates are judged at this instant.
    pub now: OffsetDateTime,
    /// The CLI's way: a settings or sites file that cannot be read is an error. The window's
    /// (false): such a file counts as empty, and the check shows what it can.
    pub strict: bool,
    pub given_keys: GivenKeys<'a>,
}

/// No key from elsewhere: this session's, then the keyring's.
pub fn no_given_keys(conns: &[DbConnection]) -> Result<Vec<Option<Secret>>, WireError> {
    Ok(vec![None; conns.len()])
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetChecked {
    pub fleet: Fleet,
    /// What changed since the previous check of this session that deserves a notification.
    pub alerts: Vec<FleetAlert>,
    /// The window's language, for the alerts' texts (`FleetAlert::notification`).
    pub language: String,
    /// Warnings of the settings and sites files (a damaged file set aside).
    pub warnings: Vec<String>,
}

/// The alerts' language before the window says: the saved preference, else the desktop's
/// (core's `desktop_language`); so a scheduled check after a restart does not speak English to
/// a French technician.
pub fn alert_language(saved: Option<&str>, desktop: &'static str) -> &'static str {
    saved.map_or(desktop, language_for)
}

fn fleet_store_error(e: impl std::fmt::Display) -> WireError {
    WireError::new(ErrorCode::FleetStoreFailed, Some(e.to_string()))
}

impl Fleets {
    pub fn new(store: FleetStore, keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            store,
            keyring,
            last: Mutex::default(),
            session_keys: Mutex::default(),
            language: Mutex::new("en".into()),
            changed: Notify::new(),
            running: Mutex::default(),
            schedule_from: Mutex::new(OffsetDateTime::now_utc()),
        }
    }

    /// The latest check of this session.
    pub async fn last(&self) -> Option<Fleet> {
        self.last.lock().await.clone()
    }

    /// The language alerts are written in: the window's, set with each "Check now" and each
    /// saved preference, and from the saved preference at start ([`alert_language`]).
    pub async fn set_language(&self, language: &str) {
        *self.language.lock().await = language.to_owned();
    }

    async fn key_for(&self, conn: &DbConnection, given: Option<Secret>) -> Secret {
        if let Some(key) = given {
            return key;
        }
        let id = conn.key_id();
        if let Some(key) = self.session_keys.lock().await.get(&id) {
            return key.clone();
        }
        // A keyring that fails counts as no key: that database alone fails with
        // ODOO_API_KEY_MISSING.
        let keyring = self.keyring.clone();
        blocking(move || Ok(api_keys::load(&*keyring, &id).ok().flatten()))
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| Secret::new(""))
    }

    /// Reads every database at once, merges them with the saved sites of `sites`, remembers the
    /// result and returns it with the alerts since the previous check.
    pub async fn check(
        &self,
        sites: &SiteStore,
        policy: NetPolicy,
        request: CheckRequest<'_>,
    ) -> Result<FleetChecked, WireError> {
        let _one_at_a_time = self.running.lock().await;
        let strict = request.strict;
        let mut warnings = Vec::new();
        let store = self.store.clone();
        let settings = match blocking(move || store.load().map_err(fleet_store_error)).await {
            Ok((settings, warning)) => {
                warnings.extend(warning);
                settings
            }
            Err(e) if strict => return Err(e),
            // No database is checked (and none lost) while the file cannot be read.
            Err(_) => Default::default(),
        };
        let conns = match request.databases {
            Databases::Saved => settings.databases,
            Databases::Given(conns) => conns,
        };
        let given = (request.given_keys)(&conns)?;
        let mut databases = Vec::new();
        for (conn, key) in conns.into_iter().zip(given) {
            let key = self.key_for(&conn, key).await;
            databases.push((conn, key));
        }
        let sites_store = sites.clone();
        let sites = match blocking(move || {
            sites_store
                .load()
                .map_err(|e| WireError::new(ErrorCode::SitesStoreFailed, Some(e.to_string())))
        })
        .await
        {
            Ok(view) => {
                warnings.extend(view.warning);
                view.sites
            }
            Err(e) if strict => return Err(e),
            // Database boxes are worth showing even when the sites file cannot be read.
            Err(_) => vec![],
        };
        let fleet = check_fleet(
            databases,
            &sites,
            policy,
            request.api,
            request.now,
            &settings.thresholds,
        )
        .await;
        *self.schedule_from.lock().await = request.now;
        let previous = self.last.lock().await.replace(fleet.clone());
        let alerts = new_alerts(previous.as_ref(), &fleet);
        Ok(FleetChecked {
            fleet,
            alerts,
            language: self.language.lock().await.clone(),
            warnings,
        })
    }
}

#[cfg(test)]
mod tests;
