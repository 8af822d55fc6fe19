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
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use iot_https_app::errors::Refusal;
use iot_https_app::follow::{
    act_and_follow, save_and_follow, CodeInput, FollowSetup, SaveCredentials,
};
use iot_https_app::Session;
use iot_https_core::safe_text::one_line;
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::watch::{BoxAction, WatchEvent, WatchOutcome};
use iot_https_core::{ErrorCode, NetPolicy, WireError};

use crate::output::{fail, json_line, say, tell, EXIT_ACTION_NEEDED};

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
        Err(e) => Err(WireError::new(code, Some(format!("{name}: {e}")))),
    }
}

/// The session of one run: the policy from the environment, the window's sites file (a
/// one-shot save from a script records nothing in it: `record_site: false`).
fn session() -> Session {
    let sites = default_path().unwrap_or_default();
    Session::new(NetPolicy::from_env(), SiteStore::new(sites))
}

fn setup(args: &WatchArgs) -> FollowSetup {
    FollowSetup {
        https_port: Some(args.https_port),
        ca_files: args.ca.clone(),
        ..FollowSetup::default()
    }
}

pub async fn act(args: ActArgs) -> ExitCode {
    let session = session();
    let json = args.watch.json;
    let on_event = event_printer(json);
    let outcome = cancellable(
        &session,
        act_and_follow(
            &session,
            &args.host,
            BoxAction::from(args.action),
            &setup(&args.watch),
            &on_event,
        ),
    )
    .await;
    finish(outcome, json)
}

pub async fn save_credentials(args: SaveCredentialsArgs) -> ExitCode {
    let json = args.watch.json;
    let typed = match secret_input(CODE_VARIABLE, ErrorCode::InputInvalidContractCode) {
        Ok(text) => text,
        Err(e) => return fail(e, json),
    };
    let session = session();
    let input = SaveCredentials {
        address: args.host.clone(),
        db_uuid: args.db_uuid.clone(),
        code: CodeInput::Typed {
            code: typed.trim().to_owned(),
            remember: false,
        },
        record_site: false,
    };
    let on_event = event_printer(json);
    let outcome = cancellable(
        &session,
        save_and_follow(&session, input, &setup(&args.watch), &on_event),
    )
    .await;
    match outcome {
        Err(refusal) => refused(refusal, json),
        Ok(outcome) => finish(Ok(outcome), json),
    }
}

pub async fn pair(args: PairArgs) -> ExitCode {
    let typed = match secret_input(TOKEN_VARIABLE, ErrorCode::InputInvalidPairingToken) {
        Ok(text) => text,
        Err(e) => return fail(e, args.json),
    };
    let wait = Some(Duration::from_secs(args.wait));
    match iot_https_app::care::pair(NetPolicy::from_env(), &args.host, &typed, wait).await {
        Err(e) => refused(e, args.json),
        Ok(outcome) => {
            if args.json {
                json_line(&serde_json::json!({ "outcome": outcome }));
            } else {
                say(&one_line(&crate::render::pairing_line(&outcome)));
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
fn refused(refusal: Refusal, json: bool) -> ExitCode {
    let Some(finding) = refusal.finding else {
        return fail(refusal.error, json);
    };
    if json {
        json_line(&serde_json::json!({ "error": refusal.error, "findings": [finding] }));
    } else {
        // The MACs are the box's and the neighbour table's words: through the one path.
        tell(&crate::render::finding_text(
            &finding,
            crate::render::language(),
        ));
        fail(refusal.error, json);
    }
    ExitCode::from(EXIT_ACTION_NEEDED)
}

/// Ctrl-C cancels the session's watch, which then ends as `cancelled`.
async fn cancellable<T>(session: &Session, work: impl std::future::Future<Output = T>) -> T {
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(work);
    tokio::select! {
        done = &mut work => done,
        _ = stop => {
            session.cancel_watch().await;
            work.await
        }
    }
}

/// One line per event on stderr, or one JSON object per line.
fn event_printer(json: bool) -> impl Fn(WatchEvent) + Send + Sync {
    move |event| {
        if json {
            json_line(&serde_json::json!({ "event": event }));
        } else {
            // One event, one line: whatever the box put in it (a message, a certificate's
            // subject or text) cannot start another.
            tell(&one_line(&crate::render::event_line(&event)));
        }
    }
}

fn finish(outcome: Result<WatchOutcome, WireError>, json: bool) -> ExitCode {
    match outcome {
        Err(e) => fail(e, json),
        Ok(outcome) => {
            if json {
                json_line(&serde_json::json!({ "outcome": outcome }));
            } else {
                say(&one_line(&crate::render::outcome_line(&outcome)));
            }
            let ready = matches!(outcome, WatchOutcome::CertificateReady { .. });
            ExitCode::from(if ready { 0 } else { EXIT_ACTION_NEEDED })
        }
    }
}
