//! The saved sites as the window edits them (core's `sites`): listed, remembered from a box this
//! session connected to, added from a box this session's scan found (its identity read in full
//! first: core's `discovery::identify_for_saving`), removed with their stored code. Sites are
//! made from what Rust read, never from what a page sends. File and keyring work runs on
//! blocking threads. (The CLI reads the sites — `check-all`, `fleet` — but edits none.)

use iot_https_core::discovery::identify_for_saving;
use iot_https_core::sites::{codes, Site, SitesView};
use iot_https_core::{ErrorCode, WireError};

use crate::errors::{blocking, code_error, store_error};
use crate::session::Session;

pub async fn list(session: &Session) -> Result<SitesView, WireError> {
    let store = session.sites.clone();
    blocking(move || store.load().map_err(store_error)).await
}

/// The box connected to at `address` becomes (or updates) its own site.
pub async fn remember_box(session: &Session, address: &str) -> Result<Site, WireError> {
    let report = session.connected_box(address).await?;
    let store = session.sites.clone();
    blocking(move || store.remember(&report).map_err(store_error)).await
}

/// A box the latest scan found at `address` becomes a site (or its own site is returned).
pub async fn add_found(session: &Session, address: &str) -> Result<Site, WireError> {
    let found = session
        .found
        .lock()
        .await
        .get(address)
        .cloned()
        .ok_or_else(|| WireError::new(ErrorCode::InputInvalidArgument, Some(address.into())))?;
    let found = identify_for_saving(&found, session.policy).await;
    let store = session.sites.clone();
    blocking(move || store.add_found(&found).map_err(store_error)).await
}

/// Removes the site and the code stored for it.
pub async fn delete(session: &Session, id: String) -> Result<(), WireError> {
    let (store, vault) = (session.sites.clone(), session.vault());
    blocking(move || codes::forget_site(&store, &vault, &id).map_err(code_error)).await
}
