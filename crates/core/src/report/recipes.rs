//! The report's router recipes: for the findings a router setting can cause, every router's
//! part (DNS rebind protection, outbound HTTPS to odoo.com) with its steps and the vendor's
//! page, so that the shop's IT partner finds theirs in the report.

use std::fmt::Write;

use crate::device_check::DeviceResult;
use crate::diagnose::Diagnosis;
use crate::findings::{recipe, report_label, RecipePart, ROUTER_IDS};
use crate::safe_text::markdown_inline as md;

/// One section per part that the findings (the devices' included) name, in the order they
/// first appear; none when no finding has a part.
pub(super) fn recipes_markdown(d: &Diagnosis, devices: &[DeviceResult], lang: &str) -> String {
    let l = |key: &str| report_label(key, lang);
    let mut parts: Vec<RecipePart> = Vec::new();
    let findings = d
        .findings
        .iter()
        .chain(devices.iter().flat_map(|r| &r.findings));
    for part in findings.filter_map(|f| f.router_recipes) {
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    let mut out = String::new();
    for part in parts {
        let _ = writeln!(
            out,
            "\n## {}: {}\n",
            l("recipes.title"),
            l(part.label_key())
        );
        for r in ROUTER_IDS.iter().filter_map(|id| recipe(id, lang)) {
            let texts = r.part(part);
            let steps: Vec<String> = texts
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {}", i + 1, md(s)))
                .collect();
            let _ = writeln!(
                out,
                "- {} — {} — {}: {}",
                md(&r.name),
                steps.join(" "),
                l("recipes.source"),
                md(&texts.source)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{render_in, ReportFormat};
    use super::*;
    use crate::findings::{Finding, FindingCode, Source};

    fn with_findings(codes: &[FindingCode]) -> Diagnosis {
        Diagnosis {
            findings: codes
                .iter()
                .map(|c| Finding::new(*c, Source::Laptop, vec![]))
                .collect(),
            verdict: crate::diagnose::Verdict::ActionNeeded,
            ..Diagnosis::of_silent_box("127.0.0.1:8069", "127.0.0.1:443")
        }
    }

    #[test]
    fn a_filtered_odoo_com_brings_every_router_s_https_part_with_its_source() {
        let d = with_findings(&[FindingCode::OdooComUnreachable, FindingCode::ClockSkew]);
        let text = render_in(&d, &[], ReportFormat::Markdown, &[], "en");
        assert!(
            text.contains("## Router and firewall recipes: Outbound HTTPS"),
            "{text}"
        );
        assert!(!text.contains("DNS rebind protection: let"), "{text}");
        for id in ROUTER_IDS {
            let r = recipe(id, "en").unwrap();
            assert!(text.contains(&md(&r.name)), "{id}");
            assert!(text.contains(&md(&r.https.source)), "{id}");
        }
        assert!(
            text.contains("Security Profiles \\> SSL/SSH Inspection"),
            "{text}"
        );
        let html = render_in(&d, &[], ReportFormat::Html, &[], "de");
        assert!(
            html.contains("Anleitungen für Router und Firewalls"),
            "{html}"
        );
        assert!(html.contains("FortiGate (Fortinet)"), "{html}");
        assert!(
            html.contains("Security Profiles &gt; SSL/SSH Inspection"),
            "{html}"
        );
        assert!(
            html.contains("https://docs.controld.com/docs/custom-rules"),
            "{html}"
        );
    }

    #[test]
    fn both_parts_once_each_and_none_without_a_router_finding() {
        let d = with_findings(&[
            FindingCode::DnsRebindFiltered,
            FindingCode::ErrIotHttpsLoadRequestException,
            FindingCode::OdooComUnreachable,
        ]);
        let text = render_in(&d, &[], ReportFormat::Markdown, &[], "fr");
        assert_eq!(text.matches("## Marches à suivre pour routeurs").count(), 2);
        assert!(
            text.contains("Protection contre le DNS rebinding"),
            "{text}"
        );
        assert!(text.contains("NETWORK \\| DNS \\> Settings"), "{text}");
        let plain = render_in(
            &with_findings(&[FindingCode::CertExpired]),
            &[],
            ReportFormat::Markdown,
            &[],
            "en",
        );
        assert!(!plain.contains("Router and firewall recipes"), "{plain}");
    }
}
