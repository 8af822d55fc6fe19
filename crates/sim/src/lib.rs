//! `iot-box-sim`: a simulated Odoo IoT box / Windows virtual IoT on loopback ports.
//!
//! It is a specification in code of `docs/protocol/odoo-iot-protocol.md` (ARCHITECTURE.md, "crates/sim":
//! a second, independent reading): routes, field names, exact strings, restarts, and certificate issuance by a
//! simulated odoo.com signing `*.<hash>.odoo-iot.com` leaves with a local test CA. It does not
//! depend on the client crates, so a misreading on either side shows up in tests.
//!
//! ```no_run
//! # async fn demo() -> Result<(), iot_box_sim::SimError> {
//! let sim = iot_box_sim::spawn(iot_box_sim::SimConfig::demo()).await?;
//! println!("box on http://{}", sim.http_addr());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod box_cert;
pub mod certs;
pub mod cli;
mod connection_manager;
mod control;
mod families;
mod helpers_variant;
mod http;
mod iot_release;
mod lifecycle;
mod manager_crash;
mod names;
mod nginx;
mod odoo_com;
mod odoo_com_standin;
mod scenario;
mod server;
mod shared;
mod slow;
mod state;
mod status_crash;
mod tls;
mod update_run;
mod werkzeug_io;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use box_cert::{
    ERR_CERT_READ, ERR_NO_CREDENTIAL, ERR_NO_RESULT, ERR_NO_SERVER, ERR_REQUEST_EXCEPTION,
    ERR_REQUEST_STATUS,
};
pub use certs::{CERT_HASH, PLACEHOLDER_CN};
pub use families::{help_anchor, parse_token};
pub use helpers_variant::HelpersVariant;
pub use iot_release::IotRelease;
pub use names::{Family, Flavour, UnknownName};
pub use odoo_com_standin::{spawn_odoo_com, OdooComStandIn, FILTER_CA_CN, ODOO_COM_HOST};
pub use scenario::Scenario;
pub use server::check_loopback;
pub use state::{AP_IP, DEMO_SERVER, FAKE_DB_UUID, FAKE_ENTERPRISE_CODE};
pub use update_run::UpdateRun;

use shared::{Phase, Shared};

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("refusing to bind {0}: the simulator only listens on loopback (127.0.0.0/8 or ::1)")]
    NonLoopback(SocketAddr),
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("certificate error: {0}")]
    Cert(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub family: Family,
    pub flavour: Flavour,
    pub scenario: Scenario,
    /// Odoo's plain HTTP port (8069 on a real box). Port 0 picks a free port.
    pub http: SocketAddr,
    /// nginx's TLS port (443 on a real box).
    pub https: Option<SocketAddr>,
    pub control: Option<SocketAddr>,
    /// How long the box is away during a restart or reboot.
    pub restart: Duration,
    /// HTTP status simulated odoo.com answers in `load-request-status`.
    pub http_status: u16,
    /// Write the test CA's PEM here at start-up.
    pub ca_out: Option<PathBuf>,
    /// Keep the CA, credentials, pairing and certificate here across runs.
    pub state_dir: Option<PathBuf>,
    /// Seed for MAC, identifier, hostname and pairing codes; default: the HTTP port.
    pub seed: Option<u64>,
    /// Real seconds per simulated second for the box's own waits (odoo.com timeouts, the 3 s
    /// sleep after a download, 19's 95 s retries). 1.0 is real time; tests use 0.01.
    pub time_scale: f64,
    /// Answer like Odoo's werkzeug server: headers and body in separate writes, no
    /// TCP_NODELAY (docs/protocol/speed.md).
    pub werkzeug_writes: bool,
    /// Paired boxes check out their database's branch at start-up: after the next restart the
    /// box comes back speaking this family (docs/protocol/restarts.md).
    pub branch_on_restart: Option<Family>,
    /// Which `load_certificate()` a 16.0 – saas-18.2 box runs.
    pub helpers: HelpersVariant,
    /// Which `iot_drivers` release an iot-drivers box runs: 19.0 or master (their
    /// `/iot_drivers/action` answers differ; docs/protocol/restarts.md).
    pub iot_release: IotRelease,
    /// nginx's plain-HTTP port (80 on a Pi): Odoo proxied (the LNA path, `http://<IP>/`) and
    /// `/odoo-logs/`, the autoindex of /var/log. Ignored on Windows, whose nginx has no port 80.
    pub nginx: Option<SocketAddr>,
    /// The identifier to report instead of the seeded one (a box copying another's).
    pub identifier: Option<String>,
    /// The MAC to report instead of the seeded one.
    pub mac: Option<String>,
    /// How far the box's clock runs ahead of the host's, in seconds (negative: behind). A Pi
    /// without NTP keeps a wrong time: its `Date` header, its log and its certificate checks
    /// (`now > notAfter - 10 d`, `tools/certificate.py` @371fe6a0) all use it.
    pub clock_offset_s: i64,
    /// A Pi's log rotates past this size (logrotate `size 100M copytruncate`, the image
    /// builder's `etc/logrotate.d/odoo` @43ffd53a); the Windows IoT never rotates. Tests set a
    /// few KB to see a rotation.
    pub log_rotate_bytes: usize,
    /// Windows 16.0 – saas-18.2: the restart after a download during a status read
    /// (`odoo_restart(0)`) wins the race with the read's answer, so the connection drops. The
    /// real box races; by default the answer arrives first, as Odoo's `restart()` intends
    /// (docs/protocol/status-reads.md "A restart during the read"). Tests of the client's
    /// following of a dropped read set it.
    pub restart_drops_download_answer: bool,
}

