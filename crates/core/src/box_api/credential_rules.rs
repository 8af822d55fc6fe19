//! What the credentials step may leave out for a box: core decides, the window shows it. A box
//! that holds a database UUID, a contract code and a valid certificate needs nothing typed (the
//! step may be skipped); a box that holds a code keeps it as long as the database UUID stays
//! its own, so the code field may stay empty for that UUID only (a stored code belongs to one
//! box and one database: docs/protocol/credentials.md).

use serde::Serialize;

use super::{BoxCertificate, Credentials};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CredentialRules {
    /// The whole step may be skipped: the box has its database UUID and a code, and its
    /// certificate is valid.
    pub may_skip: bool,
    /// The contract code may be left empty (the box keeps its own) while the database UUID is
    /// this one, the box's own in lower case; `None`: a code must be typed or a stored one
    /// chosen.
    pub code_optional_for: Option<String>,
}

impl CredentialRules {
    pub fn of(credentials: &Credentials, certificate: &BoxCertificate) -> Self {
        let own_uuid = credentials.db_uuid.as_deref().map(str::to_lowercase);
        let has_code = credentials.enterprise_code_present;
        Self {
            may_skip: own_uuid.is_some()
                && has_code
                && matches!(certificate, BoxCertificate::Valid { .. }),
            code_optional_for: own_uuid.filter(|_| has_code),
        }
    }

    /// Whether the code may be left empty with `db_uuid` typed (case and spaces aside).
    pub fn code_optional(&self, db_uuid: &str) -> bool {
        self.code_optional_for
            .as_deref()
            .is_some_and(|own| own == db_uuid.trim().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "7E2A5F1C-0D4B-4F8E-9A6C-3B1D2E4F5A6B";

    fn creds(uuid: Option<&str>, code: bool) -> Credentials {
        Credentials {
            db_uuid: uuid.map(str::to_owned),
            enterprise_code_present: code,
        }
    }

    fn valid() -> BoxCertificate {
        BoxCertificate::Valid {
            subject: None,
            not_after: None,
            renewal_from: None,
        }
    }

    #[test]
    fn only_a_box_with_uuid_code_and_valid_certificate_may_skip_the_step() {
        assert!(CredentialRules::of(&creds(Some(UUID), true), &valid()).may_skip);
        assert!(!CredentialRules::of(&creds(None, true), &valid()).may_skip);
        assert!(!CredentialRules::of(&creds(Some(UUID), false), &valid()).may_skip);
        assert!(
            !CredentialRules::of(&creds(Some(UUID), true), &BoxCertificate::NotReported).may_skip
        );
    }

    #[test]
    fn the_code_may_stay_empty_only_for_the_box_s_own_database() {
        let rules = CredentialRules::of(&creds(Some(UUID), true), &BoxCertificate::NotReported);
        assert_eq!(
            rules.code_optional_for.as_deref(),
            Some(UUID.to_lowercase().as_str())
        );
        assert!(rules.code_optional(&format!(" {} ", UUID.to_lowercase())));
        assert!(rules.code_optional(UUID));
        assert!(!rules.code_optional("00000000-0000-4000-8000-000000000000"));
        let no_code = CredentialRules::of(&creds(Some(UUID), false), &valid());
        assert_eq!(no_code.code_optional_for, None);
        assert!(!no_code.code_optional(UUID));
    }
}
