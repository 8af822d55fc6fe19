//! What a box says about itself, reduced to what the assistant uses. Every field of the wire is
//! optional (docs/protocol/families.md): a missing or wrongly typed field becomes `None` plus an anomaly
//! note, never a failure of the whole read.
//!
//! The contract code is reduced to "present or not" while parsing, so it never exists in any
//! value this crate hands out.

use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::family::{ApiFamily, OsFlavour};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoxStatus {
    /// The address that was contacted, `ip:port`.
    pub address: String,
    pub family: ApiFamily,
    pub flavour: OsFlavour,
    pub version: Option<String>,
    /// The IP the box reports for itself (the one its HTTPS name encodes).
    pub ip: Option<String>,
    pub hostname: Option<String>,
    /// `identifier` (saas-18.4+: serial or motherboard UUID) where the family has it.
    pub identifier: Option<String>,
    pub mac: Option<String>,
    pub pairing: Pairing,
    /// `new_database_url` (18.3+): a pairing was accepted and the box restarts to connect to
    /// this database; `server_status` stays empty until then (docs/protocol/pairing.md).
    pub new_database_url: Option<String>,
    pub access_point: bool,
    pub credentials: Credentials,
    pub certificate: RawCertificate,
    /// The box's clock, from the HTTP `Date` header of the status answer.
    pub box_date: Option<String>,
    /// Seconds since this run of Odoo started (`odoo_uptime_seconds`, saas-18.4+): with the
    /// box's clock it says which log lines belong to this run (`log_run`).
    pub odoo_uptime_seconds: Option<f64>,
    /// Fields that were present but not of the expected shape.
    pub anomalies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Pairing {
    Paired {
        server: String,
    },
    NotPaired {
        pairing_code: Option<String>,
        code_expired: bool,
    },
    /// The family does not expose pairing on a route we read.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    /// The database UUID is not a secret: it prefills the credentials form.
    pub db_uuid: Option<String>,
    pub enterprise_code_present: bool,
}

/// The certificate state exactly as the box reports it; interpretation is a separate step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum RawCertificate {
    /// `is_certificate_ok` + `certificate_details` (16.0 homepage row, 17.0 – saas-18.2;
    /// docs/protocol/certificate-states.md).
    Status { ok: bool, details: String },
    /// `certificate_end_date` (saas-18.3+; docs/protocol/certificate-states.md). `None`: the box has no valid certificate.
    EndDate { end_date: Option<String> },
    /// The box reported no certificate fields we know.
    Absent,
}

impl BoxStatus {
    /// The box's clock when it answered (HTTP `Date`, whole seconds).
    pub fn box_time(&self) -> Option<OffsetDateTime> {
        parse_http_date(self.box_date.as_deref()?)
    }
}

/// `Thu, 26 Nov 2026 06:44:13 GMT` (RFC 9110 IMF-fixdate; "GMT" is an RFC 2822 obsolete zone).
pub fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc2822).ok()
}

/// Reads typed fields out of a JSON object, noting every field of the wrong type.
pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
    pub anomalies: Vec<String>,
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Map<String, Value>) -> Self {
        Self {
            map,
            anomalies: Vec::new(),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A non-empty string. `false` and `null` mean "not set" in Odoo's answers.
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(bounded(s)),
            Value::Null | Value::Bool(false) => None,
            other => {
                self.note(key, "a string", other);
                None
            }
        }
    }

    /// A finite, non-negative number.
    pub fn seconds(&mut self, key: &str) -> Option<f64> {
        match self.map.get(key)? {
            Value::Number(n) => n.as_f64().filter(|s| s.is_finite() && *s >= 0.0),
            Value::Null => None,
            other => {
                self.note(key, "a number", other);
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        match self.map.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            other => {
                self.note(key, "true or false", other);
                None
            }
        }
    }

    fn note(&mut self, key: &str, expected: &str, got: &Value) {
        let kind = match got {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        };
        self.anomalies
            .push(format!("field `{key}` is {kind}, expected {expected}"));
    }
}

