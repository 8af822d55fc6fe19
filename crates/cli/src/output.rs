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
        eprintln!(
            "error [{}]: {}",
            wire.code,
            one_line(&wire.render(crate::render::language()))
        );
        if let Some(detail) = &wire.detail {
            eprintln!("  {}", one_line(detail));
        }
    }
    ExitCode::from(EXIT_USAGE_OR_UNREACHABLE)
}

/// A usage error (`INPUT_INVALID_ARGUMENT`), printed like any failure: exit code 2. `detail`
/// names the argument and what is wrong with it.
pub fn usage(detail: impl Into<String>, json: bool) -> ExitCode {
    fail(
        WireError::new(
            iot_https_core::ErrorCode::InputInvalidArgument,
            Some(detail.into()),
        ),
        json,
    )
}

/// `--box-timeout` default, in seconds (the core's default status-read deadline).
pub const DEFAULT_BOX_TIMEOUT_S: u64 = 120;

/// The status read's deadline, and in human mode a line on stderr when the box takes more than
/// a few seconds to answer, so the wait is explained (docs/protocol/status-reads.md).
pub fn box_read_options(timeout_s: u64, json: bool) -> iot_https_core::box_api::ReadOptions {
    let on_slow: Option<iot_https_core::box_api::SlowNotice> = (!json).then(|| {
        std::sync::Arc::new(|slow: iot_https_core::box_api::SlowRead| {
            eprintln!(
                "… waiting for {} (up to {} s): the box is asking odoo.com for its certificate",
                slow.path,
                slow.timeout_ms / 1000,
            );
        }) as iot_https_core::box_api::SlowNotice
    });
    iot_https_core::box_api::ReadOptions {
        timeout: std::time::Duration::from_secs(timeout_s.max(1)),
        on_slow,
    }
}
