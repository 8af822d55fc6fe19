//! A log longer than the client keeps is cut to its end (from a line start), never refused.

use std::time::Duration;

use iot_https_core::box_api::logs::LOG_TAIL;
use iot_https_core::box_api::BoxClient;
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_test_support::raw_box;
use tokio::io::AsyncWriteExt;

/// A 16.0-looking box whose `/hw_drivers/download_logs` is 20 MiB, sent in chunks.
async fn box_with_a_long_log() -> std::net::SocketAddr {
    raw_box::serve(|mut stream, path| async move {
        if path == "/hw_drivers/download_logs" {
            let line = "2026-12-01 08:00:00,000 1 INFO ? odoo: a line of the log ééé\n";
            let count = (20 << 20) / line.len();
            let last = "2026-12-01 09:00:00,000 1 ERROR ? odoo: the last line\n";
            let len = line.len() * count + last.len();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = line.repeat(1000);
            for _ in 0..count / 1000 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            let rest = line.repeat(count % 1000);
            let _ = stream.write_all(rest.as_bytes()).await;
            let _ = stream.write_all(last.as_bytes()).await;
            return;
        }
        let (status, body) = match path.as_str() {
            "/" => ("200 OK", "<h2>Your IoT Box is up and running</h2>"),
            _ => ("404 NOT FOUND", ""),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes()).await;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_log_is_cut_to_its_end() {
    let addr = box_with_a_long_log().await;
    let client = BoxClient::connect_to(addr, NetPolicy::loopback_only(LoopbackReason::Test))
        .await
        .unwrap();
    let logs = tokio::time::timeout(Duration::from_secs(60), client.fetch_logs())
        .await
        .expect("no hang")
        .unwrap();
    assert!(logs.truncated);
    assert!(logs.text.len() <= LOG_TAIL);
    assert!(logs.text.len() > LOG_TAIL - 200);
    assert!(
        logs.text.starts_with("2026-12-01 08:00:00"),
        "{}",
        &logs.text[..80]
    );
    assert!(logs.text.ends_with("the last line\n"));
    assert!(!logs.text.contains('\u{fffd}'));
}
