//! The certificate name a site remembers. saas-18.3+ boxes name no subject in their status
//! (docs/protocol/status-reads.md, "The box's name"), so the `*.<hash>.odoo-iot.com` subject of
//! the last certificate that verified for the box is kept and becomes the expected name of a
//! later check (`DiagnoseOptions::known_subjects`, `WatchConfig::known_subject`). Only a
//! CERT_VALID counts: core never gives it when the name came from the served certificate itself
//! (that is CERT_NAME_UNCONFIRMED), so another database's certificate is never learned.

use crate::diagnose::{Diagnosis, KnownSubject, SubjectSource};
use crate::dns::subject_of_name;
use crate::findings::{EvidenceKind, FindingCode};

/// Every site's remembered subject, each for the box that is that site (by identity, as a
/// contract code goes only to its box): a diagnosis uses it only once that box answered.
pub fn known_subjects(sites: &[super::Site]) -> Vec<KnownSubject> {
    sites
        .iter()
        .filter_map(|site| {
            let identity = super::BoxIdentity::of_site(site);
            let subject = site.certificate_subject.clone()?;
            identity.has_hardware_key().then_some(KnownSubject {
                subject,
                from: SubjectSource::Site(identity),
            })
        })
        .collect()
}

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
