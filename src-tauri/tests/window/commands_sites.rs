//! The Sites tab's commands through IPC on the mock runtime: a connected demo box saved as its
//! own site, listed, checked with the others, forgotten; a scan of loopback and its cancel; a
//! found site only from what a scan found; core's countdowns.

use crate::common::{channel, demo_box, demo_box_lock, invoke, refused, window, Dir};
use serde_json::json;

#[test]
fn a_connected_box_becomes_a_site_is_checked_and_is_forgotten() {
    let _demo = demo_box_lock();
    let dir = Dir::new("sites");
    let w = window(&dir);
    let empty = invoke(&w, "list_sites", json!({})).unwrap();
    assert_eq!(empty["sites"], json!([]), "{empty}");

    let address = demo_box(&w, json!(null));
    // Only a box this session read can be remembered: the site is made from what Rust read.
    assert_eq!(
        refused(&w, "remember_box", json!({"address": address})),
        "INPUT_INVALID_ARGUMENT"
    );
    invoke(
        &w,
        "connect_box",
        json!({"address": address, "boxTimeoutS": null, "onProgress": channel()}),
    )
    .unwrap();
    let site = invoke(&w, "remember_box", json!({"address": address})).unwrap();
    assert_eq!(site["address"], address.as_str(), "{site}");
    assert!(
        site["identifier"].is_string() && site["mac"].is_string(),
        "{site}"
    );
    let id = site["id"].as_str().unwrap().to_owned();

    let listed = invoke(&w, "list_sites", json!({})).unwrap();
    assert_eq!(listed["sites"].as_array().unwrap().len(), 1, "{listed}");

    let checked = invoke(
        &w,
        "check_all_sites",
        json!({"onEvent": channel(), "boxTimeoutS": null}),
    )
    .unwrap();
    assert_eq!(checked, json!(1), "one saved site checked");

    invoke(&w, "delete_site", json!({"id": id})).unwrap();
    let after = invoke(&w, "list_sites", json!({})).unwrap();
    assert_eq!(after["sites"], json!([]), "{after}");
}

/// A sweep of loopback answers in the `SweepReport` shape; a range that does not parse is
/// refused before any packet; cancelling with no sweep running is fine.
#[test]
fn scan_network_sweeps_loopback_and_cancel_scan_stops_it() {
    let dir = Dir::new("scan");
    let w = window(&dir);
    let report = invoke(
        &w,
        "scan_network",
        json!({"cidr": "127.0.0.1/32", "onEvent": channel()}),
    )
    .unwrap();
    assert_eq!(report["total"], 1, "{report}");
    assert!(report["found"].is_array(), "{report}");

    assert_eq!(
        refused(
            &w,
            "scan_network",
            json!({"cidr": "127.0.0.1/99", "onEvent": channel()})
        ),
        "INPUT_INVALID_ADDRESS"
    );
    assert_eq!(invoke(&w, "cancel_scan", json!({})).unwrap(), json!(null));
}

/// `add_found_site` takes only an address the latest scan found (the page cannot hand it a
/// box of its own making).
#[test]
fn add_found_site_refuses_an_address_no_scan_found() {
    let dir = Dir::new("found");
    let w = window(&dir);
    assert_eq!(
        refused(&w, "add_found_site", json!({"address": "127.0.0.1:8069"})),
        "INPUT_INVALID_ARGUMENT"
    );
    let listed = invoke(&w, "list_sites", json!({})).unwrap();
    assert_eq!(listed["sites"], json!([]), "{listed}");
}

/// Core's days left for each saved end date, `null` where a site has none.
#[test]
fn certificate_countdowns_are_cores_validity() {
    let dir = Dir::new("countdowns");
    let w = window(&dir);
    let answer = invoke(
        &w,
        "certificate_countdowns",
        json!({"ends": ["2000-01-01T00:00:00Z", null]}),
    )
    .unwrap();
    let list = answer.as_array().unwrap();
    assert_eq!(list.len(), 2, "{answer}");
    assert_eq!(list[0]["state"], "expired", "{answer}");
    assert!(list[0]["daysLeft"].as_i64().unwrap() < 0, "{answer}");
    assert_eq!(list[1], json!(null), "{answer}");
}
