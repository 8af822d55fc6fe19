//! The certificate name a site remembers. saas-18.3+ boxes name no subject in their status
//! (docs/protocol/status-reads.md, "The box's name"), so the `*.<hash>.odoo-iot.com` subject of
//! the last certificate that verified for the box is kept and becomes the expected name of a
//! later check (`DiagnoseOptions::known_subject`, `WatchConfig::known_subject`). Only a
//! CERT_VALID counts: core never gives it when the name came from the served certificate itself
//! (that is CERT_NAME_UNCONFIRMED), so another database's certificate is never learned.

use crate::diagnose::Diagnosis;
use crate::findings::{EvidenceKind, FindingCode};

/// The subject a diagnosis confirmed, if it found CERT_VALID for an odoo-iot.com name.
pub(super) fn confirmed_subject(diagnosis: &Diagnosis) -> Option<String> {
    let valid = diagnosis
        .findings
        .iter()
        .find(|f| f.code == FindingCode::CertValid)?;
    if valid
        .evidence
        .iter()
        .any(|e| e.kind == EvidenceKind::NameFromServedCertificate)
    {
        return None;
    }
    subject_of_name(diagnosis.certificate.expected_name.as_deref()?)
}

/// `10-0-0-5.abc123.odoo-iot.com` → `*.abc123.odoo-iot.com`; any other name → none.
fn subject_of_name(name: &str) -> Option<String> {
    let (_, rest) = name.split_once('.')?;
    let rest = rest.to_ascii_lowercase();
    let hash = rest.strip_suffix(".odoo-iot.com")?;
    (!hash.is_empty() && !hash.contains('.')).then(|| format!("*.{rest}"))
}

#[cfg(test)]
mod tests {
    use super::subject_of_name;

    #[test]
    fn only_a_box_name_under_one_database_hash_gives_a_subject() {
        assert_eq!(
            subject_of_name("10-0-0-5.ABC123.odoo-iot.com").as_deref(),
            Some("*.abc123.odoo-iot.com")
        );
        assert_eq!(subject_of_name("pos.example.com"), None);
        assert_eq!(subject_of_name("10-0-0-5.odoo-iot.com"), None);
        assert_eq!(subject_of_name("a.b.c.odoo-iot.com"), None);
    }
}
