//! What the CLI tests that diagnose one simulated box share: a fast simulator (waits scaled to
//! 1 %, no control port) and `iot-https diagnose --json` read back as JSON.

#![allow(dead_code)] // each test file uses its own part of this

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::tls::TrustAnchors;
use iot_https_core::watch::WatchConfig;
use serde_json::Value;

/// A simulator config for one box, with no HTTPS port unless the test sets `https`.
pub fn config(family: Family, flavour: Flavour, scenario: Scenario) -> SimConfig {
    SimConfig {
        family,
        flavour,
        scenario,
        https: None,
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    }
}

pub async fn spawn(config: SimConfig) -> SimHandle {
    iot_box_sim::spawn(config).await.unwrap()
}

/// A box whose restarts the watch follows (the demo's HTTPS port): an Odoo restart takes
/// `restart`, every other wait is scaled to 1 %.
pub async fn spawn_restarting(
    family: Family,
    flavour: Flavour,
    scenario: Scenario,
    restart: Duration,
) -> SimHandle {
    spawn(SimConfig {
        family,
        flavour,
        scenario,
        restart,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
}

/// The restart watch against a simulated box: quick reads (the simulator has no odoo.com to
/// spare; real boxes get 10 s between side-effect reads), a 30 s give-up, the box's own CA and
/// HTTPS name, no remembered subject.
pub fn watch_config(sim: &SimHandle) -> WatchConfig {
    WatchConfig {
        probe_interval: Duration::from_millis(200),
        data_interval: Duration::from_millis(300),
        side_effect_data_interval: Duration::from_millis(500),
        give_up_after: Duration::from_secs(30),
        https: sim.https_addr(),
        sni: Some(sim.https_hostname()),
        known_subject: None,
        anchors: TrustAnchors::extra_only().with_pem(&sim.ca_pem()).unwrap(),
    }
}

fn ca_path(sim: &SimHandle) -> PathBuf {
    std::env::temp_dir().join(format!(
        "iot-https-sim-ca-{}-{}.pem",
        std::process::id(),
        sim.http_addr().port()
    ))
}

/// The box's test CA in a file of its own (this test process, this box), for the CLI's `--ca`.
pub fn ca_file(sim: &SimHandle) -> PathBuf {
    let path = ca_path(sim);
    std::fs::write(&path, sim.ca_pem()).unwrap();
    path
}

/// Removes the file `ca_file` wrote.
pub fn remove_ca_file(sim: &SimHandle) {
    let _ = std::fs::remove_file(ca_path(sim));
}

/// The CLI's arguments that point at the box: its address, its HTTPS port (9, which nothing
/// answers on loopback, when it has none) and its CA.
pub fn box_args(sim: &SimHandle) -> Vec<String> {
    vec![
        sim.http_addr().to_string(),
        "--https-port".into(),
        sim.https_addr().map_or(9, |a| a.port()).to_string(),
        "--ca".into(),
        ca_file(sim).display().to_string(),
    ]
}

/// `iot-https <args>`, on a blocking thread.
pub async fn run_cli(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// `iot-https diagnose <box> --json`, against the box's own HTTPS port when it has one (else
/// port 9, which nothing answers on loopback).
pub async fn diagnose(sim: &SimHandle) -> Value {
    let addr = sim.http_addr().to_string();
    let port = sim
        .https_addr()
        .map_or_else(|| "9".to_owned(), |a| a.port().to_string());
    let out = run_cli(vec![
        "diagnose".into(),
        addr,
        "--https-port".into(),
        port,
        "--json".into(),
    ])
    .await;
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

pub fn codes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["code"].as_str().map(str::to_owned))
        .collect()
}

pub fn finding<'a>(v: &'a Value, code: &str) -> Option<&'a Value> {
    v["findings"].as_array()?.iter().find(|f| f["code"] == code)
}
