//! Actions that restart the box, followed until its certificate is served and verifies, or
//! why not: restart Odoo, reboot, retry (`act_and_follow`), and saving the credentials
//! (`save_and_follow`). Events go to a `Progress<WatchEvent>`; one watch per session.

use std::net::SocketAddr;
use std::path::PathBuf;

use iot_https_core::box_api::BoxClient;
use iot_https_core::neighbours;
use iot_https_core::sites::{codes, codes::CodeChoice, BoxIdentity};
use iot_https_core::watch::{follow, Action, BoxAction, WatchConfig, WatchEvent, WatchOutcome};
use iot_https_core::{input, BoxAddress, ErrorCode, NetPolicy, WireError};

use crate::errors::{blocking, code_error, field_error, store_error, Refusal};
use crate::progress::Progress;
use crate::session::Session;

/// Where the new certificate will be served and what it must chain to.
#[derive(Debug, Clone, Default)]
pub struct FollowSetup {
    /// The HTTPS port on the box's address (default 443, or `IOT_HTTPS_HTTPS_PORT` in test
    /// and demo mode).
    pub https_port: Option<u16>,
    /// Another HTTPS address (the demo box serves on its own loopback port).
    pub https: Option<SocketAddr>,
    /// Extra trust anchors, PEM text (the demo's test CA).
    pub ca_pems: Vec<String>,
    /// Extra trust anchors, PEM files (`--ca`).
    pub ca_files: Vec<PathBuf>,
}

/// What the technician chose for the contract code to send.
pub enum CodeInput {
    /// Typed now; `remember` stores it in the keyring for this box, else for this session.
    Typed { code: String, remember: bool },
    /// The code stored for the site `site_id`; `choice` is the one-time token `connect` issued
    /// when it showed another box's site (used up here).
    StoredOf {
        site_id: String,
        choice: Option<String>,
    },
}

pub struct SaveCredentials {
    pub address: String,
    pub db_uuid: String,
    pub code: CodeInput,
    /// The box's own site is paired with the database and a typed code is kept (keyring or
    /// session); off for a one-shot save from a script.
    pub record_site: bool,
}

async fn read(
    policy: NetPolicy,
    address: &str,
) -> Result<(BoxClient, iot_https_core::BoxReport), WireError> {
    let address = BoxAddress::parse(address)?;
    let client = BoxClient::connect(&address, policy).await?;
    let report = client.report().await?;
    Ok((client, report))
}

fn config(client: &BoxClient, setup: &FollowSetup) -> Result<WatchConfig, WireError> {
    let mut config = WatchConfig::for_box(client);
    let ip = client.http().target().ip();
    let port = setup
        .https_port
        .or_else(iot_https_core::diagnose::https_port_from_env);
    if let Some(at) = setup.https {
        config.https = Some(at);
    } else if let Some(port) = port {
        config.https = Some(SocketAddr::new(ip, port));
    }
    let bad_ca = |what: String, e: String| {
        WireError::new(
            ErrorCode::InputInvalidArgument,
            Some(format!("{what}: {e}")),
        )
    };
    for pem in &setup.ca_pems {
        config
            .anchors
            .add_pem(pem)
            .map_err(|e| bad_ca("CA".into(), e.to_string()))?;
    }
    for path in &setup.ca_files {
        config
            .anchors
            .add_pem_file(path)
            .map_err(|e| bad_ca(format!("--ca {}", path.display()), e.to_string()))?;
    }
    Ok(config)
}

async fn run(
    session: &Session,
    client: &BoxClient,
    report: &iot_https_core::BoxReport,
    action: Action,
    setup: &FollowSetup,
    on_event: &dyn Progress<WatchEvent>,
) -> Result<WatchOutcome, WireError> {
    let mut config = config(client, setup)?;
    // The box's own subject (its site's, else its database record's): the name its new
    // certificate must carry when the box names none itself (18.3+). Not when the action pairs
    // it with another database, whose certificate has another subject.
    let same_database = match &action {
        Action::SaveCredentials { db_uuid, .. } => {
            report
                .status
                .credentials
                .db_uuid
                .as_deref()
                .map(str::to_ascii_lowercase)
                == Some(db_uuid.to_ascii_lowercase())
        }
        Action::Pair(_) => false,
        _ => true,
    };
    if same_database {
        let seen = BoxIdentity::of_status(&report.status);
        config.known_subject = crate::names::subject_of(session, &seen).await?;
    }
    let cancel = session.start_watch().await;
    let before = report.certificate_state.clone();
    let outcome = follow(client, action, before, &config, &cancel, |event| {
        on_event.report(event)
    })
    .await;
    Ok(outcome?)
}

