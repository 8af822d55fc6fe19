//! The `load_certificate()` variants of 16.0 – saas-18.2 (`--helpers`): what the data route's
//! `certificate_details` holds for each odoo.com behaviour (docs/protocol/certificate-states.md).

mod common;

use common::*;
use iot_box_sim::{Family, Flavour, HelpersVariant, Scenario, SimConfig};
use serde_json::{json, Value};

async fn details(helpers: HelpersVariant, scenario: Scenario, http_status: u16) -> Value {
    let s = iot_box_sim::spawn(SimConfig {
        helpers,
        http_status,
        ..cfg(Family::HwPosboxStatus, Flavour::Linux, scenario)
    })
    .await
    .unwrap();
    let v = get(s.http_addr(), "/hw_posbox_homepage/data")
        .await
        .unwrap()
        .json();
    s.shutdown().await;
    v["certificate_details"].clone()
}

#[tokio::test]
async fn requests_variant_reports_http_errors_as_exceptions() {
    let got = details(HelpersVariant::Requests, Scenario::LoadRequestStatus, 503).await;
    assert_eq!(
        got,
        json!("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\n503 Server Error: Service Unavailable for url: https://www.odoo.com/odoo-enterprise/iot/x509")
    );
    // urllib3 keeps the STATUS code.
    let got = details(HelpersVariant::Urllib3, Scenario::LoadRequestStatus, 503).await;
    assert_eq!(
        got,
        json!("ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 503\n\nService Unavailable")
    );
}

#[tokio::test]
async fn free_text_variant_passes_odoo_com_answers_through() {
    let v = HelpersVariant::FreeText;
    let server_error = details(v, Scenario::ServerError, 404).await;
    assert_eq!(
        server_error["message"], "Odoo Server Error",
        "{server_error}"
    );
    let refusal = details(v, Scenario::LoadRequestNoResult, 404).await;
    assert_eq!(
        refusal,
        json!("This database is not eligible for an IoT box certificate.")
    );
    assert_eq!(
        details(v, Scenario::LoadRequestException, 404).await,
        json!("ERR_SSL_CERT_DOWNLOAD")
    );
    assert_eq!(
        details(v, Scenario::InvalidCertificate, 404).await,
        json!("The certificate received from odoo.com is not valid, try restarting.")
    );
    assert_eq!(
        details(v, Scenario::CertReadException, 404).await,
        json!("Can't read certificate file")
    );
    assert_eq!(
        details(v, Scenario::CredentialsMissing, 404).await,
        json!("No database UUID found on the IoT Box configuration, try pairing again.")
    );
}

#[tokio::test]
async fn urllib3_and_requests_need_the_contract_code() {
    // `@02ece93a`: `if not (db_uuid and enterprise_code)` (docs/protocol/credentials.md).
    for (variant, needs_code) in [
        (HelpersVariant::Urllib3, true),
        (HelpersVariant::Urllib3UuidOnly, false),
        (HelpersVariant::Requests, true),
        (HelpersVariant::FreeText, false),
    ] {
        let got = details(variant, Scenario::CredentialsUuidOnly, 404).await;
        let text = got.as_str().unwrap_or_default();
        assert_eq!(
            text == "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
            needs_code,
            "{variant}: {got}"
        );
        if !needs_code {
            assert!(text.starts_with("Your certificate "), "{variant}: {got}");
        }
    }
}
