//! A box whose status page crashes is still a box found. On 16.0 and 17.0's default urllib3
//! helpers odoo.com's refusal of an ineligible database crashes the status route with HTTP 500
//! (`KeyError: 'subject_cn'`, `addons/hw_drivers/tools/helpers.py` @a1926979), as does a
//! damaged certificate file: the technician who most needs help would otherwise never get past
//! the Box step. While `/hw_proxy/hello` answers `ping`, connecting and `iot-https status`
//! report what the side-effect-free routes say (family, 16.0's version) and carry the finding
//! the diagnosis shows for the crash, with its cause from the box's log
//! (docs/protocol/status-reads.md "When the status route answers HTTP 500").

use std::net::SocketAddr;

use super::box_read::{failure_findings, read_box, BoxRead};
use crate::address::BoxAddress;
use crate::box_api::status_error::StatusCrash;
use crate::box_api::{
    interpret, ApiFamily, BoxReport, BoxStatus, Credentials, Marker, OsFlavour, Pairing, Probes,
    RawCertificate, ReadOptions,
};
use crate::error::CoreError;
use crate::http::{BoxHttp, Limits};
use crate::net_policy::NetPolicy;

/// The box's report, as `box_api::read_status_with` reads it; a status route that answers
/// HTTP 500 while hello answers is a report too (`BoxReport::status_answered` false, the
/// crash in `findings`). Anything else that fails stays an error.
pub async fn read_report(
    address: &BoxAddress,
    policy: NetPolicy,
    read: ReadOptions,
) -> Result<BoxReport, CoreError> {
    let target = address.resolve(&policy).await?;
    let policy = policy.for_target(target.ip());
    let read = read_box(target, policy, read).await;
    let findings = match &read.result {
        Err(err) if status_page_crashed(&read, err) => failure_findings(&read, err, target),
        _ => return read.result,
    };
    let Some(family) = read.family else {
        return read.result;
    };
    let status = status_without_page(target, policy, family, read.crash.as_ref()).await;
    // The steps of the box's platform, as a diagnosis narrows its findings.
    let findings = crate::findings::platform_steps::for_platform(findings, status.flavour);
    Ok(BoxReport::crashed(status, findings))
}

/// Hello answers `ping` and the status route answered a server error: Odoo is there, its
/// certificate check is what failed. A box whose hello does not answer stays an error.
fn status_page_crashed(read: &BoxRead, err: &CoreError) -> bool {
    read.hello && matches!(err, CoreError::HttpStatus { status, .. } if *status >= 500)
}

/// What the box says without its status page: the family (refined by the traceback), 16.0's
/// plain version from `/hw_proxy/get_version` (the same probes and reading `detect` uses), the
/// system from that version or from the traceback's paths (`StatusCrash::platform`). Identity,
/// pairing, credentials and the certificate are on the page that crashed: unknown.
async fn status_without_page(
    target: SocketAddr,
    policy: NetPolicy,
    family: ApiFamily,
    crash: Option<&StatusCrash>,
) -> BoxStatus {
    let version = match BoxHttp::new(target, policy, Limits::probe()) {
        Ok(http) => match Probes::send(&http).await.marker() {
            Marker::LegacyHtml { version } => Some(version),
            _ => None,
        },
        Err(_) => None,
    };
    let flavour = match OsFlavour::detect(None, version.as_deref()) {
        OsFlavour::Unknown => crash.map_or(OsFlavour::Unknown, |c| c.platform),
        known => known,
    };
    BoxStatus {
        address: target.to_string(),
        family,
        flavour,
        version,
        ip: None,
        hostname: None,
        identifier: None,
        mac: None,
        pairing: Pairing::Unknown,
        new_database_url: None,
        access_point: false,
        credentials: Credentials {
            db_uuid: None,
            enterprise_code_present: false,
        },
        certificate: RawCertificate::Absent,
        box_date: None,
        odoo_uptime_seconds: None,
        anomalies: Vec::new(),
    }
}

impl BoxReport {
    /// The report of a box whose status page crashed: `findings` says why.
    pub fn crashed(status: BoxStatus, findings: Vec<crate::findings::Finding>) -> Self {
        let certificate_state = interpret(&status.certificate, None);
        Self {
            status_answered: false,
            findings,
            ..Self::of(status, certificate_state)
        }
    }
}
