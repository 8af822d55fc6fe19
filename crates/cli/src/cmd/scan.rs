//! `iot-https scan [<cidr>] [--port 8069] [--concurrency N] [--timeout-ms N] [--read-status] [--allow-public] [--json]`
//!
//! Finds IoT boxes by sweeping a range on the box HTTP port (field problem field-problems.md F10). Without a
//! range it sweeps the laptop's attached networks (real mode only). Boxes are printed as they
//! answer; a progress line goes to stderr when it is a terminal.
//!
//! Exit codes: 0 at least one box found, 1 none found, 2 usage error or policy refusal.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use iot_https_app::scan::{plan, scan};
use iot_https_app::Session;
use iot_https_core::discovery::{
    CancellationToken, FoundBox, Identify, LocalNetwork, SweepEvent, SweepOptions, SweepOutcome,
    SweepReport, BOX_HTTP_PORT,
};
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::{ErrorCode, NetPolicy, OsFlavour};

use crate::output::{fail, print_json};
use crate::words::{decimal, says, word};
use iot_https_core::safe_text::one_line;

const EXIT_NONE_FOUND: u8 = 1;

#[derive(clap::Args)]
pub struct Args {
    /// IPv4 range to sweep, e.g. 192.168.1.0/24 (at most 1024 addresses). Without it: the
    /// laptop's attached networks (not in test or demo mode).
    cidr: Option<String>,
    /// The box HTTP port.
    #[arg(long, default_value_t = BOX_HTTP_PORT)]
    port: u16,
    /// Addresses probed at once.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u16).range(1..=1024))]
    concurrency: u16,
    /// TCP connect timeout per address, in milliseconds (what a silent address costs).
    #[arg(long = "timeout-ms", default_value_t = 400, value_parser = clap::value_parser!(u64).range(1..=30_000))]
    timeout_ms: u64,
    /// Also read the status of 16.0 – saas-18.3 boxes for exact family, version and MAC.
    /// On 16.0 – saas-18.2 that read may make the box contact odoo.com.
    #[arg(long)]
    read_status: bool,
    /// Print one JSON object {found, scanned, total, open, elapsedMs, outcome} instead of text.
    #[arg(long)]
    json: bool,
    /// Sweep a range that is not a shop LAN (public addresses). Refused without it.
    #[arg(long)]
    allow_public: bool,
}

pub async fn run(args: Args) -> ExitCode {
    // This scan records nothing: the sites file is never opened.
    let sites = SiteStore::new(default_path().unwrap_or_default());
    let session = Session::new(NetPolicy::from_env(), sites);
    let plan = match plan(&session.policy, args.cidr.as_deref(), args.port) {
        Ok(plan) => plan,
        Err(mut wire) => {
            // The detail shows the command that works: a range in demo and test mode, where the
            // laptop's networks are not swept, and when it has none attached.
            if wire.code == ErrorCode::NetPolicyRefused {
                wire.detail = Some("iot-https scan 127.0.0.0/24 --port <port>".into());
            } else if wire.code == ErrorCode::InputInvalidAddress && args.cidr.is_none() {
                wire.detail = Some("iot-https scan 192.168.1.0/24".into());
            }
            return fail(wire, args.json);
        }
    };
    let networks = plan.networks.clone();
    if let Some(networks) = &networks {
        if !args.json {
            for n in networks {
                // Interface names are the system's, but a name is text from elsewhere too.
                crate::output::tell(&says(
                    "scan.sweeping",
                    &[
                        ("range", &n.sweep.to_string()),
                        ("interface", &one_line(&n.interface)),
                        ("address", &format!("{}/{}", n.address, n.prefix)),
                        ("capped", if n.capped { "yes" } else { "no" }),
                    ],
                ));
            }
        }
    }

    let options = SweepOptions {
        concurrency: usize::from(args.concurrency),
        connect_timeout: Duration::from_millis(args.timeout_ms),
        identify: if args.read_status {
            Identify::ReadStatus
        } else {
            Identify::SideEffectFree
        },
        allow_public: args.allow_public,
        ..SweepOptions::default()
    };
    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });

    let mut printer = Printer {
        json: args.json,
        progress: !args.json && std::io::stderr().is_terminal(),
        last_progress: None,
    };
    // The CLI reads and never moves a saved site: `record` is the window's.
    let result = scan(&session, plan, options, false, cancel, |event| {
        printer.event(&event)
    })
    .await;
    printer.clear_progress();
    let report = match result {
        Ok(report) => report,
        Err(e) => return fail(e, args.json),
    };
    if args.json {
        print_json(&JsonReport {
            report: &report,
            networks: networks.as_deref(),
        });
    } else {
        print_summary(&report, args.port);
    }
    if report.found.is_empty() {
        ExitCode::from(EXIT_NONE_FOUND)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a SweepReport,
    /// Only when the laptop's networks were swept.
    #[serde(skip_serializing_if = "Option::is_none")]
    networks: Option<&'a [LocalNetwork]>,
}

