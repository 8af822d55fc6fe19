//! Every registered command has a test: the commands the contract lists (the one table that
//! registers them, `src-tauri/src/commands/mod.rs`) against the command names the mock-runtime
//! tests (`tests/window/commands_*.rs`) pass to `invoke`/`refused`. A command added without a test
//! fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The first string literal after each `invoke(` / `refused(` in `source`.
fn invoked(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for call in ["invoke(", "refused("] {
        for (at, _) in source.match_indices(call) {
            let rest = &source[at + call.len()..];
            let Some(open) = rest.find('"') else { continue };
            let rest = &rest[open + 1..];
            if let Some(close) = rest.find('"') {
                names.insert(rest[..close].to_owned());
            }
        }
    }
    names
}

#[test]
fn every_registered_command_is_called_by_a_test() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/window");
    let mut called = BTreeSet::new();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("commands_") && name != "commands_coverage.rs" {
            called.extend(invoked(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    let missing: Vec<&str> = iot_https_assistant_lib::contract::commands()
        .iter()
        .map(|c| c.name)
        .filter(|name| !called.contains(*name))
        .collect();
    assert!(
        missing.is_empty(),
        "commands without a mock-runtime test: {missing:?}"
    );
}

#[test]
fn the_scan_finds_the_names_passed_to_invoke() {
    let names =
        invoked("invoke(&w, \"app_info\", json!({}));\nrefused(\n  &w,\n  \"open_url\", x)");
    assert_eq!(
        names,
        BTreeSet::from(["app_info".into(), "open_url".into()])
    );
}
