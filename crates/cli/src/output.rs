//! Shared output conventions: JSON on stdout, errors as `{"error": WireError}` with `--json`,
//! `error [CODE]: message` on stderr otherwise, and the exit codes.

use std::process::ExitCode;

use iot_https_core::safe_text::one_line;
use iot_https_core::WireError;
use serde::Serialize;

pub const EXIT_ACTION_NEEDED: u8 = 1;
pub const EXIT_USAGE_OR_UNREACHABLE: u8 = 2;

pub fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot serialise the result: {e}"),
    }
}

/// Prints a failure the way the caller asked for, and returns exit code 2.
pub fn fail(wire: impl Into<WireError>, json: bool) -> ExitCode {
    let wire = wire.into();
    if json {
        println!("{}", serde_json::json!({ "error": wire }));
    } else {
        // Messages may quote the box (a malformed answer, a site name): one inert line each.
        eprintln!("error [{}]: {}", wire.code, one_line(&wire.message));
        if let Some(detail) = &wire.detail {
            eprintln!("  {}", one_line(detail));
        }
    }
    ExitCode::from(EXIT_USAGE_OR_UNREACHABLE)
}
