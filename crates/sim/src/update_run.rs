//! An update the box runs at start-up before it restarts or reboots (docs/protocol/restarts.md
//! "Branch switch"): master's weekly rule checks out the newest stable branch and ends with
//! `odoo_restart()` (`addons/iot_drivers/tools/upgrade.py` @07b666e9, scheduled in
//! `iot_drivers/main.py` @00067bed); a 19.0 box moving to 19.1+ on Python < 3.12 runs
//! `upgrade_trixie.sh` and `sudo reboot` (@68e05378, `check_version_upgrades` @11ecf379).
//! Both log at WARNING; the HTTP server answers meanwhile, but the `Manager` thread is busy in
//! the update, so no certificate attempt is made before the restart.

use std::sync::Arc;
use std::time::Duration;

use crate::shared::{Restart, Shared};

/// Which update the box runs at its next start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateRun {
    /// "Checking out origin/<branch>", then `odoo_restart()`.
    WeeklyBranch,
    /// "Updating to Debian Trixie for >= 19.1", the upgrade, then a reboot.
    DebianUpgrade,
}

impl UpdateRun {
    /// How long the box keeps answering while it updates (simulated seconds, scaled by
    /// `time_scale`) [simulator's choice: Odoo gives no figure; minutes, the upgrade longer].
    fn busy(self) -> Duration {
        match self {
            Self::WeeklyBranch => Duration::from_secs(120),
            Self::DebianUpgrade => Duration::from_secs(600),
        }
    }
}

/// Logs the update's lines in this run and schedules its restart or reboot. Returns true when
/// an update runs: the caller then skips this run's certificate work.
pub(crate) fn start(sh: &Arc<Shared>) -> bool {
    let Some(run) = sh
        .next_update
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    else {
        return false;
    };
    {
        let mut st = sh.lock();
        let logger = "odoo.addons.iot_drivers.tools.upgrade";
        if run == UpdateRun::DebianUpgrade {
            st.log("WARNING", logger, "Updating to Debian Trixie for >= 19.1");
        }
        st.log("WARNING", logger, "Checking out origin/saas-19.1");
    }
    crate::lifecycle::schedule_restart(
        sh,
        Restart {
            delay: sh.scaled(run.busy()),
            reboot: run == UpdateRun::DebianUpgrade,
        },
    );
    true
}
