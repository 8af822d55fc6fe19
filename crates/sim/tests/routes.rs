//! Routes, field sets and types per family × flavour, healthy vs unpaired (odoo-iot-protocol.md §3, §8).

mod common;

use std::collections::BTreeSet;

use common::*;
use iot_box_sim::{Family, Flavour, Scenario, CERT_HASH, FAKE_DB_UUID, FAKE_ENTERPRISE_CODE};
use serde_json::Value;

const IOT_DRIVERS_KEYS: &[&str] = &[
    "db_uuid",
    "enterprise_code",
    "ip",
    "identifier",
    "mac_address",
    "devices",
    "server_status",
    "pairing_code",
    "new_database_url",
    "pairing_code_expired",
    "six_terminal",
    "is_access_point_up",
    "network_interfaces",
    "version",
    "system",
    "odoo_uptime_seconds",
    "system_uptime_seconds",
    "certificate_end_date",
    "wifi_ssid",
    "qr_code_wifi",
    "qr_code_url",
];
const HW_STATUS_KEYS: &[&str] = &[
    "db_uuid",
    "enterprise_code",
    "hostname",
    "ip",
    "mac",
    "iot_device_status",
    "server_status",
    "pairing_code",
    "six_terminal",
    "network_status",
    "version",
    "system",
    "is_certificate_ok",
    "certificate_details",
];
const HW_END_DATE_KEYS: &[&str] = &[
    "db_uuid",
    "enterprise_code",
    "hostname",
    "ip",
    "mac",
    "devices",
    "server_status",
    "pairing_code",
    "pairing_code_expired",
    "new_database_url",
    "six_terminal",
    "network_interfaces",
    "is_access_point_up",
    "version",
    "system",
    "certificate_end_date",
];

fn data_route(f: Family) -> Option<(&'static str, &'static [&'static str])> {
    match f {
        Family::LegacyHtml => None,
        Family::HwPosboxStatus => Some(("/hw_posbox_homepage/data", HW_STATUS_KEYS)),
        Family::HwPosboxEndDate => Some(("/hw_posbox_homepage/data", HW_END_DATE_KEYS)),
        Family::IotDrivers => Some(("/iot_drivers/data", IOT_DRIVERS_KEYS)),
    }
}

fn ping_route(f: Family) -> Option<&'static str> {
    match f {
        Family::LegacyHtml => None,
        Family::HwPosboxStatus | Family::HwPosboxEndDate => Some("/hw_posbox_homepage/ping"),
        Family::IotDrivers => Some("/iot_drivers/ping"),
    }
}

/// `YYYY-MM-DD HH:MM:SS` (optionally `+00:00`).
fn is_py_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    (s.len() == 19 || (s.len() == 25 && s.ends_with("+00:00")))
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':'
}

fn expected_version(f: Family, fl: Flavour) -> &'static str {
    match (f, fl) {
        (Family::LegacyHtml, Flavour::Linux) => "22.11",
        (Family::LegacyHtml, Flavour::Windows) => "W22_11",
        (_, Flavour::Windows) => "W23.11",
        (Family::HwPosboxStatus, _) => "L24.10",
        (Family::HwPosboxEndDate, _) => "L25.04",
        (Family::IotDrivers, _) => "L25.10",
    }
}

