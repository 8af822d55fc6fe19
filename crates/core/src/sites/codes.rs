//! Contract codes and box identities: which stored code may go to which box. The values stay
//! on the Rust side (the window only learns that a site has one); the storage itself (the OS
//! keyring, or memory for this session) is a `CodeVault` the caller provides.

use crate::box_api::BoxReport;
use crate::error_code::ErrorCode;
use crate::secret::Secret;

use super::{BoxIdentity, Sameness, SiteStore, StoreError};

/// Where codes are kept, by account name (`BoxIdentity::code_account`).
pub trait CodeVault {
    type Error;
    fn store(&self, account: &str, code: &Secret) -> Result<(), Self::Error>;
    fn load(&self, account: &str) -> Result<Option<Secret>, Self::Error>;
    fn delete(&self, account: &str) -> Result<(), Self::Error>;
}

/// Which code a save sends.
#[derive(Debug, Clone)]
pub enum CodeChoice {
    /// Typed by the technician.
    Typed(Secret),
    /// The code stored for a site. To another box, or with another database than the one it
    /// was stored for, only when the technician saw both identities side by side and chose it
    /// (`other_box_confirmed`: the caller sets it only on a consumed `choice` token).
    StoredOf {
        site_id: String,
        other_box_confirmed: bool,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CodeError<E> {
    #[error("the keyring failed")]
    Vault(E),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the code stored for {site} belongs to another box; it is used here only when chosen explicitly")]
    OtherBox { site: String },
    #[error("the code stored for {site} belongs to another database; it is used with this one only when chosen explicitly")]
    OtherDatabase { site: String },
    #[error("no contract code is stored for {site}")]
    NoStoredCode { site: String },
    #[error("this box shows neither an identifier nor a MAC address, so its code cannot be remembered by box; it is used for this session only")]
    NoHardwareKey,
}

impl<E> CodeError<E> {
    /// The error on the wire: its code, the site it names, the store's own words (a vault's
    /// error is the caller's to describe).
    pub fn wire(&self) -> crate::WireError {
        use crate::WireError;
        match self {
            CodeError::Vault(_) => WireError::new(self.code(), None),
            CodeError::Store(e) => WireError::new(self.code(), Some(e.to_string())),
            CodeError::OtherBox { site }
            | CodeError::OtherDatabase { site }
            | CodeError::NoStoredCode { site } => {
                WireError::new(self.code(), None).arg("site", site)
            }
            CodeError::NoHardwareKey => WireError::new(self.code(), None),
        }
    }
}

impl<E> CodeError<E> {
    /// Stable code for the wire (`WireError.code`), when the error is not the vault's own.
    pub fn code(&self) -> ErrorCode {
        match self {
            CodeError::Vault(_) => ErrorCode::KeyringUnavailable,
            CodeError::Store(_) => ErrorCode::SitesStoreFailed,
            CodeError::OtherBox { .. } => ErrorCode::StoredCodeOtherBox,
            CodeError::OtherDatabase { .. } => ErrorCode::StoredCodeOtherDatabase,
            CodeError::NoStoredCode { .. } => ErrorCode::StoredCodeMissing,
            CodeError::NoHardwareKey => ErrorCode::StoredCodeNoIdentity,
        }
    }
}

/// Where versions before identity-keyed entries kept a site's code.
pub fn legacy_account(site_id: &str) -> String {
    format!("contract-code:{site_id}")
}

/// The code to send to the box that answered with `report`, with the database `db_uuid`. A
/// stored code goes without an explicit choice only to its own box (every key known on both
/// sides agrees) and with the database it was stored for.
pub fn code_to_send<V: CodeVault>(
    store: &SiteStore,
    vault: &V,
    report: &BoxReport,
    db_uuid: &str,
    choice: CodeChoice,
) -> Result<Secret, CodeError<V::Error>> {
    let (site_id, confirmed) = match choice {
        CodeChoice::Typed(code) => return Ok(code),
        CodeChoice::StoredOf {
            site_id,
            other_box_confirmed,
        } => (site_id, other_box_confirmed),
    };
    let site = store.get(&site_id)?;
    let sameness = site
        .identity()
        .compare(&BoxIdentity::of_status(&report.status));
    let same = sameness == Sameness::Same;
    if !same && !confirmed {
        return Err(CodeError::OtherBox { site: site.name });
    }
    if confirmed && sameness == Sameness::Unconfirmed {
        // The technician saw this box beside a site that could not be told apart from it (a
        // site saved before identities, a key missing) and chose its code: the site is this
        // box from now on.
        store.confirm(&site.id, report)?;
    }
    // The database the code was stored for: named in its keyring account (an entry of an
    // older version, keyed by site, belongs to the site's database). Unknown is not the same.
    let saving_with = BoxIdentity::new(None, None, Some(db_uuid)).db_uuid;
    let code_db = match &site.code_account {
        Some(account) => BoxIdentity::db_of_account(account),
        None => site.identity().db_uuid,
    };
    let same_db = code_db.is_some() && code_db == saving_with;
    if !same_db && !confirmed {
        return Err(CodeError::OtherDatabase { site: site.name });
    }
    let same = same && same_db;
    if let Some(account) = &site.code_account {
        if let Some(code) = vault.load(account).map_err(CodeError::Vault)? {
            return Ok(code);
        }
    }
    // An entry of an older version, keyed by site id: moved under the site's identity the
    // first time it is used on its own box.
    let legacy = legacy_account(&site.id);
    let code = vault
        .load(&legacy)
        .map_err(CodeError::Vault)?
        .ok_or(CodeError::NoStoredCode {
            site: site.name.clone(),
        })?;
    if let (true, Some(account)) = (same, site.identity().code_account()) {
        vault.store(&account, &code).map_err(CodeError::Vault)?;
        store.set_code_account(&site.id, Some(account))?;
        let _ = vault.delete(&legacy);
    }
    Ok(code)
}

/// "Remember": the code goes into the entry of THIS box (its identifier and MAC) and the
/// database it is being saved with, and the box's own site (found or created) says so. No
/// other site's entry is touched.
pub fn remember_code<V: CodeVault>(
    store: &SiteStore,
    vault: &V,
    report: &BoxReport,
    db_uuid: &str,
    code: &Secret,
) -> Result<(), CodeError<V::Error>> {
    let mut identity = BoxIdentity::of_status(&report.status);
    identity.db_uuid = BoxIdentity::new(None, None, Some(db_uuid)).db_uuid;
    let account = identity.code_account().ok_or(CodeError::NoHardwareKey)?;
    let site = saving_to(store, report, db_uuid)?;
    vault.store(&account, code).map_err(CodeError::Vault)?;
    if let Some(previous) = site.code_account.as_deref().filter(|p| *p != account) {
        // The site's own earlier entry (another database before): replaced, not left behind.
        let _ = vault.delete(previous);
    }
    store.paired_with(&site.id, identity.db_uuid.as_deref(), Some(account))?;
    Ok(())
}

/// Credentials are being saved to this box: its own site (found or created) is paired with
/// `db_uuid` from now on, so the box still matches its site once it reports the new database.
pub fn saving_to(
    store: &SiteStore,
    report: &BoxReport,
    db_uuid: &str,
) -> Result<super::Site, StoreError> {
    let site = store.remember(report)?;
    let db = BoxIdentity::new(None, None, Some(db_uuid)).db_uuid;
    store.paired_with(&site.id, db.as_deref(), None)?;
    Ok(site)
}

/// Removes a site and its stored code. The site goes even when the keyring is unavailable;
/// its entry is then left behind.
pub fn forget_site<V: CodeVault>(
    store: &SiteStore,
    vault: &V,
    site_id: &str,
) -> Result<(), CodeError<V::Error>> {
    if let Some(site) = store.remove(site_id)? {
        if let Some(account) = &site.code_account {
            let _ = vault.delete(account);
        }
        let _ = vault.delete(&legacy_account(&site.id));
    }
    Ok(())
}

/// Every code the vault holds for the saved sites (their identity entries and the entries of
/// older versions). Loading them makes them known to the process (`secret::scrub`), so a
/// report or an error never carries a code remembered in an earlier session, which a box may
/// still echo in its log. Sites whose entry cannot be read are skipped.
pub fn stored_codes<V: CodeVault>(store: &SiteStore, vault: &V) -> Vec<Secret> {
    let Ok(view) = store.load() else {
        return Vec::new();
    };
    view.sites
        .iter()
        .flat_map(|site| [site.code_account.clone(), Some(legacy_account(&site.id))])
        .flatten()
        .filter_map(|account| vault.load(&account).ok().flatten())
        .collect()
}

#[cfg(test)]
#[path = "codes_tests.rs"]
mod tests;
