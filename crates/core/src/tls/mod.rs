//! TLS: capture what a box's HTTPS port serves without trusting it; verification and
//! classification are separate steps on the captured chain (time is always an argument).
//!
//! `capture` gets the bytes, `inspect` reads one certificate (`algorithms` names its key and
//! signature), `anchors` + `verify` decide trust, `names` decides the name match, and
//! `classify` turns all of it into one verdict.

mod algorithms;
mod anchors;
mod capture;
mod classify;
mod inspect;
mod names;
mod verify;

pub use algorithms::PublicKeyInfo;
pub use anchors::{AnchorError, TrustAnchors};
pub use capture::{capture_chain, sha256_hex, ServedChain};
pub use classify::{
    assess, classify, CertificateClass, CertificateVerdict, TlsAssessment, UnreadableCertificate,
};
pub use inspect::{inspect, CertificateDetails, InspectError, MAX_CERTIFICATE_DER, PLACEHOLDER_CN};
pub use names::{certificate_matches_name, dns_name_matches};
pub use verify::{verify_chain, TrustVerdict, UntrustedReason};
