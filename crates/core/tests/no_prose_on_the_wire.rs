//! "User words are codes" (docs/design.md): no sentence written in Rust reaches a `message` or
//! `reason` field, and a `WireError` is built only through `WireError::new(code, detail)` +
//! `.arg(…)`, whose sentence comes from the catalogue. A source scan over the shells and core,
//! because a literal in the wrong field compiles fine. Test modules and the simulators (whose
//! words are Odoo's) are not scanned.

use std::path::{Path, PathBuf};

const SCANNED: &[&str] = &[
    "crates/core/src",
    "crates/cli/src",
    "crates/app/src",
    "src-tauri/src",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file up to its test module, without `//` comments.
fn production_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .map(|(n, l)| (n + 1, l.split("//").next().unwrap_or("")))
        .collect()
}

/// Why `line` puts words written in Rust where a user reads them, if it does.
fn violation(line: &str, file: &str) -> Option<&'static str> {
    for field in ["message", "reason"] {
        for sep in [": ", ":"] {
            let Some(at) = line.find(&format!("{field}{sep}")) else {
                continue;
            };
            // `message: String` in a struct or a parameter is a type, not a value.
            let value = line[at + field.len() + sep.len()..].trim_start();
            if value.starts_with('"') || value.starts_with("format!(") {
                return Some("a sentence written in Rust in a message/reason field");
            }
            if value.contains("|| \"") {
                return Some("a sentence written in Rust as a message/reason fallback");
            }
        }
    }
    if !file.ends_with("core/src/wire.rs") {
        let built = ["= WireError {", "(WireError {", "Some(WireError {"];
        if line.trim_start().starts_with("WireError {") || built.iter().any(|b| line.contains(b)) {
            return Some("a WireError built around WireError::new");
        }
        if [
            ".message = \"",
            ".message = format!(",
            ".reason = \"",
            ".reason = format!(",
        ]
        .iter()
        .any(|p| line.contains(p))
        {
            return Some("a message assigned outside the catalogue");
        }
    }
    None
}

#[test]
fn no_sentence_written_in_rust_reaches_the_wire() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in SCANNED {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(
        files.len() > 50,
        "the scan found the sources ({})",
        files.len()
    );
    let mut found = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.to_string_lossy().replace('\\', "/");
        for (n, line) in production_lines(&text) {
            if let Some(why) = violation(line, &name) {
                found.push(format!("{name}:{n}: {why}: {}", line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_scan_sees_what_it_forbids() {
    let f = "crates/cli/src/x.rs";
    assert!(violation(r#"            message: "the box refused".into(),"#, f).is_some());
    assert!(violation(r#"        reason: format!("took {n} s"),"#, f).is_some());
    assert!(violation(r#"    message: m.unwrap_or_else(|| "none".into()),"#, f).is_some());
    assert!(violation(
        "    let e = WireError { code, args, message, detail: None };",
        f
    )
    .is_some());
    assert!(violation("    e.message = format!(\"{x} failed\");", f).is_some());
    assert!(violation("    fault.message = without_key(&fault.message, key);", f).is_none());
    assert!(violation("    Err(WireError {", f).is_some());
    assert!(violation("fn field_error(e: InputError) -> WireError {", f).is_none());
    assert!(violation("    pub message: String,", f).is_none());
    assert!(violation("    message: clip(message),", f).is_none());
}
