//! `iot-https logs <host[:port]> [-o FILE] [--nginx-port N] [--json]`: the box's Odoo log, by
//! whichever route works (docs/protocol/logs.md). Save it before a reboot: a Pi keeps its logs
//! in RAM.

use std::path::PathBuf;
use std::process::ExitCode;

use iot_https_app::types::{BoxLogs, NGINX_PORT};
use iot_https_core::safe_text::one_line;
use iot_https_core::{NetPolicy, WireError};

use crate::output::{fail, print_json};
use crate::words::{says, word};

#[derive(clap::Args)]
pub struct Args {
    /// The box: IP or name, optionally with :port (default 8069).
    host: String,
    /// Write the log to this file (exactly as the box sent it) instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// nginx's plain-HTTP port, used when Odoo does not answer (the Pi serves /odoo-logs/ there).
    #[arg(long, default_value_t = NGINX_PORT)]
    nginx_port: u16,
    /// Print one JSON object (source, cut or not, the routes that failed, and the text unless
    /// --output is given).
    #[arg(long)]
    json: bool,
}

fn summary(logs: &BoxLogs, to: &str) -> String {
    let cut = if logs.truncated {
        word("logs.cut")
    } else {
        String::new()
    };
    says(
        "logs.saved",
        &[
            ("bytes", &logs.text.len().to_string()),
            ("source", &one_line(&logs.source)),
            ("file", to),
            ("cut", &cut),
        ],
    )
}

pub async fn run(args: Args) -> ExitCode {
    let logs =
        match iot_https_app::care::logs(NetPolicy::from_env(), &args.host, Some(args.nginx_port))
            .await
        {
            Ok(logs) => logs,
            Err(e) => return fail(e, args.json),
        };
    if let Some(path) = &args.output {
        if let Err(e) = std::fs::write(path, &logs.text) {
            let wire = WireError::new(
                iot_https_core::ErrorCode::LogsSaveFailed,
                Some(format!("{}: {e}", path.display())),
            );
            return fail(wire, args.json);
        }
    }
    if args.json {
        let mut v = serde_json::to_value(&logs).unwrap_or_default();
        if let (Some(path), Some(map)) = (&args.output, v.as_object_mut()) {
            map.remove("text");
            map.insert("file".into(), path.display().to_string().into());
        }
        print_json(&v);
        return ExitCode::SUCCESS;
    }
    for fallback in &logs.fallbacks {
        crate::output::tell(&says("note", &[("text", &one_line(fallback))]));
    }
    match &args.output {
        Some(path) => crate::output::tell(&summary(&logs, &path.display().to_string())),
        None => {
            if crate::output::log_text(&logs.text).is_err() {
                return ExitCode::from(2);
            }
            if logs.truncated {
                crate::output::tell(&says("note", &[("text", &word("logs.truncated"))]));
            }
        }
    }
    ExitCode::SUCCESS
}
