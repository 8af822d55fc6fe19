//! 19's `ConnectionManager` thread (`addons/iot_drivers/connection_manager.py` @7c454555): while
//! the box is unpaired, has an IP and is not an access point, it asks iot-proxy.odoo.com for a
//! pairing code and then polls for the pairing result every `14 + 1.01**n` s (about 15 s at
//! first). `_call_iot_proxy` catches everything with
//! `_logger.exception('Could not reach iot-proxy.odoo.com')`: one ERROR record with the
//! traceback, each time. The simulator models the failing case only (scenario
//! `iot-proxy-unreachable`, iot_drivers): no pairing code, a record per call.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::names::{Family, Flavour};
use crate::scenario::Fault;
use crate::shared::{Phase, Shared};
use crate::state::BoxState;

/// The first polling interval, `14 + 1.01**0` s.
const POLL: Duration = Duration::from_secs(15);

fn polls(sh: &Shared, st: &BoxState) -> bool {
    sh.family() == Family::IotDrivers
        && st.spec.fault == Fault::IotProxyUnreachable
        && st.server_url.is_none()
        && !st.spec.access_point
        && st.up
}

fn log_unreachable(sh: &Shared, st: &mut BoxState) {
    let errno = match sh.flavour {
        Flavour::Linux => "[Errno -3] Temporary failure in name resolution",
        Flavour::Windows => "[Errno 11001] getaddrinfo failed",
    };
    let msg = format!(
        "Could not reach iot-proxy.odoo.com\nTraceback (most recent call last):\n  \
         File \"/home/pi/odoo/addons/iot_drivers/connection_manager.py\", in _call_iot_proxy\n    \
         req = requests.post(\nrequests.exceptions.ConnectionError: \
         HTTPSConnectionPool(host='iot-proxy.odoo.com', port=443): Max retries exceeded with url: \
         /odoo-enterprise/iot/connect-box (Caused by NameResolutionError(\"<urllib3.connection.\
         HTTPSConnection object at 0x7f3a2c1d5e80>: Failed to resolve 'iot-proxy.odoo.com' \
         ({errno})\"))"
    );
    st.log("ERROR", "odoo.addons.iot_drivers.connection_manager", &msg);
}

/// At Odoo start the thread registers (one call) and polls (a second call) at once.
pub fn on_odoo_start(sh: &Shared, st: &mut BoxState) {
    let up = st.up;
    st.up = true; // the thread starts with Odoo, before the listeners are marked up
    if polls(sh, st) {
        log_unreachable(sh, st);
        log_unreachable(sh, st);
    }
    st.up = up;
}

/// The polling loop, time-scaled; ends when the simulator shuts down.
pub fn spawn_polling(sh: &Arc<Shared>) -> JoinHandle<()> {
    let sh = sh.clone();
    let mut phase = sh.http_phase.subscribe();
    tokio::spawn(async move {
        let every = sh.scaled(POLL).max(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                changed = phase.changed() => {
                    if changed.is_err() || *phase.borrow() == Phase::Shutdown {
                        return;
                    }
                    continue;
                }
            }
            let mut st = sh.lock();
            if polls(&sh, &st) {
                log_unreachable(&sh, &mut st);
            }
        }
    })
}
