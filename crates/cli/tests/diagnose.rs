//! `iot-https diagnose --json` against the simulator (every family × flavour × scenario) and
//! against real DNS servers (unbound on loopback, shared with core's DNS tests). Every finding
//! code of the issue is produced here at least once.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::process::Command;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use serde_json::Value;
use sim_box::box_args;

mod sim_box;

struct Run {
    code: i32,
    json: Value,
}

impl Run {
    fn codes(&self) -> BTreeSet<String> {
        self.json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["code"].as_str().map(str::to_owned))
            .collect()
    }
    fn finding(&self, code: &str) -> &Value {
        self.json["findings"]
            .as_array()
            .and_then(|a| a.iter().find(|f| f["code"] == code))
            .unwrap_or(&Value::Null)
    }
}

async fn diagnose(args: Vec<String>) -> Run {
    let out =
        sim_box::run_cli([vec!["diagnose".into()], args, vec!["--json".into()]].concat()).await;
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
    }
}

async fn spawn(family: Family, flavour: Flavour, scenario: Scenario, http: &str) -> SimHandle {
    let http: SocketAddr = http.parse().unwrap();
    let https = SocketAddr::new(http.ip(), 0);
    iot_box_sim::spawn(SimConfig {
        family,
        flavour,
        scenario,
        http,
        https: Some(https),
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

/// Codes that must be present, and error/warning codes that may also appear (races between the
/// TLS capture and a status read that downloads a certificate on 16.0 – 18.2).
fn expected(
    family: Family,
    flavour: Flavour,
    scenario: Scenario,
) -> (Vec<&'static str>, Vec<&'static str>) {
    use Scenario::*;
    let old = matches!(family, Family::LegacyHtml | Family::HwPosboxStatus);
    // iot-drivers registers its Wi-Fi routes on Linux only (odoo-iot-protocol.md §2.6): no access point on Windows.
    let ap_reported = flavour == Flavour::Linux || family != Family::IotDrivers;
    // saas-18.3 on Windows reports no uptime and logs no start line: its log lines cannot be
    // placed in the current run, so they are no evidence (docs/protocol/logs.md "Runs").
    let unplaced = family == Family::HwPosboxEndDate && flavour == Flavour::Windows;
    let mut must = match scenario {
        Healthy => vec!["CERT_VALID"],
        Unpaired | NoServer => vec!["ERR_IOT_HTTPS_CHECK_NO_SERVER", "CERT_TEMPORARY"],
        AccessPoint if family == Family::LegacyHtml => {
            vec!["BOX_ACCESS_POINT_MODE", "CERT_TEMPORARY"]
        }
        AccessPoint if ap_reported => vec![
            "BOX_ACCESS_POINT_MODE",
            "ERR_IOT_HTTPS_CHECK_NO_SERVER",
            "CERT_TEMPORARY",
        ],
        AccessPoint => vec!["ERR_IOT_HTTPS_CHECK_NO_SERVER", "CERT_TEMPORARY"],
        CredentialsMissing => vec!["ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL", "CERT_TEMPORARY"],
        // The default urllib3 helpers need the contract code; 18.3+ need only the UUID and try
        // again at their next start (docs/protocol/credentials.md).
        CredentialsUuidOnly if old => vec!["ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL", "CERT_TEMPORARY"],
        CredentialsUuidOnly => vec!["BOX_NO_CERTIFICATE_NO_CODE", "CERT_TEMPORARY"],
        CertReadException => vec!["ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION", "CERT_VALID"],
        LoadRequestException | LoadRequestStatus | LoadRequestNoResult | ServerError
        | InvalidCertificate | OdooComErrorCrash | WebFilterBlock | WebFilterPage
        | OdooComUnresolved | TlsInspection
            if unplaced =>
        {
            vec!["BOX_NO_CERTIFICATE_NO_CODE", "CERT_TEMPORARY"]
        }
        // The start-up thread dies (docs/protocol/restarts.md); 19 only for the database,
        // 18.3+ for odoo.com's `{"result": false}` (older boxes show NO_RESULT).
        DatabaseUnresolvable if family == Family::IotDrivers => {
            vec!["IOT_SERVICE_STOPPED_DATABASE", "CERT_TEMPORARY"]
        }
        DatabaseUnresolvable if old => vec![],
        DatabaseUnresolvable => vec!["BOX_NO_CERTIFICATE_NO_CODE", "CERT_TEMPORARY"],
        OdooComResultFalse if old => {
            vec!["ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT", "CERT_TEMPORARY"]
        }
        OdooComResultFalse if unplaced => vec!["BOX_NO_CERTIFICATE_NO_CODE", "CERT_TEMPORARY"],
        OdooComResultFalse => vec!["IOT_SERVICE_STOPPED_ODOO_COM", "CERT_TEMPORARY"],
        IotProxyUnreachable => vec!["ERR_IOT_HTTPS_CHECK_NO_SERVER", "CERT_TEMPORARY"],
        // 16.0 – saas-18.2 take the first interface's address and fail at odoo.com instead.
        NoDefaultRoute if old => vec!["ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION", "CERT_TEMPORARY"],
        NoDefaultRoute => vec!["BOX_NO_DEFAULT_ROUTE", "CERT_TEMPORARY"],
        PairingAccepted if old => vec!["ERR_IOT_HTTPS_CHECK_NO_SERVER", "CERT_TEMPORARY"],
        PairingAccepted => vec!["PAIRING_IN_PROGRESS", "CERT_TEMPORARY"],
        LoadRequestException | OdooComUnresolved => {
            vec!["ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION", "CERT_TEMPORARY"]
        }
        // urllib3 (`CERT_NONE`) gets its certificate through the filter; requests does not.
        TlsInspection if old => vec![],
        TlsInspection => vec!["ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION", "CERT_TEMPORARY"],
        LoadRequestStatus => vec!["ERR_IOT_HTTPS_LOAD_REQUEST_STATUS", "CERT_TEMPORARY"],
        // The default 16.0/17.0 urllib3 helpers crash on odoo.com's refusal and JSON-RPC error
        // (KeyError, docs/protocol/status-reads.md); the log names the cause.
        LoadRequestNoResult | ServerError if old => vec![
            "BOX_STATUS_ERROR",
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
            "CERT_TEMPORARY",
        ],
        LoadRequestNoResult | ServerError | InvalidCertificate => {
            vec!["ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT", "CERT_TEMPORARY"]
        }
        Placeholder | Expired | RenewalDue if old => vec![],
        Placeholder => vec!["BOX_NO_CERTIFICATE_NO_CODE", "CERT_TEMPORARY"],
        Expired => vec!["BOX_NO_CERTIFICATE_NO_CODE", "CERT_EXPIRED"],
        RenewalDue => vec!["BOX_NO_CERTIFICATE_NO_CODE", "CERT_RENEWAL_DUE"],
        StaleNginx => vec!["CERT_SERVED_DIFFERS_FROM_BOX", "CERT_RENEWAL_DUE"],
        // docs/protocol/status-reads.md: a crashing status route is BOX_STATUS_ERROR, with the
        // cause the log shows; the served certificate is judged as usual.
        CertFileCorrupt if old => vec![
            "BOX_STATUS_ERROR",
            "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
            "CERT_VALID",
        ],
        CertFileCorrupt => vec!["ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION", "CERT_VALID"],
        // nginx cannot start on the damaged file: restarting cannot help (status-reads.md "A
        // damaged certificate file"). A Windows 18.3+ box writes a new file at start.
        CertFileDamaged if old => vec!["BOX_STATUS_ERROR", "CERT_FILE_DAMAGED"],
        CertFileDamaged if flavour == Flavour::Windows => vec!["CERT_VALID"],
        CertFileDamaged => vec!["CERT_FILE_DAMAGED"],
        CertFilePermission if old => vec!["ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION", "CERT_VALID"],
        CertFilePermission => vec![
            "BOX_STATUS_ERROR",
            "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
            "CERT_VALID",
        ],
        OdooComErrorCrash if old => vec![
            "BOX_STATUS_ERROR",
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
            "CERT_TEMPORARY",
        ],
        OdooComErrorCrash => vec!["ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT", "CERT_TEMPORARY"],
        WindowsDateBug if family == Family::HwPosboxEndDate && flavour == Flavour::Windows => {
            vec!["BOX_STATUS_ERROR", "CERT_VALID"]
        }
        WindowsDateBug => vec!["CERT_VALID"],
        OdooComDropped | OdooComDroppedRequests if old => {
            vec!["ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION", "CERT_TEMPORARY"]
        }
        OdooComDropped | OdooComDroppedRequests => vec!["CERT_TEMPORARY"],
        // The box names its subject in its status text (16.0 – 18.2): another database's
        // certificate does not cover its name. 18.3+ names none and nothing earlier is known
        // here, so the name cannot be confirmed: never CERT_VALID (cert_name.rs).
        NginxOtherSubject if old => vec!["CERT_NAME_MISMATCH"],
        NginxOtherSubject => vec!["CERT_VALID"],
        ForeignCertificate => vec!["CERT_NAME_MISMATCH"],
        // Not odoo.com but a web filter answering for it: that cause, not Odoo's code.
        WebFilterPage if old => vec!["BOX_STATUS_ERROR", "ODOO_COM_FILTERED", "CERT_TEMPORARY"],
        WebFilterBlock | WebFilterPage => vec!["ODOO_COM_FILTERED", "CERT_TEMPORARY"],
    };
    if old && matches!(scenario, NginxOtherSubject | ForeignCertificate) {
        must.push("DNS_INCONCLUSIVE");
    }
    // 18.3+ name no certificate subject (19 logs it at DEBUG only), nor does an older box
    // whose status shows a read error instead of "Your certificate <subject> …", and the test
    // knows none from an earlier check: a trusted certificate judged by its own name is
    // unconfirmed.
    let names_no_subject = !old
        || matches!(
            scenario,
            CertReadException | CertFileCorrupt | CertFilePermission
        );
    if names_no_subject {
        for code in must.iter_mut().filter(|c| **c == "CERT_VALID") {
            *code = "CERT_NAME_UNCONFIRMED";
        }
    }
    // With a real certificate the box has an HTTPS name, so DNS is checked; the test passes no
    // resolvers and the policy refuses the defaults, so the check is inconclusive.
    if must.iter().any(|c| {
        matches!(
            *c,
            "CERT_VALID" | "CERT_NAME_UNCONFIRMED" | "CERT_EXPIRED" | "CERT_RENEWAL_DUE"
        )
    }) {
        must.push("DNS_INCONCLUSIVE");
    }
    let allowed = match scenario {
        Placeholder | Expired | RenewalDue | DatabaseUnresolvable | TlsInspection if old => vec![
            "CERT_VALID",
            "CERT_TEMPORARY",
            "CERT_EXPIRED",
            "CERT_RENEWAL_DUE",
            "CERT_SERVED_DIFFERS_FROM_BOX",
            "HTTPS_PORT_CLOSED",
            "DNS_INCONCLUSIVE",
        ],
        // 18.3+ retry in the background: the log may or may not hold the first failure yet.
        OdooComDropped | OdooComDroppedRequests if !old => vec![
            "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
            "BOX_NO_CERTIFICATE_NO_CODE",
        ],
        _ => vec![],
    };
    (must, allowed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_names_the_right_findings() {
    let mut failures = Vec::new();
    for &family in Family::all() {
        for &flavour in Flavour::all() {
            for &scenario in Scenario::all() {
                let sim = spawn(family, flavour, scenario, "127.0.0.1:0").await;
                let run = diagnose(box_args(&sim)).await;
                sim.shutdown().await;
                let label = format!("{family}/{flavour}/{scenario}");
                let codes = run.codes();
                let (must, allowed) = expected(family, flavour, scenario);
                for code in &must {
                    if !codes.contains(*code) {
                        failures.push(format!("{label}: missing {code} in {codes:?}"));
                    }
                }
                for code in &codes {
                    if !must.contains(&code.as_str()) && !allowed.contains(&code.as_str()) {
                        failures.push(format!("{label}: unexpected {code}"));
                    }
                }
                let healthy = must.iter().all(|c| {
                    matches!(
                        *c,
                        "CERT_VALID" | "CERT_NAME_UNCONFIRMED" | "DNS_INCONCLUSIVE"
                    )
                });
                let want_exit = if healthy { 0 } else { 1 };
                if (!healthy || codes.len() == must.len())
                    && run.code != want_exit
                    && !allowed.iter().any(|c| codes.contains(*c))
                {
                    failures.push(format!(
                        "{label}: exit {} (verdict {})",
                        run.code, run.json["verdict"]
                    ));
                }
                for key in ["box", "certificate", "dns", "findings", "verdict"] {
                    if run.json.get(key).is_none() {
                        failures.push(format!("{label}: no `{key}` in the JSON"));
                    }
                }
                if run
                    .json
                    .to_string()
                    .contains(iot_box_sim::FAKE_ENTERPRISE_CODE)
                {
                    failures.push(format!("{label}: the contract code leaked"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odoo_codes_carry_their_evidence_and_source() {
    let sim = spawn(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::LoadRequestStatus,
        "127.0.0.1:0",
    )
    .await;
    let run = diagnose(box_args(&sim)).await;
    let f = run.finding("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS");
    assert_eq!(f["source"], "reported-by-box");
    assert_eq!(f["httpStatus"], 404);
    assert_eq!(f["severity"], "error");
    assert!(f["evidence"].as_array().is_some_and(|e| !e.is_empty()));
    sim.shutdown().await;

    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::LoadRequestException,
        "127.0.0.1:0",
    )
    .await;
    let run = diagnose(box_args(&sim)).await;
    assert_eq!(
        run.finding("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION")["source"],
        "inferred-from-logs"
    );
    sim.shutdown().await;

    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::CredentialsMissing,
        "127.0.0.1:0",
    )
    .await;
    let run = diagnose(box_args(&sim)).await;
    assert_eq!(
        run.finding("ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL")["source"],
        "inferred-from-data"
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn laptop_side_codes() {
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::Healthy,
        "127.0.0.1:0",
    )
    .await;
    let base = box_args(&sim);

    // No --ca: the simulator's test CA is not a trusted root.
    let run = diagnose(base[..3].to_vec()).await;
    assert!(run.codes().contains("CERT_UNTRUSTED"), "{:?}", run.codes());
    assert_eq!(run.code, 1);

    let at = |t: &str| [base.clone(), vec!["--at".into(), t.into()]].concat();
    let run = diagnose(at("2020-01-01T00:00:00Z")).await;
    assert!(
        run.codes().contains("CERT_NOT_YET_VALID"),
        "{:?}",
        run.codes()
    );
    assert!(run.codes().contains("CLOCK_SKEW"), "{:?}", run.codes());

    let name = [
        base.clone(),
        vec!["--name".into(), "127-0-0-1.ffffffff.odoo-iot.com".into()],
    ]
    .concat();
    let run = diagnose(name).await;
    assert!(
        run.codes().contains("CERT_NAME_MISMATCH"),
        "{:?}",
        run.codes()
    );

    // The control-less HTTP port of another server: answers HTTP, not Odoo.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let run = diagnose(vec![
        sim.http_addr().to_string(),
        "--https-port".into(),
        closed.to_string(),
    ])
    .await;
    assert!(
        run.codes().contains("HTTPS_PORT_CLOSED"),
        "{:?}",
        run.codes()
    );
    sim.shutdown().await;

    let run = diagnose(vec![
        format!("127.0.0.1:{closed}"),
        "--https-port".into(),
        closed.to_string(),
    ])
    .await;
    assert!(run.codes().contains("BOX_UNREACHABLE"), "{:?}", run.codes());
    assert_eq!(run.json["verdict"], "unreachable");
    assert_eq!(run.code, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn something_that_is_not_an_odoo_box() {
    // The simulator's control port is an HTTP server without any Odoo route.
    let sim = iot_box_sim::spawn(SimConfig::demo()).await.unwrap();
    let control = sim.control_addr().unwrap();
    let run = diagnose(vec![control.to_string(), "--https-port".into(), "9".into()]).await;
    assert!(run.codes().contains("BOX_NOT_ODOO"), "{:?}", run.codes());
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dns_against_real_resolvers() {
    let lab = iot_https_test_support::dns::Lab::start().await;
    let resolvers = |system: SocketAddr| {
        vec![
            "--system-resolver".into(),
            system.to_string(),
            "--public-resolver".into(),
            lab.public.addr().to_string(),
        ]
    };

    // 127.0.0.1 is in the zone; the shop router filters private answers.
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::Healthy,
        "127.0.0.1:0",
    )
    .await;
    let run = diagnose([box_args(&sim), resolvers(lab.router.addr())].concat()).await;
    assert!(
        run.codes().contains("DNS_REBIND_FILTERED"),
        "{:?}",
        run.codes()
    );
    assert_eq!(run.finding("DNS_REBIND_FILTERED")["routerRecipes"], "dns");
    let run = diagnose([box_args(&sim), resolvers(lab.fixed_router.addr())].concat()).await;
    assert!(run.codes().contains("DNS_OK"), "{:?}", run.codes());
    assert_eq!(run.json["verdict"], "healthy", "{:?}", run.codes());
    assert_eq!(run.code, 0);
    sim.shutdown().await;

    // The zone maps 127-0-0-7 to 127.0.0.8: the name points elsewhere than the box.
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::Healthy,
        "127.0.0.7:0",
    )
    .await;
    let run = diagnose([box_args(&sim), resolvers(lab.public.addr())].concat()).await;
    assert!(
        run.codes().contains("DNS_WRONG_ADDRESS"),
        "{:?}",
        run.codes()
    );
    sim.shutdown().await;

    // 127-0-0-5 is not in the zone at all.
    let sim = spawn(
        Family::IotDrivers,
        Flavour::Linux,
        Scenario::Healthy,
        "127.0.0.5:0",
    )
    .await;
    let run = diagnose([box_args(&sim), resolvers(lab.public.addr())].concat()).await;
    assert!(
        run.codes().contains("DNS_UNRESOLVABLE"),
        "{:?}",
        run.codes()
    );
    sim.shutdown().await;
}

/// The human output in the user's language: finding titles, steps and evidence from the
/// catalogue of `IOT_HTTPS_LANG` (else the locale variables), the box's own words verbatim.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn human_output_follows_the_language() {
    let sim = spawn(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::LoadRequestStatus,
        "127.0.0.1:0",
    )
    .await;
    let args = box_args(&sim);
    let human = |lang: &'static str| {
        let args = args.clone();
        tokio::task::spawn_blocking(move || {
            let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
                .arg("diagnose")
                .args(&args)
                .env("IOT_HTTPS_LANG", lang)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
    };
    let german = human("de_DE.UTF-8").await.unwrap();
    assert!(
        german.contains("odoo.com hat die Zertifikatsanfrage mit einem HTTP-Fehler beantwortet"),
        "{german}"
    );
    assert!(
        german.contains("odoo.com antwortete mit HTTP 404"),
        "{german}"
    );
    assert!(!german.contains("odoo.com answered HTTP"), "{german}");
    let english = human("C").await.unwrap();
    assert!(english.contains("odoo.com answered HTTP 404"), "{english}");
    sim.shutdown().await;
}
