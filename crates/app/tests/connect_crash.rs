//! The window's Connect on a box whose status page crashes (issue 19 item 11): 17.0 on its
//! default urllib3 helpers answers HTTP 500 on odoo.com's refusal (`KeyError: 'subject_cn'`,
//! `addons/hw_drivers/tools/helpers.py` @a1926979). The box is found, its report carries the
//! crash and its cause, and the session remembers it as connected, so the wizard goes on.
//! Simulated box on loopback, memory keyring, temporary sites file.

use std::sync::Arc;

use iot_box_sim::{Family, Flavour, HelpersVariant, Scenario, SimConfig};
use iot_https_app::keyring::MemoryKeyring;
use iot_https_app::{boxes, sites, Session};
use iot_https_core::box_api::ReadOptions;
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;
use iot_https_test_support::TempDir;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_finds_a_box_whose_status_page_crashes_on_the_refusal() {
    let sim = iot_box_sim::spawn(SimConfig {
        family: Family::HwPosboxStatus,
        flavour: Flavour::Linux,
        scenario: Scenario::LoadRequestNoResult,
        helpers: HelpersVariant::Urllib3,
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let dir = TempDir::new("app-connect-crash");
    let session = Session::with_keyring(
        NetPolicy::loopback_only(LoopbackReason::Test),
        SiteStore::new(dir.path().join("sites.json")),
        Arc::new(MemoryKeyring::default()),
    );
    let address = sim.http_addr().to_string();
    let connected = boxes::connect(&session, &address, ReadOptions::default())
        .await
        .expect("a box whose hello answers is found even when its status page crashes");
    let report = &connected.report;
    assert!(!report.status_answered);
    assert_eq!(report.status.family.to_string(), "hw-posbox-status");
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        ["BOX_STATUS_ERROR", "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"]
    );
    assert!(report.findings[1]
        .evidence
        .iter()
        .any(|e| e.kind.key() == "crashOdooComRefusal"));
    // Connected: "Next" can make it a site like any box.
    let site = sites::remember_box(&session, &address).await.unwrap();
    assert_eq!(site.address, address);
    sim.shutdown().await;
}
