//! The box's mutable state: what `odoo.conf` / the conf files and the nginx certificate files
//! would hold on a real box (odoo-iot-protocol.md §4.4, §7.2), plus simulator bookkeeping.

use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::certs::{self, ServedCert, TestCa};
use crate::names::{Family, Flavour};
use crate::scenario::{Fault, InitialCert, Scenario, ScenarioSpec};
use crate::SimError;

/// Fake but well-formed credentials: never real ones (README "Never log enterprise_code").
pub const FAKE_DB_UUID: &str = "5e1f3c2a-7b4d-4c8e-9f10-51a7e0d15eed";
pub const FAKE_ENTERPRISE_CODE: &str = "M2211SIMULATED";
pub const DEMO_SERVER: &str = "https://demo-shop.odoo.com";
/// The IP a box has in Wi-Fi access-point mode (odoo-iot-protocol.md §9.3). Reported, never bound.
pub const AP_IP: &str = "10.11.12.1";

/// Values fixed for one run, derived from a seed (MAC, identifier, hostname, pairing code).
#[derive(Clone, Debug)]
pub struct Identity {
    pub seed: u64,
    pub mac: String,
    pub identifier: String,
    pub hostname: String,
}

/// splitmix64: enough randomness for fake identifiers without a dependency.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d049bb133111eb);
    x ^ (x >> 31)
}

impl Identity {
    pub fn new(seed: u64, flavour: Flavour) -> Self {
        let a = mix(seed);
        let b = mix(a);
        let m = a.to_be_bytes();
        // odoo-iot-protocol.md §8.1: the MAC is `aa:bb:cc:dd:ee:ff`; OUIs of a Pi and of a Hyper-V NIC.
        let oui = match flavour {
            Flavour::Linux => "b8:27:eb",
            Flavour::Windows => "00:15:5d",
        };
        let mac = format!("{oui}:{:02x}:{:02x}:{:02x}", m[0], m[1], m[2]);
        // odoo-iot-protocol.md §8.1: Pi serial number (hex) vs Windows motherboard UUID.
        let identifier = match flavour {
            Flavour::Linux => format!("10000000{:08x}", (b >> 32) as u32),
            Flavour::Windows => format!(
                "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
                (a >> 32) as u32,
                (a >> 16) as u16,
                a as u16,
                (b >> 48) as u16,
                b & 0xffff_ffff_ffff
            ),
        };
        let hostname = match flavour {
            Flavour::Linux => "iotbox".to_string(),
            Flavour::Windows => format!("DESKTOP-{:07X}", b & 0xfff_ffff),
        };
        Identity {
            seed,
            mac,
            identifier,
            hostname,
        }
    }

    /// A fresh pairing code per Odoo start (odoo-iot-protocol.md §7.1): the format is not documented, so 6 chars.
    pub fn pairing_code(&self, boot: u32) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut x = mix(self.seed ^ (u64::from(boot) << 40) ^ 0x9a17);
        (0..6)
            .map(|_| {
                x = mix(x);
                ALPHABET[(x % ALPHABET.len() as u64) as usize] as char
            })
            .collect()
    }
}

pub struct BoxState {
    pub scenario: Scenario,
    pub spec: ScenarioSpec,
    /// Status the simulated odoo.com answers in `load-request-status` (odoo-iot-protocol.md §4.2).
    pub http_status: u16,
    pub server_url: Option<String>,
    /// `connection_manager.new_database_url`: pairing accepted, applied at the next start.
    pub new_database_url: Option<String>,
    pub token: Option<String>,
    pub db_uuid: Option<String>,
    pub enterprise_code: Option<String>,
    /// `[iot.box] subject` / `odoo-subject.conf`: the saved `subject_cn` (odoo-iot-protocol.md §4.4, §6).
    pub subject: Option<String>,
    pub pairing_code: Option<String>,
    pub cert: ServedCert,
    /// What nginx serves when it is not the file (`None`): what it loaded at its last start
    /// (a certificate written since is served only after its reload), or a scenario's
    /// (`stale-nginx`, another subject, a foreign name).
    pub nginx_cert: Option<ServedCert>,
    pub odoo_started: Instant,
    pub system_started: Instant,
    /// The current `odoo-server.log`: every run's records since the last rotation.
    pub logs: Vec<String>,
    /// `odoo-server.log.1`: what the last rotation copied away (`rotate_log`).
    pub rotated_logs: Vec<String>,
    /// The current log's size in bytes, as logrotate's `size` sees it.
    pub log_bytes: usize,
    /// Rotate past this size (a Pi: `size 100M`, `SimConfig::log_rotate_bytes`); `None`: never
    /// (the Windows IoT has no logrotate).
    pub log_rotate_bytes: Option<usize>,
    pub up: bool,
    pub restarting: bool,
    pub boots: u32,
    pub odoo_com_calls: u32,
    pub downloads: u32,
    /// `nginx-cert.crt` holds garbage (scenario `cert-file-corrupt`) until a download
    /// rewrites it.
    pub cert_file_damaged: bool,
    /// Every contract code a request brought to the box, in order (test evidence, never
    /// persisted; `GET /received-codes` on the control port).
    pub received_codes: Vec<String>,
    /// The Windows installer configures `log_handler :WARNING` and `log_level warn`
    /// (`setup/win32/setup-iot.nsi` @93eacabd): DEBUG and INFO records are never written.
    pub warning_only: bool,
    /// The box's clock minus the host's (`--clock-offset`).
    pub clock_offset: time::Duration,
}

