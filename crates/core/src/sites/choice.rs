//! The technician's explicit choice "use the code of site X for this box" as a one-time token.
//! Rust issues it when it shows the window the two identities side by side (the saved site and
//! the box that answered), bound to that pair; the save consumes it and sends another site's
//! code only when the box read at save time is still the box that was shown. The window can
//! pass a token on, never make one: a boolean from the webview proves nothing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

use super::BoxIdentity;

/// A choice is made while the credentials step is on screen, not hours later.
const VALID_FOR: Duration = Duration::from_secs(30 * 60);
/// Open choices kept at once; the oldest is dropped first.
const MAX_OPEN: usize = 64;

struct Issued {
    site_id: String,
    shown: BoxIdentity,
    address: String,
    at: Instant,
}

#[derive(Default)]
pub struct Choices(Mutex<HashMap<String, Issued>>);

impl Choices {
    /// A token for "the code of `site_id` for the box shown" (its identity as read at
    /// `address`). `None` only when the system has no randomness.
    pub fn issue(&self, site_id: &str, shown: &BoxIdentity, address: &str) -> Option<String> {
        let mut bytes = [0u8; 16];
        SystemRandom::new().fill(&mut bytes).ok()?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut open = self.lock();
        let now = Instant::now();
        open.retain(|_, issued| now.duration_since(issued.at) < VALID_FOR);
        if open.len() >= MAX_OPEN {
            if let Some(oldest) = open
                .iter()
                .min_by_key(|(_, issued)| issued.at)
                .map(|(t, _)| t.clone())
            {
                open.remove(&oldest);
            }
        }
        open.insert(
            token.clone(),
            Issued {
                site_id: site_id.to_owned(),
                shown: shown.clone(),
                address: address.to_owned(),
                at: now,
            },
        );
        Some(token)
    }

    /// Uses the token up (whatever the answer) and says whether it was issued for this site
    /// and this box: the same address, and an identity that is still the one shown (no key
    /// that was shown missing or changed; a newly paired database is allowed).
    pub fn consume(
        &self,
        token: &str,
        site_id: &str,
        now_seen: &BoxIdentity,
        address: &str,
    ) -> bool {
        let Some(issued) = self.lock().remove(token) else {
            return false;
        };
        let mut shown = issued.shown.clone();
        let mut seen = now_seen.clone();
        shown.db_uuid = None;
        seen.db_uuid = None;
        Instant::now().duration_since(issued.at) < VALID_FOR
            && issued.site_id == site_id
            && issued.address == address
            && shown == seen
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Issued>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown() -> BoxIdentity {
        BoxIdentity::new(Some("serial-b"), Some("b8:27:eb:00:00:0b"), Some("db-b"))
    }

    #[test]
    fn a_choice_is_used_once_for_the_pair_it_was_issued_for() {
        let choices = Choices::default();
        let token = choices.issue("site-a", &shown(), "127.0.0.5:8069").unwrap();
        assert!(!choices.consume("forged", "site-a", &shown(), "127.0.0.5:8069"));
        assert!(choices.consume(&token, "site-a", &shown(), "127.0.0.5:8069"));
        assert!(
            !choices.consume(&token, "site-a", &shown(), "127.0.0.5:8069"),
            "once"
        );
    }

    #[test]
    fn another_site_box_or_address_does_not_match() {
        let choices = Choices::default();
        let other_box = BoxIdentity::new(Some("serial-c"), Some("b8:27:eb:00:00:0c"), None);
        let hides_a_key = BoxIdentity::new(None, Some("b8:27:eb:00:00:0b"), Some("db-b"));
        for (site, seen, address) in [
            ("site-x", shown(), "127.0.0.5:8069"),
            ("site-a", other_box, "127.0.0.5:8069"),
            ("site-a", hides_a_key, "127.0.0.5:8069"),
            ("site-a", shown(), "127.0.0.6:8069"),
        ] {
            let token = choices.issue("site-a", &shown(), "127.0.0.5:8069").unwrap();
            assert!(
                !choices.consume(&token, site, &seen, address),
                "{site} {address}"
            );
        }
        let token = choices.issue("site-a", &shown(), "127.0.0.5:8069").unwrap();
        let repaired = BoxIdentity::new(Some("serial-b"), Some("b8:27:eb:00:00:0b"), Some("db-z"));
        assert!(choices.consume(&token, "site-a", &repaired, "127.0.0.5:8069"));
    }
}
