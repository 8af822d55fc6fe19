//! The neighbour-table check end to end, through the real binary against the simulator: a rig
//! table (`IOT_HTTPS_NEIGHBOUR_TABLE`, test mode only, `/proc/net/arp` format) says which card
//! answers at the box's loopback address. When it is another card than the MAC the box reports,
//! `save-credentials` and `pair` send nothing secret — the box receives no code, no token, and
//! the canary code appears nowhere; when it is the box's own card, both go through.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use serde_json::Value;

const CANARY: &str = "CANARY-5521-NEIGH";
const UUID: &str = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const BOX_MAC: &str = "b8:27:eb:12:34:56";
const OTHER_MAC: &str = "02:1a:2b:3c:4d:5e";

async fn sim(scenario: Scenario) -> (SimHandle, PathBuf) {
    let sim = iot_box_sim::spawn(SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Linux,
        scenario,
        mac: Some(BOX_MAC.into()),
        restart: Duration::from_millis(400),
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let ca = scratch(&sim, "ca.pem");
    std::fs::write(&ca, sim.ca_pem()).unwrap();
    (sim, ca)
}

fn scratch(sim: &SimHandle, name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "iot-https-neigh-{}-{}-{name}",
        std::process::id(),
        sim.http_addr().port()
    ))
}

/// The rig's neighbour table: `mac` answers at the box's address.
fn table(sim: &SimHandle, mac: &str) -> PathBuf {
    let file = scratch(sim, "arp");
    std::fs::write(
        &file,
        format!(
            "IP address       HW type     Flags       HW address            Mask     Device\n\
             {:<16} 0x1         0x2         {mac}     *        eth0\n",
            sim.http_addr().ip()
        ),
    )
    .unwrap();
    file
}

async fn cli(args: Vec<String>, table: &Path, secret: (&'static str, String)) -> (Output, String) {
    let table = table.to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args(&args)
            .env("IOT_HTTPS_MODE", "test")
            .env_remove("IOT_HTTPS_CONTRACT_CODE")
            .env_remove("IOT_HTTPS_PAIRING_TOKEN")
            .env("IOT_HTTPS_NEIGHBOUR_TABLE", table)
            .env(secret.0, secret.1)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, all)
}

fn save_args(sim: &SimHandle, ca: &Path, json: bool) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "save-credentials".into(),
        sim.http_addr().to_string(),
        "--db-uuid".into(),
        UUID.into(),
        "--https-port".into(),
        sim.https_addr().unwrap().port().to_string(),
        "--ca".into(),
        ca.display().to_string(),
    ];
    if json {
        args.push("--json".into());
    }
    args
}

fn code() -> (&'static str, String) {
    ("IOT_HTTPS_CONTRACT_CODE", CANARY.into())
}

fn token() -> (&'static str, String) {
    (
        "IOT_HTTPS_PAIRING_TOKEN",
        format!("https://shop.example.com|TOKEN123|{UUID}|{CANARY}"),
    )
}

const SAVE_ROUTE: &str = "/iot_drivers/save_credential";
const PAIR_ROUTE: &str = "/iot_drivers/connect_to_server";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_card_at_the_boxs_address_gets_no_code_and_no_token() {
    let (sim, ca) = sim(Scenario::CredentialsMissing).await;
    let impostor = table(&sim, OTHER_MAC);

    // Human output: the finding (catalogue title and evidence) and the error, exit 1.
    let (out, all) = cli(save_args(&sim, &ca, false), &impostor, code()).await;
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("BOX_MAC_MISMATCH"), "{all}");
    assert!(all.contains(OTHER_MAC) && all.contains(BOX_MAC), "{all}");
    assert!(!all.contains(CANARY), "the code leaked: {all}");

    // JSON: the error and the finding.
    let (out, all) = cli(save_args(&sim, &ca, true), &impostor, code()).await;
    assert_eq!(out.status.code(), Some(1), "{all}");
    let v: Value = serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    assert_eq!(v["error"]["code"], "BOX_MAC_MISMATCH", "{v}");
    assert_eq!(v["findings"][0]["code"], "BOX_MAC_MISMATCH", "{v}");
    assert!(!all.contains(CANARY), "the code leaked: {all}");

    // Pairing: the token holds the canary code.
    let pair = vec!["pair".into(), sim.http_addr().to_string(), "--json".into()];
    let (out, all) = cli(pair, &impostor, token()).await;
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("BOX_MAC_MISMATCH"), "{all}");
    assert!(!all.contains(CANARY), "the code leaked: {all}");

    // The box received nothing: no request to either route, nothing stored, nothing logged.
    assert_eq!(sim.requests(SAVE_ROUTE), 0);
    assert_eq!(sim.requests(PAIR_ROUTE), 0);
    let state = sim.state();
    assert!(state["enterprise_code"].is_null(), "{state}");
    // Still the database it was paired with, not the token's.
    assert_eq!(state["server_url"], "https://demo-shop.odoo.com", "{state}");
    assert!(!state.to_string().contains(CANARY), "{state}");
    assert!(!sim.logs().contains(CANARY));
    sim.shutdown().await;
    for f in [ca, impostor] {
        let _ = std::fs::remove_file(f);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_boxs_own_card_at_its_address_lets_code_and_token_go() {
    let (sim, ca) = sim(Scenario::CredentialsMissing).await;
    let own = table(&sim, &BOX_MAC.to_uppercase());
    let (out, all) = cli(save_args(&sim, &ca, true), &own, code()).await;
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(!all.contains(CANARY), "the code leaked: {all}");
    assert_eq!(sim.requests(SAVE_ROUTE), 1);
    assert_eq!(sim.state()["enterprise_code"], CANARY);
    sim.shutdown().await;

    let (sim, ca2) = sim_unpaired().await;
    let own2 = table(&sim, BOX_MAC);
    let pair = vec!["pair".into(), sim.http_addr().to_string(), "--json".into()];
    let (out, all) = cli(pair, &own2, token()).await;
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(!all.contains(CANARY), "the code leaked: {all}");
    assert_eq!(sim.requests(PAIR_ROUTE), 1);
    assert_eq!(sim.state()["enterprise_code"], CANARY);
    sim.shutdown().await;
    for f in [ca, own, ca2, own2] {
        let _ = std::fs::remove_file(f);
    }
}

async fn sim_unpaired() -> (SimHandle, PathBuf) {
    sim(Scenario::Unpaired).await
}
