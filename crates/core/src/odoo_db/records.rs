//! `iot.box` rows as Odoo sends them, read strictly. Empty Char and Datetime fields arrive as
//! `false`; a Datetime is `"YYYY-MM-DD HH:MM:SS"` in UTC (`fields.Datetime.to_string`).

use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::BadAnswerReason;

/// Always asked for; present on every version with the IoT app.
pub const BASE_FIELDS: &[&str] = &["name", "identifier", "ip", "version"];
/// 18.3+ (odoo/odoo PR #206693, Enterprise `iot`): the box reports it after each check.
pub const END_DATE_FIELD: &str = "ssl_certificate_end_date";
/// Asked for only where `fields_get` lists it.
pub const LNA_FIELD: &str = "use_lna";
/// More boxes than any partner runs in one database; a larger answer is not believed.
pub const MAX_BOXES: usize = 5000;

/// One IoT box as its database knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DbBox {
    pub name: String,
    pub identifier: Option<String>,
    /// The address the box last reported: the IP its HTTPS name encodes when it reported that
    /// name (`https_name`), else the text as it came.
    pub ip: Option<String>,
    /// The box's HTTPS name `<ip-dashed>.<hash>.odoo-iot.com`: an 18.4+ box with a certificate
    /// reports it as `ip` (`Manager._get_domain()`, `addons/iot_drivers/main.py` @00067bed,
    /// sent to `/iot/setup` as `iot_box.ip`; the field is "Domain Address").
    pub https_name: Option<String>,
    /// The box image version, e.g. `25.10`.
    pub version: Option<String>,
    pub use_lna: Option<bool>,
    /// The certificate end date the box last reported (RFC 3339, UTC); `None` on databases
    /// without the field and on boxes that never reported one.
    pub certificate_end_date: Option<String>,
}

/// Parses a `search_read` answer; the error says what was wrong, for `BadAnswer`.
pub fn parse_boxes(value: &Value) -> Result<Vec<DbBox>, BadAnswerReason> {
    let rows = value.as_array().ok_or(BadAnswerReason::NotList)?;
    if rows.len() > MAX_BOXES {
        return Err(BadAnswerReason::TooManyRecords {
            count: rows.len(),
            limit: MAX_BOXES,
        });
    }
    rows.iter()
        .enumerate()
        .map(|(i, row)| parse_box(row, i + 1))
        .collect()
}

/// Record number `record` (from 1).
fn parse_box(row: &Value, record: usize) -> Result<DbBox, BadAnswerReason> {
    let row = row
        .as_object()
        .ok_or(BadAnswerReason::RecordNotObject { record })?;
    let text = |field: &str| -> Result<Option<String>, BadAnswerReason> {
        match row.get(field) {
            None | Some(Value::Bool(false)) | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.len() <= 512 => {
                Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty()))
            }
            Some(other) => Err(BadAnswerReason::RecordNotText {
                record,
                field: field.to_owned(),
                value: clip(other),
            }),
        }
    };
    let name = text("name")?.ok_or(BadAnswerReason::RecordNoName { record })?;
    let use_lna = match row.get(LNA_FIELD) {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            return Err(BadAnswerReason::RecordNotBool {
                record,
                field: LNA_FIELD.to_owned(),
                value: clip(other),
            })
        }
    };
    let certificate_end_date = match text(END_DATE_FIELD)? {
        None => None,
        Some(raw) => {
            Some(
                odoo_datetime(&raw).ok_or_else(|| BadAnswerReason::RecordNotDatetime {
                    record,
                    field: END_DATE_FIELD.to_owned(),
                    value: raw.clone(),
                })?,
            )
        }
    };
    let (ip, https_name) = address(text("ip")?);
    Ok(DbBox {
        name,
        identifier: text("identifier")?,
        ip,
        https_name,
        version: text("version")?,
        use_lna,
        certificate_end_date,
    })
}

/// A value the server sent, short enough for a detail (a hostile row may be huge).
fn clip(value: &Value) -> String {
    value.to_string().chars().take(200).collect()
}

/// The reported `ip` as (address, HTTPS name): a box name under one database's hash gives the IP
/// it encodes and the name; anything else is an address as it came.
fn address(reported: Option<String>) -> (Option<String>, Option<String>) {
    let Some(reported) = reported else {
        return (None, None);
    };
    match crate::dns::ip_encoded_in(&reported) {
        Some(ip) if crate::dns::subject_of_name(&reported).is_some() => {
            (Some(ip.to_string()), Some(reported.to_ascii_lowercase()))
        }
        _ => (Some(reported), None),
    }
}

/// `"2027-01-20 08:00:00"` (UTC) → `"2027-01-20T08:00:00Z"`.
pub fn odoo_datetime(raw: &str) -> Option<String> {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    PrimitiveDateTime::parse(raw, &format)
        .ok()?
        .assume_utc()
        .format(&Rfc3339)
        .ok()
}

/// Parses an RFC 3339 instant (what `DbBox` and sites carry).
pub fn instant(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_rows_with_false_for_empty_fields() {
        let rows = json!([
            { "id": 1, "name": "Counter", "identifier": "1000a", "ip": "10.0.0.5",
              "version": "25.10", "ssl_certificate_end_date": "2027-01-20 08:00:00" },
            { "id": 2, "name": "Kitchen", "identifier": "1000b", "ip": false, "version": false,
              "ssl_certificate_end_date": false, "use_lna": true },
        ]);
        let boxes = parse_boxes(&rows).unwrap();
        assert_eq!(
            boxes[0].certificate_end_date.as_deref(),
            Some("2027-01-20T08:00:00Z")
        );
        assert_eq!(
            (boxes[1].ip.as_deref(), boxes[1].use_lna),
            (None, Some(true))
        );
    }

    #[test]
    fn a_reported_https_name_gives_the_address_and_the_name() {
        let rows = json!([
            { "name": "Counter", "ip": "10-0-0-5.D73E7513.odoo-iot.com" },
            { "name": "Old", "ip": "10.0.0.6" },
            // A box without an IP reports 127.0.0.1 (`_get_domain`); no name without a hash.
            { "name": "Lost", "ip": "127.0.0.1" },
            { "name": "Odd", "ip": "10-0-0-7.example.com" },
        ]);
        let boxes = parse_boxes(&rows).unwrap();
        let got: Vec<_> = boxes
            .iter()
            .map(|b| (b.ip.as_deref(), b.https_name.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("10.0.0.5"), Some("10-0-0-5.d73e7513.odoo-iot.com")),
                (Some("10.0.0.6"), None),
                (Some("127.0.0.1"), None),
                (Some("10-0-0-7.example.com"), None),
            ]
        );
    }

    #[test]
    fn refuses_what_odoo_never_sends() {
        for (rows, why) in [
            (json!({}), "not return a list"),
            (json!([{ "identifier": "x" }]), "no name"),
            (json!([{ "name": 5 }]), "not text"),
            (
                json!([{ "name": "a", "ssl_certificate_end_date": "2027-01-20T08:00:00Z" }]),
                "not an Odoo date",
            ),
            (json!([{ "name": "a", "use_lna": "yes" }]), "true/false"),
        ] {
            let err = parse_boxes(&rows).unwrap_err().to_string();
            assert!(err.contains(why), "{rows}: {err}");
        }
    }
}
