//! A damaged certificate file (docs/protocol/status-reads.md "A damaged certificate file"): nginx
//! cannot start, so 443 and 80 refuse; the box says it cannot read the file (18.3+: "Unable to
//! read certificate file." at every read; 16.0 – saas-18.2: the status route crashes on it; a
//! Pi's start-up thread dies in `start_nginx_server`). Restarting cannot fix that, so the
//! diagnosis names the file and never offers "Restart Odoo". A Windows 18.3+ box is the
//! exception: nothing stops its start-up, so it downloads a new file itself.

use std::net::{SocketAddr, TcpStream};

mod sim_box;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use sim_box::{codes, diagnose};

/// The box with its HTTPS and nginx ports on loopback: both refuse while the file is damaged.
async fn spawn(family: Family, flavour: Flavour) -> SimHandle {
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    sim_box::spawn(SimConfig {
        https: Some(loopback),
        nginx: Some(loopback),
        ..sim_box::config(family, flavour, Scenario::CertFileDamaged)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_certificate_file_is_named_and_restart_is_not_offered() {
    for family in [
        Family::IotDrivers,
        Family::HwPosboxEndDate,
        Family::HwPosboxStatus,
    ] {
        for flavour in [Flavour::Linux, Flavour::Windows] {
            // A Windows 18.3+ box starts nginx without checking it, so `ensure_validity` runs,
            // downloads a new file and restarts: it repairs itself (`a_windows_box_...` below).
            if flavour == Flavour::Windows && family.uses_end_date() {
                continue;
            }
            let label = format!("{family}/{flavour}");
            let sim = spawn(family, flavour).await;
            // nginx does not run: its HTTPS port and its plain port refuse.
            // (A Windows IoT has no plain-HTTP nginx port at all: nginx.conf @899f12c3.)
            for port in sim.https_addr().into_iter().chain(sim.nginx_addr()) {
                assert!(TcpStream::connect(port).is_err(), "{label}: {port} open");
            }
            let v = diagnose(&sim).await;
            let logs = sim.logs();
            sim.shutdown().await;
            let all = codes(&v);
            let f = v["findings"]
                .as_array()
                .and_then(|a| a.iter().find(|f| f["code"] == "CERT_FILE_DAMAGED"))
                .unwrap_or_else(|| {
                    panic!(
                        "{label}: no CERT_FILE_DAMAGED in {all:?} {}\n{logs}",
                        v["box"]
                    )
                });
            assert_eq!(f["severity"], "error", "{label}");
            let actions = f["actions"].to_string();
            assert!(
                !actions.to_lowercase().contains("restart"),
                "{label}: {actions}"
            );
            let text = f.to_string();
            assert!(text.contains("httpsClosed"), "{label}: {text}");
            if family.uses_end_date() {
                assert!(text.contains("logCertFileUnreadable"), "{label}: {text}");
            }
            // A Pi's start-up thread died in `start_nginx_server`, read from this run's log.
            if flavour == Flavour::Linux {
                assert!(logs.contains("CalledProcessError"), "{label}");
                if family == Family::IotDrivers {
                    assert!(text.contains("CalledProcessError"), "{label}: {text}");
                }
            }
            for replaced in [
                "HTTPS_PORT_CLOSED",
                "BOX_NO_CERTIFICATE_NO_CODE",
                "IOT_SERVICE_STOPPED",
                "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
            ] {
                assert!(!all.iter().any(|c| c == replaced), "{label}: {all:?}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_18_3_box_writes_a_new_file_at_start_and_nginx_serves_it() {
    let sim = spawn(Family::IotDrivers, Flavour::Windows).await;
    let https = sim.https_addr().unwrap();
    iot_https_test_support::wait_until(
        "nginx serves the new file",
        std::time::Duration::from_secs(60),
        || TcpStream::connect(https).is_ok(),
    )
    .await;
    sim.shutdown().await;
}
