//! Support reports from a diagnosis, in Markdown, JSON and HTML. Redacted by construction: a
//! `Diagnosis` holds no contract code (the box's answer is reduced to "present" while parsing),
//! and every text that came from the box (log lines, messages) is scrubbed of the secrets the
//! caller knows, in case a box ever echoes them.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::diagnose::{Diagnosis, Verdict};
use crate::findings::evidence::fill;
use crate::findings::{report_label, texts, Severity};
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

/// The report in English (scripts, the CLI's tests); see [`render_in`].
pub fn render(diagnosis: &Diagnosis, format: ReportFormat, secrets: &[&Secret]) -> String {
    render_in(diagnosis, format, secrets, "en")
}

/// The report with its labels, finding titles and evidence in `lang` (a catalogue language;
/// others fall back to English). JSON stays data: codes and evidence kinds, no sentences.
pub fn render_in(
    diagnosis: &Diagnosis,
    format: ReportFormat,
    secrets: &[&Secret],
    lang: &str,
) -> String {
    // A known catalogue language only: it also goes into the HTML's lang attribute.
    let lang = crate::findings::language_for(lang);
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(&serde_json::json!({
            "generator": concat!("IoT HTTPS Assistant ", env!("CARGO_PKG_VERSION")),
            "diagnosis": diagnosis,
        }))
        .unwrap_or_default(),
        ReportFormat::Markdown => markdown(diagnosis, lang),
        ReportFormat::Html => html(&markdown(diagnosis, lang), lang),
    };
    scrub(text, secrets)
}

fn scrub(mut text: String, secrets: &[&Secret]) -> String {
    for secret in secrets.iter().filter(|s| s.expose().len() >= 4) {
        text = text.replace(secret.expose(), MASK);
    }
    text
}

fn markdown(d: &Diagnosis, lang: &str) -> String {
    let l = |key: &str| report_label(key, lang);
    let with = |key: &str, args: &[(&str, String)]| {
        let args = args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        fill(l(key), &args)
    };
    let unknown = l("unknown");
    let verdict = match d.verdict {
        Verdict::Healthy => l("verdict.healthy"),
        Verdict::ActionNeeded => l("verdict.actionNeeded"),
        Verdict::Unreachable => l("verdict.unreachable"),
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", l("title"));
    let _ = writeln!(out, "- {}: {}", l("checkedAt"), d.checked_at);
    let _ = writeln!(out, "- {}: {}", l("version"), env!("CARGO_PKG_VERSION"));
    let _ = writeln!(out, "- {}: {}", l("boxAddress"), d.target);
    let _ = writeln!(out, "- {}: {verdict}", l("verdict"));
    if let Some(r) = &d.box_report {
        let s = &r.status;
        let _ = writeln!(out, "\n## {}\n", l("box"));
        let _ = writeln!(
            out,
            "- {}: {} ({})",
            l("apiFamily"),
            s.family,
            s.family.odoo_versions()
        );
        let _ = writeln!(out, "- {}: {}", l("system"), s.flavour);
        let _ = writeln!(
            out,
            "- {}: {}",
            l("boxVersion"),
            s.version.as_deref().unwrap_or(unknown)
        );
        let _ = writeln!(out, "- {}: {}", l("ip"), s.ip.as_deref().unwrap_or(unknown));
        let _ = writeln!(
            out,
            "- {}: {}",
            l("identifier"),
            s.identifier
                .as_deref()
                .or(s.mac.as_deref())
                .unwrap_or(unknown)
        );
        let _ = writeln!(
            out,
            "- {}: {}",
            l("dbUuid"),
            s.credentials.db_uuid.as_deref().unwrap_or(l("missing"))
        );
        let _ = writeln!(
            out,
            "- {}: {}",
            l("contractCode"),
            if s.credentials.enterprise_code_present {
                l("present")
            } else {
                l("missing")
            }
        );
        if let crate::box_api::RawCertificate::Status { details, .. } = &s.certificate {
            let _ = writeln!(
                out,
                "- {}: `{}`",
                l("boxSays"),
                details.replace('\n', " ").replace('`', "'")
            );
        }
    }
    if let Some(v) = d.certificate.by_ip.as_ref().and_then(|a| a.verdict()) {
        let leaf = v.leaf();
        let _ = writeln!(
            out,
            "\n## {}\n",
            with("certificateOn", &[("https", d.certificate.https.clone())])
        );
        let _ = writeln!(
            out,
            "- {}: {}",
            l("nameChecked"),
            v.expected_name.as_deref().unwrap_or("—")
        );
        let _ = writeln!(out, "- {}: {}", l("subject"), leaf.subject);
        let _ = writeln!(out, "- {}: {}", l("names"), leaf.dns_names.join(", "));
        let _ = writeln!(out, "- {}: {}", l("issuer"), leaf.issuer);
        let valid = with(
            "valid",
            &[
                ("notBefore", v.not_before.clone()),
                ("notAfter", v.not_after.clone()),
                ("daysLeft", v.validity.days_left.to_string()),
                ("renewal", v.validity.renewal_from.clone()),
            ],
        );
        let _ = writeln!(out, "- {valid}");
        let trusted = if v.trust.trusted { l("yes") } else { l("no") };
        let _ = writeln!(out, "- {}: {trusted}", l("trusted"));
    }
    let _ = writeln!(out, "\n## {}\n", l("findings"));
    for f in &d.findings {
        let title = texts(f.code.as_str(), lang)
            .map(|t| t.title.as_str())
            .unwrap_or("");
        let severity = l(match f.severity {
            Severity::Error => "severity.error",
            Severity::Warning => "severity.warning",
            Severity::Info => "severity.info",
            Severity::Ok => "severity.ok",
        });
        let _ = writeln!(out, "### {severity}: {} — {title}\n", f.code);
        if let Some(status) = f.http_status {
            let _ = writeln!(
                out,
                "- {}",
                with("httpStatus", &[("status", status.to_string())])
            );
        }
        for e in &f.evidence {
            let _ = writeln!(out, "- {}", e.render(lang).replace('\n', " | "));
        }
        if let Some(detail) = &f.detail {
            let _ = writeln!(out, "\n```\n{}\n```", detail.replace("```", "'''"));
        }
        let _ = writeln!(out);
    }
    out
}

/// A minimal, self-contained HTML page (no scripts, no remote resources).
fn html(markdown: &str, lang: &str) -> String {
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
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}}pre{{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}}</style>\
         </head><body>\n{body}</body></html>\n",
        title = report_label("title", lang).replace('&', "&amp;").replace('<', "&lt;")
    )
}
