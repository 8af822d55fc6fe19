//! Every word of the CLI's human output comes from the catalogue (issue 17): a source scan over
//! `crates/cli/src` that fails on a string literal holding two or more English words. Allowed:
//! format-only strings (`"{label:<13} {}"`, `"error [{}]: {}"`), clap's `--help` texts
//! (developer documentation, docs/cli.md), developer panics (`expect`, `panic!`) and test
//! modules. The catalogue's `cli` section holds the words (`crate::words`).

use std::path::Path;

use iot_https_test_support::rust_files;

/// The string literals of `source` up to its test module, with their line numbers; comments,
/// char literals and lifetimes skipped.
fn literals(source: &str) -> Vec<(usize, String)> {
    let code = source
        .split("\n#[cfg(test)]")
        .next()
        .and_then(|c| c.split("\n#[cfg(all(test").next())
        .unwrap_or(source);
    let chars: Vec<char> = code.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        } else if c == '/' && next == Some('*') {
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
            continue;
        } else if c == '\'' {
            // 'x' or '\n' is a char; 'a without a closing quote is a lifetime.
            if next == Some('\\') {
                while i + 1 < chars.len() && chars[i + 1] != '\'' {
                    i += 1;
                }
                i += 2;
                continue;
            }
            if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                continue;
            }
        } else if c == '"' {
            let (start, mut text) = (line, String::new());
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    // An escape (`\n`, `\"`, a line continuation) separates words.
                    i += 1;
                    line += usize::from(chars[i] == '\n');
                    text.push(' ');
                } else {
                    line += usize::from(chars[i] == '\n');
                    text.push(chars[i]);
                }
                i += 1;
            }
            out.push((start, text));
        }
        i += 1;
    }
    out
}

/// Whether `text` holds two or more English words: letters only, two or more of them, outside
/// `{…}` placeholders.
fn is_prose(text: &str) -> bool {
    let (mut depth, mut outside) = (0, String::new());
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches([',', '.', ':', ';', '!', '?']);
            w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
        })
        .count()
        >= 2
}

/// Developer-facing places where English is fine.
fn allowed(line: &str, previous: &str) -> bool {
    let developer = [
        "#[arg(",
        "#[command(",
        "about =",
        ".expect(",
        "expect(",
        "panic!(",
        "unreachable!(",
    ];
    developer
        .iter()
        .any(|d| line.contains(d) || previous.trim_end().ends_with(d))
}

#[test]
fn no_english_prose_is_written_in_the_cli() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    assert!(files.len() > 15, "{files:?}");
    let mut found = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        for (n, text) in literals(&source) {
            let line = lines[n - 1];
            let previous = if n > 1 { lines[n - 2] } else { "" };
            if is_prose(&text) && !allowed(line, previous) {
                found.push(format!("src/{name}:{n}: {text:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English written in Rust; put it in the catalogue's `cli` section \
         (crates/core/catalogue/<lang>.json) and print it through crate::words:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_sees_what_it_forbids() {
    let source = "fn f() {\n    say(\"no box found\");\n    let c = '\"';\n    // \"a comment here\"\n    x.expect(\"the runtime starts\");\n    say(\"{label:<13} {}\");\n}\n";
    let found: Vec<_> = literals(source)
        .into_iter()
        .filter(|(_, t)| is_prose(t))
        .collect();
    assert_eq!(
        found,
        [
            (2, "no box found".to_owned()),
            (5, "the runtime starts".to_owned())
        ]
    );
    assert!(allowed("    x.expect(\"the runtime starts\");", ""));
    assert!(!allowed("    say(\"no box found\");", ""));
    assert!(!is_prose("iot-https status <address>"));
    assert!(!is_prose("error [{}]: {}"));
    assert!(is_prose("{n} boxes found: {x}"));
}
