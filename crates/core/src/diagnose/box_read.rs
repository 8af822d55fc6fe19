//! The box side of a diagnosis: detect, read the status once (following a restart during the
//! read), and when the read fails, find out why before naming it. A box whose hello route
//! answers `ping` is an Odoo box whatever its status route does: a 500 is `BOX_STATUS_ERROR`
//! with the cause from its log, a read past `--box-timeout` is `BOX_STATUS_SLOW`
//! (docs/protocol/status-reads.md).

use std::net::SocketAddr;

use crate::box_api::log_facts::LogFacts;
use crate::box_api::log_run::{current_run, RunWindow};
use crate::box_api::odoo_only::odoo_version;
use crate::box_api::status_error::{crash_from_logs, CrashCause, StatusCrash};
use crate::box_api::{
    hello_answers, ApiFamily, BoxCertificate, BoxClient, BoxReport, CodeSource, RawCertificate,
    ReadOptions, ReportRead,
};
use crate::diagnose::subject_in_logs;
use crate::error::CoreError;
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Source, StepsCause};
use crate::http::{BoxHttp, Limits};
use crate::net_policy::NetPolicy;

pub struct BoxRead {
    pub result: Result<BoxReport, CoreError>,
    pub logs: Option<String>,
    /// The certificate subject the box's log names ("SSL certificate '<subject>' is valid
    /// until", INFO on saas-18.4): this run's when the status was read, for a box that names
    /// none in its status (`run_subject`).
    pub log_subject: Option<String>,
    /// What the current run's log records say (`box_api::log_facts`).
    pub facts: LogFacts,
    /// `/hw_proxy/hello` answered `ping`.
    pub hello: bool,
    pub crash: Option<StatusCrash>,
    pub family: Option<ApiFamily>,
    /// Odoo's version where Odoo answers but no IoT route does (`box_api::odoo_only`).
    pub odoo_without_iot: Option<String>,
}

pub async fn read_box(target: SocketAddr, policy: NetPolicy, read: ReadOptions) -> BoxRead {
    let client = match BoxClient::connect_to_reading(target, policy, read).await {
        Ok(c) => c,
        Err(e) => {
            let http = BoxHttp::new(target, policy.for_target(target.ip()), Limits::probe()).ok();
            let hello = match &http {
                Some(http) => hello_answers(http).await,
                None => false,
            };
            let odoo_without_iot = match (&http, &e) {
                (Some(http), CoreError::NotOdoo { .. }) if !hello => odoo_version(http).await,
                _ => None,
            };
            return BoxRead {
                result: Err(e),
                logs: None,
                log_subject: None,
                facts: LogFacts::default(),
                hello,
                crash: None,
                family: None,
                odoo_without_iot,
            };
        }
    };
    match client.report_with_logs().await {
        Ok(r) => BoxRead {
            log_subject: run_subject(&r).await,
            family: Some(r.client.family()),
            result: Ok(r.report),
            logs: r.logs,
            facts: r.facts,
            hello: true,
            crash: None,
            odoo_without_iot: None,
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
            // No status, so no run to place the lines in: the newest line naming a subject.
            let log_subject = logs.as_deref().and_then(subject_in_logs);
            let family = crash
                .as_ref()
                .and_then(|c| c.family)
                .unwrap_or(client.family());
            BoxRead {
                result: Err(e),
                logs,
                log_subject,
                facts: LogFacts::default(),
                hello,
                crash,
                family: Some(family),
                odoo_without_iot: None,
            }
        }
    }
}

/// The subject this run's log names, for a box whose status names none (saas-18.3+). The log
/// is read for it only when the box reports a valid certificate (otherwise the read already
/// fetched it for the cause); one read-only request. Only this run's lines count: a line of an
/// earlier run may name the subject of a database the box has since left.
async fn run_subject(read: &ReportRead) -> Option<String> {
    if let BoxCertificate::Valid {
        subject: Some(_), ..
    } = read.report.certificate_state
    {
        return None;
    }
    let fetched;
    let logs = match (&read.logs, &read.report.status.certificate) {
        (Some(logs), _) => logs,
        (None, RawCertificate::EndDate { end_date: Some(_) }) => {
            fetched = read.client.logs().await.ok()?;
            &fetched
        }
        (None, _) => return None,
    };
    subject_in_logs(&current_run(logs, &RunWindow::of(&read.report.status)))
}

