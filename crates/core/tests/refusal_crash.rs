//! odoo.com's refusal on 16.0 and 17.0's default urllib3 helpers: `{"result": {"error": …}}`
//! passes `if not result`, then `result['subject_cn']` raises KeyError and the status route
//! answers HTTP 500 (`addons/hw_drivers/tools/helpers.py` @a1926979, docs/protocol/status-reads.md).
//! The assistant still names odoo.com's refusal, from the traceback in the box's log.

use iot_box_sim::{spawn, Family, Flavour, HelpersVariant, Scenario, SimConfig};
use iot_https_core::diagnose::{diagnose, DiagnoseOptions, Diagnosis};
use iot_https_core::findings::{texts, StepsCause};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::tls::TrustAnchors;
use iot_https_core::BoxAddress;
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
