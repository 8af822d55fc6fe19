//! Up / down / restart. A restart (odoo-iot-protocol.md §7.2, §7.3) answers first, then both listeners go down for
//! the configured time, then Odoo "starts": the listeners come back and the start-up certificate
//! logic runs (§4.1, §4.3; a Pi of 16.0 – saas-18.2 before they return, elsewhere in the
//! `Manager` thread). A certificate download on the Pi reloads nginx; on Windows it restarts
//! Odoo again (odoo-iot-protocol.md §4.4 "applied by").

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::box_cert;
use crate::shared::{Effects, Phase, Restart, Shared};

/// Time for an answer to reach the client before a `odoo_restart(0)` takes the box down.
/// The real box races (odoo-iot-protocol.md §7.2); the simulator lets the answer through, deterministically.
const ANSWER_GRACE: Duration = Duration::from_millis(150);
/// How long nginx is away during `service nginx restart` [simulator's choice].
const NGINX_RELOAD: Duration = Duration::from_millis(100);

/// Set a phase unless the simulator is shutting down.
pub fn set_phase(tx: &watch::Sender<Phase>, p: Phase) {
    tx.send_if_modified(|cur| {
        if *cur == Phase::Shutdown || *cur == p {
            return false;
        }
        *cur = p;
        true
    });
}

fn next_up(sh: &Shared) -> Phase {
    Phase::Up(sh.generation.fetch_add(1, Ordering::SeqCst) + 1)
}

/// Apply a handler's side effects after its answer is on its way.
pub fn apply_effects(sh: &Arc<Shared>, fx: Effects) {
    if let Some(r) = fx.restart {
        schedule_restart(sh, r);
    } else if fx.nginx_reload {
        nginx_reload(sh);
    }
}

pub fn schedule_restart(sh: &Arc<Shared>, r: Restart) {
    let sh2 = sh.clone();
    sh.rt.spawn(async move {
        tokio::time::sleep(r.delay + ANSWER_GRACE).await;
        restart(&sh2, r.reboot).await;
    });
}

/// Drop HTTPS connections briefly so clients see the new certificate (odoo-iot-protocol.md §4.4 Pi).
pub fn nginx_reload(sh: &Arc<Shared>) {
    let sh = sh.clone();
    let rt = sh.rt.clone();
    rt.spawn(async move {
        tokio::time::sleep(ANSWER_GRACE).await;
        if !matches!(*sh.https_phase.borrow(), Phase::Up(_)) || sh.lock().nginx_refuses_file() {
            return; // down or shutting down: it will come back with the new certificate anyway
        }
        set_phase(&sh.https_phase, Phase::Down);
        {
            let mut st = sh.lock();
            st.nginx_cert = Some(st.cert.clone()); // the file as it is now
        }
        tokio::time::sleep(NGINX_RELOAD).await;
        if *sh.https_phase.borrow() == Phase::Down && sh.lock().up {
            set_phase(&sh.https_phase, next_up(&sh));
        }
    });
}

/// nginx refuses its certificate file: the HTTPS port refuses (`cert-file-damaged`).
pub fn nginx_stopped(sh: &Arc<Shared>) {
    set_phase(&sh.https_phase, Phase::Down);
}

/// nginx runs again (the scenario switched away from a damaged file).
pub fn nginx_started(sh: &Arc<Shared>) {
    set_phase(&sh.https_phase, next_up(sh));
}

