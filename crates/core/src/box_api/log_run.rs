//! Which of the box's log records belong to the current run of Odoo (docs/protocol/logs.md
//! "Runs"). A log holds earlier runs too: a Pi's file survives an Odoo restart (only a reboot
//! empties its RAM disk), and a Windows IoT writes one file that grows across runs at WARNING
//! level, so without Odoo's INFO start line (`setup/win32/setup-iot.nsi` @93eacabd). A line of
//! an earlier run is no evidence of this run's outcome.
//!
//! The box places its run in time itself: `odoo_uptime_seconds` (saas-18.4+, `time.monotonic()`
//! since Odoo imported its IoT helpers; `iot_drivers/controllers/homepage.py` @044bdaeb) taken
//! from the box's clock (the HTTP `Date` of the same answer). The restart watch adds "not before
//! the restart was asked", on the box's clock. Odoo logs in UTC (`odoo-bin` sets `TZ=UTC` before
//! `time` is imported), as `Date` is. Where no time is known, Odoo's INFO start line
//! (`odoo/service/server.py`) separates runs; where that is missing too, no record can be
//! placed and none counts.

use time::{Duration, OffsetDateTime};

use super::certificate::parse_box_datetime;
use super::status::BoxStatus;

/// Written by `odoo/service/server.py` at every start, at INFO: what came before is an older run.
pub const START_MARK: &str = "HTTP service (werkzeug) running on";

/// The box computes the uptime a moment before it writes `Date`.
const ANSWER_GAP: Duration = Duration::milliseconds(100);
/// `Date` has whole seconds: the box's clock was up to one second past it.
const HALF_A_DATE_SECOND: Duration = Duration::milliseconds(500);
/// A record this far after the box's clock is not on that clock (a log in local time).
const FUTURE_LIMIT: Duration = Duration::minutes(5);
/// Beyond this an uptime is not believed (hostile or broken answer).
const MAX_UPTIME_SECONDS: f64 = 10.0 * 365.0 * 86_400.0;

/// What is known about when the current run started, on the box's clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunWindow {
    since: Option<OffsetDateTime>,
    box_now: Option<OffsetDateTime>,
}

impl RunWindow {
    /// From a status answer: its `Date` minus `odoo_uptime_seconds`, where the box gives both.
    /// `Date` is cut to the second, so this is never after the real start (by more than
    /// the moment between the two): records of this run are never dropped.
    pub fn of(status: &BoxStatus) -> Self {
        let box_now = status.box_time();
        let since = box_now
            .zip(status.odoo_uptime_seconds)
            .and_then(|(now, up)| {
                (up <= MAX_UPTIME_SECONDS)
                    .then(|| now.checked_sub(Duration::seconds_f64(up) + ANSWER_GAP))
                    .flatten()
            });
        Self { since, box_now }
    }

    /// A restart asked at `asked` (the laptop's clock) starts after it: moved to the box's
    /// clock by this answer's `Date`, read by `answered` (the laptop's clock). The box's clock
    /// is taken half a second past `Date`, so the bound errs by half a second at most, less
    /// than any restart takes.
    pub fn restarted_after(self, asked: OffsetDateTime, answered: OffsetDateTime) -> Self {
        match self.box_now {
            Some(box_now) => self.not_before(asked + (box_now + HALF_A_DATE_SECOND - answered)),
            None => self,
        }
    }

    /// The run started at `t` (box clock) or later.
    pub fn not_before(self, t: OffsetDateTime) -> Self {
        Self {
            since: Some(self.since.map_or(t, |s| s.max(t))),
            ..self
        }
    }

    /// The box's clock when it answered, where known.
    pub fn box_now(&self) -> Option<OffsetDateTime> {
        self.box_now
    }

    pub fn since(&self) -> Option<OffsetDateTime> {
        self.since
    }
}

