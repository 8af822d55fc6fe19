//! The one-time token in the check URL: 128 random bits, lowercase base32 (26 characters,
//! easy to type from a screen), valid until its deadline or until the check is closed.

use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

#[derive(Clone)]
pub struct Token {
    value: String,
    expires: Instant,
}

impl std::fmt::Debug for Token {
    // The token is a capability for the LAN: keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    pub fn generate(valid_for: Duration) -> Result<Self, ring::error::Unspecified> {
        let mut bytes = [0u8; 16];
        SystemRandom::new().fill(&mut bytes)?;
        Ok(Self {
            value: encode(&bytes),
            expires: Instant::now() + valid_for,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn expires(&self) -> Instant {
        self.expires
    }

    pub fn is_expired(&self, now: Instant) -> bool {
        now >= self.expires
    }

    /// Compares in constant time, so the answer's timing does not leak a prefix.
    pub fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.value.as_bytes(), candidate.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_26_base32_characters_and_differ() {
        let a = Token::generate(Duration::from_secs(60)).unwrap();
        let b = Token::generate(Duration::from_secs(60)).unwrap();
        assert_eq!(a.as_str().len(), 26);
        assert!(a.as_str().bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a.as_str(), b.as_str());
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(b.as_str()));
        assert!(!a.matches(&a.as_str()[..25]));
        assert!(!format!("{a:?}").contains(a.as_str()));
    }

    #[test]
    fn a_token_expires_at_its_deadline() {
        let t = Token::generate(Duration::from_secs(900)).unwrap();
        assert!(!t.is_expired(Instant::now()));
        assert!(t.is_expired(t.expires()));
        assert_eq!(encode(&[0xff]), "74");
    }
}
