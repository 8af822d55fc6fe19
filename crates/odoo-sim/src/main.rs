//! `odoo-db-sim --config FILE` (or `--demo`): serves one stand-in Odoo server on loopback and
//! prints its URL, until interrupted. The config is the JSON form of `OdooServer`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use odoo_db_sim::OdooServer;

#[derive(Parser)]
#[command(
    name = "odoo-db-sim",
    about = "A stand-in Odoo server for fleet tests (loopback only)"
)]
struct Args {
    /// JSON file with the server: version, databases, users, boxes.
    #[arg(long, value_name = "FILE", conflicts_with = "demo")]
    config: Option<PathBuf>,
    /// A 19.0 server with two databases, boxes with and without end dates.
    #[arg(long)]
    demo: bool,
    /// Where to listen (loopback only).
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: std::net::SocketAddr,
}

const DEMO: &str = r#"{
  "version": "19.0",
  "databases": [
    { "name": "bakery", "users": [{ "login": "tech@example.com", "uid": 2, "apiKey": "demo-key" }],
      "boxes": [
        { "name": "Counter", "identifier": "10000000a1b2c3d4", "ip": "127.0.0.1",
          "version": "25.10", "sslCertificateEndDate": "2027-01-20 08:00:00" },
        { "name": "Kitchen", "identifier": "10000000e5f6a7b8", "ip": "127.0.0.2", "version": "25.10" }
      ] },
    { "name": "florist", "users": [{ "login": "tech@example.com", "uid": 2, "apiKey": "demo-key" }],
      "boxes": [
        { "name": "Till", "identifier": "10000000c0ffee00", "ip": "127.0.0.3",
          "version": "25.07", "sslCertificateEndDate": "2026-12-04 10:00:00" }
      ] }
  ]
}"#;

fn main() -> ExitCode {
    let args = Args::parse();
    let text = match (&args.config, args.demo) {
        (Some(path), _) => match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("odoo-db-sim: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        (None, true) => DEMO.to_owned(),
        (None, false) => {
            eprintln!("odoo-db-sim: pass --config FILE or --demo");
            return ExitCode::from(2);
        }
    };
    let mut server: OdooServer = match serde_json::from_str(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("odoo-db-sim: the config is not a server description: {e}");
            return ExitCode::from(2);
        }
    };
    server.bind = args.bind;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("odoo-db-sim: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        match odoo_db_sim::spawn(server).await {
            Ok(handle) => {
                println!("{}", handle.url());
                let _ = tokio::signal::ctrl_c().await;
                handle.shutdown().await;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("odoo-db-sim: {e}");
                ExitCode::from(2)
            }
        }
    })
}