/// The records of the current run, joined by newlines (each record as [`log_records`] makes
/// it): by time where the run is placed and the log's clock agrees with the box's (and after
/// a start line among those, which is exact), else after the last start line, else none.
pub fn current_run(logs: &str, window: &RunWindow) -> String {
    let records = log_records(logs);
    let times: Vec<Option<OffsetDateTime>> = records.iter().map(|r| record_time(r)).collect();
    let on_box_clock = window.box_now.is_none_or(|now| {
        times
            .iter()
            .flatten()
            .all(|t| *t <= now.saturating_add(FUTURE_LIMIT))
    });
    let placed: Vec<&str> = match window.since.filter(|_| on_box_clock) {
        Some(since) => records
            .iter()
            .zip(&times)
            .filter(|(_, t)| t.is_some_and(|t| t >= since))
            .map(|(r, _)| r.as_str())
            .collect(),
        None if records.iter().any(|r| r.contains(START_MARK)) => {
            records.iter().map(String::as_str).collect()
        }
        None => Vec::new(),
    };
    let after_mark = placed
        .iter()
        .rposition(|r| r.contains(START_MARK))
        .map_or(0, |mark| mark + 1);
    placed[after_mark..].join("\n")
}

/// `YYYY-MM-DD HH:MM:SS,mmm …`: the time a record was written (UTC, see the module docs).
fn record_time(record: &str) -> Option<OffsetDateTime> {
    let stamp = record.get(..23)?;
    let (seconds, millis) = stamp.split_once(',')?;
    let millis: i64 = millis.parse().ok()?;
    Some(parse_box_datetime(seconds)? + Duration::milliseconds(millis))
}

