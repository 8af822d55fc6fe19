//! A status route that answers HTTP 500 (docs/protocol/status-reads.md). Odoo catches nothing
//! around the certificate check on `/` (16.0) and `…/data` (17.0+), so a damaged or unreadable
//! certificate file, odoo.com's JSON-RPC error on early urllib3 boxes, and saas-18.3's date
//! comparison on Windows all crash the route. The box still answers hello; the traceback in
//! its log says which case it is.

use serde::Serialize;

use super::family::{ApiFamily, OsFlavour};
use super::log_run::log_records;

/// What made the status route crash, read from the traceback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CrashCause {
    /// `nginx-cert.crt` is damaged or unreadable (`OpenSSL.crypto.Error`, `PermissionError`):
    /// what `ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION` means on boxes that catch it.
    CertificateFile,
    /// odoo.com answered without a certificate (its JSON-RPC error or a refusal), and the
    /// box's code could not read that answer (`KeyError`): `…_LOAD_REQUEST_NO_RESULT`.
    OdooComRefused,
    /// odoo.com's address answered a page that is not JSON (a web filter's or a portal's):
    /// urllib3's `json.loads` raises `JSONDecodeError`. Not odoo.com: see `web_filter`.
    OdooComNotJson,
    /// saas-18.3 on Windows compares an aware date with a naive one (`TypeError`): every status
    /// read fails while the box holds a real certificate. Not a certificate problem.
    WindowsDateComparison,
}

impl CrashCause {
    /// The Odoo code the cause corresponds to, where there is one.
    pub fn odoo_code(self) -> Option<&'static str> {
        match self {
            Self::CertificateFile => Some("ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"),
            Self::OdooComRefused => Some("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"),
            Self::OdooComNotJson | Self::WindowsDateComparison => None,
        }
    }
}

/// The newest status-route crash in the log, its cause when recognised, and the family the
/// traceback's file names reveal (18.3's `hw_drivers/tools/certificate.py`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCrash {
    pub cause: Option<CrashCause>,
    /// The log record (traceback lines joined with " | "), cut to 1000 characters.
    pub record: String,
    pub family: Option<ApiFamily>,
    /// The platform the traceback's file paths reveal (`C:\…` on a Windows IoT, `/home/pi/…`
    /// on a Pi): the status read failed, so the box's data cannot say.
    pub platform: OsFlavour,
}

/// Frames of the certificate check that reading the status route runs.
const CHECK_FRAMES: [&str; 5] = [
    "get_certificate_status",
    "check_certificate",
    "load_certificate",
    "get_certificate_end_date",
    "get_homepage_data",
];

impl StatusCrash {
    /// odoo.com's refusal (`{"result": {"error": …}}`) rather than its JSON-RPC error: 16.0/17.0's
    /// urllib3 `load_certificate` passes `if not result` with it and raises on
    /// `result['subject_cn']` (`hw_drivers/tools/helpers.py` @a1926979).
    pub fn is_odoo_com_refusal(&self) -> bool {
        self.cause == Some(CrashCause::OdooComRefused) && self.record.contains("'subject_cn'")
    }
}

pub fn crash_from_logs(logs: &str) -> Option<StatusCrash> {
    log_records(logs).into_iter().rev().find_map(|record| {
        let traceback = record.contains("Traceback (most recent call last)");
        if !traceback || !CHECK_FRAMES.iter().any(|f| record.contains(f)) {
            return None;
        }
        let cause = if record.contains("can't compare offset-naive and offset-aware datetimes") {
            Some(CrashCause::WindowsDateComparison)
        } else if record.contains("OpenSSL.crypto.Error")
            || record.contains("PermissionError")
            || record.contains("nginx-cert.crt")
            || record.contains("load_pem_x509_certificate")
        {
            Some(CrashCause::CertificateFile)
        } else if super::web_filter::not_json_traceback(&record) {
            Some(CrashCause::OdooComNotJson)
        } else if record.contains("load_certificate")
            && (record.contains("KeyError") || record.contains("TypeError"))
        {
            Some(CrashCause::OdooComRefused)
        } else {
            None
        };
        // Windows prints its paths with backslashes. The date comparison's TypeError exists
        // only in saas-18.3's `hw_drivers/tools/certificate.py` (@00f96124): it names the
        // family whatever the path looks like.
        let path = record.replace('\\', "/");
        let family = if path.contains("iot_drivers/tools/certificate.py") {
            Some(ApiFamily::IotDrivers)
        } else if path.contains("hw_drivers/tools/certificate.py")
            || cause == Some(CrashCause::WindowsDateComparison)
        {
            Some(ApiFamily::HwPosboxEndDate)
        } else {
            None
        };
        Some(StatusCrash {
            cause,
            record: record.chars().take(1000).collect(),
            family,
            platform: traceback_platform(&record, cause),
        })
    })
}

