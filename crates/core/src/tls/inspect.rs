//! Reads one DER certificate into plain, displayable facts. Parsing is strict (no trailing
//! bytes, a size cap, well-formed SANs) because the bytes come from whatever answers on port
//! 443: hostile input must end in a typed error, never a panic or a partial answer.

use std::net::IpAddr;

use serde::Serialize;
use time::OffsetDateTime;
use x509_parser::error::X509Error;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};

use super::algorithms::{public_key_info, signature_name, PublicKeyInfo};
use super::sha256_hex;
use crate::box_api::certificate::rfc3339;

/// A box certificate is 1–2 KiB and a long chain member rarely passes 4 KiB; anything past
/// this cap is not a certificate a box serves, so we refuse it before parsing.
pub const MAX_CERTIFICATE_DER: usize = 64 * 1024;

/// The placeholder CN Odoo boxes serve until odoo.com issues a real certificate (odoo-iot-protocol.md §4.4).
pub const PLACEHOLDER_CN: &str = "OdooTempIoTBoxCertificate";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum InspectError {
    #[error("no certificate bytes")]
    Empty,
    #[error("{len} bytes is more than any real certificate (limit {limit})")]
    TooLarge { len: u32, limit: u32 },
    #[error("the certificate is cut short")]
    Truncated,
    #[error("{extra} unexpected bytes follow the certificate")]
    TrailingData { extra: u32 },
    #[error("not a well-formed X.509 certificate: {detail}")]
    Malformed { detail: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CertificateDetails {
    /// Full distinguished name, e.g. `CN=*.d73e7513.odoo-iot.com`.
    pub subject: String,
    pub subject_cn: Option<String>,
    pub issuer: String,
    pub issuer_cn: Option<String>,
    /// DNS names from the subjectAltName extension, as written (wildcards kept).
    pub dns_names: Vec<String>,
    /// IP addresses from the subjectAltName extension.
    pub ip_addresses: Vec<String>,
    /// Lower-case hex bytes separated by colons, as `openssl x509 -serial` groups them.
    pub serial: String,
    pub public_key: PublicKeyInfo,
    /// e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA256", "Ed25519".
    pub signature_algorithm: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    /// RFC 3339, UTC.
    pub not_after: String,
    /// Issuer DN equals subject DN.
    pub self_issued: bool,
    /// Self-issued and the signature verifies with the certificate's own key (or uses an
    /// algorithm we cannot check, in which case the equal names decide).
    pub self_signed: bool,
    /// basicConstraints says CA.
    pub is_ca: bool,
    /// SHA-256 of the DER, lower-case hex without separators (same as `tls::sha256_hex`).
    pub sha256: String,
    /// The validity window as instants, for classification; the strings above are for display.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub(crate) validity: (OffsetDateTime, OffsetDateTime),
}

impl CertificateDetails {
    pub fn not_before_time(&self) -> OffsetDateTime {
        self.validity.0
    }

    pub fn not_after_time(&self) -> OffsetDateTime {
        self.validity.1
    }

    /// The box's own placeholder, recognised by its CN (odoo-iot-protocol.md §4.1, §4.4).
    pub fn is_placeholder_cn(&self) -> bool {
        self.subject_cn.as_deref() == Some(PLACEHOLDER_CN)
    }
}

/// Parses one DER certificate strictly and returns what a technician needs to see.
pub fn inspect(der: &[u8]) -> Result<CertificateDetails, InspectError> {
    if der.is_empty() {
        return Err(InspectError::Empty);
    }
    if der.len() > MAX_CERTIFICATE_DER {
        return Err(InspectError::TooLarge {
            len: clamp_u32(der.len()),
            limit: MAX_CERTIFICATE_DER as u32,
        });
    }
    check_outer_length(der)?;
    let (rest, cert) = X509Certificate::from_der(der).map_err(parse_error)?;
    if !rest.is_empty() {
        return Err(InspectError::TrailingData {
            extra: clamp_u32(rest.len()),
        });
    }
    let (dns_names, ip_addresses) = subject_alt_names(&cert)?;
    let is_ca = cert
        .basic_constraints()
        .map_err(|e| malformed(format!("basicConstraints: {e}")))?
        .is_some_and(|bc| bc.value.ca);
    let self_issued = cert.issuer().as_raw() == cert.subject().as_raw();
    // Only a failed check with the own key rules self-signing out: an algorithm ring cannot
    // verify (e.g. an old placeholder) leaves the equal names as the evidence.
    let self_signed = self_issued
        && !matches!(
            cert.verify_signature(None),
            Err(X509Error::SignatureVerificationError)
        );
    let not_before = cert.validity().not_before.to_datetime();
    let not_after = cert.validity().not_after.to_datetime();
    Ok(CertificateDetails {
        subject: cert.subject().to_string(),
        subject_cn: common_name(cert.subject()),
        issuer: cert.issuer().to_string(),
        issuer_cn: common_name(cert.issuer()),
        dns_names,
        ip_addresses,
        serial: cert.raw_serial_as_string(),
        public_key: public_key_info(&cert),
        signature_algorithm: signature_name(&cert.signature_algorithm.algorithm),
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        self_issued,
        self_signed,
        is_ca,
        sha256: sha256_hex(der),
        validity: (not_before, not_after),
    })
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn malformed(detail: impl Into<String>) -> InspectError {
    InspectError::Malformed {
        detail: detail.into(),
    }
}

/// Reads the outer SEQUENCE header so a cut-off certificate is reported as truncated: the
/// parser itself only sees "end of input" somewhere deep inside and cannot tell.
fn check_outer_length(der: &[u8]) -> Result<(), InspectError> {
    if der[0] != 0x30 {
        return Err(malformed("does not start with a DER SEQUENCE"));
    }
    let Some(&first) = der.get(1) else {
        return Err(InspectError::Truncated);
    };
    let (header, content) = match first {
        n if n < 0x80 => (2, usize::from(n)),
        // Long form with 1–4 length bytes; anything longer cannot fit under the size cap.
        n @ 0x81..=0x84 => {
            let count = usize::from(n & 0x7f);
            let bytes = der.get(2..2 + count).ok_or(InspectError::Truncated)?;
            (
                2 + count,
                bytes
                    .iter()
                    .fold(0usize, |acc, b| (acc << 8) | usize::from(*b)),
            )
        }
        _ => return Err(malformed("unsupported DER length encoding")),
    };
    match header.saturating_add(content).cmp(&der.len()) {
        std::cmp::Ordering::Greater => Err(InspectError::Truncated),
        std::cmp::Ordering::Less => Err(InspectError::TrailingData {
            extra: clamp_u32(der.len() - header - content),
        }),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

fn parse_error(err: x509_parser::nom::Err<X509Error>) -> InspectError {
    use x509_parser::der_parser::error::BerError;
    match err {
        x509_parser::nom::Err::Incomplete(_) => InspectError::Truncated,
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => match e {
            X509Error::Der(BerError::Incomplete(_)) => InspectError::Truncated,
            other => malformed(other.to_string()),
        },
    }
}

fn common_name(name: &X509Name<'_>) -> Option<String> {
    name.iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_owned)
}

fn subject_alt_names(
    cert: &X509Certificate<'_>,
) -> Result<(Vec<String>, Vec<String>), InspectError> {
    let mut dns = Vec::new();
    let mut ips = Vec::new();
    let san = cert
        .subject_alternative_name()
        .map_err(|e| malformed(format!("subjectAltName: {e}")))?;
    for name in san.iter().flat_map(|ext| ext.value.general_names.iter()) {
        match name {
            GeneralName::DNSName(n) => dns.push((*n).to_owned()),
            GeneralName::IPAddress(bytes) => ips.push(ip_string(bytes)?),
            // URIs, e-mail addresses and directory names play no part in HTTPS name matching.
            _ => {}
        }
    }
    Ok((dns, ips))
}

fn ip_string(bytes: &[u8]) -> Result<String, InspectError> {
    let ip = match bytes.len() {
        4 => IpAddr::from(<[u8; 4]>::try_from(bytes).expect("length checked")),
        16 => IpAddr::from(<[u8; 16]>::try_from(bytes).expect("length checked")),
        n => {
            return Err(malformed(format!(
                "subjectAltName holds a {n}-byte IP address"
            )))
        }
    };
    Ok(ip.to_string())
}
