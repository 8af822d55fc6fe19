//! The `Manager` thread dying at start-up (docs/protocol/restarts.md "When the start-up thread
//! dies"). Its `run()` calls `start_nginx_server()`, `upgrade.check_git_branch()` and
//! `certificate.ensure_validity()` outside any try (`addons/iot_drivers/main.py` @aa3796d1; 16.0
//! – saas-18.2 `get_certificate_status()` in `addons/hw_drivers/main.py` @f0bb044b): an exception
//! there ends the thread, so no `/iot/setup`, no handlers, no websocket, no certificate. Python
//! prints the traceback to `sys.stderr`, which `exception_logger` replaced: every write that
//! ends a line becomes its own ERROR record (`addons/iot_drivers/exception_logger.py`
//! @1d85710b, `addons/hw_drivers/exception_logger.py` @8d484fe3), so a traceback is many
//! records, and a frame's two lines are one record.
//!
//! Two causes seen on Odoo's real 19.0 code:
//! * `upgrade.get_db_branch()` catches only `HTTPError` (`addons/iot_drivers/tools/upgrade.py`
//!   @11ecf379): a paired database that does not resolve raises `ConnectionError`.
//! * `download_odoo_certificate()` reads `response_body.get('result', {}).get('error')`
//!   (`addons/iot_drivers/tools/certificate.py` @371fe6a0, saas-18.3
//!   `addons/hw_drivers/tools/certificate.py` @00f96124): odoo.com answering `{"result": false}`
//!   raises `AttributeError`.

use crate::names::{Family, Flavour};
use crate::shared::Shared;
use crate::state::BoxState;
use crate::status_crash::Crash;

/// The object address Python prints in exception texts (fixed, like the rest of the sim).
const OBJECT: &str = "<urllib3.connection.HTTPSConnection object at 0x7f3a2c1d5e80>";

fn addons(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Linux => "/home/pi/odoo/addons",
        Flavour::Windows => "C:\\Program Files\\Odoo IoT 19.0\\odoo\\addons",
    }
}

fn threading(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Linux => "/usr/lib/python3.11/threading.py",
        Flavour::Windows => "C:\\Program Files\\Odoo IoT 19.0\\python\\Lib\\threading.py",
    }
}

/// The module of the box's code: `iot_drivers` (saas-18.4+) or `hw_drivers`.
fn module(family: Family) -> &'static str {
    match family {
        Family::IotDrivers => "iot_drivers",
        _ => "hw_drivers",
    }
}

fn frame(sh: &Shared, file: &str, func: &str, code: &str) -> String {
    let base = addons(sh.flavour);
    let path = format!("{}/{file}", module(sh.family()));
    // Python prints Windows paths with backslashes.
    let path = match sh.flavour {
        Flavour::Linux => format!("{base}/{path}"),
        Flavour::Windows => format!("{base}\\{}", path.replace('/', "\\")),
    };
    format!("  File \"{path}\", in {func}\n    {code}")
}

