//! The device check server on loopback: serves the page only with the token, refuses the
//! rest, caps bodies, parses reports strictly, and hands each device's verdict over.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use iot_https_core::device_check::{start, CheckTarget, StartOptions};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

fn target() -> CheckTarget {
    CheckTarget {
        box_ip: IpAddr::from([127, 0, 0, 1]),
        http_port: 8069,
        https_port: 8443,
        lna_port: Some(8080),
        use_lna: None,
        box_name: Some("127-0-0-1.d73e7513.odoo-iot.com".into()),
        reported_ip: None,
    }
}

/// A connection from `source` (any 127.0.0.0/8 address is this machine): each source is
/// another device to the server.
async fn connect_from(source: [u8; 4], addr: &str) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(IpAddr::from(source), 0))
        .unwrap();
    socket.connect(addr.parse().unwrap()).await.unwrap()
}

/// A raw HTTP/1.1 exchange, so the test sees exactly what a device would.
async fn exchange(addr: &str, request: String) -> (u16, String, String) {
    exchange_from(LAPTOP_TABLET, addr, request).await
}

/// The tablet of most tests: the server sees it at 127.0.0.1.
const LAPTOP_TABLET: [u8; 4] = [127, 0, 0, 1];

async fn exchange_from(source: [u8; 4], addr: &str, request: String) -> (u16, String, String) {
    let mut stream = connect_from(source, addr).await;
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw)).await;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

