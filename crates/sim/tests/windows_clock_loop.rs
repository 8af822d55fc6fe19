//! A Windows IoT of 16.0 – saas-18.2 whose clock runs ahead restarts in a loop
//! (docs/protocol/certificate-states.md "The box's clock"): its `Manager` thread runs
//! `get_certificate_status()` at every start while Odoo already answers HTTP
//! (`addons/hw_drivers/main.py` @f0bb044b), the box's clock puts the good certificate inside the
//! 10-day window, `load_certificate()` downloads one and writing it calls `odoo_restart(0)`
//! (`addons/hw_drivers/tools/helpers.py` @a1926979). A status read does the same: it answers
//! "generated correctly", then Odoo restarts.

mod common;

use std::time::Duration;

use common::*;
use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};

/// 85 days: past the renewal point of the box's 90-day certificate on the box's clock only.
const AHEAD_S: i64 = 85 * 24 * 3600;

async fn ahead(family: Family) -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        clock_offset_s: AHEAD_S,
        ..cfg(family, Flavour::Windows, Scenario::Healthy)
    })
    .await
    .expect("spawn simulator")
}

fn count(s: &SimHandle, key: &str) -> u64 {
    s.state()[key].as_u64().unwrap()
}

async fn up_at_boot(s: &SimHandle, boot: u64) {
    let a = s.http_addr();
    wait_for(
        &format!("up at boot {boot}"),
        Duration::from_secs(10),
        || async { count(s, "boots") == boot && hello_ok(a).await },
    )
    .await;
}

/// The status read of the family, and the certificate words it answers.
async fn status_read(s: &SimHandle) -> String {
    let a = s.http_addr();
    match s.family() {
        Family::LegacyHtml => get(a, "/").await.unwrap().body,
        _ => {
            let v = get(a, "/hw_posbox_homepage/data").await.unwrap().json();
            assert_eq!(v["is_certificate_ok"], true, "{v}");
            v["certificate_details"].as_str().unwrap().to_owned()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_box_with_its_clock_ahead_restarts_after_every_start_and_every_read() {
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let s = ahead(family).await;
        let gate = s.start_gate();
        gate.hold();
        s.restart();
        // Held, the start-up check waits: Odoo answers and nothing was downloaded.
        up_at_boot(&s, 1).await;
        assert_eq!(count(&s, "downloads"), 0, "{family}: {}", s.state());

        // A status read runs the check itself: it downloads, answers, then Odoo restarts.
        let words = status_read(&s).await;
        assert!(
            words.contains("The HTTPS certificate was generated correctly"),
            "{family}: {words}"
        );
        assert_eq!(count(&s, "downloads"), 1, "{family}");
        up_at_boot(&s, 2).await;
        assert_eq!(count(&s, "downloads"), 1, "{family}: held at start-up");

        // Released, every start downloads again and restarts: the box loops by itself,
        // answering HTTP between its restarts.
        gate.release();
        wait_for("restarts by itself", Duration::from_secs(20), || async {
            count(&s, "boots") >= 4
        })
        .await;
        assert!(count(&s, "downloads") >= 3, "{family}: {}", s.state());
        let a = s.http_addr();
        wait_for("answers while looping", Duration::from_secs(20), || async {
            count(&s, "boots") >= 5 && hello_ok(a).await
        })
        .await;
        s.shutdown().await;
    }
}

/// The Pi's start-up check of these versions keeps running before the listeners return, so the
/// first read after a restart already reflects it (a Pi only reloads nginx after a download).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pi_with_its_clock_ahead_downloads_at_start_up_without_restarting() {
    let s = iot_box_sim::spawn(SimConfig {
        clock_offset_s: AHEAD_S,
        ..cfg(Family::HwPosboxStatus, Flavour::Linux, Scenario::Healthy)
    })
    .await
    .unwrap();
    s.start_gate().hold(); // no effect on a Pi of these versions
    s.restart();
    up_at_boot(&s, 1).await;
    assert_eq!(count(&s, "downloads"), 1, "{}", s.state());
    assert_eq!(count(&s, "boots"), 1);
    s.shutdown().await;
}
