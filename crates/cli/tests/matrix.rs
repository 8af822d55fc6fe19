//! Every family × flavour × scenario of the simulator through `iot-https status --json`:
//! the detected family and flavour, pairing, and the interpreted certificate state with
//! Odoo's code and where it came from (reported by the box, or inferred from its logs).

use std::process::Command;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig};
use serde_json::Value;

/// What the assistant must conclude: (state, code, source).
fn expected(
    family: Family,
    flavour: Flavour,
    scenario: Scenario,
) -> (&'static str, Option<&'static str>, Option<&'static str>) {
    use Scenario::*;
    // 16.0 – saas-18.2 show Odoo's code; a read of their status retries the download (odoo-iot-protocol.md §4.1).
    let old = matches!(family, Family::LegacyHtml | Family::HwPosboxStatus);
    let reported = |code| ("failed", Some(code), Some("reported-by-box"));
    let no_valid = ("noValidCertificate", None, None);
    // saas-18.3 on Windows reports no uptime and logs no start line: its log lines cannot be
    // placed in the current run, so they are no evidence (docs/protocol/logs.md "Runs").
    let unplaced = family == Family::HwPosboxEndDate && flavour == Flavour::Windows;
    let inferred = |code| match unplaced {
        true => no_valid,
        false => ("failed", Some(code), Some("inferred-from-logs")),
    };
    match scenario {
        Healthy | StaleNginx => ("valid", None, None),
        Unpaired | NoServer if old => reported("ERR_IOT_HTTPS_CHECK_NO_SERVER"),
        // 16.0 in access-point mode only redirects `/` to the set-up wizard (odoo-iot-protocol.md §3.1).
        AccessPoint if family == Family::LegacyHtml => ("notReported", None, None),
        AccessPoint if old => reported("ERR_IOT_HTTPS_CHECK_NO_SERVER"),
        CredentialsMissing if old => reported("ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL"),
        CertReadException if old => reported("ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"),
        // The default helpers (urllib3) need the contract code too; 18.3+ only the UUID.
        CredentialsUuidOnly if old => reported("ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL"),
        CredentialsUuidOnly => no_valid,
        // 18.3+ skip the download without a server and log nothing useful (odoo-iot-protocol.md §4.3 `@require_db`).
        Unpaired | NoServer | AccessPoint | CredentialsMissing | CertReadException => no_valid,
        LoadRequestException | OdooComUnresolved if old => {
            reported("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION")
        }
        LoadRequestException | OdooComUnresolved => {
            inferred("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION")
        }
        // urllib3 (`CERT_NONE`) accepts the filter's certificate and gets odoo.com's answer;
        // requests (18.3+) raises SSLError.
        TlsInspection if old => ("valid", None, None),
        TlsInspection => inferred("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"),
        LoadRequestStatus if old => reported("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS"),
        LoadRequestStatus => inferred("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS"),
        // urllib3 crashes on a refusal and a JSON-RPC error (`crashes`); empty PEMs pass.
        InvalidCertificate if old => reported("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"),
        LoadRequestNoResult | ServerError | InvalidCertificate => {
            inferred("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT")
        }
        // On 16.0 – 18.2 the status read itself replaces a due certificate (odoo.com issues).
        Placeholder | Expired | RenewalDue if old => ("valid", None, None),
        Placeholder | Expired | RenewalDue => no_valid,
        // docs/protocol/status-reads.md; the crashing cases are handled by `crashes`.
        CertFileCorrupt => no_valid,
        // nginx cannot start on the damaged file; a Windows 18.3+ box downloads a new one at
        // start (nothing stops its start-up there), a Pi's start-up thread dies first.
        CertFileDamaged if flavour == Flavour::Windows => ("valid", None, None),
        CertFileDamaged => no_valid,
        CertFilePermission => reported("ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"),
        OdooComErrorCrash => inferred("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"),
        OdooComDropped | OdooComDroppedRequests if old => {
            reported("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION")
        }
        // 18.3+ tries in the background: the first failure may or may not be logged yet.
        OdooComDropped | OdooComDroppedRequests => no_valid,
        WindowsDateBug | NginxOtherSubject | ForeignCertificate => ("valid", None, None),
        // A web filter answering for odoo.com (docs/protocol/status-reads.md).
        WebFilterBlock if old => reported("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS"),
        WebFilterBlock => inferred("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS"),
        WebFilterPage => inferred("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"),
        // The start-up thread dies before any certificate (docs/protocol/restarts.md).
        DatabaseUnresolvable if old => ("valid", None, None),
        DatabaseUnresolvable => no_valid,
        OdooComResultFalse if old => reported("ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"),
        OdooComResultFalse => no_valid,
        IotProxyUnreachable if old => reported("ERR_IOT_HTTPS_CHECK_NO_SERVER"),
        IotProxyUnreachable => no_valid,
        NoDefaultRoute if old => reported("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"),
        NoDefaultRoute => no_valid,
        PairingAccepted if old => reported("ERR_IOT_HTTPS_CHECK_NO_SERVER"),
        PairingAccepted => no_valid,
    }
}