async fn check_common(f: Family, fl: Flavour, sc: Scenario) -> Option<Value> {
    let sim = sim(f, fl, sc).await;
    let addr = sim.http_addr();
    let hello = get(addr, "/hw_proxy/hello").await.unwrap();
    assert_eq!((hello.status, hello.body.as_str()), (200, "ping"));
    assert_eq!(
        hello.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    let missing = get(addr, "/definitely/not/a/route").await.unwrap();
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<title>404 Not Found</title>"),
        "{}",
        missing.body
    );

    if let Some(p) = ping_route(f) {
        let r = get(addr, p).await.unwrap();
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(
            r.json(),
            serde_json::json!({"status": "success", "message": "pong"})
        );
    }
    let (path, keys) = data_route(f)?;
    let r = get(addr, path).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let v = r.json();
    let got: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let want: BTreeSet<&str> = keys.iter().copied().collect();
    assert_eq!(got, want, "{f} {fl} data keys");
    assert_eq!(v["ip"], "127.0.0.1");
    assert_eq!(v["version"], expected_version(f, fl));
    assert_eq!(
        v["system"],
        if fl == Flavour::Linux {
            "Linux"
        } else {
            "Windows"
        }
    );
    sim.shutdown().await;
    Some(v)
}

async fn family_healthy_and_unpaired(f: Family) {
    for &fl in Flavour::all() {
        let healthy = check_common(f, fl, Scenario::Healthy).await;
        let unpaired = check_common(f, fl, Scenario::Unpaired).await;
        let (Some(h), Some(u)) = (healthy, unpaired) else {
            continue;
        };
        assert_eq!(h["db_uuid"], FAKE_DB_UUID);
        assert_eq!(h["enterprise_code"], FAKE_ENTERPRISE_CODE);
        assert_eq!(h["server_status"], "https://demo-shop.odoo.com");
        assert_eq!(h["pairing_code"], false);
        assert!(u["db_uuid"].is_null() && u["enterprise_code"].is_null());
        assert!(
            u["pairing_code"].as_str().is_some_and(|c| !c.is_empty()),
            "{u}"
        );
        match f {
            Family::HwPosboxStatus => {
                assert_eq!(h["is_certificate_ok"], true);
                let details = h["certificate_details"].as_str().unwrap();
                let prefix = format!("Your certificate *.{CERT_HASH}.odoo-iot.com is valid until ");
                assert!(
                    details.starts_with(&prefix) && is_py_datetime(&details[prefix.len()..]),
                    "{details}"
                );
                assert!(h["mac"].as_str().unwrap().split(':').count() == 6);
                assert_eq!(h["network_status"], "Ethernet");
                assert_eq!(u["server_status"], "Not Configured");
                assert_eq!(u["is_certificate_ok"], false);
                assert_eq!(u["certificate_details"], "ERR_IOT_HTTPS_CHECK_NO_SERVER");
            }
            Family::HwPosboxEndDate | Family::IotDrivers => {
                let end = h["certificate_end_date"].as_str().unwrap();
                assert!(is_py_datetime(end), "{end}");
                // saas-18.3 is naive everywhere (@0240f280); iot_drivers aware on Windows.
                assert_eq!(
                    end.ends_with("+00:00"),
                    fl == Flavour::Windows && f == Family::IotDrivers,
                    "UTC-aware accessor on Windows iot_drivers only"
                );
                assert!(u["certificate_end_date"].is_null());
                assert_eq!(h["is_access_point_up"], false);
                assert!(h["network_interfaces"]
                    .as_array()
                    .is_some_and(|a| a[0]["ip"] == "127.0.0.1"));
                let unpaired_server = if f == Family::IotDrivers {
                    ""
                } else {
                    "Not Configured"
                };
                assert_eq!(u["server_status"], unpaired_server);
            }
            Family::LegacyHtml => unreachable!(),
        }
        if f == Family::IotDrivers {
            let id = h["identifier"].as_str().unwrap();
            match fl {
                Flavour::Linux => assert!(
                    id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()),
                    "{id}"
                ),
                Flavour::Windows => assert_eq!(
                    id.split('-').map(str::len).collect::<Vec<_>>(),
                    [8, 4, 4, 4, 12]
                ),
            }
            assert!(h["odoo_uptime_seconds"].is_number() && h["devices"].is_object());
        }
    }
}

#[tokio::test]
async fn iot_drivers_routes() {
    family_healthy_and_unpaired(Family::IotDrivers).await;
}

