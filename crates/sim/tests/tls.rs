//! HTTPS port: the leaf chains to the test CA with the right CN/SANs (odoo-iot-protocol.md §5, §6); the placeholder
//! is served when the box has no certificate (§4.4).

mod common;

use common::*;
use iot_box_sim::{Family, Flavour, Scenario, CERT_HASH, PLACEHOLDER_CN};

#[tokio::test]
async fn healthy_serves_wildcard_signed_by_test_ca() {
    for &f in Family::all() {
        for &fl in Flavour::all() {
            let s = sim(f, fl, Scenario::Healthy).await;
            let https = s.https_addr().unwrap();
            assert_eq!(sni(&s), format!("127-0-0-1.{CERT_HASH}.odoo-iot.com"));
            let leaf = tls_leaf(https, &sni(&s), Some(&s.ca_pem()))
                .await
                .unwrap_or_else(|e| panic!("{f} {fl}: {e}"));
            let (cn, sans) = cn_and_sans(&leaf);
            assert_eq!(cn, format!("*.{CERT_HASH}.odoo-iot.com"));
            assert_eq!(
                sans,
                vec![
                    format!("*.{CERT_HASH}.odoo-iot.com"),
                    format!("{CERT_HASH}.odoo-iot.com")
                ]
            );
            // The HTTPS port proxies the same Odoo routes (nginx → 8069, odoo-iot-protocol.md §2.1).
            s.shutdown().await;
        }
    }
}

#[tokio::test]
async fn unpaired_serves_placeholder() {
    for &f in Family::all() {
        let s = sim(f, Flavour::Linux, Scenario::Unpaired).await;
        let https = s.https_addr().unwrap();
        let leaf = tls_leaf(https, &sni(&s), None).await.unwrap();
        assert_eq!(cn_and_sans(&leaf).0, PLACEHOLDER_CN);
        assert!(
            tls_leaf(https, &sni(&s), Some(&s.ca_pem())).await.is_err(),
            "placeholder must not verify"
        );
        s.shutdown().await;
    }
}

#[tokio::test]
async fn ca_out_and_state_dir_keep_the_ca() {
    let dir = std::env::temp_dir().join(format!("iot-box-sim-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ca_out = dir.join("out-ca.pem");
    let mut c = cfg(Family::IotDrivers, Flavour::Linux, Scenario::Healthy);
    c.state_dir = Some(dir.join("state"));
    std::fs::create_dir_all(&dir).unwrap();
    c.ca_out = Some(ca_out.clone());
    let first = iot_box_sim::spawn(c.clone()).await.unwrap();
    let pem = first.ca_pem();
    assert_eq!(std::fs::read_to_string(&ca_out).unwrap(), pem);
    let r = rpc(
        first.http_addr(),
        "/iot_drivers/save_credential",
        serde_json::json!({"db_uuid": "saved-uuid", "enterprise_code": "SAVEDCODE"}),
    );
    assert_eq!(r.await.unwrap().result()["status"], "success");
    first.shutdown().await;
    // Second run: same CA, and the certificate it issued still verifies.
    let second = iot_box_sim::spawn(c).await.unwrap();
    assert_eq!(second.ca_pem(), pem);
    let v = get(second.http_addr(), "/iot_drivers/data")
        .await
        .unwrap()
        .json();
    assert_eq!(
        (v["db_uuid"].as_str(), v["enterprise_code"].as_str()),
        (Some("saved-uuid"), Some("SAVEDCODE"))
    );
    tls_leaf(second.https_addr().unwrap(), &sni(&second), Some(&pem))
        .await
        .unwrap();
    second.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
