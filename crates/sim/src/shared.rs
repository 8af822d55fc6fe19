//! State shared by the listeners, the route handlers and the lifecycle tasks.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;

use crate::certs::TestCa;
use crate::names::{Family, Flavour};
use crate::state::{self, BoxState, Identity, AP_IP};

/// Whether a listener should accept connections. `Up(n)`: a new `n` drops open connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Up(u64),
    Down,
    Shutdown,
}

/// Odoo restarts itself after answering (odoo-iot-protocol.md §7.2: "Every save route answers first").
#[derive(Debug, Clone, Copy)]
pub struct Restart {
    /// `odoo_restart(<delay>)` of the route (odoo-iot-protocol.md §7.3).
    pub delay: Duration,
    /// A reboot rather than a service restart (§7.3); same simulated down time.
    pub reboot: bool,
}

/// Side effects a handler asks for; applied after its answer is sent.
#[derive(Debug, Default, Clone, Copy)]
pub struct Effects {
    pub restart: Option<Restart>,
    /// `sudo service nginx restart` after a certificate is written on the Pi (odoo-iot-protocol.md §4.4).
    pub nginx_reload: bool,
    /// Time the real box spends before its answer leaves (odoo.com without a timeout, the
    /// 3 s sleep after writing the files, nginx restarting): already time-scaled.
    pub answer_delay: Duration,
    /// The box restarts while answering (Windows `odoo_restart(0)` after a download): the
    /// connection drops, no answer arrives.
    pub drop_answer: bool,
    /// Start-up download that keeps retrying in the background (iot_drivers: 6 × 95 s).
    pub background_download: bool,
}

impl Effects {
    pub fn restart_after(secs: u64) -> Self {
        Effects {
            restart: Some(Restart {
                delay: Duration::from_secs(secs),
                reboot: false,
            }),
            ..Effects::default()
        }
    }
    pub fn reboot() -> Self {
        Effects {
            restart: Some(Restart {
                delay: Duration::ZERO,
                reboot: true,
            }),
            ..Effects::default()
        }
    }
    pub fn merge(&mut self, other: Effects) {
        self.restart = self.restart.or(other.restart);
        self.nginx_reload |= other.nginx_reload;
        self.answer_delay += other.answer_delay;
        self.drop_answer |= other.drop_answer;
        self.background_download |= other.background_download;
    }
}

pub struct Shared {
    /// The API family the box's code speaks now; a branch switch at restart changes it
    /// (docs/protocol/restarts.md). Read with [`Shared::family`].
    pub(crate) family_now: AtomicU8,
    /// Family the box checks out at its next restart (`check_git_branch`), if any.
    pub next_family: Mutex<Option<Family>>,
    /// The update the box runs at its next start (`update_run`), if any.
    pub next_update: Mutex<Option<crate::update_run::UpdateRun>>,
    /// A Windows IoT on a branch without `iot_drivers`: Odoo runs without its IoT module
    /// (`families/odoo_only.rs`).
    pub iot_module_missing: std::sync::atomic::AtomicBool,
    /// Real seconds per simulated second (0.01: a 120 s block lasts 1.2 s).
    pub time_scale: f64,
    /// Write answers as Odoo's werkzeug server does: headers and body in separate writes,
    /// no TCP_NODELAY (docs/protocol/speed.md).
    pub werkzeug_writes: bool,
    /// Requests received per path on the HTTP and HTTPS ports, for tests that count reads.
    pub requests: Mutex<BTreeMap<String, u64>>,
    pub flavour: Flavour,
    pub helpers: crate::helpers_variant::HelpersVariant,
    pub iot_release: crate::iot_release::IotRelease,
    pub restart: Duration,
    /// See `SimConfig::restart_drops_download_answer`.
    pub restart_drops_download_answer: bool,
    pub state_dir: Option<PathBuf>,
    pub ca: TestCa,
    pub id: Identity,
    pub http_addr: SocketAddr,
    pub https_addr: Option<SocketAddr>,
    pub control_addr: Option<SocketAddr>,
    pub state: Mutex<BoxState>,
    pub http_phase: watch::Sender<Phase>,
    pub https_phase: watch::Sender<Phase>,
    /// Source of `Phase::Up(n)` numbers.
    pub generation: AtomicU64,
    /// Runtime the simulator was spawned on, so sync API calls can schedule work.
    pub rt: tokio::runtime::Handle,
    /// While `true`, the `Manager` thread's start-up certificate work waits (tests only).
    pub manager_gate: std::sync::Arc<watch::Sender<bool>>,
    /// Since when the HTTPS port serves its present certificate (control `GET /state`), so a
    /// benchmark can time how soon a client sees a new one (bench/valid-after-serve.sh).
    pub serving: Mutex<Option<Serving>>,
}