#[tokio::test]
async fn hw_posbox_status_routes() {
    family_healthy_and_unpaired(Family::HwPosboxStatus).await;
}

#[tokio::test]
async fn hw_posbox_end_date_routes() {
    family_healthy_and_unpaired(Family::HwPosboxEndDate).await;
}

#[tokio::test]
async fn legacy_html_routes() {
    family_healthy_and_unpaired(Family::LegacyHtml).await;
    for &fl in Flavour::all() {
        let s = sim(Family::LegacyHtml, fl, Scenario::Healthy).await;
        let home = get(s.http_addr(), "/").await.unwrap();
        assert!(home.body.contains("Your IoT Box is up and running"));
        // hw_posbox_homepage/views/homepage.html (16.0): the details inside `<code>`, and the
        // Server cell's two links with nothing between them.
        assert!(home.body.contains(
            "<summary>OK</summary>\n<code>Your certificate *.d73e7513.odoo-iot.com is valid until "
        ));
        assert!(home.body.contains(
            "<a href='https://demo-shop.odoo.com' target=_blank>https://demo-shop.odoo.com<a class=\"btn btn-sm float-end\" href='/server'>configure</a>"
        ));
        let v = get(s.http_addr(), "/hw_proxy/get_version").await.unwrap();
        assert_eq!(v.body, expected_version(Family::LegacyHtml, fl));
        let creds = get(s.http_addr(), "/list_credential").await.unwrap();
        // views/list_credential.html: the values sit in the inputs' `value` attributes.
        assert!(creds
            .body
            .contains(&format!("name=\"db_uuid\" value=\"{FAKE_DB_UUID}\"")));
        assert!(creds.body.contains(&format!(
            "Current Contract Number: <strong>{FAKE_ENTERPRISE_CODE}</strong>"
        )));
        // 16.0 has no JSON homepage routes (odoo-iot-protocol.md §10).
        assert_eq!(
            get(s.http_addr(), "/hw_posbox_homepage/ping")
                .await
                .unwrap()
                .status,
            404
        );
        s.shutdown().await;
    }
}

#[tokio::test]
async fn windows_iot_drivers_hides_linux_only_routes() {
    for (&fl, want) in Flavour::all().iter().zip([200, 404]) {
        let s = sim(Family::IotDrivers, fl, Scenario::Healthy).await;
        assert_eq!(
            get(s.http_addr(), "/iot_drivers/wifi")
                .await
                .unwrap()
                .status,
            want,
            "{fl}"
        );
        assert_eq!(
            get(s.http_addr(), "/iot_drivers/version_info")
                .await
                .unwrap()
                .status,
            want,
            "{fl}"
        );
        // Not linux-only: present on both (odoo-iot-protocol.md §3.4).
        assert_eq!(
            get(s.http_addr(), "/iot_drivers/iot_logs")
                .await
                .unwrap()
                .json()["status"],
            "success"
        );
        s.shutdown().await;
    }
    // hw_* generations have no linux_only flag (odoo-iot-protocol.md §2.6).
    let s = sim(Family::HwPosboxStatus, Flavour::Windows, Scenario::Healthy).await;
    assert_eq!(
        get(s.http_addr(), "/hw_posbox_homepage/wifi")
            .await
            .unwrap()
            .status,
        200
    );
    s.shutdown().await;
}

