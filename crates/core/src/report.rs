//! Support reports from a diagnosis, in Markdown, JSON and HTML. Redacted by construction: a
//! `Diagnosis` holds no contract code (the box's answer is reduced to "present" while parsing),
//! and every text that came from the box (log lines, messages) is scrubbed of the secrets the
//! caller knows, in case a box ever echoes them. Every string from the box goes through
//! `safe_text` first: no control character, bidi override or Markdown syntax of its own.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::device_check::{device_section_markdown, DeviceResult};
use crate::diagnose::Diagnosis;
use crate::findings::texts;
use crate::safe_text::{lines, markdown_inline as md};
use crate::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ReportFormat {
    Markdown,
    Json,
    Html,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Json => "json",
            Self::Html => "html",
        }
    }
}

const MASK: &str = "•••";

/// What the report leaves out, and where the contract code can be seen all the same.
pub const REDACTION_NOTE: &str = "Redaction: this report never contains the contract code (only whether the box has one). Note that Odoo's protocol sends the code in clear over the shop's network to the box, and anyone on that network can read it on the box's homepage: set boxes up on a wired, trusted network, and change the contract code if the network is not trusted.";

pub fn render(diagnosis: &Diagnosis, format: ReportFormat, secrets: &[&Secret]) -> String {
    render_with_devices(diagnosis, &[], format, secrets)
}

/// [`render`] plus the cashier devices checked from the shop (the device check), if any.
pub fn render_with_devices(
    diagnosis: &Diagnosis,
    devices: &[DeviceResult],
    format: ReportFormat,
    secrets: &[&Secret],
) -> String {
    let with_devices = || markdown(diagnosis) + &device_section_markdown(devices);
    let text = match format {
        ReportFormat::Json => {
            let mut doc = serde_json::json!({
                "generator": concat!("IoT HTTPS Assistant ", env!("CARGO_PKG_VERSION")),
                "redaction": REDACTION_NOTE,
                "diagnosis": diagnosis,
            });
            if !devices.is_empty() {
                doc["devices"] = serde_json::json!(devices);
            }
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        }
        ReportFormat::Markdown => with_devices(),
        ReportFormat::Html => html(&with_devices()),
    };
    scrub(text, secrets)
}

fn scrub(mut text: String, secrets: &[&Secret]) -> String {
    for secret in secrets.iter().filter(|s| s.expose().len() >= 4) {
        text = text.replace(secret.expose(), MASK);
    }
    text
}

