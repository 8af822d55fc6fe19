//! Restart round trip for every family × flavour (odoo-iot-protocol.md §7.2, §7.3, §4.1, §4.3): save credentials,
//! the box answers, drops and refuses connections, comes back, and obtains a certificate from
//! simulated odoo.com that the HTTPS port then serves.

mod common;

use std::time::Duration;

use common::*;
use iot_box_sim::{
    Family, Flavour, Scenario, SimHandle, FAKE_DB_UUID, FAKE_ENTERPRISE_CODE, PLACEHOLDER_CN,
};
use serde_json::json;
use tokio::io::AsyncReadExt;

async fn save_credentials(s: &SimHandle) {
    let a = s.http_addr();
    match s.family() {
        Family::LegacyHtml => {
            let q = format!(
                "/save_credential?db_uuid={FAKE_DB_UUID}&enterprise_code={FAKE_ENTERPRISE_CODE}"
            );
            let r = get(a, &q).await.unwrap();
            assert!(
                r.body.contains("http-equiv='refresh' content='20;"),
                "{}",
                r.body
            );
        }
        f => {
            let path = if f == Family::IotDrivers {
                "/iot_drivers/save_credential"
            } else {
                "/hw_posbox_homepage/save_credential"
            };
            let r = rpc(
                a,
                path,
                json!({"db_uuid": FAKE_DB_UUID, "enterprise_code": FAKE_ENTERPRISE_CODE}),
            )
            .await
            .unwrap();
            assert_eq!(
                r.result(),
                json!({"status": "success", "message": "Successfully saved credentials"})
            );
        }
    }
}

async fn round_trip(f: Family, fl: Flavour) {
    let s = sim(f, fl, Scenario::CredentialsMissing).await;
    let (http, https) = (s.http_addr(), s.https_addr().unwrap());
    let leaf = tls_leaf(https, &sni(&s), None).await.unwrap();
    assert_eq!(cn_and_sans(&leaf).0, PLACEHOLDER_CN);
    let serving_before = s.state()["https_serving"].clone();
    assert_eq!(
        serving_before["fingerprint"],
        s.state()["certificate"]["fingerprint"],
        "{serving_before}"
    );

    // An idle keep-alive connection opened before the restart must be dropped by it.
    let mut idle = tokio::net::TcpStream::connect(http).await.unwrap();
    save_credentials(&s).await;
    wait_for(
        "HTTP port refuses connections",
        Duration::from_secs(3),
        || is_refused(http),
    )
    .await;
    assert!(is_refused(https).await, "HTTPS is down with Odoo");
    let mut buf = [0u8; 16];
    let n = tokio::time::timeout(TIMEOUT, idle.read(&mut buf))
        .await
        .expect("idle connection dropped");
    assert!(
        matches!(n, Ok(0) | Err(_)),
        "idle connection must be closed: {n:?}"
    );

    wait_for("box back up", Duration::from_secs(5), || hello_ok(http)).await;
    if f == Family::LegacyHtml {
        // 16.0 downloads only when `/` is read (odoo-iot-protocol.md §4.1).
        let _ = get(http, "/").await;
    }
    let ca = s.ca_pem();
    let name = sni(&s);
    // Windows restarts once more after writing the certificate (odoo-iot-protocol.md §4.4): keep polling.
    wait_for("issued certificate served", Duration::from_secs(10), || {
        let (ca, name) = (ca.clone(), name.clone());
        async move { tls_leaf(https, &name, Some(&ca)).await.is_ok() }
    })
    .await;
    wait_for("box up after certificate", Duration::from_secs(10), || {
        hello_ok(http)
    })
    .await;
    let st = s.state();
    assert_eq!(st["downloads"], 1, "{st}");
    // The control port says since when the issued certificate is served (for
    // bench/valid-after-serve.sh).
    let serving = &st["https_serving"];
    assert_eq!(
        serving["fingerprint"], st["certificate"]["fingerprint"],
        "{st}"
    );
    assert!(
        serving["since_unix_ms"].as_u64() > serving_before["since_unix_ms"].as_u64(),
        "{serving} after {serving_before}"
    );
    assert_eq!(st["db_uuid"], FAKE_DB_UUID);
    match f {
        Family::LegacyHtml => {
            let home = get(http, "/").await.unwrap().body;
            assert!(home.contains("<summary>OK</summary>"), "{home}");
        }
        Family::HwPosboxStatus => {
            let v = get(http, "/hw_posbox_homepage/data").await.unwrap().json();
            assert_eq!(v["is_certificate_ok"], true, "{v}");
        }
        Family::HwPosboxEndDate => {
            let v = get(http, "/hw_posbox_homepage/data").await.unwrap().json();
            assert!(v["certificate_end_date"].is_string(), "{v}");
        }
        Family::IotDrivers => {
            let v = get(http, "/iot_drivers/data").await.unwrap().json();
            assert!(v["certificate_end_date"].is_string(), "{v}");
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn restart_round_trip_legacy_html() {
    round_trip(Family::LegacyHtml, Flavour::Linux).await;
    round_trip(Family::LegacyHtml, Flavour::Windows).await;
}

#[tokio::test]
async fn restart_round_trip_hw_posbox_status() {
    round_trip(Family::HwPosboxStatus, Flavour::Linux).await;
    round_trip(Family::HwPosboxStatus, Flavour::Windows).await;
}

#[tokio::test]
async fn restart_round_trip_hw_posbox_end_date() {
    round_trip(Family::HwPosboxEndDate, Flavour::Linux).await;
    round_trip(Family::HwPosboxEndDate, Flavour::Windows).await;
}

#[tokio::test]
async fn restart_round_trip_iot_drivers() {
    round_trip(Family::IotDrivers, Flavour::Linux).await;
    round_trip(Family::IotDrivers, Flavour::Windows).await;
}

#[tokio::test]
async fn pairing_with_token_then_restart_issues_certificate() {
    let s = sim(Family::IotDrivers, Flavour::Linux, Scenario::Unpaired).await;
    let a = s.http_addr();
    let bad = rpc(
        a,
        "/iot_drivers/connect_to_server",
        json!({"token": "ftp://x"}),
    )
    .await
    .unwrap();
    assert_eq!(
        bad.result(),
        json!({"status": "failure", "message": "Invalid URL provided."})
    );
    let token = format!("https://shop.example.com?token=abc&db_uuid={FAKE_DB_UUID}&enterprise_code={FAKE_ENTERPRISE_CODE}");
    let r = rpc(a, "/iot_drivers/connect_to_server", json!({"token": token}))
        .await
        .unwrap();
    assert_eq!(r.result()["status"], "success");
    wait_for("down", Duration::from_secs(3), || is_refused(a)).await;
    wait_for("up", Duration::from_secs(5), || hello_ok(a)).await;
    let v = get(a, "/iot_drivers/data").await.unwrap().json();
    assert_eq!(v["server_status"], "https://shop.example.com");
    assert_eq!(v["pairing_code"], false, "{v}");
    // The `Manager` thread asks odoo.com while Odoo already answers (docs/protocol/logs.md).
    wait_for("the certificate", Duration::from_secs(5), || async move {
        let v = get(a, "/iot_drivers/data").await.unwrap().json();
        v["certificate_end_date"].is_string()
    })
    .await;
    s.shutdown().await;
}
