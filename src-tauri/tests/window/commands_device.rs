//! The device check's commands through IPC on the mock runtime, against the demo box on
//! loopback: the check opens on loopback (test mode) with a one-time link and closes; LNA
//! policies only for an HTTPS Odoo origin; the payment terminals' port read on the box.

use crate::common::{channel, demo_box, demo_box_lock, invoke, refused, window, Dir};
use serde_json::json;

#[test]
fn the_device_check_opens_on_loopback_and_closes() {
    let _demo = demo_box_lock();
    let dir = Dir::new("device");
    let w = window(&dir);
    let address = demo_box(&w, json!(null));
    let info = invoke(
        &w,
        "start_device_check",
        json!({"address": address, "onEvent": channel()}),
    )
    .unwrap();
    let url = info["url"].as_str().expect("the one-time link");
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/c/"),
        "{info}"
    );
    assert!(info["qrSvg"].as_str().unwrap().contains("<svg"), "{info}");
    assert_eq!(
        invoke(&w, "close_device_check", json!({})).unwrap(),
        json!(null)
    );

    let terminals = invoke(&w, "check_payment_terminals", json!({"address": address})).unwrap();
    assert_eq!(
        terminals["worldlinePort"], 9001,
        "a Pi's Worldline port: {terminals}"
    );
    assert!(terminals["findings"].is_array(), "{terminals}");
}

#[test]
fn device_policies_only_for_an_https_odoo_origin() {
    let dir = Dir::new("policies");
    let w = window(&dir);
    let files = invoke(
        &w,
        "device_policies",
        json!({"origin": "https://shop.example.com"}),
    )
    .unwrap();
    let files = files.as_array().unwrap();
    assert!(!files.is_empty());
    assert!(
        files
            .iter()
            .all(|f| f["content"].as_str().unwrap().contains("shop.example.com")),
        "{files:?}"
    );
    assert_eq!(
        refused(
            &w,
            "device_policies",
            json!({"origin": "http://shop.example.com"})
        ),
        "INPUT_INVALID_ADDRESS"
    );
}
