//! `iot-https device-check --json`: serves the page, refuses requests without the token, and
//! prints one JSON object per device as the reports arrive. The binary as a user runs it,
//! the simulator in process, every socket on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use iot_box_sim::SimConfig;
use serde_json::Value;

/// Kills the CLI (by its own handle) however the test ends.
struct Running(Child);
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http(addr: &str, request: String) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    http(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

fn post_report(addr: &str, path: &str, device: &str, https: &str) -> u16 {
    let body = format!(
        r#"{{"deviceId":"{device}","userAgent":"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1","secureContext":true,"permission":"unsupported","httpsByName":{{"outcome":"{https}","ms":40}},"httpByName":{{"outcome":"ok","ms":30}},"httpByIp":{{"outcome":"ok","ms":20}}}}"#
    );
    http(
        addr,
        format!("POST {path}/report HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
    )
    .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_check_json_serves_the_page_and_prints_each_device() {
    let sim = iot_box_sim::spawn(SimConfig::demo()).await.unwrap();
    let box_addr = sim.http_addr().to_string();
    let https_port = sim.https_addr().unwrap().port().to_string();
    let name = sim.https_hostname();

    let child = Command::new(env!("CARGO_BIN_EXE_iot-https"))
        .args([
            "device-check",
            &box_addr,
            "--https-port",
            &https_port,
            "--terminals",
            "--json",
        ])
        .env("IOT_HTTPS_MODE", "test")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run iot-https");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().unwrap();
    let (lines_tx, lines) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let next = || -> Value {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("a line from the CLI");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    };

    let terminals = next();
    assert_eq!(terminals["terminals"]["worldlinePort"], 9001, "{terminals}");
    let check = next();
    let url = check["check"]["url"].as_str().unwrap().to_owned();
    assert_eq!(
        check["check"]["target"]["boxName"],
        name.as_str(),
        "{check}"
    );
    let (addr, path) = url.trim_start_matches("http://").split_once('/').unwrap();
    let (addr, path) = (addr.to_owned(), format!("/{path}"));
    assert!(
        addr.starts_with("127.0.0.1:"),
        "test mode listens on loopback: {addr}"
    );

    let (page, body) = tokio::task::spawn_blocking({
        let (addr, path) = (addr.clone(), path.clone());
        move || get(&addr, &path)
    })
    .await
    .unwrap();
    assert_eq!(page, 200);
    assert!(body.contains(&format!("https://{name}:{https_port}/hw_proxy/hello")));
    assert!(
        !body.contains(iot_box_sim::FAKE_ENTERPRISE_CODE),
        "the page never carries the box's contract code"
    );

    // The device id the server issued to this address with the page.
    let at = body
        .find(r#""deviceId":""#)
        .expect("the page names its device id")
        + 12;
    let device = body[at..].split('"').next().unwrap().to_owned();
    let (addr2, path2, device2) = (addr.clone(), path.clone(), device.clone());
    let statuses = tokio::task::spawn_blocking(move || {
        let token_len = path2.rsplit('/').next().unwrap().len();
        let wrong = format!("/c/{}", "b".repeat(token_len));
        (
            get(&addr2, "/").0,
            get(&addr2, &wrong).0,
            post_report(&addr2, &wrong, &device2, "ok"),
            post_report(&addr2, &path2, "tablet-00000001", "ok"),
            post_report(&addr2, &path2, &device2, "failed"),
            post_report(&addr2, &path2, &device2, "ok"),
        )
    })
    .await
    .unwrap();
    assert_eq!(statuses, (404, 403, 403, 403, 200, 200));

    // The refused reports ("ok") would have printed DEVICE_OK first.
    let first = next();
    assert_eq!(first["device"]["deviceId"], device.as_str(), "{first}");
    assert_eq!(first["device"]["verdict"], "DEVICE_CERT_UNTRUSTED");
    assert_eq!(first["device"]["browser"]["name"], "Safari");
    let second = next();
    assert_eq!(second["device"]["verdict"], "DEVICE_OK", "{second}");
    drop(running);
    sim.shutdown().await;
}
