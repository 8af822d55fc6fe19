//! Human-readable output. Plain text, aligned, no secrets (the core never hands them out).

use std::fmt::Write;

use iot_https_core::box_api::{Pairing, RawCertificate};
use iot_https_core::BoxStatus;

fn row(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "{label:<14}{value}");
}

fn or_unknown(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("—")
}

pub fn status(s: &BoxStatus) -> String {
    let mut out = String::new();
    row(&mut out, "Box", &s.address);
    row(&mut out, "API family", &format!("{} ({})", s.family, s.family.odoo_versions()));
    let flavour = match s.flavour {
        iot_https_core::OsFlavour::Linux => "Raspberry Pi IoT box (Linux)",
        iot_https_core::OsFlavour::Windows => "Windows virtual IoT",
        iot_https_core::OsFlavour::Unknown => "unknown",
    };
    row(&mut out, "System", flavour);
    row(&mut out, "Version", or_unknown(&s.version));
    row(&mut out, "IP", or_unknown(&s.ip));
    if s.hostname.is_some() {
        row(&mut out, "Hostname", or_unknown(&s.hostname));
    }
    row(&mut out, "Identifier", s.identifier.as_deref().or(s.mac.as_deref()).unwrap_or("—"));
    if s.identifier.is_some() && s.mac.is_some() {
        row(&mut out, "MAC", or_unknown(&s.mac));
    }
    let pairing = match &s.pairing {
        Pairing::Paired { server } => format!("paired with {server}"),
        Pairing::NotPaired { pairing_code: Some(code), code_expired: false } => format!("not paired (pairing code {code})"),
        Pairing::NotPaired { code_expired: true, .. } => "not paired (pairing code expired)".into(),
        Pairing::NotPaired { .. } => "not paired".into(),
        Pairing::Unknown => "unknown".into(),
    };
    row(&mut out, "Server", &pairing);
    if s.access_point {
        row(&mut out, "Network", "Wi-Fi access point mode");
    }
    let creds = format!(
        "database UUID {}, contract code {}",
        s.credentials.db_uuid.as_deref().unwrap_or("missing"),
        if s.credentials.enterprise_code_present { "present" } else { "missing" }
    );
    row(&mut out, "Credentials", &creds);
    let cert = match &s.certificate {
        RawCertificate::Status { ok, details } => {
            format!("{} — {}", if *ok { "OK" } else { "not OK" }, details.replace("\n\n", " — "))
        }
        RawCertificate::EndDate { end_date: Some(d) } => format!("valid until {d}"),
        RawCertificate::EndDate { end_date: None } => "no valid certificate".into(),
        RawCertificate::Absent => "not reported".into(),
    };
    row(&mut out, "Certificate", &cert);
    for a in &s.anomalies {
        row(&mut out, "Note", a);
    }
    out
}
