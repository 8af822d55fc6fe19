//! Saving credentials and acting on a box through IPC on the mock runtime, against the demo
//! box on loopback, followed to the end: the typed contract code reaches the box and never
//! comes back in any answer or error the webview gets (canary), and a restart is followed until
//! the box answers again.

use crate::common::{channel, demo_box, demo_box_lock, invoke, seen, window, Dir};
use serde_json::json;

const CODE: &str = "M2026CANARY7415";
const DB_UUID: &str = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

#[test]
fn typed_credentials_are_saved_followed_and_never_echoed() {
    let _demo = demo_box_lock();
    let dir = Dir::new("credentials");
    let w = window(&dir);
    let pick =
        json!({"family": "iot-drivers", "flavour": "linux", "scenario": "credentials-missing"});
    let address = demo_box(&w, pick);
    invoke(
        &w,
        "connect_box",
        json!({"address": address, "boxTimeoutS": null, "onProgress": channel()}),
    )
    .unwrap();
    let outcome = invoke(
        &w,
        "save_credentials",
        json!({
            "address": address,
            "dbUuid": DB_UUID,
            "contractCode": CODE,
            "storedCodeOf": null,
            "choice": null,
            "remember": false,
            "onEvent": channel(),
        }),
    );
    let outcome = outcome.expect("the save is followed to an outcome");
    // The box fetched its certificate with them (the simulated odoo.com issued it).
    assert_eq!(outcome["result"], "certificateReady", "{outcome}");
    assert_eq!(outcome["servedChanged"], true, "{outcome}");

    // The box has the credentials now: it reports the database and that a code is present.
    let connected = invoke(
        &w,
        "connect_box",
        json!({"address": address, "boxTimeoutS": null, "onProgress": channel()}),
    )
    .unwrap();
    assert_eq!(connected["credentials"]["dbUuid"], DB_UUID, "{connected}");

    for answer in seen() {
        assert!(
            !answer.contains(CODE),
            "the contract code reached the webview: {answer}"
        );
    }
}

#[test]
fn a_restart_is_followed_until_the_box_answers_again() {
    let _demo = demo_box_lock();
    let dir = Dir::new("restart");
    let w = window(&dir);
    let address = demo_box(&w, json!(null));
    let outcome = invoke(
        &w,
        "box_action",
        json!({"address": address, "action": "restartOdoo", "onEvent": channel()}),
    )
    .expect("the restart is followed to an outcome");
    assert_eq!(outcome["result"], "certificateReady", "{outcome}");
}
