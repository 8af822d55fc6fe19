//! `iot-https lna-policy <odoo-url> [--file NAME | --json]`: the Chrome and Edge enterprise
//! policies that allow Local Network Access for the Odoo origin (JSON for Linux, .reg for
//! Windows, plist for macOS) — the files the window's Device check offers
//! (`iot_https_app::device_check::policies`), for a technician deploying them by script.
//!
//! Without options, one line per file: its name and where it goes on the device. `--file NAME`
//! prints that file exactly (`… --file NAME > NAME`); `--json` one array of
//! `{browser, format, fileName, installPath, content}`. Exit 0, or 2 for an origin that is not
//! a secure Odoo address (LNA is granted to HTTPS origins only) or an unknown file name.

use std::process::ExitCode;

use iot_https_app::device_check::policies;

use crate::output::{fail, log_text, print_json, say, usage};
use crate::words::says;

#[derive(clap::Args)]
pub struct Args {
    /// The Odoo database's address as the POS opens it, e.g. https://shop.odoo.com.
    origin: String,
    /// Print this file's content exactly (a name from the list).
    #[arg(long, value_name = "NAME")]
    file: Option<String>,
    /// Print the files as one JSON array instead.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> ExitCode {
    let files = match policies(&args.origin) {
        Ok(files) => files,
        Err(e) => return fail(e, args.json),
    };
    if args.json {
        print_json(&files);
    } else if let Some(name) = &args.file {
        let Some(file) = files.iter().find(|f| f.file_name == *name) else {
            let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
            return usage(
                format!(
                    "--file: {}",
                    says("usage.fileOneOf", &[("names", &names.join(", "))])
                ),
                false,
            );
        };
        // The exact bytes into a pipe or file (the .reg needs its CRLF), inert on a terminal.
        if let Err(e) = log_text(&file.content) {
            return usage(e.to_string(), false);
        }
    } else {
        for f in &files {
            say(&format!("{}  {}", f.file_name, f.install_path));
        }
    }
    ExitCode::SUCCESS
}
