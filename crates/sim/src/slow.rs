//! The box's own waits, time-scaled (`SimConfig::time_scale`): how long a status read blocks
//! while the box talks to odoo.com, and the background retries of 18.3+ at start-up
//! (docs/protocol/status-reads.md, docs/protocol/restarts.md).
//! * urllib3 boxes (16.0 – 18.0, `addons/hw_drivers/tools/helpers.py` @a1926979):
//!   `PoolManager(retries=Retry(4))` with no timeout: against a dropping firewall, five
//!   connection attempts, each ending at the OS connect timeout.
//! * requests boxes (saas-18.1/18.2, same file @02ece93a; saas-18.3
//!   `addons/hw_drivers/tools/certificate.py`): `timeout=5`, one attempt.
//! * iot_drivers (`addons/iot_drivers/tools/certificate.py` @371fe6a0): `timeout=95`, up to
//!   six attempts, a warning after each, then "Maximum attempt … reached".
//! * every hw_* download: `time.sleep(3)` after writing the files, then (Pi) `sudo service
//!   nginx restart` before answering, or (Windows) `odoo_restart(0)` while answering (the
//!   answer first, unless `SimConfig::restart_drops_download_answer`).

use std::sync::Arc;
use std::time::Duration;

use crate::box_cert;
use crate::names::{Family, Flavour};
use crate::scenario::{Fault, OdooCom};
use crate::shared::{Effects, Shared};
use crate::state::cert_logger;

/// Linux gives up a TCP connect after 127 s (`tcp_syn_retries` = 6); Windows after about 21 s.
fn os_connect_timeout(flavour: Flavour) -> Duration {
    match flavour {
        Flavour::Linux => Duration::from_secs(127),
        Flavour::Windows => Duration::from_secs(21),
    }
}

/// How long one call to a dropping odoo.com blocks the status read, and the exception text the
/// box then shows after `ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION`.
pub fn dropped_call(sh: &Shared, fault: Fault) -> (Duration, String) {
    let object = "<urllib3.connection.HTTPSConnection object at 0x7f3a2c1d5e80>";
    if fault == Fault::RequestsClient {
        return (
            Duration::from_secs(5),
            format!(
                "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
                 /odoo-enterprise/iot/x509 (Caused by ConnectTimeoutError({object}, \
                 'Connection to www.odoo.com timed out. (connect timeout=5)'))"
            ),
        );
    }
    (
        os_connect_timeout(sh.flavour) * 5,
        format!(
            "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
             /odoo-enterprise/iot/x509 (Caused by NewConnectionError('{object}: Failed to \
             establish a new network connection: [Errno 110] Connection timed out'))"
        ),
    )
}

/// After a hw_* download has written the files: the 3 s sleep, then nginx restarts before the
/// answer (Pi) or Odoo restarts while answering (Windows). On Windows `odoo_restart(0)` and the
/// read's answer race: Odoo's `restart()` runs `_reexec` in a thread "to let the current thread
/// return response to the caller" (`odoo/service/server.py`), so the answer arrives first unless
/// a test makes the restart win (`SimConfig::restart_drops_download_answer`).
pub fn after_download(sh: &Shared, fx: &mut Effects) {
    fx.answer_delay += sh.scaled(Duration::from_secs(3));
    match sh.flavour {
        // `service nginx restart` takes about a second [simulator's choice].
        Flavour::Linux => fx.answer_delay += sh.scaled(Duration::from_secs(1)),
        Flavour::Windows => fx.drop_answer = sh.restart_drops_download_answer,
    }
}

/// 18.3+ start-up download against a dropping firewall, in the background as on the box
/// (Odoo answers HTTP meanwhile): 18.3 one 5 s attempt; iot_drivers six 95 s attempts.
pub fn spawn_background_download(sh: &Arc<Shared>) {
    let sh2 = sh.clone();
    let boot = sh.lock().boots;
    sh.rt.spawn(async move {
        let family = sh2.family();
        let logger = cert_logger(family);
        let (attempts, timeout) = match family {
            Family::IotDrivers => (6, 95),
            _ => (1, 5),
        };
        let text = |t: u64| {
            format!(
                "HTTPSConnectionPool(host='www.odoo.com', port=443): Max retries exceeded with url: \
                 /odoo-enterprise/iot/x509 (Caused by ConnectTimeoutError(<urllib3.connection.\
                 HTTPSConnection object at 0x7f3a2c1d5e80>, 'Connection to www.odoo.com timed out. \
                 (connect timeout={t})'))"
            )
        };
        for attempt in 1..=attempts {
            tokio::time::sleep(sh2.scaled(Duration::from_secs(timeout))).await;
            let mut st = sh2.lock();
            if st.boots != boot || st.spec.odoo_com != OdooCom::Dropped {
                return; // restarted, or the firewall was fixed: this attempt never ends here
            }
            st.odoo_com_calls += 1;
            if family == Family::IotDrivers {
                let msg = format!(
                    "An error occurred while trying to reach odoo.com to get a new certificate: {}",
                    text(timeout)
                );
                st.log("WARNING", logger, &msg);
                if attempt == attempts {
                    let msg = format!(
                        "Maximum attempt to download the odoo.com certificate reached\n\
                         Traceback (most recent call last):\n  File \"/home/pi/odoo/addons/iot_drivers/\
                         tools/certificate.py\", in download_odoo_certificate\n\
                         requests.exceptions.ConnectTimeout: {}",
                        text(timeout)
                    );
                    st.log("ERROR", logger, &msg);
                }
            } else {
                let msg = format!(
                    "An error occurred while trying to reach odoo.com\nTraceback (most recent call last):\n  \
                     File \"/home/pi/odoo/addons/hw_drivers/tools/certificate.py\", in download_odoo_certificate\n\
                     requests.exceptions.ConnectTimeout: {}",
                    text(timeout)
                );
                st.log("ERROR", logger, &msg);
            }
        }
    });
}

/// The scheduled 00:00 check (`schedule.every().day.at("00:00")`): hw_* run
/// `get_certificate_status`, 18.3+ `ensure_validity` (`addons/hw_drivers/main.py` @f0bb044b,
/// `addons/iot_drivers/main.py` @00067bed).
pub fn midnight_check(sh: &Arc<Shared>) {
    let mut fx = Effects::default();
    {
        let mut st = sh.lock();
        box_cert::midnight_check(sh, &mut st, &mut fx);
    }
    if fx.background_download {
        spawn_background_download(sh);
    }
    crate::lifecycle::apply_effects(sh, fx);
}
