//! Reading a box, connecting to it (its report compared with the sites), diagnosing it.

use std::sync::Arc;

use iot_https_core::box_api::{ReadOptions, SlowRead};
use iot_https_core::diagnose::{self, DiagnoseOptions, Diagnosis};
use iot_https_core::ipc::ConnectedBox;
use iot_https_core::sites::SiteMatch;
use iot_https_core::{input, BoxAddress, BoxReport, NetPolicy, WireError};

use crate::errors::{blocking, field_error, store_error};
use crate::progress::Progress;
use crate::session::Session;

/// The status read's deadline (validated: `input::BOX_TIMEOUT_RANGE_S`, else core's default)
/// and who hears "still waiting for the box" when it is slow.
pub fn read_options(
    box_timeout_s: Option<u64>,
    on_slow: Option<Arc<dyn Progress<SlowRead>>>,
) -> Result<ReadOptions, WireError> {
    let timeout = input::box_timeout(box_timeout_s).map_err(field_error)?;
    Ok(ReadOptions {
        timeout,
        on_slow: on_slow.map(|p| Arc::new(move |slow: SlowRead| p.report(slow)) as _),
    })
}

/// `iot-https status`: the box's family, identity and certificate state; remembers nothing.
/// A box whose status page crashes while hello answers is found all the same, its report
/// carrying the crash and its cause (core's `diagnose::read_report`).
pub async fn read_box(
    policy: NetPolicy,
    address: &str,
    read: ReadOptions,
) -> Result<BoxReport, WireError> {
    let address = BoxAddress::parse(address)?;
    Ok(diagnose::read_report(&address, policy, read).await?)
}

/// The window's "Connect": reads the box and compares its identity with the sites — its own
/// site (which follows it to a new address only when identifier and MAC match), or another
/// box's site at this address, with the one-time token that lets a save use that site's code.
pub async fn connect(
    session: &Session,
    address: &str,
    read: ReadOptions,
) -> Result<ConnectedBox, WireError> {
    let report = read_box(session.policy, address, read).await?;
    session
        .connected
        .lock()
        .await
        .insert(report.status.address.clone(), report.clone());
    let (store, seen) = (session.sites.clone(), report.clone());
    let mut site_match = blocking(move || store.on_connect(&seen).map_err(store_error)).await?;
    if let Some(SiteMatch::OtherBox {
        saved,
        box_identity,
        choice,
        ..
    }) = &mut site_match
    {
        // The pair shown side by side: only this token lets the save use the saved code.
        *choice = session
            .choices
            .issue(&saved.id, box_identity, &report.status.address);
    }
    Ok(ConnectedBox { report, site_match })
}

/// Diagnoses a box once (`iot-https diagnose`, `record: false`) or as the wizard's diagnosis
/// (`record: true`): recorded on its own site, compared with the session's previous diagnosis
/// of the same box (`Diagnosis::recheck`) and kept as the one a report exports.
pub async fn diagnose_box(
    session: &Session,
    address: &str,
    opts: &DiagnoseOptions,
    record: bool,
) -> Result<Diagnosis, WireError> {
    let address = BoxAddress::parse(address)?;
    let mut diagnosis = diagnose_with_site_subject(session, &address, opts).await?;
    if record {
        let (store, recorded) = (session.sites.clone(), diagnosis.clone());
        blocking(move || store.record(None, &recorded).map_err(store_error)).await?;
        // A re-check of the same box says what it fixed (core's `recheck::compare`).
        let mut last = session.last_diagnosis.lock().await;
        diagnosis = diagnosis.rechecked_after(last.as_ref());
        *last = Some(diagnosis.clone());
    }
    Ok(diagnosis)
}

/// An 18.3+ box names no certificate subject: the ones the sites and the last fleet check
/// know are passed with the box each belongs to, and core uses the one of the box that answered
/// (`crate::names`).
async fn diagnose_with_site_subject(
    session: &Session,
    address: &BoxAddress,
    opts: &DiagnoseOptions,
) -> Result<Diagnosis, WireError> {
    let mut with = opts.clone();
    with.known_subjects = crate::names::with_known_subjects(session, &opts.known_subjects).await?;
    Ok(diagnose::diagnose(address, session.policy, &with).await?)
}

/// A diagnosis without a session (the CLI's one-shot `diagnose`).
pub async fn diagnose_once(
    policy: NetPolicy,
    address: &BoxAddress,
    opts: &DiagnoseOptions,
) -> Result<Diagnosis, WireError> {
    Ok(diagnose::diagnose(address, policy, opts).await?)
}

/// The only pages the window may open: a box this session connected to, by its IP or by the
/// name its certificate gives it (core's `box_url`); any other URL is `INPUT_INVALID_ARGUMENT`.
pub async fn page_url(session: &Session, url: &str) -> Result<String, WireError> {
    use std::net::{IpAddr, SocketAddr};
    let mut box_ips: Vec<IpAddr> = Vec::new();
    for report in session.connected.lock().await.values() {
        let status = &report.status;
        let ips = [Some(status.address.as_str()), status.ip.as_deref()];
        box_ips.extend(ips.into_iter().flatten().filter_map(|a| {
            a.parse::<SocketAddr>()
                .map(|s| s.ip())
                .or_else(|_| a.parse::<IpAddr>())
                .ok()
        }));
    }
    iot_https_core::box_url::box_https_url(url, &box_ips).map_err(|e| {
        WireError::new(
            iot_https_core::ErrorCode::InputInvalidArgument,
            Some(format!("{url}: {e}")),
        )
    })
}
