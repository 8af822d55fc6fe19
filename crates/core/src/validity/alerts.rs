//! When a certificate end date needs attention. The box renews by itself once fewer than 10
//! days remain (nightly, `ensure_validity()`), so a date inside that margin that has not moved
//! means renewals are failing. Let's Encrypt shortens certificates (classic profile: 64 days
//! from 2027-02-10, 45 from 2028-02-16; field-research-2026-12.md §2.18), so thresholds are both absolute
//! days and a share of the certificate's lifetime, whichever is larger.
//!
//! The fleet's alert levels are configurable (a shop network is not a data centre), so they are
//! their own rule beside the module's "renewal due"; days are counted by [`super::days_left`].

use serde::{Deserialize, Serialize};
use time::macros::datetime;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum FleetStatus {
    /// Far from the end date.
    Ok,
    /// Inside the warning threshold; the box should renew by itself soon.
    DueSoon,
    /// Inside the action threshold: the box has missed its renewals.
    RenewalOverdue,
    Expired,
    /// No end date known (a 16.0 – 18.2 database, never reported, no local check yet).
    Unknown,
    /// The box's own answer at its last local check: no certificate (a placeholder served, no
    /// end date, one of Odoo's error codes), although the database still holds an end date
    /// (the database's date is never cleared: `inform_database` returns early on `None`).
    NoCertificate,
}

impl FleetStatus {
    /// Exit code 1 of `iot-https fleet`, and a desktop notification in the window.
    pub fn needs_action(self) -> bool {
        matches!(
            self,
            Self::RenewalOverdue | Self::Expired | Self::NoCertificate
        )
    }
}

/// Absolute days and lifetime shares; each level fires at whichever is larger.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AlertThresholds {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub action_days: i64,
    /// Share of the lifetime, 0.0 – 1.0.
    pub action_share: f64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub warn_days: i64,
    pub warn_share: f64,
}

impl Default for AlertThresholds {
    /// Action at 8 days (two missed nightly renewals after the box's 10-day margin) or 10 % of
    /// the lifetime; warning at 14 days or 20 %.
    fn default() -> Self {
        Self {
            action_days: 8,
            action_share: 0.10,
            warn_days: 14,
            warn_share: 0.20,
        }
    }
}

impl AlertThresholds {
    /// Checked values for a settings form: shares within 0 – 1, warning no earlier than action.
    pub fn validated(self) -> Result<Self, String> {
        let share_ok = |s: f64| (0.0..=1.0).contains(&s);
        if !share_ok(self.action_share) || !share_ok(self.warn_share) {
            return Err("A share of the lifetime is between 0 and 100 %.".into());
        }
        if !(0..=365).contains(&self.action_days) || !(0..=365).contains(&self.warn_days) {
            return Err("Days are between 0 and 365.".into());
        }
        if self.warn_days < self.action_days || self.warn_share < self.action_share {
            return Err("The warning comes before (or with) the action threshold.".into());
        }
        Ok(self)
    }
}

/// The lifetime of a box certificate ending at `end`, assumed from Let's Encrypt's schedule
/// (the database knows only the end date): issued before 2027-02-10 → 90 days, before
/// 2028-02-16 → 64, later → 45.
pub fn assumed_lifetime_days(end: OffsetDateTime) -> i64 {
    let issued_with = |days: i64| end - time::Duration::days(days);
    if issued_with(45) >= datetime!(2028-02-16 0:00 UTC) {
        45
    } else if issued_with(64) >= datetime!(2027-02-10 0:00 UTC) {
        64
    } else {
        90
    }
}

/// The fleet's alert rule for one certificate end date.
pub fn fleet_certificate_status(
    end: OffsetDateTime,
    now: OffsetDateTime,
    thresholds: &AlertThresholds,
) -> FleetStatus {
    if end <= now {
        return FleetStatus::Expired;
    }
    let lifetime = assumed_lifetime_days(end) as f64;
    let left = (end - now).as_seconds_f64() / 86_400.0;
    let limit = |days: i64, share: f64| (days as f64).max(share * lifetime);
    if left <= limit(thresholds.action_days, thresholds.action_share) {
        FleetStatus::RenewalOverdue
    } else if left <= limit(thresholds.warn_days, thresholds.warn_share) {
        FleetStatus::DueSoon
    } else {
        FleetStatus::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

    fn status_at(days: f64) -> FleetStatus {
        let end = NOW + time::Duration::seconds_f64(days * 86_400.0);
        fleet_certificate_status(end, NOW, &AlertThresholds::default())
    }

    #[test]
    fn absolute_days_for_a_90_day_certificate() {
        // 90-day lifetime: action at max(8, 9) = 9 days, warning at max(14, 18) = 18 days.
        assert_eq!(status_at(40.0), FleetStatus::Ok);
        assert_eq!(status_at(18.5), FleetStatus::Ok);
        assert_eq!(status_at(17.9), FleetStatus::DueSoon);
        assert_eq!(status_at(9.5), FleetStatus::DueSoon);
        assert_eq!(status_at(8.9), FleetStatus::RenewalOverdue);
        assert_eq!(status_at(-0.01), FleetStatus::Expired);
    }

    #[test]
    fn thresholds_scale_with_the_lifetime() {
        let share_only = AlertThresholds {
            action_days: 0,
            action_share: 0.25,
            warn_days: 0,
            warn_share: 0.5,
        };
        // 45-day certificates (issued after 2028-02-16): action at 11.25 days.
        let end45 = datetime!(2028-06-01 0:00 UTC);
        assert_eq!(assumed_lifetime_days(end45), 45);
        let at = |end: OffsetDateTime, left: i64| end - time::Duration::days(left);
        assert_eq!(
            fleet_certificate_status(end45, at(end45, 11), &share_only),
            FleetStatus::RenewalOverdue
        );
        assert_eq!(
            fleet_certificate_status(end45, at(end45, 12), &share_only),
            FleetStatus::DueSoon
        );
        // On a 90-day certificate the lines are at 22.5 and 45 days.
        let end90 = datetime!(2027-01-20 0:00 UTC);
        assert_eq!(assumed_lifetime_days(end90), 90);
        assert_eq!(
            fleet_certificate_status(end90, at(end90, 12), &share_only),
            FleetStatus::RenewalOverdue
        );
        assert_eq!(
            fleet_certificate_status(end90, at(end90, 30), &share_only),
            FleetStatus::DueSoon
        );
        assert_eq!(assumed_lifetime_days(datetime!(2027-05-01 0:00 UTC)), 64);
    }

    #[test]
    fn settings_are_checked() {
        assert!(AlertThresholds::default().validated().is_ok());
        let inverted = AlertThresholds {
            warn_days: 3,
            ..Default::default()
        };
        assert!(inverted.validated().is_err());
        let share = AlertThresholds {
            warn_share: 1.5,
            ..Default::default()
        };
        assert!(share.validated().is_err());
    }
}
