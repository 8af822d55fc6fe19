//! 19's certificate download retries (docs/protocol/restarts.md): at every Odoo start,
//! `ensure_validity()` asks odoo.com with `timeout=95` and, when the request fails, logs
//! "An error occurred while trying to reach odoo.com to get a new certificate: …" and tries
//! again, six attempts in all, then logs "Maximum attempt to download the odoo.com certificate
//! reached" (`addons/iot_drivers/tools/certificate.py` @371fe6a0). Against a firewall that
//! drops packets that is almost ten minutes of waiting, which is expected, not a failure.

use std::time::Duration;

use serde::Serialize;

use super::log_run::log_records;

/// Attempts per start, and how long one may last.
pub const ATTEMPTS: u32 = 6;
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(95);

const FAILED_ATTEMPT: &str =
    "An error occurred while trying to reach odoo.com to get a new certificate";
const LAST_ATTEMPT: &str = "Maximum attempt to download the odoo.com certificate reached";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DownloadRetries {
    /// No retry lines since the last start.
    None,
    /// `failed` attempts failed; the box keeps trying `remaining` more times.
    Retrying { failed: u32, remaining: u32 },
    /// The box gave up ("Maximum attempt … reached").
    Exhausted,
}

impl DownloadRetries {
    /// The longest the box may still keep trying.
    pub fn longest_remaining(self) -> Duration {
        match self {
            Self::Retrying { remaining, .. } => ATTEMPT_TIMEOUT * remaining,
            Self::None => ATTEMPT_TIMEOUT * ATTEMPTS,
            Self::Exhausted => Duration::ZERO,
        }
    }
}

/// The retry state of the current run of Odoo, from its log records of that run
/// (`log_run::current_run`).
pub fn download_retries(logs: &str) -> DownloadRetries {
    let current = log_records(logs);
    if current.iter().any(|r| r.contains(LAST_ATTEMPT)) {
        return DownloadRetries::Exhausted;
    }
    let failed = current
        .iter()
        .filter(|r| r.contains(FAILED_ATTEMPT))
        .count() as u32;
    match failed {
        0 => DownloadRetries::None,
        n => DownloadRetries::Retrying {
            failed: n.min(ATTEMPTS),
            remaining: ATTEMPTS.saturating_sub(n),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::box_api::log_run::{current_run, RunWindow};

    const START: &str =
        "2026-12-01 08:00:00,000 1 INFO ? odoo.service.server: HTTP service (werkzeug) running on 0.0.0.0:8069";
    fn warn(n: u32) -> String {
        format!("2026-12-01 08:0{n}:35,000 1 WARNING ? odoo.addons.iot_drivers.tools.certificate: {FAILED_ATTEMPT}: timed out")
    }

    fn this_run(logs: &str) -> String {
        current_run(logs, &RunWindow::default())
    }

    #[test]
    fn counts_failed_attempts_of_the_current_run_only() {
        let old = format!(
            "{START}\n{}\n2026-12-01 07:10:00,000 1 ERROR ? x: {LAST_ATTEMPT}\n",
            warn(1)
        );
        assert_eq!(
            download_retries(&this_run(&old)),
            DownloadRetries::Exhausted
        );
        let now = format!("{old}{START}\n{}\n{}\n", warn(1), warn(2));
        assert_eq!(
            download_retries(&this_run(&now)),
            DownloadRetries::Retrying {
                failed: 2,
                remaining: 4
            }
        );
        assert_eq!(
            download_retries(&this_run(&now)).longest_remaining(),
            Duration::from_secs(4 * 95)
        );
        assert_eq!(
            download_retries(&this_run(&format!("{now}{START}\n"))),
            DownloadRetries::None
        );
    }
}
