//! Shared output conventions: JSON on stdout, errors as `{"error": WireError}` with `--json`,
//! `error [CODE]: message` on stderr otherwise, and the exit codes.
//!
//! The one way out to the terminal: commands print only through [`say`], [`tell`], [`painted`],
//! [`progress`], [`log_text`], [`print_json`], [`json_line`] and [`fail`] (a test, `tests/one_output_path.rs`,
//! finds any other `print!` in `src/`). Text goes through `safe_text::lines`, so nothing a box,
//! a database or a browser said can reach the terminal as an escape sequence even if a caller
//! forgot it; callers still pass each foreign value through `safe_text::one_line` so it cannot
//! forge a line of its own.

use std::io::Write;
use std::process::ExitCode;

use iot_https_app::types::{ReadOptions, SlowRead};
use iot_https_core::safe_text::{lines, one_line};
use iot_https_core::WireError;
use serde::Serialize;

use crate::words::says;

/// Text for people on standard output (a line break is added when missing), flushed at once:
/// a technician or a script reads results while a command runs.
pub fn say(text: &str) {
    write_text(&mut std::io::stdout().lock(), text);
}

/// Like [`say`], on standard error (progress of an action, notes, warnings).
pub fn tell(text: &str) {
    write_text(&mut std::io::stderr().lock(), text);
}

fn write_text(out: &mut impl Write, text: &str) {
    let text = lines(text);
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

/// Text with our own colour codes (the diagnosis): every foreign value in it went through
/// `safe_text::one_line` when it was written (`render::diagnosis`); anstream drops the codes
/// where colour is not wanted and turns them on in a Windows console.
pub fn painted(text: &str) {
    anstream::print!("{text}");
}

/// A progress line redrawn in place on a terminal's standard error (our own text only).
pub fn progress(text: &str) {
    anstream::eprint!("\r\x1b[2K{}", one_line(text));
    let _ = std::io::stderr().flush();
}

/// Clears the progress line.
pub fn clear_progress() {
    anstream::eprint!("\r\x1b[2K");
    let _ = std::io::stderr().flush();
}

/// A box's log on standard output: inert text on a terminal (`safe_text::lines`), the exact
/// bytes into a pipe or a file, where a technician saves it for support.
pub fn log_text(text: &str) -> std::io::Result<()> {
    use std::io::IsTerminal;
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        out.write_all(lines(text).as_bytes())?;
    } else {
        out.write_all(text.as_bytes())?;
    }
    out.flush()
}

/// One JSON value on one line (streams: one object per event), flushed at once.
pub fn json_line(value: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
    let _ = out.flush();
}

pub const EXIT_ACTION_NEEDED: u8 = 1;
pub const EXIT_USAGE_OR_UNREACHABLE: u8 = 2;

pub fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => tell(&says("jsonFailed", &[("error", &e.to_string())])),
    }
}

/// Prints a failure the way the caller asked for, and returns exit code 2.
pub fn fail(wire: impl Into<WireError>, json: bool) -> ExitCode {
    let wire = wire.into();
    if json {
        json_line(&serde_json::json!({ "error": wire }));
    } else {
        // Messages may quote the box (a malformed answer, a site name): one inert line each.
        tell(&format!(
            "error [{}]: {}",
            wire.code,
            one_line(&wire.render(crate::render::language()))
        ));
        if let Some(detail) = &wire.detail {
            tell(&format!("  {}", one_line(detail)));
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

/// The status read's deadline (checked by core: 5 to 1800 s), and in human mode a line on
/// stderr when the box takes more than a few seconds to answer, so the wait is explained
/// (docs/protocol/status-reads.md).
pub fn box_read_options(timeout_s: u64, json: bool) -> Result<ReadOptions, WireError> {
    let on_slow = (!json).then(|| {
        std::sync::Arc::new(|slow: SlowRead| {
            let seconds = (slow.timeout_ms / 1000).to_string();
            tell(&says(
                "waiting",
                &[("path", &one_line(&slow.path)), ("seconds", &seconds)],
            ));
        }) as std::sync::Arc<dyn iot_https_app::Progress<SlowRead>>
    });
    iot_https_app::boxes::read_options(Some(timeout_s), on_slow)
}
