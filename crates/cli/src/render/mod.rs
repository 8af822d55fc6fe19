//! Human-readable output. Plain text, aligned, no secrets (the core never hands them out).
//! Every value passes `safe_text::one_line`: nothing the box says reaches the terminal raw.

use std::fmt::Write;

use iot_https_app::types::{Pairing, RawCertificate};
use iot_https_core::safe_text::one_line;
use iot_https_core::{BoxReport, BoxStatus};

use crate::words::{label, says, word};

/// Between a row's label and its value until `aligned` pads the labels (a control character:
/// `one_line` turns any in a value into a visible picture, so only `row` writes it).
const CELL: char = '\u{1f}';

/// One row: its label, then the value on one inert line.
fn row(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "{label}{CELL}{}", one_line(value));
}

/// The rows' values in one column, as far right as the longest label in the reader's language
/// needs (at least 14 characters from the start, as the English labels have it).
fn aligned(out: &str) -> String {
    let label_width = |line: &str| line.split_once(CELL).map(|(l, _)| l.chars().count());
    let width = out
        .lines()
        .filter_map(label_width)
        .max()
        .unwrap_or(0)
        .max(13);
    let mut text = String::with_capacity(out.len() + 64);
    for line in out.lines() {
        match line.split_once(CELL) {
            Some((label, value)) => {
                let _ = writeln!(text, "{label:<width$} {value}");
            }
            None => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    text
}

fn or_unknown(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("—")
}

pub fn report(r: &BoxReport) -> String {
    if !r.status_answered {
        return aligned(&crashed_report(r));
    }
    let mut out = identity(&r.status);
    status_page(&mut out, &r.status);
    row(
        &mut out,
        &word("label.meaning"),
        &certificate_state(&r.certificate_state),
    );
    aligned(&out)
}

/// A box found whose status page crashed: what the other routes said, then the read's
/// findings as `diagnose` prints them (the crash and its cause, in the output's language).
fn crashed_report(r: &BoxReport) -> String {
    let mut out = identity(&r.status);
    let unread = &word("status.unread");
    for label in [
        word("label.server"),
        word("label.credentials"),
        label("boxSays").to_owned(),
    ] {
        row(&mut out, &label, unread);
    }
    for f in &r.findings {
        out.push_str(&finding_text(f, language()));
    }
    out
}

/// Address, family, system, version, IP and identifier: what a box found without its status
/// page can still say in part.
fn identity(s: &BoxStatus) -> String {
    let mut out = String::new();
    row(&mut out, label("box"), &s.address);
    row(
        &mut out,
        label("apiFamily"),
        &format!("{} ({})", s.family, s.family.label(language())),
    );
    let flavour = match s.flavour {
        iot_https_core::OsFlavour::Linux => "flavour.linux",
        iot_https_core::OsFlavour::Windows => "flavour.windows",
        iot_https_core::OsFlavour::Unknown => "flavour.unknown",
    };
    row(&mut out, label("system"), label(flavour));
    row(&mut out, label("boxVersion"), or_unknown(&s.version));
    row(&mut out, label("ip"), or_unknown(&s.ip));
    if s.hostname.is_some() {
        row(&mut out, &word("label.hostname"), or_unknown(&s.hostname));
    }
    row(
        &mut out,
        label("identifier"),
        s.identifier.as_deref().or(s.mac.as_deref()).unwrap_or("—"),
    );
    if s.identifier.is_some() && s.mac.is_some() {
        row(&mut out, "MAC", or_unknown(&s.mac));
    }
    out
}

/// Pairing, network, credentials, the certificate as the box says it, anomalies: the status
/// page's own rows.
fn status_page(out: &mut String, s: &BoxStatus) {
    let pairing = match &s.pairing {
        Pairing::Paired { server } => says("server.pairedWith", &[("server", server)]),
        Pairing::NotPaired {
            pairing_code: Some(code),
            code_expired: false,
        } => says("server.notPairedCode", &[("code", code)]),
        Pairing::NotPaired {
            code_expired: true, ..
        } => word("server.codeExpired"),
        Pairing::NotPaired { .. } => word("server.notPaired"),
        Pairing::Unknown => label("unknown").into(),
    };
    row(out, &word("label.server"), &pairing);
    if s.access_point {
        row(out, &word("label.network"), &word("network.accessPoint"));
    }
    let creds = says(
        "credentials",
        &[
            (
                "uuid",
                s.credentials.db_uuid.as_deref().unwrap_or(label("missing")),
            ),
            (
                "code",
                label(if s.credentials.enterprise_code_present {
                    "present"
                } else {
                    "missing"
                }),
            ),
        ],
    );
    row(out, &word("label.credentials"), &creds);
    let cert = match &s.certificate {
        RawCertificate::Status { ok, details } => {
            format!(
                "{} — {}",
                if *ok {
                    "OK".to_owned()
                } else {
                    word("boxSays.notOk")
                },
                details.replace("\n\n", " — ")
            )
        }
        RawCertificate::EndDate { end_date: Some(d) } => says("boxSays.validUntil", &[("date", d)]),
        RawCertificate::EndDate { end_date: None } => word("boxSays.noValid"),
        RawCertificate::Absent => word("certificate.notReported"),
    };
    row(out, label("boxSays"), &cert);
    for a in &s.anomalies {
        row(out, label("fleet.note"), a);
    }
}

mod diagnosis_text;
mod watch_text;
pub use diagnosis_text::{diagnosis, finding_text};
pub use watch_text::{certificate_state, event_line, outcome_line, pairing_line};

/// The language of finding texts and evidence: `IOT_HTTPS_LANG`, else the usual locale
/// variables (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
pub fn language() -> &'static str {
    // Core's one matching, the window's too (`findings::desktop_language`).
    iot_https_core::findings::desktop_language(None)
}

/// Colour only on a terminal that shows it, never when NO_COLOR is set (no-color.org), always
/// with CLICOLOR_FORCE: anstream's reading of the terminal and those variables. Whatever is
/// painted is printed through `anstream`, which turns the codes on in a Windows console.
pub fn colour_wanted() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}
