//! The restart watch follows an update the box starts instead of calling it "did not come
//! back" (docs/protocol/restarts.md "Branch switch"): master's weekly rule checks out the newest
//! stable branch and restarts Odoo (`iot_drivers/tools/upgrade.py` @07b666e9), and a 19.0 box
//! moving to 19.1+ on Python < 3.12 upgrades to Debian Trixie and reboots (@68e05378,
//! `check_version_upgrades` @11ecf379). Both are logged at WARNING in this run's log while the
//! box still answers; then it is away for a while. The give-up is pushed back once per kind, by
//! a bounded amount, so a box that never returns is still reported.

use std::time::Duration;

use crate::box_api::log_facts::LogFacts;
pub use crate::box_api::log_facts::UpdateKind;

/// How much longer the watch waits once an update is seen. [assistant's choice: Odoo gives no
/// figure; a checkout plus `odoo_restart()` takes a few minutes on a Pi, the in-place Debian
/// upgrade in a chroot plus a reboot "many minutes" — the field notes' order of magnitude,
/// doubled, and still an end.]
pub(crate) fn allowance(kind: UpdateKind) -> Duration {
    match kind {
        UpdateKind::WeeklyBranch => Duration::from_secs(10 * 60),
        UpdateKind::DebianUpgrade => Duration::from_secs(20 * 60),
    }
}

/// The update this run's records (`log_run::current_run`) show, if any.
pub(crate) fn update_running(run_logs: &str) -> Option<UpdateKind> {
    LogFacts::read(run_logs).update
}

/// The updates already reported during one watch: each kind is announced (and extends the
/// give-up) once, even though later reads see the same lines again.
#[derive(Debug, Default)]
pub(crate) struct UpdatesSeen {
    weekly: bool,
    debian: bool,
}

impl UpdatesSeen {
    /// `Some(kind)` when `kind` was not seen before in this watch.
    pub(crate) fn first_sight(&mut self, kind: Option<UpdateKind>) -> Option<UpdateKind> {
        let seen = match kind? {
            UpdateKind::WeeklyBranch => &mut self.weekly,
            UpdateKind::DebianUpgrade => &mut self.debian,
        };
        (!std::mem::replace(seen, true)).then_some(kind?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_update_is_announced_once_and_the_debian_upgrade_gets_the_longer_wait() {
        let mut seen = UpdatesSeen::default();
        assert_eq!(seen.first_sight(None), None);
        let weekly = Some(UpdateKind::WeeklyBranch);
        assert_eq!(seen.first_sight(weekly), weekly);
        assert_eq!(seen.first_sight(weekly), None);
        let debian = Some(UpdateKind::DebianUpgrade);
        assert_eq!(seen.first_sight(debian), debian);
        assert!(allowance(UpdateKind::DebianUpgrade) > allowance(UpdateKind::WeeklyBranch));
        // Bounded: a box that never comes back is still reported within the hour.
        assert!(allowance(UpdateKind::DebianUpgrade) <= Duration::from_secs(3600));
    }
}