async fn get(addr: &str, path: &str) -> (u16, String, String) {
    exchange(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await
}

async fn post(addr: &str, path: &str, content_type: &str, body: &str) -> (u16, String, String) {
    post_from(LAPTOP_TABLET, addr, path, content_type, body).await
}

async fn post_from(
    source: [u8; 4],
    addr: &str,
    path: &str,
    content_type: &str,
    body: &str,
) -> (u16, String, String) {
    exchange_from(
        source,
        addr,
        format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
    )
    .await
}

/// Loads the page from `source` and returns the device id the server issued there.
async fn device_id_from(source: [u8; 4], addr: &str, path: &str) -> String {
    let (status, _, body) = exchange_from(
        source,
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let at = body
        .find(r#""deviceId":""#)
        .expect("the page names its device id")
        + 12;
    body[at..].split('"').next().unwrap().to_owned()
}

fn report(device: &str, https: &str, name: &str, ip: &str, permission: &str) -> String {
    format!(
        r#"{{"deviceId":"{device}","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","brands":[{{"brand":"Chromium","version":"156"}}],"secureContext":true,"permission":"{permission}","httpsByName":{{"outcome":"{https}","ms":20,"detail":null}},"httpByName":{{"outcome":"{name}","ms":15}},"httpByIp":{{"outcome":"{ip}","ms":9}}}}"#
    )
}

#[tokio::test]
async fn serves_the_page_only_with_the_token_and_collects_verdicts() {
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let (check, mut results) = start(StartOptions::new(target()), policy).await.unwrap();
    let info = check.info().clone();
    assert!(info.url.starts_with("http://127.0.0.1:"), "{}", info.url);
    assert!(info.qr_svg.contains("<svg"));
    let addr = info.listen.clone();
    let path = info.url.split_once(&addr).unwrap().1.to_owned();
    let token = path.rsplit('/').next().unwrap().to_owned();

    let (status, head, body) = get(&addr, &path).await;
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("content-security-policy: default-src 'none'; script-src 'self'"),
        "{head}"
    );
    assert!(head.contains("connect-src 'self' https://127-0-0-1.d73e7513.odoo-iot.com:8443 http://127-0-0-1.d73e7513.odoo-iot.com:8069 http://127.0.0.1:8080"), "{head}");
    assert!(head.contains("referrer-policy: no-referrer"));
    assert!(body.contains("https://127-0-0-1.d73e7513.odoo-iot.com:8443/hw_proxy/hello"));
    assert!(
        body.contains("Deze pagina test"),
        "every language's texts are in the page"
    );
    // No Accept-Language: the sentence a browser without script shows is English, filled in.
    assert!(
        body.contains("<noscript>This check needs JavaScript:"),
        "{body}"
    );
    assert_eq!(get(&addr, &format!("{path}/check.js")).await.0, 200);
    assert_eq!(get(&addr, &format!("{path}/check.css")).await.0, 200);

    // Without the token, or with a wrong one, nothing is served.
    assert_eq!(get(&addr, "/").await.0, 404);
    assert_eq!(get(&addr, "/check.js").await.0, 404);
    let wrong = format!("/c/{}", "a".repeat(token.len()));
    assert_eq!(get(&addr, &wrong).await.0, 403);
    assert_eq!(get(&addr, &format!("{wrong}/check.js")).await.0, 403);
    // A refused link is read by a person, in the device's language.
    let (status, head, body) = exchange(
        &addr,
        format!("GET {wrong} HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: fr-BE,fr;q=0.9,en;q=0.5\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        head.to_ascii_lowercase()
            .contains("text/plain; charset=utf-8"),
        "{head}"
    );
    assert!(
        body.starts_with("Ce lien de vérification n'est pas"),
        "{body}"
    );
    assert!(get(&addr, "/").await.2.starts_with("There is no page here"));
    let (status, _, _) = post(
        &addr,
        &format!("{wrong}/report"),
        "application/json",
        &report("device-aaaa", "ok", "ok", "ok", "granted"),
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        results.try_recv().is_err(),
        "a refused report never reaches the window"
    );

    // Bad reports are refused with a reason, never stored.
    assert_eq!(
        post(&addr, &format!("{path}/report"), "text/plain", "{}")
            .await
            .0,
        415
    );
    let (status, _, body) = post(
        &addr,
        &format!("{path}/report"),
        "application/json",
        r#"{"deviceId":"x"}"#,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let extra =
        report("device-bbbb", "ok", "ok", "ok", "granted").replacen('{', r#"{"secret":"x","#, 1);
    assert_eq!(
        post(&addr, &format!("{path}/report"), "application/json", &extra)
            .await
            .0,
        400
    );
    let huge = format!(r#"{{"deviceId":"{}"}}"#, "a".repeat(20_000));
    assert_eq!(
        post(&addr, &format!("{path}/report"), "application/json", &huge)
            .await
            .0,
        413
    );

    // A device id the server did not issue to this address is refused.
    let (status, _, body) = post(
        &addr,
        &format!("{path}/report"),
        "application/json",
        &report("device-cccc", "failed", "ok", "ok", "granted"),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    let tablet = device_id_from(LAPTOP_TABLET, &addr, &path).await;
    let other = device_id_from([127, 0, 0, 3], &addr, &path).await;
    assert_ne!(tablet, other);
    // Two tablets behind one address (a guest network's NAT) are two devices; the page keeps
    // its first id across reloads itself (check.js), so the server gives each load its own.
    let second_tablet = device_id_from(LAPTOP_TABLET, &addr, &path).await;
    assert_ne!(second_tablet, tablet, "each page load gets its own id");
    let copied = report(&other, "ok", "ok", "ok", "granted");
    assert_eq!(
        post(
            &addr,
            &format!("{path}/report"),
            "application/json",
            &copied
        )
        .await
        .0,
        403,
        "another address's id is refused"
    );
    assert!(results.try_recv().is_err());

    // A good report comes back with its verdict and reaches the receiver.
    let (status, _, body) = post(
        &addr,
        &format!("{path}/report"),
        "application/json",
        &report(&tablet, "failed", "ok", "ok", "granted"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("DEVICE_CERT_UNTRUSTED"), "{body}");
    let first = results.recv().await.unwrap();
    assert_eq!(first.verdict, "DEVICE_CERT_UNTRUSTED");
    assert_eq!(first.peer, "127.0.0.1");
    assert_eq!(first.browser.version, "156");

    // The same device again replaces its result; another device is added.
    post(
        &addr,
        &format!("{path}/report"),
        "application/json",
        &report(&tablet, "ok", "ok", "ok", "granted"),
    )
    .await;
    post_from(
        [127, 0, 0, 3],
        &addr,
        &format!("{path}/report"),
        "application/json",
        &report(&other, "failed", "failed", "failed", "denied"),
    )
    .await;
    assert_eq!(results.recv().await.unwrap().verdict, "DEVICE_OK");
    assert_eq!(results.recv().await.unwrap().verdict, "DEVICE_LNA_BLOCKED");
    let all = check.results();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].verdict, "DEVICE_OK");

    // Closed: the port no longer answers.
    check.close();
    check.closed().await;
    drop(check);
    let mut refused = false;
    for _ in 0..50 {
        if TcpStream::connect(&addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the server stops when the check is closed");
}

#[tokio::test]
async fn requests_are_rate_limited_per_device_address() {
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let (check, _results) = start(StartOptions::new(target()), policy).await.unwrap();
    let addr = check.info().listen.clone();
    let mut statuses = Vec::new();
    for _ in 0..70 {
        statuses.push(get(&addr, "/nothing").await.0);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 404).count(), 60);
    assert_eq!(*statuses.last().unwrap(), 429);
    let (status, _, body) = exchange(
        &addr,
        format!("GET /nothing HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: de-DE\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!((status, body.as_str()), (429, "Zu viele Anfragen von diesem Gerät: Warten Sie eine Minute und laden Sie die Seite dann neu."));
}

#[tokio::test]
async fn an_expired_link_stops_the_server() {
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let mut opts = StartOptions::new(target());
    opts.valid_for = Duration::from_millis(200);
    let (check, _results) = start(opts, policy).await.unwrap();
    // Waits for the server's own deadline (polling the state, no fixed sleep as a check).
    tokio::time::timeout(Duration::from_secs(10), check.closed())
        .await
        .unwrap();
    assert!(check.is_closed());
}

#[tokio::test]
async fn demo_and_test_refuse_a_non_loopback_listen_address() {
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let mut opts = StartOptions::new(target());
    opts.listen = Some("0.0.0.0:0".parse().unwrap());
    let err = start(opts, policy).await.err().unwrap();
    assert_eq!(err.code(), "NET_POLICY_REFUSED");
    // A real policy with a loopback box is loopback-only too.
    let mut opts = StartOptions::new(target());
    opts.listen = Some("192.0.2.1:0".parse().unwrap());
    assert!(start(opts, NetPolicy::real()).await.is_err());
}

/// A device on the LAN without the link (or with it) opens many connections and trickles
/// report bodies: it holds only its own address's share, so the cashier's tablet still gets
/// the page and its report is taken. Without the per-address cap the 40 slow connections take
/// all 32 slots and the tablet's connection is dropped.
#[tokio::test]
async fn slow_body_clients_do_not_keep_the_tablet_out() {
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let (check, mut results) = start(StartOptions::new(target()), policy).await.unwrap();
    let info = check.info().clone();
    let addr = info.listen.clone();
    let path = info.url.split_once(&addr).unwrap().1.to_owned();
    let mut jammers = Vec::new();
    for _ in 0..40 {
        let mut stream = connect_from([127, 0, 0, 9], &addr).await;
        let head = format!(
            "POST {path}/report HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 8000\r\n\r\n{{\"deviceId\":"
        );
        // A refused connection may already be closed: the write error is the server's answer.
        let _ = stream.write_all(head.as_bytes()).await;
        jammers.push(stream);
    }
    // Accepted after all 40 (one listen queue, first come first served).
    let tablet = device_id_from(LAPTOP_TABLET, &addr, &path).await;
    let (status, _, body) = post(
        &addr,
        &format!("{path}/report"),
        "application/json",
        &report(&tablet, "ok", "ok", "ok", "granted"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(results.recv().await.unwrap().verdict, "DEVICE_OK");
    drop(jammers);
}
