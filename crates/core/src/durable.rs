//! One JSON file the window and the CLI share (`sites.json`, `fleet.json`): read whole, written
//! atomically (a uniquely named temporary file in the same folder, fsync, rename, fsync of the
//! folder), under an exclusive lock held across each read-modify-write so two writers never
//! lose each other's changes. On unix the file, its lock and its folder are the user's only
//! (0600/0700). A read error is an error (never "empty", which the next write would make true);
//! text that is not JSON at all is set aside under a new name and reported.
//!
//! What a newer version wrote is kept: [`lenient`] reads a record whose field changed type by
//! setting just that field aside (written back as it was), not the whole file.

use std::cell::RefCell;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, thiserror::Error)]
pub enum DurableError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What reading found: the JSON (`None` when there is no file, or it was set aside) and, when
/// the file was damaged, where it went.
pub struct Loaded {
    pub value: Option<Value>,
    pub warning: Option<String>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "data.json".into(), |n| n.to_string_lossy().into_owned())
}

fn temp_prefix(path: &Path) -> String {
    format!(".{}.", file_name(path))
}

const TEMP_SUFFIX: &str = ".tmp";

pub fn lock_path(path: &Path) -> PathBuf {
    path.with_file_name(format!("{}.lock", file_name(path)))
}

/// Reads the file. `what` names it in the warning ("The sites file").
pub fn read(path: &Path, what: &str) -> Result<Loaded, DurableError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Loaded {
                value: None,
                warning: None,
            })
        }
        Err(source) => {
            return Err(DurableError::Read {
                path: path.display().to_string(),
                source,
            })
        }
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(value @ Value::Object(_)) => Ok(Loaded {
            value: Some(value),
            warning: None,
        }),
        Ok(_) => set_aside(path, what, "not a JSON object"),
        Err(e) => set_aside(path, what, &e.to_string()),
    }
}

fn set_aside(path: &Path, what: &str, why: &str) -> Result<Loaded, DurableError> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let aside = path.with_file_name(format!("{}.corrupt-{stamp}", file_name(path)));
    std::fs::rename(path, &aside).map_err(|source| DurableError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Loaded {
        value: None,
        warning: Some(format!(
            "{what} was damaged ({why}); it was set aside as {} and a new one started.",
            aside.display()
        )),
    })
}

/// Holds the exclusive lock on `<file>.lock` for one read-modify-write. Released on drop, and
/// by the OS when a writer dies.
pub struct WriteLock {
    _file: File,
}

pub fn lock(path: &Path) -> Result<WriteLock, DurableError> {
    let err = |source| DurableError::Write {
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

/// Writes `document` atomically. Call with the lock held: temporary files left by a writer
/// that died are removed first (no live writer can own one while we hold the lock).
pub fn write(
    path: &Path,
    document: &impl Serialize,
    _lock: &WriteLock,
) -> Result<(), DurableError> {
    let err = |source| DurableError::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    remove_stale_temporaries(dir, &temp_prefix(path));
    let body = serde_json::to_vec_pretty(document).map_err(|e| err(e.into()))?;
    // tempfile picks a unique name, creates it 0600 on unix and deletes it if we fail first.
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
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

fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(prefix) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A record read leniently: the fields this version could not read (a newer version changed
/// their type) are in `aside`, to be written back as they were by [`restore`].
pub struct Lenient<T> {
    pub value: T,
    pub aside: Map<String, Value>,
}

/// Reads `value` as a `T`; a field whose value does not fit is set aside and the rest read
/// again, as often as there are fields. `Err` gives the value back when even that fails (not
/// an object, a required field missing).
pub fn lenient<T: DeserializeOwned>(value: Value) -> Result<Lenient<T>, Value> {
    let Value::Object(mut map) = value else {
        return Err(value);
    };
    let mut aside = Map::new();
    for _ in 0..=map.len() {
        let last = RefCell::new(None);
        let attempt = T::deserialize(Tracking {
            map: map.clone(),
            last: &last,
        });
        match attempt {
            Ok(value) => return Ok(Lenient { value, aside }),
            Err(_) => {
                let failed = last.into_inner();
                match failed.and_then(|key| map.remove_entry(&key)) {
                    Some((key, value)) => {
                        aside.insert(key, value);
                    }
                    None => break,
                }
            }
        }
    }
    for (key, value) in aside {
        map.insert(key, value);
    }
    Err(Value::Object(map))
}

/// `record` (serialised) with the fields set aside put back as they were.
pub fn restore(mut record: Value, aside: &Map<String, Value>) -> Value {
    if let Value::Object(map) = &mut record {
        for (key, value) in aside {
            map.insert(key.clone(), value.clone());
        }
    }
    record
}

/// Deserialises a JSON object while remembering the key whose value is being read, so a
/// failure names its field.
struct Tracking<'a> {
    map: Map<String, Value>,
    last: &'a RefCell<Option<String>>,
}

impl<'de> serde::Deserializer<'de> for Tracking<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(TrackingAccess {
            entries: self.map.into_iter(),
            value: None,
            last: self.last,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct TrackingAccess<'a> {
    entries: serde_json::map::IntoIter,
    value: Option<Value>,
    last: &'a RefCell<Option<String>>,
}

impl<'de> MapAccess<'de> for TrackingAccess<'_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else {
            *self.last.borrow_mut() = None;
            return Ok(None);
        };
        *self.last.borrow_mut() = Some(key.clone());
        self.value = Some(value);
        seed.deserialize(serde::de::value::StringDeserializer::<serde_json::Error>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| <serde_json::Error as serde::de::Error>::custom("value before key"))?;
        seed.deserialize(value)
    }
}

#[cfg(test)]
#[path = "durable_tests.rs"]
mod tests;
