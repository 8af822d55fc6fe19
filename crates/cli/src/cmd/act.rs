//! What the window's buttons do, headless: act on the box and follow it until its certificate
//! is ready or it says why not (core's `watch::follow`, the same as the window).
//!
//! - `iot-https act <host[:port]> <restart-odoo|reboot-box|retry> [--https-port N] [--ca PEM]... [--json]`
//! - `iot-https save-credentials <host[:port]> --db-uuid UUID [...]`: the contract code comes from
//!   `IOT_HTTPS_CONTRACT_CODE` or one line on standard input, never from the command line (other
//!   users of the machine can read a process's arguments).
//! - `iot-https pair <host[:port]> [--wait SECONDS] [--json]`: pair with a database's connection
//!   token (from `IOT_HTTPS_PAIRING_TOKEN` or standard input: it can hold the contract code) and
//!   wait until the box says it is paired.
//!
//! Human output prints one line per event on stderr and the outcome on stdout; `--json` prints
//! one object per line: `{"event": …}` as they happen, then `{"outcome": …}`.
//! Exit 0 certificate ready (or paired), 1 the box failed or the watch gave up, or nothing
//! secret was sent because the laptop's neighbour table contradicts the box (`BOX_MAC_MISMATCH`),
//! 2 usage or unreachable.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use iot_https_core::box_api::{pair_and_wait, ActionOutcome, BoxClient, PairingOutcome};
use iot_https_core::input::{self, InputError};
use iot_https_core::neighbours::{box_for_secrets, MacCheck};
use iot_https_core::watch::{follow, Action, BoxAction, WatchConfig, WatchEvent, WatchOutcome};
use iot_https_core::{BoxAddress, CoreError, ErrorCode, NetPolicy, WireError};
use tokio_util::sync::CancellationToken;

use crate::output::{fail, json_line, say, tell, usage, EXIT_ACTION_NEEDED};
use iot_https_core::safe_text::one_line;

/// The environment variable `save-credentials` reads the contract code from.
pub const CODE_VARIABLE: &str = "IOT_HTTPS_CONTRACT_CODE";
/// The environment variable `pair` reads the connection token from.
pub const TOKEN_VARIABLE: &str = "IOT_HTTPS_PAIRING_TOKEN";

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ActionArg {
    /// Restart Odoo on the box (it asks odoo.com for a certificate when it starts).
    RestartOdoo,
    /// Reboot the box (a Raspberry Pi; a Windows virtual IoT has no reboot route).
    RebootBox,
    /// Whatever makes this box's generation try again: read and watch up to saas-18.2,
    /// restart Odoo from saas-18.3.
    Retry,
}

impl From<ActionArg> for BoxAction {
    fn from(a: ActionArg) -> Self {
        match a {
            ActionArg::RestartOdoo => BoxAction::RestartOdoo,
            ActionArg::RebootBox => BoxAction::RebootBox,
            ActionArg::Retry => BoxAction::Retry,
        }
    }
}

/// Where the box's HTTPS port is and which extra CAs to trust, for "certificate ready".
#[derive(clap::Args)]
pub struct WatchArgs {
    /// The box's HTTPS port, watched for the new certificate.
    #[arg(long, default_value_t = 443)]
    https_port: u16,
    /// An extra trust anchor (PEM), e.g. the simulator's test CA; repeatable.
    #[arg(long, value_name = "PEM")]
    ca: Vec<PathBuf>,
    /// One JSON object per line instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ActArgs {
    /// The box: IP or name, optionally with :port.
    host: String,
    action: ActionArg,
    #[command(flatten)]
    watch: WatchArgs,
}

#[derive(clap::Args)]
pub struct SaveCredentialsArgs {
    /// The box: IP or name, optionally with :port.
    host: String,
    /// The database UUID (Odoo: Settings → Technical → System Parameters → database.uuid).
    #[arg(long, value_name = "UUID")]
    db_uuid: String,
    #[command(flatten)]
    watch: WatchArgs,
}

#[derive(clap::Args)]
pub struct PairArgs {
    /// The box: IP or name, optionally with :port.
    host: String,
    /// How long to wait for the box to say it is paired, in seconds.
    #[arg(long, default_value_t = 120)]
    wait: u64,
    /// One JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// A secret from the environment variable `name`, else one line of standard input: never from
/// the command line, which other users of the machine can read.
fn secret_input(name: &str, code: ErrorCode) -> Result<String, WireError> {
    if let Ok(text) = std::env::var(name) {
        return Ok(text);
    }
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(_) => Ok(line),
        Err(e) => Err(WireError::new(
            code,
            format!("Give it in {name} or on standard input."),
            Some(e.to_string()),
        )),
    }
}

