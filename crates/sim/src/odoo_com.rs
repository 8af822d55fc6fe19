//! The simulated `POST https://www.odoo.com/odoo-enterprise/iot/x509` (odoo-iot-protocol.md §5). An in-process
//! function: the simulator never touches the network. The box-side interpretation of each reply
//! lives in `box_cert`, so this module only says what odoo.com would send.

use serde_json::{json, Value};

use crate::certs::{ServedCert, TestCa};
use crate::scenario::OdooCom;

pub const X509_URL: &str = "https://www.odoo.com/odoo-enterprise/iot/x509";

/// What the box's HTTP client gets back.
pub enum Reply {
    /// The request never completed; text as Python's urllib3/requests would print it.
    Exception(String),
    /// HTTP status other than 200, with its reason phrase (odoo-iot-protocol.md §4.2 `…_STATUS <code>\n\n<reason>`).
    Status(u16, String),
    /// A 200 with a JSON-RPC envelope. When it carries a certificate, `issued` is the same
    /// certificate with its metadata, so the box need not re-parse the PEM.
    Json {
        body: Value,
        issued: Option<ServedCert>,
    },
    /// No answer at all (a firewall that drops): the box's own timeout decides how long it
    /// waits and what it writes (`slow`).
    Dropped,
    /// A 200 whose body is not JSON (a web filter's page): Python's JSON parser fails.
    NotJson,
}

/// `JSONDecodeError`'s message on an HTML body, as Python's `json` and requests print it.
pub const NOT_JSON_MESSAGE: &str = "Expecting value: line 1 column 1 (char 0)";

/// The exception text of a refused TCP connection to www.odoo.com (field-problems.md F3).
fn connection_refused() -> String {
    "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
     /odoo-enterprise/iot/x509 (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection \
     object at 0x7f3a2c1d5e80>: Failed to establish a new network connection: [Errno 111] \
     Connection refused'))"
        .to_string()
}

/// The box has no default route: its own connect fails with ENETUNREACH.
pub fn network_unreachable() -> String {
    "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
     /odoo-enterprise/iot/x509 (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection \
     object at 0x7f3a2c1d5e80>: Failed to establish a new network connection: [Errno 101] \
     Network is unreachable'))"
        .to_string()
}

/// www.odoo.com does not resolve, as urllib3 1.26 prints it on a Pi (`getaddrinfo`'s EAI_AGAIN).
fn name_not_resolved() -> String {
    "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
     /odoo-enterprise/iot/x509 (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection \
     object at 0x7f3a2c1d5e80>: Failed to establish a new network connection: [Errno -3] \
     Temporary failure in name resolution'))"
        .to_string()
}

/// A filter's own certificate where www.odoo.com's should be, as requests prints it.
fn certificate_verify_failed() -> String {
    "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
     /odoo-enterprise/iot/x509 (Caused by SSLError(SSLCertVerificationError(1, '[SSL: \
     CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer \
     certificate (_ssl.c:1006)')))"
        .to_string()
}

pub fn reason_phrase(code: u16) -> String {
    hyper::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown")
        .to_string()
}

/// `{"params":{"db_uuid":…,"enterprise_code":…}}` → reply, per the scenario's odoo.com.
pub fn x509(
    ca: &TestCa,
    behaviour: OdooCom,
    http_status: u16,
    db_uuid: &str,
    enterprise_code: &str,
) -> Reply {
    match behaviour {
        OdooCom::Unreachable => Reply::Exception(connection_refused()),
        OdooCom::Unresolved => Reply::Exception(name_not_resolved()),
        OdooCom::TlsInspected => Reply::Exception(certificate_verify_failed()),
        OdooCom::Dropped => Reply::Dropped,
        OdooCom::HttpStatus if http_status != 200 => {
            Reply::Status(http_status, reason_phrase(http_status))
        }
        OdooCom::Refuse => refusal("This database is not eligible for an IoT box certificate."),
        OdooCom::FilterBlock => Reply::Status(403, reason_phrase(403)),
        OdooCom::FilterPage => Reply::NotJson,
        OdooCom::ServerError => Reply::Json {
            body: json!({"jsonrpc": "2.0", "id": null, "error": {
                "code": 200, "message": "Odoo Server Error",
                "data": {"name": "odoo.exceptions.UserError", "message": "Simulated odoo.com server fault"}
            }}),
            issued: None,
        },
        OdooCom::ResultFalse => Reply::Json {
            body: json!({"jsonrpc": "2.0", "id": null, "result": false}),
            issued: None,
        },
        OdooCom::InvalidCertificate => Reply::Json {
            body: json!({"jsonrpc": "2.0", "id": null, "result": {
                "x509_pem": "", "private_key_pem": "", "subject_cn": crate::certs::wildcard_cn()
            }}),
            issued: None,
        },
        OdooCom::Issue | OdooCom::HttpStatus => {
            // Eligibility needs at least the database UUID (§4.2, field-problems.md §1.2);
            // the refusal text is the simulator's own (the doc gives no wording).
            if db_uuid.is_empty() {
                return refusal("Missing database UUID.");
            }
            let _ = enterprise_code; // newer boxes send "" (§5); odoo.com may still issue.
            match ca.issue_fresh() {
                Ok(cert) => Reply::Json {
                    body: json!({"jsonrpc": "2.0", "id": null, "result": {
                        "x509_pem": cert.cert_pem, "private_key_pem": cert.key_pem, "subject_cn": cert.cn
                    }}),
                    issued: Some(cert),
                },
                Err(e) => Reply::Exception(format!("simulated issuance failed: {e}")),
            }
        }
    }
}

fn refusal(msg: &str) -> Reply {
    Reply::Json {
        body: json!({"jsonrpc": "2.0", "id": null, "result": {"error": msg}}),
        issued: None,
    }
}
