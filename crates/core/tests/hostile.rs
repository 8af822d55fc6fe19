//! A hostile "box" on loopback answers with malformed, oversized, slow, truncated and reset
//! responses. Every case must end in a typed error (or a typed result with anomalies) within
//! the client's deadline: no panic, no hang.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use iot_https_core::box_api::BoxClient;
use iot_https_core::http::Limits;
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::secret::Secret;
use iot_https_test_support::raw_box;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

const PONG: &str = r#"{"status":"success","message":"pong"}"#;

#[derive(Clone)]
enum Reply {
    Raw(Vec<u8>),
    Json(&'static str, String),
    SlowBody,
    HugeDeclared,
    HugeChunked,
    ResetMidBody,
    Silent,
    CloseAtOnce,
}

fn ok(body: impl Into<String>) -> Reply {
    Reply::Json("text/html; charset=utf-8", body.into())
}

fn raw(s: impl AsRef<[u8]>) -> Reply {
    Reply::Raw(s.as_ref().to_vec())
}

fn status(code: u16, extra: &str) -> Reply {
    raw(format!(
        "HTTP/1.1 {code} X\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    ))
}

/// Routes answered normally so that detection reaches the hostile route.
struct Script {
    ping: Reply,
    data: Reply,
    other: Reply,
}

async fn serve(script: Arc<Script>) -> SocketAddr {
    raw_box::serve(move |stream, path| {
        let script = script.clone();
        async move { handle(stream, &path, &script).await }
    })
    .await
}

async fn handle(mut stream: TcpStream, path: &str, script: &Script) {
    let reply = if path == "/iot_drivers/ping" {
        &script.ping
    } else if path == "/iot_drivers/data"
        || path.ends_with("save_credential")
        || path.ends_with("iot_logs")
        || path.ends_with("restart_odoo_service")
    {
        &script.data
    } else {
        &script.other
    };
    let _ = write_reply(&mut stream, reply).await;
}

async fn write_reply(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    match reply {
        Reply::Raw(bytes) => stream.write_all(bytes).await?,
        Reply::Json(ct, body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Reply::SlowBody => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n{")
                .await?;
            for _ in 0..600 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                stream.write_all(b" ").await?;
            }
        }
        Reply::HugeDeclared => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n")
                .await?;
            stream.write_all(&vec![b'a'; 1 << 16]).await?;
        }
        Reply::HugeChunked => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                .await?;
            let chunk = format!("{:x}\r\n{}\r\n", 1 << 16, "a".repeat(1 << 16));
            for _ in 0..256 {
                stream.write_all(chunk.as_bytes()).await?;
            }
        }
        Reply::ResetMidBody => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"ip\": \"12")
                .await?;
            // Zero linger makes the close a reset (RST), which is the point of this case.
            #[allow(deprecated)]
            stream.set_linger(Some(Duration::ZERO))?;
        }
        Reply::Silent => tokio::time::sleep(Duration::from_secs(30)).await,
        Reply::CloseAtOnce => {}
    }
    stream.flush().await
}

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_millis(1500),
        connect_timeout: Duration::from_millis(500),
        max_body: 1 << 20,
    }
}

fn policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

/// Runs detection and then `op` against the script; returns the error code (or "ok") and the
/// anomalies of a status read.
async fn outcome(script: Script, op: &str) -> (String, Vec<String>) {
    let addr = serve(Arc::new(script)).await;
    let run = async {
        let client = BoxClient::connect_with_limits(addr, policy(), limits()).await?;
        match op {
            "status" => client.status().await.map(|s| s.anomalies),
            "save" => client
                .save_credentials("u", &Secret::new("CANARY123"))
                .await
                .map(|_| vec![]),
            "restart" => client.restart_odoo().await.map(|_| vec![]),
            "logs" => client.logs().await.map(|_| vec![]),
            _ => unreachable!(),
        }
    };
    match tokio::time::timeout(Duration::from_secs(20), run).await {
        Err(_) => panic!("hung"),
        Ok(Ok(anomalies)) => ("ok".into(), anomalies),
        Ok(Err(e)) => {
            assert!(!e.to_string().contains("CANARY123"));
            (e.code().to_string(), vec![])
        }
    }
}

