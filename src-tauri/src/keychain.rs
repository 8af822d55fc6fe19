//! Contract codes in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), one entry per box identity (`BoxIdentity::code_account`), or in memory
//! for this session when the technician chose so. Failures become one clear
//! `KEYRING_UNAVAILABLE` error; the window then offers to keep the code for this session only.
//! Which code may go to which box is core's rule (`sites::codes`); this is only the storage.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use iot_https_core::secret::Secret;
use iot_https_core::sites::codes::CodeVault;
use iot_https_core::WireError;

const SERVICE: &str = "org.iothttps.assistant";

fn entry(account: &str) -> Result<keyring::Entry, WireError> {
    keyring::Entry::new(SERVICE, account).map_err(unavailable)
}

fn unavailable(e: keyring::Error) -> WireError {
    WireError::new(
        iot_https_core::ErrorCode::KeyringUnavailable,
        Some(e.to_string()),
    )
}

/// Codes kept for this session only, by account.
#[derive(Default)]
pub struct SessionCodes(Mutex<HashMap<String, Secret>>);

impl SessionCodes {
    pub fn insert(&self, account: String, code: Secret) {
        self.lock().insert(account, code);
    }

    pub fn all(&self) -> Vec<Secret> {
        self.lock().values().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The OS keyring, with this session's codes looked at first. Blocking: call it from a
/// blocking thread, never the UI thread.
#[derive(Clone)]
pub struct Vault {
    pub session: Arc<SessionCodes>,
}

impl CodeVault for Vault {
    type Error = WireError;

    fn store(&self, account: &str, code: &Secret) -> Result<(), WireError> {
        entry(account)?
            .set_password(code.expose())
            .map_err(unavailable)
    }

    fn load(&self, account: &str) -> Result<Option<Secret>, WireError> {
        if let Some(code) = self.session.lock().get(account) {
            return Ok(Some(code.clone()));
        }
        match entry(account)?.get_password() {
            Ok(code) => Ok(Some(Secret::new(code))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn delete(&self, account: &str) -> Result<(), WireError> {
        self.session.lock().remove(account);
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Odoo database API keys, one entry per server, database and login
/// (`DbConnection::key_id`); the CLI (`iot-https fleet`) reads the same entries.
pub mod odoo {
    use super::{unavailable, SERVICE};
    use iot_https_core::secret::Secret;
    use iot_https_core::WireError;

    fn entry(key_id: &str) -> Result<keyring::Entry, WireError> {
        keyring::Entry::new(SERVICE, &format!("odoo-api-key:{key_id}")).map_err(unavailable)
    }

    pub fn store(key_id: &str, key: &Secret) -> Result<(), WireError> {
        entry(key_id)?
            .set_password(key.expose())
            .map_err(unavailable)
    }

    pub fn load(key_id: &str) -> Result<Option<Secret>, WireError> {
        match entry(key_id)?.get_password() {
            Ok(key) => Ok(Some(Secret::new(key))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub fn delete(key_id: &str) -> Result<(), WireError> {
        match entry(key_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}
