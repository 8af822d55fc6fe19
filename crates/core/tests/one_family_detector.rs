//! One family detector: a box's answers to the side-effect-free probes give the same family
//! when the technician connects to it (`BoxClient`, box_api's detection) and when a scan finds
//! it (`discovery::sweep`). Each case is a scripted "box" on 127.0.0.1; nothing leaves loopback.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use iot_https_core::box_api::BoxClient;
use iot_https_core::discovery::{sweep, CancellationToken, SweepOptions};
use iot_https_core::http::Limits;
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::ApiFamily;
use iot_https_test_support::raw_box;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const PONG: &str = r#"{"status":"success","message":"pong"}"#;

/// Routes and their 200 answers; anything else is a 404.
type Routes = Vec<(&'static str, &'static str)>;

async fn serve(routes: Routes) -> SocketAddr {
    let routes = Arc::new(routes);
    raw_box::serve(move |stream, path| {
        let routes = routes.clone();
        async move { answer(stream, &path, &routes).await }
    })
    .await
}

async fn answer(mut stream: TcpStream, path: &str, routes: &Routes) {
    let (status, body) = routes
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(("404 Not Found", ""), |(_, b)| ("200 OK", *b));
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
}

fn policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        max_body: 1 << 20,
    }
}

/// The family connecting finds (`None`: connecting refuses the box).
async fn when_connecting(addr: SocketAddr) -> Option<ApiFamily> {
    BoxClient::connect_with_limits(addr, policy(), limits())
        .await
        .ok()
        .map(|c| c.family())
}

/// The family the scan reports (`None`: found without a family, or not found).
async fn when_scanning(addr: SocketAddr) -> Option<ApiFamily> {
    let options = SweepOptions {
        connect_timeout: Duration::from_secs(2),
        probe_timeout: Duration::from_secs(5),
        ..SweepOptions::default()
    };
    let report = sweep(
        vec![addr],
        policy(),
        options,
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    report.found.first().and_then(|f| f.family)
}

#[tokio::test]
async fn the_same_answers_give_the_same_family_when_connecting_and_when_scanning() {
    let hello = ("/hw_proxy/hello", "ping");
    let cases: Vec<(&str, Routes, Option<ApiFamily>)> = vec![
        (
            "iot_drivers pongs",
            vec![hello, ("/iot_drivers/ping", PONG)],
            Some(ApiFamily::IotDrivers),
        ),
        (
            "a plain 16.0 Pi version",
            vec![hello, ("/hw_proxy/get_version", "22.11")],
            Some(ApiFamily::LegacyHtml),
        ),
        (
            "a plain 16.0 Windows version",
            vec![hello, ("/hw_proxy/get_version", "W22_11")],
            Some(ApiFamily::LegacyHtml),
        ),
        // Not plain versions: the scan used to call these 16.0 while connecting did not.
        (
            "a sentence on the version route",
            vec![hello, ("/hw_proxy/get_version", "Odoo 16.0 build 5")],
            None,
        ),
        (
            "a word without a digit",
            vec![hello, ("/hw_proxy/get_version", "unknown")],
            None,
        ),
        (
            "a JSON object on the version route",
            vec![hello, ("/hw_proxy/get_version", r#"{"v":"1"}"#)],
            None,
        ),
    ];
    for (what, routes, expected) in cases {
        let addr = serve(routes).await;
        let connecting = when_connecting(addr).await;
        let scanning = when_scanning(addr).await;
        assert_eq!(connecting, scanning, "{what}: connect and scan disagree");
        assert_eq!(connecting, expected, "{what}");
    }
}