/// Log records: a record starts with a timestamped line; continuation lines (tracebacks) are
/// joined to it with " | " so a cause and its exception text stay together.
pub(crate) fn log_records(logs: &str) -> Vec<String> {
    let starts_record = |l: &str| {
        l.len() > 4 && l.as_bytes()[..4].iter().all(u8::is_ascii_digit) && l.as_bytes()[4] == b'-'
    };
    let mut records: Vec<String> = Vec::new();
    for line in logs.lines() {
        match records.last_mut() {
            Some(last) if !starts_record(line) && last.len() < 4000 => {
                last.push_str(" | ");
                last.push_str(line.trim());
            }
            _ => records.push(line.to_owned()),
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const OLD: &str = "2026-12-01 07:10:00,000 4242 ERROR ? odoo.addons.iot_drivers.tools.certificate: Maximum attempt to download the odoo.com certificate reached";
    const NEW: &str = "2026-12-01 08:00:05,250 4242 WARNING ? odoo.addons.iot_drivers.tools.certificate: An error occurred while trying to reach odoo.com to get a new certificate: x";
    const MARK: &str = "2026-12-01 08:00:00,000 4242 INFO ? odoo.service.server: HTTP service (werkzeug) running on 0.0.0.0:8069";

    fn window(date: &str, uptime: f64) -> RunWindow {
        let data = serde_json::json!({ "odoo_uptime_seconds": uptime });
        let status = crate::box_api::status::from_data_route(
            crate::box_api::ApiFamily::IotDrivers,
            "127.0.0.1:8069".into(),
            data.as_object().unwrap(),
            Some(date.into()),
        );
        RunWindow::of(&status)
    }

    #[test]
    fn uptime_and_the_box_clock_drop_earlier_runs() {
        // Box clock 08:00:10, up for 8 s: the run started at 08:00:02.
        let w = window("Tue, 01 Dec 2026 08:00:10 GMT", 8.0);
        assert_eq!(w.since(), Some(datetime!(2026-12-01 08:00:01.9 UTC)));
        let logs = format!("{OLD}\n{NEW}\n");
        assert_eq!(current_run(&logs, &w), NEW);
        // Windows: no start line, only the earlier run's lines.
        assert_eq!(current_run(&format!("{OLD}\n"), &w), "");
    }

    #[test]
    fn without_a_time_the_start_line_separates_runs_and_else_nothing_counts() {
        let unknown = RunWindow::default();
        assert_eq!(
            current_run(&format!("{OLD}\n{MARK}\n{NEW}\n"), &unknown),
            NEW
        );
        assert_eq!(current_run(&format!("{OLD}\n{NEW}\n"), &unknown), "");
    }

    #[test]
    fn a_restart_asked_later_moves_the_start() {
        // The laptop asked at 09:00:00 and read the answer at 09:00:04, when the box's `Date`
        // said 08:00:09: the box's clock is about an hour behind, the restart was asked at
        // about 08:00:05.5 on it.
        let w = window("Tue, 01 Dec 2026 08:00:09 GMT", 3600.0).restarted_after(
            datetime!(2026-12-01 09:00:00 UTC),
            datetime!(2026-12-01 09:00:04 UTC),
        );
        assert_eq!(w.since(), Some(datetime!(2026-12-01 08:00:05.5 UTC)));
        assert_eq!(current_run(&format!("{OLD}\n{NEW}\n"), &w), "");
        let w = w.not_before(datetime!(2026-12-01 08:00:05 UTC));
        assert_eq!(w.since(), Some(datetime!(2026-12-01 08:00:05.5 UTC)));
        let w = RunWindow::default().not_before(datetime!(2026-12-01 08:00:04 UTC));
        assert_eq!(current_run(&format!("{OLD}\n{NEW}\n"), &w), NEW);
        // Without the box's clock the laptop's time says nothing about the box's.
        let w = RunWindow::default().restarted_after(
            datetime!(2026-12-01 09:00:00 UTC),
            datetime!(2026-12-01 09:00:04 UTC),
        );
        assert_eq!(w.since(), None);
    }

    #[test]
    fn a_start_line_among_the_placed_records_is_exact() {
        // Placed by time, the window may reach back into the end of the earlier run.
        let w = RunWindow::default().not_before(datetime!(2026-12-01 07:00:00 UTC));
        assert_eq!(current_run(&format!("{OLD}\n{MARK}\n{NEW}\n"), &w), NEW);
    }

    #[test]
    fn a_log_not_on_the_box_clock_is_placed_by_its_start_line_only() {
        // A record an hour after the box's clock: the log is in local time.
        let w = window("Tue, 01 Dec 2026 07:00:10 GMT", 8.0);
        assert_eq!(current_run(&format!("{OLD}\n{NEW}\n"), &w), "");
        assert_eq!(current_run(&format!("{OLD}\n{MARK}\n{NEW}\n"), &w), NEW);
    }

    /// logrotate `copytruncate` at 100 MB (docs/protocol/logs.md "Rotation"): the current file
    /// starts mid-run, its start line and the earlier runs went to `odoo-server.log.1`, and it
    /// may begin with the tail of a traceback. By time this run's records are placed; without a
    /// time none is (they cannot be told from an earlier run's); a later start line still
    /// separates the runs in the file.
    #[test]
    fn a_rotated_log_is_placed_by_time_or_not_at_all() {
        let cut = "  File \"x.py\", in y\nKeyError: 'z'";
        let rotated = format!("{cut}\n{NEW}\n");
        let w = window("Tue, 01 Dec 2026 08:00:10 GMT", 8.0);
        assert_eq!(current_run(&rotated, &w), NEW);
        assert_eq!(current_run(&rotated, &RunWindow::default()), "");
        // Yesterday's line and today's restart in the same rotated file.
        let later = format!("{cut}\n{OLD}\n{MARK}\n{NEW}\n");
        assert_eq!(current_run(&later, &RunWindow::default()), NEW);
        assert_eq!(current_run(&later, &w), NEW);
    }

    #[test]
    fn records_without_a_time_and_hostile_uptimes_do_not_count() {
        let w = window("Tue, 01 Dec 2026 08:00:10 GMT", 8.0);
        let logs = format!("  File \"x.py\", in y\nKeyError: 'z'\n{NEW}\n");
        assert_eq!(current_run(&logs, &w), NEW);
        for up in [f64::MAX, 1e300] {
            assert_eq!(window("Tue, 01 Dec 2026 08:00:10 GMT", up).since(), None);
        }
    }
}
