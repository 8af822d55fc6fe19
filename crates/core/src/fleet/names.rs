//! The certificate subjects the fleet's database records give (`Fleet::known_subjects`): an
//! 18.4+ box with a certificate reports its HTTPS name as `iot.box.ip` (`_get_domain()`,
//! `addons/iot_drivers/main.py` @00067bed), so its record names the subject the box's
//! certificate must carry — for the box with the record's identifier only.
//!
//! A box moved to another database leaves its old record behind with the old name (the old
//! database is no longer told anything). When two records of one box name different subjects,
//! the fleet cannot tell which is current, so it gives neither: the name then comes from the
//! box itself or stays unconfirmed, never a mismatch against a stale record.

use crate::diagnose::{KnownSubject, SubjectSource};
use crate::dns::subject_of_name;

/// `(identifier, reported HTTPS name)` of each database record → one subject per box whose
/// records agree.
pub(super) fn database_subjects<'a>(
    records: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<KnownSubject> {
    let mut known: Vec<(String, KnownSubject)> = Vec::new();
    let mut conflicting: Vec<String> = Vec::new();
    for (identifier, name) in records {
        let Some(subject) = subject_of_name(name) else {
            continue;
        };
        let key = box_key(identifier);
        if key.is_empty() {
            continue;
        }
        match known.iter().find(|(k, _)| *k == key) {
            Some((_, earlier)) if earlier.subject != subject => conflicting.push(key),
            Some(_) => {}
            None => known.push((
                key,
                KnownSubject {
                    subject,
                    from: SubjectSource::Database {
                        identifier: identifier.trim().to_owned(),
                    },
                },
            )),
        }
    }
    known
        .into_iter()
        .filter(|(key, _)| !conflicting.contains(key))
        .map(|(_, subject)| subject)
        .collect()
}

/// One spelling per box: case and MAC separators do not matter (`BoxIdentity::has_identifier`).
fn box_key(identifier: &str) -> String {
    identifier
        .trim()
        .chars()
        .filter(|c| !matches!(c, ':' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects(records: &[(&str, &str)]) -> Vec<(String, String)> {
        database_subjects(records.iter().copied())
            .into_iter()
            .map(|k| match k.from {
                SubjectSource::Database { identifier } => (identifier, k.subject),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn each_box_gets_the_subject_its_records_agree_on() {
        let got = subjects(&[
            ("1000a", "10-0-0-5.aaaa1111.odoo-iot.com"),
            // The same box in a second database with the same name: still one subject.
            ("1000A", "10-0-0-5.AAAA1111.odoo-iot.com"),
            ("1000b", "10.0.0.6"),
        ]);
        assert_eq!(
            got,
            [("1000a".to_owned(), "*.aaaa1111.odoo-iot.com".to_owned())]
        );
    }

    #[test]
    fn a_box_whose_records_disagree_gets_none() {
        // Moved from one database to another: the old record keeps the old name.
        let got = subjects(&[
            ("b8:27:eb:00:00:01", "10-0-0-5.aaaa1111.odoo-iot.com"),
            ("1000c", "10-0-0-7.cccc3333.odoo-iot.com"),
            ("B8-27-EB-00-00-01", "10-0-0-5.bbbb2222.odoo-iot.com"),
        ]);
        assert_eq!(
            got,
            [("1000c".to_owned(), "*.cccc3333.odoo-iot.com".to_owned())]
        );
    }
}
