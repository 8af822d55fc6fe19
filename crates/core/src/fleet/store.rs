//! The window's fleet settings: the databases added (URL, database, login — never the key,
//! which is in the OS keyring under `DbConnection::key_id`), the scheduled-check interval and
//! the alert thresholds. One JSON file next to the sites file, through the same durable store
//! (`crate::durable`): locked read-modify-write, unique temporary file, fsync, 0600/0700, a read
//! error is an error, damaged JSON set aside and reported, fields of a newer version kept (a
//! field whose type changed is written back as it was; a database entry this version cannot
//! read is kept unseen).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::durable::{self, DurableError};
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
    #[error("cannot read the fleet settings {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the fleet settings {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<DurableError> for FleetStoreError {
    fn from(e: DurableError) -> Self {
        match e {
            DurableError::Read { path, source } => FleetStoreError::Read { path, source },
            DurableError::Write { path, source } => FleetStoreError::Write { path, source },
        }
    }
}

/// `$XDG_DATA_HOME/org.iothttps.assistant/fleet.json` (or `~/.local/share/…`).
pub fn default_path() -> Option<PathBuf> {
    crate::sites::default_path().map(|p| p.with_file_name("fleet.json"))
}

/// The file as read: the settings, and everything of it this version does not use.
struct Document {
    settings: FleetSettings,
    /// The whole object as read; keys this version writes are replaced on write.
    raw: Map<String, Value>,
    /// Top-level fields that did not fit this version's types, written back as they were.
    aside: Map<String, Value>,
    /// Database entries this version cannot read, written back after the readable ones.
    unreadable: Vec<Value>,
    /// Fields of a newer version in readable database entries, by `key_id`.
    entry_extras: Vec<(String, Map<String, Value>)>,
}

/// The fields of a database entry this version writes itself.
const ENTRY_FIELDS: [&str; 3] = ["url", "database", "login"];

impl Document {
    fn from_value(value: Option<Value>) -> Self {
        let Some(Value::Object(mut raw)) = value else {
            return Self {
                settings: FleetSettings::default(),
                raw: Map::new(),
                aside: Map::new(),
                unreadable: vec![],
                entry_extras: vec![],
            };
        };
        let mut unreadable = vec![];
        let mut databases = vec![];
        let mut entry_extras = vec![];
        if let Some(Value::Array(entries)) = raw.get("databases") {
            for entry in entries {
                match durable::lenient::<DbConnection>(entry.clone()) {
                    Ok(read) if read.aside.is_empty() => {
                        let mut extra = entry.as_object().cloned().unwrap_or_default();
                        extra.retain(|key, _| !ENTRY_FIELDS.contains(&key.as_str()));
                        if !extra.is_empty() {
                            entry_extras.push((read.value.key_id(), extra));
                        }
                        databases.push(read.value);
                    }
                    _ => unreadable.push(entry.clone()),
                }
            }
        }
        let mut top = raw.clone();
        top.remove("databases");
        let (mut settings, aside) = match durable::lenient::<FleetSettings>(Value::Object(top)) {
            Ok(read) => (read.value, read.aside),
            Err(_) => (FleetSettings::default(), Map::new()),
        };
        settings.databases = databases;
        if matches!(raw.get("databases"), Some(v) if !v.is_array() && !v.is_null()) {
            // A newer shape of the whole list: kept, and this version sees no database.
            unreadable.clear();
        } else {
            raw.remove("databases");
        }
        Self {
            settings,
            raw,
            aside,
            unreadable,
            entry_extras,
        }
    }

    fn to_value(&self) -> Value {
        let mut map = self.raw.clone();
        if let Ok(Value::Object(ours)) = serde_json::to_value(&self.settings) {
            for (key, value) in ours {
                if key == "databases" && map.get("databases").is_some_and(|v| !v.is_array()) {
                    continue;
                }
                map.insert(key, value);
            }
        }
        if let Some(Value::Array(list)) = map.get_mut("databases") {
            for (entry, conn) in list.iter_mut().zip(&self.settings.databases) {
                let key_id = conn.key_id();
                let extra = self.entry_extras.iter().find(|(k, _)| *k == key_id);
                if let (Value::Object(entry), Some((_, extra))) = (entry, extra) {
                    for (key, value) in extra {
                        entry.insert(key.clone(), value.clone());
                    }
                }
            }
            list.extend(self.unreadable.iter().cloned());
        }
        durable::restore(Value::Object(map), &self.aside)
    }
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

    fn read(&self) -> Result<(Document, Option<String>), FleetStoreError> {
        let loaded = durable::read(&self.path, "The fleet settings file")?;
        Ok((Document::from_value(loaded.value), loaded.warning))
    }