#[tokio::test]
async fn jsonrpc_envelopes() {
    let s = sim(Family::IotDrivers, Flavour::Linux, Scenario::Healthy).await;
    let a = s.http_addr();
    let full = serde_json::json!({"jsonrpc": "2.0", "method": "call", "id": 7, "params": {}});
    let r = post_json(a, "/hw_proxy/handshake", &full).await.unwrap();
    assert_eq!(
        r.json(),
        serde_json::json!({"jsonrpc": "2.0", "id": 7, "result": true})
    );
    let r = rpc(
        a,
        "/iot_drivers/save_credential",
        serde_json::json!({"db_uuid": "x"}),
    )
    .await
    .unwrap();
    let v = r.json();
    assert!(
        v.get("result").is_none() && v["error"]["data"]["name"] == "builtins.TypeError",
        "{v}"
    );
    // A GET to a JSON route is refused by the dispatcher.
    assert_eq!(
        get(a, "/iot_drivers/save_credential").await.unwrap().status,
        400
    );
    let logs = get(a, "/iot_drivers/iot_logs").await.unwrap().json();
    assert!(logs["logs"]
        .as_str()
        .unwrap()
        .contains("HTTP service (werkzeug) running"));
    s.shutdown().await;
}

#[tokio::test]
async fn non_loopback_bind_is_refused() {
    let mut c = cfg(Family::IotDrivers, Flavour::Linux, Scenario::Healthy);
    c.http = "0.0.0.0:0".parse().unwrap();
    assert!(matches!(
        iot_box_sim::spawn(c).await,
        Err(iot_box_sim::SimError::NonLoopback(_))
    ));
    let mut c = cfg(Family::IotDrivers, Flavour::Linux, Scenario::Healthy);
    c.https = Some("192.168.1.10:443".parse().unwrap());
    assert!(matches!(
        iot_box_sim::spawn(c).await,
        Err(iot_box_sim::SimError::NonLoopback(_))
    ));
}

#[test]
fn names_round_trip() {
    for f in Family::all() {
        assert_eq!(f.to_string().parse::<Family>().unwrap(), *f);
    }
    for f in Flavour::all() {
        assert_eq!(f.to_string().parse::<Flavour>().unwrap(), *f);
    }
    for s in Scenario::all() {
        assert_eq!(s.to_string().parse::<Scenario>().unwrap(), *s);
    }
    assert!("nope"
        .parse::<Scenario>()
        .unwrap_err()
        .to_string()
        .contains("healthy"));
}

#[test]
fn token_formats_and_help_anchor() {
    // odoo-iot-protocol.md §7.1 old pipe format and new URL format.
    let t = iot_box_sim::parse_token("https://db.example.com|tok|uuid|CODE")
        .ok()
        .unwrap();
    assert_eq!(
        (
            t.url.as_str(),
            t.token.as_str(),
            t.db_uuid.as_str(),
            t.enterprise_code.as_str()
        ),
        ("https://db.example.com", "tok", "uuid", "CODE")
    );
    let t = iot_box_sim::parse_token(
        "https://db.example.com/odoo?token=t&db_uuid=u&enterprise_code=c&db_name=d",
    )
    .ok()
    .unwrap();
    assert_eq!(
        (t.url.as_str(), t.db_uuid.as_str()),
        ("https://db.example.com", "u")
    );
    let invalid = "Invalid URL provided.";
    let failed = "Failed to write server configuration files on IoT. Please try again.";
    assert_eq!(
        iot_box_sim::parse_token("http://localhost:8069?token=t&db_uuid=u&enterprise_code=c").err(),
        Some(invalid)
    );
    assert_eq!(
        iot_box_sim::parse_token("https://db.example.com?token=t&db_uuid=u").err(),
        Some(failed)
    );
    assert_eq!(
        iot_box_sim::parse_token("https://db.example.com?token=t&db_uuid=u&enterprise_code=c&x=1")
            .err(),
        Some(failed)
    );
    assert_eq!(
        iot_box_sim::parse_token("https://a|b|c").err(),
        Some(failed)
    );
    // odoo-iot-protocol.md §4.1 anchor rule.
    assert_eq!(
        iot_box_sim::help_anchor("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404\n\nNot Found"),
        "err-iot-https-load-request-status"
    );
    // Jinja splits on spaces only.
    assert_eq!(
        iot_box_sim::help_anchor("ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL\n\nx y"),
        "err-iot-https-load-no-credential\n\nx"
    );
}
