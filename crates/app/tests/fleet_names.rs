//! The fleet's database records as a source of a saas-18.3+ box's certificate name (issue 19
//! item 12), and the identity rule for every remembered name (item 4). An 18.4+ box with a
//! certificate reports its HTTPS name `<ip-dashed>.<hash>.odoo-iot.com` as `iot.box.ip`
//! (`_get_domain()`, `addons/iot_drivers/main.py` @00067bed): after a fleet check the session
//! expects that name for the box with that record's identifier, so the box's own certificate is
//! CERT_VALID and another database's trusted certificate CERT_NAME_MISMATCH, not merely
//! "unconfirmed". A subject is used only for the box it belongs to: a saved site's never for
//! another box answering at the site's address.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_app::check_all::check_all;
use iot_https_app::fleet::{no_given_keys, CheckRequest, Databases};
use iot_https_app::keyring::MemoryKeyring;
use iot_https_app::types::{ApiChoice, DbConnection, Resolver, ResolverSet};
use iot_https_app::{boxes, sites, Session, Silent};
use iot_https_core::box_api::ReadOptions;
use iot_https_core::diagnose::{DiagnoseOptions, Diagnosis};
use iot_https_core::findings::{EvidenceKind, FindingCode};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::sites::SiteStore;
use iot_https_core::tls::TrustAnchors;
use iot_https_core::NetPolicy;
use iot_https_test_support::TempDir;
use odoo_db_sim::{OdooServer, OdooSimHandle};
use time::OffsetDateTime;

const KEY: &str = "CANARY-fleet-names-key-77c1";
const LOGIN: &str = "tech@example.com";