/// Restart Odoo, reboot, or retry — which, for a retry, is core's rule per family
/// (`BoxAction::for_box`) — and follow the box.
pub async fn act_and_follow(
    session: &Session,
    address: &str,
    action: BoxAction,
    setup: &FollowSetup,
    on_event: &dyn Progress<WatchEvent>,
) -> Result<WatchOutcome, WireError> {
    let (client, report) = read(session.policy, address).await?;
    let action = action.for_box(&report);
    run(session, &client, &report, action, setup, on_event).await
}

/// Saves the database UUID and the contract code on the box and follows its restart. A stored
/// code goes to another box than its site's (or with another database) only with the one-time
/// choice, and only while the box read now is still the box that was shown; no secret goes to
/// a box whose MAC the neighbour table contradicts (`Refusal` then carries `BOX_MAC_MISMATCH`).
pub async fn save_and_follow(
    session: &Session,
    input: SaveCredentials,
    setup: &FollowSetup,
    on_event: &dyn Progress<WatchEvent>,
) -> Result<WatchOutcome, Refusal> {
    let db_uuid = input::db_uuid(&input.db_uuid).map_err(field_error)?;
    // A typed code is checked before anything is sent.
    if let CodeInput::Typed { code, .. } = &input.code {
        input::contract_code(code).map_err(field_error)?;
    }
    // Read now and checked against the neighbour table: the one check of every secret path.
    let address = BoxAddress::parse(&input.address).map_err(WireError::from)?;
    let (client, report) = neighbours::box_for_secrets(&address, session.policy).await?;
    let (choice, remember) = match input.code {
        CodeInput::Typed { code, remember } => (
            CodeChoice::Typed(input::contract_code(&code).map_err(field_error)?),
            remember,
        ),
        CodeInput::StoredOf { site_id, choice } => {
            let seen = BoxIdentity::of_status(&report.status);
            let other_box_confirmed = choice.is_some_and(|token| {
                session
                    .choices
                    .consume(&token, &site_id, &seen, &report.status.address)
            });
            let choice = CodeChoice::StoredOf {
                site_id,
                other_box_confirmed,
            };
            (choice, false)
        }
    };
    let code = match (choice, input.record_site) {
        // A one-shot save from a script: the code typed goes to the box and nowhere else.
        (CodeChoice::Typed(code), false) => code,
        (choice, _) => keep_code(session, &report, &db_uuid, choice, remember).await?,
    };
    let action = Action::SaveCredentials {
        db_uuid,
        contract_code: code,
    };
    Ok(run(session, &client, &report, action, setup, on_event).await?)
}

/// The code to send under core's rules (`sites::codes`), and where it is kept: the keyring for
/// this box when remembered, else this session; the box's own site is paired with `db_uuid`.
async fn keep_code(
    session: &Session,
    report: &iot_https_core::BoxReport,
    db_uuid: &str,
    choice: CodeChoice,
    remember: bool,
) -> Result<iot_https_core::secret::Secret, WireError> {
    let typed = matches!(choice, CodeChoice::Typed(_));
    let (store, vault, seen, db) = (
        session.sites.clone(),
        session.vault(),
        report.clone(),
        db_uuid.to_owned(),
    );
    blocking(move || {
        let code = codes::code_to_send(&store, &vault, &seen, &db, choice).map_err(code_error)?;
        if typed && remember {
            codes::remember_code(&store, &vault, &seen, &db, &code).map_err(code_error)?;
        } else {
            codes::saving_to(&store, &seen, &db).map_err(store_error)?;
        }
        if typed && !remember {
            let mut identity = BoxIdentity::of_status(&seen.status);
            identity.db_uuid = Some(db.to_ascii_lowercase());
            if let Some(account) = identity.code_account() {
                vault.session.insert(account, code.clone());
            }
        }
        Ok(code)
    })
    .await
}
