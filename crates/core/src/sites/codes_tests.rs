use std::cell::RefCell;
use std::collections::HashMap;

use super::*;
use crate::sites::store_tests_support::{report, temp_store};
use crate::sites::{Site, SiteMatch};

#[derive(Default)]
struct MemoryVault(RefCell<HashMap<String, String>>);

impl CodeVault for MemoryVault {
    type Error = String;
    fn store(&self, account: &str, code: &Secret) -> Result<(), String> {
        self.0
            .borrow_mut()
            .insert(account.into(), code.expose().into());
        Ok(())
    }
    fn load(&self, account: &str) -> Result<Option<Secret>, String> {
        Ok(self.0.borrow().get(account).map(Secret::new))
    }
    fn delete(&self, account: &str) -> Result<(), String> {
        self.0.borrow_mut().remove(account);
        Ok(())
    }
}

const CANARY_A: &str = "CANARYSHOPA0001";
const CANARY_B: &str = "CANARYSHOPB0002";

fn box_a(address: &str) -> crate::box_api::BoxReport {
    report(
        address,
        Some("serial-a"),
        Some("b8:27:eb:00:00:0a"),
        Some("db-a"),
    )
}

fn box_b(address: &str) -> crate::box_api::BoxReport {
    report(address, Some("serial-b"), Some("b8:27:eb:00:00:0b"), None)
}

fn site_of(store: &SiteStore, report: &crate::box_api::BoxReport) -> Site {
    match store.on_connect(report).unwrap() {
        Some(SiteMatch::Same { site, .. }) => site,
        other => panic!("no own site: {other:?}"),
    }
}

#[test]
fn a_stored_code_goes_to_its_own_box_only_unless_chosen() {
    let (store, vault) = (temp_store("codes-own"), MemoryVault::default());
    remember_code(
        &store,
        &vault,
        &box_a("127.0.0.5:8069"),
        "db-a",
        &Secret::new(CANARY_A),
    )
    .unwrap();
    let a = site_of(&store, &box_a("127.0.0.5:8069"));
    assert!(a.has_stored_code);
    let stored = |confirmed| CodeChoice::StoredOf {
        site_id: a.id.clone(),
        other_box_confirmed: confirmed,
    };
    let code = code_to_send(
        &store,
        &vault,
        &box_a("127.0.0.5:8069"),
        "db-a",
        stored(false),
    )
    .unwrap();
    assert_eq!(code.expose(), CANARY_A);
    // Shop B's box at the same address: refused without the explicit choice.
    let refused = code_to_send(
        &store,
        &vault,
        &box_b("127.0.0.5:8069"),
        "db-a",
        stored(false),
    );
    assert!(matches!(refused, Err(CodeError::OtherBox { .. })));
    assert_eq!(refused.unwrap_err().code(), "STORED_CODE_OTHER_BOX");
    let chosen = code_to_send(
        &store,
        &vault,
        &box_b("127.0.0.5:8069"),
        "db-a",
        stored(true),
    )
    .unwrap();
    assert_eq!(chosen.expose(), CANARY_A);
}

#[test]
fn remember_writes_this_boxs_entry_and_never_another_sites() {
    let (store, vault) = (temp_store("codes-remember"), MemoryVault::default());
    remember_code(
        &store,
        &vault,
        &box_a("127.0.0.5:8069"),
        "db-a",
        &Secret::new(CANARY_A),
    )
    .unwrap();
    remember_code(
        &store,
        &vault,
        &box_b("127.0.0.5:8069"),
        "db-b",
        &Secret::new(CANARY_B),
    )
    .unwrap();
    let sites = store.load().unwrap().sites;
    assert_eq!(sites.len(), 2, "B got its own site");
    let a = sites
        .iter()
        .find(|s| s.identifier.as_deref() == Some("serial-a"))
        .unwrap();
    let b = sites
        .iter()
        .find(|s| s.identifier.as_deref() == Some("serial-b"))
        .unwrap();
    assert_ne!(a.code_account, b.code_account);
    let value = |s: &Site| {
        vault
            .load(s.code_account.as_deref().unwrap())
            .unwrap()
            .unwrap()
    };
    assert_eq!(value(a).expose(), CANARY_A, "A's code untouched");
    assert_eq!(value(b).expose(), CANARY_B);
    assert_eq!(
        b.db_uuid.as_deref(),
        Some("db-b"),
        "B's site learns its new database"
    );
}

#[test]
fn an_old_entry_keyed_by_site_id_moves_under_the_identity_on_its_own_box() {
    let (store, vault) = (temp_store("codes-legacy"), MemoryVault::default());
    let a = store.remember(&box_a("127.0.0.5:8069")).unwrap();
    vault
        .store(&legacy_account(&a.id), &Secret::new(CANARY_A))
        .unwrap();
    let choice = CodeChoice::StoredOf {
        site_id: a.id.clone(),
        other_box_confirmed: false,
    };
    assert!(code_to_send(
        &store,
        &vault,
        &box_b("127.0.0.5:8069"),
        "db-a",
        choice.clone()
    )
    .is_err());
    let code = code_to_send(&store, &vault, &box_a("127.0.0.5:8069"), "db-a", choice).unwrap();
    assert_eq!(code.expose(), CANARY_A);
    let migrated = store.get(&a.id).unwrap();
    assert!(migrated.has_stored_code);
    assert!(vault.load(&legacy_account(&a.id)).unwrap().is_none());
    forget_site(&store, &vault, &a.id).unwrap();
    assert!(
        vault.0.borrow().is_empty(),
        "removing the site removes its code"
    );
}

