//! The shells go through this crate: `src-tauri/src` and `crates/cli/src` name none of core's
//! protocol modules (`box_api`, `odoo_db`, `tls`, `dns`), neither by path
//! (`iot_https_core::box_api::…`) nor in a grouped import (`use iot_https_core::{box_api, …}`).

use std::path::{Path, PathBuf};

const PROTOCOL_MODULES: [&str; 4] = ["box_api", "odoo_db", "tls", "dns"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every place in `text` that reaches a protocol module of core, as `line: text`.
fn protocol_uses(text: &str) -> Vec<String> {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found = Vec::new();
    for module in PROTOCOL_MODULES {
        if flat.contains(&format!("iot_https_core::{module}")) {
            found.push(format!("iot_https_core::{module}"));
        }
    }
    // Grouped imports: `use iot_https_core::{a, box_api::X, …}` (nested groups included).
    let mut rest = flat.as_str();
    while let Some(at) = rest.find("iot_https_core::{") {
        let group = &rest[at + "iot_https_core::{".len()..];
        let mut depth = 1;
        let end = group
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(group.len(), |(i, _)| i);
        let top_level = group[..end].split(',').map(|item| {
            item.trim()
                .split("::")
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        });
        for name in top_level {
            if PROTOCOL_MODULES.contains(&name.as_str()) {
                found.push(format!("iot_https_core::{{{name}…}}"));
            }
        }
        rest = &group[end..];
    }
    found
}

#[test]
fn the_detector_sees_every_form() {
    assert_eq!(
        protocol_uses("use iot_https_core::box_api::BoxClient;").len(),
        1
    );
    assert_eq!(
        protocol_uses("iot_https_core::tls::TrustAnchors::mozilla()").len(),
        1
    );
    assert_eq!(
        protocol_uses("use iot_https_core::{\n  input,\n  odoo_db::{A, B},\n};").len(),
        1
    );
    assert_eq!(protocol_uses("use iot_https_core::{ dns, x };").len(), 1);
    assert!(protocol_uses("use iot_https_core::{input, sites::{codes, tls_like}};").is_empty());
    assert!(protocol_uses("use iot_https_core::diagnose::Diagnosis;").is_empty());
}

#[test]
fn the_shells_reach_core_protocols_only_through_the_app_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    rust_files(&root.join("src-tauri/src"), &mut files);
    rust_files(&root.join("crates/cli/src"), &mut files);
    assert!(files.len() > 20, "the shells' sources were not found");
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            protocol_uses(&text)
                .into_iter()
                .map(move |u| format!("{}: {u}", path.display()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "use iot_https_app (its use cases, or `iot_https_app::types`) instead of:\n{}",
        offenders.join("\n")
    );
}
