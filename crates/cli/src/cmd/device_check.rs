//! `iot-https device-check <box> [--listen ADDR:PORT] [--https-port N] [--lna-port N]
//! [--name HOST] [--use-lna true|false] [--terminals] [--json]`
//!
//! Serves the check page for the cashier's devices and prints each device's result as it
//! arrives, until Ctrl-C or the link expires (15 minutes). With `--json`: one JSON object per
//! line — first `{"check": …}` (the URL), then `{"device": …}` per device report.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use iot_https_app::device_check::{self, DeviceUpdate, OpenOptions};
use iot_https_app::Session;
use iot_https_core::device_check::terminal::TerminalReadiness;
use iot_https_core::device_check::{qr_terminal, CheckTarget, DeviceResult, TargetOptions};
use iot_https_core::findings::{any_needs_action, report_label, texts, Evidence, FindingCode};
use iot_https_core::safe_text::one_line;
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::NetPolicy;

use crate::output::{fail, json_line, say, EXIT_ACTION_NEEDED};
use crate::words::{says, word};

#[derive(clap::Args)]
pub struct Args {
    /// The box: IP or name, optionally with :port (default 8069).
    host: String,
    /// Where the check page listens (default: loopback in demo/test, else this laptop's
    /// address in the box's network, on a free port).
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// The box's HTTPS port.
    #[arg(long, default_value_t = 443)]
    https_port: u16,
    /// nginx's plain-HTTP port on a Pi: Odoo's Local Network Access path (`http://<IP>/`).
    #[arg(long, default_value_t = 80)]
    lna_port: u16,
    /// The HTTPS name the POS uses, when it differs from the computed one.
    #[arg(long, value_name = "HOST")]
    name: Option<String>,
    /// The database's "Use Local Network Access" for this box, when known.
    #[arg(long, value_name = "true|false")]
    use_lna: Option<bool>,
    /// Also check payment-terminal readiness (Worldline port, Six terminal ID).
    #[arg(long)]
    terminals: bool,
    /// One JSON object per line instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> ExitCode {
    let json = args.json;
    // A device check records nothing: the sites file is never opened.
    let sites = SiteStore::new(default_path().unwrap_or_default());
    let session = Session::new(NetPolicy::from_env(), sites);
    let opts = OpenOptions {
        target: TargetOptions {
            https_port: args.https_port,
            lna_port: args.lna_port,
            name: args.name.clone(),
            use_lna: args.use_lna,
        },
        listen: args.listen,
        terminals: args.terminals,
    };
    // Printed as each device reports, while the check runs.
    let needs_action = Arc::new(AtomicBool::new(false));
    let reported = Arc::new(AtomicUsize::new(0));
    let (action, count) = (needs_action.clone(), reported.clone());
    let on_device = move |DeviceUpdate { device, .. }| {
        count.fetch_add(1, Ordering::Relaxed);
        if any_needs_action(&device.findings) {
            action.store(true, Ordering::Relaxed);
        }
        emit(json, "device", &device, || device_text(&device));
    };
    let opened = match device_check::open(&session, &args.host, opts, on_device).await {
        Ok(opened) => opened,
        Err(e) => return fail(e, json),
    };
    if let Some(t) = &opened.terminals {
        emit(json, "terminals", t, || terminals_text(t));
    }
    let info = opened.info;
    emit(json, "check", &info, || {
        let mut out = format!("{}\n\n  {}\n\n", word("deviceCheck.open"), info.url);
        if std::io::stdout().is_terminal() {
            out.push_str(&qr_terminal(&info.url));
            out.push('\n');
        }
        let until = info.expires_at.to_string();
        out.push_str(&says("deviceCheck.validUntil", &[("time", &until)]));
        out.push('\n');
        out.push_str(&ip_conflict_text(&info.target, crate::render::language()));
        out
    });
    tokio::select! {
        _ = opened.closed.cancelled() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    device_check::close(&session).await;
    if reported.load(Ordering::Relaxed) == 0 && !json {
        // No device reached the page: say what that means (the laptop's network or firewall).
        say(&unreached_text());
    }
    if needs_action.load(Ordering::Relaxed) {
        ExitCode::from(EXIT_ACTION_NEEDED)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line of JSON (`{"<kind>": value}`) or the text, flushed at once: a script or the
/// technician reads results while the check runs.
fn emit(json: bool, kind: &str, value: &impl serde::Serialize, text: impl FnOnce() -> String) {
    if json {
        json_line(&serde_json::json!({ kind: value }));
    } else {
        say(&text());
    }
}

fn title(code: &FindingCode) -> &'static str {
    texts(code.as_str(), crate::render::language()).map_or("", |t| t.title.as_str())
}

fn device_text(d: &DeviceResult) -> String {
    // Browser, version and system are read from what the device sent.
    let os = if d.browser.os.is_empty() {
        word("deviceCheck.unknownSystem")
    } else {
        one_line(&d.browser.os).into_owned()
    };
    let device = says(
        "deviceCheck.device",
        &[
            ("browser", &one_line(&d.browser.name)),
            ("version", &one_line(&d.browser.version)),
            ("os", &os),
            ("peer", &one_line(&d.peer)),
        ],
    );
    let mark = if d.verdict == FindingCode::DeviceOk {
        "✓"
    } else {
        "✗"
    };
    let mut out = format!("\n{mark} {device}: {} — {}\n", d.verdict, title(&d.verdict));
    let lang = crate::render::language();
    let shown: &[Evidence] = d.findings.first().map_or(&[], |f| f.evidence.as_slice());
    for (i, f) in d.findings.iter().enumerate() {
        if i > 0 {
            let also = says(
                "deviceCheck.also",
                &[("code", f.code.as_str()), ("title", title(&f.code))],
            );
            out.push_str(&format!("  {also}\n"));
        }
        // Later findings share the device's facts; print only what they add.
        for e in f.evidence.iter().filter(|e| i == 0 || !shown.contains(e)) {
            out.push_str(&format!("    · {}\n", one_line(&e.render(lang))));
        }
        for (i, step) in texts(f.code.as_str(), lang)
            .map(|t| t.steps.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            out.push_str(&format!("    {}. {step}\n", i + 1));
        }
    }
    out
}

/// The box reports another address for itself than the one reached: shown, never used
/// (`CheckTarget::reported_ip`); empty when they agree.
fn ip_conflict_text(target: &CheckTarget, lang: &str) -> String {
    let Some(reported) = target.reported_ip else {
        return String::new();
    };
    let text = report_label("deviceCheck.ipConflict", lang)
        .replace("{reported}", &reported.to_string())
        .replace("{reached}", &target.box_ip.to_string());
    format!("\n⚠ {}\n", one_line(&text))
}

fn unreached_text() -> String {
    let code = FindingCode::CheckPageUnreached;
    let Some(t) = texts(code.as_str(), crate::render::language()) else {
        return String::new();
    };
    let mut out = format!("\n{code}: {}\n  {}\n", t.title, t.explanation);
    for (i, step) in t.steps.iter().enumerate() {
        out.push_str(&format!("    {}. {step}\n", i + 1));
    }
    out
}

fn terminals_text(t: &TerminalReadiness) -> String {
    // The box IP and the Six terminal ID are the box's words.
    let state = if t.worldline_port_open {
        word("terminals.open")
    } else {
        let detail = t.worldline_detail.as_deref();
        let no_answer = word("terminals.noAnswer");
        let detail = one_line(detail.unwrap_or(&no_answer));
        says("terminals.closed", &[("detail", &detail)])
    };
    let six = match (&t.six_terminal, t.six_reported) {
        (Some(id), _) => one_line(id).into_owned(),
        (None, true) => word("terminals.notConfigured"),
        (None, false) => word("terminals.notReported"),
    };
    let port = t.worldline_port.to_string();
    let mut out = format!(
        "{}\n  {}\n  {}\n",
        says("terminals.title", &[("ip", &one_line(&t.box_ip))]),
        says("terminals.worldline", &[("port", &port), ("state", &state)]),
        says("terminals.six", &[("id", &six)]),
    );
    for f in &t.findings {
        out.push_str(&format!("  {}: {}\n", f.code, title(&f.code)));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_no_device_reached_says_what_that_means_with_the_steps() {
        let text = unreached_text();
        assert!(text.contains("CHECK_PAGE_UNREACHED: "), "{text}");
        let steps = texts("CHECK_PAGE_UNREACHED", crate::render::language())
            .unwrap()
            .steps
            .len();
        assert!(
            steps >= 4 && text.contains(&format!("    {steps}. ")),
            "{text}"
        );
    }

    #[test]
    fn an_address_the_box_reports_for_itself_is_shown_as_a_conflict_in_every_language() {
        let mut target = CheckTarget {
            box_ip: "192.168.1.50".parse().unwrap(),
            http_port: 8069,
            https_port: 443,
            lna_port: Some(80),
            use_lna: None,
            box_name: None,
            reported_ip: None,
        };
        assert_eq!(ip_conflict_text(&target, "en"), "");
        target.reported_ip = Some("192.168.1.77".parse().unwrap());
        let mut seen = std::collections::HashSet::new();
        for lang in iot_https_core::findings::languages() {
            let text = ip_conflict_text(&target, lang);
            assert!(
                text.contains("192.168.1.77") && text.contains("192.168.1.50"),
                "{lang}: {text}"
            );
            assert!(!text.contains('{'), "{lang}: {text}");
            assert!(seen.insert(text), "{lang} has its own text");
        }
        assert_eq!(seen.len(), 5);
    }
}