fn markdown(d: &Diagnosis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# IoT HTTPS Assistant — support report\n");
    let _ = writeln!(out, "- Checked at: {}", d.checked_at);
    let _ = writeln!(out, "- Assistant version: {}", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(out, "- Box address: {}", md(&d.target.to_string()));
    let _ = writeln!(out, "- Verdict: {:?}", d.verdict);
    let _ = writeln!(out, "\n> {REDACTION_NOTE}");
    if let Some(r) = &d.box_report {
        let s = &r.status;
        let _ = writeln!(out, "\n## Box\n");
        let _ = writeln!(
            out,
            "- API family: {} ({})",
            s.family,
            s.family.odoo_versions()
        );
        let _ = writeln!(out, "- System: {}", s.flavour);
        let _ = writeln!(
            out,
            "- Version: {}",
            md(s.version.as_deref().unwrap_or("unknown"))
        );
        let _ = writeln!(out, "- IP: {}", md(s.ip.as_deref().unwrap_or("unknown")));
        let _ = writeln!(
            out,
            "- Identifier: {}",
            md(s.identifier
                .as_deref()
                .or(s.mac.as_deref())
                .unwrap_or("unknown"))
        );
        let _ = writeln!(
            out,
            "- Database UUID: {}",
            md(s.credentials.db_uuid.as_deref().unwrap_or("missing"))
        );
        let _ = writeln!(
            out,
            "- Contract code: {}",
            if s.credentials.enterprise_code_present {
                "present (not shown)"
            } else {
                "missing"
            }
        );
        if let crate::box_api::RawCertificate::Status { details, .. } = &s.certificate {
            let _ = writeln!(
                out,
                "- The box says: `{}`",
                crate::safe_text::one_line(details).replace('`', "'")
            );
        }
    }
    if let Some(v) = d.certificate.by_ip.as_ref().and_then(|a| a.verdict()) {
        let leaf = v.leaf();
        let _ = writeln!(out, "\n## Certificate served on {}\n", d.certificate.https);
        let _ = writeln!(
            out,
            "- Name checked: {}",
            md(v.expected_name.as_deref().unwrap_or("—"))
        );
        let _ = writeln!(out, "- Subject: {}", md(&leaf.subject));
        let _ = writeln!(out, "- Names: {}", md(&leaf.dns_names.join(", ")));
        let _ = writeln!(out, "- Issuer: {}", md(&leaf.issuer));
        let _ = writeln!(
            out,
            "- Valid: {} → {} ({} days left; renewal from {})",
            v.not_before, v.not_after, v.days_left, v.renewal_from
        );
        let _ = writeln!(
            out,
            "- Trusted: {}",
            if v.trust.trusted { "yes" } else { "no" }
        );
    }
    let _ = writeln!(out, "\n## Findings\n");
    for f in &d.findings {
        let title = texts(&f.code, "en").map(|t| t.title.as_str()).unwrap_or("");
        let _ = writeln!(out, "### {:?}: {} — {}\n", f.severity, f.code, title);
        if let Some(status) = f.http_status {
            let _ = writeln!(out, "- HTTP status from odoo.com: {status}");
        }
        for e in &f.evidence {
            let _ = writeln!(out, "- {}", md(&e.replace('\n', " | ")));
        }
        if let Some(detail) = &f.detail {
            // The box's own words, one indented line each: no line of the report is theirs.
            let quoted: Vec<String> = lines(detail)
                .replace("```", "'''")
                .lines()
                .map(|l| format!("  {l}"))
                .collect();
            let _ = writeln!(out, "\n```\n{}\n```", quoted.join("\n"));
        }
        let _ = writeln!(out);
    }
    out
}

/// A minimal, self-contained HTML page (no scripts, no remote resources).
fn html(markdown: &str) -> String {
    let escape = |s: &str| {
        unescape_markdown(s)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            body.push_str(if in_code { "</pre>\n" } else { "<pre>" });
            in_code = !in_code;
        } else if in_code {
            let code = line
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let _ = writeln!(body, "{code}");
        } else if let Some(h) = line.strip_prefix("### ") {
            let _ = writeln!(body, "<h3>{}</h3>", escape(h));
        } else if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(body, "<h2>{}</h2>", escape(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            let _ = writeln!(body, "<h1>{}</h1>", escape(h));
        } else if let Some(item) = line.strip_prefix("- ") {
            let _ = writeln!(body, "<p>• {}</p>", escape(item));
        } else if let Some(note) = line.strip_prefix("> ") {
            let _ = writeln!(body, "<blockquote>{}</blockquote>", escape(note));
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>IoT HTTPS Assistant report</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}}pre{{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}}</style>\
         </head><body>\n{body}</body></html>\n"
    )
}

/// Undoes `safe_text::markdown_inline`'s backslash escapes for the HTML page.
fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && crate::safe_text::MARKDOWN_SPECIAL.contains(&next) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod redaction_tests {
    use super::*;

    #[test]
    fn every_format_says_where_the_code_travels() {
        let d = Diagnosis {
            target: "127.0.0.1:8069".into(),
            box_report: None,
            box_error: None,
            certificate: crate::diagnose::CertificateSection {
                https: "127.0.0.1:443".into(),
                expected_name: None,
                by_ip: None,
                by_name: None,
                error: None,
            },
            dns: None,
            clock: None,
            odoo_com: None,
            findings: vec![],
            verdict: crate::diagnose::Verdict::Unreachable,
            checked_at: "2026-12-01T08:00:00Z".into(),
        };
        for format in [
            ReportFormat::Markdown,
            ReportFormat::Json,
            ReportFormat::Html,
        ] {
            let text = render(&d, format, &[]);
            assert!(text.contains("in clear over the shop"), "{format:?}");
            assert!(text.contains("change the contract code"), "{format:?}");
        }
    }
}