#[test]
fn a_save_pairs_the_boxs_own_site_with_the_new_database() {
    let (store, vault) = (temp_store("codes-saving"), MemoryVault::default());
    let a = store.remember(&box_a("127.0.0.5:8069")).unwrap();
    saving_to(&store, &box_a("127.0.0.5:8069"), "DB-NEW").unwrap();
    assert_eq!(store.get(&a.id).unwrap().db_uuid.as_deref(), Some("db-new"));
    // The box now reports the new database: still its own site.
    let after = report(
        "127.0.0.5:8069",
        Some("serial-a"),
        Some("b8:27:eb:00:00:0a"),
        Some("db-new"),
    );
    assert_eq!(site_of(&store, &after).id, a.id);
    assert!(
        vault.0.borrow().is_empty(),
        "no code stored without remember"
    );
}

/// A code remembered in an earlier session (only in the keyring, never typed in this process)
/// is masked in what the process shows once the stored codes are loaded.
#[test]
fn codes_remembered_earlier_are_known_to_the_scrubber() {
    const EARLIER: &str = "CANARYEARLIER0003";
    let (store, vault) = (temp_store("codes-earlier"), MemoryVault::default());
    let site = store.remember(&box_a("127.0.0.5:8069")).unwrap();
    let account = site.identity().code_account().unwrap();
    // Written as the keyring holds it: a plain string, no `Secret` made in this process.
    vault.0.borrow_mut().insert(account.clone(), EARLIER.into());
    store.set_code_account(&site.id, Some(account)).unwrap();
    let echoed = format!("box log: saving enterprise code {EARLIER}");
    assert!(
        crate::secret::scrub(&echoed).contains(EARLIER),
        "not yet known"
    );
    let codes = stored_codes(&store, &vault);
    assert_eq!(codes.len(), 1);
    assert!(!crate::secret::scrub(&echoed).contains(EARLIER));
}

/// A code belongs to its box AND its database: after the box is paired to another database,
/// or when the technician types another UUID, the stored code is not sent without the
/// explicit choice.
#[test]
fn a_stored_code_goes_only_with_its_own_database_unless_chosen() {
    let (store, vault) = (temp_store("codes-db"), MemoryVault::default());
    remember_code(
        &store,
        &vault,
        &box_a("127.0.0.5:8069"),
        "db-a",
        &Secret::new(CANARY_A),
    )
    .unwrap();
    let a = site_of(&store, &box_a("127.0.0.5:8069"));
    let stored = |confirmed| CodeChoice::StoredOf {
        site_id: a.id.clone(),
        other_box_confirmed: confirmed,
    };
    let box_a = box_a("127.0.0.5:8069");
    let refused = code_to_send(&store, &vault, &box_a, "db-other", stored(false));
    assert!(matches!(refused, Err(CodeError::OtherDatabase { .. })));
    assert_eq!(refused.unwrap_err().code(), "STORED_CODE_OTHER_DATABASE");
    let chosen = code_to_send(&store, &vault, &box_a, "db-other", stored(true)).unwrap();
    assert_eq!(chosen.expose(), CANARY_A);
    // Re-paired to another database with a typed code not remembered: the site follows the box,
    // the old database's code stays in the keyring but is neither offered nor sent.
    saving_to(&store, &box_a, "db-new").unwrap();
    let after = report(
        "127.0.0.5:8069",
        Some("serial-a"),
        Some("b8:27:eb:00:00:0a"),
        Some("db-new"),
    );
    let site = site_of(&store, &after);
    assert!(!site.has_stored_code, "not offered with the new database");
    let refused = code_to_send(&store, &vault, &after, "db-new", stored(false));
    assert!(matches!(refused, Err(CodeError::OtherDatabase { .. })));
}

/// A site saved before identities existed: its code is not sent to the box at its address
/// until the technician confirms the box shown beside it; the confirmed save binds the site.
#[test]
fn a_site_without_identity_gives_its_code_only_on_confirmation_which_binds_it() {
    let (store, vault) = (temp_store("codes-legacy-bind"), MemoryVault::default());
    let legacy = store
        .insert(Site {
            name: "Old bakery".into(),
            address: "127.0.0.5:8069".into(),
            db_uuid: Some("db-a".into()),
            ..Site::default()
        })
        .unwrap();
    vault
        .store(&legacy_account(&legacy.id), &Secret::new(CANARY_A))
        .unwrap();
    let stored = |confirmed| CodeChoice::StoredOf {
        site_id: legacy.id.clone(),
        other_box_confirmed: confirmed,
    };
    let here = box_a("127.0.0.5:8069");
    let refused = code_to_send(&store, &vault, &here, "db-a", stored(false));
    assert!(matches!(refused, Err(CodeError::OtherBox { .. })));
    assert_eq!(store.get(&legacy.id).unwrap().identifier, None, "not bound");
    let code = code_to_send(&store, &vault, &here, "db-a", stored(true)).unwrap();
    assert_eq!(code.expose(), CANARY_A);
    let bound = store.get(&legacy.id).unwrap();
    assert_eq!(bound.identifier.as_deref(), Some("serial-a"));
    assert_eq!(
        site_of(&store, &here).id,
        legacy.id,
        "its own site from now on"
    );
}
