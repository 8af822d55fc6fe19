//! Actions that restart the box, followed live: events stream to the window over a `Channel`;
//! one watch at a time, cancellable.

use std::net::SocketAddr;

use iot_https_core::box_api::BoxClient;
use iot_https_core::input;
use iot_https_core::neighbours;
use iot_https_core::watch::{follow, Action, BoxAction, WatchConfig, WatchEvent, WatchOutcome};
use iot_https_core::{BoxAddress, BoxReport, WireError};
use tauri::ipc::Channel;
use tauri::State;
use tokio_util::sync::CancellationToken;

use iot_https_core::sites::{codes, codes::CodeChoice, BoxIdentity};

use super::boxes::field_error;
use super::sites::{code_error, store_error};
use crate::state::{blocking, AppState};

/// Follows `action` on a box already read (`client`, `report`) until the certificate is served
/// and verifies, or why not.
async fn follow_action(
    state: &AppState,
    client: &BoxClient,
    report: &BoxReport,
    action: Action,
    on_event: Channel<WatchEvent>,
) -> Result<WatchOutcome, WireError> {
    let mut config = WatchConfig::for_box(client);
    let target = client.http().target();
    if let Some(demo) = state.demo.matching(&target.to_string()).await {
        config.https = demo.https;
        let _ = config.anchors.add_pem(&demo.ca_pem);
    } else if let Some(port) = iot_https_core::diagnose::https_port_from_env() {
        config.https = Some(SocketAddr::new(target.ip(), port));
    }
    let cancel = CancellationToken::new();
    if let Some(previous) = state.watch.lock().await.replace(cancel.clone()) {
        previous.cancel();
    }
    let outcome = follow(
        client,
        action,
        report.certificate_state.clone(),
        &config,
        &cancel,
        |event| {
            let _ = on_event.send(event);
        },
    )
    .await;
    Ok(outcome?)
}

async fn read_box(state: &AppState, address: &str) -> Result<(BoxClient, BoxReport), WireError> {
    let address = BoxAddress::parse(address)?;
    let client = BoxClient::connect(&address, state.policy).await?;
    let report = client.report().await?;
    Ok((client, report))
}

/// Saves the credentials on the box and follows its restart. The code is the one typed, or
/// the one stored for `stored_code_of` — read here, in Rust, and sent to another box than that
/// site's (or with another database) only with `choice`, the one-time token `connect_box`
/// issued when it showed the technician both identities; it is used up here, and only counts
/// when the box read now is still the box that was shown.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn save_credentials(
    address: String,
    db_uuid: String,
    contract_code: Option<String>,
    stored_code_of: Option<String>,
    choice: Option<String>,
    remember: bool,
    on_event: Channel<WatchEvent>,
    state: State<'_, AppState>,
) -> Result<WatchOutcome, WireError> {
    let db_uuid = input::db_uuid(&db_uuid).map_err(field_error)?;
    let typed_code = match stored_code_of {
        Some(ref s) if !s.is_empty() => None,
        _ => Some(
            input::contract_code(contract_code.as_deref().unwrap_or_default())
                .map_err(field_error)?,
        ),
    };
    // Read now and checked against the neighbour table: the one check of every secret path.
    let (client, report) =
        neighbours::box_for_secrets(&BoxAddress::parse(&address)?, state.policy).await?;
    let choice = match (typed_code, stored_code_of) {
        (Some(code), _) => CodeChoice::Typed(code),
        (None, site_id) => {
            let site_id = site_id.unwrap_or_default();
            let seen = BoxIdentity::of_status(&report.status);
            let other_box_confirmed = choice.is_some_and(|token| {
                state
                    .choices
                    .consume(&token, &site_id, &seen, &report.status.address)
            });
            CodeChoice::StoredOf {
                site_id,
                other_box_confirmed,
            }
        }
    };
    let typed = matches!(choice, CodeChoice::Typed(_));
    let (store, vault, seen, db) = (
        state.sites.clone(),
        state.vault(),
        report.clone(),
        db_uuid.clone(),
    );
    let code = blocking(move || {
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
    .await?;
    let action = Action::SaveCredentials {
        db_uuid,
        contract_code: code,
    };
    follow_action(&state, &client, &report, action, on_event).await
}

#[tauri::command]
pub async fn box_action(
    address: String,
    action: BoxAction,
    on_event: Channel<WatchEvent>,
    state: State<'_, AppState>,
) -> Result<WatchOutcome, WireError> {
    let (client, report) = read_box(&state, &address).await?;
    let action = action.for_box(&report);
    follow_action(&state, &client, &report, action, on_event).await
}

#[tauri::command]
pub async fn cancel_watch(state: State<'_, AppState>) -> Result<(), WireError> {
    if let Some(token) = state.watch.lock().await.take() {
        token.cancel();
    }
    Ok(())
}
