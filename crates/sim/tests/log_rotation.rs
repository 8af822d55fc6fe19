//! A Pi's log rotates at logrotate's `size 100M copytruncate` (the image builder's
//! `etc/logrotate.d/odoo` @43ffd53a, docs/protocol/logs.md "Rotation"): the old content becomes
//! `odoo-server.log.1`, the current file starts mid-run without Odoo's start line. The size is
//! `SimConfig::log_rotate_bytes` (tests: a few KB). The Windows IoT never rotates.

mod common;

use std::net::SocketAddr;

use common::*;
use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle, ODOO_LOG_ROTATE_BYTES};

const START: &str = "HTTP service (werkzeug) running on";
const LIMIT: usize = 2048;

async fn spawn(flavour: Flavour) -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        log_rotate_bytes: LIMIT,
        nginx: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
        ..cfg(
            Family::HwPosboxStatus,
            flavour,
            Scenario::LoadRequestException,
        )
    })
    .await
    .unwrap()
}

async fn iot_logs(s: &SimHandle) -> String {
    let v = get(s.http_addr(), "/hw_posbox_homepage/iot_logs")
        .await
        .unwrap()
        .json();
    v["logs"].as_str().unwrap().to_owned()
}

/// Each status read asks odoo.com, fails and logs it: the log grows past the limit.
async fn grow(s: &SimHandle) {
    for _ in 0..40 {
        get(s.http_addr(), "/hw_posbox_homepage/data")
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_pi_log_rotates_to_log_1_and_starts_again_mid_run() {
    assert_eq!(
        SimConfig::demo().log_rotate_bytes,
        100 * 1024 * 1024,
        "Odoo's size"
    );
    assert_eq!(ODOO_LOG_ROTATE_BYTES, 100 * 1024 * 1024);
    let s = spawn(Flavour::Linux).await;
    assert!(
        iot_logs(&s).await.contains(START),
        "a fresh log has the start line"
    );
    grow(&s).await;
    let current = iot_logs(&s).await;
    assert!(
        !current.contains(START),
        "the start line rotated away: {current}"
    );
    assert!(current.len() <= LIMIT + 1, "{}", current.len());
    let nginx = s.nginx_addr().expect("a Pi's nginx");
    let listing = get(nginx, "/odoo-logs/odoo/").await.unwrap().body;
    assert!(
        listing.contains("href=\"odoo-server.log.1\"")
            && listing.contains("href=\"odoo-server.log\""),
        "{listing}"
    );
    let rotated = get(nginx, "/odoo-logs/odoo/odoo-server.log.1")
        .await
        .unwrap();
    assert_eq!(rotated.status, 200);
    assert!(
        rotated.body.contains("trying to reach odoo.com"),
        "{}",
        rotated.body
    );
    // nginx's own copy of the current file is the one Odoo's route serves.
    let file = get(nginx, "/odoo-logs/odoo/odoo-server.log")
        .await
        .unwrap()
        .body;
    assert!(!file.contains(START));
    s.shutdown().await;
}

#[tokio::test]
async fn a_windows_log_never_rotates() {
    let s = spawn(Flavour::Windows).await;
    // 17.0's `iot_logs` opens the Pi's path (HTTP 500 on Windows): read the simulator's file.
    let first = s.logs().lines().next().unwrap_or_default().to_owned();
    grow(&s).await;
    let logs = s.logs();
    assert!(logs.len() > LIMIT, "{}", logs.len());
    assert!(logs.starts_with(&first), "{first}");
    s.shutdown().await;
}
