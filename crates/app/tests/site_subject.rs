//! A saas-18.3+ box names no certificate subject: its saved site remembers the subject of the
//! last certificate that verified for it, and the next diagnosis expects that name (issue 19
//! item 12). Simulated iot-drivers box on loopback, memory keyring, temporary sites file.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_app::keyring::MemoryKeyring;
use iot_https_app::types::{Resolver, ResolverSet};
use iot_https_app::{boxes, sites, Session};
use iot_https_core::box_api::ReadOptions;
use iot_https_core::diagnose::{DiagnoseOptions, Diagnosis};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::sites::SiteStore;
use iot_https_core::tls::TrustAnchors;
use iot_https_core::NetPolicy;
use iot_https_test_support::TempDir;

async fn spawn() -> SimHandle {
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    iot_box_sim::spawn(SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Linux,
        scenario: Scenario::Healthy,
        http: any,
        https: Some(any),
        control: None,
        restart: Duration::from_millis(500),
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

fn options(sim: &SimHandle, given_name: Option<String>) -> DiagnoseOptions {
    let mut opts = DiagnoseOptions::new(time::OffsetDateTime::now_utc());
    opts.https_port = sim.https_addr().unwrap().port();
    opts.anchors = TrustAnchors::extra_only().with_pem(&sim.ca_pem()).unwrap();
    opts.check_odoo_com = false;
    // Nothing listens there: the DNS part fails quickly, on loopback.
    let nobody = Resolver::new(SocketAddr::from(([127, 0, 0, 1], 9)), "system");
    opts.resolvers = ResolverSet::explicit(nobody, vec![]);
    opts.expected_name = given_name;
    opts
}

fn codes(d: &Diagnosis) -> Vec<String> {
    d.findings.iter().map(|f| f.code.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_site_remembers_the_subject_and_the_next_check_expects_it() {
    let sim = spawn().await;
    let dir = TempDir::new("app-site-subject");
    let store = SiteStore::new(dir.path().join("sites.json"));
    let session = Session::with_keyring(
        NetPolicy::loopback_only(LoopbackReason::Test),
        store.clone(),
        Arc::new(MemoryKeyring::default()),
    );
    let address = sim.http_addr().to_string();
    boxes::connect(&session, &address, ReadOptions::default())
        .await
        .unwrap();
    let site = sites::remember_box(&session, &address).await.unwrap();
    let name = sim.https_hostname();
    let subject = format!("*.{}", name.split_once('.').unwrap().1);

    // First check: only the served certificate names the box.
    let first = boxes::diagnose_box(&session, &address, &options(&sim, None), true)
        .await
        .unwrap();
    let all = codes(&first);
    assert!(all.contains(&"CERT_NAME_UNCONFIRMED".into()), "{all:?}");
    assert!(!all.contains(&"CERT_VALID".into()), "{all:?}");
    assert_eq!(store.get(&site.id).unwrap().certificate_subject, None);

    // A check with the name the POS uses verifies: the site learns the subject.
    let given = boxes::diagnose_box(&session, &address, &options(&sim, Some(name)), true)
        .await
        .unwrap();
    assert!(codes(&given).contains(&"CERT_VALID".into()));
    let saved = store.get(&site.id).unwrap();
    assert_eq!(saved.certificate_subject.as_deref(), Some(subject.as_str()));
    let on_disk = std::fs::read_to_string(store.path()).unwrap();
    assert!(on_disk.contains("\"certificateSubject\""), "{on_disk}");

    // From now on the healthy box is confirmed without any name given.
    let healthy = boxes::diagnose_box(&session, &address, &options(&sim, None), true)
        .await
        .unwrap();
    let all = codes(&healthy);
    assert!(all.contains(&"CERT_VALID".into()), "{all:?}");
    assert!(!all.contains(&"CERT_NAME_UNCONFIRMED".into()), "{all:?}");

    // The same box serving another database's trusted certificate is the mismatch it is, and
    // the site keeps its subject.
    sim.set_scenario(Scenario::NginxOtherSubject);
    let other = boxes::diagnose_box(&session, &address, &options(&sim, None), true)
        .await
        .unwrap();
    let all = codes(&other);
    assert!(all.contains(&"CERT_NAME_MISMATCH".into()), "{all:?}");
    assert!(!all.contains(&"CERT_VALID".into()), "{all:?}");
    let kept = store.get(&site.id).unwrap();
    assert_eq!(kept.certificate_subject.as_deref(), Some(subject.as_str()));
    sim.shutdown().await;
}
