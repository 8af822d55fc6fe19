//! The device check against a simulated box: the target read from the box and its
//! certificate, payment-terminal readiness, and device results in the support report.

use iot_box_sim::{spawn, Flavour, SimConfig};
use iot_https_core::device_check::terminal::{check_terminals, TerminalOptions};
use iot_https_core::device_check::{discover_target, start, StartOptions, TargetOptions};
use iot_https_core::diagnose::{diagnose, DiagnoseOptions};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::report::{render_in, ReportFormat};
use iot_https_core::BoxAddress;
use iot_https_core::OsFlavour;
use time::macros::datetime;

fn policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

#[tokio::test]
async fn the_target_has_the_box_name_and_ports_and_terminals_are_checked() {
    let sim = spawn(SimConfig::demo()).await.unwrap();
    let https = sim.https_addr().unwrap();
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let (target, client, report) =
        discover_target(&address, policy(), TargetOptions::new(https.port()))
            .await
            .unwrap();
    assert_eq!(
        target.box_name.as_deref(),
        Some(sim.https_hostname().as_str())
    );
    assert_eq!(target.http_port, sim.http_addr().port());
    assert_eq!(target.https_port, https.port());
    assert_eq!(report.status.flavour, OsFlavour::Linux);

    // Nothing listens on the Worldline port: closed, with the DHCP advice.
    let closed = check_terminals(
        &client,
        target.box_ip,
        OsFlavour::Linux,
        &TerminalOptions {
            worldline_port: Some(free_port().await),
        },
    )
    .await;
    assert!(!closed.worldline_port_open);
    assert!(closed.six_reported, "iot-drivers reports six_terminal");
    assert_eq!(
        closed.six_terminal, None,
        "\"Not Configured\" is no terminal ID"
    );
    let codes: Vec<_> = closed.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["TERMINAL_PORT_CLOSED", "BOX_ADDRESS_NOT_RESERVED"]);

    // A listener on the port: open, advice only.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let open = check_terminals(
        &client,
        target.box_ip,
        OsFlavour::Windows,
        &TerminalOptions {
            worldline_port: Some(listener.local_addr().unwrap().port()),
        },
    )
    .await;
    assert!(open.worldline_port_open);
    let codes: Vec<_> = open.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["BOX_ADDRESS_NOT_RESERVED"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn windows_boxes_use_9050() {
    let mut cfg = SimConfig::demo();
    cfg.flavour = Flavour::Windows;
    let sim = spawn(cfg).await.unwrap();
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let (target, client, report) = discover_target(
        &address,
        policy(),
        TargetOptions::new(sim.https_addr().unwrap().port()),
    )
    .await
    .unwrap();
    assert_eq!(report.status.flavour, OsFlavour::Windows);
    let t = check_terminals(
        &client,
        target.box_ip,
        report.status.flavour,
        &TerminalOptions::default(),
    )
    .await;
    assert_eq!(t.worldline_port, 9050);
    sim.shutdown().await;
}

/// Odoo's LNA mode calls `http://<box IP>/` on nginx's port 80 (`formatEndpoint`): the probe
/// goes there and the Pi's nginx answers `ping` from Odoo; a Windows IoT has no such server.
#[tokio::test]
async fn the_lna_probe_reaches_the_pis_nginx_and_a_windows_iot_has_none() {
    let any = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let mut cfg = SimConfig::demo();
    cfg.nginx = Some(any);
    let pi = spawn(cfg.clone()).await.unwrap();
    let nginx = pi.nginx_addr().unwrap();
    let address = BoxAddress::parse(&pi.http_addr().to_string()).unwrap();
    let mut opts = TargetOptions::new(pi.https_addr().unwrap().port());
    opts.lna_port = nginx.port();
    let (target, _, _) = discover_target(&address, policy(), opts.clone())
        .await
        .unwrap();
    assert_eq!(target.lna_port, Some(nginx.port()));
    let url = target.probe_urls().http_by_ip.unwrap();
    assert_eq!(url, format!("http://{nginx}/hw_proxy/hello"));
    assert_ne!(nginx.port(), pi.http_addr().port(), "not Odoo's own port");
    assert_eq!(get_body(nginx, "/hw_proxy/hello").await, "ping");
    pi.shutdown().await;

    cfg.flavour = Flavour::Windows;
    let windows = spawn(cfg).await.unwrap();
    assert_eq!(windows.nginx_addr(), None, "no port-80 server on Windows");
    let address = BoxAddress::parse(&windows.http_addr().to_string()).unwrap();
    opts.https_port = windows.https_addr().unwrap().port();
    let (target, _, _) = discover_target(&address, policy(), opts).await.unwrap();
    assert_eq!(target.lna_port, None);
    assert_eq!(target.probe_urls().http_by_ip, None);
    windows.shutdown().await;
}

async fn get_body(addr: std::net::SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

async fn free_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn device_results_go_into_the_support_report() {
    let sim = spawn(SimConfig::demo()).await.unwrap();
    let https = sim.https_addr().unwrap();
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let (target, _, _) = discover_target(&address, policy(), TargetOptions::new(https.port()))
        .await
        .unwrap();
    let (check, mut results) = start(StartOptions::new(target), policy()).await.unwrap();
    let url = check.info().url.clone();
    let (host, path) = url.trim_start_matches("http://").split_once('/').unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // The page first: the server issues this device's id with it.
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).await.unwrap();
    let at = page
        .find(r#""deviceId":""#)
        .expect("the page names its device id")
        + 12;
    let device_id = page[at..].split('"').next().unwrap();
    let body = format!(
        r#"{{"deviceId":"{device_id}","userAgent":"Mozilla/5.0 (Windows NT 10.0; rv:146.0) Gecko/20100101 Firefox/146.0","secureContext":true,"permission":"unsupported","httpsByName":{{"outcome":"failed","ms":3}},"httpByName":{{"outcome":"failed","ms":2}},"httpByIp":{{"outcome":"ok","ms":5}}}}"#
    );
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!("POST /{path}/report HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let device = results.recv().await.unwrap();
    assert_eq!(device.verdict, "DEVICE_NAME_UNRESOLVED");

    let mut opts = DiagnoseOptions::new(datetime!(2026-12-01 09:00 UTC));
    opts.https_port = https.port();
    opts.check_odoo_com = false;
    let diagnosis = diagnose(&address, policy(), &opts).await.unwrap();
    let md = render_in(
        &diagnosis,
        std::slice::from_ref(&device),
        ReportFormat::Markdown,
        &[],
        "en",
    );
    assert!(md.contains("## Devices checked from the shop"), "{md}");
    assert!(
        md.contains("Firefox 146 · 127.0.0.1 — DEVICE_NAME_UNRESOLVED"),
        "{md}"
    );
    assert!(md.contains("DEVICE_HTTP_ONLY"));
    let json = render_in(&diagnosis, &[device], ReportFormat::Json, &[], "en");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["devices"][0]["verdict"], "DEVICE_NAME_UNRESOLVED");
    let html = render_in(&diagnosis, &[], ReportFormat::Html, &[], "en");
    assert!(
        !html.contains("Devices checked"),
        "no section without devices"
    );
    sim.shutdown().await;
}
