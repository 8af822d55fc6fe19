//! A value that must never be printed: the contract (enterprise) code, pairing tokens.
//! `Debug` and `Display` mask it, it has no `Serialize`, and the only way out is `expose()`,
//! which is called where the value is sent to the box and nowhere else. Its memory is wiped
//! when it is dropped (`zeroize`).

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

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
