//! Human-readable diagnosis: the verdict first, then each finding with its title, evidence and
//! numbered steps from the catalogue, in `lang` (`render::language`); where a router setting
//! can cause the finding, the chosen router's recipe part (`--router`), else how to ask for it.

use std::fmt::Write;

use iot_https_core::diagnose::{Diagnosis, Verdict};
use iot_https_core::findings::{
    recipe, report_label, texts, Finding, Severity, Source, ROUTER_IDS,
};
use iot_https_core::safe_text::one_line;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.wrap("1;31", "[ERROR]"),
            Severity::Warning => self.wrap("1;33", "[WARN] "),
            Severity::Info => self.wrap("36", "[INFO] "),
            Severity::Ok => self.wrap("32", "[OK]   "),
        }
    }
}

/// `router`: a router id (`findings::ROUTER_IDS`) whose recipe goes under the findings it fits.
pub fn diagnosis(d: &Diagnosis, colour: bool, lang: &str, router: Option<&str>) -> String {
    let paint = Paint(colour);
    let mut out = String::new();
    let headline = match d.verdict {
        Verdict::Healthy => paint.wrap("1;32", "Healthy: the box serves a valid certificate."),
        Verdict::ActionNeeded => paint.wrap("1;33", "Action needed."),
        Verdict::Unreachable => paint.wrap("1;31", "Nothing answers at this address."),
    };
    let _ = writeln!(out, "{headline}");
    if let Some(report) = &d.box_report {
        let _ = writeln!(
            out,
            "Box           {} ({}, {}, {})",
            one_line(&d.target),
            report.status.family,
            report.status.flavour,
            one_line(
                report
                    .status
                    .version
                    .as_deref()
                    .unwrap_or("version unknown")
            )
        );
    }
    if let Some(name) = &d.certificate.expected_name {
        let _ = writeln!(out, "HTTPS name    {}", one_line(name));
    }
    if let Some(v) = d.certificate.standing() {
        let _ = writeln!(
            out,
            "Certificate   {} → {} ({} days left)",
            v.not_before, v.not_after, v.validity.days_left
        );
    }
    let _ = writeln!(out, "Checked at    {}", d.checked_at);
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

/// One finding as the diagnosis prints it, without colour (e.g. a refusal on stderr).
pub fn finding_text(f: &Finding, lang: &str) -> String {
    let mut out = String::new();
    finding(&mut out, f, &Paint(false), lang);
    out
}

fn finding(out: &mut String, f: &Finding, paint: &Paint, lang: &str) {
    let t = texts(f.code.as_str(), lang);
    let title = t.map(|t| t.title.as_str()).unwrap_or(f.code.as_str());
    let source = match f.source {
        Source::ReportedByBox => "reported by the box",
        Source::InferredFromText => "inferred from the box's message",
        Source::InferredFromLogs => "inferred from the box's logs",
        Source::InferredFromData => "inferred from the box's data",
        Source::Laptop => "checked from this computer",
        Source::Device => "checked from a cashier's device",
    };
    let _ = writeln!(
        out,
        "\n{} {}  {}",
        paint.severity(f.severity()),
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
