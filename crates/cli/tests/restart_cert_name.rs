//! "Certificate ready" only for the name the box expects (issue 19 item 12): the name comes
//! from the box (its status subject on 16.0 – saas-18.2, its log on 18.4) or from the caller
//! (`WatchConfig::sni`: given, or remembered), never from the served certificate itself. With
//! no such name (18.3+ name none) the watch says the name is unconfirmed.
//! The box is followed without a restart (a restart reloads nginx with the box's own file).

use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::box_api::BoxClient;
use iot_https_core::findings::EvidenceKind;
use iot_https_core::net_policy::NetPolicy;
use iot_https_core::tls::TrustAnchors;
use iot_https_core::watch::{follow, Action, WatchConfig, WatchOutcome};
use tokio_util::sync::CancellationToken;

async fn sim(family: Family, scenario: Scenario) -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

fn config(sim: &SimHandle, sni: Option<String>) -> WatchConfig {
    WatchConfig {
        probe_interval: Duration::from_millis(200),
        data_interval: Duration::from_millis(300),
        side_effect_data_interval: Duration::from_millis(500),
        give_up_after: Duration::from_secs(8),
        https: sim.https_addr(),
        sni,
        known_subject: None,
        anchors: TrustAnchors::extra_only().with_pem(&sim.ca_pem()).unwrap(),
    }
}

/// Follows the box without restarting it (a retry by watching): a restart reloads nginx with the
/// box's own file, which would end the simulated mix-up.
async fn watch(sim: &SimHandle, sni: Option<String>) -> WatchOutcome {
    watch_with(sim, config(sim, sni)).await
}

async fn watch_with(sim: &SimHandle, config: WatchConfig) -> WatchOutcome {
    let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
        .await
        .unwrap();
    let before = client.report().await.unwrap().certificate_state;
    follow(
        &client,
        Action::Observe,
        before,
        &config,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_databases_certificate_is_never_ready_when_the_box_names_its_subject() {
    // 17.0 – saas-18.2 name their subject in the status; nginx serves a trusted certificate of
    // another database. Judged by its own name it would pass.
    let sim = sim(Family::HwPosboxStatus, Scenario::NginxOtherSubject).await;
    let outcome = watch(&sim, None).await;
    assert!(
        matches!(&outcome, WatchOutcome::GaveUp { reason, .. } if reason.kind == EvidenceKind::WatchServedUnverified),
        "{outcome:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_19_a_name_known_from_earlier_decides_and_without_one_it_is_unconfirmed() {
    let sim_other = sim(Family::IotDrivers, Scenario::NginxOtherSubject).await;
    let own = sim_other.https_hostname();
    let outcome = watch(&sim_other, Some(own)).await;
    assert!(
        matches!(outcome, WatchOutcome::GaveUp { .. }),
        "another database's certificate for a known name: {outcome:?}"
    );
    let outcome = watch(&sim_other, None).await;
    assert!(
        matches!(
            outcome,
            WatchOutcome::CertificateReady {
                name_confirmed: false,
                ..
            }
        ),
        "no name known: trusted and in date, but unconfirmed: {outcome:?}"
    );

    let sim = sim(Family::IotDrivers, Scenario::Healthy).await;
    let own = sim.https_hostname();
    let outcome = watch(&sim, Some(own)).await;
    assert!(
        matches!(
            outcome,
            WatchOutcome::CertificateReady {
                name_confirmed: true,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_19_a_saved_sites_subject_is_the_name_the_watch_waits_for() {
    // The app passes a saved site's remembered subject as `known_subject` (not as the SNI).
    let known = |sim: &SimHandle| WatchConfig {
        known_subject: Some(format!(
            "*.{}",
            sim.https_hostname().split_once('.').unwrap().1
        )),
        ..config(sim, None)
    };
    let sim_other = sim(Family::IotDrivers, Scenario::NginxOtherSubject).await;
    let outcome = watch_with(&sim_other, known(&sim_other)).await;
    assert!(
        matches!(&outcome, WatchOutcome::GaveUp { reason, .. } if reason.kind == EvidenceKind::WatchServedUnverified),
        "another database's certificate for the remembered subject: {outcome:?}"
    );
    let sim = sim(Family::IotDrivers, Scenario::Healthy).await;
    let outcome = watch_with(&sim, known(&sim)).await;
    assert!(
        matches!(
            outcome,
            WatchOutcome::CertificateReady {
                name_confirmed: true,
                ..
            }
        ),
        "{outcome:?}"
    );
}
