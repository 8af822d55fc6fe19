//! Every scenario's visible result per family: the six ERR_IOT_HTTPS_* codes on 16.0–18.2
//! (odoo-iot-protocol.md §4.2), `certificate_end_date` and log strings on 18.3+ (§4.3), access-point mode (§9.3).

mod common;

use std::time::Duration;

use common::*;
use iot_box_sim::{Family, Flavour, Scenario, SimHandle};
use serde_json::Value;

async fn status_details(s: &SimHandle) -> (bool, String) {
    let v = get(s.http_addr(), "/hw_posbox_homepage/data")
        .await
        .unwrap()
        .json();
    (
        v["is_certificate_ok"].as_bool().unwrap(),
        v["certificate_details"].as_str().unwrap().to_string(),
    )
}

fn expected_error(sc: Scenario) -> Option<&'static str> {
    Some(match sc {
        Scenario::NoServer
        | Scenario::Unpaired
        | Scenario::AccessPoint
        | Scenario::IotProxyUnreachable
        | Scenario::PairingAccepted => "ERR_IOT_HTTPS_CHECK_NO_SERVER",
        Scenario::CertReadException | Scenario::CertFilePermission => {
            "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION"
        }
        // The default helpers (urllib3) need both credentials.
        Scenario::CredentialsMissing | Scenario::CredentialsUuidOnly => {
            "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL"
        }
        Scenario::LoadRequestStatus => "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404\n\nNot Found",
        // A web filter's block page, read with `cert_reqs='CERT_NONE'` (@a1926979).
        Scenario::WebFilterBlock => "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 403\n\nForbidden",
        // urllib3: `if not result: return …_NO_RESULT` takes `{"result": false}`; a refusal
        // and a JSON-RPC error crash instead (below).
        Scenario::InvalidCertificate | Scenario::OdooComResultFalse => {
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT"
        }
        _ => return None,
    })
}

