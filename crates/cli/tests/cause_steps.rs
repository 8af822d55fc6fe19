//! `iot-https diagnose` shows the steps for the cause core found (issue 19 item 10): the layer
//! the box's exception text names for `ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION` (as the simulator
//! writes it, following Odoo's `load_certificate`/`download_odoo_certificate`), and the box's
//! platform's steps where a finding's steps differ between a Pi and a Windows IoT; the generic
//! list where the cause is unknown.

use std::net::SocketAddr;
use std::process::Command;

use iot_box_sim::{Family, Flavour, HelpersVariant, Scenario, SimConfig, SimHandle};
use serde_json::Value;

async fn spawn(
    family: Family,
    flavour: Flavour,
    scenario: Scenario,
    helpers: HelpersVariant,
) -> SimHandle {
    spawn_answering(family, flavour, scenario, helpers, 404).await
}

/// As `spawn`, with odoo.com answering `http_status` in `load-request-status`.
async fn spawn_answering(
    family: Family,
    flavour: Flavour,
    scenario: Scenario,
    helpers: HelpersVariant,
    http_status: u16,
) -> SimHandle {
    let http: SocketAddr = "127.0.0.1:0".parse().unwrap();
    iot_box_sim::spawn(SimConfig {
        family,
        flavour,
        scenario,
        helpers,
        http_status,
        http,
        https: Some(SocketAddr::new(http.ip(), 0)),
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

/// `diagnose` of the simulated box: its JSON, and its human text in `lang`.
async fn diagnose(sim: &SimHandle, lang: &'static str) -> (Value, String) {
    let args = vec![
        sim.http_addr().to_string(),
        "--https-port".to_string(),
        sim.https_addr().map(|a| a.port()).unwrap_or(9).to_string(),
    ];
    tokio::task::spawn_blocking(move || {
        let run = |json: bool| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_iot-https"));
            cmd.arg("diagnose").args(&args);
            if json {
                cmd.arg("--json");
            }
            let out = cmd
                .env("IOT_HTTPS_LANG", lang)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let json: Value = serde_json::from_str(&run(true)).expect("diagnose --json");
        (json, run(false))
    })
    .await
    .unwrap()
}

fn finding<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {json}"))
}

const EXCEPTION: &str = "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION";
/// The generic list's TLS-inspection step, which no identified network cause but TLS shows.
const GENERIC_TLS_STEP: &str = "If the firewall inspects HTTPS";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exception_text_picks_the_steps_of_its_cause() {
    use HelpersVariant::{Requests, Urllib3};
    // (family, scenario, helpers, the cause, words only that cause's first step has)
    let cases = [
        (
            Family::HwPosboxStatus,
            Scenario::LoadRequestException,
            Urllib3,
            "connectionRefused",
            "refused the connection",
        ),
        (
            Family::HwPosboxStatus,
            Scenario::OdooComUnresolved,
            Urllib3,
            "nameResolution",
            "could not look up the address of www.odoo.com",
        ),
        (
            Family::LegacyHtml,
            Scenario::OdooComDroppedRequests,
            Requests,
            "connectionTimedOut",
            "connection to www.odoo.com timed out",
        ),
        (
            Family::HwPosboxStatus,
            Scenario::TlsInspection,
            Requests,
            "tlsInspection",
            "did not trust the certificate it received for www.odoo.com",
        ),
        // 18.3+: read from the log's traceback, not from a reported code.
        (
            Family::HwPosboxEndDate,
            Scenario::TlsInspection,
            Urllib3,
            "tlsInspection",
            "did not trust the certificate it received for www.odoo.com",
        ),
        (
            Family::IotDrivers,
            Scenario::OdooComUnresolved,
            Urllib3,
            "nameResolution",
            "could not look up the address of www.odoo.com",
        ),
    ];
    let mut failures = Vec::new();
    for (family, scenario, helpers, cause, words) in cases {
        let sim = spawn(family, Flavour::Linux, scenario, helpers).await;
        let (json, text) = diagnose(&sim, "C").await;
        sim.shutdown().await;
        let label = format!("{family}/{scenario}/{}", helpers.as_str());
        let f = finding(&json, EXCEPTION);
        if f["stepsFor"] != cause {
            failures.push(format!("{label}: stepsFor {}", f["stepsFor"]));
        }
        if !text.contains(words) {
            failures.push(format!("{label}: no \"{words}\" in\n{text}"));
        }
        if cause != "tlsInspection" && text.contains(GENERIC_TLS_STEP) {
            failures.push(format!("{label}: the generic list is shown\n{text}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cause_s_steps_come_in_the_user_s_language() {
    let sim = spawn(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::OdooComUnresolved,
        HelpersVariant::Urllib3,
    )
    .await;
    let (_, text) = diagnose(&sim, "de").await;
    sim.shutdown().await;
    assert!(
        text.contains("Die Box konnte die Adresse von www.odoo.com nicht auflösen (DNS)"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exception_naming_no_known_cause_keeps_the_generic_list() {
    // No default route: "[Errno 101] Network is unreachable", no cause of this finding.
    let sim = spawn(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::NoDefaultRoute,
        HelpersVariant::Urllib3,
    )
    .await;
    let (json, text) = diagnose(&sim, "C").await;
    sim.shutdown().await;
    let f = finding(&json, EXCEPTION);
    assert!(f.get("stepsFor").is_none(), "{f}");
    assert!(
        f["detail"]
            .as_str()
            .unwrap()
            .contains("Network is unreachable"),
        "{f}"
    );
    assert!(text.contains(GENERIC_TLS_STEP), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_platform_sees_its_own_steps() {
    const READ: &str = "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION";
    let pi_only = "flash a fresh IoT box image onto a new card";
    let windows_only = "%ProgramFiles%\\Odoo IoT <version>";
    for (flavour, key, shown, hidden) in [
        (Flavour::Linux, "raspberryPi", pi_only, windows_only),
        (Flavour::Windows, "windows", windows_only, pi_only),
    ] {
        let sim = spawn(
            Family::HwPosboxStatus,
            flavour,
            Scenario::CertReadException,
            HelpersVariant::Urllib3,
        )
        .await;
        let (json, text) = diagnose(&sim, "C").await;
        sim.shutdown().await;
        assert_eq!(finding(&json, READ)["stepsFor"], key, "{flavour}");
        assert!(text.contains(shown), "{flavour}: {text}");
        assert!(!text.contains(hidden), "{flavour}: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_findings_show_the_steps_of_the_cause_the_box_names() {
    use Family::{HwPosboxStatus, IotDrivers};
    // (family, scenario, odoo.com's status, finding, cause, words only that cause's steps have,
    // words of the generic list the cause leaves out)
    let cases = [
        (
            HwPosboxStatus,
            Scenario::LoadRequestStatus,
            503,
            "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS",
            "odooComDown",
            "answered the box with a server error (HTTP 5xx)",
            "If odoo.com is up",
        ),
        (
            HwPosboxStatus,
            Scenario::LoadRequestStatus,
            404,
            "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS",
            "odooComAnswered",
            "odoo.com is up: it answered the box's request with an error (HTTP 4xx)",
            "If odoo.com is down",
        ),
        (
            HwPosboxStatus,
            Scenario::WebFilterBlock,
            404,
            "ODOO_COM_FILTERED",
            "webFilter",
            "allow www.odoo.com and iot-proxy.odoo.com for the IoT box's address",
            "asks for a login (HTTP 407)",
        ),
        (
            IotDrivers,
            Scenario::WebFilterPage,
            404,
            "ODOO_COM_FILTERED",
            "webFilter",
            "allow www.odoo.com and iot-proxy.odoo.com for the IoT box's address",
            "asks for a login (HTTP 407)",
        ),
        (
            IotDrivers,
            Scenario::IotProxyUnreachable,
            404,
            "ERR_IOT_HTTPS_CHECK_NO_SERVER",
            "iotProxyUnreachable",
            "The box cannot reach iot-proxy.odoo.com, where pairing codes come from",
            "Connect the box to the shop network",
        ),
    ];
    let mut failures = Vec::new();
    for (family, scenario, status, code, cause, words, left_out) in cases {
        let sim = spawn_answering(
            family,
            Flavour::Linux,
            scenario,
            HelpersVariant::Urllib3,
            status,
        )
        .await;
        let (json, text) = diagnose(&sim, "C").await;
        sim.shutdown().await;
        let label = format!("{family}/{scenario}/{status}");
        if finding(&json, code)["stepsFor"] != cause {
            failures.push(format!("{label}: {}", finding(&json, code)));
        }
        if !text.contains(words) || text.contains(left_out) {
            failures.push(format!(
                "{label}: want \"{words}\", not \"{left_out}\" in\n{text}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_iot_is_told_to_reinstall_as_the_current_installer_does() {
    // A damaged certificate file on a 16.0/17.0 box: the Pi re-flashes, the Windows IoT
    // reinstalls (setup-iot.nsi: Apps entry, default folder, service; no `C:\odoo`).
    const DAMAGED: &str = "CERT_FILE_DAMAGED";
    let pi_only = "re-flash the SD card";
    let installer = [
        "“Odoo IoT <version>”",
        "%ProgramFiles%\\Odoo IoT <version>",
        "“odoo-server-<version>”",
    ];
    for (flavour, key) in [
        (Flavour::Windows, "windows"),
        (Flavour::Linux, "raspberryPi"),
    ] {
        let sim = spawn(
            Family::HwPosboxStatus,
            flavour,
            Scenario::CertFileDamaged,
            HelpersVariant::Urllib3,
        )
        .await;
        let (json, text) = diagnose(&sim, "C").await;
        sim.shutdown().await;
        assert_eq!(finding(&json, DAMAGED)["stepsFor"], key, "{flavour}");
        let windows = flavour == Flavour::Windows;
        for words in installer {
            assert_eq!(text.contains(words), windows, "{flavour} {words}: {text}");
        }
        assert_eq!(text.contains(pi_only), !windows, "{flavour}: {text}");
        assert!(!text.to_lowercase().contains("c:\\odoo"), "{text}");
    }
}
