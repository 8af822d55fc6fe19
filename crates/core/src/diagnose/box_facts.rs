//! Findings from what the box says: Odoo's codes as reported, and — for 18.3+ boxes that show
//! no code — the code inferred from the data fields, the logs and the served certificate.

use std::net::SocketAddr;

use crate::box_api::{BoxCertificate, BoxReport, CodeSource, Pairing};
use crate::error::CoreError;
use crate::findings::{Finding, Source};
use crate::tls::{CertificateClass, TlsAssessment};

pub fn unreachable_or_not_odoo(err: &CoreError, target: SocketAddr) -> Finding {
    let code = match err {
        CoreError::Unreachable { .. }
        | CoreError::Timeout { .. }
        | CoreError::ConnectionLost { .. } => "BOX_UNREACHABLE",
        _ => "BOX_NOT_ODOO",
    };
    Finding::new(
        code,
        Source::Laptop,
        vec![format!("http://{target}: {err}")],
    )
}

pub fn findings(report: &BoxReport, served: Option<&TlsAssessment>) -> Vec<Finding> {
    let status = &report.status;
    let mut out = Vec::new();
    if status.access_point {
        out.push(Finding::new(
            "BOX_ACCESS_POINT_MODE",
            Source::ReportedByBox,
            vec![format!(
                "the box runs its own Wi-Fi access point (IP {}), so it has no server and no Internet",
                status.ip.as_deref().unwrap_or("10.11.12.1")
            )],
        ));
    }
    if let Pairing::NotPaired {
        code_expired: true, ..
    } = status.pairing
    {
        out.push(Finding::new(
            "PAIRING_CODE_EXPIRED",
            Source::ReportedByBox,
            vec!["pairing_code_expired is true".into()],
        ));
    }
    match &report.certificate_state {
        BoxCertificate::Failed { odoo_code } => {
            let mut evidence = vec![match odoo_code.source {
                CodeSource::InferredFromText => format!(
                    "{} box's message, read as {} (its words below)",
                    status.family, odoo_code.code
                ),
                _ => format!("{} box says {}", status.family, odoo_code.code),
            }];
            if let Some(s) = odoo_code.http_status {
                evidence.push(format!("odoo.com answered HTTP {s}"));
            }
            if let Some(d) = &odoo_code.detail {
                evidence.push(d.clone());
            }
            out.push(
                Finding::new(&odoo_code.code, odoo_code.source.into(), evidence)
                    .with_detail(odoo_code.http_status, odoo_code.detail.clone()),
            );
        }
        BoxCertificate::NoValidCertificate => out.push(infer_without_code(report, served)),
        BoxCertificate::Unrecognised { text } => out.push(
            Finding::new(
                "BOX_NO_CERTIFICATE_NO_CODE",
                Source::InferredFromText,
                vec![format!("the box says: {text}")],
            )
            .with_detail(None, Some(text.clone())),
        ),
        BoxCertificate::Valid { .. } | BoxCertificate::Generated | BoxCertificate::NotReported => {}
    }
    out
}

/// An 18.3+ box with `certificate_end_date: null` and no cause in its logs: what its data
/// fields say, in the order the box itself checks them (`@require_db`, then the database
/// UUID; docs/protocol/credentials.md).
fn infer_without_code(report: &BoxReport, served: Option<&TlsAssessment>) -> Finding {
    let status = &report.status;
    let data = |code: &str, fact: String| Finding::new(code, Source::InferredFromData, vec![fact]);
    if status.access_point {
        return data(
            "ERR_IOT_HTTPS_CHECK_NO_SERVER",
            "access-point mode: the box has no server URL".into(),
        );
    }
    if let Pairing::NotPaired { .. } = status.pairing {
        return data(
            "ERR_IOT_HTTPS_CHECK_NO_SERVER",
            "server_status is empty: the box is not paired with a database".into(),
        );
    }
    // 18.3+ boxes return before any request when the database UUID is missing, and send the
    // contract code only if they have one: a missing code alone is not the cause.
    if status.credentials.db_uuid.is_none() {
        return data(
            "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
            "missing on the box: database UUID (Odoo 18.3 and later need only that to ask odoo.com)".into(),
        );
    }
    // nginx serves a good certificate the box says it does not have: it cannot read its file.
    let served_good = served.and_then(TlsAssessment::verdict).is_some_and(|v| {
        v.primary == CertificateClass::Valid
            || v.primary == CertificateClass::Untrusted && !v.leaf().self_signed
    });
    if served_good {
        return data(
            "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
            "the HTTPS port serves a real certificate, yet the box reports none: it cannot read its certificate file".into(),
        );
    }
    Finding::new(
        "BOX_NO_CERTIFICATE_NO_CODE",
        Source::InferredFromData,
        vec!["certificate_end_date is null and the box's logs name no cause yet".into()],
    )
}
