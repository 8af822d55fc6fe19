//! The control endpoint: state, scenario switch ("fix the firewall" then retry), restart.

mod common;

use std::time::Duration;

use common::*;
use iot_box_sim::{Family, Flavour, Scenario};
use serde_json::json;

#[tokio::test]
async fn fix_the_firewall_then_retry_on_read() {
    let s = sim(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::LoadRequestException,
    )
    .await;
    let (a, c) = (s.http_addr(), s.control_addr().unwrap());
    let st = get(c, "/state").await.unwrap().json();
    assert_eq!(
        (st["scenario"].as_str(), st["up"].as_bool()),
        (Some("load-request-exception"), Some(true))
    );
    let v = get(a, "/hw_posbox_homepage/data").await.unwrap().json();
    assert!(v["certificate_details"]
        .as_str()
        .unwrap()
        .starts_with("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\n"));

    let r = post_json(
        c,
        "/scenario",
        &json!({"scenario": "load-request-status", "http_status": 503, "keep_state": true}),
    )
    .await
    .unwrap();
    assert_eq!(r.status, 200);
    let v = get(a, "/hw_posbox_homepage/data").await.unwrap().json();
    assert_eq!(
        v["certificate_details"],
        "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 503\n\nService Unavailable"
    );

    // "Fix the firewall": odoo.com reachable, box state kept; the next read downloads (odoo-iot-protocol.md §4.1).
    post_json(
        c,
        "/scenario",
        &json!({"scenario": "healthy", "keep_state": true}),
    )
    .await
    .unwrap();
    let v = get(a, "/hw_posbox_homepage/data").await.unwrap().json();
    assert_eq!(v["is_certificate_ok"], true, "{v}");
    let https = s.https_addr().unwrap();
    let (ca, name) = (s.ca_pem(), sni(&s));
    wait_for(
        "nginx serves the new certificate",
        Duration::from_secs(3),
        || {
            let (ca, name) = (ca.clone(), name.clone());
            async move { tls_leaf(https, &name, Some(&ca)).await.is_ok() }
        },
    )
    .await;
    s.shutdown().await;
}

#[tokio::test]
async fn switch_resets_state_and_restart_endpoint() {
    let s = sim(Family::IotDrivers, Flavour::Linux, Scenario::Healthy).await;
    let (a, c) = (s.http_addr(), s.control_addr().unwrap());
    let bad = post_json(c, "/scenario", &json!({"scenario": "nope"}))
        .await
        .unwrap();
    assert_eq!(bad.status, 400);
    post_json(c, "/scenario", &json!({"scenario": "unpaired"}))
        .await
        .unwrap();
    let v = get(a, "/iot_drivers/data").await.unwrap().json();
    assert_eq!(
        (
            v["server_status"].as_str(),
            v["certificate_end_date"].is_null()
        ),
        (Some(""), true)
    );

    // Library API does the same.
    s.set_scenario(Scenario::Healthy);
    assert!(get(a, "/iot_drivers/data").await.unwrap().json()["certificate_end_date"].is_string());

    let r = post_json(c, "/restart", &json!({})).await.unwrap();
    assert_eq!(r.status, 202);
    wait_for("down", Duration::from_secs(3), || is_refused(a)).await;
    assert_eq!(
        get(c, "/state").await.unwrap().json()["up"],
        false,
        "control stays reachable while down"
    );
    wait_for("up", Duration::from_secs(5), || hello_ok(a)).await;
    assert_eq!(get(c, "/state").await.unwrap().json()["boots"], 1);
    s.shutdown().await;
}

/// Tests count at the box which contract codes reached it; the identity can be set to copy
/// another box's.
#[tokio::test]
async fn received_codes_are_counted_and_the_identity_can_be_given() {
    let s = iot_box_sim::spawn(iot_box_sim::SimConfig {
        identifier: Some("10000000cafe0001".into()),
        mac: Some("b8:27:eb:00:00:99".into()),
        ..cfg(
            Family::IotDrivers,
            Flavour::Linux,
            Scenario::CredentialsMissing,
        )
    })
    .await
    .unwrap();
    let (a, c) = (s.http_addr(), s.control_addr().unwrap());
    let data = get(a, "/iot_drivers/data").await.unwrap().json();
    assert_eq!(data["identifier"], "10000000cafe0001", "{data}");
    assert_eq!(data["mac_address"], "b8:27:eb:00:00:99", "{data}");
    let codes = |v: serde_json::Value| v["codes"].as_array().unwrap().len();
    assert_eq!(codes(get(c, "/received-codes").await.unwrap().json()), 0);
    rpc(
        a,
        "/iot_drivers/save_credential",
        json!({"db_uuid": "u-1", "enterprise_code": "CANARYSIM01"}),
    )
    .await
    .unwrap();
    let received = get(c, "/received-codes").await.unwrap().json();
    assert_eq!(received["codes"], json!(["CANARYSIM01"]));
    s.shutdown().await;
}