impl BoxState {
    pub fn new(
        scenario: Scenario,
        http_status: u16,
        ca: &TestCa,
        id: &Identity,
    ) -> Result<Self, SimError> {
        let now = Instant::now();
        let mut st = BoxState {
            scenario,
            spec: scenario.spec(),
            http_status,
            server_url: None,
            new_database_url: None,
            token: None,
            db_uuid: None,
            enterprise_code: None,
            subject: None,
            pairing_code: None,
            cert: certs::placeholder()?,
            nginx_cert: None,
            odoo_started: now,
            system_started: now,
            logs: Vec::new(),
            rotated_logs: Vec::new(),
            log_bytes: 0,
            log_rotate_bytes: None,
            received_codes: Vec::new(),
            up: true,
            restarting: false,
            boots: 0,
            odoo_com_calls: 0,
            downloads: 0,
            cert_file_damaged: false,
            warning_only: false,
            clock_offset: time::Duration::ZERO,
        };
        st.reset_to(scenario, http_status, ca, id)?;
        Ok(st)
    }

    /// Put the box in the scenario's initial state (credentials, pairing, certificate).
    pub fn reset_to(
        &mut self,
        scenario: Scenario,
        http_status: u16,
        ca: &TestCa,
        id: &Identity,
    ) -> Result<(), SimError> {
        let spec = scenario.spec();
        self.set_environment(scenario, http_status);
        self.server_url = spec.paired.then(|| DEMO_SERVER.to_string());
        self.new_database_url = spec.pairing_accepted.then(|| DEMO_SERVER.to_string());
        self.token = spec.paired.then(|| "SIMULATEDTOKEN".to_string());
        self.db_uuid = spec.credentials.then(|| FAKE_DB_UUID.to_string());
        self.enterprise_code =
            (spec.credentials && !spec.uuid_only).then(|| FAKE_ENTERPRISE_CODE.to_string());
        self.cert = match spec.cert {
            InitialCert::Valid => ca.issue_fresh()?,
            InitialCert::Placeholder => certs::placeholder()?,
            InitialCert::Expired => ca.issue_expired()?,
            InitialCert::RenewalDue => ca.issue_renewal_due()?,
        };
        self.subject = (!self.cert.is_placeholder()).then(|| self.cert.cn.clone());
        // nginx loaded the file at its start (a certificate written later waits for its reload).
        self.nginx_cert = Some(if spec.stale_nginx {
            ca.issue_renewal_due()?
        } else {
            self.cert.clone()
        });
        self.cert_file_damaged = spec.fault == Fault::CorruptFile;
        match spec.fault {
            Fault::OtherSubject => {
                let other = "*.0b5e11aa.odoo-iot.com";
                self.nginx_cert = Some(ca.issue_for(other, &[other, "0b5e11aa.odoo-iot.com"])?);
            }
            Fault::ForeignName => {
                self.nginx_cert = Some(ca.issue_for("shop.example.test", &["shop.example.test"])?);
            }
            _ => {}
        }
        self.refresh_pairing_code(id);
        Ok(())
    }

    /// The certificate the HTTPS port presents.
    pub fn served(&self) -> &ServedCert {
        self.nginx_cert.as_ref().unwrap_or(&self.cert)
    }

    /// Change only what is outside the box (odoo.com, network, file system).
    pub fn set_environment(&mut self, scenario: Scenario, http_status: u16) {
        self.scenario = scenario;
        self.spec = scenario.spec();
        self.http_status = http_status;
    }

