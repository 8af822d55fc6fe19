//! The fleet use cases against an Odoo stand-in on loopback, with a memory keyring: a database
//! added with its API key is read with the key from the keyring (never handed back, never in
//! `fleet.json`), the alerts between two checks, and the schedule's tick.

use std::sync::Arc;

use iot_https_app::fleet::{no_given_keys, CheckRequest, Databases, ExportFormat, Tick};
use iot_https_app::keyring::MemoryKeyring;
use iot_https_app::types::{ApiChoice, DbConnection};
use iot_https_app::Session;
use iot_https_core::fleet::{AlertThresholds, FleetAlertKind};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;
use iot_https_test_support::TempDir;
use odoo_db_sim::{OdooServer, OdooSimHandle};
use time::OffsetDateTime;

const CANARY: &str = "CANARY-app-fleet-key-5e21";
const LOGIN: &str = "tech@example.com";

async fn stand_in() -> OdooSimHandle {
    odoo_db_sim::spawn(OdooServer::one_box(LOGIN, CANARY, "10.0.0.5"))
        .await
        .unwrap()
}

fn session(dir: &TempDir) -> Session {
    Session::with_keyring(
        NetPolicy::loopback_only(LoopbackReason::Test),
        SiteStore::new(dir.path().join("sites.json")),
        Arc::new(MemoryKeyring::default()),
    )
}

fn saved(now: OffsetDateTime) -> CheckRequest<'static> {
    CheckRequest {
        databases: Databases::Saved,
        api: ApiChoice::Auto,
        now,
        strict: true,
        given_keys: &no_given_keys,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_database_is_read_with_its_keyring_key_and_its_silence_is_an_alert() {
    let sim = stand_in().await;
    let dir = TempDir::new("app-fleet");
    let session = session(&dir);
    let conn = DbConnection {
        url: sim.url(),
        database: "bakery".into(),
        login: LOGIN.into(),
    };
    let added = session.fleet.add_database(conn, CANARY).await.unwrap();
    assert_eq!(added.key_kept_in, "keyring");

    let now = OffsetDateTime::now_utc();
    let first = session
        .fleet
        .check(&session.sites, session.policy, saved(now))
        .await
        .unwrap();
    let source = &first.fleet.sources[0];
    assert!(source.error.is_none(), "{:?}", source.error);
    assert_eq!(first.fleet.rows.len(), 1);
    assert!(first.alerts.is_empty(), "{:?}", first.alerts);

    // The key is in no answer, no export and no file.
    let view = serde_json::to_string(&session.fleet.view().await.unwrap()).unwrap();
    let csv = session.fleet.export(ExportFormat::Csv).await.unwrap();
    let file = std::fs::read_to_string(dir.path().join("fleet.json")).unwrap();
    let checked = serde_json::to_string(&first).unwrap();
    for text in [&view, &csv, &file, &checked] {
        assert!(!text.contains(CANARY), "the key leaked: {text}");
    }

    sim.shutdown().await;
    let second = session
        .fleet
        .check(&session.sites, session.policy, saved(now))
        .await
        .unwrap();
    let kinds: Vec<_> = second.alerts.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, [FleetAlertKind::DatabaseStoppedAnswering]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tick_waits_out_the_interval_then_checks_the_saved_databases() {
    let sim = stand_in().await;
    let dir = TempDir::new("app-fleet-tick");
    let session = session(&dir);
    let fleet = &session.fleet;
    let off = fleet
        .tick(&session.sites, session.policy, OffsetDateTime::now_utc())
        .await;
    assert!(
        matches!(off, Tick::Off),
        "no database, no schedule: {off:?}"
    );

    let conn = DbConnection {
        url: sim.url(),
        database: "bakery".into(),
        login: LOGIN.into(),
    };
    fleet.add_database(conn, CANARY).await.unwrap();
    fleet
        .set_preferences(30, AlertThresholds::default())
        .await
        .unwrap();
    let changed_at = OffsetDateTime::now_utc();
    let soon = changed_at + time::Duration::minutes(10);
    match fleet.tick(&session.sites, session.policy, soon).await {
        Tick::Wait(left) => assert!(left.as_secs() > 15 * 60, "{left:?}"),
        other => panic!("not due 10 minutes into 30: {other:?}"),
    }
    assert!(fleet.last().await.is_none());

    let later = changed_at + time::Duration::minutes(31);
    let Tick::Checked(checked) = fleet.tick(&session.sites, session.policy, later).await else {
        panic!("due after the interval");
    };
    assert_eq!(checked.fleet.rows.len(), 1);
    assert!(checked.fleet.sources[0].error.is_none());
    // The next one counts from this check.
    match fleet.tick(&session.sites, session.policy, later).await {
        Tick::Wait(left) => assert_eq!(left.as_secs(), 30 * 60),
        other => panic!("just checked: {other:?}"),
    }
    sim.shutdown().await;
}
