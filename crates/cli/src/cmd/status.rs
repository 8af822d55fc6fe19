//! `iot-https status <host[:port]> [--json]`

use std::process::ExitCode;

use iot_https_core::{BoxAddress, NetPolicy};

use crate::output::{fail, print_json};
use crate::render;

#[derive(clap::Args)]
pub struct Args {
    /// The box: IP or name, optionally with :port (default 8069).
    host: String,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> ExitCode {
    let address = match BoxAddress::parse(&args.host) {
        Ok(a) => a,
        Err(e) => return fail(e, args.json),
    };
    match iot_https_core::read_status(&address, NetPolicy::from_env()).await {
        Ok(report) => {
            if args.json {
                print_json(&report);
            } else {
                print!("{}", render::report(&report));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e, args.json),
    }
}
