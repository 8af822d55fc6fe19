//! The restart watch stops with `CLOCK_SKEW` when the box's answer shows it restarts after each
//! read because its clock runs ahead (docs/protocol/certificate-states.md "The box's clock"): a
//! Windows IoT of 16.0 – saas-18.2 that says "generated" downloaded a certificate its clock
//! still sees inside the renewal window, and writing it restarts Odoo; every start does the
//! same. Its port may serve the new certificate for a moment, but the box is never ready until
//! its clock is right, so "certificate ready" would be wrong.

use time::OffsetDateTime;

use crate::box_api::{BoxCertificate, BoxReport, BoxStatus};
use crate::findings::Finding;

/// `CLOCK_SKEW` (with `boxClockRestartsEachRead` and the box's platform's steps) when this
/// answer of the box shows the loop; `now` is the laptop's clock.
pub(crate) fn restart_loop(
    status: &BoxStatus,
    certificate: &BoxCertificate,
    now: OffsetDateTime,
) -> Option<Finding> {
    let report = BoxReport::of(status.clone(), certificate.clone());
    crate::diagnose::clock_restart_loop(&report, now)
}
