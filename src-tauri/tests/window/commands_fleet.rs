//! The Databases panel's commands through IPC on the mock runtime, against odoo-db-sim on
//! loopback and a memory keyring: a database added with its API key (the key goes to the
//! keyring and is never in any answer the webview gets), preferences, a check, the export's
//! refusal before a check, removal.

use std::sync::Arc;

use crate::common::{invoke, refused, seen, window_with, Dir};
use iot_https_app::keyring::{api_keys, MemoryKeyring};
use odoo_db_sim::OdooServer;
use serde_json::json;

const CANARY: &str = "CANARY-window-fleet-key-90d3";
const LOGIN: &str = "tech@example.com";

fn stand_in() -> odoo_db_sim::OdooSimHandle {
    // The box IP is data only: the fleet check reads it from the database, it contacts no box.
    tauri::async_runtime::block_on(odoo_db_sim::spawn(OdooServer::one_box(
        LOGIN,
        CANARY,
        "192.168.1.50",
    )))
    .unwrap()
}

#[test]
fn the_api_key_goes_to_the_keyring_and_never_back_to_the_webview() {
    let sim = stand_in();
    let dir = Dir::new("fleet");
    let keyring = Arc::new(MemoryKeyring::default());
    let w = window_with(&dir, keyring.clone());
    let connection = json!({"url": sim.url(), "database": "bakery", "login": LOGIN});

    assert_eq!(
        refused(&w, "fleet_export", json!({"format": "csv"})),
        "FLEET_NOT_CHECKED"
    );
    assert_eq!(
        refused(
            &w,
            "fleet_add_database",
            json!({"connection": connection, "apiKey": "   "})
        ),
        "INPUT_INVALID_ARGUMENT"
    );
    let added = invoke(
        &w,
        "fleet_add_database",
        json!({"connection": connection, "apiKey": CANARY}),
    )
    .unwrap();
    assert_eq!(added["keyKeptIn"], "keyring", "{added}");
    let key_id = invoke(&w, "fleet_view", json!({})).unwrap()["databases"][0]["keyId"]
        .as_str()
        .expect("the database's key id")
        .to_owned();
    let stored = api_keys::load(&*keyring, &key_id)
        .unwrap()
        .expect("in the keyring");
    assert_eq!(stored.expose(), CANARY);

    let settings = invoke(
        &w,
        "fleet_set_preferences",
        json!({"checkIntervalMinutes": 60, "thresholds":
            {"actionDays": 5, "actionShare": 0.1, "warnDays": 20, "warnShare": 0.3}}),
    )
    .unwrap();
    assert_eq!(settings["checkIntervalMinutes"], 60, "{settings}");

    let fleet = invoke(&w, "fleet_check", json!({"language": "en"})).unwrap();
    let rows = fleet["rows"].as_array().expect("the fleet's rows");
    assert_eq!(rows.len(), 1, "{fleet}");
    let view = invoke(&w, "fleet_view", json!({})).unwrap();
    assert!(view["last"].is_object(), "{view}");
    assert_eq!(
        refused(&w, "fleet_export", json!({"format": "pdf"})),
        "INPUT_INVALID_ARGUMENT"
    );

    // No answer or error the webview received in this process holds the key.
    let answers = seen();
    assert!(answers.len() >= 8);
    for answer in &answers {
        assert!(
            !answer.contains(CANARY),
            "the API key reached the webview: {answer}"
        );
    }

    invoke(&w, "fleet_remove_database", json!({"keyId": key_id})).unwrap();
    let view = invoke(&w, "fleet_view", json!({})).unwrap();
    assert_eq!(view["databases"], json!([]), "{view}");
    assert!(api_keys::load(&*keyring, &key_id).unwrap().is_none());
    tauri::async_runtime::block_on(sim.shutdown());
}
