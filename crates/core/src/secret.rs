//! A value that must never be printed: the contract (enterprise) code, pairing tokens.
//! `Debug` and `Display` mask it, it has no `Serialize`, and the only way out is `expose()`,
//! which is called where the value is sent to the box and nowhere else. Its memory is wiped
//! when it is dropped (`zeroize`).
//!
//! Every secret made in this process (typed, read from the keyring, an API key) is also
//! remembered in a process-wide registry ([`scrub`]), so an error, a report or a log line that
//! somehow carries one (a box echoing its log, a server quoting a request) can be cleaned
//! without the caller having to know which secrets exist.

use std::fmt;
use std::sync::Mutex;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for Secret {}

impl Zeroize for Secret {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let secret = Self(value.into());
        remember(&secret.0);
        secret
    }

    /// The clear value, for the one request that sends it to the box.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(•••)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("•••")
    }
}

/// Shorter values are not scrubbed: they would mask ordinary words (every contract code, key
/// and token is longer).
const MIN_SCRUBBED: usize = 6;
/// Bounds the registry of a long-running process; the oldest are forgotten first.
const MAX_KNOWN: usize = 4096;
const MASK: &str = "•••";

static KNOWN: Mutex<Vec<Zeroizing<String>>> = Mutex::new(Vec::new());

fn known() -> std::sync::MutexGuard<'static, Vec<Zeroizing<String>>> {
    KNOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn remember(value: &str) {
    let value = value.trim();
    if value.len() < MIN_SCRUBBED {
        return;
    }
    let mut known = known();
    if known.iter().any(|k| k.as_str() == value) {
        return;
    }
    if known.len() >= MAX_KNOWN {
        known.remove(0);
    }
    known.push(Zeroizing::new(value.to_owned()));
}

/// `text` with every secret this process has seen replaced by a mask (longest first, so a
/// token that contains a code is masked whole).
pub fn scrub(text: &str) -> String {
    let known = known();
    let mut found: Vec<&str> = known
        .iter()
        .map(|k| k.as_str())
        .filter(|k| text.contains(k))
        .collect();
    if found.is_empty() {
        return text.to_owned();
    }
    found.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let mut text = text.to_owned();
    for secret in found {
        text = text.replace(secret, MASK);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_secret_made_is_scrubbed_everywhere() {
        let _code = Secret::new("CANARYscrub91c2");
        let key = Secret::new("0123456789abcdefCANARYkey");
        drop(key);
        let text = scrub("code CANARYscrub91c2, key 0123456789abcdefCANARYkey, short abc");
        assert_eq!(text, "code •••, key •••, short abc");
        assert_eq!(scrub("nothing secret"), "nothing secret");
    }

    #[test]
    fn is_wiped_on_drop() {
        fn wipes_on_drop<T: ZeroizeOnDrop>() {}
        wipes_on_drop::<Secret>();
        let mut s = Secret::new("CANARY-7f3a9c");
        s.zeroize();
        assert!(s.is_empty(), "zeroize clears the value");
    }

    #[test]
    fn never_prints_its_value() {
        let s = Secret::new("CANARY-7f3a9c");
        assert!(!format!("{s:?} {s} {:#?}", Some(&s)).contains("CANARY"));
        assert_eq!(s.expose(), "CANARY-7f3a9c");
    }
}
