//! The one keyring adapter for the window and the CLI. `SecretStore` is what the use cases
//! need (get, set, delete by account); `OsKeyring` is the OS keyring (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows), `MemoryKeyring` stands in for tests.
//! Every failure becomes one clear `KEYRING_UNAVAILABLE`; the window then offers to keep the
//! secret for this session only (`SessionCodes`). Which code may go to which box is core's
//! rule (`sites::codes`); this is only the storage. Blocking: call it off the async workers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use iot_https_core::secret::Secret;
use iot_https_core::sites::codes::CodeVault;
use iot_https_core::{ErrorCode, WireError};

/// The keyring service every entry of the assistant is filed under.
pub const SERVICE: &str = "org.iothttps.assistant";

/// Storage of secrets by account name.
pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<Secret>, WireError>;
    fn set(&self, account: &str, secret: &Secret) -> Result<(), WireError>;
    /// Deleting what is not there is not an error.
    fn delete(&self, account: &str) -> Result<(), WireError>;
}

/// The OS keyring.
#[derive(Clone, Copy, Default)]
pub struct OsKeyring;

fn entry(account: &str) -> Result<keyring::Entry, WireError> {
    keyring::Entry::new(SERVICE, account).map_err(unavailable)
}

fn unavailable(e: keyring::Error) -> WireError {
    WireError::new(ErrorCode::KeyringUnavailable, Some(e.to_string()))
}

impl SecretStore for OsKeyring {
    fn get(&self, account: &str) -> Result<Option<Secret>, WireError> {
        match entry(account)?.get_password() {
            Ok(secret) => Ok(Some(Secret::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), WireError> {
        entry(account)?
            .set_password(secret.expose())
            .map_err(unavailable)
    }

    fn delete(&self, account: &str) -> Result<(), WireError> {
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Secrets in memory: a keyring for tests, or one that refuses everything (`refusing`).
#[derive(Default)]
pub struct MemoryKeyring {
    entries: Mutex<HashMap<String, Secret>>,
    refuse: bool,
}

impl MemoryKeyring {
    /// A keyring that answers every call with `KEYRING_UNAVAILABLE` (a locked desktop).
    pub fn refusing() -> Self {
        Self {
            entries: Mutex::default(),
            refuse: true,
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, HashMap<String, Secret>>, WireError> {
        if self.refuse {
            return Err(WireError::new(ErrorCode::KeyringUnavailable, None));
        }
        Ok(self.entries.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl SecretStore for MemoryKeyring {
    fn get(&self, account: &str) -> Result<Option<Secret>, WireError> {
        Ok(self.lock()?.get(account).cloned())
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), WireError> {
        self.lock()?.insert(account.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), WireError> {
        self.lock()?.remove(account);
        Ok(())
    }
}

/// Secrets kept for this session only, by account.
#[derive(Default)]
pub struct SessionCodes(Mutex<HashMap<String, Secret>>);

impl SessionCodes {
    pub fn insert(&self, account: String, code: Secret) {
        self.lock().insert(account, code);
    }

    pub fn get(&self, account: &str) -> Option<Secret> {
        self.lock().get(account).cloned()
    }

    pub fn remove(&self, account: &str) {
        self.lock().remove(account);
    }

    pub fn all(&self) -> Vec<Secret> {
        self.lock().values().cloned().collect()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Secret>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Contract codes: this session's first, then the keyring; what core's `sites::codes` uses.
#[derive(Clone)]
pub struct Vault {
    pub keyring: Arc<dyn SecretStore>,
    pub session: Arc<SessionCodes>,
}

impl CodeVault for Vault {
    type Error = WireError;

    fn store(&self, account: &str, code: &Secret) -> Result<(), WireError> {
        self.keyring.set(account, code)
    }

    fn load(&self, account: &str) -> Result<Option<Secret>, WireError> {
        match self.session.get(account) {
            Some(code) => Ok(Some(code)),
            None => self.keyring.get(account),
        }
    }

    fn delete(&self, account: &str) -> Result<(), WireError> {
        self.session.remove(account);
        self.keyring.delete(account)
    }
}

/// Odoo database API keys: one entry per server, database and login (`DbConnection::key_id`),
/// written by the window and read by `iot-https fleet` too.
pub mod api_keys {
    use super::SecretStore;
    use iot_https_core::secret::Secret;
    use iot_https_core::WireError;

    /// The keyring account of a database connection's key.
    pub fn account(key_id: &str) -> String {
        format!("odoo-api-key:{key_id}")
    }

    pub fn store(keyring: &dyn SecretStore, key_id: &str, key: &Secret) -> Result<(), WireError> {
        keyring.set(&account(key_id), key)
    }

    pub fn load(keyring: &dyn SecretStore, key_id: &str) -> Result<Option<Secret>, WireError> {
        keyring.get(&account(key_id))
    }

    pub fn delete(keyring: &dyn SecretStore, key_id: &str) -> Result<(), WireError> {
        keyring.delete(&account(key_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_code_wins_and_delete_clears_both() {
        let vault = Vault {
            keyring: Arc::new(MemoryKeyring::default()),
            session: Arc::default(),
        };
        vault.store("acct", &Secret::new("kept")).unwrap();
        vault.session.insert("acct".into(), Secret::new("session"));
        assert_eq!(vault.load("acct").unwrap().unwrap().expose(), "session");
        vault.delete("acct").unwrap();
        assert!(vault.load("acct").unwrap().is_none());
    }

    #[test]
    fn a_refusing_keyring_is_keyring_unavailable() {
        let refusing = MemoryKeyring::refusing();
        let err = refusing.set("a", &Secret::new("x")).unwrap_err();
        assert_eq!(err.code, ErrorCode::KeyringUnavailable);
    }

    #[test]
    fn api_keys_use_the_account_the_cli_reads() {
        let keyring = MemoryKeyring::default();
        api_keys::store(&keyring, "id1", &Secret::new("k")).unwrap();
        assert!(keyring.get("odoo-api-key:id1").unwrap().is_some());
    }
}