/// Restart Odoo (or reboot). Returns false when a restart was already in progress.
pub async fn restart(sh: &Arc<Shared>, reboot: bool) -> bool {
    {
        let mut st = sh.lock();
        if st.restarting {
            return false;
        }
        st.restarting = true;
        st.up = false;
        let what = if reboot {
            "Rebooting the IoT box"
        } else {
            "Restarting Odoo service"
        };
        st.log("INFO", "odoo.service.server", what);
    }
    set_phase(&sh.http_phase, Phase::Down);
    set_phase(&sh.https_phase, Phase::Down);
    tokio::time::sleep(sh.restart).await;
    if *sh.http_phase.borrow() == Phase::Shutdown {
        return true;
    }
    let checkout = {
        let mut st = sh.lock();
        check_git_branch(sh, &mut st)
    };
    if let Some(family) = checkout {
        // `check_git_branch` ends with `odoo_restart()`: the other branch's code starts next.
        // [simulator's choice: the old code's short time up in between is not modelled]
        sh.lock().boots += 1;
        tokio::time::sleep(sh.restart).await;
        sh.set_family(family);
        // Windows loads `server_wide_modules iot_drivers,web`: an older branch has no
        // iot_drivers, so Odoo starts without its IoT module (`families/odoo_only.rs`).
        if sh.flavour == crate::names::Flavour::Windows
            && family != crate::names::Family::IotDrivers
        {
            sh.iot_module_missing
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
    let mut fx = Effects::default();
    {
        let mut st = sh.lock();
        st.boots += 1;
        // nginx is started again with Odoo (odoo-iot-protocol.md §7.3 "restart nginx"): it loads
        // the file as it is now and keeps serving that until its next restart, also when the
        // start-up below writes a new certificate (then `nginx_reload` switches to the file).
        st.nginx_cert = Some(st.cert.clone());
        st.odoo_started = Instant::now();
        if reboot {
            st.system_started = st.odoo_started;
        }
        // A pairing accepted before the restart (`_connect_to_server` saved the server and the
        // credentials, then `odoo_restart(2)`) is in effect from this start.
        if let Some(url) = st.new_database_url.take() {
            st.server_url = Some(url);
            st.token = Some("SIMULATEDTOKEN".into());
            st.db_uuid = Some(crate::state::FAKE_DB_UUID.into());
            st.enterprise_code = Some(crate::state::FAKE_ENTERPRISE_CODE.into());
            sh.persist(&st);
        }
        st.refresh_pairing_code(&sh.id);
        boot_log(sh, &mut st);
        crate::connection_manager::on_odoo_start(sh, &mut st);
        // A Pi of 16.0 – saas-18.2: the start-up check is done before the listeners return, so
        // the first read after a restart already reflects it [simulator's choice: Odoo runs it
        // in the `Manager` thread, but the status read runs the same check itself]. A Windows
        // IoT of these versions and 18.3+: see `manager_start`. Without its IoT module none of
        // it runs.
        if !checks_in_manager(sh) && !sh.iot_module_missing() {
            box_cert::on_odoo_start(sh, &mut st, &mut fx);
        }
        st.up = true;
        st.restarting = false;
    }
    let up = next_up(sh);
    set_phase(&sh.http_phase, up);
    // nginx refusing its certificate file stays down: 443 keeps refusing.
    if !sh.lock().nginx_refuses_file() {
        set_phase(&sh.https_phase, up);
    }
    // An update at start-up keeps the `Manager` thread busy until it restarts the box.
    if checks_in_manager(sh)
        && !sh.iot_module_missing()
        && !(sh.family().uses_end_date() && crate::update_run::start(sh))
    {
        manager_start(sh);
    }
    start_effects(sh, fx);
    true
}

fn start_effects(sh: &Arc<Shared>, fx: Effects) {
    if fx.background_download {
        crate::slow::spawn_background_download(sh);
    }
    if let Some(r) = fx.restart {
        schedule_restart(sh, r); // Windows: writing the certificate restarts Odoo (§4.4)
    } else if fx.nginx_reload {
        nginx_reload(sh);
    }
}

/// How long the `Manager` thread works before its certificate check has an answer: `service
/// nginx restart`, `check_git_branch()`, the request to odoo.com [simulator's choice: about
/// 2 s, as seen on a Pi; the Windows IoT's `nginx.exe` launch is taken as the same].
const MANAGER_WORK: Duration = Duration::from_secs(2);

/// Whether this box's start-up certificate check runs in the `Manager` thread while Odoo
/// answers (`manager_start`): 18.3+ everywhere, and a Windows IoT of 16.0 – saas-18.2, whose
/// check restarts Odoo after a download (`odoo_restart(0)`), so a looping box answers between
/// its restarts as the real one does.
fn checks_in_manager(sh: &Shared) -> bool {
    sh.family().uses_end_date() || sh.flavour == crate::names::Flavour::Windows
}

/// The `Manager` thread's start-up certificate check while Odoo already answers HTTP: 18.3+
/// `ensure_validity()` (`addons/iot_drivers/main.py` @aa3796d1), a Windows IoT of 16.0 –
/// saas-18.2 `get_certificate_status()` after `start_nginx_server()` (`addons/hw_drivers/main.py`
/// @f0bb044b; `check_git_branch()` is Linux-only there). A client that reads the box as soon as
/// it is back sees the state before the check (18.3+: no certificate yet and only the earlier
/// runs' log lines; 16.0 – saas-18.2: its own read runs the check). A test can hold this work
/// (`SimHandle::start_gate`) to look at the box in that moment.
fn manager_start(sh: &Arc<Shared>) {
    let sh = sh.clone();
    let boot = sh.lock().boots;
    let mut gate = sh.manager_gate.subscribe();
    sh.rt.clone().spawn(async move {
        tokio::time::sleep(sh.scaled(MANAGER_WORK)).await;
        if gate.wait_for(|held| !*held).await.is_err() {
            return;
        }
        let mut fx = Effects::default();
        {
            let mut st = sh.lock();
            if st.boots != boot || !st.up {
                return; // restarted meanwhile: that run does its own start-up work
            }
            box_cert::on_odoo_start(&sh, &mut st, &mut fx);
        }
        start_effects(&sh, fx);
    });
}

/// A paired box checks out its database's branch at start-up and restarts when it differs
/// (`check_git_branch`, `addons/hw_drivers/tools/helpers.py` @a1926979, Linux only in
/// `hw_drivers/main.py` @f0bb044b; iot_drivers `main.py` @aa3796d1 on any OS, `tools/upgrade.py`
/// @11ecf379): it then speaks that branch's API family (docs/protocol/restarts.md).
fn check_git_branch(sh: &Shared, st: &mut crate::state::BoxState) -> Option<crate::names::Family> {
    let any_os = sh.family() == crate::names::Family::IotDrivers;
    if st.server_url.is_none()
        || sh.iot_module_missing()
        || (sh.flavour != crate::names::Flavour::Linux && !any_os)
    {
        return None;
    }
    let next = sh
        .next_family
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    let next = next.filter(|f| *f != sh.family())?;
    let branch = |f: crate::names::Family| match f {
        crate::names::Family::LegacyHtml => "16.0",
        crate::names::Family::HwPosboxStatus => "18.0",
        crate::names::Family::HwPosboxEndDate => "saas-18.3",
        crate::names::Family::IotDrivers => "19.0",
    };
    let logger = if any_os {
        "odoo.addons.iot_drivers.tools.upgrade"
    } else {
        "odoo.addons.hw_drivers.tools.helpers"
    };
    let msg = format!(
        "Current IoT Box local git branch: {} / Associated Odoo database's git branch: {}",
        branch(sh.family()),
        branch(next)
    );
    st.log("INFO", logger, &msg);
    st.log(
        "INFO",
        logger,
        &format!("Updating odoo folder to the branch {}", branch(next)),
    );
    st.log("INFO", "odoo.service.server", "Restarting Odoo service");
    Some(next)
}

pub fn boot_log(sh: &Shared, st: &mut crate::state::BoxState) {
    st.log(
        "INFO",
        "odoo",
        &format!("Odoo IoT ({}) {} starting", sh.family(), sh.version()),
    );
    st.log(
        "INFO",
        "odoo.service.server",
        "HTTP service (werkzeug) running on 0.0.0.0:8069",
    );
}
