//! odoo.com's refusal on 16.0 and 17.0's default urllib3 helpers: `{"result": {"error": …}}`
//! passes `if not result`, then `result['subject_cn']` raises KeyError and the status route
//! answers HTTP 500 (`addons/hw_drivers/tools/helpers.py` @a1926979, docs/protocol/status-reads.md).
//! The assistant still names odoo.com's refusal, from the traceback in the box's log.

use iot_box_sim::{spawn, Family, Flavour, HelpersVariant, Scenario, SimConfig};
use iot_https_core::box_api::ReadOptions;
use iot_https_core::diagnose::{diagnose, read_report, DiagnoseOptions, Diagnosis};
use iot_https_core::error::CoreError;
use iot_https_core::findings::{texts, StepsCause};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::tls::TrustAnchors;
use iot_https_core::{BoxAddress, OsFlavour};
use iot_https_test_support::raw_box;
use time::OffsetDateTime;

async fn diagnose_sim(family: Family, scenario: Scenario, helpers: HelpersVariant) -> Diagnosis {
    let sim = spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        helpers,
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let mut opts = DiagnoseOptions::new(OffsetDateTime::now_utc());
    opts.https_port = sim.https_addr().unwrap().port();
    opts.anchors = TrustAnchors::mozilla().with_pem(&sim.ca_pem()).unwrap();
    opts.check_odoo_com = false;
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let d = diagnose(
        &address,
        NetPolicy::loopback_only(LoopbackReason::Test),
        &opts,
    )
    .await
    .unwrap();
    sim.shutdown().await;
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_crashes_16_and_17_and_the_finding_names_the_refusal() {
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let d = diagnose_sim(
            family,
            Scenario::LoadRequestNoResult,
            HelpersVariant::Urllib3,
        )
        .await;
        let codes = d.codes();
        assert!(codes.contains(&"BOX_STATUS_ERROR"), "{family}: {codes:?}");
        assert!(
            codes.contains(&"ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"),
            "{family}: {codes:?}"
        );
        let kinds = d.evidence_kinds("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT");
        assert!(
            kinds.contains(&"crashOdooComRefusal"),
            "{family}: {kinds:?}"
        );
        // The crash's cause is known: BOX_STATUS_ERROR shows the refusal's steps only
        // (issue 19 item 10), and says so on the wire.
        let crash = d
            .findings
            .iter()
            .find(|f| f.code.as_str() == "BOX_STATUS_ERROR")
            .unwrap();
        assert_eq!(crash.steps_for, Some(StepsCause::OdooComRefused));
        let wire = serde_json::to_value(crash).unwrap();
        assert_eq!(wire["stepsFor"], "odooComRefused");
        let steps = texts("BOX_STATUS_ERROR", "en")
            .unwrap()
            .steps_for(crash.steps_for);
        assert!(steps.iter().any(|s| s.contains("eligibility")), "{steps:?}");
        assert!(!steps.iter().any(|s| s.contains("saas-18.3")), "{steps:?}");
        // odoo.com's JSON-RPC error is not a refusal: `KeyError: 'result'`.
        let d = diagnose_sim(family, Scenario::ServerError, HelpersVariant::Urllib3).await;
        let kinds = d.evidence_kinds("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT");
        assert!(
            kinds.contains(&"crashOdooComRefused"),
            "{family}: {kinds:?}"
        );
    }
    // The requests helpers (saas-18.1/18.2) read the refusal and report the code themselves.
    let d = diagnose_sim(
        Family::HwPosboxStatus,
        Scenario::LoadRequestNoResult,
        HelpersVariant::Requests,
    )
    .await;
    let codes = d.codes();
    assert!(!codes.contains(&"BOX_STATUS_ERROR"), "{codes:?}");
    assert!(codes.contains(&"ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"));
}

/// Connecting and `iot-https status` (`diagnose::read_report`): the crashing box is found, with
/// the family and 16.0's version from the side-effect-free routes and the diagnosis's findings
/// for the crash (issue 19 item 11); `box_api::read_status` alone still fails on the 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_whose_status_page_crashes_on_the_refusal_is_found_with_the_crash_finding() {
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let sim = spawn(SimConfig {
            family,
            flavour: Flavour::Linux,
            scenario: Scenario::LoadRequestNoResult,
            helpers: HelpersVariant::Urllib3,
            control: None,
            time_scale: 0.01,
            ..SimConfig::demo()
        })
        .await
        .unwrap();
        let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
        let policy = NetPolicy::loopback_only(LoopbackReason::Test);
        let plain = iot_https_core::read_status(&address, policy).await;
        assert!(
            matches!(plain, Err(CoreError::HttpStatus { status: 500, .. })),
            "{family}: {plain:?}"
        );
        let report = read_report(&address, policy, ReadOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{family}: {e}"));
        sim.shutdown().await;
        assert!(!report.status_answered, "{family}");
        assert_eq!(report.status.family.to_string(), family.as_str());
        assert_eq!(report.status.address, address.to_string());
        if family == Family::LegacyHtml {
            // 16.0's plain-text version route answers; a Pi's version is a bare image version.
            assert!(report.status.version.is_some(), "{report:?}");
            assert_eq!(report.status.flavour, OsFlavour::Linux);
        }
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            ["BOX_STATUS_ERROR", "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"],
            "{family}"
        );
        assert!(report.needs_action());
        let refusal = &report.findings[1];
        assert!(
            refusal
                .evidence
                .iter()
                .any(|e| e.kind.key() == "crashOdooComRefusal"),
            "{family}: {:?}",
            refusal.evidence
        );
        assert_eq!(
            report.findings[0].steps_for,
            Some(StepsCause::OdooComRefused)
        );
        let wire = serde_json::to_value(&report).unwrap();
        assert_eq!(wire["statusAnswered"], false);
        assert_eq!(wire["findings"][0]["code"], "BOX_STATUS_ERROR");
    }
}

/// A healthy box's report says its status page answered and carries no findings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_whose_status_page_answers_has_no_read_findings() {
    let sim = spawn(SimConfig {
        family: Family::HwPosboxStatus,
        control: None,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let report = read_report(&address, policy, ReadOptions::default())
        .await
        .unwrap();
    sim.shutdown().await;
    assert!(report.status_answered);
    assert!(report.findings.is_empty());
    assert!(!report.needs_action());
}

/// A 500 from a box whose hello does not answer is no Odoo IoT box we can vouch for: the read
/// stays an error (`BOX_HTTP_STATUS`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_without_hello_stays_an_error() {
    // iot-drivers' ping answers; its data route crashes; hello is not there.
    let addr = raw_box::serve(|mut stream, path| async move {
        use tokio::io::AsyncWriteExt;
        let (status, body) = match path.as_str() {
            "/iot_drivers/ping" => ("200 OK", r#"{"status":"success","message":"pong"}"#),
            "/iot_drivers/data" => ("500 INTERNAL SERVER ERROR", "crash"),
            _ => ("404 NOT FOUND", "not found"),
        };
        let answer = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(answer.as_bytes()).await;
    })
    .await;
    let address = BoxAddress::parse(&addr.to_string()).unwrap();
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let read = read_report(&address, policy, ReadOptions::default()).await;
    assert!(
        matches!(read, Err(CoreError::HttpStatus { status: 500, .. })),
        "{read:?}"
    );
}
