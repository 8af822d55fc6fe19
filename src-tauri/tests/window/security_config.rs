//! The window's grants and content policy, read from the files Tauri builds into the app: the
//! capabilities give the page only what it uses (listening to Rust's events), and the CSP
//! allows nothing beyond the app's own files and its IPC. Any wider grant fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// Every permission the page needs: `listen`/`unlisten` for `fleet-checked`
/// (DatabasesPanel). App commands need no grant; channels are not ACL'd.
const ALLOWED: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn capabilities_grant_only_what_the_window_uses() {
    let dir = crate_dir().join("capabilities");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        assert_eq!(
            ext,
            "json",
            "{}: only JSON capabilities are checked here",
            path.display()
        );
        files += 1;
        let capability = json(&path);
        let object = capability.as_object().unwrap();
        assert!(
            !object.contains_key("remote"),
            "{}: no remote origin may call the app",
            path.display()
        );
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        assert!(
            !object.contains_key("webviews") && !object.contains_key("platforms"),
            "{}",
            path.display()
        );
        for permission in capability["permissions"].as_array().unwrap() {
            // A permission with a scope is an object: never needed, so never allowed.
            let name = permission
                .as_str()
                .unwrap_or_else(|| panic!("{}: scoped permission {permission}", path.display()));
            assert!(
                ALLOWED.contains(&name),
                "{}: {name} is wider than the window needs",
                path.display()
            );
        }
    }
    assert_eq!(files, 1);
    let conf = json(&crate_dir().join("tauri.conf.json"));
    let security = &conf["app"]["security"];
    assert!(
        security.get("capabilities").is_none(),
        "capabilities come from capabilities/ only"
    );
    // Tauri adds hashes and nonces to the CSP for the page's inline script and style. Only
    // style-src is left as written: a nonce there would switch 'unsafe-inline' off (CSP level
    // 3), which Svelte's style attributes need; the page's inlined stylesheet is covered by
    // 'unsafe-inline' (ui/scripts/prerender.mjs). script-src gets its hashes.
    assert_eq!(
        security.get("dangerousDisableAssetCspModification"),
        Some(&serde_json::json!(["style-src"]))
    );
    assert!(security.get("freezePrototype") != Some(&Value::Bool(false)));
}

#[test]
fn the_csp_allows_only_the_apps_own_files_and_ipc() {
    let conf = json(&crate_dir().join("tauri.conf.json"));
    let csp = conf["app"]["security"]["csp"].as_str().unwrap();
    let directives: BTreeMap<&str, BTreeSet<&str>> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_ascii_whitespace();
            (words.next().unwrap(), words.collect())
        })
        .collect();
    let expected: BTreeMap<&str, BTreeSet<&str>> = [
        ("default-src", vec!["'self'"]),
        ("script-src", vec!["'self'"]),
        // Svelte sets inline styles; scripts stay 'self' only.
        ("style-src", vec!["'self'", "'unsafe-inline'"]),
        ("img-src", vec!["'self'", "data:"]),
        ("connect-src", vec!["ipc:", "http://ipc.localhost"]),
        ("object-src", vec!["'none'"]),
        ("base-uri", vec!["'none'"]),
        ("form-action", vec!["'none'"]),
        ("frame-ancestors", vec!["'none'"]),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.into_iter().collect()))
    .collect();
    assert_eq!(directives, expected, "{csp}");
}
