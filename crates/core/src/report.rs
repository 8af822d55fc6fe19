//! Support reports from a diagnosis, in Markdown, JSON and HTML. Redacted by construction: a
//! `Diagnosis` holds no contract code (the box's answer is reduced to "present" while parsing),
//! and every text that came from the box (log lines, messages) is scrubbed of the secrets the
//! caller knows, in case a box ever echoes them.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::diagnose::Diagnosis;
use crate::findings::texts;
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

pub fn render(diagnosis: &Diagnosis, format: ReportFormat, secrets: &[&Secret]) -> String {
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(&serde_json::json!({
            "generator": concat!("IoT HTTPS Assistant ", env!("CARGO_PKG_VERSION")),
            "diagnosis": diagnosis,
        }))
        .unwrap_or_default(),
        ReportFormat::Markdown => markdown(diagnosis),
        ReportFormat::Html => html(&markdown(diagnosis)),
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
    let _ = writeln!(out, "- Box address: {}", d.target);
    let _ = writeln!(out, "- Verdict: {:?}", d.verdict);
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
            s.version.as_deref().unwrap_or("unknown")
        );
        let _ = writeln!(out, "- IP: {}", s.ip.as_deref().unwrap_or("unknown"));
        let _ = writeln!(
            out,
            "- Identifier: {}",
            s.identifier
                .as_deref()
                .or(s.mac.as_deref())
                .unwrap_or("unknown")
        );
        let _ = writeln!(
            out,
            "- Database UUID: {}",
            s.credentials.db_uuid.as_deref().unwrap_or("missing")
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
                details.replace('\n', " ").replace('`', "'")
            );
        }
    }
    if let Some(v) = d.certificate.by_ip.as_ref().and_then(|a| a.verdict()) {
        let leaf = v.leaf();
        let _ = writeln!(out, "\n## Certificate served on {}\n", d.certificate.https);
        let _ = writeln!(
            out,
            "- Name checked: {}",
            v.expected_name.as_deref().unwrap_or("—")
        );
        let _ = writeln!(out, "- Subject: {}", leaf.subject);
        let _ = writeln!(out, "- Names: {}", leaf.dns_names.join(", "));
        let _ = writeln!(out, "- Issuer: {}", leaf.issuer);
        let _ = writeln!(
            out,
            "- Valid: {} → {} ({} days left; renewal from {})",
            v.not_before, v.not_after, v.validity.days_left, v.validity.renewal_from
        );
        let _ = writeln!(
            out,
            "- Trusted: {}",
            if v.trust.trusted { "yes" } else { "no" }
        );
    }
    let _ = writeln!(out, "\n## Findings\n");
    for f in &d.findings {
        let title = texts(f.code.as_str(), "en")
            .map(|t| t.title.as_str())
            .unwrap_or("");
        let _ = writeln!(out, "### {:?}: {} — {}\n", f.severity, f.code, title);
        if let Some(status) = f.http_status {
            let _ = writeln!(out, "- HTTP status from odoo.com: {status}");
        }
        for e in &f.evidence {
            let _ = writeln!(out, "- {}", e.render("en").replace('\n', " | "));
        }
        if let Some(detail) = &f.detail {
            let _ = writeln!(out, "\n```\n{}\n```", detail.replace("```", "'''"));
        }
        let _ = writeln!(out);
    }
    out
}

/// A minimal, self-contained HTML page (no scripts, no remote resources).
fn html(markdown: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
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
            let _ = writeln!(body, "{}", escape(line));
        } else if let Some(h) = line.strip_prefix("### ") {
            let _ = writeln!(body, "<h3>{}</h3>", escape(h));
        } else if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(body, "<h2>{}</h2>", escape(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            let _ = writeln!(body, "<h1>{}</h1>", escape(h));
        } else if let Some(item) = line.strip_prefix("- ") {
            let _ = writeln!(body, "<p>• {}</p>", escape(item));
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>IoT HTTPS Assistant report</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}}pre{{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}}</style>\
         </head><body>\n{body}</body></html>\n"
    )
}
