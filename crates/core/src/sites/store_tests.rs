use super::*;
use crate::box_api::{ApiFamily, BoxStatus, Credentials, OsFlavour, Pairing, RawCertificate};
use crate::discovery::{FoundBox, Generation};

pub(crate) fn temp_store(name: &str) -> SiteStore {
    let dir = std::env::temp_dir().join(format!("iot-https-sites-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    SiteStore::new(dir.join("sites.json"))
}

pub(crate) fn report(
    address: &str,
    identifier: Option<&str>,
    mac: Option<&str>,
    db: Option<&str>,
) -> BoxReport {
    BoxReport {
        retry: ApiFamily::IotDrivers.retry_method(),
        credential_rules: Default::default(),
        status_answered: true,
        findings: vec![],
        status: BoxStatus {
            address: address.into(),
            family: ApiFamily::IotDrivers,
            flavour: OsFlavour::Linux,
            version: None,
            ip: None,
            hostname: Some("iotbox".into()),
            identifier: identifier.map(str::to_owned),
            mac: mac.map(str::to_owned),
            pairing: Pairing::Unknown,
            new_database_url: None,
            access_point: false,
            credentials: Credentials {
                db_uuid: db.map(str::to_owned),
                enterprise_code_present: db.is_some(),
            },
            certificate: RawCertificate::Absent,
            box_date: None,
            odoo_uptime_seconds: None,
            anomalies: vec![],
        },
        certificate_state: BoxCertificate::NotReported,
    }
}

fn found(address: &str, identifier: Option<&str>, mac: Option<&str>) -> FoundBox {
    FoundBox {
        address: address.into(),
        generation: Generation::IotDrivers,
        family: Some(ApiFamily::IotDrivers),
        flavour: OsFlavour::Linux,
        version: None,
        identifier: identifier.map(str::to_owned),
        mac: mac.map(str::to_owned),
        hostname: None,
        reported_ip: None,
        note: None,
        elapsed_ms: 0,
        site: None,
    }
}

const SHOP_A: (&str, &str, &str) = ("10000000aaaa0001", "b8:27:eb:00:00:0a", "db-a");
const SHOP_B: (&str, &str, &str) = ("10000000bbbb0002", "b8:27:eb:00:00:0b", "db-b");

fn shop(address: &str, (id, mac, db): (&str, &str, &str)) -> BoxReport {
    report(address, Some(id), Some(mac), Some(db))
}

#[test]
fn another_box_at_a_known_address_is_not_its_site() {
    let store = temp_store("other-box");
    let a = store.remember(&shop("127.0.0.5:8069", SHOP_A)).unwrap();
    match store.on_connect(&shop("127.0.0.5:8069", SHOP_B)).unwrap() {
        Some(SiteMatch::OtherBox {
            saved, sameness, ..
        }) => {
            assert_eq!(saved.id, a.id);
            assert_eq!(sameness, Sameness::Different);
        }
        other => panic!("expected OtherBox, got {other:?}"),
    }
    // Remembering B makes a new site and leaves A's as it was.
    let b = store.remember(&shop("127.0.0.5:8069", SHOP_B)).unwrap();
    assert_ne!(a.id, b.id);
    let sites = store.load().unwrap().sites;
    assert_eq!(sites.len(), 2);
    assert_eq!(
        store.get(&a.id).unwrap().identifier.as_deref(),
        Some(SHOP_A.0)
    );
    assert!(matches!(
        store.on_connect(&shop("127.0.0.5:8069", SHOP_A)).unwrap(),
        Some(SiteMatch::Same {
            moved_from: None,
            ..
        })
    ));
}

#[test]
fn a_box_follows_its_site_only_when_identifier_and_mac_match() {
    let store = temp_store("moves");
    let a = store.remember(&shop("127.0.0.5:8069", SHOP_A)).unwrap();
    // Same identifier, another MAC: a copy, not the box.
    let fake = found("127.0.0.9:8069", Some(SHOP_A.0), Some("b8:27:eb:00:00:99"));
    assert_eq!(store.on_found(&fake).unwrap(), None);
    assert_eq!(store.get(&a.id).unwrap().address, "127.0.0.5:8069");
    // Identifier only (MAC unknown): not enough either.
    assert_eq!(
        store
            .on_found(&found("127.0.0.9:8069", Some(SHOP_A.0), None))
            .unwrap(),
        None
    );
    // Both: moved, and said so.
    let real = found("127.0.0.9:8069", Some(SHOP_A.0), Some(SHOP_A.1));
    let known = store.on_found(&real).unwrap().unwrap();
    assert_eq!(known.moved_from.as_deref(), Some("127.0.0.5:8069"));
    assert_eq!(store.get(&a.id).unwrap().address, "127.0.0.9:8069");
    // Found again where it is now: known, not moved.
    assert_eq!(store.on_found(&real).unwrap().unwrap().moved_from, None);
}

#[test]
fn connect_moves_a_site_only_on_a_full_match() {
    let store = temp_store("connect-moves");
    let a = store.remember(&shop("127.0.0.5:8069", SHOP_A)).unwrap();
    let copied = report(
        "127.0.0.6:8069",
        Some(SHOP_A.0),
        Some("b8:27:eb:00:00:99"),
        None,
    );
    assert_eq!(store.on_connect(&copied).unwrap(), None);
    match store.on_connect(&shop("127.0.0.6:8069", SHOP_A)).unwrap() {
        Some(SiteMatch::Same { site, moved_from }) => {
            assert_eq!(site.id, a.id);
            assert_eq!(moved_from.as_deref(), Some("127.0.0.5:8069"));
        }
        other => panic!("expected Same, got {other:?}"),
    }
}

#[test]
fn add_found_reuses_the_known_site_and_removes_return_the_site() {
    let store = temp_store("add-found");
    let box_a = found("127.0.0.5:8069", Some(SHOP_A.0), Some(SHOP_A.1));
    let first = store.add_found(&box_a).unwrap();
    let again = store.add_found(&box_a).unwrap();
    assert_eq!(first.id, again.id);
    assert_eq!(store.load().unwrap().sites.len(), 1);
    assert_eq!(store.remove(&first.id).unwrap().unwrap().id, first.id);
    assert!(store.load().unwrap().sites.is_empty());
}

#[test]
fn a_write_never_replaces_an_unreadable_file_with_an_empty_one() {
    let store = temp_store("unreadable");
    std::fs::create_dir_all(store.path()).unwrap(); // a directory: reads fail
    assert!(store.load().is_err());
    assert!(store.remember(&shop("127.0.0.5:8069", SHOP_A)).is_err());
    assert!(store.path().is_dir(), "left alone");
}

#[test]
fn a_corrupt_file_is_set_aside_and_reported() {
    let store = temp_store("corrupt");
    std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
    std::fs::write(store.path(), b"{ not json").unwrap();
    let view = store.load().unwrap();
    assert!(view.sites.is_empty());
    assert!(view.warning.unwrap().contains("set aside"));
    assert!(std::fs::read_dir(store.path().parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("corrupt-")));
    store.remember(&shop("127.0.0.5:8069", SHOP_A)).unwrap();
    assert_eq!(store.load().unwrap().sites.len(), 1);
}

fn diagnosis_of(report: BoxReport) -> Diagnosis {
    let silent = Diagnosis::of_silent_box(&report.status.address, "127.0.0.5:443");
    Diagnosis {
        box_report: Some(report),
        ..silent
    }
}

/// A site saved before identities existed is not taught the identity of whatever box answers
/// at its address by "Check all": only the technician's confirmation binds it.
#[test]
fn a_check_never_binds_a_site_without_a_full_identity() {
    let store = temp_store("legacy-check");
    let legacy = store
        .insert(Site {
            name: "Old bakery".into(),
            address: "127.0.0.5:8069".into(),
            has_stored_code: true,
            ..Site::default()
        })
        .unwrap();
    let other_shop = shop("127.0.0.5:8069", SHOP_B);
    assert_eq!(
        store
            .record(Some(&legacy.id), &diagnosis_of(other_shop.clone()))
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .record(None, &diagnosis_of(other_shop.clone()))
            .unwrap(),
        None
    );
    let after = store.get(&legacy.id).unwrap();
    assert_eq!(
        (after.identifier, after.mac, after.db_uuid),
        (None, None, None)
    );
    // A site that knows the MAC only is not "the same" as a box that also shows an identifier.
    let mac_only = store
        .insert(Site {
            name: "MAC only".into(),
            address: "127.0.0.7:8069".into(),
            mac: Some(SHOP_A.1.into()),
            ..Site::default()
        })
        .unwrap();
    let box_a = shop("127.0.0.7:8069", SHOP_A);
    assert_eq!(
        store
            .record(Some(&mac_only.id), &diagnosis_of(box_a.clone()))
            .unwrap(),
        None
    );
    assert!(matches!(
        store.on_connect(&box_a).unwrap(),
        Some(SiteMatch::OtherBox {
            sameness: Sameness::Unconfirmed,
            ..
        })
    ));
    // Confirmed by the technician: bound, and from then on its own site.
    let bound = store.confirm(&legacy.id, &other_shop).unwrap().unwrap();
    assert_eq!(bound.identifier.as_deref(), Some(SHOP_B.0));
    assert!(matches!(
        store.on_connect(&other_shop).unwrap(),
        Some(SiteMatch::Same { .. })
    ));
    // A box whose keys disagree cannot be confirmed into a site.
    assert_eq!(
        store
            .confirm(&mac_only.id, &shop("127.0.0.7:8069", SHOP_B))
            .unwrap(),
        None
    );
}
