//! `iot.box` rows as Odoo sends them, read strictly. Empty Char and Datetime fields arrive as
//! `false`; a Datetime is `"YYYY-MM-DD HH:MM:SS"` in UTC (`fields.Datetime.to_string`).

use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

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
    /// The address the box last reported.
    pub ip: Option<String>,
    /// The box image version, e.g. `25.10`.
    pub version: Option<String>,
    pub use_lna: Option<bool>,
    /// The certificate end date the box last reported (RFC 3339, UTC); `None` on databases
    /// without the field and on boxes that never reported one.
    pub certificate_end_date: Option<String>,
}

/// Parses a `search_read` answer; the error says what was wrong, for `BadAnswer`.
pub fn parse_boxes(value: &Value) -> Result<Vec<DbBox>, String> {
    let rows = value
        .as_array()
        .ok_or("search_read did not return a list")?;
    if rows.len() > MAX_BOXES {
        return Err(format!(
            "{} records, more than the {MAX_BOXES} believed",
            rows.len()
        ));
    }
    rows.iter()
        .enumerate()
        .map(|(i, row)| parse_box(row).map_err(|why| format!("record {}: {why}", i + 1)))
        .collect()
}

fn parse_box(row: &Value) -> Result<DbBox, String> {
    let row = row.as_object().ok_or("not an object")?;
    let text = |field: &str| -> Result<Option<String>, String> {
        match row.get(field) {
            None | Some(Value::Bool(false)) | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.len() <= 512 => {
                Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty()))
            }
            Some(other) => Err(format!("{field} is {other}, not text")),
        }
    };
    let name = text("name")?.ok_or("no name")?;
    let use_lna = match row.get(LNA_FIELD) {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => return Err(format!("{LNA_FIELD} is {other}, not true/false")),
    };
    let certificate_end_date =
        match text(END_DATE_FIELD)? {
            None => None,
            Some(raw) => Some(odoo_datetime(&raw).ok_or_else(|| {
                format!("{END_DATE_FIELD} \"{raw}\" is not an Odoo date and time")
            })?),
        };
    Ok(DbBox {
        name,
        identifier: text("identifier")?,
        ip: text("ip")?,
        version: text("version")?,
        use_lna,
        certificate_end_date,
    })
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
            let err = parse_boxes(&rows).unwrap_err();
            assert!(err.contains(why), "{rows}: {err}");
        }
    }
}
