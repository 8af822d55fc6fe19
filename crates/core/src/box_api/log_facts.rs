//! What this run's log says about the box's own threads (docs/protocol/restarts.md "When the
//! start-up thread dies", docs/protocol/pairing.md): the `Manager` thread that died at start-up,
//! and the pairing thread that cannot reach iot-proxy.odoo.com. Only the current run's records
//! are read (`log_run::current_run`): an earlier run's crash says nothing about this one.
//!
//! A thread's death reaches the log through `exception_logger`, which replaced `sys.stderr`:
//! every line Python prints is its own ERROR record (`addons/iot_drivers/exception_logger.py`
//! @1d85710b, `addons/hw_drivers/exception_logger.py` @8d484fe3). The traceback is put back
//! together from those records; a traceback logged as one record is read the same way.

use serde::Serialize;

use super::log_run::log_records;

/// Why the start-up thread died, as far as its traceback says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum StartupCause {
    /// `check_git_branch()` asked the paired database for its branch and the request failed
    /// (`get_db_branch` catches only `HTTPError`, `addons/iot_drivers/tools/upgrade.py`
    /// @11ecf379): the database's name does not resolve or it does not answer.
    DatabaseUnreachable,
    /// odoo.com answered without a certificate and without a reason (`{"result": false}`):
    /// `result.get('error')` raised `AttributeError` (`tools/certificate.py` @371fe6a0).
    OdooComNoCertificate,
    /// `start_nginx_server()` (`sudo service nginx restart`) failed: `CalledProcessError`.
    NginxFailed,
    /// Something else; the exception line says what.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupCrash {
    pub cause: StartupCause,
    /// The exception line, e.g. `AttributeError: 'bool' object has no attribute 'get'`.
    pub exception: String,
    /// The traceback's lines joined with " | ", cut to 2000 characters.
    pub traceback: String,
}

/// An update the box runs before it restarts or reboots (docs/protocol/restarts.md "Branch
/// switch"), as its `upgrade.py` logs it at WARNING.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum UpdateKind {
    /// "Checking out origin/<branch>": master's weekly rule checks out the newest stable branch
    /// on GitHub (`iot_drivers/tools/upgrade.py` @07b666e9), then `odoo_restart()`.
    WeeklyBranch,
    /// "Updating to Debian Trixie for >= 19.1": `upgrade_trixie.sh` upgrades the system in
    /// place, then `sudo reboot` (@68e05378, `check_version_upgrades` @11ecf379).
    DebianUpgrade,
}

impl UpdateKind {
    /// The sentence that says what the box is doing and how long the watch waits.
    pub fn evidence(self) -> crate::findings::EvidenceKind {
        match self {
            Self::WeeklyBranch => crate::findings::EvidenceKind::WatchUpdateWeekly,
            Self::DebianUpgrade => crate::findings::EvidenceKind::WatchUpdateDebian,
        }
    }
}

/// What the current run's records say; `run_logs` is `log_run::current_run`'s text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFacts {
    pub startup_crash: Option<StartupCrash>,
    /// The newest "Could not reach iot-proxy.odoo.com" record's exception line.
    pub iot_proxy_unreachable: Option<String>,
    /// `get_ip()` failed: "Could not get local IP address" (no default route, 18.3+).
    pub no_local_ip: bool,
    /// 18.3+ log "Unable to read certificate file." at every status read when the file is
    /// empty or damaged (`tools/certificate.py` @371fe6a0 `get_certificate_end_date`).
    pub cert_file_unreadable: bool,
    /// This run started an update (the Debian upgrade wins: it also checks out the branch).
    pub update: Option<UpdateKind>,
}

impl LogFacts {
    pub fn read(run_logs: &str) -> Self {
        let records = log_records(run_logs);
        Self {
            startup_crash: startup_crash(&records),
            iot_proxy_unreachable: iot_proxy_unreachable(&records),
            no_local_ip: records.iter().any(|r| r.contains(NO_LOCAL_IP)),
            cert_file_unreadable: records.iter().any(|r| r.contains(CERT_UNREADABLE)),
            update: update(&records),
        }
    }
}