struct Printer {
    json: bool,
    progress: bool,
    last_progress: Option<Instant>,
}

impl Printer {
    fn event(&mut self, event: &SweepEvent) {
        match event {
            SweepEvent::Found { found } if !self.json => {
                self.clear_progress();
                // Hostnames and versions come from whatever answered: one inert line.
                crate::output::say(&iot_https_core::safe_text::one_line(&found_line(found)));
            }
            SweepEvent::Progress { done, total, found } if self.progress => {
                // At most ~20 redraws a second, and always the last one.
                let due = !matches!(self.last_progress, Some(t) if t.elapsed() < Duration::from_millis(50));
                if due || done == total {
                    crate::output::progress(&says(
                        "scan.progress",
                        &[
                            ("done", &done.to_string()),
                            ("total", &total.to_string()),
                            ("found", &found.to_string()),
                        ],
                    ));
                    self.last_progress = Some(Instant::now());
                }
            }
            _ => {}
        }
    }

    fn clear_progress(&mut self) {
        if self.progress && self.last_progress.take().is_some() {
            crate::output::clear_progress();
        }
    }
}

/// `127.0.0.21:8069  iot-drivers  Odoo saas-18.4 / 19.0+  L25.10  linux  identifier … hostname …`
fn found_line(b: &FoundBox) -> String {
    let lang = crate::render::language();
    let family = match b.family {
        Some(f) => f.name().to_string(),
        None => b.generation.name().to_string(),
    };
    let mut line = format!(
        "{:<21}  {:<18}  {:<22}  {:<8}  {}",
        b.address,
        family,
        b.family.map_or(b.generation.label(lang), |f| f.label(lang)),
        b.version.as_deref().unwrap_or("-"),
        match b.flavour {
            OsFlavour::Unknown => "-".to_string(),
            known => known.to_string(),
        }
    );
    if let Some(id) = &b.identifier {
        line += &format!("  {}", says("scan.identifier", &[("id", id)]));
    }
    if let Some(mac) = &b.mac {
        line += &format!("  mac {mac}");
    }
    if let Some(host) = &b.hostname {
        line += &format!("  {}", says("scan.hostname", &[("host", host)]));
    }
    if let Some(ip) = b
        .reported_ip
        .as_deref()
        .filter(|ip| !b.address.starts_with(&format!("{ip}:")))
    {
        line += &format!("  {}", says("scan.reportsIp", &[("ip", ip)]));
    }
    line
}

fn print_summary(report: &SweepReport, port: u16) {
    let seconds = decimal(report.elapsed_ms as f64 / 1000.0, 2);
    let stopped = match report.outcome {
        SweepOutcome::Completed => String::new(),
        SweepOutcome::Cancelled => word("scan.interrupted"),
        SweepOutcome::TimedOut => word("scan.timedOut"),
    };
    let (scanned, total) = (report.scanned.to_string(), report.total.to_string());
    let counts = [
        ("scanned", scanned.as_str()),
        ("total", total.as_str()),
        ("seconds", seconds.as_str()),
        ("stopped", stopped.as_str()),
    ];
    match report.found.len() {
        0 => {
            let port = port.to_string();
            crate::output::say(&says(
                "scan.noneFound",
                &[&counts[..], &[("port", &port)]].concat(),
            ));
        }
        n => {
            let n = n.to_string();
            crate::output::say(&says("scan.found", &[&counts[..], &[("n", &n)]].concat()));
            if report
                .found
                .iter()
                .any(|b| b.family.is_none() || b.note.is_some())
            {
                let command = "iot-https status <address>";
                crate::output::say(&says("scan.details", &[("command", command)]));
            }
        }
    }
}
