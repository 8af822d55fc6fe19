//! The CLI reaches the terminal only through `src/output.rs` (`say`, `tell`, `painted`,
//! `progress`, `log_text`, `print_json`, `json_line`, `fail`), which makes text inert with
//! `safe_text`. A command that prints by itself would bypass that path: this test finds it.

use std::path::Path;

use iot_https_test_support::rust_files;

const FORBIDDEN: &[&str] = &[
    "println!",
    "print!(",
    "eprintln!",
    "eprint!(",
    "dbg!(",
    "stdout().lock",
    "stderr().lock",
    "stdout().write",
    "stderr().write",
];

#[test]
fn only_output_rs_prints() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    assert!(files.len() > 10, "{files:?}");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("output.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for pattern in FORBIDDEN {
                // `anstream::print!` and friends count too: `print!(` matches them.
                if code.contains(pattern) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "print through crate::output (say/tell/…), not directly:\n{}",
        found.join("\n")
    );
}
