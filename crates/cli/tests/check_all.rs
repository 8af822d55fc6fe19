//! `iot-https check-all` over a sites file: three simulated boxes checked at once, results
//! recorded in the same file; and support reports that cannot carry the contract code.

use std::net::SocketAddr;
use std::process::Command;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::diagnose::{diagnose, DiagnoseOptions};
use iot_https_core::report::{render, render_in, ReportFormat};
use iot_https_core::secret::Secret;
use iot_https_core::sites::{Site, SiteMatch, SiteStore};
use iot_https_core::{BoxAddress, NetPolicy};
use serde_json::Value;

fn free_port(ip: &str) -> u16 {
    std::net::TcpListener::bind((ip, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn sim_at(
    ip: &str,
    https_port: u16,
    family: Family,
    scenario: Scenario,
    ca_dir: &std::path::Path,
) -> SimHandle {
    let http: SocketAddr = format!("{ip}:0").parse().unwrap();
    let https: SocketAddr = format!("{ip}:{https_port}").parse().unwrap();
    let ca_out = ca_dir.join(format!("{ip}.pem"));
    let cfg = SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        http,
        https: Some(https),
        control: None,
        ca_out: Some(ca_out),
        ..SimConfig::demo()
    };
    iot_box_sim::spawn(cfg).await.unwrap()
}

fn site(name: &str, address: String) -> Site {
    serde_json::from_value(serde_json::json!({ "id": "", "name": name, "address": address }))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_all_diagnoses_every_site_and_records_the_result() {
    let dir = std::env::temp_dir().join(format!("iot-https-check-all-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let https_port = free_port("127.0.0.41");
    let healthy = sim_at(
        "127.0.0.41",
        https_port,
        Family::IotDrivers,
        Scenario::Healthy,
        &dir,
    )
    .await;
    let due = sim_at(
        "127.0.0.42",
        https_port,
        Family::IotDrivers,
        Scenario::RenewalDue,
        &dir,
    )
    .await;
    let failing = sim_at(
        "127.0.0.43",
        https_port,
        Family::HwPosboxStatus,
        Scenario::LoadRequestStatus,
        &dir,
    )
    .await;
    let store = SiteStore::new(dir.join("sites.json"));
    for (name, sim) in [
        ("Bakery", &healthy),
        ("Butcher", &due),
        ("Florist", &failing),
    ] {
        // Saved the way the wizard saves a site: with the identity the box showed.
        let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
        let status = iot_https_core::read_status(&address, NetPolicy::real())
            .await
            .unwrap()
            .status;
        let mut saved = site(name, sim.http_addr().to_string());
        saved.identifier = status.identifier;
        saved.mac = status.mac;
        saved.db_uuid = status.credentials.db_uuid;
        store.insert(saved).unwrap();
    }
    // A site saved before identities existed, at the healthy box's address: checked, but not
    // taught that box's identity (only the technician's confirmation binds it).
    store
        .insert(site("Old bakery", healthy.http_addr().to_string()))
        .unwrap();

    let sites_path = store.path().to_owned();
    let (ca_dir, port) = (dir.clone(), https_port.to_string());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args(["check-all", "--json", "--sites"])
            .arg(&sites_path)
            .env("IOT_HTTPS_MODE", "test")
            .env("IOT_HTTPS_MODE", "test")
            .env("IOT_HTTPS_EXTRA_CA_DIR", &ca_dir)
            .env("IOT_HTTPS_HTTPS_PORT", &port)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(1), "one site needs action: {json}");
    let rows = json["sites"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let row = |name: &str| rows.iter().find(|r| r["site"]["name"] == name).unwrap();
    assert_eq!(row("Bakery")["verdict"], "healthy", "{}", row("Bakery"));
    assert!(
        row("Bakery")["validity"]["daysLeft"]
            .as_i64()
            .is_some_and(|d| d >= 88),
        "{}",
        row("Bakery")
    );
    assert_eq!(row("Butcher")["verdict"], "actionNeeded");
    assert!(row("Butcher")["validity"]["daysLeft"].as_i64().unwrap() < 10);
    assert_eq!(row("Butcher")["validity"]["state"], "renewalDue");
    assert!(row("Florist")["codes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS"));

    // Recorded in the same file the window reads.
    let saved = store.load().unwrap().sites;
    let old = saved.iter().find(|s| s.name == "Old bakery").unwrap();
    assert_eq!(
        (&old.identifier, &old.mac, &old.last_checked),
        (&None, &None, &None)
    );
    let bakery = saved.iter().find(|s| s.name == "Bakery").unwrap();
    assert_eq!(bakery.family(), Some(iot_https_core::ApiFamily::IotDrivers));
    assert!(
        bakery.certificate_end.is_some()
            && bakery.last_checked.is_some()
            && bakery.identifier.is_some()
    );
    assert!(!std::fs::read_to_string(store.path())
        .unwrap()
        .contains(iot_box_sim::FAKE_ENTERPRISE_CODE));

    // The box comes back at another address (a reboot, a new DHCP lease): its identifier AND
    // MAC, saved with the site, move the site instead of adding one.
    let client_report = iot_https_core::read_status(
        &BoxAddress::parse("127.0.0.41")
            .map(|mut a| {
                a.port = healthy.http_addr().port();
                a
            })
            .unwrap(),
        NetPolicy::real(),
    )
    .await
    .unwrap();
    let mut elsewhere = client_report;
    elsewhere.status.address = "127.0.0.99:8069".into();
    let Some(SiteMatch::Same { site, moved_from }) = store.on_connect(&elsewhere).unwrap() else {
        panic!("the box's own site");
    };
    assert_eq!(site.name, "Bakery");
    assert!(moved_from.is_some());
    assert_eq!(store.load().unwrap().sites.len(), 4);

    for sim in [healthy, due, failing] {
        sim.shutdown().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_never_carry_the_contract_code() {
    const CANARY: &str = "CANARY7f3a9cZZ";
    let sim = iot_box_sim::spawn(SimConfig {
        scenario: Scenario::LoadRequestException,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let mut opts = DiagnoseOptions::new(time::OffsetDateTime::now_utc());
    opts.https_port = sim.https_addr().unwrap().port();
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let mut d = diagnose(&address, NetPolicy::from_env(), &opts)
        .await
        .unwrap();
    // A box that echoes the code in a log line must still not leak it.
    d.findings[0].detail = Some(format!("odoo.com said: bad code {CANARY}"));
    d.findings[0]
        .evidence
        .push(iot_https_core::findings::Evidence::quote(format!(
            "contract {CANARY}"
        )));
    let secret = Secret::new(CANARY);
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Json,
        ReportFormat::Html,
    ] {
        let text = render(&d, format, &[&secret]);
        assert!(!text.contains(CANARY), "{format:?}");
        assert!(
            !text.contains(iot_box_sim::FAKE_ENTERPRISE_CODE),
            "{format:?}"
        );
        assert!(
            text.contains("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"),
            "{format:?}"
        );
    }
    let html = render(&d, ReportFormat::Html, &[&secret]);
    assert!(html.starts_with("<!doctype html>") && !html.contains("<script"));

    // In the window's language: labels, finding titles and evidence; still no secret.
    for (lang, heading) in [
        ("nl", "supportrapport"),
        ("fr", "rapport pour le support"),
        ("de", "Supportbericht"),
        ("es", "informe para el soporte"),
    ] {
        let text = render_in(&d, &[], ReportFormat::Markdown, &[&secret], lang);
        assert!(text.contains(heading), "{lang}: {text}");
        assert!(!text.contains("support report"), "{lang}");
        assert!(!text.contains(CANARY), "{lang}");
    }
    let german = render_in(&d, &[], ReportFormat::Html, &[&secret], "de");
    assert!(german.contains("<html lang=\"de\">"));
    // An unknown language is English, never markup in the page.
    let odd = render_in(&d, &[], ReportFormat::Html, &[&secret], "x\"><script>");
    assert!(odd.contains("<html lang=\"en\">") && !odd.contains("<script"));
    sim.shutdown().await;
}

#[test]
fn concurrency_has_a_sane_maximum() {
    for bad in ["0", "33", "100000"] {
        let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args([
                "check-all",
                "--sites",
                "/nonexistent/sites.json",
                "--concurrency",
                bad,
            ])
            .env("IOT_HTTPS_MODE", "test")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("1..=32") || stderr.contains("1..32"),
            "{bad}: {stderr}"
        );
    }
}
