//! The binary: --list, the start-up JSON line, the loopback rule (exit 2).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_iot-box-sim");

#[test]
fn list_names_everything_with_sections() {
    let out = Command::new(BIN).arg("--list").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for name in iot_box_sim::Family::all()
        .iter()
        .map(|f| f.as_str())
        .chain(iot_box_sim::Flavour::all().iter().map(|f| f.as_str()))
        .chain(iot_box_sim::Scenario::all().iter().map(|s| s.as_str()))
    {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} missing"));
        assert!(line.contains('§'), "{line}");
    }
}

#[test]
fn non_loopback_exits_2() {
    for args in [["--http", "0.0.0.0:0"], ["--http", "192.168.1.5:8069"]] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
    }
    let out = Command::new(BIN)
        .args(["--http", "127.0.0.1:0", "--https", "10.0.0.1:443"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn prints_one_json_line_then_serves() {
    let mut child = Command::new(BIN)
        .args([
            "--family",
            "legacy-html",
            "--flavour",
            "windows",
            "--scenario",
            "unpaired",
        ])
        .args([
            "--http",
            "127.0.0.1:0",
            "--https",
            "127.0.0.1:0",
            "--control",
            "127.0.0.1:0",
            "--restart-ms",
            "200",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        (
            v["family"].as_str(),
            v["flavour"].as_str(),
            v["scenario"].as_str()
        ),
        (Some("legacy-html"), Some("windows"), Some("unpaired"))
    );
    let http: std::net::SocketAddr = v["http"].as_str().unwrap().parse().unwrap();
    assert!(v["https"].is_string() && v["control"].is_string());
    assert!(common::hello_ok(http).await);
    let _ = child.kill();
    let _ = child.wait();
}

/// `--update-on-restart trixie`: after the next restart the box logs the Debian upgrade at
/// WARNING while it answers (docs/protocol/restarts.md "Branch switch"); a bad name exits 2.
#[tokio::test]
async fn update_on_restart_logs_the_upgrade_after_the_restart() {
    let bad = Command::new(BIN)
        .args(["--http", "127.0.0.1:0", "--update-on-restart", "bookworm"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let mut child = Command::new(BIN)
        .args(["--family", "iot-drivers", "--update-on-restart", "trixie"])
        .args(["--http", "127.0.0.1:0", "--https", "127.0.0.1:0"])
        .args(["--restart-ms", "200", "--time-scale", "0.01"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let http: std::net::SocketAddr = v["http"].as_str().unwrap().parse().unwrap();
    let logs = || async move {
        common::get(http, "/iot_drivers/iot_logs")
            .await
            .map(|r| r.json()["logs"].as_str().unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    assert!(!logs().await.contains("Debian Trixie"));
    common::get(http, "/iot_drivers/restart_odoo_service")
        .await
        .unwrap();
    common::wait_for(
        "the upgrade line",
        std::time::Duration::from_secs(20),
        || async move {
            logs().await.contains(
                "WARNING ? odoo.addons.iot_drivers.tools.upgrade: Updating to Debian Trixie",
            )
        },
    )
    .await;
    let _ = child.kill();
    let _ = child.wait();
}
