//! The Databases panel's use cases: the saved databases (with where each key is kept), adding
//! one with its API key (into the keyring; the key is never handed back), removing one, the
//! interval and thresholds, and exporting the latest check.

use iot_https_core::fleet::{
    to_csv, to_json, AlertThresholds, Fleet, FleetSettings, FleetStoreError,
};
use iot_https_core::secret::Secret;
use iot_https_core::{ErrorCode, WireError};
use serde::{Deserialize, Serialize};

use super::{fleet_store_error, Fleets};
use crate::errors::blocking;
use crate::keyring::api_keys;
use crate::types::DbConnection;

fn invalid(e: FleetStoreError) -> WireError {
    match e {
        FleetStoreError::Invalid(message) => {
            WireError::new(ErrorCode::InputInvalidArgument, Some(message))
        }
        other => fleet_store_error(other),
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct DatabaseEntry {
    pub connection: DbConnection,
    /// The keyring entry's id, for removal.
    pub key_id: String,
    /// The keyring refused the key: it is kept for this session only.
    pub session_only: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct FleetView {
    pub settings: FleetSettings,
    pub databases: Vec<DatabaseEntry>,
    pub warning: Option<String>,
    pub last: Option<Fleet>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct AddedDatabase {
    pub connection: DbConnection,
    /// `keyring`, or `session` when the keyring could not take it (with the reason).
    #[cfg_attr(feature = "ts", ts(type = "'keyring' | 'session'"))]
    pub key_kept_in: &'static str,
    pub keyring_error: Option<WireError>,
}

/// The formats the latest check can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Result<Self, WireError> {
        match text {
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            other => Err(WireError::new(
                ErrorCode::InputInvalidArgument,
                Some(other.to_owned()),
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

impl Fleets {
    pub async fn view(&self) -> Result<FleetView, WireError> {
        let store = self.store.clone();
        let (settings, warning) = blocking(move || store.load().map_err(fleet_store_error)).await?;
        let session = self.session_keys.lock().await;
        let databases = settings
            .databases
            .iter()
            .map(|connection| DatabaseEntry {
                key_id: connection.key_id(),
                session_only: session.contains_key(&connection.key_id()),
                connection: connection.clone(),
            })
            .collect();
        drop(session);
        Ok(FleetView {
            settings,
            databases,
            warning,
            last: self.last().await,
        })
    }

    /// Stores the connection (no key) in `fleet.json` and its API key in the keyring, or for
    /// this session when the keyring refuses it. The key is never returned.
    pub async fn add_database(
        &self,
        connection: DbConnection,
        api_key: &str,
    ) -> Result<AddedDatabase, WireError> {
        let key = Secret::new(api_key.trim());
        if key.is_empty() {
            return Err(WireError::new(ErrorCode::InputInvalidArgument, None));
        }
        let (store, keyring, stored_key) = (self.store.clone(), self.keyring.clone(), key.clone());
        let (connection, keyring_error) = blocking(move || {
            let connection = store.add_database(connection).map_err(invalid)?;
            let keyring_error = api_keys::store(&*keyring, &connection.key_id(), &stored_key).err();
            Ok((connection, keyring_error))
        })
        .await?;
        let id = connection.key_id();
        let key_kept_in = if keyring_error.is_some() {
            self.session_keys.lock().await.insert(id, key);
            "session"
        } else {
            self.session_keys.lock().await.remove(&id);
            "keyring"
        };
        self.settings_changed().await;
        Ok(AddedDatabase {
            connection,
            key_kept_in,
            keyring_error,
        })
    }

    /// Removes the database and its key (keyring and session).
    pub async fn remove_database(&self, key_id: String) -> Result<(), WireError> {
        self.session_keys.lock().await.remove(&key_id);
        let (store, keyring) = (self.store.clone(), self.keyring.clone());
        blocking(move || {
            let _ = api_keys::delete(&*keyring, &key_id);
            store.remove_database(&key_id).map_err(invalid)
        })
        .await?;
        self.settings_changed().await;
        Ok(())
    }

    pub async fn set_preferences(
        &self,
        check_interval_minutes: u32,
        thresholds: AlertThresholds,
    ) -> Result<FleetSettings, WireError> {
        let store = self.store.clone();
        let settings = blocking(move || {
            store
                .set_preferences(check_interval_minutes, thresholds)
                .map_err(invalid)
        })
        .await?;
        self.settings_changed().await;
        Ok(settings)
    }

    /// The latest check as CSV (no cell starts a formula) or JSON; `FLEET_NOT_CHECKED` before
    /// the first check.
    pub async fn export(&self, format: ExportFormat) -> Result<String, WireError> {
        let last = self.last.lock().await;
        let rows = &last
            .as_ref()
            .ok_or_else(|| WireError::new(ErrorCode::FleetNotChecked, None))?
            .rows;
        Ok(match format {
            ExportFormat::Csv => to_csv(rows),
            ExportFormat::Json => to_json(rows),
        })
    }

    /// The schedule restarts from now and the scheduler wakes up to see the new settings.
    async fn settings_changed(&self) {
        *self.schedule_from.lock().await = time::OffsetDateTime::now_utc();
        self.changed.notify_one();
    }
}
