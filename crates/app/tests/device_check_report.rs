//! The device-check session and the report export against a simulated box on loopback: a
//! device's result streamed and kept for the report, the report of the wizard's diagnosis in
//! the chosen language, and the codes the session knows (a session code, a saved site's code
//! in the keyring) scrubbed from it — here both arrive inside a device's user agent. (Both were
//! made as `Secret`s in this process, which core's registry scrubs too: the keyring path of
//! `report::known_secrets` matters for codes another process stored, and is not told apart here.)

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use iot_box_sim::SimConfig;
use iot_https_app::device_check::{self, OpenOptions};
use iot_https_app::keyring::{MemoryKeyring, SecretStore};
use iot_https_app::types::{Resolver, ResolverSet};
use iot_https_app::{boxes, report, Session};
use iot_https_core::device_check::TargetOptions;
use iot_https_core::diagnose::DiagnoseOptions;
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::report::ReportFormat;
use iot_https_core::secret::Secret;
use iot_https_core::sites::{Site, SiteStore};
use iot_https_core::{ErrorCode, NetPolicy};
use iot_https_test_support::TempDir;

const SESSION_CANARY: &str = "CANARY-session-code-77aa";
const STORED_CANARY: &str = "CANARY-stored-code-88bb";

fn http(addr: &str, request: String) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    text
}

/// Loads the page (which issues the device id) and posts one result as that device.
fn a_device_reports(url: &str) -> String {
    let (addr, path) = url.trim_start_matches("http://").split_once('/').unwrap();
    let page = http(
        addr,
        format!("GET /{path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    let at = page.find(r#""deviceId":""#).expect("a device id") + 12;
    let device = page[at..].split('"').next().unwrap().to_owned();
    let agent = format!(
        "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) \
         Version/17.4 Mobile/15E148 Safari/604.1 {SESSION_CANARY} {STORED_CANARY}"
    );
    let body = format!(
        r#"{{"deviceId":"{device}","userAgent":"{agent}","secureContext":true,"permission":"unsupported","httpsByName":{{"outcome":"ok","ms":40}},"httpByName":{{"outcome":"ok","ms":30}},"httpByIp":{{"outcome":"ok","ms":20}}}}"#
    );
    let answer = http(
        addr,
        format!(
            "POST /{path}/report HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    device
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_result_reaches_the_report_in_its_language_and_no_code_does() {
    let sim = iot_box_sim::spawn(SimConfig::demo()).await.unwrap();
    let https_port = sim.https_addr().unwrap().port();
    let dir = TempDir::new("app-device-report");
    let keyring = Arc::new(MemoryKeyring::default());
    let sites = SiteStore::new(dir.path().join("sites.json"));
    let session = Session::with_keyring(
        NetPolicy::loopback_only(LoopbackReason::Test),
        sites.clone(),
        keyring.clone(),
    );
    // A saved site's code in the keyring, and a code kept for this session only.
    sites
        .insert(Site {
            name: "Elsewhere".into(),
            address: "127.0.0.99:8069".into(),
            code_account: Some("site-code:elsewhere".into()),
            ..Site::default()
        })
        .unwrap();
    keyring
        .set("site-code:elsewhere", &Secret::new(STORED_CANARY))
        .unwrap();
    session
        .session_codes
        .insert("this-session".into(), Secret::new(SESSION_CANARY));

    let none = report::latest(&session, ReportFormat::Markdown, Some("fr")).await;
    assert_eq!(none.unwrap_err().code, ErrorCode::ReportNoDiagnosis);

    let box_addr = sim.http_addr().to_string();
    let mut opts = DiagnoseOptions::new(time::OffsetDateTime::now_utc());
    opts.https_port = https_port;
    opts.check_odoo_com = false;
    // Nothing listens there: the DNS part fails quickly, on loopback.
    let nobody = Resolver::new(SocketAddr::from(([127, 0, 0, 1], 9)), "system");
    opts.resolvers = ResolverSet::explicit(nobody, vec![]);
    boxes::diagnose_box(&session, &box_addr, &opts, true)
        .await
        .unwrap();

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let open = OpenOptions {
        target: TargetOptions::new(https_port),
        listen: None,
        terminals: true,
    };
    let opened = device_check::open(&session, &box_addr, open, move |update| {
        let _ = tx.send(update);
    })
    .await
    .unwrap();
    assert!(opened.terminals.is_some());
    let url = opened.info.url.clone();
    let device = tokio::task::spawn_blocking(move || a_device_reports(&url))
        .await
        .unwrap();
    let streamed = tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .expect("the device's result is streamed")
        .unwrap();
    assert_eq!(streamed.device.device_id, device);
    assert_eq!(streamed.standing.len(), 1);
    device_check::close(&session).await;
    assert!(opened.closed.is_cancelled());

    let json = report::latest(&session, ReportFormat::Json, Some("fr"))
        .await
        .unwrap();
    let french = report::latest(&session, ReportFormat::Markdown, Some("fr"))
        .await
        .unwrap();
    let english = report::latest(&session, ReportFormat::Markdown, None)
        .await
        .unwrap();
    assert!(
        json.contains(&device),
        "the device is in the report: {json}"
    );
    // The user agent is in it (so the codes inside it were there to scrub).
    assert!(json.contains("Mobile/15E148 Safari/604.1"), "{json}");
    assert!(french.contains("Safari") && english.contains("Safari"));
    assert_ne!(french, english, "the report is in the language asked for");
    for text in [&json, &french, &english] {
        assert!(!text.contains(SESSION_CANARY), "a session code leaked");
        assert!(!text.contains(STORED_CANARY), "a stored code leaked");
    }
    sim.shutdown().await;
}
