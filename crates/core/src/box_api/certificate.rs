//! Interprets the certificate state a box reports (docs/protocol/certificate-states.md) into one
//! typed value:
//! Odoo's own code with its evidence, or the dates, or — on 18.3+ boxes that show no code —
//! the cause read from the box's log lines.

use serde::Serialize;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::log_run::log_records;
use super::status::RawCertificate;

pub use crate::validity::RENEWAL_MARGIN;

/// Odoo's six codes, used verbatim (docs/protocol/certificate-states.md).
pub const ODOO_CODES: [&str; 6] = [
    "ERR_IOT_HTTPS_CHECK_NO_SERVER",
    "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
    "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
    "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
    "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS",
    "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CodeSource {
    /// The box showed the code itself.
    ReportedByBox,
    /// The box showed free text (late 18.0-line variants), or a code whose text shows it is
    /// another one (requests-based boxes report odoo.com's HTTP errors as `…_EXCEPTION`); we
    /// mapped it to Odoo's code.
    InferredFromText,
    /// The box shows no code (18.3+); we mapped its log lines to Odoo's code.
    InferredFromLogs,
    /// The box shows no code (18.3+); its data fields (no server, no credentials) tell.
    InferredFromData,
}

/// One of Odoo's codes with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OdooCode {
    /// Verbatim, e.g. `ERR_IOT_HTTPS_LOAD_REQUEST_STATUS`.
    pub code: String,
    /// The HTTP status odoo.com answered, for `…_LOAD_REQUEST_STATUS`.
    pub http_status: Option<u16>,
    /// The reason phrase or exception text after the blank line, or the log line.
    pub detail: Option<String>,
    pub source: CodeSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum BoxCertificate {
    /// The box holds a real certificate. `not_after` is RFC 3339 in UTC; the box starts
    /// renewing at `renewal_from` (= notAfter − 10 days).
    Valid {
        subject: Option<String>,
        not_after: Option<String>,
        renewal_from: Option<String>,
    },
    /// 16.0 – 18.2 fallback text after a download whose second check still said "refresh".
    Generated,
    /// The box has no valid certificate and says (or we inferred) why.
    Failed {
        odoo_code: OdooCode,
    },
    /// No valid certificate (18.3+ `certificate_end_date: null`): missing, placeholder, or
    /// within 10 days of expiry; the cause, if any, is only in the logs.
    NoValidCertificate,
    /// The box said something we do not recognise; shown verbatim.
    Unrecognised {
        text: String,
    },
    NotReported,
}

/// Parses what the box reported. Log lines of the current run (`log_run::current_run`; 18.3+,
/// or any family when fetched) refine a `NoValidCertificate` into the cause they reveal.
pub fn interpret(raw: &RawCertificate, logs: Option<&str>) -> BoxCertificate {
    match raw {
        RawCertificate::Status { ok, details } => interpret_details(*ok, details),
        RawCertificate::EndDate {
            end_date: Some(date),
        } => match parse_box_datetime(date) {
            Some(not_after) => valid(None, not_after),
            None => BoxCertificate::Unrecognised { text: date.clone() },
        },
        RawCertificate::EndDate { end_date: None } => logs
            .and_then(cause_from_logs)
            .map(|odoo_code| BoxCertificate::Failed { odoo_code })
            .unwrap_or(BoxCertificate::NoValidCertificate),
        RawCertificate::Absent => BoxCertificate::NotReported,
    }
}

