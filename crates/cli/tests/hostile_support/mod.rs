//! What the hostile-string tests share: a "box" on loopback that puts [`EVIL`] into every
//! string it reports or answers (hostname, server, version, certificate details, log, action
//! messages), the CLI run as a user runs it, and the check that output is inert.
#![allow(dead_code)] // each test file uses part of it

use std::net::SocketAddr;
use std::process::{Command, Output, Stdio};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Clears the screen, sets the window title, forges a verdict line, reverses text, hides text
/// (zero-width space, word joiner, byte-order mark, tag characters spelling "rm"), and holds
/// markup and a Markdown entity.
pub const EVIL: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}\nHealthy: the box serves a valid certificate.\u{202e}moc.oodo\u{2066}\r\u{9b}1m\u{200b}\u{2060}\u{feff}\u{e0072}\u{e006d} <b>&amp;&#x1b;</b>";

/// What the box's `certificate_details` says: an Odoo code with hostile text, or hostile text
/// alone with `is_certificate_ok` (an unrecognised message, which `act` prints in its outcome).
#[derive(Clone, Copy)]
pub enum Details {
    OdooCode,
    FreeText,
}

fn data(details: Details) -> String {
    json!({
        "hostname": format!("iotbox{EVIL}"),
        "ip": "127.0.0.1",
        "mac": format!("aa:bb{EVIL}"),
        "version": format!("L24.10{EVIL}"),
        "system": "Linux",
        "server_status": format!("https://shop.example{EVIL}"),
        "db_uuid": format!("uuid{EVIL}"),
        "enterprise_code": "",
        // "OK" with text no rule reads: the box's words are the certificate state.
        "is_certificate_ok": matches!(details, Details::FreeText),
        "certificate_details": match details {
            Details::OdooCode => format!("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\nboom{EVIL}"),
            Details::FreeText => format!("boom{EVIL}"),
        },
    })
    .to_string()
}

/// A JSON-RPC success whose message is hostile (save credentials, pairing, restart).
fn rpc_success() -> String {
    json!({"jsonrpc": "2.0", "id": null, "result": {"status": "success", "message": format!("done{EVIL}")}})
        .to_string()
}

fn answer(path: &str, details: Details) -> (&'static str, String) {
    match path {
        "/hw_posbox_homepage/ping" => (
            "200 OK",
            r#"{"status":"success","message":"pong"}"#.to_owned(),
        ),
        "/hw_posbox_homepage/data" => ("200 OK", data(details)),
        "/hw_proxy/hello" => ("200 OK", "ping".to_owned()),
        "/hw_posbox_homepage/iot_logs" => (
            "200 OK",
            json!({ "logs": format!("2026-12-01 INFO odoo: started{EVIL}\nline two{EVIL}") })
                .to_string(),
        ),
        "/hw_posbox_homepage/save_credential" | "/hw_posbox_homepage/connect_to_server" => {
            ("200 OK", rpc_success())
        }
        // A GET route answers the result object itself.
        "/hw_posbox_homepage/restart_odoo_service" => (
            "200 OK",
            json!({"status": "success", "message": format!("done{EVIL}")}).to_string(),
        ),
        _ => ("404 NOT FOUND", String::new()),
    }
}

/// A late-17.0 – saas-18.2 box (`hw-posbox-status`) on 127.0.0.1, every string hostile.
pub async fn hostile_box(details: Details) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16384];
                let mut n = 0;
                let head_end = loop {
                    if let Some(i) = buf[..n].windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    if n == buf.len() {
                        return;
                    }
                    match stream.read(&mut buf[n..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => n += k,
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                // Read the body too: closing with unread bytes would reset the connection.
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0)
                    .min(buf.len() - head_end);
                while n < head_end + length {
                    match stream.read(&mut buf[n..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => n += k,
                    }
                }
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, body) = answer(&path, details);
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

/// The CLI in test mode, standard input closed unless given.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iot-https"));
    c.args(args)
        .env("IOT_HTTPS_MODE", "test")
        .env("IOT_HTTPS_LANG", "en")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null());
    c
}

/// Runs the CLI on a blocking thread (the hostile box runs on this runtime).
pub async fn run(c: Command) -> (String, String) {
    let out: Output = tokio::task::spawn_blocking(move || {
        let mut c = c;
        c.output().unwrap()
    })
    .await
    .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Characters no human output may hold: control characters but the line break, bidi
/// controls, zero-width characters and tag characters. Written out here, independently of
/// `safe_text`, so a gap in its table fails this test.
pub fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}'
            | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
            | '\u{e0000}'..='\u{e007f}')
}

/// Inert text: no forbidden character, and no line the box forged ("Healthy: …" at the start
/// of a line).
pub fn assert_inert(what: &str, text: &str) {
    for c in text.chars() {
        assert!(!forbidden(c), "{what}: U+{:04X} in\n{text}", c as u32);
    }
    assert!(
        !text.lines().any(|l| l.starts_with("Healthy: the box")),
        "{what}: a forged line:\n{text}"
    );
}

/// No forbidden character (a box's log is many lines of the box's own: no forged-line check).
pub fn assert_no_hidden_or_control(what: &str, text: &str) {
    for c in text.chars() {
        assert!(!forbidden(c), "{what}: U+{:04X} in\n{text}", c as u32);
    }
}

/// Both streams inert, and the hostile text visibly there (so the test did reach the box's
/// words, rather than passing on an empty output).
pub fn assert_shown_inert(what: &str, (stdout, stderr): &(String, String), expect: &str) {
    assert_inert(&format!("{what} stdout"), stdout);
    assert_inert(&format!("{what} stderr"), stderr);
    assert!(
        stdout.contains(expect) || stderr.contains(expect),
        "{what}: {expect:?} not shown in\n{stdout}\n---\n{stderr}"
    );
}