fn field_error(e: InputError) -> WireError {
    WireError::new(e.code(), e.message.clone(), Some(format!("{:?}", e.field)))
}

pub async fn act(args: ActArgs) -> ExitCode {
    let json = args.watch.json;
    let (client, report) = match connect(&args.host).await {
        Ok(c) => c,
        Err(e) => return fail(e, json),
    };
    let action = BoxAction::from(args.action).for_box(&report);
    watch(&client, report, action, &args.watch).await
}

pub async fn save_credentials(args: SaveCredentialsArgs) -> ExitCode {
    let json = args.watch.json;
    let db_uuid = match input::db_uuid(&args.db_uuid) {
        Ok(u) => u,
        Err(e) => return fail(field_error(e), json),
    };
    let typed = match secret_input(CODE_VARIABLE, ErrorCode::InputInvalidContractCode) {
        Ok(text) => text,
        Err(e) => return fail(e, json),
    };
    let contract_code = match input::contract_code(typed.trim()) {
        Ok(c) => c,
        Err(e) => return fail(field_error(e), json),
    };
    let address = match BoxAddress::parse(&args.host) {
        Ok(a) => a,
        Err(e) => return fail(e, json),
    };
    // Read now and checked against the neighbour table: the one check of every secret path.
    let (client, report) = match box_for_secrets(&address, NetPolicy::from_env()).await {
        Ok(c) => c,
        Err(e) => return refused(e, json),
    };
    let action = Action::SaveCredentials {
        db_uuid,
        contract_code,
    };
    watch(&client, report, action, &args.watch).await
}

pub async fn pair(args: PairArgs) -> ExitCode {
    let typed = match secret_input(TOKEN_VARIABLE, ErrorCode::InputInvalidPairingToken) {
        Ok(text) => text,
        Err(e) => return fail(e, args.json),
    };
    let token = match input::pairing_token(&typed) {
        Ok(t) => t,
        Err(e) => return fail(field_error(e), args.json),
    };
    let address = match BoxAddress::parse(&args.host) {
        Ok(a) => a,
        Err(e) => return fail(e, args.json),
    };
    // The token can carry the contract code: core checks the box against the neighbour table
    // before sending it.
    let wait = Duration::from_secs(args.wait.max(1));
    match pair_and_wait(&address, NetPolicy::from_env(), &token, wait).await {
        Err(e) => refused(e, args.json),
        Ok(outcome) => {
            if args.json {
                json_line(&serde_json::json!({ "outcome": outcome }));
            } else {
                say(&one_line(&pairing_line(&outcome)));
            }
            ExitCode::from(if outcome.paired {
                0
            } else {
                EXIT_ACTION_NEEDED
            })
        }
    }
}

/// A failure before a secret was sent; a neighbour-table mismatch is printed as the finding
/// `BOX_MAC_MISMATCH` (catalogue texts) with the error, and exits 1: something to act on.
fn refused(e: CoreError, json: bool) -> ExitCode {
    let CoreError::MacMismatch {
        ip,
        ref reported,
        ref neighbour,
    } = e
    else {
        return fail(e, json);
    };
    let link = MacCheck::Mismatch {
        reported: reported.clone(),
        neighbour: neighbour.clone(),
    };
    let finding = iot_https_core::diagnose::mac_finding(&link, ip);
    let wire = WireError::from(e);
    if json {
        json_line(&serde_json::json!({ "error": wire, "findings": [finding] }));
    } else {
        if let Some(finding) = &finding {
            // The MACs are the box's and the neighbour table's words: through the one path.
            tell(&crate::render::finding_text(
                finding,
                crate::render::language(),
            ));
        }
        fail(wire, json);
    }
    ExitCode::from(EXIT_ACTION_NEEDED)
}

async fn connect(host: &str) -> Result<(BoxClient, iot_https_core::BoxReport), WireError> {
    let address = BoxAddress::parse(host)?;
    let client = BoxClient::connect(&address, NetPolicy::from_env()).await?;
    let report = client.report().await?;
    Ok((client, report))
}

