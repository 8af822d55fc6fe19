//! Certificate subjects known from elsewhere than the box's own answer, each with the box it
//! belongs to. saas-18.3+ boxes name no subject in their status (docs/protocol/status-reads.md,
//! "The box's name"), so the expected name may come from a saved site (the subject of its last
//! confirmed certificate) or from the box's record in its Odoo database (the HTTPS name the box
//! reported as `iot.box.ip`). Such a subject is used only once the box that answered is known to
//! be that box — the rule the contract code follows (`sites::codes`): a site's by its identity,
//! a database record's by its identifier. A box that did not answer is known to be no box.

use crate::findings::EvidenceKind;
use crate::sites::BoxIdentity;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownSubject {
    /// `*.<hash>.odoo-iot.com`.
    pub subject: String,
    pub from: SubjectSource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectSource {
    /// The technician gave it (`iot-https diagnose --subject`): for whatever box answers.
    Given,
    /// A saved site's last confirmed certificate: for the box that is that site.
    Site(BoxIdentity),
    /// The box's record in a customer database: for the box with that identifier (serial on
    /// saas-18.4+, MAC before).
    Database { identifier: String },
}

impl KnownSubject {
    pub fn given(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            from: SubjectSource::Given,
        }
    }

    /// Whether this subject is the one of the box `seen` (the identity its status reported).
    pub fn belongs_to(&self, seen: Option<&BoxIdentity>) -> bool {
        match (&self.from, seen) {
            (SubjectSource::Given, _) => true,
            (_, None) => false,
            (SubjectSource::Site(site), Some(seen)) => {
                site.compare(seen) == crate::sites::Sameness::Same
            }
            (SubjectSource::Database { identifier }, Some(seen)) => seen.has_identifier(identifier),
        }
    }

    /// How the evidence of the certificate findings names this source.
    pub fn evidence_kind(&self) -> EvidenceKind {
        match self.from {
            SubjectSource::Database { .. } => EvidenceKind::NameFromDatabase,
            SubjectSource::Given | SubjectSource::Site(_) => {
                EvidenceKind::NameFromEarlierCertificate
            }
        }
    }
}

/// The first of `known` that belongs to the box `seen`.
pub fn for_box<'a>(
    known: &'a [KnownSubject],
    seen: Option<&BoxIdentity>,
) -> Option<&'a KnownSubject> {
    known.iter().find(|k| k.belongs_to(seen))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(identifier: &str, mac: &str) -> KnownSubject {
        KnownSubject {
            subject: "*.aaaa.odoo-iot.com".into(),
            from: SubjectSource::Site(BoxIdentity::new(Some(identifier), Some(mac), None)),
        }
    }

    #[test]
    fn a_remembered_subject_goes_only_to_its_own_box() {
        let own = BoxIdentity::new(Some("1000a"), Some("b8:27:eb:00:00:01"), None);
        let other = BoxIdentity::new(Some("1000b"), Some("b8:27:eb:00:00:02"), None);
        let known = site("1000a", "b8:27:eb:00:00:01");
        assert!(known.belongs_to(Some(&own)));
        assert!(!known.belongs_to(Some(&other)));
        assert!(
            !known.belongs_to(None),
            "a box that did not answer is no box"
        );
        // Half an identity is not the site's box.
        let half = BoxIdentity::new(Some("1000a"), None, None);
        assert!(!known.belongs_to(Some(&half)));
        assert!(KnownSubject::given("*.x.odoo-iot.com").belongs_to(None));
    }

    #[test]
    fn a_database_record_names_its_box_by_serial_or_by_mac() {
        let record = |identifier: &str| KnownSubject {
            subject: "*.bbbb.odoo-iot.com".into(),
            from: SubjectSource::Database {
                identifier: identifier.into(),
            },
        };
        let seen = BoxIdentity::new(Some("1000A"), Some("B8-27-EB-00-00-01"), None);
        assert!(record("1000a").belongs_to(Some(&seen)));
        assert!(record("b827eb000001").belongs_to(Some(&seen)));
        assert!(record("b8:27:eb:00:00:01").belongs_to(Some(&seen)));
        assert!(!record("1000b").belongs_to(Some(&seen)));
        assert!(!record("1000a").belongs_to(None));
        let list = [record("1000b"), record("1000a")];
        assert_eq!(for_box(&list, Some(&seen)), Some(&list[1]));
    }
}
