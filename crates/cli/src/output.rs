//! Shared output conventions: JSON on stdout, errors as `{"error": WireError}` with `--json`,
//! `error [CODE]: message` on stderr otherwise, and the exit codes.

use std::process::ExitCode;

use iot_https_app::types::{ReadOptions, SlowRead};
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

/// A usage error (`INPUT_INVALID_ARGUMENT`), printed like any failure: exit code 2.
pub fn usage(message: impl Into<String>, json: bool) -> ExitCode {
    fail(
        WireError::new(
            iot_https_core::ErrorCode::InputInvalidArgument,
            message,
            None,
        ),
        json,
    )
}

/// `--box-timeout` default, in seconds (the core's default status-read deadline).
pub const DEFAULT_BOX_TIMEOUT_S: u64 = 120;

/// The status read's deadline (checked by core: 5 to 1800 s), and in human mode a line on
/// stderr when the box takes more than a few seconds to answer, so the wait is explained
/// (docs/protocol/status-reads.md).
pub fn box_read_options(timeout_s: u64, json: bool) -> Result<ReadOptions, WireError> {
    let on_slow = (!json).then(|| {
        std::sync::Arc::new(|slow: SlowRead| {
            eprintln!(
                "… waiting for {} (up to {} s): {}",
                slow.path,
                slow.timeout_ms / 1000,
                slow.message
            );
        }) as std::sync::Arc<dyn iot_https_app::Progress<SlowRead>>
    });
    iot_https_app::boxes::read_options(Some(timeout_s), on_slow)
}
