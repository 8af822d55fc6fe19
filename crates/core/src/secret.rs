//! A value that must never be printed: the contract (enterprise) code, pairing tokens.
//! `Debug` and `Display` mask it, it has no `Serialize`, and the only way out is `expose()`,
//! which is called where the value is sent to the box and nowhere else.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_value() {
        let s = Secret::new("CANARY-7f3a9c");
        assert!(!format!("{s:?} {s} {:#?}", Some(&s)).contains("CANARY"));
        assert_eq!(s.expose(), "CANARY-7f3a9c");
    }
}
