//! After "Restart Odoo" a box may run an update before it restarts again: master's weekly
//! branch checkout or the Debian Trixie upgrade and its reboot (docs/protocol/restarts.md
//! "Branch switch"). The watch says so (`UpdateRunning`), waits longer instead of "did not come
//! back", and ends with the certificate the box downloads once it is back.

use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle, UpdateRun};
use iot_https_core::box_api::log_facts::UpdateKind;
use iot_https_core::box_api::BoxClient;
use iot_https_core::net_policy::NetPolicy;
use iot_https_core::tls::TrustAnchors;
use iot_https_core::watch::{follow, Action, WatchConfig, WatchEvent, WatchOutcome};
use tokio_util::sync::CancellationToken;

async fn sim() -> SimHandle {
    let cfg = SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Linux,
        scenario: Scenario::Healthy,
        restart: Duration::from_millis(1500),
        time_scale: 0.01,
        ..SimConfig::demo()
    };
    iot_box_sim::spawn(cfg).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watch_follows_the_update_and_its_restart_to_the_certificate() {
    for (run, kind) in [
        (UpdateRun::WeeklyBranch, UpdateKind::WeeklyBranch),
        (UpdateRun::DebianUpgrade, UpdateKind::DebianUpgrade),
    ] {
        let sim = sim().await;
        sim.update_on_restart(run);
        let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
            .await
            .unwrap();
        let config = WatchConfig {
            probe_interval: Duration::from_millis(200),
            data_interval: Duration::from_millis(300),
            side_effect_data_interval: Duration::from_millis(500),
            give_up_after: Duration::from_secs(30),
            https: sim.https_addr(),
            sni: Some(sim.https_hostname()),
            known_subject: None,
            anchors: TrustAnchors::extra_only().with_pem(&sim.ca_pem()).unwrap(),
        };
        let mut events = Vec::new();
        let outcome = follow(
            &client,
            Action::RestartOdoo,
            iot_https_core::box_api::BoxCertificate::NoValidCertificate,
            &config,
            &CancellationToken::new(),
            |e| events.push(e),
        )
        .await
        .unwrap();
        let updates: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                WatchEvent::UpdateRunning { kind, .. } => Some(*kind),
                _ => None,
            })
            .collect();
        assert_eq!(updates, vec![kind], "{events:?}");
        // The update came first, then the box went away again and came back.
        let update_at = events
            .iter()
            .position(|e| matches!(e, WatchEvent::UpdateRunning { .. }))
            .unwrap();
        let downs = events[update_at..]
            .iter()
            .filter(|e| matches!(e, WatchEvent::BoxDown { .. }))
            .count();
        assert!(
            downs >= 1,
            "{run:?}: no restart after the update: {events:?}"
        );
        assert!(
            matches!(outcome, WatchOutcome::CertificateReady { .. }),
            "{run:?}: {outcome:?} {events:?}"
        );
        sim.shutdown().await;
    }
}
