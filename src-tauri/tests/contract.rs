//! Keeps `ui/src/lib/bindings/commands.ts` equal to the command table in Rust
//! (`src-tauri/src/commands/mod.rs`, rendered by `src-tauri/src/contract.rs`).
//! `UPDATE_BINDINGS=1 cargo test -p iot-https-assistant --test contract` rewrites it.

use std::path::{Path, PathBuf};

fn bindings() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
}

#[test]
fn commands_ts_is_current() {
    let fresh = iot_https_assistant_lib::contract::typescript(&bindings())
        .unwrap_or_else(|e| panic!("the contract names a type with no binding: {e}"));
    let path = bindings().join("commands.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, fresh).expect("write commands.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/bindings/commands.ts is stale: run UPDATE_BINDINGS=1 cargo test -p iot-https-assistant --test contract"
    );
}

/// Every command the shell registers is in the contract once; the names are the functions'.
#[test]
fn the_contract_lists_each_command_once() {
    let names: Vec<&str> = iot_https_assistant_lib::contract::commands()
        .iter()
        .map(|c| c.name)
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
}
