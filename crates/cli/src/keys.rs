//! Where `iot-https fleet` finds each database's API key: `IOT_HTTPS_ODOO_API_KEY` when one
//! database is given, `IOT_HTTPS_ODOO_API_KEY_<n>` for the n-th of several (so a key is never
//! offered to a database it does not belong to), else the OS keyring entry the window wrote.
//! A key is never printed; a missing one is the database's own `ODOO_API_KEY_MISSING`.

use iot_https_app::keyring::{api_keys, OsKeyring};
use iot_https_app::types::DbConnection;
use iot_https_core::secret::Secret;

pub const KEY_ENV: &str = "IOT_HTTPS_ODOO_API_KEY";

/// The window's keyring entry for a connection, through the one keyring adapter
/// (`iot_https_app::keyring`); a keyring that fails counts as no key.
fn from_keyring(conn: &DbConnection) -> Option<Secret> {
    api_keys::load(&OsKeyring, &conn.key_id()).ok().flatten()
}

fn from_env(name: &str) -> Option<Secret> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .map(Secret::new)
}

/// Pairs each connection with its key (empty when none is found: reading then fails with
/// `ODOO_API_KEY_MISSING` for that database alone). Errs on an ambiguous environment.
pub fn for_connections(conns: &[DbConnection]) -> Result<Vec<(DbConnection, Secret)>, String> {
    let shared = from_env(KEY_ENV);
    if shared.is_some() && conns.len() > 1 {
        return Err(format!(
            "{KEY_ENV} holds one key, but {} databases were given: use {KEY_ENV}_1 … {KEY_ENV}_{} \
             (one per --odoo, in order) so each key goes only to its own database",
            conns.len(),
            conns.len()
        ));
    }
    Ok(conns
        .iter()
        .enumerate()
        .map(|(i, conn)| {
            let key = shared
                .clone()
                .or_else(|| from_env(&format!("{KEY_ENV}_{}", i + 1)))
                .or_else(|| from_keyring(conn))
                .unwrap_or_else(|| Secret::new(""));
            (conn.clone(), key)
        })
        .collect())
}

/// Windows Credential Manager (keyring's `windows-native`), for real: scripts/test-windows runs
/// this under wine, whose advapi32 implements CredWrite/CredRead/CredDelete. The key is written
/// the way the window's `keychain::odoo::store` writes it and read back through a new entry, as
/// the CLI does (keyring's mock would not see it there); then deleted, and gone.
#[cfg(all(test, windows))]
mod credential_manager {
    use super::*;

    #[test]
    fn a_key_saved_like_the_window_is_read_back_and_deleted() {
        let conn = DbConnection {
            url: "https://shop.example.test".into(),
            database: format!("keyring-test-{}", std::process::id()),
            login: "admin".into(),
        };
        let canary = "canary-8f3a1c-api-key";
        let saved = keyring::Entry::new(SERVICE, &keyring_account(&conn)).unwrap();
        saved
            .set_password(canary)
            .expect("Credential Manager refused the write");

        let read = from_keyring(&conn);
        // Compared without printing: a secret never reaches test output.
        assert!(
            read.as_ref().is_some_and(|k| k.expose() == canary),
            "the key saved in Credential Manager was not read back"
        );

        saved
            .delete_credential()
            .expect("Credential Manager refused the delete");
        assert!(
            from_keyring(&conn).is_none(),
            "the deleted key is still there"
        );
        assert!(matches!(saved.get_password(), Err(keyring::Error::NoEntry)));
    }
}
