//! The CLI reaches the terminal only through `src/output.rs` (`say`, `tell`, `painted`,
//! `progress`, `log_text`, `print_json`, `json_line`, `fail`), which makes text inert with
//! `safe_text`. A command that prints by itself would bypass that path: this test finds it.

use std::path::Path;

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

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_output_rs_prints() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
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