/// Keeps one hostile field from filling the window or a report.
fn bounded(s: &str) -> String {
    const MAX: usize = 4096;
    if s.len() <= MAX {
        return s.to_owned();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// `server_status` is a URL when paired, `"Not Configured"` (16–18) or `""` (master) when not.
pub(crate) fn pairing_from(fields: &mut Fields<'_>) -> Pairing {
    if !fields.has("server_status") && !fields.has("pairing_code") {
        return Pairing::Unknown;
    }
    match fields.string("server_status") {
        Some(server) if !server.eq_ignore_ascii_case("not configured") => {
            Pairing::Paired { server }
        }
        _ => Pairing::NotPaired {
            pairing_code: fields.string("pairing_code"),
            code_expired: fields.bool("pairing_code_expired").unwrap_or(false),
        },
    }
}

/// Parses the data route of the JSON families (docs/protocol/families.md).
pub(crate) fn from_data_route(
    family: ApiFamily,
    address: String,
    data: &Map<String, Value>,
    box_date: Option<String>,
) -> BoxStatus {
    let mut f = Fields::new(data);
    let version = f.string("version");
    let system = f.string("system");
    let flavour = OsFlavour::detect(system.as_deref(), version.as_deref());
    let ip = f.string("ip");
    let hostname = f.string("hostname");
    let identifier = f.string("identifier");
    let mac = f.string("mac").or_else(|| f.string("mac_address"));
    let pairing = pairing_from(&mut f);
    let new_database_url = f.string("new_database_url");
    let access_point = f.bool("is_access_point_up").unwrap_or(false)
        || f.string("network_status")
            .is_some_and(|s| s.eq_ignore_ascii_case("wifi access point"));
    let credentials = Credentials {
        db_uuid: f.string("db_uuid"),
        enterprise_code_present: f.string("enterprise_code").is_some(),
    };
    let certificate = if f.has("certificate_end_date") {
        RawCertificate::EndDate {
            end_date: f.string("certificate_end_date"),
        }
    } else if f.has("is_certificate_ok") || f.has("certificate_details") {
        // The late 18.0 line passes odoo.com's JSON-RPC `error` object through as the details
        // (docs/protocol/certificate-states.md); keep it, as JSON text, for the interpretation.
        let details = match data.get("certificate_details") {
            Some(object @ Value::Object(_)) => bounded(&object.to_string()),
            _ => f.string("certificate_details").unwrap_or_default(),
        };
        RawCertificate::Status {
            ok: f.bool("is_certificate_ok").unwrap_or(false),
            details,
        }
    } else {
        RawCertificate::Absent
    };
    let odoo_uptime_seconds = f.seconds("odoo_uptime_seconds");
    BoxStatus {
        address,
        family,
        flavour,
        version,
        ip,
        hostname,
        identifier,
        mac,
        pairing,
        new_database_url,
        access_point,
        credentials,
        certificate,
        box_date,
        odoo_uptime_seconds,
        anomalies: f.anomalies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> BoxStatus {
        from_data_route(
            ApiFamily::IotDrivers,
            "127.0.0.1:8069".into(),
            v.as_object().unwrap(),
            None,
        )
    }

    #[test]
    fn reduces_the_contract_code_to_presence() {
        let s = parse(
            json!({"db_uuid": "u", "enterprise_code": "CANARY-SECRET-123", "certificate_end_date": null}),
        );
        assert!(s.credentials.enterprise_code_present);
        assert!(!serde_json::to_string(&s)
            .unwrap()
            .contains("CANARY-SECRET-123"));
        assert_eq!(s.certificate, RawCertificate::EndDate { end_date: None });
    }

    #[test]
    fn wrong_types_become_anomalies_not_failures() {
        let s = parse(
            json!({"ip": 12, "version": ["x"], "is_access_point_up": "yes", "server_status": ""}),
        );
        assert_eq!(s.ip, None);
        assert_eq!(s.anomalies.len(), 3, "{:?}", s.anomalies);
        assert_eq!(
            s.pairing,
            Pairing::NotPaired {
                pairing_code: None,
                code_expired: false
            }
        );
    }

    #[test]
    fn pairing_reads_both_unpaired_spellings() {
        let s = parse(json!({"server_status": "Not Configured", "pairing_code": "ABC123"}));
        assert_eq!(
            s.pairing,
            Pairing::NotPaired {
                pairing_code: Some("ABC123".into()),
                code_expired: false
            }
        );
        let s = parse(json!({"server_status": "https://shop.example"}));
        assert_eq!(
            s.pairing,
            Pairing::Paired {
                server: "https://shop.example".into()
            }
        );
    }

    #[test]
    fn huge_fields_are_cut() {
        let s = parse(json!({"hostname": "x".repeat(100_000)}));
        assert!(s.hostname.unwrap().len() < 5000);
    }
}
