//! The watch's lines (`act`, `save-credentials`, `pair`) and a certificate's state, in the
//! output's language: the catalogue's `cli` texts. Whatever the box said (a message, a
//! certificate's subject, a server URL) is a value in them, one inert line each.

use iot_https_app::types::{ActionOutcome, BoxCertificate, CodeSource, Pairing, PairingOutcome};
use iot_https_core::findings::{cli_text, texts, Evidence};
use iot_https_core::safe_text::one_line;
use iot_https_core::watch::{WatchEvent, WatchOutcome};

use super::language;

/// The catalogue's line `key` in the output's language, filled in with `args`.
fn line(key: &str, args: &[(&str, String)]) -> String {
    cli_text(key, language(), args)
}

fn seconds(ms: u64) -> String {
    format!("{:>6.1} s", ms as f64 / 1000.0)
}

fn whole_seconds(ms: u64) -> (&'static str, String) {
    ("seconds", (ms / 1000).to_string())
}

/// One watch event: the time it happened, then what happened.
pub fn event_line(event: &WatchEvent) -> String {
    use WatchEvent::*;
    let (elapsed_ms, what) = match event {
        RequestSent { action, elapsed_ms } => (
            elapsed_ms,
            line("watch.sent", &[("action", action.clone())]),
        ),
        ActionAnswered {
            outcome,
            elapsed_ms,
        } => (
            elapsed_ms,
            match outcome {
                ActionOutcome::Accepted { message: Some(m) } => {
                    line("watch.answered", &[("answer", one_line(m).into_owned())])
                }
                ActionOutcome::Accepted { message: None } => line("watch.answeredDone", &[]),
                ActionOutcome::ConnectionDropped => line("watch.connectionDropped", &[]),
            },
        ),
        BoxDown { elapsed_ms } => (elapsed_ms, line("watch.boxDown", &[])),
        BoxBack { elapsed_ms } => (elapsed_ms, line("watch.boxBack", &[])),
        CertificateChanged {
            certificate,
            elapsed_ms,
        } => (
            elapsed_ms,
            line(
                "watch.boxReports",
                &[("state", certificate_state(certificate))],
            ),
        ),
        ServedCertificateChanged { elapsed_ms, .. } => {
            (elapsed_ms, line("watch.servedChanged", &[]))
        }
        FamilyChanged { family, elapsed_ms } => (
            elapsed_ms,
            line(
                "watch.familyChanged",
                &[
                    ("family", family.to_string()),
                    ("label", family.label(language()).to_owned()),
                ],
            ),
        ),
        UpdateRunning { kind, elapsed_ms } => (
            elapsed_ms,
            Evidence::new(kind.evidence()).render(language()),
        ),
        DownloadRetrying {
            failed_attempts,
            attempts,
            until,
            elapsed_ms,
            ..
        } => (
            elapsed_ms,
            line(
                "watch.retrying",
                &[
                    ("failed", failed_attempts.to_string()),
                    ("attempts", attempts.to_string()),
                    ("until", one_line(until).into_owned()),
                ],
            ),
        ),
    };
    format!("{}  {}", seconds(*elapsed_ms), one_line(&what))
}

/// How the watch ended.
pub fn outcome_line(outcome: &WatchOutcome) -> String {
    use WatchOutcome::*;
    match outcome {
        CertificateReady {
            certificate,
            elapsed_ms,
            name_confirmed,
            ..
        } => line(
            "outcome.ready",
            &[
                whole_seconds(*elapsed_ms),
                ("state", certificate_state(certificate)),
                (
                    "confirmed",
                    if *name_confirmed { "yes" } else { "no" }.into(),
                ),
            ],
        ),
        CertificateFailed {
            certificate,
            elapsed_ms,
        } => line(
            "outcome.failed",
            &[
                whole_seconds(*elapsed_ms),
                ("state", certificate_state(certificate)),
            ],
        ),
        GaveUp {
            reason, elapsed_ms, ..
        } => line(
            "outcome.gaveUp",
            &[
                whole_seconds(*elapsed_ms),
                ("reason", one_line(&reason.render(language())).into_owned()),
            ],
        ),
        // The watch stopped early on a finding: the start-up thread died, or a cause no
        // waiting fixes (a Windows box whose clock ahead makes it restart after every read).
        ServiceStopped {
            finding,
            elapsed_ms,
            ..
        }
        | CauseFound {
            finding,
            elapsed_ms,
            ..
        } => {
            let code = finding.code.as_str();
            let title = texts(code, language()).map_or(code, |t| t.title.as_str());
            let mut args = vec![
                whole_seconds(*elapsed_ms),
                ("title", one_line(title).into_owned()),
                ("code", code.to_owned()),
            ];
            match finding.detail.as_deref() {
                Some(detail) => {
                    args.push(("detail", one_line(detail).into_owned()));
                    line("outcome.stoppedDetail", &args)
                }
                None => line("outcome.stopped", &args),
            }
        }
        Cancelled { elapsed_ms } => line("outcome.cancelled", &[whole_seconds(*elapsed_ms)]),
    }
}

/// Whether the box says it is paired, and with which server.
pub fn pairing_line(outcome: &PairingOutcome) -> String {
    let server = outcome
        .report
        .as_ref()
        .and_then(|r| match &r.status.pairing {
            Pairing::Paired { server } => Some(server.clone()),
            _ => None,
        });
    let waited = whole_seconds(outcome.waited_ms);
    match (outcome.paired, server) {
        (true, Some(server)) => line(
            "pairing.pairedWith",
            &[("server", one_line(&server).into_owned()), waited],
        ),
        (true, None) => line("pairing.paired", &[waited]),
        (false, _) => line("pairing.notPaired", &[waited]),
    }
}

/// What the box's certificate state means (the `Meaning` row, the watch's lines).
pub fn certificate_state(c: &BoxCertificate) -> String {
    match c {
        BoxCertificate::Valid {
            subject,
            not_after,
            renewal_from,
        } => {
            let mut parts = vec![match subject {
                Some(s) => line("certificate.validFor", &[("subject", s.clone())]),
                None => line("certificate.valid", &[]),
            }];
            if let Some(d) = not_after {
                parts.push(line("certificate.expires", &[("date", d.clone())]));
            }
            if let Some(d) = renewal_from {
                parts.push(line("certificate.renewalFrom", &[("date", d.clone())]));
            }
            parts.join(", ")
        }
        BoxCertificate::Generated => line("certificate.generated", &[]),
        BoxCertificate::Failed { odoo_code } => {
            let source = match odoo_code.source {
                CodeSource::ReportedByBox => "reportedByBox",
                CodeSource::InferredFromText => "text",
                CodeSource::InferredFromLogs => "logs",
                CodeSource::InferredFromData => "data",
            };
            let status = odoo_code
                .http_status
                .map(|s| format!(" (HTTP {s})"))
                .unwrap_or_default();
            line(
                "certificate.failed",
                &[
                    ("code", odoo_code.code.to_string()),
                    ("status", status),
                    ("source", source.into()),
                ],
            )
        }
        BoxCertificate::NoValidCertificate => line("certificate.noValid", &[]),
        BoxCertificate::Unrecognised { text } => {
            line("certificate.unrecognised", &[("text", text.clone())])
        }
        BoxCertificate::NotReported => line("certificate.notReported", &[]),
    }
}
