//! A Windows IoT that checks out its database's older branch at start-up runs Odoo without its
//! IoT module (docs/protocol/restarts.md, "Branch switch"): every IoT route answers 404, Odoo's
//! `version_info` still answers. That is `BOX_IOT_MODULE_MISSING` with the version, never
//! `BOX_NOT_ODOO`.

use std::time::Duration;

use iot_box_sim::{spawn, Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::diagnose::{diagnose, DiagnoseOptions};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::BoxAddress;
use time::OffsetDateTime;

fn policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

/// Waits (bounded, no timing asserted) until the simulator reports `key` = true and is up.
async fn settle(sim: &SimHandle, key: &str) {
    for _ in 0..400 {
        let s = sim.state();
        if s[key] == true && s["up"] == true && s["restarting"] == false {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("simulator never reached {key}: {}", sim.state());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_iot_on_its_databases_older_branch_is_odoo_without_its_iot_module() {
    let sim = spawn(SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Windows,
        scenario: Scenario::Healthy,
        branch_on_restart: Some(Family::HwPosboxStatus),
        restart: Duration::from_millis(50),
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    sim.restart();
    settle(&sim, "iot_module_missing").await;
    assert_eq!(
        sim.state()["family"],
        "hw-posbox-status",
        "checked out 18.0"
    );

    let mut opts = DiagnoseOptions::new(OffsetDateTime::now_utc());
    opts.https_port = sim.https_addr().unwrap().port();
    opts.check_odoo_com = false;
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let d = diagnose(&address, policy(), &opts).await.unwrap();
    let codes = d.codes();
    assert!(codes.contains(&"BOX_IOT_MODULE_MISSING"), "{codes:?}");
    assert!(!codes.contains(&"BOX_NOT_ODOO"), "{codes:?}");
    let f = &d.findings[codes
        .iter()
        .position(|c| *c == "BOX_IOT_MODULE_MISSING")
        .unwrap()];
    assert_eq!(
        f.evidence[0].args.get("version").map(String::as_str),
        Some("18.0")
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pi_on_an_older_branch_keeps_its_iot_routes() {
    let sim = spawn(SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Linux,
        scenario: Scenario::Healthy,
        branch_on_restart: Some(Family::HwPosboxStatus),
        restart: Duration::from_millis(50),
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    sim.restart();
    for _ in 0..400 {
        let s = sim.state();
        if s["family"] == "hw-posbox-status" && s["up"] == true && s["restarting"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(sim.state()["iot_module_missing"], false);
    let mut opts = DiagnoseOptions::new(OffsetDateTime::now_utc());
    opts.https_port = sim.https_addr().unwrap().port();
    opts.check_odoo_com = false;
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let d = diagnose(&address, policy(), &opts).await.unwrap();
    assert!(
        !d.codes().contains(&"BOX_IOT_MODULE_MISSING"),
        "{:?}",
        d.codes()
    );
    assert!(d.box_report.is_some(), "{:?}", d.codes());
    sim.shutdown().await;
}
