//! The sites file on disk: one JSON document, read whole, written atomically (a temporary file
//! in the same folder, fsync, rename, fsync of the folder), under an exclusive lock held across
//! each read-modify-write so the window and `iot-https check-all` never lose each other's
//! sites. Fields and values this version does not know are kept as they were. On unix every
//! file is readable by the user only.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Site;

/// The newest format this version writes; a file of a newer one is read and written back with
/// its version and unknown fields untouched.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Document {
    #[serde(default = "format_version")]
    pub version: u32,
    #[serde(default)]
    pub sites: Vec<Site>,
    /// Top-level fields of a newer version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn format_version() -> u32 {
    FORMAT_VERSION
}

impl Default for Document {
    fn default() -> Self {
        Self {
            version: FORMAT_VERSION,
            sites: Vec::new(),
            extra: Map::new(),
        }
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

/// What reading found besides the document: a damaged file that was set aside.
pub(super) struct Loaded {
    pub document: Document,
    pub warning: Option<String>,
}

const TEMP_PREFIX: &str = ".sites.json.";
const TEMP_SUFFIX: &str = ".tmp";

fn lock_path(path: &Path) -> PathBuf {
    path.with_extension("json.lock")
}

/// Reads the document. Missing file: empty. Not JSON at all: set aside under a new name and
/// reported. Any I/O error: an error (never "no sites", which the next write would make true).
pub(super) fn read(path: &Path) -> Result<Loaded, StoreError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Loaded {
                document: Document::default(),
                warning: None,
            })
        }
        Err(source) => {
            return Err(StoreError::Read {
                path: path.display().to_string(),
                source,
            })
        }
    };
    match serde_json::from_slice::<Document>(&bytes) {
        Ok(document) => Ok(Loaded {
            document,
            warning: None,
        }),
        Err(e) => set_aside(path, &e),
    }
}

fn set_aside(path: &Path, why: &serde_json::Error) -> Result<Loaded, StoreError> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let aside = path.with_extension(format!("json.corrupt-{stamp}"));
    std::fs::rename(path, &aside).map_err(|source| StoreError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Loaded {
        document: Document::default(),
        warning: Some(format!(
            "The sites file was damaged ({why}); it was set aside as {} and a new one started.",
            aside.display()
        )),
    })
}

/// Holds the exclusive lock on `<file>.lock` for one read-modify-write. Released on drop, and
/// by the OS when a writer dies.
pub(super) struct WriteLock {
    _file: File,
}

pub(super) fn lock(path: &Path) -> Result<WriteLock, StoreError> {
    let err = |source| StoreError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        create_private_dir(dir).map_err(err)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(lock_path(path)).map_err(err)?;
    file.lock().map_err(err)?;
    Ok(WriteLock { _file: file })
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes the document atomically. Call with the lock held: temporary files left by a writer
/// that died are removed first (no live writer can own one while we hold the lock).
pub(super) fn write(path: &Path, document: &Document, _lock: &WriteLock) -> Result<(), StoreError> {
    let err = |source| StoreError::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    remove_stale_temporaries(dir);
    let body = serde_json::to_vec_pretty(document).expect("sites serialise");
    // tempfile creates the file with mode 0600 on unix and deletes it if we fail before persist.
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(err)?;
    temp.write_all(&body).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    temp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(dir).map_err(err)
}

/// After a rename, the directory entry itself must reach the disk.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(()) // Windows cannot open a directory as a file; NTFS journals the rename.
}

fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn writes_leave_no_temporary_and_clean_a_dead_writers() {
        let dir = dir("temps");
        let path = dir.join("sites.json");
        std::fs::write(dir.join(format!("{TEMP_PREFIX}dead{TEMP_SUFFIX}")), b"half").unwrap();
        let lock = lock(&path).unwrap();
        write(&path, &Document::default(), &lock).unwrap();
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(TEMP_SUFFIX)), "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_the_user_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = dir("mode").join("app");
        let path = dir.join("sites.json");
        let lock = lock(&path).unwrap();
        write(&path, &Document::default(), &lock).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&lock_path(&path)), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
}
