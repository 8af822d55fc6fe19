//! `iot-https`: everything the window does, from a terminal or a script.
//!
//! Exit codes: 0 done, 1 action needed on the box, 2 usage error or nothing reachable.

mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use iot_https_core::{BoxAddress, NetPolicy, WireError};

#[derive(Parser)]
#[command(name = "iot-https", version, about = "Check and fix the HTTPS certificate of an Odoo IoT box")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Detect the box's API family and show its identity and raw certificate state.
    Status {
        /// The box: IP or name, optionally with :port (default 8069).
        host: String,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Status { host, json } => status(&host, json).await,
    }
}

async fn status(host: &str, json: bool) -> ExitCode {
    let result = match BoxAddress::parse(host) {
        Ok(address) => iot_https_core::read_status(&address, NetPolicy::from_env()).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(status) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&status).expect("status serialises"));
            } else {
                print!("{}", render::report(&status));
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            let wire = WireError::from(&err);
            if json {
                println!("{}", serde_json::json!({ "error": wire }));
            } else {
                eprintln!("error [{}]: {}", wire.code, wire.message);
            }
            ExitCode::from(2)
        }
    }
}