fn valid(subject: Option<String>, not_after: OffsetDateTime) -> BoxCertificate {
    BoxCertificate::Valid {
        subject,
        not_after: Some(rfc3339(not_after)),
        renewal_from: Some(rfc3339(crate::validity::renewal_point(not_after))),
    }
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// `certificate_details` of 16.0 – saas-18.2 (docs/protocol/certificate-states.md).
fn interpret_details(ok: bool, details: &str) -> BoxCertificate {
    let details = details.trim();
    if let Some(rest) = details.strip_prefix("Your certificate ") {
        // "Your certificate <CN> is valid until <notAfter − 10 d>" — the CN may hold spaces.
        if let Some((cn, until)) = rest.rsplit_once(" is valid until ") {
            return match parse_box_datetime(until) {
                Some(renewal) => valid(Some(cn.to_owned()), renewal + RENEWAL_MARGIN),
                None => BoxCertificate::Valid {
                    subject: Some(cn.to_owned()),
                    not_after: None,
                    renewal_from: None,
                },
            };
        }
    }
    if details == "The HTTPS certificate was generated correctly" {
        return BoxCertificate::Generated;
    }
    if let Some(odoo_code) = parse_odoo_code(details) {
        return BoxCertificate::Failed {
            odoo_code: status_behind_exception(odoo_code, details),
        };
    }
    if let Some(odoo_code) = code_from_free_text(details) {
        return BoxCertificate::Failed { odoo_code };
    }
    if ok && details.is_empty() {
        return BoxCertificate::Generated;
    }
    if let Some(odoo_code) = odoo_com_refusal(ok, details) {
        return BoxCertificate::Failed { odoo_code };
    }
    BoxCertificate::Unrecognised {
        text: details.to_owned(),
    }
}

/// requests-based boxes (18.x before saas-18.3) call `raise_for_status()` inside their
/// `except RequestException`, so odoo.com's own HTTP error arrives as
/// `ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\n503 Server Error: … for url: …`. That is odoo.com
/// answering, not the network failing: the STATUS case, with the box's words as evidence.
fn status_behind_exception(code: OdooCode, details: &str) -> OdooCode {
    if code.code != "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION" {
        return code;
    }
    let Some(status) = code.detail.as_deref().and_then(http_status_in) else {
        return code;
    };
    OdooCode {
        code: "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS".into(),
        http_status: Some(status),
        detail: Some(details.chars().take(1000).collect()),
        source: CodeSource::InferredFromText,
    }
}

/// The late 18.0-line variant returns odoo.com's answer itself: its JSON-RPC `error` object
/// (which the status reader passes on as JSON text) or the refusal text of `result.error`.
/// Any other text a box marks as not OK, that is none of Odoo's codes, is that refusal.
fn odoo_com_refusal(ok: bool, details: &str) -> Option<OdooCode> {
    if ok || details.is_empty() || details.starts_with("ERR_") {
        return None;
    }
    let detail = match serde_json::from_str::<serde_json::Value>(details) {
        Ok(serde_json::Value::Object(error)) => {
            let message = |v: &serde_json::Value| v.get("message")?.as_str().map(str::to_owned);
            let data = error.get("data").and_then(message);
            let top = message(&serde_json::Value::Object(error.clone()));
            match (top, data) {
                (Some(t), Some(d)) => format!("odoo.com answered an error: {t}: {d}"),
                (Some(m), None) | (None, Some(m)) => format!("odoo.com answered an error: {m}"),
                (None, None) => format!("odoo.com answered an error: {details}"),
            }
        }
        _ => details.to_owned(),
    };
    Some(OdooCode {
        code: "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT".into(),
        http_status: None,
        detail: Some(detail.chars().take(1000).collect()),
        source: CodeSource::InferredFromText,
    })
}

/// `ERR_…` + optional ` <status>` on the first line, then `\n\n` and the reason or exception.
pub fn parse_odoo_code(details: &str) -> Option<OdooCode> {
    let (head, detail) = match details.split_once("\n\n") {
        Some((h, d)) => (
            h.trim(),
            Some(d.trim().to_owned()).filter(|d| !d.is_empty()),
        ),
        None => (details.trim(), None),
    };
    let mut words = head.split_whitespace();
    let code = words.next()?;
    if !ODOO_CODES.contains(&code) {
        return None;
    }
    let http_status = match code {
        "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS" => words
            .next()
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|s| (100..=599).contains(s)),
        _ => None,
    };
    Some(OdooCode {
        code: code.to_owned(),
        http_status,
        detail,
        source: CodeSource::ReportedByBox,
    })
}

/// Free-text messages of the late 18.0-line variant (`hw_drivers/tools/helpers.py` @05cd9db4,
/// incoming 89f71f70): each stands for one of Odoo's codes.
fn code_from_free_text(text: &str) -> Option<OdooCode> {
    let code = if text == "ERR_SSL_CERT_DOWNLOAD" {
        "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"
    } else if text == "Can't read certificate file" {
        "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"
    } else if text.starts_with("No database UUID found") {
        "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL"
    } else if text.starts_with("The certificate received from odoo.com is not valid") {
        "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"
    } else {
        return None;
    };
    Some(OdooCode {
        code: code.into(),
        http_status: None,
        detail: Some(text.to_owned()),
        source: CodeSource::InferredFromText,
    })
}

