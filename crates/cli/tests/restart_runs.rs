//! After "Restart Odoo" the watch judges this run's log lines only (docs/protocol/logs.md
//! "Runs"). The earlier run's "could not reach odoo.com" lines stay in the log — a Pi's file
//! survives an Odoo restart, a Windows IoT writes one growing file at WARNING without a start
//! line — and 18.3+ answer HTTP before their `Manager` thread has asked odoo.com again. The
//! simulator holds that thread (`start_gate`) until the watch has read the box after its
//! return, so the moment the real box showed (a failure reported 40 ms after the box came back,
//! the certificate arriving 2 s later) happens in every run of these tests.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimHandle, SwitchOptions};
use iot_https_core::box_api::{BoxCertificate, BoxClient};
use iot_https_core::net_policy::NetPolicy;
use iot_https_core::watch::{follow, Action, WatchEvent, WatchOutcome};
use iot_https_test_support::wait_until;
use tokio_util::sync::CancellationToken;

const LOG_ROUTES: [&str; 4] = [
    "/iot_drivers/iot_logs",
    "/iot_drivers/download_logs",
    "/hw_posbox_homepage/iot_logs",
    "/hw_drivers/download_logs",
];

mod sim_box;

async fn sim(family: Family, flavour: Flavour) -> SimHandle {
    // A firewall that refuses www.odoo.com: the box's start-up attempts failed. A real restart
    // takes seconds: longer than the one-second steps of the box's clock (`Date`) by which its
    // log lines are placed in a run.
    let refused = Scenario::LoadRequestException;
    sim_box::spawn_restarting(family, flavour, refused, Duration::from_millis(1500)).await
}

fn log_reads(sim: &SimHandle) -> u64 {
    LOG_ROUTES.iter().map(|p| sim.requests(p)).sum()
}

fn logs(sim: &SimHandle) -> String {
    sim.logs()
}

/// Restarts Odoo and follows it; the box's start-up work is held until the watch has read
/// the logs of the box that came back.
async fn restart_and_watch(sim: &Arc<SimHandle>) -> (WatchOutcome, Vec<WatchEvent>) {
    let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
        .await
        .unwrap();
    let before = client.report().await.unwrap().certificate_state;
    // The technician takes more than a second between the box's last line and the click.
    let since_spawn = std::time::Instant::now();
    wait_until(
        "a second after the box's last line",
        Duration::from_secs(5),
        || since_spawn.elapsed() >= Duration::from_millis(1200),
    )
    .await;
    let gate = sim.start_gate();
    gate.hold();
    let back = Arc::new(AtomicBool::new(false));
    let releaser = {
        let (sim, back, gate) = (sim.clone(), back.clone(), gate.clone());
        tokio::spawn(async move {
            wait_until("the box is back", Duration::from_secs(20), || {
                back.load(Ordering::SeqCst)
            })
            .await;
            let seen = log_reads(&sim);
            wait_until(
                "the watch reads the logs of the box that came back",
                Duration::from_secs(20),
                || log_reads(&sim) > seen,
            )
            .await;
            gate.release();
        })
    };
    let mut events = Vec::new();
    let outcome = follow(
        &client,
        Action::RestartOdoo,
        before,
        &sim_box::watch_config(sim),
        &CancellationToken::new(),
        |e| {
            if matches!(e, WatchEvent::BoxBack { .. }) {
                back.store(true, Ordering::SeqCst);
            }
            events.push(e);
        },
    )
    .await
    .unwrap();
    releaser.abort();
    let _ = releaser.await;
    gate.release();
    (outcome, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_pi_the_retry_after_the_firewall_fix_waits_for_this_runs_certificate() {
    firewall_fixed_then_retry(Flavour::Linux).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_windows_the_retry_after_the_firewall_fix_waits_for_this_runs_certificate() {
    firewall_fixed_then_retry(Flavour::Windows).await;
}

async fn firewall_fixed_then_retry(flavour: Flavour) {
    for family in [Family::IotDrivers, Family::HwPosboxEndDate] {
        let label = format!("{family}/{flavour}");
        let sim = Arc::new(sim(family, flavour).await);
        assert!(
            logs(&sim).contains("An error occurred while trying to reach odoo.com"),
            "{label}: the earlier run's failure is in the log"
        );
        if flavour == Flavour::Windows {
            // Odoo's Windows installer logs at WARNING: no INFO start line to cut at.
            assert!(!logs(&sim).contains("HTTP service (werkzeug) running on"));
        }
        sim.switch_scenario(
            Scenario::Healthy,
            SwitchOptions {
                keep_state: true,
                ..Default::default()
            },
        )
        .unwrap();

        let (outcome, events) = restart_and_watch(&sim).await;
        let WatchOutcome::CertificateReady { certificate, .. } = &outcome else {
            panic!("{label}: {outcome:?}\n{events:?}\n{}", logs(&sim));
        };
        assert!(
            matches!(certificate, BoxCertificate::Valid { .. }),
            "{label}: {certificate:?}"
        );
        // The earlier run's lines are still there; they were not read as this run's.
        assert!(logs(&sim).contains("An error occurred while trying to reach odoo.com"));
        Arc::try_unwrap(sim).ok().unwrap().shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_that_fails_again_is_reported_with_its_own_lines() {
    for family in [Family::IotDrivers, Family::HwPosboxEndDate] {
        for flavour in [Flavour::Linux, Flavour::Windows] {
            let label = format!("{family}/{flavour}");
            let sim = Arc::new(sim(family, flavour).await);
            let (outcome, events) = restart_and_watch(&sim).await;
            let WatchOutcome::CertificateFailed {
                certificate: BoxCertificate::Failed { odoo_code },
                ..
            } = &outcome
            else {
                panic!("{label}: {outcome:?}\n{events:?}");
            };
            assert_eq!(
                odoo_code.code, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
                "{label}"
            );
            Arc::try_unwrap(sim).ok().unwrap().shutdown().await;
        }
    }
}
