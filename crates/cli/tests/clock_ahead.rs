//! A box whose clock runs ahead (docs/protocol/certificate-states.md "The box's clock"): the box
//! judges `now > notAfter - 10 d` on its own clock (`tools/certificate.py` @371fe6a0; 16.0 –
//! saas-18.2 `check_certificate`, `hw_drivers/tools/helpers.py` @a1926979), while nginx serves a
//! good certificate. That is `CLOCK_SKEW`, not "the box cannot read its certificate file"
//! (`ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION`).

use std::net::SocketAddr;
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_test_support::wait_until;
use serde_json::Value;
use sim_box::codes;

mod sim_box;

/// 85 days: past the renewal point of the box's 90-day certificate on the box's clock only.
const AHEAD_S: i64 = 85 * 24 * 3600;

/// A healthy box whose clock runs `AHEAD_S` ahead.
async fn spawn_ahead(family: Family, flavour: Flavour) -> SimHandle {
    sim_box::spawn(SimConfig {
        https: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
        clock_offset_s: AHEAD_S,
        ..sim_box::config(family, flavour, Scenario::Healthy)
    })
    .await
}

/// `iot-https diagnose --json` of the box.
async fn diagnose(sim: &SimHandle) -> Value {
    diagnose_at(sim, sim.https_addr().unwrap().port()).await
}

