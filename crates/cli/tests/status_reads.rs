//! Status reads as real boxes answer them (docs/protocol/status-reads.md), through
//! `iot-https diagnose` against the simulator: a crashing status route is `BOX_STATUS_ERROR`
//! with the cause from the box's log (never `BOX_NOT_ODOO` while hello answers), a read past
//! `--box-timeout` is `BOX_STATUS_SLOW` with the TLS and DNS checks still run, the box's name
//! comes from the box, a restart during the read is followed, and the side-effecting status
//! route is read once per diagnosis (counted at the simulator).

use std::net::SocketAddr;
use std::process::{Command, Output};
use std::time::Duration;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle, SwitchOptions};
use serde_json::Value;
use sim_box::codes;

mod sim_box;

async fn spawn(family: Family, flavour: Flavour, scenario: Scenario, scale: f64) -> SimHandle {
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    iot_box_sim::spawn(SimConfig {
        family,
        flavour,
        scenario,
        http: any,
        https: Some(any),
        control: None,
        restart: Duration::from_millis(500),
        time_scale: scale,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

async fn run(sim: &SimHandle, extra: &[&str]) -> Output {
    let mut args = vec!["diagnose".to_string()];
    args.extend(sim_box::box_args(sim));
    args.extend(extra.iter().map(|s| s.to_string()));
    sim_box::run_cli(args).await
}

async fn diagnose(sim: &SimHandle, extra: &[&str]) -> Value {
    let mut extra = extra.to_vec();
    extra.push("--json");
    let out = run(sim, &extra).await;
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn finding<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == code))
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(v)))
}