/// logrotate's `size 100M` in the Pi image builder (docs/protocol/logs.md "Rotation").
pub const ODOO_LOG_ROTATE_BYTES: usize = 100 * 1024 * 1024;

impl SimConfig {
    /// iot-drivers, linux, healthy, every listener on 127.0.0.1:0, 3 s restarts.
    pub fn demo() -> Self {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        SimConfig {
            family: Family::IotDrivers,
            flavour: Flavour::Linux,
            scenario: Scenario::Healthy,
            http: any,
            https: Some(any),
            control: Some(any),
            restart: Duration::from_millis(3000),
            http_status: 404,
            ca_out: None,
            state_dir: None,
            seed: None,
            time_scale: 1.0,
            werkzeug_writes: false,
            branch_on_restart: None,
            helpers: HelpersVariant::default(),
            iot_release: IotRelease::default(),
            nginx: None,
            identifier: None,
            mac: None,
            clock_offset_s: 0,
            log_rotate_bytes: ODOO_LOG_ROTATE_BYTES,
            restart_drops_download_answer: false,
        }
    }
}

/// Options for [`SimHandle::switch_scenario`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SwitchOptions {
    /// New odoo.com status for `load-request-status`; `None` keeps the current one.
    pub http_status: Option<u16>,
    /// Keep saved credentials, pairing and certificate; change only the environment.
    pub keep_state: bool,
}

/// See [`SimHandle::start_gate`].
#[derive(Clone)]
pub struct StartGate(Arc<watch::Sender<bool>>);

impl StartGate {
    pub fn hold(&self) {
        self.0.send_replace(true);
    }
    pub fn release(&self) {
        self.0.send_replace(false);
    }
}

pub struct SimHandle {
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
    nginx_addr: Option<SocketAddr>,
}

