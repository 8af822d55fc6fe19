//! `iot-https logs` against the simulator: each generation's route, the fallback where
//! `iot_logs` fails (hw_* on Windows answers 500), and nginx's `/odoo-logs/` while Odoo is
//! down (docs/protocol/logs.md).

use std::net::SocketAddr;
use std::process::Command;
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use serde_json::Value;

async fn spawn(family: Family, flavour: Flavour, nginx: bool, restart: Duration) -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        family,
        flavour,
        scenario: Scenario::LoadRequestException,
        https: None,
        control: None,
        nginx: nginx.then(|| SocketAddr::from(([127, 0, 0, 1], 0))),
        restart,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

async fn logs(args: Vec<String>) -> (i32, String, String) {
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .arg("logs")
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn logs_json(sim: &SimHandle, extra: &[&str]) -> Value {
    let mut args = vec![sim.http_addr().to_string(), "--json".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let (_, out, err) = logs(args).await;
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_generation_reads_its_route_and_falls_back_where_iot_logs_fails() {
    for (family, flavour, source, fallback) in [
        (
            Family::LegacyHtml,
            Flavour::Linux,
            "/hw_drivers/download_logs",
            None,
        ),
        (
            Family::HwPosboxStatus,
            Flavour::Linux,
            "/hw_posbox_homepage/iot_logs",
            None,
        ),
        (
            Family::HwPosboxEndDate,
            Flavour::Windows,
            "/hw_drivers/download_logs",
            Some("/hw_posbox_homepage/iot_logs"),
        ),
        (
            Family::IotDrivers,
            Flavour::Windows,
            "/iot_drivers/iot_logs",
            None,
        ),
    ] {
        let sim = spawn(family, flavour, false, Duration::from_millis(300)).await;
        let v = logs_json(&sim, &[]).await;
        sim.shutdown().await;
        assert_eq!(v["source"], source, "{family}/{flavour}: {v}");
        let text = v["text"].as_str().unwrap();
        match flavour {
            Flavour::Linux => assert!(text.contains("starting"), "{v}"),
            // The Windows installer logs at WARNING (docs/protocol/logs.md "Runs").
            Flavour::Windows => {
                assert!(!text.contains(" INFO ") && text.contains("odoo.com"), "{v}")
            }
        }
        assert_eq!(v["truncated"], false);
        let fallbacks = v["fallbacks"].to_string();
        match fallback {
            Some(path) => assert!(
                fallbacks.contains(path) && fallbacks.contains("500"),
                "{family}/{flavour}: {fallbacks}"
            ),
            None => assert_eq!(v["fallbacks"], Value::Array(vec![]), "{family}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_odoo_is_down_nginx_serves_the_log() {
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        true,
        Duration::from_secs(30),
    )
    .await;
    let nginx_port = sim.nginx_addr().unwrap().port().to_string();
    sim.restart();
    for _ in 0..100 {
        if !sim.is_up() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!sim.is_up());
    let v = logs_json(&sim, &["--nginx-port", &nginx_port]).await;
    let source = v["source"].as_str().unwrap();
    assert!(source.ends_with("/odoo-logs/odoo/odoo-server.log"), "{v}");
    assert!(
        v["fallbacks"][0].as_str().unwrap().starts_with("Odoo at"),
        "{v}"
    );
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .contains("Restarting Odoo service"),
        "{v}"
    );

    // -o FILE: the file holds the log exactly; the terminal gets a summary.
    let file = std::env::temp_dir().join(format!("iot-https-logs-{}.log", std::process::id()));
    let (code, out, err) = logs(vec![
        sim.http_addr().to_string(),
        "--nginx-port".into(),
        nginx_port,
        "-o".into(),
        file.display().to_string(),
    ])
    .await;
    sim.shutdown().await;
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("saved to") && err.contains("/odoo-logs/odoo/odoo-server.log"),
        "{err}"
    );
    let saved = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_file(&file);
    assert_eq!(saved, v["text"].as_str().unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_answering_is_an_error() {
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        false,
        Duration::from_millis(300),
    )
    .await;
    let addr = sim.http_addr().to_string();
    sim.shutdown().await;
    let (code, _, err) = logs(vec![addr, "--nginx-port".into(), "9".into()]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error ["), "{err}");
}