/// The evidence of a `--json` finding as English sentences (the CLI prints facts, not text).
fn evidence(f: &Value) -> String {
    let facts: Vec<iot_https_core::findings::Evidence> =
        serde_json::from_value(f["evidence"].clone()).expect("evidence is a list of facts");
    iot_https_core::findings::evidence::render_all(&facts, "en").join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_status_route_is_a_status_error_with_the_cause_from_the_log() {
    // (family, flavour, scenario, inferred Odoo code, words of the log line in the evidence)
    let cases = [
        (
            Family::HwPosboxStatus,
            Flavour::Linux,
            Scenario::CertFileCorrupt,
            Some("ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"),
            "OpenSSL.crypto.Error",
        ),
        (
            Family::LegacyHtml,
            Flavour::Windows,
            Scenario::CertFileCorrupt,
            Some("ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"),
            "OpenSSL.crypto.Error",
        ),
        (
            Family::LegacyHtml,
            Flavour::Linux,
            Scenario::OdooComErrorCrash,
            Some("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"),
            "KeyError: 'result'",
        ),
        (
            Family::HwPosboxStatus,
            Flavour::Windows,
            Scenario::OdooComErrorCrash,
            Some("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"),
            "KeyError: 'result'",
        ),
        (
            Family::HwPosboxEndDate,
            Flavour::Linux,
            Scenario::CertFilePermission,
            Some("ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"),
            "PermissionError",
        ),
        (
            Family::IotDrivers,
            Flavour::Windows,
            Scenario::CertFilePermission,
            Some("ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"),
            "PermissionError",
        ),
        (
            Family::HwPosboxEndDate,
            Flavour::Windows,
            Scenario::WindowsDateBug,
            None,
            "can't compare offset-naive and offset-aware datetimes",
        ),
    ];
    for (family, flavour, scenario, code, words) in cases {
        let label = format!("{family}/{flavour}/{scenario}");
        let sim = spawn(family, flavour, scenario, 0.01).await;
        let v = diagnose(&sim, &[]).await;
        sim.shutdown().await;
        let all = codes(&v);
        assert!(
            !all.contains(&"BOX_NOT_ODOO".to_string()),
            "{label}: {all:?}"
        );
        assert!(
            !all.contains(&"BOX_UNREACHABLE".to_string()),
            "{label}: {all:?}"
        );
        let error = finding(&v, "BOX_STATUS_ERROR");
        assert_eq!(error["severity"], "error", "{label}");
        let text = evidence(error);
        assert!(text.contains("HTTP 500"), "{label}: {text}");
        assert!(text.contains("answers ping"), "{label}: {text}");
        assert!(
            text.contains(words),
            "{label}: the log line is evidence: {text}"
        );
        assert!(
            text.contains(family.as_str()),
            "{label}: the family: {text}"
        );
        match code {
            Some(code) => {
                let cause = finding(&v, code);
                assert_eq!(cause["source"], "inferred-from-logs", "{label}");
                assert!(evidence(cause).contains(words), "{label}");
            }
            None => {
                assert!(text.contains("saas-18.3"), "{label}: {text}");
                // HTTPS is judged from the served certificate as usual; saas-18.3 names no
                // subject, so its name is unconfirmed.
                assert!(
                    all.contains(&"CERT_NAME_UNCONFIRMED".to_string()),
                    "{label}: {all:?}"
                );
                assert!(
                    !all.iter().any(|c| c.starts_with("ERR_IOT_HTTPS")),
                    "{label}: {all:?}"
                );
            }
        }
        assert_eq!(v["verdict"], "actionNeeded", "{label}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_read_past_the_box_timeout_is_slow_and_tls_and_dns_still_run() {
    // A renewal-due box behind a firewall that drops www.odoo.com: reading its status makes it
    // try odoo.com without a timeout (5 × the OS connect timeout = 635 s; 63.5 s here).
    let sim = spawn(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::RenewalDue,
        0.1,
    )
    .await;
    sim.switch_scenario(
        Scenario::OdooComDropped,
        SwitchOptions {
            http_status: None,
            keep_state: true,
        },
    )
    .unwrap();
    let v = diagnose(&sim, &["--box-timeout", "5"]).await;
    let all = codes(&v);
    let slow = finding(&v, "BOX_STATUS_SLOW");
    assert_eq!(slow["severity"], "error");
    let text = evidence(slow);
    assert!(text.contains("within 5 s"), "{text}");
    assert!(text.contains("answers ping"), "{text}");
    assert!(text.contains("drops"), "{text}");
    assert!(!all.contains(&"BOX_UNREACHABLE".to_string()), "{all:?}");
    // TLS: the served certificate was judged; DNS: the name was looked up.
    assert!(all.contains(&"CERT_RENEWAL_DUE".to_string()), "{all:?}");
    assert!(all.contains(&"DNS_INCONCLUSIVE".to_string()), "{all:?}");
    assert!(v["certificate"]["byIp"].is_object(), "{}", v["certificate"]);
    assert!(v["dns"].is_object());
    assert_eq!(sim.requests("/hw_posbox_homepage/data"), 1);

    // Human mode says why it waits, on stderr, once the read takes more than a few seconds.
    let out = run(&sim, &["--box-timeout", "6"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the box is asking odoo.com for its certificate"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("BOX_STATUS_SLOW"));
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_name_comes_from_the_box_not_from_the_served_certificate() {
    // The box says "Your certificate *.d73e7513.odoo-iot.com is valid until …"; nginx serves a
    // trusted certificate of another database.
    let sim = spawn(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::NginxOtherSubject,
        0.01,
    )
    .await;
    let v = diagnose(&sim, &[]).await;
    sim.shutdown().await;
    let all = codes(&v);
    assert!(!all.contains(&"CERT_VALID".to_string()), "{all:?}");
    let mismatch = evidence(finding(&v, "CERT_NAME_MISMATCH"));
    assert!(
        mismatch.contains("the box names its certificate *.d73e7513.odoo-iot.com in its status"),
        "{mismatch}"
    );
    assert_eq!(
        v["certificate"]["expectedName"],
        "127-0-0-1.d73e7513.odoo-iot.com"
    );

    // No odoo-iot.com name anywhere: a trusted, in-date certificate is still not the box's.
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::ForeignCertificate,
        0.01,
    )
    .await;
    let v = diagnose(&sim, &[]).await;
    sim.shutdown().await;
    let all = codes(&v);
    assert!(!all.contains(&"CERT_VALID".to_string()), "{all:?}");
    let mismatch = evidence(finding(&v, "CERT_NAME_MISMATCH"));
    assert!(
        mismatch.contains("no odoo-iot.com name at all"),
        "{mismatch}"
    );
    assert!(
        mismatch.contains("neither the box nor the served certificate"),
        "{mismatch}"
    );

    // 18.3+ reports no subject: the name from the served certificate, and the evidence says
    // so; judged by its own name a trusted certificate is unconfirmed, never valid.
    let sim = spawn(Family::IotDrivers, Flavour::Linux, Scenario::Healthy, 0.01).await;
    let v = diagnose(&sim, &[]).await;
    sim.shutdown().await;
    assert!(!codes(&v).contains(&"CERT_VALID".to_string()), "{v}");
    let unconfirmed = evidence(finding(&v, "CERT_NAME_UNCONFIRMED"));
    assert!(
        unconfirmed.contains("the box reports no certificate subject"),
        "{unconfirmed}"
    );
    assert_eq!(v["verdict"], "healthy", "unconfirmed is not a fault");
}

/// The `*.<hash>.odoo-iot.com` subject of the simulator's own certificate.
fn own_subject(sim: &SimHandle) -> String {
    let name = sim.https_hostname();
    format!("*.{}", name.split_once('.').unwrap().1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_18_3_and_later_a_subject_known_from_earlier_decides_the_name() {
    for family in [Family::IotDrivers, Family::HwPosboxEndDate] {
        // Another database's trusted certificate: with this box's earlier subject it is the
        // mismatch it is; without one it is never called valid.
        let sim = spawn(family, Flavour::Linux, Scenario::NginxOtherSubject, 0.01).await;
        let known = own_subject(&sim);
        let v = diagnose(&sim, &["--subject", &known]).await;
        let all = codes(&v);
        assert!(
            !all.contains(&"CERT_VALID".to_string()),
            "{family}: {all:?}"
        );
        let mismatch = evidence(finding(&v, "CERT_NAME_MISMATCH"));
        assert!(
            mismatch.contains("at an earlier check"),
            "{family}: {mismatch}"
        );
        assert_eq!(v["certificate"]["expectedName"], sim.https_hostname());
        assert_eq!(v["verdict"], "actionNeeded", "{family}");
        let v = diagnose(&sim, &[]).await;
        let all = codes(&v);
        assert!(
            !all.contains(&"CERT_VALID".to_string()),
            "{family}: {all:?}"
        );
        assert!(
            all.contains(&"CERT_NAME_UNCONFIRMED".to_string()),
            "{family}: {all:?}"
        );
        sim.shutdown().await;

        // Its own certificate with its own earlier subject: confirmed, valid.
        let sim = spawn(family, Flavour::Linux, Scenario::Healthy, 0.01).await;
        let known = own_subject(&sim);
        let v = diagnose(&sim, &["--subject", &known]).await;
        sim.shutdown().await;
        let all = codes(&v);
        assert!(all.contains(&"CERT_VALID".to_string()), "{family}: {all:?}");
        assert!(
            !all.contains(&"CERT_NAME_UNCONFIRMED".to_string()),
            "{family}: {all:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_18_4_the_one_shot_diagnosis_takes_the_name_from_this_runs_log() {
    // A paired 18.4+ box serving the placeholder restarts, downloads its certificate and logs
    // "SSL certificate '<subject>' is valid until …" at INFO; its status names no subject. The
    // diagnosis reads that line: the name is confirmed by the box, the certificate valid.
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::Placeholder,
        0.01,
    )
    .await;
    let placeholder = sim.served_cert_pem();
    sim.restart();
    iot_https_test_support::wait_until(
        "the box back with its downloaded certificate",
        Duration::from_secs(30),
        || {
            // nginx has loaded the new file (set while its port is down) and accepts again.
            sim.is_up()
                && sim.served_cert_pem() != placeholder
                && sim.logs().contains("is valid until")
                && std::net::TcpStream::connect(sim.https_addr().unwrap()).is_ok()
        },
    )
    .await;
    let v = diagnose(&sim, &[]).await;
    sim.shutdown().await;
    let all = codes(&v);
    assert!(all.contains(&"CERT_VALID".to_string()), "{all:?}");
    assert!(
        !all.contains(&"CERT_NAME_UNCONFIRMED".to_string()),
        "{all:?}"
    );
    let valid = evidence(finding(&v, "CERT_VALID"));
    assert!(
        valid.contains("names its certificate") && valid.contains("in its log"),
        "{valid}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_during_the_status_read_is_followed() {
    // Windows 17.0 – 18.2: the read downloads a certificate, then `odoo_restart(0)` races its
    // answer; here the restart wins and drops the connection while answering. The diagnosis
    // waits for the box and reads once more.
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    let sim = iot_box_sim::spawn(SimConfig {
        family: Family::HwPosboxStatus,
        flavour: Flavour::Windows,
        scenario: Scenario::Placeholder,
        http: any,
        https: Some(any),
        control: None,
        restart: Duration::from_millis(500),
        time_scale: 0.01,
        restart_drops_download_answer: true,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let v = diagnose(&sim, &[]).await;
    let all = codes(&v);
    assert!(!all.contains(&"BOX_UNREACHABLE".to_string()), "{all:?}");
    assert!(!all.contains(&"BOX_STATUS_ERROR".to_string()), "{all:?}");
    assert_eq!(
        v["box"]["certificateState"]["state"], "valid",
        "{}",
        v["box"]
    );
    assert!(all.contains(&"CERT_VALID".to_string()), "{all:?}");
    assert_eq!(sim.state()["downloads"], 1);
    assert_eq!(sim.state()["boots"], 1, "the box restarted once");
    // The dropped read, and one more after the restart.
    assert_eq!(sim.requests("/hw_posbox_homepage/data"), 2);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagnosis_reads_the_side_effecting_status_route_once() {
    let cases = [
        (Family::LegacyHtml, "/", Scenario::Healthy),
        (Family::LegacyHtml, "/", Scenario::Placeholder),
        (Family::LegacyHtml, "/", Scenario::LoadRequestException),
        (
            Family::HwPosboxStatus,
            "/hw_posbox_homepage/data",
            Scenario::Healthy,
        ),
        (
            Family::HwPosboxStatus,
            "/hw_posbox_homepage/data",
            Scenario::Placeholder,
        ),
        (
            Family::HwPosboxStatus,
            "/hw_posbox_homepage/data",
            Scenario::LoadRequestNoResult,
        ),
        (
            Family::HwPosboxStatus,
            "/hw_posbox_homepage/data",
            Scenario::CertFileCorrupt,
        ),
    ];
    for (family, path, scenario) in cases {
        let sim = spawn(family, Flavour::Linux, scenario, 0.01).await;
        let v = diagnose(&sim, &[]).await;
        assert!(v["findings"].is_array());
        assert_eq!(
            sim.requests(path),
            1,
            "{family}/{scenario}: {path} read {} times",
            sim.requests(path)
        );
        assert_eq!(
            sim.requests("/iot_drivers/ping"),
            1,
            "{family}/{scenario}: one round of family probes"
        );
        sim.shutdown().await;

        // `iot-https status` too.
        let sim = spawn(family, Flavour::Linux, scenario, 0.01).await;
        let addr = sim.http_addr().to_string();
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_iot-https"))
                .args(["status", &addr, "--json"])
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        assert_eq!(sim.requests(path), 1, "status {family}/{scenario}");
        sim.shutdown().await;
    }
}
