//! When reading the status route crashes the box's code: nothing in Odoo catches exceptions
//! around the certificate check on `/` (16.0) and `…/data` (17.0+), so an `auth='none'`
//! `type='http'` route answers werkzeug's HTTP 500 and `odoo.http` logs the traceback
//! (docs/protocol/status-reads.md). Sources:
//! * hw_* `check_certificate` catches only `EnvironmentError`; a damaged PEM makes
//!   `crypto.load_certificate` raise `OpenSSL.crypto.Error`
//!   (`addons/hw_drivers/tools/helpers.py` @a1926979).
//! * urllib3 `load_certificate` (16.0 and 17.0's default helpers): `json.loads(…)['result']`
//!   raises `KeyError: 'result'` on odoo.com's JSON-RPC `{"error": …}`; a refusal
//!   `{"result": {"error": …}}` is truthy, passes `if not result`, and
//!   `update_conf({'subject': result['subject_cn']})` raises `KeyError: 'subject_cn'` (same
//!   file). Only a falsy result (`false`, `null`, `{}`) gives `…_NO_RESULT`.
//! * urllib3 `load_certificate`: `json.loads(response.data…)` on a 200 that is not JSON (a web
//!   filter's page) raises `json.decoder.JSONDecodeError`, caught by nothing (same file).
//! * saas-18.3 `get_certificate_end_date` catches only ValueError: a PermissionError escapes,
//!   and on Windows an aware notAfter is compared with a naive now: TypeError
//!   (`addons/hw_drivers/tools/certificate.py` @00f96124).

use crate::helpers_variant::HelpersVariant;
use crate::names::{Family, Flavour};
use crate::odoo_com::NOT_JSON_MESSAGE;
use crate::scenario::{Fault, OdooCom};
use crate::shared::Shared;
use crate::state::BoxState;

/// The traceback a crashing status read leaves in the log, ending with the exception line.
pub struct Crash {
    pub frames: Vec<String>,
    pub exception: String,
}

fn cert_path(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Linux => "/etc/ssl/certs/nginx-cert.crt",
        Flavour::Windows => "C:\\\\Program Files\\\\Odoo IoT\\\\nginx\\\\conf\\\\nginx-cert.crt",
    }
}

fn addons(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Linux => "/home/pi/odoo/addons",
        Flavour::Windows => "C:\\Program Files\\Odoo IoT\\server\\odoo\\addons",
    }
}

/// `<addons>/<path>` as Python prints it on the box's system: backslashes on Windows.
fn source_path(flavour: Flavour, path: &str) -> String {
    match flavour {
        Flavour::Linux => format!("{}/{path}", addons(flavour)),
        Flavour::Windows => format!("{}\\{}", addons(flavour), path.replace('/', "\\")),
    }
}

/// The route frame at the top of the traceback.
fn route_frame(sh: &Shared) -> String {
    let file = |path: &str| source_path(sh.flavour, path);
    match sh.family() {
        Family::LegacyHtml => {
            let main = file("hw_posbox_homepage/controllers/main.py");
            format!("  File \"{main}\", in index\n  File \"{main}\", in get_homepage_data")
        }
        Family::HwPosboxStatus | Family::HwPosboxEndDate => format!(
            "  File \"{}\", in get_homepage_data",
            file("hw_posbox_homepage/controllers/homepage.py")
        ),
        Family::IotDrivers => format!(
            "  File \"{}\", in get_homepage_data",
            file("iot_drivers/controllers/homepage.py")
        ),
    }
}

