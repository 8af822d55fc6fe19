//! The sites file on disk, through the shared durable JSON store (`crate::durable`: lock,
//! unique temporary file, fsync, rename, 0600/0700, read errors are errors, damaged JSON set
//! aside). Fields and values this version does not know are kept as they were; a site with a
//! field whose type a newer version changed keeps that field as written (`durable::lenient`),
//! and a site this version cannot read at all is kept as it was, unseen — never the whole file.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::Site;
use crate::durable::{self, DurableError};

pub(super) use crate::durable::WriteLock;

/// The newest format this version writes; a file of a newer one is read and written back with
/// its version and unknown fields untouched.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug)]
pub(super) struct Document {
    pub version: Value,
    pub sites: Vec<Site>,
    /// Top-level fields of a newer version.
    pub extra: Map<String, Value>,
    /// Per site id, the fields this version could not read, written back as they were.
    aside: HashMap<String, Map<String, Value>>,
    /// Sites this version cannot read at all, kept as they were.
    unreadable: Vec<Value>,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            version: Value::from(FORMAT_VERSION),
            sites: Vec::new(),
            extra: Map::new(),
            aside: HashMap::new(),
            unreadable: Vec::new(),
        }
    }
}

impl Document {
    fn from_value(value: Value) -> Self {
        let mut document = Document::default();
        let Value::Object(mut map) = value else {
            return document;
        };
        if let Some(version) = map.remove("version") {
            document.version = version;
        }
        match map.remove("sites") {
            Some(Value::Array(sites)) => {
                for raw in sites {
                    match durable::lenient::<Site>(raw) {
                        Ok(read) => {
                            if !read.aside.is_empty() {
                                document.aside.insert(read.value.id.clone(), read.aside);
                            }
                            document.sites.push(read.value);
                        }
                        Err(raw) => document.unreadable.push(raw),
                    }
                }
            }
            Some(other) if !other.is_null() => document.unreadable.push(other),
            _ => {}
        }
        document.extra = map;
        document
    }

    fn to_value(&self) -> Value {
        let mut map = self.extra.clone();
        map.insert("version".into(), self.version.clone());
        let no_aside = Map::new();
        let sites = self
            .sites
            .iter()
            .map(|site| {
                let value = serde_json::to_value(site).unwrap_or(Value::Null);
                durable::restore(value, self.aside.get(&site.id).unwrap_or(&no_aside))
            })
            .chain(self.unreadable.iter().filter(|v| v.is_object()).cloned())
            .collect();
        map.insert("sites".into(), Value::Array(sites));
        Value::Object(map)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read the sites file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the sites file {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("no site with id {0}")]
    NoSuchSite(String),
}

impl From<DurableError> for StoreError {
    fn from(e: DurableError) -> Self {
        match e {
            DurableError::Read { path, source } => StoreError::Read { path, source },
            DurableError::Write { path, source } => StoreError::Write { path, source },
        }
    }
}

/// What reading found besides the document: a damaged file that was set aside.
pub(super) struct Loaded {
    pub document: Document,
    pub warning: Option<String>,
}

/// Reads the document. Missing file: empty. Not JSON at all: set aside under a new name and
/// reported. Any I/O error: an error (never "no sites", which the next write would make true).
pub(super) fn read(path: &Path) -> Result<Loaded, StoreError> {
    let loaded = durable::read(path, "The sites file")?;
    Ok(Loaded {
        document: loaded.value.map(Document::from_value).unwrap_or_default(),
        warning: loaded.warning,
    })
}

pub(super) fn lock(path: &Path) -> Result<WriteLock, StoreError> {
    Ok(durable::lock(path)?)
}

/// Writes the document atomically; call with the lock held.
pub(super) fn write(path: &Path, document: &Document, lock: &WriteLock) -> Result<(), StoreError> {
    Ok(durable::write(path, &document.to_value(), lock)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("iot-https-file-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_read_error_is_an_error_not_an_empty_list() {
        // A directory where the file should be: reading fails with an I/O error.
        let dir = dir("read-error");
        let path = dir.join("sites.json");
        std::fs::create_dir_all(&path).unwrap();
        assert!(matches!(read(&path), Err(StoreError::Read { .. })));
    }

    #[test]
    fn a_newer_version_keeps_its_fields_and_values() {
        let dir = dir("newer");
        let path = dir.join("sites.json");
        let newer = r#"{"version": 7, "syncedWith": {"cloud": "x"}, "sites": [
            {"id": "a1", "name": "Bakery", "address": "127.0.0.1:8069", "family": "iot-drivers-v2",
             "lastVerdict": "sleeping", "colour": "blue", "identifier": "serial"}]}"#;
        std::fs::write(&path, newer).unwrap();
        let loaded = read(&path).unwrap();
        assert!(loaded.warning.is_none(), "a newer file is not damaged");
        let lock = lock(&path).unwrap();
        write(&path, &loaded.document, &lock).unwrap();
        let back: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(back["version"], 7);
        assert_eq!(back["syncedWith"]["cloud"], "x");
        let site = &back["sites"][0];
        assert_eq!(site["family"], "iot-drivers-v2");
        assert_eq!(site["lastVerdict"], "sleeping");
        assert_eq!(site["colour"], "blue");
        assert_eq!(site["identifier"], "serial");
    }

    /// A newer version that changed one field's type (here `mac` became a list, `lastCodes` a
    /// map) loses nothing: the other sites and the site's other fields are read, the changed
    /// fields are written back as they were, and a site without a readable id is kept unseen.
    #[test]
    fn a_changed_field_type_keeps_the_rest_of_the_file() {
        let dir = dir("changed-type");
        let path = dir.join("sites.json");
        let newer = r#"{"version": 2, "sites": [
            {"id": "a1", "name": "Bakery", "address": "127.0.0.1:8069",
             "mac": ["b8:27:eb:00:00:01", "dc:a6:32:00:00:01"], "lastCodes": {"x": 1},
             "identifier": "serial-a"},
            {"id": "b2", "name": "Butcher", "address": "127.0.0.2:8069"},
            {"id": 3, "name": "Numbered"}]}"#;
        std::fs::write(&path, newer).unwrap();
        let loaded = read(&path).unwrap();
        assert!(loaded.warning.is_none(), "nothing set aside as damaged");
        let sites = &loaded.document.sites;
        assert_eq!(sites.len(), 2);
        assert_eq!(sites[0].identifier.as_deref(), Some("serial-a"));
        assert_eq!(
            sites[0].mac, None,
            "a MAC this version cannot read is not used"
        );
        assert_eq!(sites[1].name, "Butcher");
        let lock = lock(&path).unwrap();
        write(&path, &loaded.document, &lock).unwrap();
        let back: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(back["sites"][0]["mac"][1], "dc:a6:32:00:00:01");
        assert_eq!(back["sites"][0]["lastCodes"]["x"], 1);
        assert_eq!(back["sites"][2]["id"], 3);
        assert_eq!(back["version"], 2);
    }
}
