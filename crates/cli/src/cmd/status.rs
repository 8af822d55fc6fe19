//! `iot-https status <host[:port]> [--json]`

use std::process::ExitCode;

use iot_https_core::NetPolicy;

use crate::output::{fail, print_json};
use crate::render;

#[derive(clap::Args)]
pub struct Args {
    /// The box: IP or name, optionally with :port (default 8069).
    host: String,
    /// How long to wait for the box's status (it may be asking odoo.com for minutes).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::output::DEFAULT_BOX_TIMEOUT_S)]
    box_timeout: u64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> ExitCode {
    let read = match crate::output::box_read_options(args.box_timeout, args.json) {
        Ok(read) => read,
        Err(e) => return fail(e, args.json),
    };
    match iot_https_app::boxes::read_box(NetPolicy::from_env(), &args.host, read).await {
        Ok(report) => {
            if args.json {
                print_json(&report);
            } else {
                crate::output::say(&render::report(&report));
            }
            // A box found whose read needs action (its status page crashed) exits as
            // `diagnose` does for action needed.
            match report.needs_action() {
                true => ExitCode::from(crate::output::EXIT_ACTION_NEEDED),
                false => ExitCode::SUCCESS,
            }
        }
        Err(e) => fail(e, args.json),
    }
}
