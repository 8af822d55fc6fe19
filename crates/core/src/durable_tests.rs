use serde::Deserialize;

use super::*;

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iot-https-durable-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[derive(Debug, Deserialize, PartialEq)]
struct Record {
    id: String,
    #[serde(default)]
    count: u32,
    #[serde(default)]
    label: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[test]
fn a_field_of_a_changed_type_is_set_aside_alone() {
    let raw = serde_json::json!({"id": "a", "count": "many", "label": ["x"], "colour": "blue"});
    let read = lenient::<Record>(raw.clone()).ok().unwrap();
    assert_eq!(read.value.id, "a");
    assert_eq!(read.value.count, 0);
    assert_eq!(read.value.extra["colour"], "blue");
    assert_eq!(read.aside.len(), 2, "{:?}", read.aside);
    let back = restore(
        serde_json::json!({"id": "a", "count": 0, "label": null, "colour": "blue"}),
        &read.aside,
    );
    assert_eq!(back, raw, "written back as it was");
    // A required field that cannot be read: the record is given back whole.
    let broken = serde_json::json!({"id": 7, "count": 1});
    assert_eq!(lenient::<Record>(broken.clone()).err().unwrap(), broken);
}

#[test]
fn a_read_error_is_an_error_and_damage_is_set_aside() {
    let dir = dir("read");
    let path = dir.join("x.json");
    std::fs::create_dir_all(&path).unwrap();
    assert!(matches!(read(&path, "X"), Err(DurableError::Read { .. })));
    let path = dir.join("y.json");
    std::fs::write(&path, b"{ nope").unwrap();
    let loaded = read(&path, "The y file").unwrap();
    assert!(loaded.value.is_none());
    assert!(loaded
        .warning
        .unwrap()
        .starts_with("The y file was damaged"));
    assert!(!path.exists());
}

#[test]
fn writes_use_unique_temporaries_and_clean_only_their_own() {
    let dir = dir("temps");
    let path = dir.join("fleet.json");
    let dead = dir.join(format!("{}dead{TEMP_SUFFIX}", temp_prefix(&path)));
    let other = dir.join(format!(".sites.json.live{TEMP_SUFFIX}"));
    std::fs::write(&dead, b"half").unwrap();
    std::fs::write(&other, b"another file's writer").unwrap();
    let lock = lock(&path).unwrap();
    write(&path, &serde_json::json!({"a": 1}), &lock).unwrap();
    assert!(!dead.exists());
    assert!(other.exists(), "another file's temporary is not ours");
}

#[cfg(unix)]
#[test]
fn the_file_its_lock_and_folder_are_the_users_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir("mode").join("app");
    let path = dir.join("fleet.json");
    let lock = lock(&path).unwrap();
    write(&path, &serde_json::json!({}), &lock).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&lock_path(&path)), 0o600);
    assert_eq!(mode(&dir), 0o700);
}
