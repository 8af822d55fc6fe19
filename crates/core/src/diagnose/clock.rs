//! The box's clock (HTTP `Date`) against the laptop's (field-problems.md F14): a Pi has no
//! real-time clock and keeps a wrong time without NTP.

use serde::Serialize;
use time::OffsetDateTime;

use crate::box_api::certificate::rfc3339;
use crate::box_api::{parse_http_date, BoxReport};
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Source};

/// Beyond this the box's view of certificate validity (and of odoo.com's) is off.
pub const SKEW_LIMIT_SECONDS: i64 = 300;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClockCheck {
    pub box_time: String,
    pub laptop_time: String,
    /// Box minus laptop, in seconds (an HTTP date has whole seconds).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub skew_seconds: i64,
}

pub fn check(box_date: Option<&str>, now: OffsetDateTime) -> Option<ClockCheck> {
    let box_time = parse_http_date(box_date?)?;
    Some(ClockCheck {
        box_time: rfc3339(box_time),
        laptop_time: rfc3339(now),
        skew_seconds: (box_time - now).whole_seconds(),
    })
}

/// The box's clock runs ahead of the laptop's beyond the limit.
pub fn ahead(check: &ClockCheck) -> bool {
    check.skew_seconds > SKEW_LIMIT_SECONDS
}

/// `CLOCK_SKEW`, with `explains`: what the box does because its clock ahead sees a good served
/// certificate inside the renewal window (`box_facts::clock_explains`).
pub fn finding_explaining(check: &ClockCheck, explains: Option<E>) -> Option<Finding> {
    let mut f = finding(check)?;
    f.evidence.extend(explains.map(Evidence::new));
    Some(f)
}

/// `CLOCK_SKEW` for a box whose own answer shows it restarts after each read because its clock
/// runs ahead (`box_facts::restarts_after_each_download`), with the box's platform's steps: the
/// restart watch's conclusion for such a box (`watch_clock`), which is never ready.
pub(crate) fn restart_loop(report: &BoxReport, now: OffsetDateTime) -> Option<Finding> {
    let check = check(report.status.box_date.as_deref(), now)?;
    if !ahead(&check) || !super::box_facts::restarts_after_each_download(report) {
        return None;
    }
    finding_explaining(&check, Some(E::BoxClockRestartsEachRead))
        .map(|f| f.on_platform(report.status.flavour))
}

pub fn finding(check: &ClockCheck) -> Option<Finding> {
    (check.skew_seconds.abs() > SKEW_LIMIT_SECONDS).then(|| {
        let kind = if check.skew_seconds > 0 {
            E::ClockAhead
        } else {
            E::ClockBehind
        };
        Finding::new(
            C::ClockSkew,
            Source::Laptop,
            vec![Evidence::new(kind)
                .arg("box", &check.box_time)
                .arg("laptop", &check.laptop_time)
                .arg("seconds", check.skew_seconds.abs())],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn reads_http_dates_and_flags_minutes_of_skew() {
        let now = datetime!(2026-11-26 06:44:13 UTC);
        let same = check(Some("Thu, 26 Nov 2026 06:44:13 GMT"), now).unwrap();
        assert_eq!(same.skew_seconds, 0);
        assert!(finding(&same).is_none());
        let behind = check(Some("Thu, 26 Nov 2026 05:44:13 GMT"), now).unwrap();
        assert_eq!(behind.skew_seconds, -3600);
        assert!(finding(&behind).unwrap().evidence[0]
            .render("en")
            .contains("behind"));
        assert!(check(Some("yesterday"), now).is_none());
        assert!(check(None, now).is_none());
    }
}
