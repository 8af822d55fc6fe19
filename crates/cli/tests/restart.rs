//! Restart round trips against the simulator: save credentials → the box goes down → comes
//! back → obtains a certificate → serves it on HTTPS, asserted through the typed event stream.

use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SwitchOptions};
use iot_https_core::box_api::{ActionOutcome, BoxCertificate, BoxClient};
use iot_https_core::findings::EvidenceKind;
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::secret::Secret;
use iot_https_core::tls::TrustAnchors;
use iot_https_core::watch::{follow, Action, WatchConfig, WatchEvent, WatchOutcome};
use tokio_util::sync::CancellationToken;

const DB_UUID: &str = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

mod sim_box;

use sim_box::watch_config as config;

async fn sim(family: Family, flavour: Flavour, scenario: Scenario) -> iot_box_sim::SimHandle {
    sim_box::spawn_restarting(family, flavour, scenario, Duration::from_millis(600)).await
}

async fn run(
    client: &BoxClient,
    action: Action,
    cfg: &WatchConfig,
) -> (WatchOutcome, Vec<WatchEvent>) {
    let before = client.report().await.unwrap().certificate_state;
    let mut events = Vec::new();
    let outcome = follow(
        client,
        action,
        before,
        cfg,
        &CancellationToken::new(),
        |e| events.push(e),
    )
    .await
    .unwrap();
    (outcome, events)
}