/// A traceback's `File "…"` paths: a drive letter is a Windows IoT, `/home/pi/` a Pi (the
/// images' Odoo checkout); saas-18.3's date-comparison crash exists only on Windows.
fn traceback_platform(record: &str, cause: Option<CrashCause>) -> OsFlavour {
    let windows_path = record.match_indices("File \"").any(|(at, m)| {
        let path = &record.as_bytes()[at + m.len()..];
        path.len() > 2 && path[0].is_ascii_alphabetic() && path[1] == b':' && path[2] == b'\\'
    });
    if windows_path || cause == Some(CrashCause::WindowsDateComparison) {
        OsFlavour::Windows
    } else if record.contains("File \"/home/pi/") {
        OsFlavour::Linux
    } else {
        OsFlavour::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(exception: &str, frame: &str) -> String {
        format!(
            "2026-12-01 08:00:00,000 4242 INFO ? odoo: starting\n\
             2026-12-01 08:00:01,000 4242 ERROR ? odoo.http: Exception during request handling.\n\
             Traceback (most recent call last):\n  File \"/home/pi/odoo/addons/{frame}\", in get_certificate_status\n{exception}\n\
             2026-12-01 08:00:02,000 4242 INFO ? werkzeug: 127.0.0.1 GET / 500"
        )
    }

    #[test]
    fn each_traceback_names_its_cause() {
        let cases = [
            (
                "OpenSSL.crypto.Error: [('PEM routines', '', 'no start line')]",
                "hw_drivers/tools/helpers.py",
                Some(CrashCause::CertificateFile),
                None,
            ),
            (
                "PermissionError: [Errno 13] Permission denied: '/etc/ssl/certs/nginx-cert.crt'",
                "hw_drivers/tools/certificate.py",
                Some(CrashCause::CertificateFile),
                Some(ApiFamily::HwPosboxEndDate),
            ),
            (
                "  File \"x/hw_drivers/tools/helpers.py\", in load_certificate\nKeyError: 'result'",
                "hw_drivers/tools/helpers.py",
                Some(CrashCause::OdooComRefused),
                None,
            ),
            // odoo.com's refusal on 16.0/17.0's default helpers (@a1926979).
            (
                "  File \"x/hw_drivers/tools/helpers.py\", in load_certificate\n    update_conf({'subject': result['subject_cn']})\nKeyError: 'subject_cn'",
                "hw_drivers/tools/helpers.py",
                Some(CrashCause::OdooComRefused),
                None,
            ),
            (
                "TypeError: can't compare offset-naive and offset-aware datetimes",
                "hw_drivers/tools/certificate.py",
                Some(CrashCause::WindowsDateComparison),
                Some(ApiFamily::HwPosboxEndDate),
            ),
            // Windows paths: backslashes, as Python prints them there.
            (
                "TypeError: can't compare offset-naive and offset-aware datetimes",
                "hw_drivers\\tools\\certificate.py",
                Some(CrashCause::WindowsDateComparison),
                Some(ApiFamily::HwPosboxEndDate),
            ),
            (
                "PermissionError: [Errno 13] Permission denied: 'C:\\x\\nginx-cert.crt'",
                "iot_drivers\\tools\\certificate.py",
                Some(CrashCause::CertificateFile),
                Some(ApiFamily::IotDrivers),
            ),
            (
                "ZeroDivisionError: division by zero",
                "hw_drivers/tools/helpers.py",
                None,
                None,
            ),
        ];
        for (exception, frame, cause, family) in cases {
            let crash = crash_from_logs(&log(exception, frame)).expect(exception);
            assert_eq!(crash.cause, cause, "{exception}");
            assert_eq!(crash.family, family, "{exception}");
            assert!(crash.record.contains("Exception during request handling"));
            assert_eq!(
                crash.is_odoo_com_refusal(),
                exception.ends_with("KeyError: 'subject_cn'"),
                "{exception}"
            );
        }
    }

    #[test]
    fn the_traceback_paths_name_the_platform() {
        let error = "OpenSSL.crypto.Error: [('PEM routines', '', 'no start line')]";
        let pi = log(error, "hw_drivers/tools/helpers.py");
        assert_eq!(crash_from_logs(&pi).unwrap().platform, OsFlavour::Linux);
        let windows = pi.replace(
            "/home/pi/odoo/addons/hw_drivers/tools/helpers.py",
            "C:\\Program Files\\Odoo IoT 17\\server\\odoo\\addons\\hw_drivers\\tools\\helpers.py",
        );
        assert_ne!(windows, pi);
        assert_eq!(
            crash_from_logs(&windows).unwrap().platform,
            OsFlavour::Windows
        );
        let elsewhere = pi.replace("/home/pi/odoo", "/opt/odoo");
        assert_eq!(
            crash_from_logs(&elsewhere).unwrap().platform,
            OsFlavour::Unknown
        );
    }

    #[test]
    fn no_traceback_no_crash() {
        assert_eq!(
            crash_from_logs("2026-12-01 08:00:00,000 1 INFO ? odoo: fine\n"),
            None
        );
        assert_eq!(crash_from_logs(""), None);
    }
}
