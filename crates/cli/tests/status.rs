//! `iot-https status` against simulated boxes: the binary as a user runs it, the simulator in
//! process on loopback.

use std::process::Command;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig};
use serde_json::Value;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
        .args(args)
        .output()
        .expect("run iot-https");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

async fn status_json(family: Family, flavour: Flavour, scenario: Scenario) -> Value {
    let sim = iot_box_sim::spawn(SimConfig {
        family,
        flavour,
        scenario,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let addr = sim.http_addr().to_string();
    let (code, stdout, stderr) =
        tokio::task::spawn_blocking(move || cli(&["status", &addr, "--json"]))
            .await
            .unwrap();
    sim.shutdown().await;
    assert_eq!(code, 0, "stderr: {stderr}\nstdout: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_json_reports_family_identity_and_certificate() {
    for family in [Family::IotDrivers, Family::HwPosboxStatus] {
        for flavour in [Flavour::Linux, Flavour::Windows] {
            let healthy = status_json(family, flavour, Scenario::Healthy).await;
            let ctx = format!("{family} {flavour}: {healthy}");
            assert_eq!(healthy["family"], family.as_str(), "{ctx}");
            assert_eq!(healthy["flavour"], flavour.to_string(), "{ctx}");
            assert_eq!(healthy["ip"], "127.0.0.1", "{ctx}");
            assert!(
                healthy["version"].as_str().is_some_and(|v| !v.is_empty()),
                "{ctx}"
            );
            assert!(
                healthy["identifier"].is_string() || healthy["mac"].is_string(),
                "{ctx}"
            );
            assert_eq!(healthy["pairing"]["state"], "paired", "{ctx}");
            assert_eq!(
                healthy["credentials"]["enterpriseCodePresent"], true,
                "{ctx}"
            );
            assert!(
                !healthy
                    .to_string()
                    .contains(iot_box_sim::FAKE_ENTERPRISE_CODE),
                "the contract code leaked: {ctx}"
            );
            match family {
                Family::IotDrivers => {
                    assert!(healthy["certificate"]["endDate"].is_string(), "{ctx}")
                }
                _ => assert_eq!(healthy["certificate"]["ok"], true, "{ctx}"),
            }

            let unpaired = status_json(family, flavour, Scenario::Unpaired).await;
            let ctx = format!("{family} {flavour}: {unpaired}");
            assert_eq!(unpaired["pairing"]["state"], "notPaired", "{ctx}");
            match family {
                Family::IotDrivers => {
                    assert!(unpaired["certificate"]["endDate"].is_null(), "{ctx}")
                }
                _ => assert_eq!(
                    unpaired["certificate"]["details"], "ERR_IOT_HTTPS_CHECK_NO_SERVER",
                    "{ctx}"
                ),
            }
        }
    }
}

#[test]
fn human_output_and_usage_errors() {
    let (code, _, stderr) = cli(&["status", "not a host!"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("INPUT_INVALID_ADDRESS"), "{stderr}");
    let (code, stdout, _) = cli(&["status", "bad host!", "--json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["error"]["code"], "INPUT_INVALID_ADDRESS");
}

#[test]
fn test_mode_refuses_lan_targets_before_any_packet() {
    let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
        .args(["status", "192.0.2.10", "--json"])
        .env("IOT_HTTPS_MODE", "test")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "NET_POLICY_REFUSED", "{v}");
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn human_output_names_the_family() {
    let sim = iot_box_sim::spawn(SimConfig::demo()).await.unwrap();
    let addr = sim.http_addr().to_string();
    let (code, stdout, _) = tokio::task::spawn_blocking(move || cli(&["status", &addr]))
        .await
        .unwrap();
    sim.shutdown().await;
    assert_eq!(code, 0);
    assert!(stdout.contains("iot-drivers"), "{stdout}");
    assert!(stdout.contains("paired with"), "{stdout}");
    assert!(!stdout.contains(iot_box_sim::FAKE_ENTERPRISE_CODE));
}

/// A 16.0/17.0 box on its default urllib3 helpers crashes its status page on odoo.com's refusal
/// (`KeyError: 'subject_cn'`, `addons/hw_drivers/tools/helpers.py` @a1926979): `status` still
/// finds it, prints the crash with its cause and exits 1 as for action needed (issue 19 item 11).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_whose_status_page_crashes_on_the_refusal_is_found() {
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let sim = iot_box_sim::spawn(SimConfig {
            family,
            scenario: Scenario::LoadRequestNoResult,
            helpers: iot_box_sim::HelpersVariant::Urllib3,
            time_scale: 0.01,
            ..SimConfig::demo()
        })
        .await
        .unwrap();
        let addr = sim.http_addr().to_string();
        let (json, human) = tokio::task::spawn_blocking(move || {
            (cli(&["status", &addr, "--json"]), cli(&["status", &addr]))
        })
        .await
        .unwrap();
        sim.shutdown().await;
        let (code, stdout, stderr) = json;
        assert_eq!(code, 1, "{family}: {stderr}\n{stdout}");
        let v: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(v["family"], family.as_str(), "{v}");
        assert_eq!(v["statusAnswered"], false, "{v}");
        let codes: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            ["BOX_STATUS_ERROR", "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"],
            "{family}"
        );
        assert!(
            v["findings"][1]["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["kind"] == "crashOdooComRefusal"),
            "{v}"
        );
        let (code, stdout, stderr) = human;
        assert_eq!(code, 1, "{family}: {stderr}\n{stdout}");
        assert!(stdout.contains(family.as_str()), "{stdout}");
        assert!(
            stdout.contains("not read: the status page did not answer"),
            "{stdout}"
        );
        assert!(stdout.contains("BOX_STATUS_ERROR"), "{stdout}");
        assert!(stdout.contains("KeyError: 'subject_cn'"), "{stdout}");
        assert!(!stderr.contains("BOX_HTTP_STATUS"), "{stderr}");
    }
}