const THREAD_DIED: &str = "Exception in thread";
const IOT_PROXY: &str = "Could not reach iot-proxy.odoo.com";
/// `addons/iot_drivers/tools/system.py` @06d82b35 `get_ip()`, on OSError.
const NO_LOCAL_IP: &str = "Could not get local IP address";
/// `_logger.exception("Unable to read certificate file.")` (16.0 – saas-18.2 log the same words
/// without the dot around their `EnvironmentError`).
const CERT_UNREADABLE: &str = "Unable to read certificate file";
const TRIXIE_UPGRADE: &str = "Updating to Debian Trixie";
const BRANCH_CHECKOUT: &str = "Checking out origin/";
/// A traceback has far fewer lines than this; a hostile log cannot make us read more.
const MAX_TRACEBACK_RECORDS: usize = 200;

/// The message of a record: what follows `<logger>: ` on its first line.
fn message(record: &str) -> &str {
    record
        .split_once("exception_logger: ")
        .or_else(|| record.split_once(": "))
        .map_or(record, |(_, m)| m)
}

/// The last thread death whose traceback passes through `Manager.run` (`…/main.py`, `run`).
fn startup_crash(records: &[String]) -> Option<StartupCrash> {
    let start = records.iter().rposition(|r| r.contains(THREAD_DIED))?;
    // The head record, then the records `exception_logger` wrote for the same traceback.
    let mut lines: Vec<String> = Vec::new();
    for (i, record) in records[start..]
        .iter()
        .take(MAX_TRACEBACK_RECORDS)
        .enumerate()
    {
        if i > 0 && !record.contains("exception_logger: ") {
            break;
        }
        lines.extend(
            message(record)
                .split(" | ")
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
    }
    let in_manager_run = lines
        .iter()
        .any(|l| l.starts_with("File \"") && l.contains("main.py\"") && l.ends_with("in run"))
        || lines.first().is_some_and(|l| l.contains("thread Manager"));
    if !in_manager_run {
        return None;
    }
    let exception = lines.last()?.clone();
    let text = lines.join(" | ");
    let has = |s: &str| text.contains(s);
    let cause = if (has("get_db_branch") || has("check_git_branch"))
        && exception.starts_with("requests.exceptions.")
        && !exception.contains("HTTPError")
    {
        StartupCause::DatabaseUnreachable
    } else if has("download_odoo_certificate")
        && exception.starts_with("AttributeError:")
        && exception.contains("has no attribute 'get'")
    {
        StartupCause::OdooComNoCertificate
    } else if has("start_nginx_server") && exception.contains("CalledProcessError") {
        StartupCause::NginxFailed
    } else {
        StartupCause::Other
    };
    Some(StartupCrash {
        cause,
        exception: exception.chars().take(1000).collect(),
        traceback: text.chars().take(2000).collect(),
    })
}

fn update(records: &[String]) -> Option<UpdateKind> {
    let logged = |line: &str| {
        records
            .iter()
            .any(|r| r.contains(" WARNING ") && r.contains(line))
    };
    if logged(TRIXIE_UPGRADE) {
        Some(UpdateKind::DebianUpgrade)
    } else if logged(BRANCH_CHECKOUT) {
        Some(UpdateKind::WeeklyBranch)
    } else {
        None
    }
}

fn iot_proxy_unreachable(records: &[String]) -> Option<String> {
    let record = records.iter().rev().find(|r| r.contains(IOT_PROXY))?;
    let last = record.rsplit(" | ").next().unwrap_or(record).trim();
    let error = if last.contains(IOT_PROXY) {
        IOT_PROXY
    } else {
        last
    };
    Some(error.chars().take(1000).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logger_lines(lines: &[&str]) -> String {
        lines
            .iter()
            .map(|l| {
                format!(
                    "2026-12-07 08:00:01,000 4242 ERROR ? odoo.addons.iot_drivers.exception_logger: {l}\n"
                )
            })
            .collect()
    }

    const RUN: &str = "  File \"/home/pi/odoo/addons/iot_drivers/main.py\", in run\n    upgrade.check_git_branch()";

    #[test]
    fn a_database_that_does_not_resolve_kills_the_start_up_thread() {
        let logs = logger_lines(&[
            "Exception in thread Thread-2:",
            "Traceback (most recent call last):",
            "  File \"/usr/lib/python3.11/threading.py\", in _bootstrap_inner\n    self.run()",
            RUN,
            "  File \"/home/pi/odoo/addons/iot_drivers/tools/upgrade.py\", in get_db_branch\n    response = requests.post(",
            "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='shop.example', port=443): Max retries exceeded (Caused by NameResolutionError(\"Failed to resolve 'shop.example'\"))",
        ]);
        let crash = LogFacts::read(&logs).startup_crash.unwrap();
        assert_eq!(crash.cause, StartupCause::DatabaseUnreachable);
        assert!(crash
            .exception
            .starts_with("requests.exceptions.ConnectionError"));
        assert!(crash.traceback.contains("get_db_branch"));
    }

    #[test]
    fn odoo_com_answering_result_false_kills_it_too() {
        let logs = logger_lines(&[
            "Exception in thread Thread-2:",
            "Traceback (most recent call last):",
            "  File \"C:\\Program Files\\Odoo IoT 19.0\\odoo\\addons/iot_drivers/main.py\", in run\n    certificate.ensure_validity()",
            "  File \"x/iot_drivers/tools/certificate.py\", in download_odoo_certificate\n    certificate_error = result.get('error')",
            "AttributeError: 'bool' object has no attribute 'get'",
        ]);
        let crash = LogFacts::read(&logs).startup_crash.unwrap();
        assert_eq!(crash.cause, StartupCause::OdooComNoCertificate);
    }

    #[test]
    fn one_record_tracebacks_are_read_too_and_other_threads_are_not_the_manager() {
        let one = "2026-12-07 08:00:01,000 4242 ERROR ? odoo.addons.hw_drivers.main: Exception in thread Manager:\nTraceback (most recent call last):\n  File \"/home/pi/odoo/addons/hw_drivers/main.py\", in run\n    helpers.start_nginx_server()\nsubprocess.CalledProcessError: Command '['sudo', 'service', 'nginx', 'restart']' returned non-zero exit status 1.\n";
        let crash = LogFacts::read(one).startup_crash.unwrap();
        assert_eq!(crash.cause, StartupCause::NginxFailed);
        let printer = logger_lines(&[
            "Exception in thread Thread-7:",
            "Traceback (most recent call last):",
            "  File \"/home/pi/odoo/addons/iot_drivers/iot_handlers/drivers/printer.py\", in run\n    x",
            "OSError: [Errno 19] No such device",
        ]);
        assert_eq!(LogFacts::read(&printer).startup_crash, None);
        assert_eq!(LogFacts::read("").startup_crash, None);
    }

    #[test]
    fn the_weekly_checkout_and_the_trixie_upgrade_are_read_from_their_warning_lines() {
        let line = |level: &str, msg: &str| {
            format!("2026-12-07 00:00:01,000 4242 {level} ? odoo.addons.iot_drivers.tools.upgrade: {msg}\n")
        };
        let weekly = line("WARNING", "Checking out origin/saas-19.2");
        assert_eq!(
            LogFacts::read(&weekly).update,
            Some(UpdateKind::WeeklyBranch)
        );
        let trixie = weekly + &line("WARNING", "Updating to Debian Trixie for >= 19.1");
        assert_eq!(
            LogFacts::read(&trixie).update,
            Some(UpdateKind::DebianUpgrade)
        );
        // Not a WARNING record of upgrade.py: a driver's text quoting it is no update.
        let quoted = line("INFO", "user typed Checking out origin/x");
        assert_eq!(LogFacts::read(&quoted).update, None);
        assert_eq!(LogFacts::read("").update, None);
    }

    #[test]
    fn an_unreachable_iot_proxy_is_read_with_its_error() {
        let logs = "2026-12-07 08:00:01,000 4242 ERROR ? odoo.addons.iot_drivers.connection_manager: Could not reach iot-proxy.odoo.com\nTraceback (most recent call last):\n  File \"x.py\", in _call_iot_proxy\nrequests.exceptions.ConnectionError: Failed to resolve 'iot-proxy.odoo.com'\n";
        assert_eq!(
            LogFacts::read(logs).iot_proxy_unreachable.as_deref(),
            Some("requests.exceptions.ConnectionError: Failed to resolve 'iot-proxy.odoo.com'")
        );
    }
}
