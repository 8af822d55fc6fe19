//! Pairing a simulated box with a connection token in both formats, and watching it until its
//! status names the database (docs/protocol/pairing.md).

use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig};
use iot_https_core::box_api::{pair_and_wait, Pairing};
use iot_https_core::input::pairing_token;
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::BoxAddress;

const UUID: &str = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

async fn pair(family: Family, token: &str) -> iot_https_core::box_api::PairingOutcome {
    let sim = iot_box_sim::spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario: Scenario::Unpaired,
        restart: Duration::from_millis(300),
        https: None,
        control: None,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let token = pairing_token(token).unwrap();
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let outcome = pair_and_wait(&address, policy, &token, Duration::from_secs(30))
        .await
        .unwrap();
    sim.shutdown().await;
    outcome
}

fn server(outcome: &iot_https_core::box_api::PairingOutcome) -> Option<String> {
    match &outcome.report.as_ref()?.status.pairing {
        Pairing::Paired { server } => Some(server.clone()),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_token_formats_pair_and_the_box_is_seen_paired() {
    let query = format!(
        "https://shop.example.com?token=TOKEN123&db_uuid={UUID}&enterprise_code=M123456789"
    );
    let outcome = pair(Family::IotDrivers, &query).await;
    assert!(outcome.paired, "{outcome:?}");
    assert_eq!(
        server(&outcome).as_deref(),
        Some("https://shop.example.com")
    );

    let pipe = format!("https://shop.example.com|TOKEN123|{UUID}|M123456789");
    let outcome = pair(Family::LegacyHtml, &pipe).await;
    assert!(outcome.paired, "{outcome:?}");
    assert_eq!(
        server(&outcome).as_deref(),
        Some("https://shop.example.com")
    );
    let report = outcome.report.unwrap();
    assert_eq!(report.status.credentials.db_uuid.as_deref(), Some(UUID));
    assert!(!format!("{report:?}").contains("M123456789"));
}
