//! Support reports from a diagnosis, in Markdown, JSON and HTML. Redacted by construction: a
//! `Diagnosis` holds no contract code (the box's answer is reduced to "present" while parsing),
//! and every text that came from the box (log lines, messages) is scrubbed of the secrets the
//! caller knows, in case a box ever echoes them. Every string from the box goes through
//! `safe_text` first: no control character, bidi override or Markdown syntax of its own.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::device_check::DeviceResult;
use crate::diagnose::{Diagnosis, Verdict};
use crate::findings::evidence::fill_in;
use crate::findings::{report_label, texts, Severity};
use crate::safe_text::{lines, markdown_inline as md};
use crate::secret::Secret;

mod recipes;
use recipes::recipes_markdown;

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
    render_in(diagnosis, &[], format, secrets, "en")
}

/// The report with its labels, finding titles and evidence in `lang` (a catalogue language;
/// others fall back to English), plus the cashier devices checked from the shop (the device
/// check), if any. JSON stays data: codes and evidence kinds, no sentences.
pub fn render_in(
    diagnosis: &Diagnosis,
    devices: &[DeviceResult],
    format: ReportFormat,
    secrets: &[&Secret],
    lang: &str,
) -> String {
    // A known catalogue language only: it also goes into the HTML's lang attribute.
    let lang = crate::findings::language_for(lang);
    let with_devices = || {
        markdown(diagnosis, lang)
            + &devices_markdown(devices, lang)
            + &recipes_markdown(diagnosis, devices, lang)
    };
    let text = match format {
        ReportFormat::Json => {
            let mut doc = serde_json::json!({
                "generator": concat!("IoT HTTPS Assistant ", env!("CARGO_PKG_VERSION")),
                "redaction": report_label("redaction", lang),
                "diagnosis": diagnosis,
            });
            if !devices.is_empty() {
                doc["devices"] = serde_json::json!(devices);
            }
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        }
        ReportFormat::Markdown => with_devices(),
        ReportFormat::Html => html(&with_devices(), lang),
    };
    scrub(text, secrets)
}

/// The secrets the caller names, then every secret this process knows (`secret::scrub`:
/// remembered and keyring codes, API keys).
fn scrub(mut text: String, secrets: &[&Secret]) -> String {
    for secret in secrets.iter().filter(|s| s.expose().len() >= 4) {
        text = text.replace(secret.expose(), MASK);
    }
    crate::secret::scrub(&text)
}

