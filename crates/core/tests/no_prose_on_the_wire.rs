//! "User words are codes" (docs/design.md): no sentence written in Rust reaches a `message`,
//! `reason` or `why` field, and a `WireError` is built only through `WireError::new(code,
//! detail)` + `.arg(…)`, whose sentence comes from the catalogue. Nor does one reach a person
//! another way: the device-check server's refusals (a browser shows them), the command line's
//! watch lines, a usage error's detail that is no argument's. A source scan over the shells and
//! core, because a literal in the wrong field compiles fine. Test modules and the simulators
//! (whose words are Odoo's) are not scanned.

use std::path::Path;

use iot_https_test_support::rust_files;

const SCANNED: &[&str] = &[
    "crates/core/src",
    "crates/cli/src",
    "crates/app/src",
    "src-tauri/src",
];

/// The code of a file up to its test module, without `//` comments.
fn production_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .map(|(n, l)| (n + 1, l.split("//").next().unwrap_or("")))
        .collect()
}

/// Files whose every line is shown to a person: no English phrase in any literal.
const LINES_FOR_PEOPLE: &[&str] = &[
    "crates/cli/src/cmd/act.rs",
    "crates/cli/src/render/watch_text.rs",
];

/// The device-check server's answers a person's browser shows (the others answer its script).
const PERSON_FACING_STATUSES: &[&str] = &["FORBIDDEN", "TOO_MANY_REQUESTS", "NOT_FOUND"];

/// Whether a string literal on `line` holds an English phrase (two words in a row).
fn english_phrase(line: &str) -> bool {
    line.split('"').skip(1).step_by(2).any(|literal| {
        literal
            .split(' ')
            .collect::<Vec<_>>()
            .windows(2)
            .any(|pair| {
                pair.iter()
                    .all(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase()))
            })
    })
}

/// Why `line` puts words written in Rust where a user reads them, if it does (besides the
/// `why` fields, [`english_why`]).
fn violation(line: &str, file: &str) -> Option<&'static str> {
    if LINES_FOR_PEOPLE.iter().any(|f| file.ends_with(f)) && english_phrase(line) {
        return Some("an English line for a person, not the catalogue's");
    }
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
    // Odoo's failures: the server's or the network's own words may be a detail, a sentence
    // written here may not (a typed reason, worded by the catalogue, instead).
    if file.contains("core/src/odoo_db/")
        && [
            "detail: \"",
            "detail: format!(",
            "unreachable(\"",
            "unreachable(format!(",
        ]
        .iter()
        .any(|p| line.contains(p))
    {
        return Some("a sentence written in Rust as an Odoo error's detail");
    }
    // A found box's note reaches the window and --json: a `FoundNote` key, not a sentence.
    if [
        "note = Some(\"",
        "note = Some(format!(",
        "note: Some(\"",
        "note: Some(format!(",
    ]
    .iter()
    .any(|p| line.contains(p))
    {
        return Some("a sentence written in Rust as a note");
    }
    // An English fallback for words the other side did not give (thiserror's log-only
    // `#[error]` lines aside): leave it empty and let the catalogue say so.
    if !line.trim_start().starts_with("#[error(") {
        if let Some(fallback) = line.split(".unwrap_or(\"").nth(1) {
            if english_phrase(&format!("\"{fallback}")) {
                return Some("an English fallback for missing words");
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

/// Why `line` hands a failure's English `Display` to a fact, if it does: `.arg(name, err)` (or
/// `err.to_string()`) with a `CoreError` renders thiserror's English inside a translated
/// sentence; `Evidence::error_arg` carries it as a code the catalogue words.
fn error_as_english_arg(line: &str) -> Option<&'static str> {
    line.split(".arg(").skip(1).find_map(|call| {
        let (_, value) = call.split_once(',')?;
        let value = value.trim_start();
        let value = value.strip_prefix('&').unwrap_or(value);
        let name: String = value
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let after = &value[name.len()..];
        let an_error = ["err", "error", "e"].contains(&name.as_str()) || name.ends_with("_err");
        let whole = after.starts_with(')') && name != "e";
        (an_error && (whole || after.starts_with(".to_string()"))).then_some(
            "an error's English Display as an evidence value: use .error_arg(name, &err)",
        )
    })
}

/// Whether `line` sets a `why` to words written in Rust.
fn english_why(line: &str) -> bool {
    ["why: \"", "why: format!("]
        .iter()
        .any(|p| line.contains(p))
}

/// Why the device-check answer starting on `lines[0]` is prose a person reads, if it is.
fn refusal_in_rust(lines: &[&str]) -> Option<&'static str> {
    let at = lines[0].find("plain(")?;
    let call: String = std::iter::once(&lines[0][at..])
        .chain(lines.iter().skip(1).take(2).copied())
        .map(str::trim)
        .collect();
    let status = call.split("StatusCode::").nth(1)?;
    let literal = status.contains(",\"") || status.contains(", \"") || status.contains("&format!(");
    (literal && PERSON_FACING_STATUSES.iter().any(|s| status.starts_with(s)))
        .then_some("a refusal a person reads, written in Rust (page_texts.json has it)")
}

/// Why the usage error starting on `lines[0]` is prose, if it is: a usage error's detail
/// names the argument first (`--at: …`); a situation is an error code of its own.
fn usage_without_argument(lines: &[&str]) -> Option<&'static str> {
    let at = lines[0].find("usage(")?;
    let call: String = std::iter::once(&lines[0][at..])
        .chain(lines.iter().skip(1).take(2).copied())
        .collect();
    let literal = call.split('"').nth(1)?;
    (!literal.starts_with("--")).then_some("a usage error's detail that names no argument")
}