    /// The settings and, when the file was damaged (and set aside), a warning. A file that
    /// cannot be read is an error, never "no databases".
    pub fn load(&self) -> Result<(FleetSettings, Option<String>), FleetStoreError> {
        let (document, warning) = self.read()?;
        Ok((document.settings, warning))
    }

    /// One locked read-modify-write; `change` may refuse.
    fn change<T>(
        &self,
        change: impl FnOnce(&mut FleetSettings) -> Result<T, FleetStoreError>,
    ) -> Result<T, FleetStoreError> {
        let lock = durable::lock(&self.path)?;
        let (mut document, _) = self.read()?;
        let before = serde_json::to_value(&document.settings).unwrap_or_default();
        let answer = change(&mut document.settings)?;
        // A field set aside that this change wrote anew is this change's from now on.
        let after = serde_json::to_value(&document.settings).unwrap_or_default();
        document
            .aside
            .retain(|key, _| before.get(key) == after.get(key));
        durable::write(&self.path, &document.to_value(), &lock)?;
        Ok(answer)
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
        self.change(|settings| {
            settings.databases.retain(|d| d.key_id() != conn.key_id());
            settings.databases.push(conn.clone());
            Ok(conn)
        })
    }

    pub fn remove_database(&self, key_id: &str) -> Result<(), FleetStoreError> {
        self.change(|settings| {
            settings.databases.retain(|d| d.key_id() != key_id);
            Ok(())
        })
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
        self.change(|settings| {
            settings.check_interval_minutes = check_interval_minutes;
            settings.thresholds = thresholds;
            Ok(settings.clone())
        })
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
        assert_eq!(
            store.load().unwrap().0.databases.len(),
            1,
            "same url, db and login"
        );
        assert!(store.add_database(conn("ftp://x")).is_err());
        let mut no_login = conn("https://x.example");
        no_login.login = " ".into();
        assert!(store.add_database(no_login).is_err());
        store.remove_database(&added.key_id()).unwrap();
        assert!(store.load().unwrap().0.databases.is_empty());
    }

    #[test]
    fn preferences_are_validated_and_a_damaged_file_is_set_aside() {
        let store = store("prefs");
        let saved = store
            .set_preferences(15, AlertThresholds::default())
            .unwrap();
        assert_eq!(store.load().unwrap().0, saved);
        assert!(store
            .set_preferences(99_999, AlertThresholds::default())
            .is_err());
        std::fs::write(store.path(), b"{ nope").unwrap();
        let (settings, warning) = store.load().unwrap();
        assert_eq!(settings, FleetSettings::default());
        assert!(warning.unwrap().contains("set aside"));
    }

    #[test]
    fn a_read_error_is_an_error_and_no_write_overwrites_the_file() {
        let store = store("read-error");
        // A directory where the file should be: reading fails with an I/O error.
        std::fs::create_dir_all(store.path()).unwrap();
        assert!(matches!(store.load(), Err(FleetStoreError::Read { .. })));
        assert!(store.add_database(conn("https://x.example")).is_err());
        assert!(store.path().is_dir(), "nothing was written over it");
    }

    /// A newer version's file: unknown fields, a field whose type changed and a database entry
    /// of a new shape are all written back; the rest is read and changed as usual.
    #[test]
    fn a_newer_versions_fields_are_kept() {
        let store = store("newer");
        std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        let newer = r#"{"syncedWith": "cloud", "checkIntervalMinutes": {"every": "1h"},
            "thresholds": {"dueSoonDays": 21},
            "databases": [{"url": "https://a.example", "database": "a", "login": "l", "label": "HQ"},
                          {"url": ["https://b.example"], "database": "b", "login": "l"}]}"#;
        std::fs::write(store.path(), newer).unwrap();
        let (settings, warning) = store.load().unwrap();
        assert!(warning.is_none());
        assert_eq!(settings.databases.len(), 1);
        assert_eq!(settings.check_interval_minutes, DEFAULT_INTERVAL_MINUTES);
        store.add_database(conn("https://c.example")).unwrap();
        let back: Value = serde_json::from_slice(&std::fs::read(store.path()).unwrap()).unwrap();
        assert_eq!(back["syncedWith"], "cloud");
        assert_eq!(back["checkIntervalMinutes"]["every"], "1h");
        let urls: Vec<String> = back["databases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["url"].to_string())
            .collect();
        assert_eq!(urls.len(), 3, "{urls:?}");
        assert_eq!(
            back["databases"][0]["label"], "HQ",
            "an entry's own new field is kept"
        );
        assert!(urls[2].contains("b.example"), "{urls:?}");
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_the_users_only() {
        use std::os::unix::fs::PermissionsExt;
        let store = store("mode");
        store.add_database(conn("https://x.example")).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(store.path()), 0o600);
        assert_eq!(mode(store.path().parent().unwrap()), 0o700);
    }
}
