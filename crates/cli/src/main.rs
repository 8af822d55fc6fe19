//! `iot-https`: everything the window does, from a terminal or a script.
//!
//! Exit codes: 0 healthy / done, 1 action needed on the box, 2 usage error or nothing reachable.
//! Each subcommand lives in `cmd/<name>.rs` with its own clap `Args`.

mod cmd;
mod keys;
mod output;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "iot-https",
    version,
    about = "Check and fix the HTTPS certificate of an Odoo IoT box"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Detect the box's API family and show its identity and certificate state.
    Status(cmd::status::Args),
    /// Check the box, its certificate, DNS and the network, and say what to do.
    Diagnose(cmd::diagnose::Args),
    /// Diagnose every saved site at once and list certificate end dates.
    CheckAll(cmd::check_all::Args),
    /// Find IoT boxes on a network by sweeping the box HTTP port (8069).
    Scan(cmd::scan::Args),
    /// Every IoT box of every customer database (Odoo API), merged with the saved sites.
    Fleet(cmd::fleet::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Status(args) => cmd::status::run(args).await,
            Command::Diagnose(args) => cmd::diagnose::run(args).await,
            Command::CheckAll(args) => cmd::check_all::run(args).await,
            Command::Scan(args) => cmd::scan::run(args).await,
            Command::Fleet(args) => cmd::fleet::run(args).await,
        }
    })
}
