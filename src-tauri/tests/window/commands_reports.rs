//! The Done step's and the watch's commands through IPC on the mock runtime: reports only from
//! the diagnosis Rust made, `open_url` only to a connected box's HTTPS page (core `box_url`),
//! the clipboard, and the commands that act on a box refused before any packet outside the
//! policy. The dialogs of "Save as…" are not opened here: the mock runtime has none, so the
//! save commands are tested up to the point where they would ask.

use crate::common::{channel, demo_box, demo_box_lock, invoke, refused, window, Dir};
use serde_json::json;

#[test]
fn a_report_is_rendered_only_from_the_diagnosis_rust_made() {
    let _demo = demo_box_lock();
    let dir = Dir::new("reports");
    let w = window(&dir);
    let report = json!({"format": "markdown", "language": "en"});
    assert_eq!(
        refused(&w, "export_report", report.clone()),
        "REPORT_NO_DIAGNOSIS"
    );
    assert_eq!(
        refused(&w, "save_report", report.clone()),
        "REPORT_NO_DIAGNOSIS"
    );

    let address = demo_box(&w, json!(null));
    invoke(
        &w,
        "diagnose_box",
        json!({"address": address, "boxTimeoutS": null, "onProgress": channel()}),
    )
    .unwrap();
    let text = invoke(&w, "export_report", report).unwrap();
    let text = text.as_str().expect("the report's text");
    assert!(
        text.contains("CERT_VALID") || text.contains(&address),
        "{text}"
    );
    let french = invoke(
        &w,
        "export_report",
        json!({"format": "json", "language": "fr"}),
    )
    .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(french.as_str().unwrap()).unwrap();
    assert!(parsed.is_object(), "{parsed}");
}

/// Only a connected box's HTTPS page opens; anything else is refused before the opener is
/// asked (no browser starts in this test).
#[test]
fn open_url_refuses_every_address_outside_the_allow_list() {
    let _demo = demo_box_lock();
    let dir = Dir::new("open");
    let w = window(&dir);
    let address = demo_box(&w, json!(null));
    invoke(
        &w,
        "connect_box",
        json!({"address": address, "boxTimeoutS": null, "onProgress": channel()}),
    )
    .unwrap();
    for url in [
        "https://www.odoo.com/",
        "http://127.0.0.1/",
        "https://192.0.2.7/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://127.0.0.1@192.0.2.7/",
        "",
    ] {
        assert_eq!(
            refused(&w, "open_url", json!({"url": url})),
            "INPUT_INVALID_ARGUMENT",
            "{url}"
        );
    }
}

/// The clipboard answers in the wire shape: done, or `CLIPBOARD_FAILED` where the test runs
/// without a display.
#[test]
fn copy_text_answers_in_the_wire_shape() {
    let dir = Dir::new("copy");
    let w = window(&dir);
    match invoke(&w, "copy_text", json!({"text": "iot-https test"})) {
        Ok(done) => assert_eq!(done, json!(null)),
        Err(err) => assert_eq!(err["code"], "CLIPBOARD_FAILED", "{err}"),
    }
}

/// Acting on a box, saving its log: refused by the loopback-only policy before any packet
/// (192.0.2.1 is TEST-NET data, never contacted). Cancelling with no watch running is fine.
#[test]
fn box_commands_outside_the_policy_are_refused_before_any_packet() {
    let dir = Dir::new("act");
    let w = window(&dir);
    assert_eq!(
        refused(
            &w,
            "box_action",
            json!({"address": "192.0.2.1", "action": "restartOdoo", "onEvent": channel()})
        ),
        "NET_POLICY_REFUSED"
    );
    assert_eq!(
        refused(&w, "save_box_logs", json!({"address": "192.0.2.1"})),
        "NET_POLICY_REFUSED"
    );
    assert_eq!(invoke(&w, "cancel_watch", json!({})).unwrap(), json!(null));
}