/// `iot-https diagnose --json` of the box, its HTTPS port taken to be `https_port`.
async fn diagnose_at(sim: &SimHandle, https_port: u16) -> Value {
    let ca = sim_box::ca_file(sim);
    let out = sim_box::run_cli(vec![
        "diagnose".to_string(),
        sim.http_addr().to_string(),
        "--https-port".into(),
        https_port.to_string(),
        "--ca".into(),
        ca.display().to_string(),
        "--json".into(),
    ])
    .await;
    sim_box::remove_ca_file(sim);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// `iot-https diagnose --json` of a healthy box whose clock runs `AHEAD_S` ahead.
async fn diagnose_ahead(family: Family, flavour: Flavour) -> Value {
    let sim = spawn_ahead(family, flavour).await;
    let v = diagnose(&sim).await;
    sim.shutdown().await;
    v
}

/// The evidence kinds of the `CLOCK_SKEW` finding (it must be there).
fn skew_evidence(v: &Value, label: &str) -> String {
    let skew = sim_box::finding(v, "CLOCK_SKEW")
        .unwrap_or_else(|| panic!("{label}: no CLOCK_SKEW in {:?}", codes(v)));
    skew["evidence"].to_string()
}

/// No finding says the box cannot read its file or has no certificate for an unknown reason.
fn assert_no_inferred_cause(codes: &[String], label: &str) {
    for wrong in [
        "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
        "BOX_NO_CERTIFICATE_NO_CODE",
    ] {
        assert!(!codes.iter().any(|c| c == wrong), "{label}: {codes:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_clock_ahead_is_clock_skew_not_an_unreadable_file() {
    for family in [Family::IotDrivers, Family::HwPosboxEndDate] {
        for flavour in [Flavour::Linux, Flavour::Windows] {
            let label = format!("{family}/{flavour}");
            let v = diagnose_ahead(family, flavour).await;
            let codes = codes(&v);
            // The box itself reports no certificate: its clock is past the renewal point.
            assert_eq!(
                v["box"]["certificateState"]["state"], "noValidCertificate",
                "{label}: {}",
                v["box"]
            );
            let evidence = skew_evidence(&v, &label);
            assert!(evidence.contains("clockAhead"), "{label}: {evidence}");
            assert!(
                evidence.contains("boxClockSeesRenewal"),
                "{label}: {evidence}"
            );
            // 18.3+ name no subject: the served certificate is good, its name unconfirmed.
            assert!(
                codes.iter().any(|c| c == "CERT_NAME_UNCONFIRMED"),
                "{label}: {codes:?}"
            );
            assert_no_inferred_cause(&codes, &label);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_18_3_a_box_clock_ahead_downloads_at_every_read_and_clock_skew_says_why() {
    // 16.0 – saas-18.2 Pi: `get_certificate_status()` at the status read finds the good
    // certificate inside the renewal window on the box's clock, downloads one from odoo.com,
    // still finds it inside the window and answers "The HTTPS certificate was generated
    // correctly" — at every read. The served certificate is good: the cause is the clock.
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let label = format!("{family}/linux");
        let v = diagnose_ahead(family, Flavour::Linux).await;
        let codes = codes(&v);
        assert_eq!(
            v["box"]["certificateState"]["state"], "generated",
            "{label}: {}",
            v["box"]
        );
        let evidence = skew_evidence(&v, &label);
        assert!(evidence.contains("clockAhead"), "{label}: {evidence}");
        assert!(
            evidence.contains("boxClockRenewsEachRead"),
            "{label}: {evidence}"
        );
        assert!(!evidence.contains("boxClockSeesRenewal"), "{label}");
        assert_no_inferred_cause(&codes, &label);
        // The served certificate itself is good: no certificate finding needs action.
        for wrong in ["CERT_EXPIRED", "CERT_UNTRUSTED", "CERT_NAME_MISMATCH"] {
            assert!(!codes.iter().any(|c| c == wrong), "{label}: {codes:?}");
        }
    }
}

/// What a diagnosis of a looping Windows box must say, whatever its HTTPS probe met.
fn assert_restarts_each_read(v: &Value, label: &str) {
    let codes = codes(v);
    assert_eq!(
        v["box"]["certificateState"]["state"], "generated",
        "{label}: {}",
        v["box"]
    );
    let evidence = skew_evidence(v, label);
    assert!(evidence.contains("clockAhead"), "{label}: {evidence}");
    assert!(
        evidence.contains("boxClockRestartsEachRead"),
        "{label}: {evidence}"
    );
    assert_no_inferred_cause(&codes, label);
    for wrong in ["BOX_UNREACHABLE", "HTTPS_PORT_CLOSED", "BOX_STATUS_ERROR"] {
        assert!(!codes.iter().any(|c| c == wrong), "{label}: {codes:?}");
    }
    // CLOCK_SKEW's steps are the Windows IoT's.
    let skew = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CLOCK_SKEW")
        .unwrap();
    assert_eq!(skew["stepsFor"], "windows", "{label}: {skew}");
}

/// A port that accepts and at once closes every connection: an HTTPS probe that meets a box
/// going down. Held (bound) until the test ends.
fn closing_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            drop(conn);
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_box_before_18_3_with_its_clock_ahead_restarts_at_each_read_and_clock_skew_says_why(
) {
    // Windows 16.0 – saas-18.2: the status read downloads a certificate the box's clock still
    // sees inside the renewal window, answers "generated", and writing it restarts Odoo
    // (`odoo_restart(0)`); every start does the same, so the box restarts in a loop. The gate
    // holds the start-up check so the box is up for the diagnosis; its own read restarts it,
    // which the HTTPS probe may meet: that is no separate cause.
    let closing = closing_port();
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let label = format!("{family}/windows");
        let sim = spawn_ahead(family, Flavour::Windows).await;
        sim.start_gate().hold();
        let v = diagnose(&sim).await;
        assert_restarts_each_read(&v, &label);
        // The read downloaded, and the box restarted because of it.
        wait_until(
            &format!("{label}: restarted"),
            Duration::from_secs(30),
            || sim.state()["boots"].as_u64() == Some(1) && sim.is_up(),
        )
        .await;
        assert!(sim.state()["downloads"].as_u64() >= Some(1), "{label}");
        // Again, the HTTPS probe meeting a box going down (its connection closed at once):
        // still CLOCK_SKEW, and no "HTTPS port closed".
        let v = diagnose_at(&sim, closing).await;
        assert!(
            v["certificate"]["byIp"].is_null(),
            "{label}: {}",
            v["certificate"]
        );
        assert_restarts_each_read(&v, &format!("{label}, probe failed"));
        wait_until(
            &format!("{label}: restarted again"),
            Duration::from_secs(30),
            || sim.state()["boots"].as_u64() == Some(2),
        )
        .await;
        sim.shutdown().await;
    }
}