fn on_data(data: Reply) -> Script {
    Script {
        ping: ok(PONG),
        data,
        other: status(404, ""),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_corpus_ends_in_typed_errors() {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let wrong_types = r#"{"ip":1,"version":{},"system":[],"mac":true,"server_status":5,"pairing_code":1.5,"is_access_point_up":"no","db_uuid":[1],"enterprise_code":{"a":1},"certificate_end_date":42}"#;
    let big_field = format!(r#"{{"hostname":"{}"}}"#, "x".repeat(900_000));
    let huge_header = format!("HTTP/1.1 200 OK\r\nX-A: {}\r\n\r\n", "a".repeat(1 << 20));
    let malformed = "BOX_MALFORMED_RESPONSE";
    let cases: Vec<(&str, Script, &str, &str)> = vec![
        (
            "truncated JSON",
            on_data(ok(r#"{"ip": "1"#)),
            "status",
            malformed,
        ),
        ("JSON array", on_data(ok("[1,2]")), "status", malformed),
        (
            "JSON string",
            on_data(ok(r#""{\"ip\":1}""#)),
            "status",
            malformed,
        ),
        ("JSON null", on_data(ok("null")), "status", malformed),
        ("empty body", on_data(ok("")), "status", malformed),
        (
            "HTML where JSON was expected",
            on_data(ok("<html><body>Odoo</body></html>")),
            "status",
            malformed,
        ),
        (
            "non-UTF-8",
            on_data(Reply::Raw(
                b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n{\"\xff\xfe\"}".to_vec(),
            )),
            "status",
            malformed,
        ),
        ("UTF-8 BOM", on_data(ok("\u{feff}{}")), "status", malformed),
        (
            "NaN literal",
            on_data(ok(r#"{"ip": NaN}"#)),
            "status",
            malformed,
        ),
        ("deep nesting", on_data(ok(nested)), "status", malformed),
        (
            "wrong types everywhere",
            on_data(ok(wrong_types)),
            "status",
            "ok",
        ),
        ("huge field", on_data(ok(big_field)), "status", "ok"),
        (
            "duplicate keys",
            on_data(ok(r#"{"ip":"127.0.0.1","ip":"127.0.0.2"}"#)),
            "status",
            "ok",
        ),
        (
            "wrong content type, valid JSON",
            on_data(Reply::Json("application/octet-stream", "{}".into())),
            "status",
            "ok",
        ),
        (
            "image content type, garbage",
            on_data(Reply::Json("image/png", "\u{1}PNG".into())),
            "status",
            malformed,
        ),
        (
            "declared 100 MB",
            on_data(Reply::HugeDeclared),
            "status",
            "BOX_BODY_TOO_LARGE",
        ),
        (
            "endless chunked body",
            on_data(Reply::HugeChunked),
            "status",
            "BOX_BODY_TOO_LARGE",
        ),
        (
            "endless slow body",
            on_data(Reply::SlowBody),
            "status",
            "BOX_TIMEOUT",
        ),
        (
            "silent after request",
            on_data(Reply::Silent),
            "status",
            "BOX_TIMEOUT",
        ),
        (
            "reset mid-body",
            on_data(Reply::ResetMidBody),
            "status",
            "BOX_CONNECTION_LOST",
        ),
        (
            "closed without answer",
            on_data(Reply::CloseAtOnce),
            "status",
            "BOX_CONNECTION_LOST",
        ),
        (
            "short body then close",
            on_data(raw(
                "HTTP/1.1 200 OK\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{}",
            )),
            "status",
            "BOX_CONNECTION_LOST",
        ),
        (
            "broken chunk encoding",
            on_data(raw(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n",
            )),
            "status",
            "BOX_CONNECTION_LOST",
        ),
        (
            "garbage status line",
            on_data(raw("HTTP/1.1 abc\r\n\r\n")),
            "status",
            "BOX_CONNECTION_LOST",
        ),
        (
            "not HTTP at all",
            on_data(raw("SSH-2.0-OpenSSH_9.2\r\n")),
            "status",
            "BOX_CONNECTION_LOST",
        ),
        (
            "oversized header",
            on_data(raw(huge_header)),
            "status",
            "BOX_CONNECTION_LOST",
        ),
        (
            "redirect loop",
            on_data(status(302, "Location: /iot_drivers/data\r\n")),
            "status",
            "BOX_HTTP_STATUS",
        ),
        (
            "server error",
            on_data(status(500, "")),
            "status",
            "BOX_HTTP_STATUS",
        ),
        (
            "data route missing",
            on_data(status(404, "")),
            "status",
            "BOX_HTTP_STATUS",
        ),
        (
            "control characters",
            on_data(ok(r#"{"certificate_end_date":"\u0000\u001b[31m"}"#)),
            "status",
            "ok",
        ),
        (
            "save: result of the wrong shape",
            on_data(ok(r#"{"jsonrpc":"2.0","result":5}"#)),
            "save",
            malformed,
        ),
        (
            "save: JSON-RPC error",
            on_data(ok(
                r#"{"jsonrpc":"2.0","error":{"message":"Odoo Server Error","data":{"message":"boom"}}}"#,
            )),
            "save",
            "BOX_REFUSED",
        ),
        (
            "save: envelope without result",
            on_data(ok(r#"{"jsonrpc":"2.0"}"#)),
            "save",
            malformed,
        ),
        (
            "restart: failure status",
            on_data(ok(r#"{"status":"failure","message":"no"}"#)),
            "restart",
            "BOX_REFUSED",
        ),
        (
            "logs: 100 MB declared",
            on_data(Reply::HugeDeclared),
            "logs",
            "BOX_BODY_TOO_LARGE",
        ),
        (
            "logs: no logs field",
            on_data(ok(r#"{"status":"success"}"#)),
            "logs",
            malformed,
        ),
        (
            "not Odoo: 404 everywhere",
            Script {
                ping: status(404, ""),
                data: status(404, ""),
                other: status(404, ""),
            },
            "status",
            "BOX_NOT_ODOO",
        ),
        (
            "not Odoo: HTML everywhere",
            Script {
                ping: ok("<html/>"),
                data: ok("<html/>"),
                other: ok("<html>router</html>"),
            },
            "status",
            "BOX_NOT_ODOO",
        ),
        (
            "ping hangs",
            Script {
                ping: Reply::Silent,
                data: ok("{}"),
                other: status(404, ""),
            },
            "status",
            "BOX_TIMEOUT",
        ),
        (
            "ping resets",
            Script {
                ping: Reply::ResetMidBody,
                data: ok("{}"),
                other: status(404, ""),
            },
            "status",
            "BOX_CONNECTION_LOST",
        ),
    ];
    let mut failures = Vec::new();
    for (name, script, op, expected) in cases {
        let (got, anomalies) = outcome(script, op).await;
        if got != expected {
            failures.push(format!("{name}: expected {expected}, got {got}"));
        }
        if name == "wrong types everywhere" && anomalies.len() < 8 {
            failures.push(format!(
                "{name}: only {} anomalies noted: {anomalies:?}",
                anomalies.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_port_with_nothing_listening_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let err = BoxClient::connect_with_limits(addr, policy(), limits())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "BOX_UNREACHABLE");
}