/// Scenarios whose status route answers HTTP 500 on this family and flavour.
fn crashes(family: Family, flavour: Flavour, scenario: Scenario) -> bool {
    use Scenario::*;
    let old = matches!(family, Family::LegacyHtml | Family::HwPosboxStatus);
    match scenario {
        // The default urllib3 helpers of 16.0/17.0 raise KeyError on odoo.com's refusal
        // ('subject_cn') and JSON-RPC error ('result') (`hw_drivers/tools/helpers.py` @a1926979).
        CertFileCorrupt | CertFileDamaged | OdooComErrorCrash | WebFilterPage
        | LoadRequestNoResult | ServerError => old,
        CertFilePermission => !old,
        WindowsDateBug => family == Family::HwPosboxEndDate && flavour == Flavour::Windows,
        _ => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_family_flavour_and_scenario() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for &family in Family::all() {
        for &flavour in Flavour::all() {
            for &scenario in Scenario::all() {
                let sim = iot_box_sim::spawn(SimConfig {
                    family,
                    flavour,
                    scenario,
                    https: None,
                    control: None,
                    time_scale: 0.01,
                    ..SimConfig::demo()
                })
                .await
                .unwrap();
                let addr = sim.http_addr().to_string();
                let out = tokio::task::spawn_blocking(move || {
                    Command::new(env!("CARGO_BIN_EXE_iot-https"))
                        .args(["status", &addr, "--json"])
                        .output()
                        .unwrap()
                })
                .await
                .unwrap();
                sim.shutdown().await;
                checked += 1;
                let label = format!("{family}/{flavour}/{scenario}");
                let Ok(v) = serde_json::from_slice::<Value>(&out.stdout) else {
                    failures.push(format!(
                        "{label}: no JSON: {}",
                        String::from_utf8_lossy(&out.stderr)
                    ));
                    continue;
                };
                if crashes(family, flavour, scenario) {
                    // Hello answers: the box is found, its report carries the crash
                    // (`diagnose::read_report`, issue 19 item 11).
                    let got = (
                        v["statusAnswered"].as_bool(),
                        v["family"].as_str().unwrap_or_default(),
                        v["flavour"].as_str().unwrap_or_default().to_owned(),
                        v["findings"][0]["code"].as_str().unwrap_or_default(),
                    );
                    let want = (
                        Some(false),
                        family.as_str(),
                        // 16.0's version route, else the traceback's paths name the system.
                        flavour.to_string(),
                        "BOX_STATUS_ERROR",
                    );
                    if got != want {
                        failures.push(format!("{label}: want {want:?}, got {got:?}: {v}"));
                    }
                    continue;
                }
                let state = &v["certificateState"];
                let got = (
                    v["family"].as_str().unwrap_or_default().to_owned(),
                    v["flavour"].as_str().unwrap_or_default().to_owned(),
                    state["state"].as_str().unwrap_or_default().to_owned(),
                    state["odooCode"]["code"].as_str().map(str::to_owned),
                    state["odooCode"]["source"].as_str().map(str::to_owned),
                );
                let (want_state, want_code, want_source) = expected(family, flavour, scenario);
                let want = (
                    family.as_str().to_owned(),
                    flavour.to_string(),
                    want_state.to_owned(),
                    want_code.map(str::to_owned),
                    want_source.map(str::to_owned),
                );
                let raced = matches!(
                    scenario,
                    Scenario::OdooComDropped | Scenario::OdooComDroppedRequests
                ) && got.3.as_deref() == Some("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION");
                if got != want && !raced {
                    failures.push(format!("{label}: got {got:?}, want {want:?}"));
                }
                let paired = v["pairing"]["state"].as_str() == Some("paired");
                let want_paired = !matches!(
                    scenario,
                    Scenario::Unpaired
                        | Scenario::NoServer
                        | Scenario::AccessPoint
                        | Scenario::IotProxyUnreachable
                        | Scenario::PairingAccepted
                );
                if paired != want_paired {
                    failures.push(format!("{label}: paired = {paired}"));
                }
                if scenario == Scenario::LoadRequestStatus
                    && family != Family::HwPosboxEndDate
                    && state["odooCode"]["httpStatus"] != 404
                {
                    failures.push(format!("{label}: HTTP status missing: {state}"));
                }
                if v.to_string().contains(iot_box_sim::FAKE_ENTERPRISE_CODE) {
                    failures.push(format!("{label}: the contract code leaked into the output"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
