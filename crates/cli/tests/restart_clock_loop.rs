//! After "Restart Odoo" (or a retry, which on 16.0 – saas-18.2 reads and watches) a Windows IoT
//! of 16.0 – saas-18.2 whose clock runs ahead is never ready: each read and each start
//! downloads a certificate its clock still sees inside the renewal window and restarts Odoo
//! (docs/protocol/certificate-states.md "The box's clock"). Its port may serve the new
//! certificate for a moment; the watch reports `CLOCK_SKEW` (`causeFound`), not "certificate
//! ready". The simulator's start gate holds the start-up check, so the box stays up between
//! the watch's reads.

use std::net::SocketAddr;
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::box_api::{BoxCertificate, BoxClient};
use iot_https_core::findings::{EvidenceKind, FindingCode};
use iot_https_core::net_policy::NetPolicy;
use iot_https_core::watch::{follow, Action, WatchOutcome};
use iot_https_test_support::wait_until;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

mod sim_box;

/// 85 days: past the renewal point of the box's 90-day certificate on the box's clock only.
const AHEAD_S: i64 = 85 * 24 * 3600;

async fn looping_box(family: Family) -> SimHandle {
    let sim = sim_box::spawn(SimConfig {
        https: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
        restart: Duration::from_millis(500),
        clock_offset_s: AHEAD_S,
        ..sim_box::config(family, Flavour::Windows, Scenario::Healthy)
    })
    .await;
    sim.start_gate().hold();
    sim
}

fn boots(sim: &SimHandle) -> u64 {
    sim.state()["boots"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_restart_odoo_the_watch_says_clock_skew_not_ready() {
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let sim = looping_box(family).await;
        let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
            .await
            .unwrap();
        // Reading the box downloads and restarts it: wait until it is back (held there).
        let before = client.report().await.unwrap().certificate_state;
        assert_eq!(before, BoxCertificate::Generated, "{family}");
        wait_until(&format!("{family}: back"), Duration::from_secs(30), || {
            boots(&sim) == 1 && sim.is_up()
        })
        .await;
        let mut events = Vec::new();
        let outcome = follow(
            &client,
            Action::RestartOdoo,
            before,
            &sim_box::watch_config(&sim),
            &CancellationToken::new(),
            |e| events.push(e),
        )
        .await
        .unwrap();
        let WatchOutcome::CauseFound {
            finding,
            certificate,
            ..
        } = outcome
        else {
            panic!("{family}: expected CauseFound, got {outcome:?} after {events:?}");
        };
        assert_eq!(finding.code, FindingCode::ClockSkew, "{family}");
        let kinds: Vec<_> = finding.evidence.iter().map(|e| e.kind).collect();
        assert!(
            kinds.contains(&EvidenceKind::ClockAhead),
            "{family}: {kinds:?}"
        );
        assert!(
            kinds.contains(&EvidenceKind::BoxClockRestartsEachRead),
            "{family}: {kinds:?}"
        );
        // The Windows IoT's steps (its time settings), not the Pi's.
        assert_eq!(
            serde_json::to_value(&finding).unwrap()["stepsFor"],
            "windows",
            "{family}"
        );
        assert_eq!(certificate, BoxCertificate::Generated, "{family}");
        // "Restart Odoo", then the watch's own read restarted it once more.
        wait_until(
            &format!("{family}: restarted"),
            Duration::from_secs(30),
            || boots(&sim) >= 3,
        )
        .await;
        sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn act_retry_json_ends_with_clock_skew_and_exit_1() {
    let sim = looping_box(Family::HwPosboxStatus).await;
    let ca = sim_box::ca_file(&sim);
    let out = sim_box::run_cli(vec![
        "act".to_string(),
        sim.http_addr().to_string(),
        "retry".into(),
        "--https-port".into(),
        sim.https_addr().unwrap().port().to_string(),
        "--ca".into(),
        ca.display().to_string(),
        "--json".into(),
    ])
    .await;
    sim_box::remove_ca_file(&sim);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last: Value = stdout
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("{stdout} {}", String::from_utf8_lossy(&out.stderr)));
    let outcome = &last["outcome"];
    assert_eq!(outcome["result"], "causeFound", "{stdout}");
    assert_eq!(outcome["finding"]["code"], "CLOCK_SKEW", "{stdout}");
    assert!(
        outcome["finding"]["evidence"]
            .to_string()
            .contains("boxClockRestartsEachRead"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    sim.shutdown().await;
}
