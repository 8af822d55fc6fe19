//! The window's fleet settings: the databases added (URL, database, login — never the key,
//! which is in the OS keyring under `DbConnection::key_id`), the scheduled-check interval and
//! the alert thresholds. One JSON file next to the sites file, written atomically; a damaged
//! file is set aside and reported, like the sites file.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::odoo_db::{parse_url, DbConnection};
use crate::validity::AlertThresholds;

/// Checks every hour by default; 0 turns the scheduled check off.
pub const DEFAULT_INTERVAL_MINUTES: u32 = 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FleetSettings {
    #[serde(default)]
    pub databases: Vec<DbConnection>,
    #[serde(default = "default_interval")]
    pub check_interval_minutes: u32,
    #[serde(default)]
    pub thresholds: AlertThresholds,
}

fn default_interval() -> u32 {
    DEFAULT_INTERVAL_MINUTES
}

impl Default for FleetSettings {
    fn default() -> Self {
        Self {
            databases: vec![],
            check_interval_minutes: DEFAULT_INTERVAL_MINUTES,
            thresholds: AlertThresholds::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FleetStoreError {
    #[error("{0}")]
    Invalid(String),
    #[error("cannot write the fleet settings {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// `$XDG_DATA_HOME/org.iothttps.assistant/fleet.json` (or `~/.local/share/…`).
pub fn default_path() -> Option<PathBuf> {
    crate::sites::default_path().map(|p| p.with_file_name("fleet.json"))
}

#[derive(Debug, Clone)]
pub struct FleetStore {
    path: PathBuf,
}

impl FleetStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The settings and, when the file was damaged (and set aside), a warning.
    pub fn load(&self) -> (FleetSettings, Option<String>) {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (FleetSettings::default(), None)
            }
            Err(e) => {
                return (
                    FleetSettings::default(),
                    Some(format!("cannot read {}: {e}", self.path.display())),
                )
            }
        };
        match serde_json::from_slice(&bytes) {
            Ok(settings) => (settings, None),
            Err(e) => {
                let aside = self.path.with_extension("json.corrupt");
                let _ = std::fs::rename(&self.path, &aside);
                (
                    FleetSettings::default(),
                    Some(format!(
                        "The fleet settings were damaged ({e}); they were set aside as {}.",
                        aside.display()
                    )),
                )
            }
        }
    }

    pub fn save(&self, settings: &FleetSettings) -> Result<(), FleetStoreError> {
        let err = |source| FleetStoreError::Write {
            path: self.path.display().to_string(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let body = serde_json::to_vec_pretty(settings).expect("settings serialise");
        let tmp = self
            .path
            .with_extension(format!("json.tmp-{}", std::process::id()));
        let mut file = std::fs::File::create(&tmp).map_err(err)?;
        file.write_all(&body)
            .and_then(|_| file.sync_all())
            .map_err(err)?;
        std::fs::rename(&tmp, &self.path).map_err(err)
    }

    /// Adds (or replaces) a database after checking the fields; returns the stored form.
    pub fn add_database(&self, conn: DbConnection) -> Result<DbConnection, FleetStoreError> {
        let url = parse_url(&conn.url).map_err(|e| FleetStoreError::Invalid(e.to_string()))?;
        let conn = DbConnection {
            url: url.as_str().trim_end_matches('/').to_owned(),
            database: conn.database.trim().to_owned(),
            login: conn.login.trim().to_owned(),
        };
        if conn.database.is_empty() || conn.login.is_empty() {
            return Err(FleetStoreError::Invalid(
                "Enter the database name and the login.".into(),
            ));
        }
        let (mut settings, _) = self.load();
        settings.databases.retain(|d| d.key_id() != conn.key_id());
        settings.databases.push(conn.clone());
        self.save(&settings)?;
        Ok(conn)
    }

    pub fn remove_database(&self, key_id: &str) -> Result<(), FleetStoreError> {
        let (mut settings, _) = self.load();
        settings.databases.retain(|d| d.key_id() != key_id);
        self.save(&settings)
    }

    pub fn set_preferences(
        &self,
        check_interval_minutes: u32,
        thresholds: AlertThresholds,
    ) -> Result<FleetSettings, FleetStoreError> {
        let thresholds = thresholds.validated().map_err(FleetStoreError::Invalid)?;
        if check_interval_minutes > 7 * 24 * 60 {
            return Err(FleetStoreError::Invalid(
                "Check at least once a week (or 0 for never).".into(),
            ));
        }
        let (mut settings, _) = self.load();
        settings.check_interval_minutes = check_interval_minutes;
        settings.thresholds = thresholds;
        self.save(&settings)?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(name: &str) -> FleetStore {
        let dir = std::env::temp_dir().join(format!(
            "iot-https-fleet-store-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        FleetStore::new(dir.join("fleet.json"))
    }

    fn conn(url: &str) -> DbConnection {
        DbConnection {
            url: url.into(),
            database: " bakery ".into(),
            login: "tech@example.com".into(),
        }
    }

    #[test]
    fn databases_are_checked_deduplicated_and_removed() {
        let store = store("crud");
        let added = store.add_database(conn("bakery.example.com/")).unwrap();
        assert_eq!(
            (added.url.as_str(), added.database.as_str()),
            ("https://bakery.example.com", "bakery")
        );
        store
            .add_database(conn("https://bakery.example.com"))
            .unwrap();
        assert_eq!(store.load().0.databases.len(), 1, "same url, db and login");
        assert!(store.add_database(conn("ftp://x")).is_err());
        let mut no_login = conn("https://x.example");
        no_login.login = " ".into();
        assert!(store.add_database(no_login).is_err());
        store.remove_database(&added.key_id()).unwrap();
        assert!(store.load().0.databases.is_empty());
    }

    #[test]
    fn preferences_are_validated_and_a_damaged_file_is_set_aside() {
        let store = store("prefs");
        let saved = store
            .set_preferences(15, AlertThresholds::default())
            .unwrap();
        assert_eq!(store.load().0, saved);
        assert!(store
            .set_preferences(99_999, AlertThresholds::default())
            .is_err());
        std::fs::write(store.path(), b"{ nope").unwrap();
        let (settings, warning) = store.load();
        assert_eq!(settings, FleetSettings::default());
        assert!(warning.unwrap().contains("set aside"));
    }
}