/// Start a simulated box. Every address must be loopback.
pub async fn spawn(cfg: SimConfig) -> Result<SimHandle, SimError> {
    for addr in [Some(cfg.http), cfg.https, cfg.control, cfg.nginx]
        .into_iter()
        .flatten()
    {
        server::check_loopback(addr)?;
    }
    let ca = match &cfg.state_dir {
        Some(dir) => certs::TestCa::load_or_create(dir)?,
        None => certs::TestCa::generate()?,
    };
    if let Some(path) = &cfg.ca_out {
        std::fs::write(path, ca.pem())?;
    }
    let http_l = server::bind(cfg.http)?;
    let https_l = cfg.https.map(server::bind).transpose()?;
    let control_l = cfg.control.map(server::bind).transpose()?;
    // A Windows IoT's nginx.conf (@899f12c3) listens on 443 only: no plain-HTTP server.
    let nginx_l = cfg
        .nginx
        .filter(|_| cfg.flavour != Flavour::Windows)
        .map(server::bind)
        .transpose()?;
    let nginx_addr = nginx_l.as_ref().map(|l| l.local_addr()).transpose()?;
    let http_addr = http_l.local_addr()?;
    let https_addr = https_l.as_ref().map(|l| l.local_addr()).transpose()?;
    let control_addr = control_l.as_ref().map(|l| l.local_addr()).transpose()?;

    // Two simulated boxes on one port but different loopback addresses are different boxes.
    let default_seed = match http_addr.ip() {
        std::net::IpAddr::V4(v4) => u64::from(u32::from(v4)) << 16 | u64::from(http_addr.port()),
        std::net::IpAddr::V6(_) => u64::from(http_addr.port()),
    };
    let mut id = state::Identity::new(cfg.seed.unwrap_or(default_seed), cfg.flavour);
    if let Some(identifier) = &cfg.identifier {
        id.identifier = identifier.clone();
    }
    if let Some(mac) = &cfg.mac {
        id.mac = mac.clone();
    }
    let mut st = state::BoxState::new(cfg.scenario, cfg.http_status, &ca, &id)?;
    st.warning_only = cfg.flavour == Flavour::Windows;
    st.log_rotate_bytes = (cfg.flavour == Flavour::Linux).then_some(cfg.log_rotate_bytes);
    st.clock_offset = time::Duration::seconds(cfg.clock_offset_s);
    if let Some(dir) = &cfg.state_dir {
        state::load(dir, &mut st, &id);
    }
    let (http_phase, http_rx) = watch::channel(Phase::Up(0));
    let (https_phase, https_rx) = watch::channel(Phase::Up(0));
    let sh = Arc::new(Shared {
        family_now: Shared::family_cell(cfg.family),
        next_family: Mutex::new(cfg.branch_on_restart),
        next_update: Mutex::new(None),
        iot_module_missing: std::sync::atomic::AtomicBool::new(false),
        time_scale: cfg.time_scale,
        werkzeug_writes: cfg.werkzeug_writes,
        requests: Mutex::new(Default::default()),
        flavour: cfg.flavour,
        helpers: cfg.helpers,
        iot_release: cfg.iot_release,
        restart: cfg.restart,
        restart_drops_download_answer: cfg.restart_drops_download_answer,
        state_dir: cfg.state_dir.clone(),
        ca,
        id,
        http_addr,
        https_addr,
        control_addr,
        state: Mutex::new(st),
        http_phase,
        https_phase,
        generation: AtomicU64::new(0),
        rt: tokio::runtime::Handle::current(),
        manager_gate: Arc::new(watch::channel(false).0),
        serving: Mutex::new(None),
    });
    {
        let mut st = sh.lock();
        lifecycle::boot_log(&sh, &mut st);
        // A real 18.3+ box already tried at its own start-up (odoo-iot-protocol.md §4.3), so a failing scenario
        // starts with those log lines. Scenarios where odoo.com would issue keep their initial
        // certificate (placeholder, expired…) until the first restart.
        let mut start_fx = shared::Effects::default();
        connection_manager::on_odoo_start(&sh, &mut st);
        if st.spec.nginx_fails
            || sh.family().uses_end_date()
                && (st.spec.odoo_com != scenario::OdooCom::Issue
                    || (st.spec.fault == scenario::Fault::DatabaseUnresolvable
                        && sh.family() == Family::IotDrivers))
        {
            box_cert::on_odoo_start(&sh, &mut st, &mut start_fx);
        }
        sh.persist(&st);
        drop(st);
        if start_fx.background_download {
            slow::spawn_background_download(&sh);
        }
    }
    // nginx refusing its certificate file does not run: its ports refuse from the start.
    let nginx_fails = sh.lock().nginx_refuses_file();
    if nginx_fails {
        sh.https_phase.send_replace(Phase::Down);
    }
    let mut tasks = vec![tokio::spawn(server::run_listener(
        sh.clone(),
        server::Kind::Http,
        http_addr,
        Some(http_l),
        http_rx,
    ))];
    if let (Some(l), Some(addr)) = (https_l, https_addr) {
        if !nginx_fails {
            sh.note_serving(); // the listener is bound already: it serves from now on
        }
        tasks.push(tokio::spawn(server::run_listener(
            sh.clone(),
            server::Kind::Https,
            addr,
            (!nginx_fails).then_some(l),
            https_rx,
        )));
    }
    tasks.push(connection_manager::spawn_polling(&sh));
    if let Some(l) = control_l {
        tasks.push(tokio::spawn(control::run_control(sh.clone(), l)));
    }
    let nginx_l = nginx_l.filter(|_| !nginx_fails);
    if let Some(l) = nginx_l {
        let phase = sh.http_phase.subscribe();
        tasks.push(tokio::spawn(nginx::run(sh.clone(), l, phase)));
    }
    Ok(SimHandle {
        shared: sh,
        tasks,
        nginx_addr,
    })
}

