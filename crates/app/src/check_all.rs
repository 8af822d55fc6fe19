//! "Check all" (`iot-https check-all`): every saved site diagnosed a few at a time, each result
//! recorded on its site and streamed as it comes in (core's `fleet::check_sites`).

use iot_https_core::diagnose::{DiagnoseOptions, Diagnosis};
use iot_https_core::fleet::{check_sites, FleetCheck, FleetEvent, FleetResult};
use iot_https_core::sites::Site;
use iot_https_core::{BoxAddress, WireError};
use serde::Serialize;
use time::OffsetDateTime;

use crate::errors::{blocking, store_error};
use crate::progress::Progress;
use crate::session::Session;

/// Each check holds a few sockets and runs the DNS, TLS and box reads of one diagnosis; more
/// than this gains nothing on a shop LAN and runs into the open-file limit.
pub const MAX_CONCURRENCY: usize = 32;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckedSites {
    /// In the order of the sites file, not the order the boxes answered in.
    pub sites: Vec<FleetResult>,
    /// The sites file's own warning (a damaged file set aside), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Diagnoses every saved site (`concurrency` at a time, 1 to `MAX_CONCURRENCY`) with the
/// options `options_for` gives each address, and records each result on its site.
pub async fn check_all(
    session: &Session,
    concurrency: usize,
    now: OffsetDateTime,
    options_for: impl Fn(&BoxAddress) -> DiagnoseOptions,
    on_event: &dyn Progress<FleetEvent>,
) -> Result<CheckedSites, WireError> {
    let store = session.sites.clone();
    let view = blocking(move || store.load().map_err(store_error)).await?;
    let order: Vec<String> = view.sites.iter().map(|s| s.id.clone()).collect();
    // The subjects the sites and the last fleet check know, each for its own box: a site's goes
    // to the box at its address only once that box is the site's box (core's `KnownSubject`).
    let known = crate::names::known_subjects(session).await?;
    let options_for = move |address: &BoxAddress| {
        let mut opts = options_for(address);
        opts.known_subjects.extend(known.iter().cloned());
        opts
    };
    let sites = session.sites.clone();
    let check = FleetCheck {
        policy: session.policy,
        concurrency: concurrency.clamp(1, MAX_CONCURRENCY),
        now,
        options_for,
        record: |site: &Site, diagnosis: &Diagnosis| {
            sites.record(Some(&site.id), diagnosis).ok().flatten()
        },
    };
    let mut rows = check_sites(view.sites, check, |event| on_event.report(event)).await;
    rows.sort_by_key(|r| order.iter().position(|id| *id == r.site.id));
    Ok(CheckedSites {
        sites: rows,
        warning: view.warning,
    })
}