#[test]
fn no_sentence_written_in_rust_reaches_the_wire() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files: Vec<_> = SCANNED
        .iter()
        .map(|dir| root.join(dir))
        .filter(|dir| dir.is_dir())
        .flat_map(|dir| rust_files(&dir))
        .collect();
    assert!(
        files.len() > 50,
        "the scan found the sources ({})",
        files.len()
    );
    let mut found = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.to_string_lossy().replace('\\', "/");
        let lines = production_lines(&text);
        let code: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
        for (i, (n, line)) in lines.iter().enumerate() {
            if let Some(why) = violation(line, &name)
                .or_else(|| usage_without_argument(&code[i..]))
                .or_else(|| error_as_english_arg(line))
            {
                found.push(format!("{name}:{n}: {why}: {}", line.trim()));
            }
        }
        for (n, line) in &lines {
            if english_why(line) {
                found.push(format!(
                    "{name}:{n}: a `why` in English (make it a typed reason the catalogue words): {}",
                    line.trim()
                ));
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

    // The last English details, notes and fallbacks (issue 17 item 2): refused.
    let odoo = "crates/core/src/odoo_db/jsonrpc.rs";
    assert!(violation(
        r#"            detail: "there is no /jsonrpc here (HTTP 404)".into(),"#,
        odoo
    )
    .is_some());
    assert!(violation(
        r#"            detail: format!("Odoo {} has no JSON-2 API", v),"#,
        odoo
    )
    .is_some());
    let endpoint = "crates/core/src/odoo_db/endpoint.rs";
    assert!(violation(
        r#"                Err(self.unreachable(format!("no complete answer within {} s", s)))"#,
        endpoint
    )
    .is_some());
    assert!(violation("                detail: Some(e.to_string()),", endpoint).is_none());
    assert!(violation("                detail: error_chain(&e),", endpoint).is_none());
    let sweep = "crates/core/src/discovery/mod.rs";
    assert!(violation(
        r#"                found.note = Some("not read during discovery".into());"#,
        sweep
    )
    .is_some());
    assert!(violation(
        r#"        Err(e) => found.note = Some(format!("could not read its status: {e}")),"#,
        sweep
    )
    .is_some());
    assert!(violation(
        "                found.note = Some(FoundNote::DataRouteNotRead);",
        sweep
    )
    .is_none());
    let rpc = "crates/core/src/box_api/rpc.rs";
    assert!(violation(
        r#"            .unwrap_or("the box reported an error without a message");"#,
        rpc
    )
    .is_some());
    assert!(violation("            .unwrap_or_default();", rpc).is_none());
    assert!(violation(r#"        v.as_deref().unwrap_or("—")"#, rpc).is_none());
    assert!(violation(r#"    #[error("{url} redirects to {}", location.as_deref().unwrap_or("an address it does not name"))]"#, rpc).is_none());

    // A failure's English inside a fact (issue 17): refused; its code, and an IP named `e`, pass.
    assert!(error_as_english_arg(r#"            .arg("error", err)],"#).is_some());
    assert!(error_as_english_arg(r#"    .arg("error", &error)"#).is_some());
    assert!(error_as_english_arg(r#"    e.arg("why", e.to_string())"#).is_some());
    assert!(error_as_english_arg(r#"    .arg("url", u).arg("error", connect_err)"#).is_some());
    assert!(error_as_english_arg(r#"            .error_arg("error", err)],"#).is_none());
    assert!(error_as_english_arg(r#"    .arg("ip", e),"#).is_none());
    assert!(error_as_english_arg(r#"    .arg("error", box_words)"#).is_none());
    assert!(error_as_english_arg(r#"    .arg("errors", errors.len())"#).is_none());

    // What the earlier code did, and the scan now refuses.
    assert!(refusal_in_rust(&[
        r#"        return plain(StatusCode::TOO_MANY_REQUESTS, "too many requests");"#
    ])
    .is_some());
    let split = [
        "        return plain(",
        "            StatusCode::FORBIDDEN,",
        r#"            "this check link is not valid (any more)","#,
    ];
    assert!(refusal_in_rust(&split).is_some());
    assert!(refusal_in_rust(&[
        r#"        Err(_) => return plain(StatusCode::REQUEST_TIMEOUT, "report too slow"),"#
    ])
    .is_none());
    assert!(refusal_in_rust(&["    plain(status, &page_text(key, accept_language))"]).is_none());
    let act = "crates/cli/src/cmd/act.rs";
    assert!(violation(r#"        BoxBack { elapsed_ms } => format!("{}  the box is back", seconds(*elapsed_ms)),"#, act).is_some());
    assert!(violation(
        r#"    let (elapsed_ms, what) = line("watch.boxBack", &[]);"#,
        act
    )
    .is_none());
    assert!(english_why(
        r#"        why: "the system's random number generator failed".into(),"#
    ));
    assert!(english_why(
        r#"            why: format!("cannot listen on {addr}: {e}"),"#
    ));
    assert!(english_why(
        r#"            why: format!("HTTP {} without a JSON body", reply.status),"#
    ));
    assert!(!english_why("    why: LoopbackReason::Demo,"));
    let nothing = [
        "        return usage(",
        r#"            "nothing to check: give --odoo URL --db NAME --login USER, or add databases","#,
        "            json,",
    ];
    assert!(usage_without_argument(&nothing).is_some());
    assert!(usage_without_argument(&[r#"        return usage("--sites FILE", json);"#]).is_none());
    let at = [
        "                usage(",
        r#"                    format!("--at: \"{text}\" is not an RFC 3339 instant ({e})"),"#,
    ];
    assert!(usage_without_argument(&at).is_none());
}