/// Findings for a status read that failed.
pub fn failure_findings(read: &BoxRead, err: &CoreError, target: SocketAddr) -> Vec<Finding> {
    if let (false, Some(version)) = (read.hello, &read.odoo_without_iot) {
        return vec![Finding::new(
            C::BoxIotModuleMissing,
            Source::Laptop,
            vec![
                Evidence::new(E::OdooWithoutIot)
                    .arg("version", version)
                    .arg("url", format!("http://{target}/web/webclient/version_info")),
                Evidence::new(E::WindowsOlderBranch),
            ],
        )];
    }
    if !read.hello {
        return vec![super::box_facts::unreachable_or_not_odoo(err, target)];
    }
    let family = match read.family {
        // The template words the family's Odoo versions itself (a `select` on the family).
        Some(f) => Evidence::new(E::ApiFamilyDetected).arg("family", f),
        None => Evidence::new(E::ApiFamilyUnknown),
    };
    let pings = Evidence::new(E::PingAnswers).arg("url", format!("http://{target}/hw_proxy/hello"));
    if let CoreError::Timeout { path, after_ms, .. } = err {
        return vec![Finding::new(
            C::BoxStatusSlow,
            Source::Laptop,
            vec![
                Evidence::new(E::StatusTimedOut)
                    .arg("url", format!("http://{target}{path}"))
                    .arg("seconds", after_ms / 1000),
                pings,
                family,
                Evidence::new(E::StatusWaitsForOdooCom),
            ],
        )];
    }
    let mut evidence = vec![
        Evidence::new(E::NoAnswer)
            .arg("url", format!("http://{target}"))
            .error_arg("error", err),
        pings,
        family,
    ];
    let mut out = Vec::new();
    match &read.crash {
        Some(crash) => {
            evidence.push(Evidence::new(E::BoxLogRecord).arg("record", &crash.record));
            match crash.cause {
                Some(CrashCause::WindowsDateComparison) => {
                    evidence.push(Evidence::new(E::WindowsDateBug));
                }
                Some(CrashCause::OdooComNotJson) => {
                    evidence.push(Evidence::new(E::CrashOdooComNotJson));
                    out.push(
                        Finding::new(
                            C::OdooComFiltered,
                            CodeSource::InferredFromLogs.into(),
                            vec![
                                Evidence::new(E::CrashOdooComNotJson),
                                Evidence::new(E::FilterNotJson),
                                Evidence::quote(&crash.record),
                            ],
                        )
                        .with_detail(None, Some(crash.record.clone()))
                        .with_cause(StepsCause::WebFilter),
                    );
                }
                Some(cause) => {
                    if let Some(code) = cause.odoo_code() {
                        evidence.push(Evidence::new(E::TracebackIsCode).arg("code", code));
                        out.push(
                            Finding::new(
                                code.parse().unwrap_or(C::BoxStatusError),
                                CodeSource::InferredFromLogs.into(),
                                vec![
                                    Evidence::new(match crash.is_odoo_com_refusal() {
                                        true => E::CrashOdooComRefusal,
                                        false => cause_kind(cause),
                                    }),
                                    Evidence::quote(&crash.record),
                                ],
                            )
                            .with_detail(None, Some(crash.record.clone())),
                        );
                    }
                }
                None => evidence.push(Evidence::new(E::TracebackUnknown)),
            }
        }
        None => evidence.push(Evidence::new(match &read.logs {
            Some(_) => E::LogNoTraceback,
            None => E::LogUnreadable,
        })),
    }
    let mut finding = Finding::new(C::BoxStatusError, Source::Laptop, evidence);
    if let Some(crash) = &read.crash {
        finding = finding.with_detail(None, Some(crash.record.clone()));
        if let Some(cause) = crash.cause {
            finding = finding
                .with_cause(steps_cause(cause))
                .on_platform(crash.platform);
        }
    }
    out.insert(0, finding);
    out
}

/// Which of `BOX_STATUS_ERROR`'s causes the traceback named: that cause's steps only.
fn steps_cause(cause: CrashCause) -> StepsCause {
    match cause {
        CrashCause::CertificateFile => StepsCause::CertificateFile,
        CrashCause::OdooComRefused => StepsCause::OdooComRefused,
        CrashCause::OdooComNotJson => StepsCause::WebFilter,
        CrashCause::WindowsDateComparison => StepsCause::WindowsDateComparison,
    }
}

/// "Inferred from the box's log: the status route crashed with …", per cause.
fn cause_kind(cause: CrashCause) -> E {
    match cause {
        CrashCause::CertificateFile => E::CrashCertificateFile,
        CrashCause::OdooComRefused => E::CrashOdooComRefused,
        CrashCause::OdooComNotJson => E::CrashOdooComNotJson,
        CrashCause::WindowsDateComparison => E::WindowsDateBug,
    }
}
