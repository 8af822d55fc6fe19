//! A certificate's validity in time: days left, the box's renewal point, when to warn, and where
//! today falls on its life. The only place that does certificate date arithmetic: the CLI, the
//! reports and the window all show what this module computes (the window renders it as is).
//!
//! The rules, pinned by the tests below:
//! - **Days left** = ⌊(notAfter − now) / 1 day⌋: 23 h left is 0 days, 1 s past expiry is −1.
//! - **Renewal point** = notAfter − 10 days. That is the box's own rule (Odoo asks odoo.com for a
//!   new certificate when it is missing, the placeholder, or within 10 days of expiry), whatever
//!   the certificate's lifetime.
//! - **Renewal due** (the warning) from notAfter − min(10 days, lifetime / 3). For the lifetimes
//!   of Let's Encrypt certificates — 90 days, 64 days from February 2027, 45 days from February
//!   2028 — that is the box's renewal point: a box that renews as it should never shows the
//!   warning for more than its daily retry, and one whose renewal fails shows it for the last
//!   10 days, early enough to act. Warning earlier than the box's own renewal point would be
//!   noise: there is nothing to do until the box tries. Only certificates of 30 days or shorter
//!   warn from a third of their life, so a 6-day certificate is not "due" from its first hour.
//!   Without notBefore (a saved site keeps only the end date) the lifetime is unknown and the
//!   box's 10 days apply.
//! - **Fleet alert levels** (`alerts`): due soon / renewal overdue / expired from configurable
//!   thresholds, absolute days or a share of the lifetime assumed from Let's Encrypt's schedule.

mod alerts;

use serde::Serialize;
use time::{Duration, OffsetDateTime};

pub use alerts::{assumed_lifetime_days, fleet_certificate_status, AlertThresholds, FleetStatus};

/// The box's renewal rule: it asks for a new certificate from 10 days before notAfter.
pub const RENEWAL_MARGIN: Duration = Duration::days(10);

/// Where a certificate stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ValidityState {
    NotYetValid,
    Valid,
    /// Inside the warning window (see the module rules); still works today.
    RenewalDue,
    Expired,
}

/// Where the points of a certificate's life fall on a line from the earliest to the latest of
/// them, as fractions in `0.0..=1.0` (today may lie before issue or after expiry).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub issued: f64,
    pub renewal: f64,
    pub expires: f64,
    pub today: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Validity {
    pub state: ValidityState,
    /// Whole days until notAfter, rounded down; negative once expired.
    pub days_left: i32,
    /// notAfter − 10 days: from here on the box tries to renew (RFC 3339, UTC).
    pub renewal_from: String,
    /// From here on the certificate is shown as "renewal due" (RFC 3339, UTC).
    pub warning_from: String,
    /// Only when notBefore is known.
    pub timeline: Option<Timeline>,
}

