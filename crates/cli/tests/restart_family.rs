//! The watch after a restart (docs/protocol/restarts.md): a paired box that checks out its
//! database's branch comes back speaking another API family and is followed in that family;
//! 19's certificate download retries (6 × 95 s against a dropping firewall, time-scaled here)
//! are a known wait with its end shown, and the watch does not give up before the box does.

use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::box_api::{ApiFamily, BoxCertificate, BoxClient};
use iot_https_core::net_policy::NetPolicy;
use iot_https_core::watch::{follow, Action, WatchConfig, WatchEvent, WatchOutcome};
use tokio_util::sync::CancellationToken;

async fn sim(family: Family, scenario: Scenario) -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        restart: Duration::from_millis(400),
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

fn config(sim: &SimHandle, give_up_after: Duration) -> WatchConfig {
    WatchConfig {
        probe_interval: Duration::from_millis(100),
        data_interval: Duration::from_millis(200),
        side_effect_data_interval: Duration::from_millis(300),
        give_up_after,
        https: sim.https_addr(),
        sni: Some(sim.https_hostname()),
        known_subject: None,
        anchors: iot_https_core::tls::TrustAnchors::extra_only()
            .with_pem(&sim.ca_pem())
            .unwrap(),
    }
}

async fn restart_and_watch(sim: &SimHandle, cfg: &WatchConfig) -> (WatchOutcome, Vec<WatchEvent>) {
    let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
        .await
        .unwrap();
    let before = client.report().await.unwrap().certificate_state;
    let mut events = Vec::new();
    let outcome = follow(
        &client,
        Action::RestartOdoo,
        before,
        cfg,
        &CancellationToken::new(),
        |e| events.push(e),
    )
    .await
    .unwrap();
    (outcome, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_branch_switch_on_restart_is_followed_in_the_new_family() {
    for (from, to) in [
        (Family::IotDrivers, Family::HwPosboxStatus),
        (Family::HwPosboxStatus, Family::IotDrivers),
        (Family::HwPosboxEndDate, Family::LegacyHtml),
    ] {
        let sim = sim(from, Scenario::Healthy).await;
        sim.switch_branch_on_restart(to);
        let (outcome, events) =
            restart_and_watch(&sim, &config(&sim, Duration::from_secs(20))).await;
        let switched: Vec<ApiFamily> = events
            .iter()
            .filter_map(|e| match e {
                WatchEvent::FamilyChanged { family, .. } => Some(*family),
                _ => None,
            })
            .collect();
        assert_eq!(
            switched.last().map(|f| f.name()),
            Some(to.as_str()),
            "{from} → {to}: {events:?}"
        );
        assert!(
            matches!(outcome, WatchOutcome::CertificateReady { .. }),
            "{from} → {to}: {outcome:?}"
        );
        assert_eq!(sim.family(), to);
        assert_eq!(sim.state()["boots"], 2, "the checkout restarts once more");
        sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nineteen_s_retries_are_a_known_wait_and_the_watch_outlasts_them() {
    let sim = sim(Family::IotDrivers, Scenario::OdooComDropped).await;
    // A give-up far shorter than the box's own schedule (6 × 0.95 s here).
    let give_up = Duration::from_millis(1500);
    let (outcome, events) = restart_and_watch(&sim, &config(&sim, give_up)).await;
    let retries: Vec<(u32, u32, u64, u64)> = events
        .iter()
        .filter_map(|e| match e {
            WatchEvent::DownloadRetrying {
                failed_attempts,
                attempts,
                until_ms,
                elapsed_ms,
                until,
            } => {
                assert!(until.ends_with('Z'), "{until}");
                Some((*failed_attempts, *attempts, *until_ms, *elapsed_ms))
            }
            _ => None,
        })
        .collect();
    assert!(!retries.is_empty(), "no retry event: {events:?}");
    for (failed, attempts, until_ms, elapsed_ms) in &retries {
        assert_eq!(*attempts, 6);
        assert!(*failed >= 1 && *failed <= 6);
        // The box keeps trying (6 − failed) × 95 s more, at most.
        assert_eq!(*until_ms - *elapsed_ms, u64::from(6 - failed) * 95_000);
    }
    match &outcome {
        WatchOutcome::CertificateFailed {
            certificate: BoxCertificate::Failed { odoo_code },
            elapsed_ms,
        } => {
            assert_eq!(odoo_code.code, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION");
            assert!(
                *elapsed_ms > give_up.as_millis() as u64,
                "concluded only after the box's last attempt"
            );
        }
        other => panic!("want the box's own final answer, got {other:?}"),
    }
    let logs = sim.state();
    assert!(logs["odoo_com_calls"].as_u64().unwrap() >= 6, "{logs}");
    sim.shutdown().await;
}
