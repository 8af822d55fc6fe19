//! One verdict on a captured chain at a given instant: every class that applies, the most
//! severe one as `primary`, and the evidence (details, trust, name match, dates) the UI's
//! validity timeline and the findings are built from.
//!
//! Severity order, most severe first (the order of `CertificateClass`):
//! 1. `temporary` — the box has no real certificate yet; nothing else matters until it has.
//! 2. `expired`, 3. `notYetValid` — every client refuses the certificate, whatever the trust.
//! 4. `untrusted` — refused, but the fix (chain, CA) differs from a date problem.
//! 5. `nameMismatch` — a good certificate for another name (usually the box changed IP or the
//!    wrong box answered).
//! 6. `renewalDue` — works today; inside the warning window of [`crate::validity`] (the box's
//!    own renewal point, notAfter − 10 days, for every Let's Encrypt lifetime).
//! 7. `valid` — only when nothing above applies.

use serde::Serialize;
use time::OffsetDateTime;

use super::capture::ServedChain;
use super::inspect::{inspect, CertificateDetails, InspectError};
use super::names::certificate_matches_name;
use super::verify::{verify_chain, TrustVerdict};
use super::{sha256_hex, TrustAnchors};
use crate::box_api::certificate::rfc3339;
use crate::validity::{Validity, ValidityState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CertificateClass {
    /// CN `OdooTempIoTBoxCertificate`, or a self-signed certificate no anchor vouches for.
    Temporary,
    /// now > notAfter.
    Expired,
    /// now < notBefore.
    NotYetValid,
    /// The chain does not verify to an anchor for a reason other than the leaf's own dates.
    Untrusted,
    /// The SANs do not cover the expected name.
    NameMismatch,
    /// Inside the warning window (`validity`: notAfter − min(10 d, lifetime / 3) ≤ now ≤ notAfter).
    RenewalDue,
    /// Nothing above applies.
    Valid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UnreadableCertificate {
    /// Position in the served chain (0 = leaf).
    pub position: u32,
    pub sha256: String,
    pub error: InspectError,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CertificateVerdict {
    /// The most severe class (first of `classes`).
    pub primary: CertificateClass,
    /// Every class that applies, most severe first; `[valid]` alone when nothing is wrong.
    pub classes: Vec<CertificateClass>,
    /// The name checked: the one asked for, else the SNI sent during capture.
    pub expected_name: Option<String>,
    /// `None` when there was no name to check.
    pub name_matches: Option<bool>,
    pub trust: TrustVerdict,
    /// The instant evaluated at (RFC 3339, UTC).
    pub evaluated_at: String,
    pub not_before: String,
    pub not_after: String,
    /// Days left, renewal point, warning state and timeline, as `validity` computes them.
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub validity: Validity,
    /// Every certificate that could be read, in served order (leaf first).
    pub chain: Vec<CertificateDetails>,
    /// Chain members after the leaf that could not be read.
    pub unreadable: Vec<UnreadableCertificate>,
}

impl CertificateVerdict {
    pub fn leaf(&self) -> &CertificateDetails {
        &self.chain[0]
    }

    pub fn has(&self, class: CertificateClass) -> bool {
        self.classes.contains(&class)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "outcome",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TlsAssessment {
    /// The handshake completed but the server presented no certificate.
    EmptyChain {
        sni: Option<String>,
        expected_name: Option<String>,
    },
    /// The leaf is not a certificate we can read; nothing else can be judged.
    UnreadableLeaf {
        sni: Option<String>,
        expected_name: Option<String>,
        leaf: UnreadableCertificate,
    },
    /// The leaf was read and judged.
    Assessed {
        sni: Option<String>,
        verdict: Box<CertificateVerdict>,
    },
}

impl TlsAssessment {
    pub fn verdict(&self) -> Option<&CertificateVerdict> {
        match self {
            Self::Assessed { verdict, .. } => Some(verdict.as_ref()),
            _ => None,
        }
    }
}

/// Judges a captured chain at `now`. `expected_name` is the box's dashed host name; when it is
/// `None` the SNI sent during capture is used, and with neither the name is not judged.
pub fn assess(
    chain: &ServedChain,
    expected_name: Option<&str>,
    now: OffsetDateTime,
    anchors: &TrustAnchors,
) -> TlsAssessment {
    let sni = chain.sni.clone();
    let expected_name = expected_name.or(chain.sni.as_deref()).map(str::to_owned);
    let Some(leaf_der) = chain.certificates.first() else {
        return TlsAssessment::EmptyChain { sni, expected_name };
    };
    let leaf = match inspect(leaf_der) {
        Ok(leaf) => leaf,
        Err(error) => {
            let leaf = UnreadableCertificate {
                position: 0,
                sha256: sha256_hex(leaf_der),
                error,
            };
            return TlsAssessment::UnreadableLeaf {
                sni,
                expected_name,
                leaf,
            };
        }
    };
    let mut details = vec![leaf];
    let mut unreadable = Vec::new();
    for (i, der) in chain.certificates.iter().enumerate().skip(1) {
        match inspect(der) {
            Ok(d) => details.push(d),
            Err(error) => unreadable.push(UnreadableCertificate {
                position: u32::try_from(i).unwrap_or(u32::MAX),
                sha256: sha256_hex(der),
                error,
            }),
        }
    }
    let trust = verify_chain(&chain.certificates, anchors, now);
    let name_matches = expected_name
        .as_deref()
        .map(|name| certificate_matches_name(&details[0], name));
    let classes = classify(&details[0], &trust, name_matches, now);
    let leaf = &details[0];
    let validity = Validity::at(Some(leaf.not_before_time()), leaf.not_after_time(), now);
    TlsAssessment::Assessed {
        sni,
        verdict: Box::new(CertificateVerdict {
            primary: classes[0],
            classes,
            expected_name,
            name_matches,
            trust,
            evaluated_at: rfc3339(now),
            not_before: leaf.not_before.clone(),
            not_after: leaf.not_after.clone(),
            validity,
            chain: details,
            unreadable,
        }),
    }
}

/// Every class that applies to `leaf`, most severe first, never empty.
pub fn classify(
    leaf: &CertificateDetails,
    trust: &TrustVerdict,
    name_matches: Option<bool>,
    now: OffsetDateTime,
) -> Vec<CertificateClass> {
    use CertificateClass as C;
    let (not_before, not_after) = (leaf.not_before_time(), leaf.not_after_time());
    let expired = now > not_after;
    let not_yet_valid = now < not_before;
    let mut classes = Vec::new();
    // A self-signed certificate an anchor vouches for was put there on purpose (a lab CA used
    // directly); only an unvouched one is the box's stand-in.
    if leaf.is_placeholder_cn() || (leaf.self_signed && !trust.trusted) {
        classes.push(C::Temporary);
    }
    if expired {
        classes.push(C::Expired);
    }
    if not_yet_valid {
        classes.push(C::NotYetValid);
    }
    // A time-only failure already shows as expired / not yet valid when it is the leaf's own;
    // an expired intermediate under a valid leaf still makes the chain untrusted.
    let explained_by_leaf_dates = match trust.reason {
        Some(r) if r.is_time() => expired || not_yet_valid,
        _ => false,
    };
    if !trust.trusted && !explained_by_leaf_dates {
        classes.push(C::Untrusted);
    }
    if name_matches == Some(false) {
        classes.push(C::NameMismatch);
    }
    let validity = Validity::at(Some(not_before), not_after, now);
    if validity.state == ValidityState::RenewalDue {
        classes.push(C::RenewalDue);
    }
    if classes.is_empty() {
        classes.push(C::Valid);
    }
    classes.sort();
    classes
}
