//! After "Restart Odoo" the watch stops as soon as this run's log shows the IoT service's
//! start-up thread died (docs/protocol/restarts.md "When the start-up thread dies"), with the
//! finding that names the cause, instead of waiting until its give-up (up to 6 × 95 s more on
//! 19) and saying "reported no certificate result". The simulator's `manager_crash` scenarios
//! kill the thread at every start, as Odoo's real 19.0 code did against these two causes.

use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimHandle};
use iot_https_core::box_api::BoxClient;
use iot_https_core::findings::FindingCode;
use iot_https_core::net_policy::NetPolicy;
use iot_https_core::watch::{follow, Action, WatchEvent, WatchOutcome};
use tokio_util::sync::CancellationToken;

mod sim_box;

async fn sim(family: Family, flavour: Flavour, scenario: Scenario) -> SimHandle {
    sim_box::spawn_restarting(family, flavour, scenario, Duration::from_millis(1500)).await
}

async fn restart_and_watch(sim: &SimHandle) -> (WatchOutcome, Vec<WatchEvent>) {
    let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
        .await
        .unwrap();
    let before = client.report().await.unwrap().certificate_state;
    let mut events = Vec::new();
    let outcome = follow(
        &client,
        Action::RestartOdoo,
        before,
        &sim_box::watch_config(sim),
        &CancellationToken::new(),
        |e| events.push(e),
    )
    .await
    .unwrap();
    (outcome, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watch_stops_with_the_cause_when_the_start_up_thread_dies_again() {
    let cases = [
        (
            Family::HwPosboxEndDate,
            Flavour::Linux,
            Scenario::OdooComResultFalse,
            FindingCode::IotServiceStoppedOdooCom,
        ),
        (
            Family::IotDrivers,
            Flavour::Linux,
            Scenario::OdooComResultFalse,
            FindingCode::IotServiceStoppedOdooCom,
        ),
        (
            Family::IotDrivers,
            Flavour::Windows,
            Scenario::DatabaseUnresolvable,
            FindingCode::IotServiceStoppedDatabase,
        ),
    ];
    for (family, flavour, scenario, code) in cases {
        let label = format!("{family}/{flavour}/{scenario:?}");
        let sim = sim(family, flavour, scenario).await;
        let (outcome, events) = restart_and_watch(&sim).await;
        assert!(
            events
                .iter()
                .any(|e| matches!(e, WatchEvent::BoxBack { .. })),
            "{label}: the box restarted and came back: {events:?}"
        );
        match outcome {
            WatchOutcome::ServiceStopped { finding, .. } => {
                assert_eq!(finding.code, code, "{label}");
                assert!(
                    finding.detail.is_some(),
                    "{label}: the exception is the detail"
                );
            }
            other => panic!("{label}: expected ServiceStopped, got {other:?} after {events:?}"),
        }
    }
}