/// The newest certificate-related log line of an 18.3+ box, mapped to the code an older box
/// would have shown (docs/protocol/certificate-states.md; the mapping is an inference).
/// `logs` must hold only the current run's records (`log_run::current_run`).
pub fn cause_from_logs(logs: &str) -> Option<OdooCode> {
    const PATTERNS: [(&str, &str); 4] = [
        (
            "An error occurred while trying to reach odoo.com",
            "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
        ),
        (
            "Server error received from odoo.com while trying to get the certificate",
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        ),
        (
            "Error received from odoo.com while trying to get the certificate",
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        ),
        (
            "The certificate received from odoo.com is not valid",
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        ),
    ];
    log_records(logs).into_iter().rev().find_map(|line| {
        let line = line.as_str();
        PATTERNS.iter().find_map(|(needle, code)| {
            let at = line.find(needle)?;
            let detail: String = line[at..].chars().take(1000).collect();
            // `requests` puts odoo.com's HTTP answer in the exception text ("404 Client Error:
            // Not Found for url: …"): that is the STATUS case of older boxes.
            let http_status = http_status_in(&detail);
            let code = match http_status {
                Some(_) => "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS",
                None => code,
            };
            Some(OdooCode {
                code: code.into(),
                http_status,
                detail: Some(detail),
                source: CodeSource::InferredFromLogs,
            })
        })
    })
}

/// `NNN Client Error` / `NNN Server Error` in a `requests` exception text.
fn http_status_in(text: &str) -> Option<u16> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        let status = w[0]
            .parse::<u16>()
            .ok()
            .filter(|s| (400..=599).contains(s))?;
        (matches!(w[1], "Client" | "Server") && w[2].starts_with("Error")).then_some(status)
    })
}