/// The certificate the HTTPS listener serves and the wall-clock instant it (re)opened with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serving {
    pub fingerprint: String,
    /// Milliseconds since the Unix epoch (the benchmark compares it with its own clock).
    pub since_unix_ms: u64,
}

impl Shared {
    pub fn family_cell(family: Family) -> AtomicU8 {
        AtomicU8::new(Family::all().iter().position(|f| *f == family).unwrap_or(0) as u8)
    }

    pub fn family(&self) -> Family {
        Family::all()[usize::from(self.family_now.load(Ordering::SeqCst))]
    }

    pub fn iot_module_missing(&self) -> bool {
        self.iot_module_missing.load(Ordering::SeqCst)
    }

    pub fn set_family(&self, family: Family) {
        self.family_now.store(
            Family::all().iter().position(|f| *f == family).unwrap_or(0) as u8,
            Ordering::SeqCst,
        );
    }

    /// A duration of the real box, scaled for tests and demos.
    pub fn scaled(&self, real: Duration) -> Duration {
        real.mul_f64(self.time_scale.max(0.0))
    }

    /// The HTTPS listener accepts again: remember when a certificate other than the last
    /// one recorded started being served.
    pub fn note_serving(&self) {
        let st = self.lock();
        self.note_serving_of(&st);
    }

    /// [`Shared::note_serving`] with the state already locked: what nginx presents from the
    /// next handshake on (a certificate just written only once nginx reloaded).
    pub fn note_serving_of(&self, st: &BoxState) {
        let fingerprint = st.served().fingerprint();
        let mut serving = self.serving.lock().unwrap_or_else(|e| e.into_inner());
        if serving
            .as_ref()
            .is_some_and(|s| s.fingerprint == fingerprint)
        {
            return;
        }
        let since_unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        *serving = Some(Serving {
            fingerprint,
            since_unix_ms,
        });
    }

    pub fn count_request(&self, path: &str) {
        let mut counts = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *counts.entry(path.to_owned()).or_default() += 1;
    }

    pub fn lock(&self) -> MutexGuard<'_, BoxState> {
        // A panicking handler must not wedge the simulator: keep using the data.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Write credentials, pairing and certificate to `--state-dir` (odoo-iot-protocol.md §7.2 storage).
    pub fn persist(&self, st: &BoxState) {
        if let Some(dir) = &self.state_dir {
            if let Err(e) = state::save(dir, st) {
                eprintln!("iot-box-sim: cannot save state: {e}");
            }
        }
    }

    /// The `ip` the box reports: the listener's IP, or 10.11.12.1 in AP mode (odoo-iot-protocol.md §9.3).
    pub fn reported_ip(&self, st: &BoxState) -> String {
        if st.spec.access_point {
            AP_IP.to_string()
        } else {
            self.http_addr.ip().to_string()
        }
    }

    /// Version strings (odoo-iot-protocol.md §8.2): 16.0 raw image version / `W22_11`; later `L<yy.mm>` / `W23.11`.
    pub fn version(&self) -> &'static str {
        match (self.family(), self.flavour) {
            (Family::LegacyHtml, Flavour::Linux) => "22.11",
            (Family::LegacyHtml, Flavour::Windows) => "W22_11",
            (_, Flavour::Windows) => "W23.11",
            (Family::HwPosboxStatus, Flavour::Linux) => "L24.10",
            (Family::HwPosboxEndDate, Flavour::Linux) => "L25.04",
            (Family::IotDrivers, Flavour::Linux) => "L25.10",
        }
    }

    /// `http://<ip>:<port>`, used in meta-refresh answers. Real boxes say `:8069`; the simulator
    /// names its own port so a browser demo keeps working.
    pub fn base_url(&self, st: &BoxState) -> String {
        format!("http://{}:{}", self.reported_ip(st), self.http_addr.port())
    }
}
