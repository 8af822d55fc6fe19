//! `iot-https report <host> [diagnose's options] [--format md|json|html] [--lang xx]
//! [-o FILE]`: diagnoses the box and writes the support report the window saves (the same
//! `iot_https_app::report`: labels, finding titles and evidence in the chosen language, every
//! router's recipe part for the findings that name one, every code this machine knows scrubbed).
//!
//! Exit codes as `diagnose`: 0 healthy, 1 action needed, 2 usage error or unreachable.

use std::path::PathBuf;
use std::process::ExitCode;

use iot_https_app::report::of_box;
use iot_https_app::Session;
use iot_https_core::report::ReportFormat;
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::{ErrorCode, NetPolicy, WireError};

use super::diagnose::{exit_for, Target};
use crate::output::{fail, say};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Md,
    Json,
    Html,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: Target,
    /// The report's format: Markdown (for a ticket), JSON or a self-contained HTML page.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// The report's language (en, nl, fr, de, es; default: the output's, from IOT_HTTPS_LANG
    /// or the locale).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
}

pub async fn run(args: Args) -> ExitCode {
    let (address, opts) = match args.target.prepare(false) {
        Ok(prepared) => prepared,
        Err(exit) => return exit,
    };
    let format = match args.format {
        Format::Md => ReportFormat::Markdown,
        Format::Json => ReportFormat::Json,
        Format::Html => ReportFormat::Html,
    };
    let language = args
        .lang
        .clone()
        .unwrap_or_else(|| crate::render::language().to_owned());
    // Codes remembered for the saved sites are scrubbed from the report too.
    let sites = SiteStore::new(default_path().unwrap_or_default());
    let session = Session::new(NetPolicy::from_env(), sites);
    let address = address.to_string();
    let (diagnosis, text) = match of_box(&session, &address, &opts, format, Some(&language)).await {
        Ok(done) => done,
        Err(e) => return fail(e, false),
    };
    match &args.out {
        // The exact document into the file, silently: the exit code says the rest.
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                let detail = format!("{}: {e}", path.display());
                return fail(
                    WireError::new(ErrorCode::ReportSaveFailed, Some(detail)),
                    false,
                );
            }
        }
        // Foreign words in it are escaped for its format; the terminal gets inert text anyway.
        None => say(&text),
    }
    exit_for(diagnosis.verdict)
}
