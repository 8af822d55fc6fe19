//! TLS: capture what a box's HTTPS port serves without trusting it; verification and
//! classification are separate steps on the captured chain (time is always an argument).

mod capture;

pub use capture::{capture_chain, sha256_hex, ServedChain};
