//! What real boxes of each generation show, through the CLI against the simulator: the 16.0
//! pages as Odoo renders them, the error-text variants of the 18.x helpers, and which
//! credentials each generation needs (docs/protocol/legacy-html.md, certificate-states.md,
//! credentials.md).

use iot_box_sim::{Family, Flavour, HelpersVariant, Scenario, SimConfig, SimHandle};
use serde_json::Value;
use sim_box::{codes, finding};

mod sim_box;

async fn spawn(
    family: Family,
    scenario: Scenario,
    helpers: HelpersVariant,
    http_status: u16,
) -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        helpers,
        http_status,
        control: None,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

async fn cli(args: Vec<String>) -> Value {
    let out = sim_box::run_cli([args, vec!["--json".into()]].concat()).await;
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

async fn status(sim: &SimHandle) -> Value {
    cli(vec!["status".into(), sim.http_addr().to_string()]).await
}

async fn diagnose(sim: &SimHandle) -> Value {
    let v = cli([vec!["diagnose".to_string()], sim_box::box_args(sim)].concat()).await;
    sim_box::remove_ca_file(sim);
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_reads_pairing_hostname_and_credentials_from_the_real_markup() {
    let sim = spawn(
        Family::LegacyHtml,
        Scenario::Healthy,
        HelpersVariant::Urllib3,
        404,
    )
    .await;
    let v = status(&sim).await;
    sim.shutdown().await;
    assert_eq!(v["pairing"]["state"], "paired", "{v}");
    assert_eq!(v["pairing"]["server"], iot_box_sim::DEMO_SERVER);
    let hostname = v["hostname"].as_str().unwrap();
    assert!(
        !hostname.contains("configure") && !hostname.is_empty(),
        "{hostname}"
    );
    assert_eq!(v["credentials"]["dbUuid"], iot_box_sim::FAKE_DB_UUID);
    assert_eq!(v["credentials"]["enterpriseCodePresent"], true);
    assert!(!v.to_string().contains(iot_box_sim::FAKE_ENTERPRISE_CODE));

    let sim = spawn(
        Family::LegacyHtml,
        Scenario::Unpaired,
        HelpersVariant::Urllib3,
        404,
    )
    .await;
    let v = status(&sim).await;
    sim.shutdown().await;
    assert_eq!(v["pairing"]["state"], "notPaired", "{v}");
    assert!(v["pairing"]["pairingCode"].is_string(), "{v}");
    assert_eq!(v["credentials"]["dbUuid"], Value::Null);
    assert_eq!(v["credentials"]["enterpriseCodePresent"], false);

    let sim = spawn(
        Family::LegacyHtml,
        Scenario::CredentialsUuidOnly,
        HelpersVariant::Urllib3,
        404,
    )
    .await;
    let v = status(&sim).await;
    sim.shutdown().await;
    assert_eq!(v["credentials"]["dbUuid"], iot_box_sim::FAKE_DB_UUID);
    assert_eq!(v["credentials"]["enterpriseCodePresent"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_boxes_report_odoo_com_503_as_the_status_case() {
    let sim = spawn(
        Family::HwPosboxStatus,
        Scenario::LoadRequestStatus,
        HelpersVariant::Requests,
        503,
    )
    .await;
    let run = diagnose(&sim).await;
    sim.shutdown().await;
    assert!(
        finding(&run, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION").is_none(),
        "{:?}",
        codes(&run)
    );
    let f = finding(&run, "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS").expect("STATUS finding");
    assert_eq!(f["source"], "inferred-from-text");
    assert_eq!(f["httpStatus"], 503);
    let evidence = evidence_text(f);
    assert!(
        evidence.contains("503 Server Error: Service Unavailable for url: https://www.odoo.com/"),
        "{evidence}"
    );
    // odoo.com answered: no firewall advice.
    let text = f.to_string().to_lowercase();
    assert!(!text.contains("firewall"), "{f}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_text_boxes_map_to_odoo_codes() {
    for (scenario, code) in [
        (
            Scenario::ServerError,
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        ),
        (
            Scenario::LoadRequestNoResult,
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        ),
        (
            Scenario::InvalidCertificate,
            "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
        ),
        (
            Scenario::LoadRequestException,
            "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
        ),
        (
            Scenario::CertReadException,
            "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
        ),
        (
            Scenario::CredentialsMissing,
            "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
        ),
    ] {
        let sim = spawn(
            Family::HwPosboxStatus,
            scenario,
            HelpersVariant::FreeText,
            404,
        )
        .await;
        let run = diagnose(&sim).await;
        sim.shutdown().await;
        let f = finding(&run, code).unwrap_or_else(|| panic!("{scenario}: {:?}", codes(&run)));
        assert_eq!(f["source"], "inferred-from-text", "{scenario}");
        assert!(
            finding(&run, "BOX_NO_CERTIFICATE_NO_CODE").is_none(),
            "{scenario}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_contract_code_is_no_cause_where_the_uuid_is_enough() {
    for family in [Family::HwPosboxEndDate, Family::IotDrivers] {
        let sim = spawn(
            family,
            Scenario::CredentialsUuidOnly,
            HelpersVariant::Urllib3,
            404,
        )
        .await;
        let run = diagnose(&sim).await;
        sim.shutdown().await;
        assert!(
            finding(&run, "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL").is_none(),
            "{family}: {:?}",
            codes(&run)
        );
        assert!(
            finding(&run, "BOX_NO_CERTIFICATE_NO_CODE").is_some(),
            "{family}: {:?}",
            codes(&run)
        );

        let sim = spawn(
            family,
            Scenario::CredentialsMissing,
            HelpersVariant::Urllib3,
            404,
        )
        .await;
        let run = diagnose(&sim).await;
        sim.shutdown().await;
        let f = finding(&run, "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL")
            .unwrap_or_else(|| panic!("{family}: {:?}", codes(&run)));
        assert!(evidence_text(f).contains("database UUID"), "{f}");
    }
    // Late 16.0 needs only the UUID: the box downloads and reports no code at all.
    let sim = spawn(
        Family::LegacyHtml,
        Scenario::CredentialsUuidOnly,
        HelpersVariant::Urllib3UuidOnly,
        404,
    )
    .await;
    let v = status(&sim).await;
    sim.shutdown().await;
    assert_eq!(v["certificateState"]["state"], "valid", "{v}");
}

/// The evidence of a `--json` finding as English sentences (the CLI prints facts, not text).
fn evidence_text(f: &Value) -> String {
    let facts: Vec<iot_https_core::findings::Evidence> =
        serde_json::from_value(f["evidence"].clone()).expect("evidence is a list of facts");
    iot_https_core::findings::evidence::render_all(&facts, "en").join("\n")
}
