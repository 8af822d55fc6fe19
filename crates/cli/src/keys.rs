//! Where `iot-https fleet` finds each database's API key: `IOT_HTTPS_ODOO_API_KEY` when one
//! database is read, `IOT_HTTPS_ODOO_API_KEY_<n>` for the n-th of several (in the order of the
//! `--odoo` arguments, else of `fleet.json`; so a key is never offered to a database it does not
//! belong to), else the OS keyring entry the window wrote (`iot_https_app::fleet` reads it).
//! A key is never printed; a missing one is the database's own `ODOO_API_KEY_MISSING`.

use iot_https_app::types::DbConnection;
use iot_https_core::secret::Secret;
use iot_https_core::{ErrorCode, WireError};

pub const KEY_ENV: &str = "IOT_HTTPS_ODOO_API_KEY";

fn from_env(name: &str) -> Option<Secret> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .map(Secret::new)
}

/// The key the environment gives each connection, in order (`None`: the app then takes the
/// keyring's, and a database without any fails alone with `ODOO_API_KEY_MISSING`). Errs on an
/// ambiguous environment: one shared key for several databases.
pub fn from_environment(conns: &[DbConnection]) -> Result<Vec<Option<Secret>>, WireError> {
    let shared = from_env(KEY_ENV);
    if shared.is_some() && conns.len() > 1 {
        return Err(WireError::new(
            ErrorCode::InputInvalidArgument,
            Some(crate::words::says(
                "usage.oneKeyManyDatabases",
                &[("env", KEY_ENV), ("count", &conns.len().to_string())],
            )),
        ));
    }
    Ok((0..conns.len())
        .map(|i| {
            shared
                .clone()
                .or_else(|| from_env(&format!("{KEY_ENV}_{}", i + 1)))
        })
        .collect())
}

/// Windows Credential Manager (keyring's `windows-native`), for real: scripts/test-windows runs
/// this under wine, whose advapi32 implements CredWrite/CredRead/CredDelete. The key is written
/// the way the window writes it (`iot_https_app::keyring::api_keys::store` on the OS keyring) and
/// read back as `iot-https fleet` reads it; then deleted, and gone.
#[cfg(all(test, windows))]
mod credential_manager {
    use super::*;
    use iot_https_app::keyring::{api_keys, OsKeyring};

    fn from_keyring(conn: &DbConnection) -> Option<Secret> {
        api_keys::load(&OsKeyring, &conn.key_id()).ok().flatten()
    }

    #[test]
    fn a_key_saved_like_the_window_is_read_back_and_deleted() {
        let conn = DbConnection {
            url: "https://shop.example.test".into(),
            database: format!("keyring-test-{}", std::process::id()),
            login: "admin".into(),
        };
        let canary = Secret::new("canary-8f3a1c-api-key");
        api_keys::store(&OsKeyring, &conn.key_id(), &canary)
            .expect("Credential Manager refused the write");

        let read = from_keyring(&conn);
        // Compared without printing: a secret never reaches test output.
        assert!(
            read.as_ref().is_some_and(|k| k.expose() == canary.expose()),
            "the key saved in Credential Manager was not read back"
        );

        api_keys::delete(&OsKeyring, &conn.key_id())
            .expect("Credential Manager refused the delete");
        assert!(
            from_keyring(&conn).is_none(),
            "the deleted key is still there"
        );
    }
}
