//! What the CLI tests that diagnose one simulated box share: a fast simulator (waits scaled to
//! 1 %, no control port) and `iot-https diagnose --json` read back as JSON.

#![allow(dead_code)] // each test file uses its own part of this

use std::process::Command;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
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

/// `iot-https diagnose <box> --json`, against the box's own HTTPS port when it has one (else
/// port 9, which nothing answers on loopback).
pub async fn diagnose(sim: &SimHandle) -> Value {
    let addr = sim.http_addr().to_string();
    let port = sim
        .https_addr()
        .map_or_else(|| "9".to_owned(), |a| a.port().to_string());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args(["diagnose", &addr, "--https-port", &port, "--json"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
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