fn markdown(d: &Diagnosis, lang: &str) -> String {
    let l = |key: &str| report_label(key, lang);
    let with = |key: &str, args: &[(&str, String)]| {
        let args = args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        fill_in(l(key), &args, lang)
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
    let _ = writeln!(out, "- {}: {}", l("boxAddress"), md(&d.target.to_string()));
    let _ = writeln!(out, "- {}: {verdict}", l("verdict"));
    let _ = writeln!(out, "\n> {}", l("redaction"));
    if let Some(r) = &d.box_report {
        let s = &r.status;
        let _ = writeln!(out, "\n## {}\n", l("box"));
        let _ = writeln!(
            out,
            "- {}: {} ({})",
            l("apiFamily"),
            s.family,
            s.family.label(lang)
        );
        let flavour = l(&format!("flavour.{}", s.flavour));
        let _ = writeln!(out, "- {}: {flavour}", l("system"));
        let _ = writeln!(
            out,
            "- {}: {}",
            l("boxVersion"),
            md(s.version.as_deref().unwrap_or(unknown))
        );
        let _ = writeln!(
            out,
            "- {}: {}",
            l("ip"),
            md(s.ip.as_deref().unwrap_or(unknown))
        );
        let _ = writeln!(
            out,
            "- {}: {}",
            l("identifier"),
            md(s.identifier
                .as_deref()
                .or(s.mac.as_deref())
                .unwrap_or(unknown))
        );
        let _ = writeln!(
            out,
            "- {}: {}",
            l("dbUuid"),
            md(s.credentials.db_uuid.as_deref().unwrap_or(l("missing")))
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
                crate::safe_text::one_line(details).replace('`', "'")
            );
        }
    }
    if let Some(v) = d.certificate.standing() {
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
            md(v.expected_name.as_deref().unwrap_or("—"))
        );
        let _ = writeln!(out, "- {}: {}", l("subject"), md(&leaf.subject));
        let _ = writeln!(out, "- {}: {}", l("names"), md(&leaf.dns_names.join(", ")));
        let _ = writeln!(out, "- {}: {}", l("issuer"), md(&leaf.issuer));
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
        let severity = severity_label(f.severity(), lang);
        let _ = writeln!(out, "### {severity}: {} — {title}\n", f.code);
        if let Some(status) = f.http_status {
            let _ = writeln!(
                out,
                "- {}",
                with("httpStatus", &[("status", status.to_string())])
            );
        }
        for e in &f.evidence {
            let _ = writeln!(out, "- {}", md(&e.render(lang).replace('\n', " | ")));
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

/// The "Devices" section: the cashier devices checked from the shop (empty without any).
fn devices_markdown(devices: &[DeviceResult], lang: &str) -> String {
    let l = |key: &str| report_label(key, lang);
    let mut out = String::new();
    if devices.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n## {}\n", l("devices"));
    for d in devices {
        let title = texts(d.verdict.as_str(), lang).map_or("", |t| t.title.as_str());
        let _ = writeln!(
            out,
            "### {} {} · {} — {}: {title}\n",
            md(&d.browser.name),
            md(&d.browser.version),
            md(&d.peer),
            d.verdict
        );
        let _ = writeln!(out, "- {}: {}", l("checkedAt"), d.received_at);
        for f in &d.findings {
            let _ = writeln!(out, "- {}: {}", severity_label(f.severity(), lang), f.code);
            for e in &f.evidence {
                let _ = writeln!(out, "  - {}", md(&e.render(lang).replace('\n', " | ")));
            }
        }
        let _ = writeln!(out);
    }
    out
}

fn severity_label(severity: Severity, lang: &str) -> &'static str {
    report_label(
        match severity {
            Severity::Error => "severity.error",
            Severity::Warning => "severity.warning",
            Severity::Info => "severity.info",
            Severity::Ok => "severity.ok",
        },
        lang,
    )
}

/// A minimal, self-contained HTML page (no scripts, no remote resources).
fn html(markdown: &str, lang: &str) -> String {
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
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}}pre{{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}}</style>\
         </head><body>\n{body}</body></html>\n",
        title = report_label("title", lang).replace('&', "&amp;").replace('<', "&lt;")
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

    /// A secret the caller did not pass (an API key, a code read from the keyring elsewhere in
    /// the process) is still masked: reports consult the process-wide registry.
    /// The report's system value is a word of the report's language, never the English of
    /// `Display` ("linux", "unknown").
    #[test]
    fn the_system_is_written_in_the_reports_language() {
        use crate::box_api::OsFlavour;
        for lang in crate::findings::languages() {
            for o in [OsFlavour::Linux, OsFlavour::Windows, OsFlavour::Unknown] {
                let key = format!("flavour.{o}");
                let text = report_label(&key, lang);
                assert!(!text.is_empty(), "{lang}: {key}");
                assert!(
                    lang == "en" || text != report_label(&key, "en"),
                    "{lang}: {key}"
                );
            }
        }
    }

    #[test]
    fn every_secret_the_process_knows_is_masked_without_being_passed() {
        let key = Secret::new("CANARYreportkey0123456789");
        let mut d = Diagnosis::of_silent_box("127.0.0.1:8069", "127.0.0.1:443");
        d.target = format!("127.0.0.1:8069 {}", key.expose());
        for format in [
            ReportFormat::Markdown,
            ReportFormat::Json,
            ReportFormat::Html,
        ] {
            let text = render(&d, format, &[]);
            assert!(!text.contains("CANARY"), "{format:?}");
        }
    }

    #[test]
    fn every_format_says_where_the_code_travels() {
        let d = Diagnosis::of_silent_box("127.0.0.1:8069", "127.0.0.1:443");
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