async fn box_sim(scenario: Scenario) -> SimHandle {
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    iot_box_sim::spawn(SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Linux,
        scenario,
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

/// The box's database: one record with the box's identifier and the HTTPS name it reported.
async fn database_of(sim: &SimHandle) -> OdooSimHandle {
    let mut server = OdooServer::one_box(LOGIN, KEY, &sim.https_hostname());
    server.databases[0].boxes[0].identifier = identifier(sim);
    odoo_db_sim::spawn(server).await.unwrap()
}

fn identifier(sim: &SimHandle) -> String {
    sim.state()["identity"]["identifier"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn session(dir: &TempDir) -> Session {
    Session::with_keyring(
        NetPolicy::loopback_only(LoopbackReason::Test),
        SiteStore::new(dir.path().join("sites.json")),
        Arc::new(MemoryKeyring::default()),
    )
}

async fn check_fleet(session: &Session, db: &OdooSimHandle) {
    let conn = DbConnection {
        url: db.url(),
        database: "bakery".into(),
        login: LOGIN.into(),
    };
    session.fleet.add_database(conn, KEY).await.unwrap();
    let request = CheckRequest {
        databases: Databases::Saved,
        api: ApiChoice::Auto,
        now: OffsetDateTime::now_utc(),
        strict: true,
        given_keys: &no_given_keys,
    };
    let checked = session
        .fleet
        .check(&session.sites, session.policy, request)
        .await
        .unwrap();
    assert!(checked.fleet.sources[0].error.is_none());
}

fn options(sim: &SimHandle) -> DiagnoseOptions {
    let mut opts = DiagnoseOptions::new(OffsetDateTime::now_utc());
    opts.https_port = sim.https_addr().unwrap().port();
    opts.anchors = TrustAnchors::extra_only().with_pem(&sim.ca_pem()).unwrap();
    opts.check_odoo_com = false;
    // Nothing listens there: the DNS part fails quickly, on loopback.
    let nobody = Resolver::new(SocketAddr::from(([127, 0, 0, 1], 9)), "system");
    opts.resolvers = ResolverSet::explicit(nobody, vec![]);
    opts
}

fn codes(d: &Diagnosis) -> Vec<FindingCode> {
    d.findings.iter().map(|f| f.code).collect()
}

fn named_by_database(d: &Diagnosis, code: FindingCode) -> bool {
    d.findings
        .iter()
        .filter(|f| f.code == code)
        .flat_map(|f| &f.evidence)
        .any(|e| e.kind == EvidenceKind::NameFromDatabase)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fleet_row_gives_the_name_the_ip_and_a_valid_certificate() {
    let sim = box_sim(Scenario::Healthy).await;
    let db = database_of(&sim).await;
    let dir = TempDir::new("app-fleet-names");
    let session = session(&dir);
    let address = sim.http_addr().to_string();

    let before = boxes::diagnose_box(&session, &address, &options(&sim), false)
        .await
        .unwrap();
    assert!(
        codes(&before).contains(&FindingCode::CertNameUnconfirmed),
        "no name known yet: {:?}",
        codes(&before)
    );

    check_fleet(&session, &db).await;
    let row = &session.fleet.last().await.unwrap().rows[0];
    assert_eq!(
        row.https_name.as_deref(),
        Some(sim.https_hostname().as_str())
    );
    assert_eq!(
        row.ip.as_deref(),
        Some("127.0.0.1"),
        "the IP the name encodes"
    );

    let after = boxes::diagnose_box(&session, &address, &options(&sim), false)
        .await
        .unwrap();
    let all = codes(&after);
    assert!(all.contains(&FindingCode::CertValid), "{all:?}");
    assert!(!all.contains(&FindingCode::CertNameUnconfirmed), "{all:?}");
    assert!(
        named_by_database(&after, FindingCode::CertValid),
        "{after:?}"
    );
    assert_eq!(
        after.certificate.expected_name.as_deref(),
        Some(sim.https_hostname().as_str())
    );
    db.shutdown().await;
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_databases_certificate_is_a_mismatch_for_the_fleet_row_and_its_site() {
    // nginx serves a trusted certificate of another database; the box's record names its own.
    let sim = box_sim(Scenario::NginxOtherSubject).await;
    let db = database_of(&sim).await;
    let dir = TempDir::new("app-fleet-names-other");
    let session = session(&dir);
    let address = sim.http_addr().to_string();
    boxes::connect(&session, &address, ReadOptions::default())
        .await
        .unwrap();
    let site = sites::remember_box(&session, &address).await.unwrap();
    check_fleet(&session, &db).await;
    let fleet = session.fleet.last().await.unwrap();
    assert_eq!(fleet.rows[0].site_id.as_deref(), Some(site.id.as_str()));

    let one = boxes::diagnose_box(&session, &address, &options(&sim), true)
        .await
        .unwrap();
    let all = codes(&one);
    assert!(all.contains(&FindingCode::CertNameMismatch), "{all:?}");
    assert!(!all.contains(&FindingCode::CertValid), "{all:?}");
    assert!(named_by_database(&one, FindingCode::CertNameMismatch));

    // "Check all" of the site linked to that database says the same.
    let opts = options(&sim);
    let checked = check_all(
        &session,
        2,
        OffsetDateTime::now_utc(),
        |_| opts.clone(),
        &Silent,
    )
    .await
    .unwrap();
    let result = &checked.sites[0];
    assert!(
        result.codes.contains(&FindingCode::CertNameMismatch),
        "{:?}",
        result.codes
    );
    db.shutdown().await;
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_all_uses_a_sites_subject_only_for_that_sites_box() {
    // The site saved at this address is another box (another identifier and MAC) with another
    // database's subject. The box answering there serves its own valid certificate: judged by
    // the site's subject it would be a mismatch; it is not that site's box, so its name stays
    // unconfirmed.
    let sim = box_sim(Scenario::Healthy).await;
    let dir = TempDir::new("app-check-all-identity");
    let session = session(&dir);
    let address = sim.http_addr().to_string();
    boxes::connect(&session, &address, ReadOptions::default())
        .await
        .unwrap();
    sites::remember_box(&session, &address).await.unwrap();
    let path = dir.path().join("sites.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let saved = &mut file["sites"][0];
    saved["identifier"] = "10000000ffff".into();
    saved["mac"] = "b8:27:eb:ff:ff:ff".into();
    saved["certificateSubject"] = "*.aaaa0000.odoo-iot.com".into();
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();

    let opts = options(&sim);
    let checked = check_all(
        &session,
        2,
        OffsetDateTime::now_utc(),
        |_| opts.clone(),
        &Silent,
    )
    .await
    .unwrap();
    let result = &checked.sites[0];
    assert!(
        !result.codes.contains(&FindingCode::CertNameMismatch),
        "another site's subject was used for this box: {:?}",
        result.codes
    );
    sim.shutdown().await;
}
