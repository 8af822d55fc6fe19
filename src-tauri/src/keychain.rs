//! Contract codes in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), one entry per site. Failures become one clear `KEYRING_UNAVAILABLE`
//! error; the window then offers to keep the code for this session only.

use iot_https_core::secret::Secret;
use iot_https_core::WireError;

const SERVICE: &str = "org.iothttps.assistant";

fn entry(site_id: &str) -> Result<keyring::Entry, WireError> {
    keyring::Entry::new(SERVICE, &format!("contract-code:{site_id}")).map_err(unavailable)
}

fn unavailable(e: keyring::Error) -> WireError {
    let why = match &e {
        keyring::Error::NoStorageAccess(_) => "the keyring is locked or refused access",
        keyring::Error::PlatformFailure(_) => {
            "no keyring service is running (Secret Service over D-Bus)"
        }
        _ => "the keyring failed",
    };
    WireError::new(
        "KEYRING_UNAVAILABLE",
        format!("The contract code cannot be stored on this computer: {why}."),
        Some(e.to_string()),
    )
}

pub fn store(site_id: &str, code: &Secret) -> Result<(), WireError> {
    entry(site_id)?
        .set_password(code.expose())
        .map_err(unavailable)
}

pub fn load(site_id: &str) -> Result<Option<Secret>, WireError> {
    match entry(site_id)?.get_password() {
        Ok(code) => Ok(Some(Secret::new(code))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(unavailable(e)),
    }
}

pub fn delete(site_id: &str) -> Result<(), WireError> {
    match entry(site_id)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
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
