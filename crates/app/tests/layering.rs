//! The shells go through this crate: `src-tauri/src` and `crates/cli/src` name none of core's
//! protocol modules (`box_api`, `odoo_db`, `tls`, `dns`), neither by path
//! (`iot_https_core::box_api::…`) nor in a grouped import (`use iot_https_core::{box_api, …}`),
//! and none of the core functions a use case is composed of (`USE_CASE_FNS`: the sweep, the
//! fleet check and its alerts, the device check's server, the report renderer, …): those are
//! this crate's `scan`, `fleet`, `device_check`, `report`, `sites`, `check_all` and `boxes`.

use std::path::Path;

use iot_https_test_support::rust_files;

const PROTOCOL_MODULES: [&str; 4] = ["box_api", "odoo_db", "tls", "dns"];

/// Core functions (module, name) that run a use case or part of one.
const USE_CASE_FNS: [(&str, &str); 19] = [
    ("discovery", "sweep"),
    ("discovery", "sweep_cidr"),
    ("discovery", "local_networks"),
    ("discovery", "network_targets"),
    ("discovery", "identify_for_saving"),
    ("fleet", "check_fleet"),
    ("fleet", "new_alerts"),
    ("fleet", "check_sites"),
    ("device_check", "start"),
    ("device_check", "discover_target"),
    ("device_check", "server"),
    ("device_check::terminal", "check_terminals"),
    ("device_check::policy", "all_policy_files"),
    ("report", "render_in"),
    ("report", "render"),
    ("sites::codes", "stored_codes"),
    ("diagnose", "diagnose"),
    ("diagnose", "read_report"),
    ("box_url", "box_https_url"),
];

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

/// The text without `//` comments (a comment may name what the code must not).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `a::b::{c, d::{e, f as g}}` → `a::b::c`, `a::b::d::e`, `a::b::d::f`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").replace(' ', "");
        return vec![path];
    };
    let prefix = tree[..open].replace(' ', "");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.trim().is_empty())
        .flat_map(expand)
        .map(|rest| format!("{prefix}{rest}"))
        .collect()
}

/// Every core path a text names, imports and groups expanded (`discovery::sweep`, …).
fn core_paths(text: &str) -> Vec<String> {
    let code = code_only(text);
    let mut paths = Vec::new();
    for (at, _) in code.match_indices("iot_https_core::") {
        let rest = &code[at + "iot_https_core::".len()..];
        let mut depth = 0;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match c {
                '{' => {
                    depth += 1;
                    false
                }
                '}' if depth > 0 => {
                    depth -= 1;
                    false
                }
                c if depth > 0 => c == ';',
                c => !(c.is_alphanumeric() || c == '_' || c == ':'),
            })
            .map_or(rest.len(), |(i, _)| i);
        paths.extend(expand(&rest[..end]));
    }
    paths
}

/// Every use-case function of core a text reaches, by path, import or `module::name(` call.
fn use_case_calls(text: &str) -> Vec<String> {
    let paths = core_paths(text);
    let code = code_only(text);
    let mut found = Vec::new();
    for (module, name) in USE_CASE_FNS {
        let full = format!("{module}::{name}");
        let by_path = paths
            .iter()
            .any(|p| *p == full || p.starts_with(&format!("{full}::")));
        // `use iot_https_core::fleet; … fleet::check_fleet(…)`
        let last = module.rsplit("::").next().unwrap_or(module);
        let by_call = code.contains(&format!("{last}::{name}("));
        if by_path || by_call {
            found.push(full);
        }
    }
    found
}

#[test]
fn the_use_case_detector_sees_imports_groups_and_calls() {
    let grouped = "use iot_https_core::discovery::{\n    local_networks, network_targets, sweep, Ipv4Cidr,\n};";
    assert_eq!(
        use_case_calls(grouped),
        [
            "discovery::sweep",
            "discovery::local_networks",
            "discovery::network_targets"
        ]
    );
    let nested = "use iot_https_core::{input, fleet::{check_fleet, new_alerts as alerts}};";
    assert_eq!(
        use_case_calls(nested),
        ["fleet::check_fleet", "fleet::new_alerts"]
    );
    let deep = "use iot_https_core::device_check::terminal::{check_terminals, TerminalOptions};";
    assert_eq!(
        use_case_calls(deep),
        ["device_check::terminal::check_terminals"]
    );
    let call = "let f = iot_https_core::report::render_in(&d, &[], format, &[], \"en\");";
    assert_eq!(use_case_calls(call), ["report::render_in"]);
    let by_alias = "use iot_https_core::fleet;\nlet f = fleet::check_fleet(dbs).await;";
    assert_eq!(use_case_calls(by_alias), ["fleet::check_fleet"]);
    // Types, other functions, and comments are fine.
    let fine = "use iot_https_core::discovery::{SweepEvent, SweepReport};\n\
                use iot_https_core::fleet::{countdowns, FleetEvent};\n\
                // core's discovery::sweep( runs in the app crate\n\
                use iot_https_app::scan::{plan, scan};";
    assert!(
        use_case_calls(fine).is_empty(),
        "{:?}",
        use_case_calls(fine)
    );
}

/// What `detect` finds in the shells' sources (`src-tauri/src`, `crates/cli/src`), as
/// `path: finding`.
fn shell_offenders(detect: fn(&str) -> Vec<String>) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = rust_files(&root.join("src-tauri/src"));
    files.extend(rust_files(&root.join("crates/cli/src")));
    assert!(files.len() > 20, "the shells' sources were not found");
    files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            detect(&text)
                .into_iter()
                .map(move |u| format!("{}: {u}", path.display()))
        })
        .collect()
}

#[test]
fn the_shells_compose_no_use_case_from_core() {
    let offenders = shell_offenders(|text| {
        use_case_calls(text)
            .into_iter()
            .map(|u| format!("iot_https_core::{u}"))
            .collect()
    });
    assert!(
        offenders.is_empty(),
        "call the use case in iot_https_app instead of composing it from core:\n{}",
        offenders.join("\n")
    );
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
    let offenders = shell_offenders(protocol_uses);
    assert!(
        offenders.is_empty(),
        "use iot_https_app (its use cases, or `iot_https_app::types`) instead of:\n{}",
        offenders.join("\n")
    );
}