/// Name resolution failing, as `requests` words it per system.
fn unresolved(flavour: Flavour, host: &str, url: &str) -> String {
    let errno = match flavour {
        Flavour::Linux => "[Errno -3] Temporary failure in name resolution",
        Flavour::Windows => "[Errno 11001] getaddrinfo failed",
    };
    format!(
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='{host}', port=443): Max \
         retries exceeded with url: {url} (Caused by NameResolutionError(\"{OBJECT}: Failed to \
         resolve '{host}' ({errno})\"))"
    )
}

/// The frame of `Manager.run` calling the start-up certificate check (16.0 – saas-18.2).
pub fn run_frame(sh: &Shared) -> String {
    match sh.family() {
        Family::IotDrivers | Family::HwPosboxEndDate => {
            frame(sh, "main.py", "run", "certificate.ensure_validity()")
        }
        _ => frame(sh, "main.py", "run", "helpers.get_certificate_status()"),
    }
}

/// `check_git_branch()` → `get_db_branch()` against a database that does not resolve.
pub fn database_unresolvable(sh: &Shared, server_url: &str) -> Crash {
    let host = server_url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', ':'])
        .next()
        .unwrap_or(server_url);
    Crash {
        frames: vec![
            frame(sh, "main.py", "run", "upgrade.check_git_branch()"),
            frame(sh, "tools/helpers.py", "wrapper", "return func(*args, **kwargs)"),
            frame(sh, "tools/helpers.py", "wrapper", "return func(*args, **kwargs)"),
            frame(
                sh,
                "tools/upgrade.py",
                "check_git_branch",
                "db_branch = get_db_branch(server_url)",
            ),
            frame(
                sh,
                "tools/upgrade.py",
                "get_db_branch",
                "response = requests.post(server_url + \"/web/webclient/version_info\", json={}, timeout=5)",
            ),
        ],
        exception: unresolved(sh.flavour, host, "/web/webclient/version_info"),
    }
}

/// `ensure_validity()` → `download_odoo_certificate()` when odoo.com answers `result: false`.
pub fn result_not_a_dict(sh: &Shared) -> Crash {
    Crash {
        frames: vec![
            frame(sh, "main.py", "run", "certificate.ensure_validity()"),
            frame(
                sh,
                "tools/helpers.py",
                "wrapper",
                "return func(*args, **kwargs)",
            ),
            frame(
                sh,
                "tools/certificate.py",
                "ensure_validity",
                "inform_database(get_certificate_end_date() or download_odoo_certificate())",
            ),
            frame(
                sh,
                "tools/certificate.py",
                "download_odoo_certificate",
                "certificate_error = result.get('error')",
            ),
        ],
        exception: "AttributeError: 'bool' object has no attribute 'get'".into(),
    }
}

/// `start_nginx_server()` on a Pi whose nginx refuses its certificate file: `subprocess.check_call`
/// raises (`addons/iot_drivers/tools/helpers.py` @391749fe; `main.py` @aa3796d1 calls it first
/// in `run`, outside any try). Windows only launches `nginx.exe` and raises nothing.
pub fn nginx_failed(sh: &Shared) -> Crash {
    Crash {
        frames: vec![
            frame(sh, "main.py", "run", "helpers.start_nginx_server()"),
            frame(
                sh,
                "tools/helpers.py",
                "start_nginx_server",
                "subprocess.check_call([\"sudo\", \"service\", \"nginx\", \"restart\"])",
            ),
            "  File \"/usr/lib/python3.11/subprocess.py\", in check_call\n    raise CalledProcessError(retcode, cmd)".into(),
        ],
        exception: "subprocess.CalledProcessError: Command '['sudo', 'service', 'nginx', 'restart']' returned non-zero exit status 1.".into(),
    }
}

/// The thread's death as `exception_logger` writes it: one ERROR record per line Python
/// prints, a frame's two lines together.
pub fn thread_died(sh: &Shared, st: &mut BoxState, crash: &Crash) {
    let logger = format!("odoo.addons.{}.exception_logger", module(sh.family()));
    st.log("ERROR", &logger, "Exception in thread Thread-2:");
    st.log("ERROR", &logger, "Traceback (most recent call last):");
    let bootstrap = format!(
        "  File \"{}\", in _bootstrap_inner\n    self.run()",
        threading(sh.flavour)
    );
    st.log("ERROR", &logger, &bootstrap);
    for f in &crash.frames {
        st.log("ERROR", &logger, f);
    }
    st.log("ERROR", &logger, &crash.exception);
}

/// The same exception at the scheduled 00:00 run: `schedule.run_pending()` is inside the
/// `Manager` loop's try, which logs it in one record and keeps the thread alive.
pub fn loop_error(st: &mut BoxState, sh: &Shared, crash: &Crash) {
    let mut text = "Manager loop unexpected error\nTraceback (most recent call last):".to_string();
    for f in &crash.frames[1..] {
        text.push('\n');
        text.push_str(f);
    }
    text.push('\n');
    text.push_str(&crash.exception);
    let logger = format!("odoo.addons.{}.main", module(sh.family()));
    st.log("ERROR", &logger, &text);
}