/// Whether the certificate check that reading the status route runs would raise now.
pub fn crash(sh: &Shared, st: &BoxState) -> Option<Crash> {
    let hw_check = matches!(sh.family(), Family::LegacyHtml | Family::HwPosboxStatus);
    let has_server = st.server_url.is_some() && !st.spec.access_point;
    let frame = |func: &str, code: &str| {
        let file = match sh.family() {
            Family::LegacyHtml | Family::HwPosboxStatus => "hw_drivers/tools/helpers.py",
            Family::HwPosboxEndDate => "hw_drivers/tools/certificate.py",
            Family::IotDrivers => "iot_drivers/tools/certificate.py",
        };
        format!(
            "  File \"{}\", in {func}\n    {code}",
            source_path(sh.flavour, file)
        )
    };
    let crash = |frames: Vec<String>, exception: String| {
        let mut all = vec![route_frame(sh)];
        all.extend(frames);
        Some(Crash {
            frames: all,
            exception,
        })
    };
    match st.spec.fault {
        Fault::CorruptFile if hw_check && has_server && st.cert_file_damaged => crash(
            vec![
                frame(
                    "get_certificate_status",
                    "check_certificate_result = check_certificate()",
                ),
                frame(
                    "check_certificate",
                    "cert = crypto.load_certificate(crypto.FILETYPE_PEM, f.read())",
                ),
            ],
            "OpenSSL.crypto.Error: [('PEM routines', '', 'no start line')]".into(),
        ),
        // iot_drivers catches only ValueError too (`iot_drivers/tools/certificate.py` @371fe6a0).
        Fault::PermissionDenied if sh.family().uses_end_date() => crash(
            vec![frame(
                "get_certificate_end_date",
                "cert = x509.load_pem_x509_certificate(path.read_bytes())",
            )],
            format!(
                "PermissionError: [Errno 13] Permission denied: '{}'",
                cert_path(sh.flavour)
            ),
        ),
        Fault::WindowsDateComparison
            if sh.family() == Family::HwPosboxEndDate
                && sh.flavour == Flavour::Windows
                && !st.cert.is_placeholder() =>
        {
            crash(
                vec![frame(
                    "get_certificate_end_date",
                    "or datetime.datetime.now() > cert_end_date - datetime.timedelta(days=10)",
                )],
                "TypeError: can't compare offset-naive and offset-aware datetimes".into(),
            )
        }
        _ if hw_check
            && has_server
            && st.spec.odoo_com == OdooCom::FilterPage
            && matches!(
                sh.helpers,
                HelpersVariant::Urllib3 | HelpersVariant::Urllib3UuidOnly
            )
            && needs_download(st) =>
        {
            crash(
                vec![
                    frame(
                        "get_certificate_status",
                        "certificate_process = load_certificate()",
                    ),
                    frame(
                        "load_certificate",
                        "result = json.loads(response.data.decode('utf8'))['result']",
                    ),
                ],
                format!("json.decoder.JSONDecodeError: {NOT_JSON_MESSAGE}"),
            )
        }
        _ if hw_check && has_server && needs_download(st) => {
            let (line, exception) = urllib3_key_error(sh, st)?;
            crash(
                vec![
                    frame(
                        "get_certificate_status",
                        "certificate_process = load_certificate()",
                    ),
                    frame("load_certificate", line),
                ],
                exception.into(),
            )
        }
        _ => None,
    }
}

/// Whether the box runs the urllib3 `load_certificate` (`helpers_variant`), or is forced to
/// crash as early urllib3 code (`Fault::EarlyUrllib3`).
fn runs_urllib3(sh: &Shared, st: &BoxState) -> bool {
    st.spec.fault == Fault::EarlyUrllib3
        || matches!(
            sh.helpers,
            HelpersVariant::Urllib3 | HelpersVariant::Urllib3UuidOnly
        )
}

/// The line of urllib3 `load_certificate` that raises on odoo.com's answer, and its exception:
/// a JSON-RPC error has no `result`; a refusal's `result` holds only `error`
/// (`addons/hw_drivers/tools/helpers.py` @a1926979).
fn urllib3_key_error(sh: &Shared, st: &BoxState) -> Option<(&'static str, &'static str)> {
    if !runs_urllib3(sh, st) {
        return None;
    }
    match st.spec.odoo_com {
        OdooCom::ServerError => Some((
            "result = json.loads(response.data.decode('utf8'))['result']",
            "KeyError: 'result'",
        )),
        OdooCom::Refuse => Some((
            "update_conf({'subject': result['subject_cn']})",
            "KeyError: 'subject_cn'",
        )),
        _ => None,
    }
}

/// hw_* `check_certificate` says NEED_REFRESH: placeholder, or inside the 10-day window.
fn needs_download(st: &BoxState) -> bool {
    st.db_uuid.is_some()
        && st.enterprise_code.is_some()
        && (st.cert.is_placeholder()
            || time::OffsetDateTime::now_utc() > st.cert.not_after - time::Duration::days(10))
}

/// Logs the crash as Odoo does for a request (`odoo.http`) and returns werkzeug's 500.
pub fn answer(st: &mut BoxState, crash: &Crash, counted_odoo_com: bool) -> crate::http::Out {
    if counted_odoo_com {
        st.odoo_com_calls += 1;
    }
    st.log(
        "ERROR",
        "odoo.http",
        &traceback("Exception during request handling.", crash),
    );
    crate::http::internal_error().into()
}

fn traceback(head: &str, crash: &Crash) -> String {
    let mut text = format!("{head}\nTraceback (most recent call last):");
    for f in &crash.frames {
        text.push('\n');
        text.push_str(f);
    }
    text.push('\n');
    text.push_str(&crash.exception);
    text
}

/// True when the crash came from a call to odoo.com (it was made before the box failed).
pub fn called_odoo_com(sh: &Shared, st: &BoxState) -> bool {
    st.spec.odoo_com == OdooCom::FilterPage || urllib3_key_error(sh, st).is_some()
}
