//! The window's buttons, headless: `save-credentials`, `act` and `pair` against the simulator,
//! followed until the box says how it ended. The contract code is a canary: it goes to the box
//! and appears in no output.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use serde_json::Value;

const CANARY: &str = "CANARY-7731-ACT";
const UUID: &str = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

async fn sim(family: Family, scenario: Scenario) -> (SimHandle, PathBuf) {
    let sim = iot_box_sim::spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        restart: Duration::from_millis(400),
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let ca = std::env::temp_dir().join(format!(
        "iot-https-act-{}-{}.pem",
        std::process::id(),
        sim.http_addr().port()
    ));
    std::fs::write(&ca, sim.ca_pem()).unwrap();
    (sim, ca)
}

/// Runs the CLI in test mode on a blocking thread (the simulator runs on this runtime).
async fn cli(args: Vec<String>, envs: Vec<(&'static str, String)>, stdin: &'static str) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args(&args)
            .env("IOT_HTTPS_MODE", "test")
            .env("IOT_HTTPS_LANG", "en")
            .env_remove("IOT_HTTPS_CONTRACT_CODE")
            .env_remove("IOT_HTTPS_PAIRING_TOKEN")
            .envs(envs)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

fn watch_args(sim: &SimHandle, ca: &std::path::Path) -> Vec<String> {
    vec![
        "--https-port".into(),
        sim.https_addr().unwrap().port().to_string(),
        "--ca".into(),
        ca.display().to_string(),
    ]
}

/// The `--json` lines: events, then the outcome last.
fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_credentials_takes_the_code_from_the_environment_and_follows_the_box_to_its_certificate(
) {
    let (sim, ca) = sim(Family::HwPosboxStatus, Scenario::CredentialsMissing).await;
    let mut args = vec![
        "save-credentials".into(),
        sim.http_addr().to_string(),
        "--db-uuid".into(),
        UUID.into(),
        "--json".into(),
    ];
    args.extend(watch_args(&sim, &ca));
    let out = cli(args, vec![("IOT_HTTPS_CONTRACT_CODE", CANARY.into())], "").await;
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(CANARY), "the code leaked: {all}");
    let lines = lines(&out);
    let outcome = &lines.last().unwrap()["outcome"];
    assert_eq!(outcome["result"], "certificateReady", "{all}");
    assert!(
        lines.iter().any(|l| l["event"]["event"] == "requestSent"),
        "{all}"
    );
    assert_eq!(out.status.code(), Some(0), "{all}");
    sim.shutdown().await;
    let _ = std::fs::remove_file(ca);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_code_can_come_on_standard_input_and_a_bad_one_is_refused_before_any_request() {
    let (sim, ca) = sim(Family::IotDrivers, Scenario::CredentialsMissing).await;
    let base = vec![
        "save-credentials".to_string(),
        sim.http_addr().to_string(),
        "--db-uuid".into(),
        UUID.into(),
    ];
    let mut args = base.clone();
    args.extend(watch_args(&sim, &ca));
    // The watch's lines are the catalogue's, in the output's language.
    let out = cli(
        args,
        vec![("IOT_HTTPS_LANG", "de".into())],
        "CANARY-7731-ACT\n",
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.starts_with("Zertifikat nach "), "{stdout}{stderr}");
    assert!(stdout.contains(" s bereit: gültig"), "{stdout}{stderr}");
    assert!(
        stderr.contains("Datenbank-UUID und Vertragscode an die Box gesendet"),
        "{stderr}"
    );
    assert!(stderr.contains("die Box ist wieder erreichbar"), "{stderr}");
    assert!(!stderr.contains("the box"), "{stderr}");
    assert!(!format!("{stdout}{stderr}").contains(CANARY));

    let before = sim.requests("/iot_drivers/save_credential")
        + sim.requests("/hw_posbox_homepage/save_credential");
    let out = cli(base, vec![("IOT_HTTPS_CONTRACT_CODE", "  ".into())], "").await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("INPUT_INVALID_CONTRACT_CODE"));
    let after = sim.requests("/iot_drivers/save_credential")
        + sim.requests("/hw_posbox_homepage/save_credential");
    assert_eq!(before, after, "a refused code never reaches the box");
    sim.shutdown().await;
    let _ = std::fs::remove_file(ca);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn act_restarts_odoo_and_retry_follows_the_generation_rule() {
    let (sim, ca) = sim(Family::IotDrivers, Scenario::Healthy).await;
    for action in ["restart-odoo", "retry"] {
        let mut args = vec![
            "act".into(),
            sim.http_addr().to_string(),
            action.into(),
            "--json".into(),
        ];
        args.extend(watch_args(&sim, &ca));
        let out = cli(args, vec![], "").await;
        let lines = lines(&out);
        let sent: Vec<&str> = lines
            .iter()
            .filter_map(|l| l["event"]["action"].as_str())
            .collect();
        // saas-18.4+ retries by restarting Odoo (core's retry rule).
        assert_eq!(sent, ["restart-odoo"], "{action}: {lines:?}");
        assert_eq!(
            lines.last().unwrap()["outcome"]["result"],
            "certificateReady",
            "{action}"
        );
        assert_eq!(out.status.code(), Some(0));
    }
    sim.shutdown().await;
    let _ = std::fs::remove_file(ca);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pair_reads_the_token_from_the_environment_and_waits_for_the_box() {
    let (sim, ca) = sim(Family::IotDrivers, Scenario::Unpaired).await;
    let token = format!("https://shop.example.com|TOKEN123|{UUID}|{CANARY}");
    let out = cli(
        vec!["pair".into(), sim.http_addr().to_string(), "--json".into()],
        vec![("IOT_HTTPS_PAIRING_TOKEN", token)],
        "",
    )
    .await;
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(v["outcome"]["paired"], true, "{v}");
    // An old-style token carries the contract code: it reaches the box, not the output.
    let all = format!("{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains(CANARY), "the code leaked: {all}");
    assert_eq!(out.status.code(), Some(0));
    sim.shutdown().await;
    let _ = std::fs::remove_file(ca);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_loopback_nothing_is_sent_in_test_mode() {
    let out = cli(
        vec![
            "act".into(),
            "192.0.2.1".into(),
            "reboot-box".into(),
            "--json".into(),
        ],
        vec![],
        "",
    )
    .await;
    let v: Value = serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    assert_eq!(v["error"]["code"], "NET_POLICY_REFUSED", "{v}");
    assert_eq!(out.status.code(), Some(2));
}
