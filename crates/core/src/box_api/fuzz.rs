//! Property tests standing in for fuzz targets (cargo fuzz needs a nightly toolchain, which
//! these machines cannot fetch): every parser of box answers and user input takes arbitrary
//! input without panicking, and keeps its invariants.

use proptest::prelude::*;
use serde_json::Value;

use super::certificate::{cause_from_logs, interpret, parse_box_datetime, parse_odoo_code};
use super::legacy;
use super::status::{from_data_route, RawCertificate};
use super::ApiFamily;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const KEYS: &[&str] = &[
    "ip",
    "version",
    "system",
    "identifier",
    "mac",
    "mac_address",
    "hostname",
    "server_status",
    "pairing_code",
    "pairing_code_expired",
    "is_access_point_up",
    "network_status",
    "db_uuid",
    "enterprise_code",
    "certificate_end_date",
    "is_certificate_ok",
    "certificate_details",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn data_route_parser_takes_any_shape(values in prop::collection::vec(json_value(), KEYS.len())) {
        let map: serde_json::Map<String, Value> = KEYS.iter().map(|k| k.to_string()).zip(values).collect();
        let status = from_data_route(ApiFamily::IotDrivers, "a".into(), &map, None);
        // The contract code is never carried, whatever its shape.
        let text = serde_json::to_string(&status).unwrap();
        if let Some(Value::String(code)) = map.get("enterprise_code") {
            if code.len() > 8 { prop_assert!(!text.contains(code.as_str())); }
        }
        let _ = interpret(&status.certificate, None);
    }

    #[test]
    fn certificate_details_parser(details in ".{0,300}", ok in any::<bool>()) {
        let _ = parse_odoo_code(&details);
        let _ = interpret(&RawCertificate::Status { ok, details }, None);
    }

    #[test]
    fn odoo_code_with_status_and_text(status in any::<u32>(), reason in "[^\u{0}]{0,60}") {
        let text = format!("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS {status}\n\n{reason}");
        let code = parse_odoo_code(&text).unwrap();
        prop_assert_eq!(code.http_status, u16::try_from(status).ok().filter(|s| (100..=599).contains(s)));
    }

    #[test]
    fn dates_and_logs(date in ".{0,40}", logs in ".{0,400}") {
        let _ = parse_box_datetime(&date);
        let _ = interpret(&RawCertificate::EndDate { end_date: Some(date) }, Some(&logs));
        let _ = cause_from_logs(&logs);
        let window = super::log_run::RunWindow::default()
            .not_before(time::OffsetDateTime::UNIX_EPOCH);
        let _ = super::log_run::current_run(&logs, &window);
        let _ = super::log_run::current_run(&format!("2026-12-01 08:00:00,{logs}"), &window);
    }

    #[test]
    fn legacy_homepage(html in "(<tr>|</tr>|<td>|</td>|<code>|</code>|<details>|<summary>OK</summary>|&[a-z#0-9]{0,6};?|.){0,200}") {
        let _ = legacy::rows(&html);
        let _ = legacy::text(&html);
        let _ = legacy::from_homepage(&html, None, super::Credentials { db_uuid: None, enterprise_code_present: false }, "a".into(), None);
    }

    /// Work per input byte is bounded: the scanner counts every byte it examines.
    #[test]
    fn legacy_scan_is_linear(html in "(<tr>|<td>|</td>|<a class=\"btn\" href='x'>|</a>|<input name=\"db_uuid\" value=\"|\"|'|<!--|-->|<script>|</script|<strong>|</strong>|&[a-z#0-9]{0,6};?|<|>|=|.){0,400}") {
        let (_, steps) = super::html::scan(&html);
        prop_assert!(steps <= 16 * html.len() + 64, "{} steps for {} bytes", steps, html.len());
    }

    #[test]
    fn user_input(text in ".{0,200}") {
        let _ = crate::input::db_uuid(&text);
        if let Err(e) = crate::input::contract_code(&text) {
            prop_assert!(text.trim().len() < 6 || !e.to_wire().render("en").contains(text.trim()));
        }
        let _ = crate::input::pairing_token(&text);
        let _ = crate::address::BoxAddress::parse(&text);
        let _ = crate::dns::ip_encoded_in(&text);
    }
}
