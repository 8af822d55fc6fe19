//! The box's own certificate logic: `get_certificate_status()` for 16.0–saas-18.2 (odoo-iot-protocol.md §4.1, §4.2
//! urllib3 column) and `certificate.py` for saas-18.3+ (§4.3, log strings only).

use time::{Duration, OffsetDateTime};

use crate::certs::{fmt_naive, ServedCert};
use crate::helpers_variant::{HelpersVariant, JSON_DETAILS};
use crate::names::{Family, Flavour};
use crate::odoo_com::{self, Reply, NOT_JSON_MESSAGE, X509_URL};
use crate::scenario::{Fault, OdooCom};
use crate::shared::{Effects, Shared};
use crate::state::{cert_logger, BoxState};

pub const ERR_NO_SERVER: &str = "ERR_IOT_HTTPS_CHECK_NO_SERVER";
pub const ERR_CERT_READ: &str = "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION";
pub const ERR_NO_CREDENTIAL: &str = "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL";
pub const ERR_REQUEST_EXCEPTION: &str = "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION";
pub const ERR_REQUEST_STATUS: &str = "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS";
pub const ERR_NO_RESULT: &str = "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT";
/// The free-text variant's words for an unreadable certificate file.
const CANT_READ_CERT: &str = "Can't read certificate file";
/// odoo-iot-protocol.md §4.1 step 2 fallback when the second check still wants a refresh.
pub const GENERATED_CORRECTLY: &str = "The HTTPS certificate was generated correctly";

