//! The scan use case against a simulated box on loopback: what it sweeps (a range; the laptop's
//! networks only in a real run), the boxes it remembers, and a saved site that follows its box
//! to a new address only when the session records (the window's scan; never the CLI's).

use std::net::SocketAddr;
use std::sync::Arc;

use iot_box_sim::{Family, Flavour, SimConfig};
use iot_https_app::keyring::MemoryKeyring;
use iot_https_app::scan::{plan, scan};
use iot_https_app::Session;
use iot_https_core::discovery::{CancellationToken, FoundBox, SweepEvent, SweepOptions};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::sites::{Site, SiteStore};
use iot_https_core::{ErrorCode, NetPolicy};
use iot_https_test_support::TempDir;

fn session(dir: &TempDir) -> Session {
    Session::with_keyring(
        NetPolicy::loopback_only(LoopbackReason::Test),
        SiteStore::new(dir.path().join("sites.json")),
        Arc::new(MemoryKeyring::default()),
    )
}

async fn sweep_once(session: &Session, range: &str, port: u16, record: bool) -> Vec<FoundBox> {
    let plan = plan(&session.policy, Some(range), port).unwrap();
    let mut found = Vec::new();
    let report = scan(
        session,
        plan,
        SweepOptions::default(),
        record,
        CancellationToken::new(),
        |event| {
            if let SweepEvent::Found { found: one } = event {
                found.push(one);
            }
        },
    )
    .await
    .unwrap();
    assert_eq!(report.found.len(), found.len());
    found
}

#[test]
fn a_range_is_checked_and_the_laptops_networks_are_for_real_runs_only() {
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let bad = plan(&policy, Some("127.0.0.1/40"), 8069).unwrap_err();
    assert_eq!(
        bad.args.get("input").map(String::as_str),
        Some("127.0.0.1/40")
    );
    let refused = plan(&policy, Some("  "), 8069).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NetPolicyRefused);
    let one = plan(&policy, Some("127.0.0.31/32"), 8069).unwrap();
    assert_eq!(one.targets, [SocketAddr::from(([127, 0, 0, 31], 8069))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_follows_its_box_to_a_new_address_only_when_the_scan_records() {
    let sim = iot_box_sim::spawn(SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Linux,
        http: SocketAddr::from(([127, 0, 0, 31], 0)),
        https: None,
        control: None,
        seed: Some(31),
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let port = sim.http_addr().port();
    let dir = TempDir::new("app-scan");
    let session = session(&dir);

    // First sweep: the box, remembered by the session; nothing written.
    let found = sweep_once(&session, "127.0.0.31/32", port, false).await;
    let [one] = &found[..] else {
        panic!("one box: {found:?}")
    };
    assert!(session.found.lock().await.contains_key(&one.address));
    assert!(one.identifier.is_some() && one.mac.is_some(), "{one:?}");

    // Its site, saved at an old address: the CLI's scan leaves it there…
    let store = SiteStore::new(dir.path().join("sites.json"));
    store
        .insert(Site {
            name: "Counter".into(),
            address: "127.0.0.99:8069".into(),
            identifier: one.identifier.clone(),
            mac: one.mac.clone(),
            ..Site::default()
        })
        .unwrap();
    let found = sweep_once(&session, "127.0.0.31/32", port, false).await;
    assert!(found[0].site.is_none());
    assert_eq!(store.load().unwrap().sites[0].address, "127.0.0.99:8069");

    // …the window's moves it, and the event says from where.
    let found = sweep_once(&session, "127.0.0.31/32", port, true).await;
    let site = found[0].site.as_ref().expect("the site is known");
    assert_eq!(site.moved_from.as_deref(), Some("127.0.0.99:8069"));
    assert_eq!(store.load().unwrap().sites[0].address, one.address);
    sim.shutdown().await;
}
