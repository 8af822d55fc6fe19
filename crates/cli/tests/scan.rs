//! `iot-https scan` as a user runs it, against simulated boxes on 127.0.0.21–23 (one port).
//! Every run sets IOT_HTTPS_MODE=test, so nothing outside 127.0.0.0/8 can be contacted.

use std::net::SocketAddr;
use std::process::Command;

use iot_box_sim::{Family, Flavour, SimConfig, SimHandle};
use serde_json::Value;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
        .args(args)
        .env("IOT_HTTPS_MODE", "test")
        .output()
        .expect("run iot-https");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

async fn cli_async(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || cli(&args.iter().map(String::as_str).collect::<Vec<_>>()))
        .await
        .unwrap()
}

const BOXES: [(u8, Family, Flavour, &str); 3] = [
    (21, Family::IotDrivers, Flavour::Linux, "iot-drivers"),
    (22, Family::HwPosboxEndDate, Flavour::Linux, "hw-posbox"),
    (23, Family::LegacyHtml, Flavour::Windows, "legacy-html"),
];

async fn three_boxes() -> (Vec<SimHandle>, u16) {
    'retry: for _ in 0..20 {
        let (mut sims, mut port) = (Vec::new(), 0);
        for (last, family, flavour, _) in BOXES {
            let http = SocketAddr::from(([127, 0, 0, last], port));
            let cfg = SimConfig {
                family,
                flavour,
                http,
                https: None,
                control: None,
                seed: Some(u64::from(last)),
                ..SimConfig::demo()
            };
            match iot_box_sim::spawn(cfg).await {
                Ok(sim) => {
                    port = sim.http_addr().port();
                    sims.push(sim);
                }
                Err(_) => {
                    for sim in sims {
                        sim.shutdown().await;
                    }
                    continue 'retry;
                }
            }
        }
        return (sims, port);
    }
    panic!("no port free on 127.0.0.21–23");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_json_finds_the_three_boxes() {
    let (sims, port) = three_boxes().await;
    let port_text = port.to_string();
    let (code, stdout, stderr) =
        cli_async(&["scan", "127.0.0.0/24", "--port", &port_text, "--json"]).await;
    assert_eq!(code, 0, "stderr: {stderr}\nstdout: {stdout}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["scanned"], 254, "{v}");
    assert!(v["elapsedMs"].is_u64(), "{v}");
    assert_eq!(v["outcome"], "completed", "{v}");
    let found = v["found"].as_array().unwrap();
    assert_eq!(found.len(), 3, "{v}");
    for (entry, (last, _, flavour, generation)) in found.iter().zip(BOXES) {
        assert_eq!(
            entry["address"],
            format!("127.0.0.{last}:{port}"),
            "{entry}"
        );
        assert_eq!(entry["generation"], generation, "{entry}");
        if generation != "hw-posbox" {
            assert_eq!(entry["family"], generation, "{entry}");
            assert_eq!(entry["flavour"], flavour.to_string(), "{entry}");
        }
    }
    assert_eq!(
        found[1]["family"],
        Value::Null,
        "the data route is not read by default"
    );

    let (code, stdout, _) = cli_async(&[
        "scan",
        "127.0.0.16/28",
        "--port",
        &port_text,
        "--json",
        "--read-status",
    ])
    .await;
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["found"][1]["family"], "hw-posbox-end-date", "{v}");

    let (code, stdout, stderr) = cli_async(&[
        "scan",
        "127.0.0.0/24",
        "--port",
        &port_text,
        "--concurrency",
        "64",
        "--timeout-ms",
        "300",
    ])
    .await;
    assert_eq!(code, 0, "{stderr}");
    for (last, ..) in BOXES {
        assert!(
            stdout.contains(&format!("127.0.0.{last}:{port}")),
            "{stdout}"
        );
    }
    assert!(
        stdout.contains("iot-drivers")
            && stdout.contains("legacy-html")
            && stdout.contains("hw-posbox"),
        "{stdout}"
    );
    assert!(
        stdout.contains("3 boxes found: 254 of 254 addresses"),
        "{stdout}"
    );
    assert!(
        !stderr.contains("scanned"),
        "no progress line when stderr is not a terminal: {stderr}"
    );
    for sim in sims {
        sim.shutdown().await;
    }
}

#[test]
fn nothing_found_exits_1() {
    // Port 9 (discard) on a /28: nothing listens there in the test environment.
    let (code, stdout, _) = cli(&["scan", "127.0.0.0/28", "--port", "9", "--json"]);
    assert_eq!(code, 1, "{stdout}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["found"], Value::Array(vec![]));
    assert_eq!(v["scanned"], 14);
    let (code, stdout, _) = cli(&["scan", "127.0.0.0/28", "--port", "9"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("no Odoo IoT box answered on port 9"),
        "{stdout}"
    );
}

#[test]
fn usage_errors_and_policy_refusals_exit_2() {
    let (code, stdout, _) = cli(&["scan", "127.0.0.0/16", "--json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["error"]["code"], "INPUT_INVALID_ADDRESS", "{v}");
    // The sentence is the catalogue's, the range its argument, the limit in the detail.
    assert_eq!(v["error"]["args"]["input"], "127.0.0.0/16", "{v}");
    assert!(
        v["error"]["detail"].as_str().unwrap().contains("1024"),
        "{v}"
    );

    let (code, _, stderr) = cli(&["scan", "not-a-range"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("INPUT_INVALID_ADDRESS") && stderr.contains("192.168.1.0/24"),
        "{stderr}"
    );
    let (code, _, _) = cli(&["scan", "127.0.0.0/24", "--concurrency", "0"]);
    assert_eq!(code, 2, "clap usage error");

    // A LAN range in test mode: refused before any packet.
    let (code, stdout, _) = cli(&["scan", "192.0.2.0/24", "--json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["error"]["code"], "NET_POLICY_REFUSED", "{v}");

    // No range in test mode: the laptop's networks are never swept; say what to do instead.
    let (code, _, stderr) = cli(&["scan"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("NET_POLICY_REFUSED") && stderr.contains("scan 127.0.0.0/24 --port"),
        "{stderr}"
    );
    let (code, stdout, _) = cli(&["scan", "--json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["error"]["code"], "NET_POLICY_REFUSED", "{v}");
}

/// An error is rendered from the catalogue in IOT_HTTPS_LANG, like findings; `--json` keeps
/// the code, its args and the English sentence.
#[test]
fn errors_are_printed_in_the_users_language() {
    let run = |lang: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args(["scan", "127.0.0.0/16"])
            .env("IOT_HTTPS_MODE", "test")
            .env("IOT_HTTPS_LANG", lang)
            .output()
            .expect("run iot-https");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let fr = run("fr");
    assert!(
        fr.contains("« 127.0.0.0/16 » n'est pas une adresse utilisable."),
        "{fr}"
    );
    let de = run("de");
    assert!(
        de.contains("„127.0.0.0/16“ ist keine verwendbare Adresse."),
        "{de}"
    );
    let en = run("en");
    assert!(
        en.contains("“127.0.0.0/16” is not a usable address."),
        "{en}"
    );
}