enum Check {
    Ok(String),
    NeedRefresh,
    Err(&'static str),
}

fn renewal_point(cert: &ServedCert) -> OffsetDateTime {
    cert.not_after - Duration::days(10)
}

/// odoo-iot-protocol.md §4.1 step 1, `check_certificate()`.
fn check_certificate(sh: &Shared, st: &BoxState) -> Check {
    if st.server_url.is_none() || st.spec.access_point {
        return Check::Err(ERR_NO_SERVER);
    }
    if st.spec.cert_unreadable {
        // The late 18.0 line says it in words (helpers.py @05cd9db4, incoming 89f71f70).
        if sh.helpers == HelpersVariant::FreeText {
            return Check::Err(CANT_READ_CERT);
        }
        return Check::Err(ERR_CERT_READ);
    }
    let end = renewal_point(&st.cert);
    if st.cert.is_placeholder() || st.now() > end {
        return Check::NeedRefresh;
    }
    Check::Ok(format!(
        "Your certificate {} is valid until {}",
        st.cert.cn,
        fmt_naive(end)
    ))
}

/// odoo-iot-protocol.md §4.1 `get_certificate_status()` → `(is_certificate_ok, certificate_details)`. May call
/// odoo.com and install a certificate: the side effect of reading `/` or the data route.
pub fn get_certificate_status(sh: &Shared, st: &mut BoxState, fx: &mut Effects) -> (bool, String) {
    match check_certificate(sh, st) {
        Check::Ok(msg) => (true, msg),
        Check::Err(code) => (false, code.to_string()),
        Check::NeedRefresh => match load_certificate(sh, st, fx) {
            Err(details) => (false, details),
            Ok(()) => match check_certificate(sh, st) {
                Check::Ok(msg) => (true, msg),
                Check::NeedRefresh => (true, GENERATED_CORRECTLY.to_string()),
                Check::Err(code) => (false, code.to_string()),
            },
        },
    }
}

fn call_odoo_com(sh: &Shared, st: &mut BoxState, db_uuid: &str, code: &str) -> Reply {
    st.odoo_com_calls += 1;
    // Without a default route the connect fails on the box itself (16.0 – saas-18.2 take the
    // first interface's address and try anyway; 18.3+ skip the download, `common::get_ip`).
    if st.spec.fault == Fault::NoDefaultRoute {
        return Reply::Exception(odoo_com::network_unreachable());
    }
    let mut behaviour = st.spec.odoo_com;
    // urllib3's `PoolManager(cert_reqs='CERT_NONE')` (16.0 – early 18.0, `helpers.py`
    // @a1926979) accepts the filter's certificate, so odoo.com's answer comes through;
    // requests (@02ece93a, 18.3+ `certificate.py`) verifies it.
    if behaviour == OdooCom::TlsInspected && !verifies_tls(sh) {
        behaviour = OdooCom::Issue;
    }
    odoo_com::x509(&sh.ca, behaviour, st.http_status, db_uuid, code)
}

/// Whether the box's request to odoo.com verifies TLS (requests does, urllib3 `CERT_NONE` not).
fn verifies_tls(sh: &Shared) -> bool {
    sh.family().uses_end_date()
        || matches!(
            sh.helpers,
            HelpersVariant::Requests | HelpersVariant::FreeText
        )
}

/// Write the certificate and reload nginx (Pi) or restart Odoo (Windows) (odoo-iot-protocol.md §4.4 "applied by").
fn install(
    sh: &Shared,
    st: &mut BoxState,
    cert: ServedCert,
    restart_delay_s: u64,
    fx: &mut Effects,
) {
    st.subject = Some(cert.cn.clone());
    st.cert = cert;
    st.cert_file_damaged = false;
    st.downloads += 1;
    sh.persist(st);
    sh.note_serving_of(st);
    match sh.flavour {
        Flavour::Linux => fx.nginx_reload = true,
        Flavour::Windows => fx.merge(Effects::restart_after(restart_delay_s)),
    }
}

/// `helpers.load_certificate()` of 16.0 – saas-18.2, in the variant the box runs
/// (see `helpers_variant`). `Err` is the box's `certificate_details`.
fn load_certificate(sh: &Shared, st: &mut BoxState, fx: &mut Effects) -> Result<(), String> {
    let logger = cert_logger(sh.family());
    let variant = sh.helpers;
    let db_uuid = st.db_uuid.clone().filter(|d| !d.is_empty());
    let code = st.enterprise_code.clone().filter(|c| !c.is_empty());
    let (db_uuid, code) = match (db_uuid, code) {
        (Some(d), Some(c)) => (d, c),
        // Later variants send `enterprise_code or ""`.
        (Some(d), None) if !variant.needs_contract_code() => (d, String::new()),
        _ if variant == HelpersVariant::FreeText => {
            return Err(
                "No database UUID found on the IoT Box configuration, try pairing again.".into(),
            )
        }
        _ => return Err(ERR_NO_CREDENTIAL.to_string()),
    };
    let reply = call_odoo_com(sh, st, &db_uuid, &code);
    // requests: `raise_for_status()` turns an HTTP error into a RequestException whose text
    // is "<status> Server Error: <reason> for url: <url>".
    let exception = match (&reply, variant) {
        (Reply::Exception(text), _) => Some(text.clone()),
        // requests ≥ 2.27: `response.json()` raises requests' JSONDecodeError, a
        // RequestException. urllib3 boxes crash instead (`status_crash`).
        (Reply::NotJson, HelpersVariant::Requests | HelpersVariant::FreeText) => {
            Some(NOT_JSON_MESSAGE.to_string())
        }
        (Reply::Status(status, reason), HelpersVariant::Requests | HelpersVariant::FreeText) => {
            let kind = if *status >= 500 { "Server" } else { "Client" };
            Some(format!(
                "{status} {kind} Error: {reason} for url: {X509_URL}"
            ))
        }
        _ => None,
    };
    if let Reply::Dropped = reply {
        let (wait, text) = crate::slow::dropped_call(sh, st.spec.fault);
        fx.answer_delay += sh.scaled(wait);
        st.log(
            "ERROR",
            logger,
            "An error occurred while trying to reach odoo.com servers.",
        );
        return Err(format!("{ERR_REQUEST_EXCEPTION}\n\n{text}"));
    }
    if let Some(text) = exception {
        st.log(
            "ERROR",
            logger,
            "An error occurred while trying to reach odoo.com servers.",
        );
        return Err(match variant {
            HelpersVariant::FreeText => "ERR_SSL_CERT_DOWNLOAD".into(),
            _ => format!("{ERR_REQUEST_EXCEPTION}\n\n{text}"),
        });
    }
    let (body, issued) = match reply {
        Reply::Status(status, reason) => {
            return Err(format!("{ERR_REQUEST_STATUS} {status}\n\n{reason}"))
        }
        Reply::Json { body, issued } => (body, issued),
        // urllib3's `json.loads` raising is a crash of the status read, answered before this
        // runs (`status_crash`); nothing else reaches here.
        Reply::NotJson => return Err(ERR_NO_RESULT.to_string()),
        Reply::Exception(_) | Reply::Dropped => unreachable!("handled above"),
    };
    // urllib3 boxes crash on a JSON-RPC error and on a refusal before this runs
    // (`status_crash::urllib3_key_error`); the other variants read them.
    let result = body.get("result");
    if let Some(error) = body.get("error") {
        let msg = format!(
            "A server error received from odoo.com while trying to get the certificate: {error}"
        );
        // The early urllib3 code logs none of odoo.com's refusals; later backports do.
        if variant != HelpersVariant::Urllib3 {
            st.log("ERROR", logger, &msg);
        }
        return Err(match variant {
            HelpersVariant::FreeText => format!("{JSON_DETAILS}{error}"),
            _ => ERR_NO_RESULT.to_string(),
        });
    }
    if let Some(error) = result.and_then(|r| r.get("error")) {
        let text = error
            .as_str()
            .map_or_else(|| error.to_string(), str::to_owned);
        let msg =
            format!("An error received from odoo.com while trying to get the certificate: {text}");
        if variant != HelpersVariant::Urllib3 {
            st.log("ERROR", logger, &msg);
        }
        return Err(match variant {
            HelpersVariant::FreeText => text,
            _ => ERR_NO_RESULT.to_string(),
        });
    }
    let empty = |k: &str| {
        result
            .and_then(|r| r.get(k))
            .and_then(|p| p.as_str())
            .map_or(true, str::is_empty)
    };
    match issued {
        Some(cert) if !empty("x509_pem") && !empty("private_key_pem") => {
            install(sh, st, cert, 0, fx);
            crate::slow::after_download(sh, fx);
            Ok(())
        }
        _ => {
            if variant != HelpersVariant::Urllib3 {
                st.log(
                    "ERROR",
                    logger,
                    "The certificate received from odoo.com is not valid.",
                );
            }
            Err(match variant {
                HelpersVariant::FreeText => {
                    "The certificate received from odoo.com is not valid, try restarting.".into()
                }
                _ => ERR_NO_RESULT.to_string(),
            })
        }
    }
}

/// `get_certificate_end_date()` as the 18.3+ data route calls it: a file that is there but not a
/// certificate is logged with its traceback at every read (`_logger.exception("Unable to read
/// certificate file.")`, `addons/iot_drivers/tools/certificate.py` @371fe6a0), then `None`.
pub fn read_end_date(sh: &Shared, st: &mut BoxState) -> Option<String> {
    if st.cert_file_damaged && sh.family().uses_end_date() {
        let module = match sh.family() {
            crate::names::Family::IotDrivers => "iot_drivers",
            _ => "hw_drivers",
        };
        st.log(
            "ERROR",
            &format!("odoo.addons.{module}.tools.certificate"),
            "Unable to read certificate file.\nTraceback (most recent call last):\n  File \"certificate.py\", in get_certificate_end_date\n    cert = x509.load_pem_x509_certificate(path.read_bytes())\nValueError: Unable to load PEM file. See https://cryptography.io/en/latest/faq/#why-can-t-i-import-my-pem-file for more details. InvalidData(InvalidByte(0, 0))",
        );
    }
    certificate_end_date(sh, st)
}

/// odoo-iot-protocol.md §4.3 `get_certificate_end_date()`: read-only. The real notAfter, or `None` when missing,
/// unreadable, the placeholder, or inside the 10-day window. saas-18.3 returns the naive
/// `str(cert.not_valid_after)` everywhere (`hw_drivers/tools/certificate.py` @0240f280);
/// iot_drivers on Windows uses the UTC-aware accessor (`+00:00` suffix), the Pi's version
/// comparison picks the naive one (@371fe6a0, odoo-iot-protocol.md §8.2 note).
pub fn certificate_end_date(sh: &Shared, st: &BoxState) -> Option<String> {
    if st.spec.cert_unreadable || st.cert_file_damaged || st.cert.is_placeholder() {
        return None;
    }
    // The box's clock decides (a clock ahead sees the renewal window early).
    if st.now() > renewal_point(&st.cert) {
        return None;
    }
    let date = fmt_naive(st.cert.not_after);
    Some(match (sh.flavour, sh.family()) {
        (Flavour::Windows, Family::IotDrivers) => format!("{date}+00:00"),
        _ => date,
    })
}

/// Runs at (simulated) Odoo start-up, per family (odoo-iot-protocol.md §4.1 "When it runs", §4.3): the `Manager`
/// thread's `run()` up to its certificate step (`manager_crash`).
pub fn on_odoo_start(sh: &Shared, st: &mut BoxState, fx: &mut Effects) {
    // `start_nginx_server()` comes first in `Manager.run`: on a Pi nginx refusing its damaged
    // certificate file ends the thread before any certificate work.
    if st.nginx_refuses_file() && sh.flavour == Flavour::Linux {
        let crash = crate::manager_crash::nginx_failed(sh);
        crate::manager_crash::thread_died(sh, st, &crash);
        return;
    }
    // `upgrade.check_git_branch()` asks the paired database for its branch first (iot_drivers).
    if sh.family() == Family::IotDrivers && st.spec.fault == Fault::DatabaseUnresolvable {
        if let Some(url) = st.server_url.clone() {
            let crash = crate::manager_crash::database_unresolvable(sh, &url);
            crate::manager_crash::thread_died(sh, st, &crash);
            return;
        }
    }
    if let Err(crash) = startup_or_midnight_check(sh, st, fx) {
        crate::manager_crash::thread_died(sh, st, &crash);
    }
}

/// The scheduled 00:00 check: an exception is caught by the `Manager` loop.
pub fn midnight_check(sh: &Shared, st: &mut BoxState, fx: &mut Effects) {
    if let Err(crash) = startup_or_midnight_check(sh, st, fx) {
        crate::manager_crash::loop_error(st, sh, &crash);
    }
}

/// `Manager.run` at start-up and the scheduled 00:00 check: 16.0 – saas-18.2 run
/// `get_certificate_status()` and log a warning on failure (`addons/hw_drivers/main.py`
/// @f0bb044b; 16.0 the same, docs/protocol/restarts.md); 18.3+ `ensure_validity()`. `Err`:
/// the check raised.
fn startup_or_midnight_check(
    sh: &Shared,
    st: &mut BoxState,
    fx: &mut Effects,
) -> Result<(), crate::status_crash::Crash> {
    if let Some(mut crash) = crate::status_crash::crash(sh, st) {
        // Called from `Manager.run`, not from the status route.
        crash.frames[0] = crate::manager_crash::run_frame(sh);
        return Err(crash);
    }
    match sh.family() {
        Family::LegacyHtml | Family::HwPosboxStatus => {
            let (ok, details) = get_certificate_status(sh, st, fx);
            if !ok && details != ERR_NO_SERVER {
                let msg = format!(
                    "An error happened when trying to get the HTTPS certificate: {details}"
                );
                st.log("WARNING", "odoo.addons.hw_drivers.main", &msg);
            }
            Ok(())
        }
        Family::HwPosboxEndDate | Family::IotDrivers => ensure_validity(sh, st, fx),
    }
}

/// odoo-iot-protocol.md §4.3 `certificate.ensure_validity()`, decorated `@require_db`.
fn ensure_validity(
    sh: &Shared,
    st: &mut BoxState,
    fx: &mut Effects,
) -> Result<(), crate::status_crash::Crash> {
    let logger = cert_logger(sh.family());
    if st.server_url.is_none() || st.spec.access_point {
        return Ok(());
    }
    // `@require_db` asks `get_ip()` first: no IP, no certificate attempt.
    if crate::families::common::no_default_route(sh, st) {
        let _ = crate::families::common::get_ip(sh, st);
        return Ok(());
    }
    if certificate_end_date(sh, st).is_some() {
        let msg = format!(
            "SSL certificate '{}' is valid until {}",
            st.cert.cn,
            fmt_naive(st.cert.not_after)
        );
        st.log("DEBUG", logger, &msg);
        return Ok(());
    }
    let msg = format!("SSL certificate '{}' must be updated.", st.cert.cn);
    st.log("INFO", logger, &msg);
    download_odoo_certificate(sh, st, fx)
}

/// odoo-iot-protocol.md §4.3 download: failures only reach the logs. iot_drivers retries 5 times (§5). `Err`: the
/// code raised on odoo.com's answer (`result` that is not a dict).
fn download_odoo_certificate(
    sh: &Shared,
    st: &mut BoxState,
    fx: &mut Effects,
) -> Result<(), crate::status_crash::Crash> {
    let logger = cert_logger(sh.family());
    if st.spec.odoo_com == crate::scenario::OdooCom::Dropped {
        fx.background_download = true; // attempts end at the box's timeout (`slow`)
        return Ok(());
    }
    // `if not db_uuid: return None`, before any request and without a log line
    // (hw_drivers/tools/certificate.py @0240f280, iot_drivers/tools/certificate.py @371fe6a0).
    let Some(db_uuid) = st.db_uuid.clone().filter(|d| !d.is_empty()) else {
        return Ok(());
    };
    let code = st.enterprise_code.clone().unwrap_or_default();
    let attempts = if sh.family() == Family::IotDrivers {
        6
    } else {
        1
    };
    let mut reply = call_odoo_com(sh, st, &db_uuid, &code);
    for attempt in 1..=attempts {
        let exception = match &reply {
            Reply::Exception(text) => text.clone(),
            Reply::Status(status, reason) => {
                let kind = if *status >= 500 { "Server" } else { "Client" };
                format!("{status} {kind} Error: {reason} for url: {X509_URL}")
            }
            Reply::NotJson => NOT_JSON_MESSAGE.to_string(),
            Reply::Json { .. } => break,
            Reply::Dropped => return Ok(()),
        };
        // `except (requests.exceptions.RequestException, ValueError)` (@0240f280): the class
        // the traceback ends with.
        let class = match &reply {
            Reply::NotJson => "requests.exceptions.JSONDecodeError",
            Reply::Exception(text) if text.contains("SSLError") => "requests.exceptions.SSLError",
            Reply::Exception(_) => "requests.exceptions.ConnectionError",
            _ => "requests.exceptions.RequestException",
        };
        if sh.family() == Family::IotDrivers {
            let msg = format!("An error occurred while trying to reach odoo.com to get a new certificate: {exception}");
            st.log("WARNING", logger, &msg);
            if attempt == attempts {
                st.log(
                    "ERROR",
                    logger,
                    "Maximum attempt to download the odoo.com certificate reached",
                );
                return Ok(());
            }
            reply = call_odoo_com(sh, st, &db_uuid, &code);
        } else {
            let msg = format!(
                "An error occurred while trying to reach odoo.com\nTraceback (most recent call last):\n  \
                 File \"/home/pi/odoo/addons/hw_drivers/tools/certificate.py\", in download_odoo_certificate\n\
                 {class}: {exception}"
            );
            st.log("ERROR", logger, &msg);
            return Ok(());
        }
    }
    let Reply::Json { body, issued } = reply else {
        return Ok(());
    };
    if let Some(err) = body.get("error") {
        st.log(
            "ERROR",
            logger,
            &format!(
                "Server error received from odoo.com while trying to get the certificate: {err}"
            ),
        );
        return Ok(());
    }
    // `response_body.get('result', {}).get('error')`: anything but a dict raises.
    let result = body
        .get("result")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    if !result.is_object() {
        return Err(crate::manager_crash::result_not_a_dict(sh));
    }
    if let Some(err) = result.get("error") {
        let err = err
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| err.to_string());
        st.log(
            "WARNING",
            logger,
            &format!("Error received from odoo.com while trying to get the certificate: {err}"),
        );
        return Ok(());
    }
    let empty = |k: &str| {
        result
            .get(k)
            .and_then(|v| v.as_str())
            .map_or(true, str::is_empty)
    };
    match issued {
        Some(cert) if !empty("x509_pem") && !empty("private_key_pem") => {
            let msg = format!(
                "SSL certificate '{}' is valid until {}",
                cert.cn,
                fmt_naive(cert.not_after)
            );
            // certificate.py restarts Odoo after 3 s on Windows (odoo-iot-protocol.md §4.4 "applied by").
            install(sh, st, cert, 3, fx);
            st.log("INFO", logger, &msg);
        }
        _ => st.log(
            "ERROR",
            logger,
            "The certificate received from odoo.com is not valid.",
        ),
    }
    Ok(())
}
