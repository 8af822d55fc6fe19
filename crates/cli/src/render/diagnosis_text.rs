//! Human-readable diagnosis: the verdict first, then each finding with its title, evidence and
//! numbered steps from the catalogue, in `lang` (`render::language`); where a router setting
//! can cause the finding, the chosen router's recipe part (`--router`), else how to ask for it.

use std::fmt::Write;

use iot_https_core::diagnose::{Diagnosis, Verdict};
use iot_https_core::findings::{
    cli_text, recipe, report_label, texts, Finding, Severity, Source, ROUTER_IDS,
};
use iot_https_core::safe_text::one_line;

use crate::words::says_in;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    /// The severity as the support report names it, in brackets, padded to the widest of the
    /// language's four so the titles after it line up.
    fn severity(&self, s: Severity, lang: &str) -> String {
        let tag = |s: Severity| format!("[{}]", report_label(severity_key(s), lang));
        let all = [
            Severity::Error,
            Severity::Warning,
            Severity::Info,
            Severity::Ok,
        ];
        let width = all.map(|s| tag(s).chars().count()).into_iter().max();
        let text = format!("{:<width$}", tag(s), width = width.unwrap_or(0));
        let colour = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "36",
            Severity::Ok => "32",
        };
        self.wrap(colour, &text)
    }
}

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "severity.error",
        Severity::Warning => "severity.warning",
        Severity::Info => "severity.info",
        Severity::Ok => "severity.ok",
    }
}

/// `router`: a router id (`findings::ROUTER_IDS`) whose recipe goes under the findings it fits.
pub fn diagnosis(d: &Diagnosis, colour: bool, lang: &str, router: Option<&str>) -> String {
    let paint = Paint(colour);
    let mut out = String::new();
    let headline = match d.verdict {
        Verdict::Healthy => paint.wrap("1;32", &cli_text("headline.healthy", lang, &[])),
        Verdict::ActionNeeded => paint.wrap("1;33", &cli_text("headline.actionNeeded", lang, &[])),
        Verdict::Unreachable => paint.wrap("1;31", &cli_text("headline.unreachable", lang, &[])),
    };
    let _ = writeln!(out, "{headline}");
    if let Some(report) = &d.box_report {
        let version = report.status.version.as_deref();
        let value = format!(
            "{} ({}, {}, {})",
            d.target,
            report.status.family,
            report.status.flavour,
            version.unwrap_or(&cli_text("versionUnknown", lang, &[]))
        );
        row(&mut out, report_label("box", lang), &value);
    }
    if let Some(name) = &d.certificate.expected_name {
        row(&mut out, &cli_text("label.httpsName", lang, &[]), name);
    }
    if let Some(v) = d.certificate.standing() {
        let days = v.validity.days_left.to_string();
        let value = format!(
            "{} → {} ({})",
            v.not_before,
            v.not_after,
            says_in("daysLeft", lang, &[("days", &days)])
        );
        row(&mut out, &cli_text("label.certificate", lang, &[]), &value);
    }
    row(&mut out, report_label("checkedAt", lang), &d.checked_at);
    for f in &d.findings {
        finding(&mut out, f, &paint, lang);
        recipe_part(&mut out, f, &paint, lang, router);
    }
    out
}

/// The part of the chosen router's recipe that fits the finding, or the hint to choose one.
fn recipe_part(out: &mut String, f: &Finding, paint: &Paint, lang: &str, router: Option<&str>) {
    let Some(part) = f.router_recipes else {
        return;
    };
    let Some(r) = router.and_then(|id| recipe(id, lang)) else {
        let hint = report_label("recipes.hint", lang).replace("{routers}", &ROUTER_IDS.join(", "));
        let _ = writeln!(out, "        {}", paint.wrap("2", &hint));
        return;
    };
    let texts = r.part(part);
    let _ = writeln!(
        out,
        "        {} — {}",
        paint.wrap("1", &r.name),
        report_label(part.label_key(), lang)
    );
    for (i, step) in texts.steps.iter().enumerate() {
        let _ = writeln!(out, "          {}. {step}", i + 1);
    }
    let _ = writeln!(
        out,
        "          {}: {}",
        report_label("recipes.source", lang),
        texts.source
    );
}

/// A row of the diagnosis's head, aligned as `status` aligns its rows; the value on one line.
fn row(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "{label:<13} {}", one_line(value));
}

/// Where a finding or a certificate verdict comes from, in the output's language.
fn source_words(source: Source, lang: &str) -> String {
    let key = match source {
        Source::ReportedByBox => "source.reportedByBox",
        Source::InferredFromText => "source.inferredFromText",
        Source::InferredFromLogs => "source.inferredFromLogs",
        Source::InferredFromData => "source.inferredFromData",
        Source::Laptop => "source.laptop",
        Source::Device => "source.device",
    };
    cli_text(key, lang, &[])
}

/// One finding as the diagnosis prints it, without colour (e.g. a refusal on stderr).
pub fn finding_text(f: &Finding, lang: &str) -> String {
    let mut out = String::new();
    finding(&mut out, f, &Paint(false), lang);
    out
}

fn finding(out: &mut String, f: &Finding, paint: &Paint, lang: &str) {
    let t = texts(f.code.as_str(), lang);
    let title = t.map(|t| t.title.as_str()).unwrap_or(f.code.as_str());
    let source = source_words(f.source, lang);
    let _ = writeln!(
        out,
        "\n{} {}  {}",
        paint.severity(f.severity(), lang),
        paint.wrap("1", title),
        paint.wrap("2", &format!("{} · {source}", f.code))
    );
    // Evidence may quote the box; one line each, whatever it holds.
    for fact in &f.evidence {
        let _ = writeln!(out, "        · {}", one_line(&fact.render(lang)));
    }
    if f.needs_action() {
        if let Some(t) = t {
            // The identified cause's steps where core found it, else the generic list.
            for (i, step) in t.steps_for(f.steps_for).iter().enumerate() {
                let _ = writeln!(out, "        {}. {step}", i + 1);
            }
        }
    }
}