/// `YYYY-MM-DD HH:MM:SS` (naive, taken as UTC: boxes run in UTC) or with `+00:00`, optionally
/// with fractional seconds (docs/protocol/certificate-states.md "End dates").
pub fn parse_box_datetime(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    // A date is ASCII; anything else is not a box date (and must not be sliced mid-character).
    if !text.is_ascii() {
        return None;
    }
    let (naive, offset) = match text.len() {
        n if n > 6
            && (text[n - 6..].starts_with('+') || text[n - 6..].starts_with('-'))
            && text.as_bytes()[n - 3] == b':' =>
        {
            (&text[..n - 6], Some(&text[n - 6..]))
        }
        _ => (text, None),
    };
    let naive = naive.split('.').next()?;
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let dt = PrimitiveDateTime::parse(naive, &fmt).ok()?;
    let offset = match offset {
        None | Some("+00:00") | Some("-00:00") => time::UtcOffset::UTC,
        Some(o) => {
            let sign: i8 = if o.starts_with('-') { -1 } else { 1 };
            let h: i8 = o[1..3].parse().ok()?;
            let m: i8 = o[4..6].parse().ok()?;
            time::UtcOffset::from_hms(sign * h, sign * m, 0).ok()?
        }
    };
    Some(dt.assume_offset(offset).to_offset(time::UtcOffset::UTC))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(ok: bool, d: &str) -> BoxCertificate {
        interpret(
            &RawCertificate::Status {
                ok,
                details: d.into(),
            },
            None,
        )
    }

    #[test]
    fn valid_until_is_not_after_minus_ten_days() {
        let got = status(
            true,
            "Your certificate *.d73e7513.odoo-iot.com is valid until 2026-12-01 08:00:00",
        );
        assert_eq!(
            got,
            BoxCertificate::Valid {
                subject: Some("*.d73e7513.odoo-iot.com".into()),
                not_after: Some("2026-12-11T08:00:00Z".into()),
                renewal_from: Some("2026-12-01T08:00:00Z".into()),
            }
        );
    }

    #[test]
    fn every_odoo_code_is_read_with_its_evidence() {
        let got = status(false, "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404\n\nNot Found");
        let BoxCertificate::Failed { odoo_code } = got else {
            panic!("{got:?}")
        };
        assert_eq!(odoo_code.code, "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS");
        assert_eq!(odoo_code.http_status, Some(404));
        assert_eq!(odoo_code.detail.as_deref(), Some("Not Found"));
        assert_eq!(odoo_code.source, CodeSource::ReportedByBox);

        let exc = "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\nHTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded";
        let BoxCertificate::Failed { odoo_code } = status(false, exc) else {
            panic!()
        };
        assert!(odoo_code.detail.unwrap().starts_with("HTTPSConnectionPool"));

        for code in ODOO_CODES {
            let BoxCertificate::Failed { odoo_code } = status(false, code) else {
                panic!("{code}")
            };
            assert_eq!(odoo_code.code, code);
        }
    }

    #[test]
    fn free_text_variants_map_to_odoo_codes() {
        for (text, code) in [
            (
                "ERR_SSL_CERT_DOWNLOAD",
                "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
            ),
            (
                "Can't read certificate file",
                "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
            ),
            (
                "No database UUID found on the IoT Box configuration, try pairing again.",
                "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
            ),
            (
                "The certificate received from odoo.com is not valid, try restarting.",
                "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
            ),
        ] {
            let BoxCertificate::Failed { odoo_code } = status(false, text) else {
                panic!("{text}")
            };
            assert_eq!(
                (odoo_code.code.as_str(), odoo_code.source),
                (code, CodeSource::InferredFromText)
            );
        }
        assert_eq!(
            status(true, "The HTTPS certificate was generated correctly"),
            BoxCertificate::Generated
        );
        assert_eq!(
            status(true, "something new"),
            BoxCertificate::Unrecognised {
                text: "something new".into()
            }
        );
        assert_eq!(
            status(false, "ERR_IOT_HTTPS_SOMETHING_NEW"),
            BoxCertificate::Unrecognised {
                text: "ERR_IOT_HTTPS_SOMETHING_NEW".into()
            }
        );
    }

    #[test]
    fn requests_http_errors_are_the_status_case() {
        let text = "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\n503 Server Error: Service Unavailable for url: https://www.odoo.com/odoo-enterprise/iot/x509";
        let BoxCertificate::Failed { odoo_code } = status(false, text) else {
            panic!()
        };
        assert_eq!(odoo_code.code, "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS");
        assert_eq!(odoo_code.http_status, Some(503));
        assert_eq!(odoo_code.source, CodeSource::InferredFromText);
        assert_eq!(odoo_code.detail.as_deref(), Some(text));
        // A real connection failure stays an exception, reported by the box.
        let text = "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\nHTTPSConnectionPool(host='www.odoo.com', port=443): Read timed out. (read timeout=5)";
        let BoxCertificate::Failed { odoo_code } = status(false, text) else {
            panic!()
        };
        assert_eq!(
            (odoo_code.code.as_str(), odoo_code.source),
            (
                "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
                CodeSource::ReportedByBox
            )
        );
    }

    #[test]
    fn odoo_com_answers_passed_through_are_no_result() {
        for (text, evidence) in [
            (
                r#"{"code": 200, "message": "Odoo Server Error", "data": {"message": "boom"}}"#,
                "odoo.com answered an error: Odoo Server Error: boom",
            ),
            (
                "This database is not eligible for an IoT box certificate.",
                "This database is not eligible for an IoT box certificate.",
            ),
        ] {
            let BoxCertificate::Failed { odoo_code } = status(false, text) else {
                panic!("{text}")
            };
            assert_eq!(odoo_code.code, "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT");
            assert_eq!(odoo_code.source, CodeSource::InferredFromText);
            assert_eq!(odoo_code.detail.as_deref(), Some(evidence));
        }
    }

    #[test]
    fn end_date_in_both_forms() {
        for text in [
            "2027-02-24 08:00:00",
            "2027-02-24 08:00:00+00:00",
            "2027-02-24 10:00:00+02:00",
            "2027-02-24 08:00:00.123456",
        ] {
            let got = interpret(
                &RawCertificate::EndDate {
                    end_date: Some(text.into()),
                },
                None,
            );
            let BoxCertificate::Valid { not_after, .. } = got else {
                panic!("{text}")
            };
            assert_eq!(not_after.as_deref(), Some("2027-02-24T08:00:00Z"), "{text}");
        }
        assert!(matches!(
            interpret(
                &RawCertificate::EndDate {
                    end_date: Some("soon".into())
                },
                None
            ),
            BoxCertificate::Unrecognised { .. }
        ));
    }

    #[test]
    fn logs_reveal_the_cause_when_the_box_shows_no_code() {
        let logs = "2026-11-26 00:00:01,000 1 INFO ? odoo: starting\n\
            2026-11-26 00:00:02,000 1 ERROR ? odoo.addons.iot_drivers.tools.certificate: An error occurred while trying to reach odoo.com servers.\n";
        let got = interpret(&RawCertificate::EndDate { end_date: None }, Some(logs));
        let BoxCertificate::Failed { odoo_code } = got else {
            panic!("{got:?}")
        };
        assert_eq!(odoo_code.code, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION");
        assert_eq!(odoo_code.source, CodeSource::InferredFromLogs);
        assert_eq!(
            interpret(
                &RawCertificate::EndDate { end_date: None },
                Some("all quiet")
            ),
            BoxCertificate::NoValidCertificate
        );
        let status = "WARNING x: An error occurred while trying to reach odoo.com to get a new certificate: 404 Client Error: Not Found for url: https://www.odoo.com/odoo-enterprise/iot/x509";
        let Some(c) = cause_from_logs(status) else {
            panic!()
        };
        assert_eq!(
            (c.code.as_str(), c.http_status),
            ("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS", Some(404))
        );
        // The newest line wins.
        let later = format!("{logs}2026-11-26 00:00:03,000 1 WARNING ? x: Error received from odoo.com while trying to get the certificate: not eligible\n");
        let Some(c) = cause_from_logs(&later) else {
            panic!()
        };
        assert_eq!(c.code, "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT");
    }
}
