//! Command line of the `iot-box-sim` binary.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::{
    check_loopback, spawn, Family, Flavour, HelpersVariant, IotRelease, Scenario, SimConfig,
};

#[derive(Debug, Parser)]
#[command(
    name = "iot-box-sim",
    version,
    about = "A simulated Odoo IoT box on loopback ports (see --list)"
)]
pub struct Args {
    /// Print families, flavours and scenarios, then exit.
    #[arg(long)]
    pub list: bool,
    #[arg(long, default_value = "iot-drivers")]
    pub family: Family,
    #[arg(long, default_value = "linux")]
    pub flavour: Flavour,
    #[arg(long, default_value = "healthy")]
    pub scenario: Scenario,
    /// Plain HTTP (Odoo's 8069), e.g. 127.0.0.1:0. Loopback only.
    #[arg(long, required_unless_present = "list")]
    pub http: Option<SocketAddr>,
    /// HTTPS (nginx's 443). Loopback only.
    #[arg(long)]
    pub https: Option<SocketAddr>,
    /// Control endpoint: GET /state, GET /received-codes, POST /scenario, POST /restart.
    /// Loopback only.
    #[arg(long)]
    pub control: Option<SocketAddr>,
    /// How long the box is down during a restart.
    #[arg(long, default_value_t = 3000)]
    pub restart_ms: u64,
    /// HTTP status simulated odoo.com answers in `load-request-status`.
    #[arg(long, default_value_t = 404)]
    pub http_status: u16,
    /// Write the test CA certificate (PEM) here.
    #[arg(long)]
    pub ca_out: Option<PathBuf>,
    /// Keep the CA, credentials and certificate here across runs.
    #[arg(long)]
    pub state_dir: Option<PathBuf>,
    /// Seed for MAC, identifier and pairing codes (default: the HTTP port).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Real seconds per simulated second for the box's own waits (0.01: a 120 s block
    /// lasts 1.2 s).
    #[arg(long, default_value_t = 1.0)]
    pub time_scale: f64,
    /// Answer like Odoo's werkzeug server: headers and body in separate writes, no TCP_NODELAY.
    #[arg(long)]
    pub werkzeug_writes: bool,
    /// Windows 16.0 – saas-18.2: the restart after a download wins the race with the status
    /// read's answer (the connection drops); by default the answer arrives first.
    #[arg(long)]
    pub restart_drops_download_answer: bool,
    /// After the next restart a paired Pi (or a Windows IoT on iot-drivers) comes back speaking
    /// this family (branch switch); a Windows IoT on an older one comes back without its IoT
    /// module.
    #[arg(long, value_name = "FAMILY")]
    pub branch_on_restart: Option<Family>,
    /// Which load_certificate() a 16.0 - saas-18.2 box runs (see --list).
    #[arg(long, default_value = "urllib3")]
    pub helpers: HelpersVariant,
    /// Which iot_drivers release an iot-drivers box runs (see --list).
    #[arg(long, default_value = "master")]
    pub iot_release: IotRelease,
    /// nginx's plain-HTTP port (80 on a Pi): Odoo proxied (the LNA path) and /odoo-logs/.
    /// Not opened on Windows (its nginx has no port 80). Loopback only.
    #[arg(long)]
    pub nginx: Option<SocketAddr>,
    /// Report this identifier instead of the seeded one (e.g. a device copying a box's).
    #[arg(long)]
    pub identifier: Option<String>,
    /// Report this MAC instead of the seeded one.
    #[arg(long)]
    pub mac: Option<String>,
    /// Seconds the box's clock runs ahead (negative: behind): its Date header, log and
    /// certificate checks use that time.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub clock_offset: i64,
    /// A Pi's log rotates (copy to odoo-server.log.1, then emptied) past this many bytes.
    #[arg(long, default_value_t = crate::ODOO_LOG_ROTATE_BYTES)]
    pub log_rotate_bytes: usize,
    /// At the next start an iot-drivers box runs an update, answering meanwhile, then restarts
    /// (`weekly`: master's weekly branch checkout) or reboots (`trixie`: the Debian upgrade).
    #[arg(long, value_name = "UPDATE", value_parser = ["weekly", "trixie"])]
    pub update_on_restart: Option<String>,
}

