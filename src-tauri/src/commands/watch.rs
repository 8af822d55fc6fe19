//! Actions that restart the box, followed live: events stream to the window over a `Channel`;
//! one watch at a time, cancellable.

use std::net::SocketAddr;

use iot_https_core::box_api::BoxClient;
use iot_https_core::input;
use iot_https_core::watch::{follow, Action, BoxAction, WatchConfig, WatchEvent, WatchOutcome};
use iot_https_core::{BoxAddress, BoxReport, WireError};
use tauri::ipc::Channel;
use tauri::State;
use tokio_util::sync::CancellationToken;

use super::boxes::field_error;
use crate::keychain;
use crate::state::AppState;

async fn run(
    state: &AppState,
    address: &str,
    action: impl FnOnce(&BoxClient, &BoxReport) -> Action,
    on_event: Channel<WatchEvent>,
) -> Result<WatchOutcome, WireError> {
    let address = BoxAddress::parse(address)?;
    let client = BoxClient::connect(&address, state.policy).await?;
    let report = client.report().await?;
    let mut config = WatchConfig::for_box(&client);
    let target = client.http().target();
    if let Some(demo) = state.demo.matching(&target.to_string()).await {
        config.https = demo.https;
    } else if let Some(port) = iot_https_core::diagnose::https_port_from_env() {
        config.https = Some(SocketAddr::new(target.ip(), port));
    }
    let cancel = CancellationToken::new();
    if let Some(previous) = state.watch.lock().await.replace(cancel.clone()) {
        previous.cancel();
    }
    let action = action(&client, &report);
    let outcome = follow(
        &client,
        action,
        report.certificate_state,
        &config,
        &cancel,
        |event| {
            let _ = on_event.send(event);
        },
    )
    .await;
    Ok(outcome?)
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn save_credentials(
    address: String,
    db_uuid: String,
    contract_code: String,
    site_id: Option<String>,
    remember: bool,
    on_event: Channel<WatchEvent>,
    state: State<'_, AppState>,
) -> Result<WatchOutcome, WireError> {
    let db_uuid = input::db_uuid(&db_uuid).map_err(field_error)?;
    let code = input::contract_code(&contract_code).map_err(field_error)?;
    if let Some(site) = site_id.filter(|s| !s.is_empty()) {
        if remember {
            keychain::store(&site, &code)?;
            let _ = state.sites.set_has_stored_code(&site, true);
        } else {
            state.session_codes.lock().await.insert(site, code.clone());
        }
    }
    run(
        &state,
        &address,
        |_, _| Action::SaveCredentials {
            db_uuid,
            contract_code: code,
        },
        on_event,
    )
    .await
}

#[tauri::command]
pub async fn box_action(
    address: String,
    action: BoxAction,
    on_event: Channel<WatchEvent>,
    state: State<'_, AppState>,
) -> Result<WatchOutcome, WireError> {
    run(
        &state,
        &address,
        move |_client, report| action.for_box(report),
        on_event,
    )
    .await
}

#[tauri::command]
pub async fn cancel_watch(state: State<'_, AppState>) -> Result<(), WireError> {
    if let Some(token) = state.watch.lock().await.take() {
        token.cancel();
    }
    Ok(())
}
