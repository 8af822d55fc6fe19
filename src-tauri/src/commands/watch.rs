//! Actions that restart the box, followed live: the application's `act_and_follow` and
//! `save_and_follow`, with events streamed to the window over a `Channel`; one watch at a
//! time, cancellable.

use iot_https_app::follow::{
    act_and_follow, save_and_follow, CodeInput, FollowSetup, SaveCredentials,
};
use iot_https_core::watch::{BoxAction, WatchEvent, WatchOutcome};
use iot_https_core::{BoxAddress, WireError};
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

/// The demo box serves its certificate on its own port, from its own test CA.
async fn setup(state: &AppState, address: &str) -> Result<FollowSetup, WireError> {
    let mut setup = FollowSetup::default();
    if state.demo.running().await.is_none() {
        return Ok(setup);
    }
    let target = BoxAddress::parse(address)?.resolve(&state.policy).await?;
    if let Some(demo) = state.demo.matching(&target.to_string()).await {
        setup.https = demo.https;
        setup.ca_pems.push(demo.ca_pem.clone());
    }
    Ok(setup)
}

/// Saves the credentials on the box and follows its restart. The code is the one typed, or
/// the one stored for `stored_code_of` — read in Rust, never sent by the page — and goes to
/// another box than that site's only with `choice`, the one-time token `connect_box` issued.
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
    let code = match stored_code_of {
        Some(site_id) if !site_id.is_empty() => CodeInput::StoredOf { site_id, choice },
        _ => CodeInput::Typed {
            code: contract_code.unwrap_or_default(),
            remember,
        },
    };
    let setup = setup(&state, &address).await?;
    let input = SaveCredentials {
        address,
        db_uuid,
        code,
        record_site: true,
    };
    let on_event = |event| {
        let _ = on_event.send(event);
    };
    Ok(save_and_follow(&state, input, &setup, &on_event).await?)
}

#[tauri::command]
pub async fn box_action(
    address: String,
    action: BoxAction,
    on_event: Channel<WatchEvent>,
    state: State<'_, AppState>,
) -> Result<WatchOutcome, WireError> {
    let setup = setup(&state, &address).await?;
    let on_event = |event| {
        let _ = on_event.send(event);
    };
    act_and_follow(&state, &address, action, &setup, &on_event).await
}

#[tauri::command]
pub async fn cancel_watch(state: State<'_, AppState>) -> Result<(), WireError> {
    state.cancel_watch().await;
    Ok(())
}