/// The `--list` text: every name with a one-line description and its protocol-doc section.
pub fn list_text() -> String {
    let mut s = String::from("families:\n");
    for f in Family::all() {
        s += &format!(
            "  {:<20} {}  [{}]\n",
            f.as_str(),
            f.description(),
            f.doc_section()
        );
    }
    s += "flavours:\n";
    for f in Flavour::all() {
        s += &format!(
            "  {:<20} {}  [{}]\n",
            f.as_str(),
            f.description(),
            f.doc_section()
        );
    }
    s += "scenarios:\n";
    for sc in Scenario::all() {
        s += &format!(
            "  {:<24} {}  [{}]\n",
            sc.as_str(),
            sc.description(),
            sc.doc_section()
        );
    }
    s += "helpers variants (--helpers):\n";
    for v in HelpersVariant::all() {
        s += &format!("  {:<24} {}\n", v.as_str(), v.description());
    }
    s += "iot_drivers releases (--iot-release):\n";
    for r in IotRelease::all() {
        s += &format!("  {:<24} {}\n", r.as_str(), r.description());
    }
    s += "(sections refer to docs/protocol/odoo-iot-protocol.md)\n";
    s
}

impl Args {
    pub fn to_config(&self) -> Option<SimConfig> {
        Some(SimConfig {
            family: self.family,
            flavour: self.flavour,
            scenario: self.scenario,
            http: self.http?,
            https: self.https,
            control: self.control,
            restart: Duration::from_millis(self.restart_ms),
            http_status: self.http_status,
            ca_out: self.ca_out.clone(),
            state_dir: self.state_dir.clone(),
            seed: self.seed,
            time_scale: self.time_scale,
            werkzeug_writes: self.werkzeug_writes,
            branch_on_restart: self.branch_on_restart,
            helpers: self.helpers,
            iot_release: self.iot_release,
            nginx: self.nginx,
            identifier: self.identifier.clone(),
            mac: self.mac.clone(),
            clock_offset_s: self.clock_offset,
            log_rotate_bytes: self.log_rotate_bytes,
            restart_drops_download_answer: self.restart_drops_download_answer,
        })
    }
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

pub fn run(args: Args) -> ExitCode {
    if args.list {
        print!("{}", list_text());
        return ExitCode::SUCCESS;
    }
    let Some(cfg) = args.to_config() else {
        eprintln!("iot-box-sim: --http is required");
        return ExitCode::from(2);
    };
    for addr in [Some(cfg.http), cfg.https, cfg.control, cfg.nginx]
        .into_iter()
        .flatten()
    {
        if let Err(e) = check_loopback(addr) {
            eprintln!("iot-box-sim: {e}");
            return ExitCode::from(2);
        }
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("iot-box-sim: cannot start runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async move {
        let sim = match spawn(cfg).await {
            Ok(sim) => sim,
            Err(e) => {
                eprintln!("iot-box-sim: {e}");
                return ExitCode::FAILURE;
            }
        };
        match args.update_on_restart.as_deref() {
            Some("weekly") => sim.update_on_restart(crate::UpdateRun::WeeklyBranch),
            Some("trixie") => sim.update_on_restart(crate::UpdateRun::DebianUpgrade),
            _ => {}
        }
        let line = serde_json::json!({
            "http": sim.http_addr().to_string(),
            "https": sim.https_addr().map(|a| a.to_string()),
            "nginx": sim.nginx_addr().map(|a| a.to_string()),
            "control": sim.control_addr().map(|a| a.to_string()),
            "family": sim.family().as_str(),
            "flavour": sim.flavour().as_str(),
            "scenario": sim.scenario().as_str(),
        });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
        drop(out);
        wait_for_stop().await;
        sim.shutdown().await;
        ExitCode::SUCCESS
    })
}