#[tokio::test]
async fn hw_posbox_status_error_codes() {
    for &sc in Scenario::all() {
        let s = sim(Family::HwPosboxStatus, Flavour::Linux, sc).await;
        // docs/protocol/status-reads.md: these crash the status route.
        if matches!(
            sc,
            Scenario::CertFileCorrupt
                | Scenario::CertFileDamaged
                | Scenario::OdooComErrorCrash
                | Scenario::WebFilterPage
                | Scenario::LoadRequestNoResult
                | Scenario::ServerError
        ) {
            let r = get(s.http_addr(), "/hw_posbox_homepage/data")
                .await
                .unwrap();
            assert_eq!(r.status, 500, "{sc}");
            let logs = get(s.http_addr(), "/hw_posbox_homepage/iot_logs")
                .await
                .unwrap()
                .json();
            let want = match sc {
                Scenario::CertFileCorrupt | Scenario::CertFileDamaged => "OpenSSL.crypto.Error",
                Scenario::WebFilterPage => {
                    "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
                }
                // odoo.com's refusal `{"result": {"error": …}}` passes `if not result`, then
                // `result['subject_cn']` raises (`hw_drivers/tools/helpers.py` @a1926979).
                Scenario::LoadRequestNoResult => "KeyError: 'subject_cn'",
                _ => "KeyError: 'result'",
            };
            assert!(
                logs["logs"].as_str().unwrap().contains(want),
                "{sc}: {logs}"
            );
            s.shutdown().await;
            continue;
        }
        let (ok, details) = status_details(&s).await;
        match (sc, expected_error(sc)) {
            (Scenario::OdooComDropped | Scenario::OdooComDroppedRequests, _) => {
                assert!(!ok);
                let (code, text) = details.split_once("\n\n").expect("exception text");
                assert_eq!(code, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION");
                let want = if sc == Scenario::OdooComDropped {
                    "[Errno 110] Connection timed out"
                } else {
                    "connect timeout=5"
                };
                assert!(text.contains(want), "{sc}: {text}");
            }
            (
                Scenario::LoadRequestException
                | Scenario::NoDefaultRoute
                | Scenario::OdooComUnresolved,
                _,
            ) => {
                assert!(!ok);
                let (code, text) = details
                    .split_once("\n\n")
                    .expect("exception text after blank line");
                assert_eq!(code, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION");
                assert!(text.contains("www.odoo.com"), "{text}");
                if sc == Scenario::OdooComUnresolved {
                    assert!(
                        text.contains("Temporary failure in name resolution"),
                        "{text}"
                    );
                }
            }
            (_, Some(err)) => assert_eq!((ok, details.as_str()), (false, err), "{sc}"),
            // placeholder / expired / renewal-due / healthy: the read itself renews (odoo-iot-protocol.md §4.1).
            (_, None) => {
                assert!(
                    ok && details
                        .starts_with("Your certificate *.d73e7513.odoo-iot.com is valid until "),
                    "{sc}: {details}"
                )
            }
        }
        // 16.0 – saas-18.2 catch the database's failure in `check_git_branch` [docs].
        // urllib3's `CERT_NONE` accepts an inspecting filter's certificate (@a1926979).
        let renews = matches!(
            sc,
            Scenario::Placeholder
                | Scenario::Expired
                | Scenario::RenewalDue
                | Scenario::DatabaseUnresolvable
                | Scenario::TlsInspection
        );
        assert_eq!(s.state()["downloads"], u64::from(renews), "{sc}");
        s.shutdown().await;
    }
}

#[tokio::test]
async fn failing_reads_call_odoo_com_each_time_before_18_3() {
    let s = sim(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::LoadRequestNoResult,
    )
    .await;
    // Each read asks odoo.com again, and crashes on its refusal (KeyError: 'subject_cn').
    for _ in 0..3 {
        let r = get(s.http_addr(), "/hw_posbox_homepage/data")
            .await
            .unwrap();
        assert_eq!(r.status, 500);
    }
    assert_eq!(s.state()["odoo_com_calls"], 3);
    s.shutdown().await;
    // 18.3+: the data route is read-only (odoo-iot-protocol.md §4.3).
    let s = sim(
        Family::HwPosboxEndDate,
        Flavour::Linux,
        Scenario::LoadRequestNoResult,
    )
    .await;
    // The spawn counts as an earlier start-up, whose attempt already called odoo.com (odoo-iot-protocol.md §4.3);
    // reads of the data route must not add any.
    let before = s.state()["odoo_com_calls"].clone();
    for _ in 0..3 {
        get(s.http_addr(), "/hw_posbox_homepage/data")
            .await
            .unwrap();
    }
    assert_eq!(s.state()["odoo_com_calls"], before);
    s.shutdown().await;
}

#[tokio::test]
async fn legacy_homepage_error_row() {
    let s = sim(
        Family::LegacyHtml,
        Flavour::Linux,
        Scenario::LoadRequestStatus,
    )
    .await;
    let home = get(s.http_addr(), "/").await.unwrap().body;
    // hw_posbox_homepage/views/homepage.html (16.0).
    assert!(home.contains("<tr class=\"warn-tr\">"), "{home}");
    assert!(home.contains("Error code:\n<a target=\"_blank\" class=\"btn btn-sm float-end\" href=\"https://www.odoo.com/documentation/master/applications/productivity/iot/config/https_certificate_iot.html#err-iot-https-load-request-status\""), "{home}");
    assert!(home.contains("<code style=\"white-space: pre-wrap;\">ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404\n\nNot Found</code>"));
    s.shutdown().await;
    let s = sim(Family::LegacyHtml, Flavour::Linux, Scenario::AccessPoint).await;
    let home = get(s.http_addr(), "/").await.unwrap().body;
    assert!(home.contains("url=http://10.11.12.1:8069/steps"), "{home}");
    s.shutdown().await;
}

#[tokio::test]
async fn access_point_reports_ap_ip_only_in_json() {
    let s = sim(
        Family::HwPosboxStatus,
        Flavour::Linux,
        Scenario::AccessPoint,
    )
    .await;
    assert_eq!(s.http_addr().ip().to_string(), "127.0.0.1");
    let v = get(s.http_addr(), "/hw_posbox_homepage/data")
        .await
        .unwrap()
        .json();
    assert_eq!(
        (v["ip"].as_str(), v["network_status"].as_str()),
        (Some("10.11.12.1"), Some("Wifi access point"))
    );
    assert_eq!(v["certificate_details"], "ERR_IOT_HTTPS_CHECK_NO_SERVER");
    assert_eq!(
        v["pairing_code"], false,
        "pairing polling stops in AP mode (§9.3)"
    );
    s.shutdown().await;
    let s = sim(Family::IotDrivers, Flavour::Linux, Scenario::AccessPoint).await;
    let v = get(s.http_addr(), "/iot_drivers/data")
        .await
        .unwrap()
        .json();
    assert_eq!(
        (v["ip"].as_str(), v["is_access_point_up"].as_bool()),
        (Some("10.11.12.1"), Some(true))
    );
    assert!(v["certificate_end_date"].is_null());
    s.shutdown().await;
}

fn expected_log(f: Family, sc: Scenario) -> Option<&'static str> {
    Some(match sc {
        Scenario::LoadRequestException if f == Family::IotDrivers => {
            "Maximum attempt to download the odoo.com certificate reached"
        }
        Scenario::LoadRequestException => "An error occurred while trying to reach odoo.com",
        Scenario::LoadRequestStatus => {
            "404 Client Error: Not Found for url: https://www.odoo.com/odoo-enterprise/iot/x509"
        }
        Scenario::LoadRequestNoResult => {
            "Error received from odoo.com while trying to get the certificate: "
        }
        Scenario::ServerError => {
            "Server error received from odoo.com while trying to get the certificate: "
        }
        Scenario::InvalidCertificate => "The certificate received from odoo.com is not valid.",
        Scenario::WebFilterBlock => {
            "403 Client Error: Forbidden for url: https://www.odoo.com/odoo-enterprise/iot/x509"
        }
        Scenario::WebFilterPage => "Expecting value: line 1 column 1 (char 0)",
        // The `Manager` thread dies, its traceback one record per line (`manager_crash`).
        Scenario::OdooComResultFalse => {
            "exception_logger: AttributeError: 'bool' object has no attribute 'get'"
        }
        Scenario::DatabaseUnresolvable if f == Family::IotDrivers => {
            "exception_logger: requests.exceptions.ConnectionError"
        }
        Scenario::OdooComUnresolved => "[Errno -3] Temporary failure in name resolution",
        // requests verifies TLS (18.3+ `certificate.py`), so the filter's certificate fails.
        Scenario::TlsInspection => "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
        _ => return None,
    })
}

/// 18.3+: failures are visible only in the logs, and only after a (re)start (odoo-iot-protocol.md §4.3).
async fn end_date_case(f: Family, sc: Scenario) {
    let (data, logs) = if f == Family::IotDrivers {
        ("/iot_drivers/data", "/iot_drivers/iot_logs")
    } else {
        ("/hw_posbox_homepage/data", "/hw_posbox_homepage/iot_logs")
    };
    let s = sim(f, Flavour::Linux, sc).await;
    let a = s.http_addr();
    if sc == Scenario::CertFilePermission {
        // PermissionError escapes `get_certificate_end_date` (docs/protocol/status-reads.md).
        assert_eq!(get(a, data).await.unwrap().status, 500, "{f} {sc}");
        s.shutdown().await;
        return;
    }
    let v = get(a, data).await.unwrap().json();
    assert_eq!(
        v["certificate_end_date"].is_string(),
        matches!(
            sc,
            Scenario::Healthy
                | Scenario::StaleNginx
                | Scenario::WindowsDateBug
                | Scenario::NginxOtherSubject
                | Scenario::ForeignCertificate
        ),
        "{f} {sc}: {v}"
    );
    s.restart();
    wait_for("down", Duration::from_secs(3), || is_refused(a)).await;
    wait_for("up", Duration::from_secs(5), || hello_ok(a)).await;
    let text = get(a, logs).await.unwrap().json()["logs"]
        .as_str()
        .unwrap()
        .to_string();
    if let Some(want) = expected_log(f, sc) {
        assert!(text.contains(want), "{f} {sc}: {text}");
        assert!(get(a, data).await.unwrap().json()["certificate_end_date"].is_null());
    }
    // 18.3+ need only the database UUID; without it they call nothing and log nothing
    // (hw_drivers/tools/certificate.py @0240f280, iot_drivers/tools/certificate.py @371fe6a0).
    // The `Manager` thread downloads while Odoo already answers (docs/protocol/logs.md).
    if matches!(
        sc,
        Scenario::Placeholder
            | Scenario::Expired
            | Scenario::RenewalDue
            | Scenario::CredentialsUuidOnly
    ) || (sc == Scenario::DatabaseUnresolvable && f != Family::IotDrivers)
    {
        wait_for("the certificate", Duration::from_secs(5), || async move {
            get(a, data).await.unwrap().json()["certificate_end_date"].is_string()
        })
        .await;
    }
    if sc == Scenario::CredentialsMissing {
        assert!(!text.contains("odoo.com"), "{f} {sc}: {text}");
        assert_eq!(s.state()["odoo_com_calls"], 0, "{f} {sc}");
    }
    assert!(!text.contains("ERR_IOT_HTTPS"), "no ERR codes on 18.3+");
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn end_date_families_log_failures_after_restart() {
    let mut cases = tokio::task::JoinSet::new();
    for f in [Family::HwPosboxEndDate, Family::IotDrivers] {
        for &sc in Scenario::all() {
            cases.spawn(end_date_case(f, sc));
        }
    }
    while let Some(r) = cases.join_next().await {
        r.expect("case passed");
    }
}

/// Windows hw_*: writing a downloaded certificate restarts Odoo (odoo-iot-protocol.md §4.4 "applied by").
/// `odoo_restart(0)` races the read's answer: the answer first by default, as Odoo's `restart()`
/// intends; the restart first (the connection drops) when a test asks for it.
#[tokio::test]
async fn windows_download_on_read_restarts_odoo() {
    for drops in [false, true] {
        let s = iot_box_sim::spawn(iot_box_sim::SimConfig {
            restart_drops_download_answer: drops,
            ..cfg(
                Family::HwPosboxStatus,
                Flavour::Windows,
                Scenario::Placeholder,
            )
        })
        .await
        .unwrap();
        let a = s.http_addr();
        let read = get(a, "/hw_posbox_homepage/data").await;
        if drops {
            assert!(read.is_err(), "{read:?}");
        } else {
            let v = read.unwrap().json();
            assert_eq!(v["is_certificate_ok"], true, "{v}");
        }
        wait_for(
            "Odoo restarts after the download",
            Duration::from_secs(3),
            || is_refused(a),
        )
        .await;
        wait_for("up", Duration::from_secs(5), || hello_ok(a)).await;
        let v: Value = get(a, "/hw_posbox_homepage/data").await.unwrap().json();
        assert_eq!(v["is_certificate_ok"], true, "{v}");
        assert_eq!(s.state()["downloads"], 1);
        s.shutdown().await;
    }
}

/// `stale-nginx`: the box reports its new certificate while nginx serves the previous one,
/// until Odoo (and with it nginx) restarts (odoo-iot-protocol.md §4.4).
#[tokio::test]
async fn stale_nginx_serves_the_old_certificate_until_a_restart() {
    let s = sim(Family::IotDrivers, Flavour::Linux, Scenario::StaleNginx).await;
    let a = s.http_addr();
    let reported =
        get(a, "/iot_drivers/data").await.unwrap().json()["certificate_end_date"].clone();
    assert!(reported.is_string());
    let served_before = s.served_cert_pem();
    assert_ne!(
        s.state()["certificate"]["fingerprint"],
        serde_json::Value::Null
    );
    s.restart();
    wait_for("down", Duration::from_secs(3), || is_refused(a)).await;
    wait_for("up", Duration::from_secs(5), || hello_ok(a)).await;
    assert_ne!(
        s.served_cert_pem(),
        served_before,
        "nginx must serve the box's file after a restart"
    );
    s.shutdown().await;
}