async fn watch(
    client: &BoxClient,
    report: iot_https_core::BoxReport,
    action: Action,
    args: &WatchArgs,
) -> ExitCode {
    let mut config = WatchConfig::for_box(client);
    config.https = Some(SocketAddr::new(
        client.http().target().ip(),
        args.https_port,
    ));
    for path in &args.ca {
        if let Err(e) = config.anchors.add_pem_file(path) {
            return usage(format!("--ca {}: {e}", path.display()), args.json);
        }
    }
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.cancel();
        }
    });
    let json = args.json;
    let before = report.certificate_state.clone();
    let outcome = follow(client, action, before, &config, &cancel, |event| {
        if json {
            json_line(&serde_json::json!({ "event": event }));
        } else {
            // One event, one line: whatever the box put in it (a message, a certificate's
            // subject or text) cannot start another.
            tell(&one_line(&event_line(&event)));
        }
    })
    .await;
    match outcome {
        Err(e) => fail(e, json),
        Ok(outcome) => {
            if json {
                json_line(&serde_json::json!({ "outcome": outcome }));
            } else {
                say(&one_line(&outcome_line(&outcome)));
            }
            let ready = matches!(outcome, WatchOutcome::CertificateReady { .. });
            ExitCode::from(if ready { 0 } else { EXIT_ACTION_NEEDED })
        }
    }
}

fn seconds(ms: u64) -> String {
    format!("{:>6.1} s", ms as f64 / 1000.0)
}

fn event_line(event: &WatchEvent) -> String {
    use WatchEvent::*;
    match event {
        RequestSent { action, elapsed_ms } => format!("{}  sent: {action}", seconds(*elapsed_ms)),
        ActionAnswered {
            outcome,
            elapsed_ms,
        } => format!(
            "{}  the box answered: {}",
            seconds(*elapsed_ms),
            match outcome {
                ActionOutcome::Accepted { message: Some(m) } => one_line(m).into_owned(),
                ActionOutcome::Accepted { message: None } => "done".to_owned(),
                ActionOutcome::ConnectionDropped => "(connection dropped: restarting)".to_owned(),
            }
        ),
        BoxDown { elapsed_ms } => format!("{}  the box is restarting", seconds(*elapsed_ms)),
        BoxBack { elapsed_ms } => format!("{}  the box is back", seconds(*elapsed_ms)),
        CertificateChanged {
            certificate,
            elapsed_ms,
        } => format!(
            "{}  the box reports: {}",
            seconds(*elapsed_ms),
            one_line(&crate::render::certificate_state(certificate))
        ),
        ServedCertificateChanged { elapsed_ms, .. } => format!(
            "{}  the HTTPS port serves another certificate",
            seconds(*elapsed_ms)
        ),
        FamilyChanged { family, elapsed_ms } => format!(
            "{}  the box came back as {family} ({})",
            seconds(*elapsed_ms),
            family.odoo_versions()
        ),
        DownloadRetrying {
            failed_attempts,
            attempts,
            until,
            elapsed_ms,
            ..
        } => format!(
            "{}  odoo.com not reached {failed_attempts} of {attempts} times; the box retries until {}",
            seconds(*elapsed_ms),
            one_line(until)
        ),
    }
}

fn outcome_line(outcome: &WatchOutcome) -> String {
    use WatchOutcome::*;
    match outcome {
        CertificateReady {
            certificate,
            elapsed_ms,
            ..
        } => format!(
            "certificate ready after {} s: {}",
            elapsed_ms / 1000,
            one_line(&crate::render::certificate_state(certificate))
        ),
        CertificateFailed {
            certificate,
            elapsed_ms,
        } => format!(
            "no certificate after {} s: {} (run `iot-https diagnose` for what to do)",
            elapsed_ms / 1000,
            one_line(&crate::render::certificate_state(certificate))
        ),
        GaveUp {
            reason, elapsed_ms, ..
        } => format!(
            "gave up after {} s: {}",
            elapsed_ms / 1000,
            one_line(reason)
        ),
        Cancelled { elapsed_ms } => format!("cancelled after {} s", elapsed_ms / 1000),
    }
}

fn pairing_line(outcome: &PairingOutcome) -> String {
    let server = outcome
        .report
        .as_ref()
        .and_then(|r| match &r.status.pairing {
            iot_https_core::box_api::Pairing::Paired { server } => Some(server.clone()),
            _ => None,
        });
    match (outcome.paired, server) {
        (true, Some(server)) => format!(
            "paired with {} after {} s",
            one_line(&server),
            outcome.waited_ms / 1000
        ),
        (true, None) => format!("paired after {} s", outcome.waited_ms / 1000),
        (false, _) => format!(
            "not paired after {} s: the box does not report the database as its server yet",
            outcome.waited_ms / 1000
        ),
    }
}
