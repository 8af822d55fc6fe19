//! Who a box is: its hardware identity (the `identifier` of saas-18.4+ and the MAC) and the
//! database it is paired to. An address says nothing: every shop has a `192.168.1.50`. A
//! contract code belongs to one identity and is never offered to another box without the
//! technician's explicit choice.

use serde::Serialize;

use crate::box_api::BoxStatus;
use crate::discovery::FoundBox;

use super::Site;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoxIdentity {
    /// Pi serial number or Windows motherboard UUID (saas-18.4+).
    pub identifier: Option<String>,
    pub mac: Option<String>,
    /// The database the box is paired to (its `db_uuid`).
    pub db_uuid: Option<String>,
}

/// How two identities compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Sameness {
    /// Every hardware key (identifier, MAC) known on either side is known on both and agrees,
    /// at least one is known, and no database differs.
    Same,
    /// Some key known on both sides differs: another box (or another database).
    Different,
    /// Nothing disagrees, but a hardware key is known on one side only (a key the other side
    /// left out is unknown, never "the same"), or none is known at all: it cannot be told.
    Unconfirmed,
}

fn clean(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// MACs are compared as lowercase `aa:bb:…` whatever separator the box used.
fn clean_mac(value: Option<&str>) -> Option<String> {
    clean(value).map(|m| m.to_ascii_lowercase().replace('-', ":"))
}

fn clean_uuid(value: Option<&str>) -> Option<String> {
    clean(value).map(|u| u.to_ascii_lowercase())
}

impl BoxIdentity {
    pub fn new(identifier: Option<&str>, mac: Option<&str>, db_uuid: Option<&str>) -> Self {
        Self {
            identifier: clean(identifier),
            mac: clean_mac(mac),
            db_uuid: clean_uuid(db_uuid),
        }
    }

    pub fn of_status(status: &BoxStatus) -> Self {
        Self::new(
            status.identifier.as_deref(),
            status.mac.as_deref(),
            status.credentials.db_uuid.as_deref(),
        )
    }

    pub fn of_site(site: &Site) -> Self {
        Self::new(
            site.identifier.as_deref(),
            site.mac.as_deref(),
            site.db_uuid.as_deref(),
        )
    }

    /// A scan does not read the database (it would have side effects on older boxes).
    pub fn of_found(found: &FoundBox) -> Self {
        Self::new(found.identifier.as_deref(), found.mac.as_deref(), None)
    }

    /// The same hardware paired to another database is treated as another box too: the
    /// contract code belongs to the database.
    pub fn compare(&self, other: &Self) -> Sameness {
        let pairs = [
            (&self.identifier, &other.identifier),
            (&self.mac, &other.mac),
            (&self.db_uuid, &other.db_uuid),
        ];
        if pairs
            .iter()
            .any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a != b))
        {
            return Sameness::Different;
        }
        let hardware = [
            (&self.identifier, &other.identifier),
            (&self.mac, &other.mac),
        ];
        let one_sided = hardware.iter().any(|(a, b)| a.is_some() != b.is_some());
        let hardware_agrees = hardware.iter().any(|(a, b)| a.is_some() && a == b);
        if hardware_agrees && !one_sided {
            Sameness::Same
        } else {
            Sameness::Unconfirmed
        }
    }

    /// Identifier AND MAC both known and equal on both sides (and no database conflict): the
    /// only evidence strong enough to move a site to another address.
    pub fn fully_matches(&self, other: &Self) -> bool {
        self.compare(other) == Sameness::Same
            && self.identifier.is_some()
            && self.identifier == other.identifier
            && self.mac.is_some()
            && self.mac == other.mac
    }

    /// Whether `identifier` — a database's `iot.box.identifier`: the serial (saas-18.4+) or,
    /// on older boxes, the MAC — names this box (case and MAC separators do not matter).
    pub fn has_identifier(&self, identifier: &str) -> bool {
        let bare = |mac: &str| -> String {
            mac.chars()
                .filter(char::is_ascii_hexdigit)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let wanted = identifier.trim();
        let by_serial = self
            .identifier
            .as_deref()
            .is_some_and(|own| !wanted.is_empty() && own.eq_ignore_ascii_case(wanted));
        let by_mac = self.mac.as_deref().is_some_and(|mac| {
            let mac = bare(mac);
            mac.len() == 12 && mac == bare(wanted)
        });
        by_serial || by_mac
    }

    pub fn has_hardware_key(&self) -> bool {
        self.identifier.is_some() || self.mac.is_some()
    }

    /// The keyring account of the contract code for this box and database. `None` when the
    /// box shows no hardware key: such a code is kept for this session only.
    pub fn code_account(&self) -> Option<String> {
        if !self.has_hardware_key() {
            return None;
        }
        Some(format!(
            "contract-code:box={}|mac={}|db={}",
            self.identifier.as_deref().unwrap_or("-"),
            self.mac.as_deref().unwrap_or("-"),
            self.db_uuid.as_deref().unwrap_or("-"),
        ))
    }

    /// The database a code account (`code_account`) was made for; `None` when it names none.
    pub fn db_of_account(account: &str) -> Option<String> {
        let db = account.rsplit_once("|db=")?.1;
        clean_uuid(Some(db)).filter(|db| db != "-")
    }

    /// Learns keys the other side knows and this one does not (never overwrites one).
    pub fn fill_from(&mut self, other: &Self) {
        self.identifier = self.identifier.take().or(other.identifier.clone());
        self.mac = self.mac.take().or(other.mac.clone());
        self.db_uuid = self.db_uuid.take().or(other.db_uuid.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(identifier: Option<&str>, mac: Option<&str>, db: Option<&str>) -> BoxIdentity {
        BoxIdentity::new(identifier, mac, db)
    }

    #[test]
    fn the_same_address_is_not_the_same_box() {
        let a = id(
            Some("10000000aaaa"),
            Some("b8:27:eb:00:00:01"),
            Some("db-a"),
        );
        let b = id(
            Some("10000000bbbb"),
            Some("b8:27:eb:00:00:02"),
            Some("db-b"),
        );
        assert_eq!(a.compare(&b), Sameness::Different);
        assert_eq!(a.compare(&a.clone()), Sameness::Same);
    }

    #[test]
    fn one_differing_key_makes_another_box() {
        let a = id(Some("serial"), Some("b8:27:eb:00:00:01"), None);
        let copied_serial = id(Some("serial"), Some("b8:27:eb:00:00:99"), None);
        assert_eq!(a.compare(&copied_serial), Sameness::Different);
        assert!(!a.fully_matches(&copied_serial));
        let other_db = id(Some("serial"), Some("b8:27:eb:00:00:01"), Some("db-x"));
        let mut a_db = a.clone();
        a_db.db_uuid = Some("db-y".into());
        assert_eq!(a_db.compare(&other_db), Sameness::Different);
    }

    #[test]
    fn mac_spelling_does_not_matter_and_nothing_known_is_unconfirmed() {
        let a = id(None, Some("B8-27-EB-00-00-01"), None);
        let b = id(None, Some("b8:27:eb:00:00:01"), None);
        assert_eq!(a.compare(&b), Sameness::Same);
        assert!(!a.fully_matches(&b), "a MAC alone never moves a site");
        assert_eq!(
            id(None, None, Some("db")).compare(&id(None, None, Some("db"))),
            Sameness::Unconfirmed,
            "two boxes of one shop share the database"
        );
    }

    /// A key one side leaves out is unknown: an impostor that copies the MAC but hides its
    /// identifier, or a site saved before identities existed, is never "the same box".
    #[test]
    fn a_key_known_on_one_side_only_is_unknown_not_same() {
        let full = id(Some("serial"), Some("b8:27:eb:00:00:01"), None);
        let mac_only = id(None, Some("b8:27:eb:00:00:01"), None);
        assert_eq!(full.compare(&mac_only), Sameness::Unconfirmed);
        assert_eq!(mac_only.compare(&full), Sameness::Unconfirmed);
        let legacy = id(None, None, None);
        assert_eq!(legacy.compare(&full), Sameness::Unconfirmed);
        let serial_only = id(Some("serial"), None, Some("db"));
        assert_eq!(serial_only.compare(&full), Sameness::Unconfirmed);
        assert_eq!(full.compare(&full.clone()), Sameness::Same);
    }

    #[test]
    fn the_code_account_names_the_box_and_the_database() {
        let a = id(Some("serial"), Some("b8:27:eb:00:00:01"), Some("DB-A"));
        assert_eq!(
            a.code_account().unwrap(),
            "contract-code:box=serial|mac=b8:27:eb:00:00:01|db=db-a"
        );
        assert_ne!(
            a.code_account(),
            id(Some("serial2"), Some("b8:27:eb:00:00:01"), Some("db-a")).code_account()
        );
        assert!(id(None, None, Some("db")).code_account().is_none());
        assert_eq!(
            BoxIdentity::db_of_account(&a.code_account().unwrap()).as_deref(),
            Some("db-a")
        );
        let no_db = id(Some("serial"), None, None).code_account().unwrap();
        assert_eq!(BoxIdentity::db_of_account(&no_db), None);
    }
}