impl SimHandle {
    pub fn http_addr(&self) -> SocketAddr {
        self.shared.http_addr
    }
    pub fn https_addr(&self) -> Option<SocketAddr> {
        self.shared.https_addr
    }
    pub fn control_addr(&self) -> Option<SocketAddr> {
        self.shared.control_addr
    }
    /// nginx's plain-HTTP port (`/odoo-logs/`), when configured.
    pub fn nginx_addr(&self) -> Option<SocketAddr> {
        self.nginx_addr
    }
    pub fn family(&self) -> Family {
        self.shared.family()
    }
    pub fn flavour(&self) -> Flavour {
        self.shared.flavour
    }
    pub fn scenario(&self) -> Scenario {
        self.shared.lock().scenario
    }
    /// PEM of the local test CA that signs every `*.<hash>.odoo-iot.com` leaf.
    pub fn ca_pem(&self) -> String {
        self.shared.ca.pem().to_string()
    }
    /// PEM of the certificate the HTTPS port serves right now.
    pub fn served_cert_pem(&self) -> String {
        self.shared.lock().served().cert_pem.clone()
    }
    /// The dashed name a client should use for HTTPS: `127-0-0-1.<hash>.odoo-iot.com` (odoo-iot-protocol.md §6).
    pub fn https_hostname(&self) -> String {
        format!(
            "{}.{CERT_HASH}.odoo-iot.com",
            self.shared
                .http_addr
                .ip()
                .to_string()
                .replace(['.', ':'], "-")
        )
    }
    /// How many requests reached `path` on the box's HTTP and HTTPS ports.
    pub fn requests(&self, path: &str) -> u64 {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .copied()
            .unwrap_or(0)
    }
    /// At the next restart the box checks out `family`'s branch (a paired box only).
    pub fn switch_branch_on_restart(&self, family: Family) {
        *self
            .shared
            .next_family
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(family);
    }
    /// At the next start the box runs `run` (the weekly checkout or the Debian upgrade): it logs
    /// it, keeps answering for a while, then restarts or reboots and starts normally.
    pub fn update_on_restart(&self, run: UpdateRun) {
        *self
            .shared
            .next_update
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(run);
    }
    /// Runs the box's scheduled midnight certificate check now (docs/protocol/restarts.md).
    pub fn run_midnight_check(&self) {
        slow::midnight_check(&self.shared);
    }
    /// Holds or releases the `Manager` thread's start-up certificate work (18.3+
    /// `ensure_validity()`, a Windows IoT of 16.0 – saas-18.2 `get_certificate_status()`), so a
    /// test can read the box between its return and its certificate download.
    pub fn start_gate(&self) -> StartGate {
        StartGate(self.shared.manager_gate.clone())
    }
    /// The box's Odoo log as its log routes serve it.
    pub fn logs(&self) -> String {
        self.shared.lock().logs.join("\n")
    }
    pub fn is_up(&self) -> bool {
        self.shared.lock().up
    }
    /// Same JSON as the control endpoint's `GET /state`.
    pub fn state(&self) -> serde_json::Value {
        control::state_json(&self.shared)
    }
    /// Switch to `s`, resetting the box to that scenario's initial state.
    pub fn set_scenario(&self, s: Scenario) {
        if let Err(e) = self.switch_scenario(s, SwitchOptions::default()) {
            eprintln!("iot-box-sim: scenario switch failed: {e}");
        }
    }
    pub fn switch_scenario(&self, s: Scenario, opts: SwitchOptions) -> Result<(), SimError> {
        control::switch(&self.shared, s, opts.http_status, opts.keep_state)
    }
    /// Restart the simulated Odoo now (as `restart_odoo_service` would, without the request).
    pub fn restart(&self) {
        lifecycle::schedule_restart(
            &self.shared,
            shared::Restart {
                delay: Duration::ZERO,
                reboot: false,
            },
        );
    }
    pub async fn shutdown(mut self) {
        self.stop();
        for t in self.tasks.drain(..) {
            let _ = tokio::time::timeout(Duration::from_secs(2), t).await;
        }
    }
    fn stop(&self) {
        self.shared.http_phase.send_replace(Phase::Shutdown);
        self.shared.https_phase.send_replace(Phase::Shutdown);
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.stop();
    }
}
