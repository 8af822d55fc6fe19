//! The IoT service's start-up thread dying (docs/protocol/restarts.md "When the start-up thread
//! dies"), seen on Odoo's real 19.0 code: the box answers, has no certificate, and its log —
//! written line by line by `exception_logger` — says why. `iot-https diagnose` names that
//! cause instead of "no valid certificate, the box does not say why yet" and "Restart Odoo".
//! An unpaired box that cannot reach iot-proxy.odoo.com gets a pairing finding that says so.

mod sim_box;

use iot_box_sim::{Family, Flavour, Scenario, SimHandle};
use serde_json::Value;
use sim_box::{codes, diagnose, finding};

async fn spawn(family: Family, flavour: Flavour, scenario: Scenario) -> SimHandle {
    sim_box::spawn(sim_box::config(family, flavour, scenario)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_start_up_thread_died_and_the_finding_names_why() {
    let cases = [
        (
            Family::IotDrivers,
            Scenario::DatabaseUnresolvable,
            "IOT_SERVICE_STOPPED_DATABASE",
            "requests.exceptions.ConnectionError",
        ),
        (
            Family::IotDrivers,
            Scenario::OdooComResultFalse,
            "IOT_SERVICE_STOPPED_ODOO_COM",
            "AttributeError: 'bool' object has no attribute 'get'",
        ),
    ];
    for (family, scenario, code, exception) in cases {
        for flavour in [Flavour::Linux, Flavour::Windows] {
            let label = format!("{family}/{flavour}/{scenario}");
            let sim = spawn(family, flavour, scenario).await;
            // exception_logger: one ERROR record per line Python printed.
            let logs = sim.logs();
            assert!(
                logs.lines()
                    .any(|l| l.ends_with("exception_logger: Exception in thread Thread-2:")),
                "{label}: {logs}"
            );
            assert!(
                logs.lines()
                    .any(|l| l.contains(&format!("exception_logger: {exception}"))),
                "{label}: the exception is its own record: {logs}"
            );
            let v = diagnose(&sim).await;
            sim.shutdown().await;
            let all = codes(&v);
            let f = finding(&v, code).unwrap_or_else(|| panic!("{label}: {all:?}"));
            assert_eq!(f["source"], "inferred-from-logs", "{label}");
            assert_eq!(f["severity"], "error", "{label}");
            assert!(
                f["detail"].as_str().unwrap().contains(exception),
                "{label}: {f}"
            );
            assert!(
                !all.contains(&"BOX_NO_CERTIFICATE_NO_CODE".to_string()),
                "{label}: the box says why: {all:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_cannot_work_while_iot_proxy_is_unreachable() {
    for flavour in [Flavour::Linux, Flavour::Windows] {
        let sim = spawn(Family::IotDrivers, flavour, Scenario::IotProxyUnreachable).await;
        let v = diagnose(&sim).await;
        sim.shutdown().await;
        let f = finding(&v, "ERR_IOT_HTTPS_CHECK_NO_SERVER").expect("the pairing finding");
        let evidence = f["evidence"].to_string();
        assert!(
            evidence.contains("iotProxyUnreachable") && evidence.contains("Failed to resolve"),
            "{flavour}: {evidence}"
        );
        assert_eq!(v["box"]["pairing"]["pairingCode"], Value::Null, "{flavour}");
    }
    // A box that can reach it says nothing of the kind.
    let sim = spawn(Family::IotDrivers, Flavour::Linux, Scenario::Unpaired).await;
    let v = diagnose(&sim).await;
    sim.shutdown().await;
    let f = finding(&v, "ERR_IOT_HTTPS_CHECK_NO_SERVER").unwrap();
    assert!(!f["evidence"].to_string().contains("iotProxyUnreachable"));
}
