//! `iot-box-sim` binary: see `iot-box-sim --help` and `--list`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    iot_box_sim::cli::run(iot_box_sim::cli::Args::parse())
}
