//! `iot-https`: everything the window does, from a terminal or a script.
//!
//! Exit codes: 0 healthy / done, 1 action needed on the box, 2 usage error or nothing reachable.
//! Each subcommand lives in `cmd/<name>.rs` with its own clap `Args`.

mod cmd;
mod keys;
mod output;
mod render;
mod words;

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
    /// Diagnose the box and write the support report (Markdown, JSON or HTML, any language).
    Report(cmd::report::Args),
    /// Diagnose every saved site at once and list certificate end dates.
    CheckAll(cmd::check_all::Args),
    /// Find IoT boxes on a network by sweeping the box HTTP port (8069).
    Scan(cmd::scan::Args),
    /// Fetch the box's Odoo log (save it before a reboot: a Pi keeps its logs in RAM).
    Logs(cmd::logs::Args),
    /// Check from the cashier's device: serve a page to open there, list each device's verdict.
    DeviceCheck(cmd::device_check::Args),
    /// Write the Chrome/Edge policies that allow Local Network Access for the Odoo address.
    LnaPolicy(cmd::lna_policy::Args),
    /// Every IoT box of every customer database (Odoo API), merged with the saved sites.
    Fleet(cmd::fleet::Args),
    /// Restart Odoo, reboot the box or retry, and follow it until its certificate is ready.
    Act(cmd::act::ActArgs),
    /// Save the database UUID and contract code on the box and follow its restart (the code
    /// from IOT_HTTPS_CONTRACT_CODE or standard input, never the command line).
    SaveCredentials(cmd::act::SaveCredentialsArgs),
    /// Pair the box with a database by its connection token and wait until it is paired.
    Pair(cmd::act::PairArgs),
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
            output::tell(&words::says("runtimeFailed", &[("error", &e.to_string())]));
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Status(args) => cmd::status::run(args).await,
            Command::Diagnose(args) => cmd::diagnose::run(args).await,
            Command::Report(args) => cmd::report::run(args).await,
            Command::CheckAll(args) => cmd::check_all::run(args).await,
            Command::Scan(args) => cmd::scan::run(args).await,
            Command::Logs(args) => cmd::logs::run(args).await,
            Command::DeviceCheck(args) => cmd::device_check::run(args).await,
            Command::LnaPolicy(args) => cmd::lna_policy::run(args).await,
            Command::Fleet(args) => cmd::fleet::run(args).await,
            Command::Act(args) => cmd::act::act(args).await,
            Command::SaveCredentials(args) => cmd::act::save_credentials(args).await,
            Command::Pair(args) => cmd::act::pair(args).await,
        }
    })
}
