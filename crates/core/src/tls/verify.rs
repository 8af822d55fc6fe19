//! Chain trust at a given instant, with webpki (the verifier rustls and so the app itself use)
//! and the server-auth usage a browser requires. The instant is an argument: verification never
//! reads the clock, so a verdict can be reproduced and tested at a pinned time.
//!
//! When the chain fails only because of time, it is checked again at the edge of the failing
//! certificate's validity: an expired certificate from an unknown CA must say "unknown issuer",
//! the more fundamental problem, rather than only "expired".

use std::time::Duration;

use rustls::pki_types::{CertificateDer, UnixTime};
use serde::Serialize;
use time::OffsetDateTime;
use webpki::{EndEntityCert, KeyUsage};

use super::anchors::TrustAnchors;

/// How often the instant may be moved to look past a time failure (one per chain member is
/// plenty; the bound keeps a pathological chain from looping).
const TIME_RETRIES: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum UntrustedReason {
    /// No chain leads from the served certificates to a trust anchor (a self-signed
    /// placeholder, a private CA, or a server that omits its intermediate).
    UnknownIssuer,
    /// A signature in the chain does not verify.
    BadSignature,
    /// A certificate in the chain has expired at the instant checked.
    Expired,
    /// A certificate in the chain is not valid yet at the instant checked.
    NotYetValid,
    /// The leaf's extended key usage does not allow a TLS server.
    NotForServerAuth,
    /// The leaf is a CA certificate; browsers refuse it as a server certificate.
    CaUsedAsLeaf,
    /// An issuer is not allowed to issue (not a CA, path length or name constraints).
    InvalidIssuer,
    /// A signature algorithm or key the verifier does not accept (e.g. SHA-1, RSA < 2048).
    UnsupportedAlgorithm,
    /// A certificate could not be decoded by the verifier.
    Malformed,
    /// The public key is explicitly distrusted by the root programme.
    Distrusted,
    /// Anything else webpki reports; `detail` has its words.
    Other,
}

impl UntrustedReason {
    pub fn is_time(self) -> bool {
        matches!(self, Self::Expired | Self::NotYetValid)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrustVerdict {
    /// The whole chain verifies to an anchor, for a TLS server, at the instant given.
    pub trusted: bool,
    /// Why not: a path problem outranks a time problem (see the module comment).
    pub reason: Option<UntrustedReason>,
    /// The verifier's own words, for the support report.
    pub detail: Option<String>,
}

impl TrustVerdict {
    fn trusted() -> Self {
        Self {
            trusted: true,
            reason: None,
            detail: None,
        }
    }

    fn untrusted(err: &webpki::Error) -> Self {
        Self {
            trusted: false,
            reason: Some(reason_of(err)),
            detail: Some(err.to_string()),
        }
    }
}

/// Verifies `certificates` (DER, leaf first, as served) against `anchors` at `at`.
pub fn verify_chain(
    certificates: &[Vec<u8>],
    anchors: &TrustAnchors,
    at: OffsetDateTime,
) -> TrustVerdict {
    let Some((leaf, intermediates)) = certificates.split_first() else {
        return TrustVerdict {
            trusted: false,
            reason: Some(UntrustedReason::Malformed),
            detail: Some("the server sent no certificate".into()),
        };
    };
    let leaf = CertificateDer::from(leaf.as_slice());
    let intermediates: Vec<CertificateDer<'_>> = intermediates
        .iter()
        .map(|c| CertificateDer::from(c.as_slice()))
        .collect();
    let end_entity = match EndEntityCert::try_from(&leaf) {
        Ok(ee) => ee,
        Err(e) => return TrustVerdict::untrusted(&e),
    };
    let check = |time: UnixTime| {
        end_entity
            .verify_for_usage(
                webpki::ALL_VERIFICATION_ALGS,
                anchors.as_slice(),
                &intermediates,
                time,
                KeyUsage::server_auth(),
                None,
                None,
            )
            .map(|_| ())
    };
    let first = match check(unix_time(at)) {
        Ok(()) => return TrustVerdict::trusted(),
        Err(e) => e,
    };
    // Look past time failures for a more fundamental one.
    let mut err = first.clone();
    for _ in 0..TIME_RETRIES {
        let moved = match &err {
            webpki::Error::CertExpired { not_after, .. } => *not_after,
            webpki::Error::CertNotValidYet { not_before, .. } => *not_before,
            _ => break,
        };
        match check(moved) {
            Ok(()) => break,
            Err(next) if reason_of(&next).is_time() => err = next,
            Err(next) => return TrustVerdict::untrusted(&next),
        }
    }
    TrustVerdict::untrusted(&first)
}

fn unix_time(t: OffsetDateTime) -> UnixTime {
    // Instants before 1970 cannot be expressed; they are never a real "now".
    UnixTime::since_unix_epoch(Duration::from_secs(
        u64::try_from(t.unix_timestamp()).unwrap_or(0),
    ))
}

fn reason_of(err: &webpki::Error) -> UntrustedReason {
    use webpki::Error as E;
    match err {
        E::UnknownIssuer => UntrustedReason::UnknownIssuer,
        E::InvalidSignatureForPublicKey | E::SignatureAlgorithmMismatch => {
            UntrustedReason::BadSignature
        }
        E::CertExpired { .. } => UntrustedReason::Expired,
        E::CertNotValidYet { .. } => UntrustedReason::NotYetValid,
        // The unit forms of these variants are deprecated; webpki reports the `…Context` ones.
        E::RequiredEkuNotFoundContext(_) | E::EmptyEkuExtension => {
            UntrustedReason::NotForServerAuth
        }
        E::CaUsedAsEndEntity => UntrustedReason::CaUsedAsLeaf,
        E::EndEntityUsedAsCa | E::PathLenConstraintViolated | E::NameConstraintViolation => {
            UntrustedReason::InvalidIssuer
        }
        E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            UntrustedReason::UnsupportedAlgorithm
        }
        E::BadDer
        | E::BadDerTime
        | E::TrailingData(_)
        | E::MalformedExtensions
        | E::ExtensionValueInvalid
        | E::InvalidCertValidity
        | E::InvalidSerialNumber
        | E::UnsupportedCertVersion
        | E::UnsupportedCriticalExtension
        | E::MalformedDnsIdentifier
        | E::MalformedNameConstraint => UntrustedReason::Malformed,
        E::CertDistrusted => UntrustedReason::Distrusted,
        _ => UntrustedReason::Other,
    }
}