    /// odoo-iot-protocol.md §7.1: a code is shown only while unpaired, with an IP, and not in AP mode.
    pub fn refresh_pairing_code(&mut self, id: &Identity) {
        // No code comes back when iot-proxy.odoo.com cannot be reached (`connection_manager`).
        self.pairing_code = (self.server_url.is_none()
            && !self.spec.access_point
            && self.spec.fault != Fault::IotProxyUnreachable)
            .then(|| id.pairing_code(self.boots));
    }

    /// nginx cannot start on the damaged certificate file (`cert-file-damaged`) until the box
    /// writes a new one (a Windows 18.3+ box does at start: `start_nginx_server` raises nothing
    /// there, so `ensure_validity` downloads one and restarts).
    pub fn nginx_refuses_file(&self) -> bool {
        self.spec.nginx_fails && self.cert_file_damaged
    }

    /// The box's own clock (`--clock-offset`).
    pub fn now(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::now_utc() + self.clock_offset
    }

    /// Append an Odoo-style log line (`<date> <pid> <LEVEL> ? <logger>: <msg>`).
    /// The file keeps every run's records: an Odoo restart does not empty it, and on Windows
    /// it is one file that only grows (`logfile $INSTDIR\odoo.log`).
    pub fn log(&mut self, level: &str, logger: &str, msg: &str) {
        if self.warning_only && matches!(level, "DEBUG" | "INFO") {
            return;
        }
        let now = self.now();
        let line = format!(
            "{},{:03} 4242 {level} ? {logger}: {msg}",
            certs::fmt_naive(now),
            now.millisecond()
        );
        self.log_bytes += line.len() + 1;
        self.logs.push(line);
        if self.logs.len() > 2000 {
            // The simulator's own memory bound, far below a real file's size.
            let dropped: usize = self.logs.drain(..500).map(|l| l.len() + 1).sum();
            self.log_bytes = self.log_bytes.saturating_sub(dropped);
        }
        if self
            .log_rotate_bytes
            .is_some_and(|limit| self.log_bytes > limit)
        {
            self.rotate_log();
        }
    }

    /// logrotate's `copytruncate` (`setup/iot_box_builder/overwrite_before_init/etc/logrotate.d/odoo`
    /// @43ffd53a, docs/protocol/logs.md "Rotation"): the file is copied to `odoo-server.log.1`
    /// and emptied in place; Odoo goes on appending to it, so the current log starts mid-run.
    /// logrotate checks once a day; the simulator rotates as soon as the size is passed, which
    /// leaves a reader the same file.
    fn rotate_log(&mut self) {
        self.rotated_logs = std::mem::take(&mut self.logs);
        self.log_bytes = 0;
    }
}

/// The logger name certificate messages come from, per family (odoo-iot-protocol.md §4.1, §4.3).
pub fn cert_logger(family: Family) -> &'static str {
    match family {
        Family::LegacyHtml | Family::HwPosboxStatus => "odoo.addons.hw_drivers.tools.helpers",
        Family::HwPosboxEndDate => "odoo.addons.hw_drivers.tools.certificate",
        Family::IotDrivers => "odoo.addons.iot_drivers.tools.certificate",
    }
}

/// What survives a simulator restart when `--state-dir` is given.
#[derive(Serialize, Deserialize)]
struct Persisted {
    server_url: Option<String>,
    db_uuid: Option<String>,
    enterprise_code: Option<String>,
    subject: Option<String>,
    cert: ServedCert,
}

const BOX_FILE: &str = "box.json";

pub fn save(dir: &Path, st: &BoxState) -> Result<(), SimError> {
    let p = Persisted {
        server_url: st.server_url.clone(),
        db_uuid: st.db_uuid.clone(),
        enterprise_code: st.enterprise_code.clone(),
        subject: st.subject.clone(),
        cert: st.cert.clone(),
    };
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec_pretty(&p).map_err(|e| SimError::Cert(e.to_string()))?;
    std::fs::write(dir.join(BOX_FILE), json)?;
    Ok(())
}

/// Overlay saved credentials, pairing and certificate on the scenario's initial state.
pub fn load(dir: &Path, st: &mut BoxState, id: &Identity) {
    let Ok(bytes) = std::fs::read(dir.join(BOX_FILE)) else {
        return;
    };
    let Ok(p) = serde_json::from_slice::<Persisted>(&bytes) else {
        return;
    };
    st.server_url = p.server_url;
    st.db_uuid = p.db_uuid;
    st.enterprise_code = p.enterprise_code;
    st.subject = p.subject;
    st.cert = p.cert;
    st.refresh_pairing_code(id);
}
