//! A box whose clock runs ahead (docs/protocol/certificate-states.md "The box's clock"): the box
//! judges `now > notAfter - 10 d` on its own clock (`tools/certificate.py` @371fe6a0), so it
//! reports no certificate while nginx serves a good one. That is `CLOCK_SKEW`, not "the box
//! cannot read its certificate file" (`ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION`).

use std::net::SocketAddr;
use std::process::Command;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig};
use serde_json::Value;

/// 85 days: past the renewal point of the box's 90-day certificate on the box's clock only.
const AHEAD_S: i64 = 85 * 24 * 3600;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_clock_ahead_is_clock_skew_not_an_unreadable_file() {
    for family in [Family::IotDrivers, Family::HwPosboxEndDate] {
        for flavour in [Flavour::Linux, Flavour::Windows] {
            let label = format!("{family}/{flavour}");
            let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
            let sim = iot_box_sim::spawn(SimConfig {
                family,
                flavour,
                scenario: Scenario::Healthy,
                https: Some(loopback),
                control: None,
                time_scale: 0.01,
                clock_offset_s: AHEAD_S,
                ..SimConfig::demo()
            })
            .await
            .unwrap();
            let ca = std::env::temp_dir().join(format!(
                "iot-https-clock-ca-{}-{}.pem",
                std::process::id(),
                sim.http_addr().port()
            ));
            std::fs::write(&ca, sim.ca_pem()).unwrap();
            let args = vec![
                "diagnose".to_string(),
                sim.http_addr().to_string(),
                "--https-port".into(),
                sim.https_addr().unwrap().port().to_string(),
                "--ca".into(),
                ca.display().to_string(),
                "--json".into(),
            ];
            let out = tokio::task::spawn_blocking(move || {
                Command::new(env!("CARGO_BIN_EXE_iot-https"))
                    .args(&args)
                    .output()
                    .unwrap()
            })
            .await
            .unwrap();
            sim.shutdown().await;
            let _ = std::fs::remove_file(&ca);
            let v: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
            let findings = v["findings"].as_array().cloned().unwrap_or_default();
            let codes: Vec<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
            // The box itself reports no certificate: its clock is past the renewal point.
            assert_eq!(
                v["box"]["certificateState"]["state"], "noValidCertificate",
                "{label}: {}",
                v["box"]
            );
            let skew = findings
                .iter()
                .find(|f| f["code"] == "CLOCK_SKEW")
                .unwrap_or_else(|| panic!("{label}: no CLOCK_SKEW in {codes:?}"));
            let evidence = skew["evidence"].to_string();
            assert!(evidence.contains("clockAhead"), "{label}: {evidence}");
            assert!(
                evidence.contains("boxClockSeesRenewal"),
                "{label}: {evidence}"
            );
            // 18.3+ name no subject: the served certificate is good, its name unconfirmed.
            assert!(
                codes.contains(&"CERT_NAME_UNCONFIRMED"),
                "{label}: {codes:?}"
            );
            for wrong in [
                "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
                "BOX_NO_CERTIFICATE_NO_CODE",
            ] {
                assert!(!codes.contains(&wrong), "{label}: {codes:?}");
            }
        }
    }
}
