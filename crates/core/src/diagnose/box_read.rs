//! The box side of a diagnosis: detect, read the status once (following a restart during the
//! read), and when the read fails, find out why before naming it. A box whose hello route
//! answers `ping` is an Odoo box whatever its status route does: a 500 is `BOX_STATUS_ERROR`
//! with the cause from its log, a read past `--box-timeout` is `BOX_STATUS_SLOW`
//! (docs/protocol/status-reads.md).

use std::net::SocketAddr;

use crate::box_api::status_error::{crash_from_logs, CrashCause, StatusCrash};
use crate::box_api::{hello_answers, ApiFamily, BoxClient, BoxReport, CodeSource, ReadOptions};
use crate::error::CoreError;
use crate::findings::{Finding, Source};
use crate::http::{BoxHttp, Limits};
use crate::net_policy::NetPolicy;

pub struct BoxRead {
    pub result: Result<BoxReport, CoreError>,
    pub logs: Option<String>,
    /// `/hw_proxy/hello` answered `ping`.
    pub hello: bool,
    pub crash: Option<StatusCrash>,
    pub family: Option<ApiFamily>,
}

pub async fn read_box(target: SocketAddr, policy: NetPolicy, read: ReadOptions) -> BoxRead {
    let client = match BoxClient::connect_to_reading(target, policy, read).await {
        Ok(c) => c,
        Err(e) => {
            let hello = match BoxHttp::new(target, policy.for_target(target.ip()), Limits::probe())
            {
                Ok(http) => hello_answers(&http).await,
                Err(_) => false,
            };
            return BoxRead {
                result: Err(e),
                logs: None,
                hello,
                crash: None,
                family: None,
            };
        }
    };
    match client.report_with_logs().await {
        Ok(r) => BoxRead {
            family: Some(r.client.family()),
            result: Ok(r.report),
            logs: r.logs,
            hello: true,
            crash: None,
        },
        Err(e) => {
            let hello = client.hello().await;
            let crashed = matches!(e, CoreError::HttpStatus { status, .. } if status >= 500);
            let logs = if hello && crashed {
                client.logs().await.ok()
            } else {
                None
            };
            let crash = logs.as_deref().and_then(crash_from_logs);
            let family = crash
                .as_ref()
                .and_then(|c| c.family)
                .unwrap_or(client.family());
            BoxRead {
                result: Err(e),
                logs,
                hello,
                crash,
                family: Some(family),
            }
        }
    }
}

/// Findings for a status read that failed.
pub fn failure_findings(read: &BoxRead, err: &CoreError, target: SocketAddr) -> Vec<Finding> {
    if !read.hello {
        return vec![super::box_facts::unreachable_or_not_odoo(err, target)];
    }
    let family = read
        .family
        .map(|f| {
            format!(
                "{f} ({}), detected through side-effect-free routes",
                f.odoo_versions()
            )
        })
        .unwrap_or_else(|| "unknown".into());
    let pings = format!("http://{target}/hw_proxy/hello answers ping: this is an Odoo IoT box");
    if let CoreError::Timeout { path, after_ms, .. } = err {
        return vec![Finding::new(
            "BOX_STATUS_SLOW",
            Source::Laptop,
            vec![
                format!(
                    "http://{target}{path} gave no answer within {} s (--box-timeout)",
                    after_ms / 1000
                ),
                pings,
                format!("API family: {family}"),
                "reading the status makes this box ask www.odoo.com for a certificate; a firewall that silently drops that traffic keeps it waiting for minutes (one that rejects it would answer at once)".into(),
            ],
        )];
    }
    let mut evidence = vec![
        format!("http://{target}: {err}"),
        pings,
        format!("API family: {family}"),
    ];
    let mut out = Vec::new();
    match &read.crash {
        Some(crash) => {
            evidence.push(format!("the box's log: {}", crash.record));
            match crash.cause {
                Some(CrashCause::WindowsDateComparison) => evidence.push(
                    "this is saas-18.3's status page bug on Windows: it compares the certificate's timezone-aware end date with a naive clock and crashes whenever the box holds a real certificate; HTTPS is judged from the served certificate below".into(),
                ),
                Some(cause) => {
                    if let Some(code) = cause.odoo_code() {
                        evidence.push(format!("the traceback is the case Odoo calls {code}"));
                        out.push(
                            Finding::new(
                                code,
                                CodeSource::InferredFromLogs.into(),
                                vec![
                                    format!("inferred from the box's log: the status route crashed with {}", cause_words(cause)),
                                    crash.record.clone(),
                                ],
                            )
                            .with_detail(None, Some(crash.record.clone())),
                        );
                    }
                }
                None => evidence.push("the traceback names no cause this assistant knows".into()),
            }
        }
        None => evidence.push(match &read.logs {
            Some(_) => "the box's log shows no traceback for it".into(),
            None => "the box's log could not be read".into(),
        }),
    }
    let mut finding = Finding::new("BOX_STATUS_ERROR", Source::Laptop, evidence);
    if let Some(crash) = &read.crash {
        finding = finding.with_detail(None, Some(crash.record.clone()));
    }
    out.insert(0, finding);
    out
}

fn cause_words(cause: CrashCause) -> &'static str {
    match cause {
        CrashCause::CertificateFile => "a damaged or unreadable certificate file",
        CrashCause::OdooComRefused => {
            "an answer from odoo.com without a certificate (after the x509 request)"
        }
        CrashCause::WindowsDateComparison => "saas-18.3's Windows date comparison",
    }
}