impl Validity {
    /// The validity of a certificate valid from `not_before` (when known) to `not_after`, at `now`.
    pub fn at(
        not_before: Option<OffsetDateTime>,
        not_after: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Self {
        let warning_from = not_after - warning_window(not_before, not_after);
        let renewal_from = renewal_point(not_after);
        let state = if not_before.is_some_and(|nb| now < nb) {
            ValidityState::NotYetValid
        } else if now > not_after {
            ValidityState::Expired
        } else if now >= warning_from {
            ValidityState::RenewalDue
        } else {
            ValidityState::Valid
        };
        Self {
            state,
            days_left: days_left(not_after, now),
            renewal_from: rfc3339(renewal_from),
            warning_from: rfc3339(warning_from),
            timeline: not_before.map(|nb| timeline(nb, renewal_from, not_after, now)),
        }
    }

    /// From an RFC 3339 end date as saved with a site; `None` when it does not parse.
    pub fn of_end_date(not_after: &str, now: OffsetDateTime) -> Option<Self> {
        let not_after = OffsetDateTime::parse(
            not_after.trim(),
            &time::format_description::well_known::Rfc3339,
        )
        .ok()?;
        Some(Self::at(None, not_after, now))
    }
}

/// notAfter − 10 days.
pub fn renewal_point(not_after: OffsetDateTime) -> OffsetDateTime {
    not_after - RENEWAL_MARGIN
}

/// How long before notAfter the warning starts: min(10 days, lifetime / 3).
pub fn warning_window(not_before: Option<OffsetDateTime>, not_after: OffsetDateTime) -> Duration {
    match not_before {
        Some(nb) if not_after > nb => RENEWAL_MARGIN.min((not_after - nb) / 3),
        _ => RENEWAL_MARGIN,
    }
}

/// Floor of (notAfter − now) in days: 23 h left is 0 days, 1 s past expiry is −1.
pub fn days_left(not_after: OffsetDateTime, now: OffsetDateTime) -> i32 {
    let seconds = (not_after - now).whole_seconds();
    i32::try_from(seconds.div_euclid(86_400)).unwrap_or(if seconds < 0 {
        i32::MIN
    } else {
        i32::MAX
    })
}

fn timeline(
    issued: OffsetDateTime,
    renewal: OffsetDateTime,
    expires: OffsetDateTime,
    today: OffsetDateTime,
) -> Timeline {
    let start = issued.min(today).min(renewal);
    let end = expires.max(today);
    let span = (end - start).as_seconds_f64().max(1.0);
    let at = |t: OffsetDateTime| ((t - start).as_seconds_f64() / span).clamp(0.0, 1.0);
    Timeline {
        issued: at(issued),
        renewal: at(renewal),
        expires: at(expires),
        today: at(today),
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const END: OffsetDateTime = datetime!(2028-03-31 12:00 UTC);

    fn state(lifetime_days: i64, days_before_end: f64) -> ValidityState {
        let now = END - Duration::seconds_f64(days_before_end * 86_400.0);
        Validity::at(Some(END - Duration::days(lifetime_days)), END, now).state
    }

    #[test]
    fn days_left_rounds_down_on_both_sides_of_expiry() {
        let end = datetime!(2026-06-11 12:00 UTC);
        assert_eq!(days_left(end, datetime!(2026-06-01 12:00 UTC)), 10);
        assert_eq!(days_left(end, datetime!(2026-06-01 12:00:01 UTC)), 9);
        assert_eq!(days_left(end, datetime!(2026-06-11 11:00 UTC)), 0);
        assert_eq!(days_left(end, datetime!(2026-06-11 12:00:01 UTC)), -1);
        // 10.5 days past is −11, not −10 (the CLI once truncated toward zero).
        assert_eq!(days_left(end, datetime!(2026-06-22 00:00 UTC)), -11);
    }

    #[test]
    fn renewal_due_starts_at_the_box_renewal_point_for_90_64_and_45_day_certificates() {
        for lifetime in [90, 64, 45] {
            assert_eq!(state(lifetime, 10.01), ValidityState::Valid, "{lifetime} d");
            assert_eq!(
                state(lifetime, 9.99),
                ValidityState::RenewalDue,
                "{lifetime} d"
            );
            assert_eq!(
                state(lifetime, 0.01),
                ValidityState::RenewalDue,
                "{lifetime} d"
            );
            assert_eq!(
                state(lifetime, -0.01),
                ValidityState::Expired,
                "{lifetime} d"
            );
        }
    }

    #[test]
    fn short_lived_certificates_warn_for_the_last_third_only() {
        // 6 days: the box's 10 days would cover all of it; warn from 2 days before the end.
        assert_eq!(state(6, 5.9), ValidityState::Valid);
        assert_eq!(state(6, 2.01), ValidityState::Valid);
        assert_eq!(state(6, 1.99), ValidityState::RenewalDue);
        // 30 days is the turning point: a third is exactly the box's 10 days.
        assert_eq!(
            warning_window(Some(END - Duration::days(30)), END),
            RENEWAL_MARGIN
        );
    }

    #[test]
    fn the_renewal_point_is_always_ten_days_before_the_end() {
        let v = Validity::at(
            Some(END - Duration::days(45)),
            END,
            END - Duration::days(20),
        );
        assert_eq!(v.renewal_from, "2028-03-21T12:00:00Z");
        assert_eq!(v.warning_from, "2028-03-21T12:00:00Z");
        assert_eq!(v.days_left, 20);
        let short = Validity::at(Some(END - Duration::days(6)), END, END - Duration::days(1));
        assert_eq!(short.renewal_from, "2028-03-21T12:00:00Z");
        assert_eq!(short.warning_from, "2028-03-29T12:00:00Z");
    }

    #[test]
    fn without_not_before_the_box_rule_applies_and_there_is_no_timeline() {
        let v = Validity::of_end_date("2028-03-31T12:00:00Z", END - Duration::days(4)).unwrap();
        assert_eq!(
            (v.state, v.days_left, v.timeline),
            (ValidityState::RenewalDue, 4, None)
        );
        assert!(Validity::of_end_date("soon", END).is_none());
    }

    #[test]
    fn not_yet_valid_and_the_timeline_positions() {
        let nb = END - Duration::days(90);
        let early = Validity::at(Some(nb), END, nb - Duration::days(10));
        assert_eq!(early.state, ValidityState::NotYetValid);
        assert_eq!(early.days_left, 100);
        let tl = early.timeline.unwrap();
        assert_eq!((tl.today, tl.issued, tl.expires), (0.0, 0.1, 1.0));
        assert!((tl.renewal - 0.9).abs() < 1e-9);
        let late = Validity::at(Some(nb), END, END + Duration::days(10))
            .timeline
            .unwrap();
        assert_eq!((late.issued, late.today), (0.0, 1.0));
        assert!((late.expires - 0.9).abs() < 1e-9);
    }
}
