//! Every command that shows what a box says, against a hostile "box" on loopback (see
//! `hostile_support`): `scan`, `check-all`, `logs`, `act`, `save-credentials`, `pair` and
//! `device-check` (its terminals and a device whose browser sends hostile text). Human output
//! must be inert and forge no line; each test also checks the box's words are visibly shown,
//! so a command that printed them raw would fail here.

mod hostile_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use hostile_support::{
    assert_inert, assert_no_hidden_or_control, assert_shown_inert, command, hostile_box, run,
    Details, EVIL,
};
use iot_https_core::sites::{Site, SiteStore};

const UUID: &str = "0f3c5b7a-1111-4222-8333-944445555666";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_shows_found_boxes_inert() {
    let addr = hostile_box(Details::OdooCode).await;
    let port = addr.port().to_string();
    let out = run(command(&[
        "scan",
        "127.0.0.1/32",
        "--port",
        &port,
        "--read-status",
    ]))
    .await;
    assert_shown_inert("scan", &out, "L24.10␛[2J");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_all_shows_sites_inert() {
    let addr = hostile_box(Details::OdooCode).await.to_string();
    let dir = std::env::temp_dir().join(format!("iot-https-hostile-sites-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = SiteStore::new(dir.join("sites.json"));
    store
        .insert(Site {
            name: format!("Bakery{EVIL}"),
            address: addr.clone(),
            ..Site::default()
        })
        .unwrap();
    let sites = store.path().to_str().unwrap().to_owned();
    let out = run(command(&["check-all", "--sites", &sites])).await;
    assert_shown_inert("check-all", &out, "Bakery␛[2J");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_saved_to_a_file_say_so_inert() {
    let addr = hostile_box(Details::OdooCode).await.to_string();
    // Into a file: the exact log there, the summary inert.
    let file = std::env::temp_dir().join(format!("iot-https-hostile-log-{}", std::process::id()));
    let file_arg = file.to_str().unwrap().to_owned();
    let out = run(command(&["logs", &addr, "-o", &file_arg])).await;
    assert_shown_inert("logs -o", &out, "/hw_posbox_homepage/iot_logs");
    assert!(std::fs::read_to_string(&file).unwrap().contains(EVIL));
    let _ = std::fs::remove_file(&file);
}

/// Linux only: util-linux `script` gives the CLI a pseudo-terminal (not there under wine).
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_on_a_terminal_are_inert() {
    let addr = hostile_box(Details::OdooCode).await.to_string();
    // On a terminal (util-linux `script` gives the CLI a pseudo-terminal): inert text. A pipe
    // gets the exact log, by design, so this is the path people see.
    let binary = env!("CARGO_BIN_EXE_iot-https");
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &format!("{binary} logs {addr}"), "/dev/null"])
        .env("IOT_HTTPS_MODE", "test")
        .stdin(Stdio::null());
    let (stdout, stderr) = run(c).await;
    // The terminal turns "\n" into "\r\n": only that carriage return is the terminal's own.
    let shown = stdout.replace("\r\n", "\n");
    assert_no_hidden_or_control("logs on a terminal", &shown);
    assert_inert("logs on a terminal, stderr", &stderr);
    assert!(shown.contains("started␛[2J"), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn act_shows_events_and_outcome_inert() {
    let addr = hostile_box(Details::FreeText).await.to_string();
    let out = run(command(&[
        "act",
        &addr,
        "restart-odoo",
        "--https-port",
        "9",
    ]))
    .await;
    // The box's answer message, then its unrecognised certificate text in the outcome.
    assert_shown_inert("act", &out, "done␛[2J");
    assert_shown_inert("act", &out, "boom␛[2J");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_credentials_shows_events_and_outcome_inert() {
    let addr = hostile_box(Details::FreeText).await.to_string();
    let mut c = command(&[
        "save-credentials",
        &addr,
        "--db-uuid",
        UUID,
        "--https-port",
        "9",
    ]);
    c.env("IOT_HTTPS_CONTRACT_CODE", "CANARY-7731-SAVE");
    let out = run(c).await;
    assert_shown_inert("save-credentials", &out, "boom␛[2J");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pair_shows_the_server_inert() {
    let addr = hostile_box(Details::OdooCode).await.to_string();
    let mut c = command(&["pair", &addr, "--wait", "1"]);
    c.env(
        "IOT_HTTPS_PAIRING_TOKEN",
        "https://shop.example.com?token=abc123&db_uuid=0f3c5b7a-1111-4222-8333-944445555666&enterprise_code=CANARY-7731-PAIR",
    );
    let out = run(c).await;
    assert_shown_inert("pair", &out, "https://shop.example␛[2J");
}

/// Kills the CLI (by its own handle) however the test ends.
struct Running(std::process::Child);
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

/// Opens the check page as a device does (the server issues this address a device id with
/// it), then posts `report` with that id; the POST's status.
fn open_and_report(addr: &str, path: &str, mut report: serde_json::Value) -> u16 {
    let (_, page) = http(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    let at = page
        .find(r#""deviceId":""#)
        .expect("the page names its device id")
        + 12;
    report["deviceId"] = page[at..].split('"').next().unwrap().into();
    let body = report.to_string();
    http(
        addr,
        format!(
            "POST {path}/report HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_check_shows_terminals_and_devices_inert() {
    let addr = hostile_box(Details::OdooCode).await.to_string();
    let mut c = command(&["device-check", &addr, "--https-port", "9", "--terminals"]);
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut running = Running(c.spawn().unwrap());
    let stdout = running.0.stdout.take().unwrap();
    let (lines_tx, lines) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut shown = String::new();
    let mut next = || {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no more output after:\n{shown}"));
        shown.push_str(&line);
        shown.push('\n');
        line
    };
    let url = loop {
        let line = next();
        if let Some(url) = line.trim().strip_prefix("http://") {
            break url.to_owned();
        }
    };
    let (page_addr, path) = url.split_once('/').unwrap();
    // A Chromium that sends hostile Client Hints (bidi, zero-width and tag characters pass the
    // report's control-character check) in its brand version.
    let report = serde_json::json!({
        "userAgent": "Mozilla/5.0 (Linux; Android 14\u{202e}\u{200b}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
        "brands": [{"brand": "Google Chrome", "version": "142\u{202e}moc\u{200b}\u{e0041}"}],
        "secureContext": true,
        "permission": "unsupported",
        "httpsByName": {"outcome": "failed", "ms": 40},
        "httpByName": {"outcome": "ok", "ms": 30},
        "httpByIp": {"outcome": "ok", "ms": 20},
    });
    let (page_addr, path) = (page_addr.to_owned(), format!("/{path}"));
    let status = tokio::task::spawn_blocking(move || open_and_report(&page_addr, &path, report))
        .await
        .unwrap();
    assert_eq!(status, 200, "{shown}");
    loop {
        let line = next();
        if line.contains('✓') || line.contains('✗') {
            break;
        }
    }
    // The device's lines follow its headline.
    while let Ok(line) = lines.recv_timeout(Duration::from_millis(500)) {
        shown.push_str(&line);
        shown.push('\n');
    }
    drop(running);
    assert_inert("device-check", &shown);
    assert!(shown.contains("Payment terminals on 127.0.0.1"), "{shown}");
    assert!(shown.contains("142\u{fffd}moc"), "{shown}");
}
