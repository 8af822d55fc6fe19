//! Which `iot_drivers` release an iot-drivers box runs, where the two differ in what the
//! simulator answers (docs/protocol/restarts.md "What restarts a box"):
//!
//! * `19.0` (and saas-18.4, where `iot_drivers` began, PR #213749): `/iot_drivers/action` is for
//!   devices only (`controllers/driver.py` @1fd47b3f: `iot_devices.get(device_identifier)`, else
//!   "IoT Device with identifier %s not found" and `False`), so the box's own identifier with
//!   `{"action": "restart_odoo"}` answers `false` and restarts nothing. `restart_odoo` reaches
//!   `communication.handle_message` only over the WebSocket/WebRTC ("via WebSocket or WebRTC",
//!   `tools/communication.py` @2b9e069a: `odoo_restart()`, answer `{}`).
//! * `master` (saas-19.1 on, after PR #232133 of 2025-10-17, "restart odoo from all protocols"):
//!   the route hands the box's own identifier to `handle_message` (`controllers/driver.py`
//!   @16f68110), which answers `restart_odoo` with `{…, "status": "success"}` and restarts after
//!   2 s (`communication.py` @055c26f3, "via WebSocket or HTTP").

use std::fmt;
use std::str::FromStr;

use crate::names::{parse_named, UnknownName};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IotRelease {
    V19,
    /// The simulator's iot-drivers box otherwise follows master (its data route's fields).
    #[default]
    Master,
}

impl IotRelease {
    pub fn all() -> &'static [IotRelease] {
        &[IotRelease::V19, IotRelease::Master]
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IotRelease::V19 => "19.0",
            IotRelease::Master => "master",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            IotRelease::V19 => "saas-18.4/19.0: /iot_drivers/action for devices only (restart_odoo: false)",
            IotRelease::Master => {
                "saas-19.1+/master: box commands on /iot_drivers/action (restart_odoo: success, 2 s)"
            }
        }
    }

    /// Whether `/iot_drivers/action` takes box commands when addressed to the box itself.
    pub fn box_commands_on_action_route(self) -> bool {
        self == IotRelease::Master
    }
}

impl FromStr for IotRelease {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_named(
            "iot_drivers release",
            s,
            IotRelease::all(),
            IotRelease::as_str,
        )
    }
}

impl fmt::Display for IotRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