fn kinds(events: &[WatchEvent]) -> Vec<&'static str> {
    events
        .iter()
        .map(|e| match e {
            WatchEvent::RequestSent { .. } => "sent",
            WatchEvent::ActionAnswered { .. } => "answered",
            WatchEvent::BoxDown { .. } => "down",
            WatchEvent::BoxBack { .. } => "back",
            WatchEvent::CertificateChanged { .. } => "certificate",
            WatchEvent::ServedCertificateChanged { .. } => "served",
            WatchEvent::FamilyChanged { .. } => "family",
            WatchEvent::DownloadRetrying { .. } => "retrying",
            WatchEvent::UpdateRunning { .. } => "update",
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_credentials_leads_to_a_served_certificate_for_every_family() {
    for &family in Family::all() {
        for &flavour in Flavour::all() {
            let sim = sim(family, flavour, Scenario::CredentialsMissing).await;
            let policy = NetPolicy::loopback_only(LoopbackReason::Test);
            let client = BoxClient::connect_to(sim.http_addr(), policy)
                .await
                .unwrap();
            let served_before = sim.served_cert_pem();
            let action = Action::SaveCredentials {
                db_uuid: DB_UUID.into(),
                contract_code: Secret::new("CANARY42XYZ"),
            };
            let (outcome, events) = run(&client, action, &config(&sim)).await;
            let label = format!("{family}/{flavour}: {:?}", kinds(&events));

            let WatchOutcome::CertificateReady {
                certificate,
                served_changed,
                ..
            } = &outcome
            else {
                panic!("{label}: {outcome:?}");
            };
            assert!(
                matches!(certificate, BoxCertificate::Valid { .. }),
                "{label}: {certificate:?}"
            );
            assert!(served_changed, "{label}");
            assert_ne!(sim.served_cert_pem(), served_before, "{label}");
            let k = kinds(&events);
            assert_eq!(&k[..2], ["sent", "answered"], "{label}");
            assert!(matches!(
                events[1],
                WatchEvent::ActionAnswered {
                    outcome: ActionOutcome::Accepted { .. } | ActionOutcome::ConnectionDropped,
                    ..
                }
            ));
            let pos = |kind| {
                k.iter()
                    .position(|x| *x == kind)
                    .unwrap_or_else(|| panic!("{label}: no {kind}"))
            };
            assert!(pos("down") < pos("back"), "{label}");
            assert!(pos("back") < pos("certificate"), "{label}");
            assert!(pos("back") < pos("served"), "{label}");
            let elapsed: Vec<u64> = events
                .iter()
                .map(|e| match e {
                    WatchEvent::RequestSent { elapsed_ms, .. }
                    | WatchEvent::ActionAnswered { elapsed_ms, .. }
                    | WatchEvent::BoxDown { elapsed_ms }
                    | WatchEvent::BoxBack { elapsed_ms }
                    | WatchEvent::CertificateChanged { elapsed_ms, .. }
                    | WatchEvent::ServedCertificateChanged { elapsed_ms, .. }
                    | WatchEvent::FamilyChanged { elapsed_ms, .. }
                    | WatchEvent::DownloadRetrying { elapsed_ms, .. }
                    | WatchEvent::UpdateRunning { elapsed_ms, .. } => *elapsed_ms,
                })
                .collect();
            assert!(
                elapsed.windows(2).all(|w| w[0] <= w[1]),
                "{label}: {elapsed:?}"
            );
            assert!(!format!("{events:?}{outcome:?}").contains("CANARY42XYZ"));
            sim.shutdown().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_firewall_fixed_between_two_restarts_turns_the_retry_green() {
    for family in [Family::HwPosboxStatus, Family::IotDrivers] {
        let sim = sim(family, Flavour::Linux, Scenario::LoadRequestException).await;
        let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
            .await
            .unwrap();
        let cfg = config(&sim);

        let (outcome, _) = run(&client, Action::RestartOdoo, &cfg).await;
        let WatchOutcome::CertificateFailed {
            certificate: BoxCertificate::Failed { odoo_code },
            ..
        } = &outcome
        else {
            panic!("{family}: {outcome:?}");
        };
        assert_eq!(
            odoo_code.code, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
            "{family}"
        );

        sim.switch_scenario(
            Scenario::Healthy,
            SwitchOptions {
                keep_state: true,
                ..Default::default()
            },
        )
        .unwrap();
        let (outcome, events) = run(&client, Action::RestartOdoo, &cfg).await;
        let WatchOutcome::CertificateReady { served_changed, .. } = outcome else {
            panic!("{family}: {outcome:?} {:?}", kinds(&events));
        };
        // On 16.0 – 18.2 the status read before the restart already retried the download
        // (odoo-iot-protocol.md §4.1), so nginx may serve the new certificate before the restart; 18.3+ only
        // downloads at start-up (§4.3).
        if family == Family::IotDrivers {
            assert!(served_changed, "{family}: {:?}", kinds(&events));
        }
        sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watching_can_be_cancelled_and_gives_up_in_time() {
    let sim = sim(Family::IotDrivers, Flavour::Linux, Scenario::Placeholder).await;
    let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
        .await
        .unwrap();
    let cancel = CancellationToken::new();
    cancel.cancel();
    let out = follow(
        &client,
        Action::Observe,
        BoxCertificate::NoValidCertificate,
        &config(&sim),
        &cancel,
        |_| {},
    )
    .await
    .unwrap();
    assert!(matches!(out, WatchOutcome::Cancelled { .. }));

    let cfg = WatchConfig {
        give_up_after: Duration::from_millis(800),
        ..config(&sim)
    };
    let out = follow(
        &client,
        Action::Observe,
        BoxCertificate::NoValidCertificate,
        &cfg,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    assert!(matches!(out, WatchOutcome::GaveUp { .. }), "{out:?}");
    sim.shutdown().await;
}

/// "Ready" needs what the HTTPS port serves to verify: an issuer we do not trust, or a name
/// that is not the box's, and the watch never declares success.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_only_when_the_served_certificate_verifies() {
    let sim = sim(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::CredentialsMissing,
    )
    .await;
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let client = BoxClient::connect_to(sim.http_addr(), policy)
        .await
        .unwrap();
    let save = || Action::SaveCredentials {
        db_uuid: DB_UUID.into(),
        contract_code: Secret::new("CANARY42XYZ"),
    };
    let untrusted = WatchConfig {
        anchors: TrustAnchors::extra_only(),
        give_up_after: Duration::from_secs(8),
        ..config(&sim)
    };
    let (outcome, _) = run(&client, save(), &untrusted).await;
    assert!(
        matches!(outcome, WatchOutcome::GaveUp { ref reason, .. } if reason.kind == EvidenceKind::WatchServedUnverified),
        "{outcome:?}"
    );

    sim.switch_scenario(Scenario::CredentialsMissing, SwitchOptions::default())
        .unwrap();
    let other_name = WatchConfig {
        sni: Some("10-9-9-9.elsewhere.odoo-iot.com".into()),
        give_up_after: Duration::from_secs(8),
        ..config(&sim)
    };
    let (outcome, _) = run(&client, save(), &other_name).await;
    assert!(
        matches!(outcome, WatchOutcome::GaveUp { .. }),
        "{outcome:?}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn defaults_respect_the_box() {
    let sim = sim(Family::HwPosboxStatus, Flavour::Linux, Scenario::Healthy).await;
    let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
        .await
        .unwrap();
    let cfg = WatchConfig::for_box(&client);
    assert!(cfg.side_effect_data_interval >= Duration::from_secs(10));
    assert_eq!(cfg.give_up_after, Duration::from_secs(600));
    assert_eq!(cfg.https.map(|a| a.port()), Some(443));
    sim.shutdown().await;
}

#[tokio::test]
async fn reboot_says_plainly_where_there_is_no_route() {
    for (family, flavour) in [
        (Family::IotDrivers, Flavour::Linux),
        (Family::HwPosboxEndDate, Flavour::Linux),
        (Family::LegacyHtml, Flavour::Windows),
    ] {
        let sim = sim(family, flavour, Scenario::Healthy).await;
        let client = BoxClient::connect_to(sim.http_addr(), NetPolicy::real())
            .await
            .unwrap();
        let flavour_seen = client.report().await.unwrap().status.flavour;
        let err = client.reboot(flavour_seen).await.unwrap_err();
        assert_eq!(err.code(), "BOX_ACTION_UNSUPPORTED", "{family}/{flavour}");
        assert!(
            err.to_string().contains("restart the Odoo service"),
            "{err}"
        );
        // What the reader sees is the catalogue's, in their language.
        let fr = iot_https_core::WireError::from(err).render("fr");
        assert!(fr.contains("redémarrez le service Odoo"), "{fr}");
        sim.shutdown().await;
    }
}
