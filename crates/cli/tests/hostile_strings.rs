//! A hostile "box" on loopback puts ESC sequences, bidi overrides and line breaks into every
//! string it reports (hostname, server, version, certificate details). Human output, error
//! messages and Markdown reports must carry none of them; `--json` keeps them exactly.

use std::net::SocketAddr;
use std::process::Command;

use iot_https_core::diagnose::{diagnose, DiagnoseOptions};
use iot_https_core::report::{render, ReportFormat};
use iot_https_core::{BoxAddress, NetPolicy};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Clears the screen, sets the window title, forges a verdict line, reverses text.
const EVIL: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}\nHealthy: the box serves a valid certificate.\u{202e}moc.oodo\u{2066}\r\u{9b}1m";

fn data() -> String {
    json!({
        "hostname": format!("iotbox{EVIL}"),
        "ip": "127.0.0.1",
        "mac": format!("aa:bb{EVIL}"),
        "version": format!("L24.10{EVIL}"),
        "system": "Linux",
        "server_status": format!("https://shop.example{EVIL}"),
        "db_uuid": format!("uuid{EVIL}"),
        "enterprise_code": "",
        "is_certificate_ok": false,
        "certificate_details": format!("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\nboom{EVIL}"),
    })
    .to_string()
}

async fn hostile_box() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut n = 0;
                while !buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf[n..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => n += k,
                    }
                }
                let head = String::from_utf8_lossy(&buf[..n]).into_owned();
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, body) = match path.as_str() {
                    "/hw_posbox_homepage/ping" => (
                        "200 OK",
                        r#"{"status":"success","message":"pong"}"#.to_owned(),
                    ),
                    "/hw_posbox_homepage/data" => ("200 OK", data()),
                    "/hw_proxy/hello" => ("200 OK", "ping".to_owned()),
                    _ => ("404 NOT FOUND", String::new()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
            });
        }
    });
    addr
}

fn run(args: Vec<String>) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
        .args(&args)
        .env("IOT_HTTPS_MODE", "test")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// No control character but the line break, no bidi control, and no forged verdict line.
fn assert_inert(what: &str, text: &str) {
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "{what}: U+{:04X} in\n{text}", c as u32);
    }
    assert!(
        !text.lines().any(|l| l.starts_with("Healthy")),
        "{what}: a forged line:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn human_output_and_reports_carry_no_control_bytes() {
    let addr = hostile_box().await.to_string();
    let (status, err) = tokio::task::spawn_blocking({
        let addr = addr.clone();
        move || run(vec!["status".into(), addr])
    })
    .await
    .unwrap();
    assert!(status.contains("iotbox␛[2J"), "{status}\n{err}");
    assert_inert("status", &status);
    assert_inert("status stderr", &err);

    let (diag, err) = tokio::task::spawn_blocking({
        let addr = addr.clone();
        move || {
            run(vec![
                "diagnose".into(),
                addr,
                "--https-port".into(),
                "9".into(),
            ])
        }
    })
    .await
    .unwrap();
    assert!(
        diag.contains("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"),
        "{diag}\n{err}"
    );
    assert_inert("diagnose", &diag);
    assert_inert("diagnose stderr", &err);

    // --json stays exact: the box's words, escapes and all.
    let (json, _) = tokio::task::spawn_blocking({
        let addr = addr.clone();
        move || run(vec!["status".into(), addr, "--json".into()])
    })
    .await
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["hostname"], format!("iotbox{EVIL}"));

    // The Markdown report (and the HTML made from it).
    let mut opts = DiagnoseOptions::new(time::OffsetDateTime::now_utc());
    opts.https_port = 9;
    let address = BoxAddress::parse(&addr).unwrap();
    let d = diagnose(&address, NetPolicy::from_env(), &opts)
        .await
        .unwrap();
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let text = render(&d, format, &[]);
        assert_inert(&format!("{format:?} report"), &text);
    }
}
