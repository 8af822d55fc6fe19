//! Names for what a certificate's key and signature are, in the words a technician meets in
//! browsers and `openssl x509 -text`: "RSA 2048", "ECDSA P-256", "sha256WithRSAEncryption".

use serde::Serialize;
use x509_parser::objects::{oid2sn, oid_registry};
use x509_parser::oid_registry::{
    Oid, OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_NIST_EC_P384, OID_NIST_EC_P521,
    OID_PKCS1_RSAENCRYPTION, OID_SIG_ED25519,
};
use x509_parser::prelude::X509Certificate;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyInfo {
    /// "RSA", "ECDSA", "Ed25519", or the algorithm's registered name for anything else.
    pub algorithm: String,
    /// Modulus bits for RSA, field size for ECDSA, 256 for Ed25519; `None` when unknown.
    pub bits: Option<u32>,
    /// "P-256", "P-384", "P-521" (or the registered curve name) for ECDSA.
    pub curve: Option<String>,
}

pub(crate) fn public_key_info(cert: &X509Certificate<'_>) -> PublicKeyInfo {
    let spki = cert.public_key();
    let alg = &spki.algorithm.algorithm;
    if *alg == OID_PKCS1_RSAENCRYPTION {
        let bits = match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => rsa_bits(rsa.modulus),
            _ => None,
        };
        return PublicKeyInfo {
            algorithm: "RSA".into(),
            bits,
            curve: None,
        };
    }
    if *alg == OID_KEY_TYPE_EC_PUBLIC_KEY {
        let curve_oid = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.as_oid().ok());
        let (curve, bits) = match curve_oid {
            Some(oid) if oid == OID_EC_P256 => (Some("P-256".to_owned()), Some(256)),
            Some(oid) if oid == OID_NIST_EC_P384 => (Some("P-384".to_owned()), Some(384)),
            Some(oid) if oid == OID_NIST_EC_P521 => (Some("P-521".to_owned()), Some(521)),
            Some(oid) => (
                Some(oid_name(&oid)),
                point_bits(&spki.subject_public_key.data),
            ),
            None => (None, point_bits(&spki.subject_public_key.data)),
        };
        return PublicKeyInfo {
            algorithm: "ECDSA".into(),
            bits,
            curve,
        };
    }
    if *alg == OID_SIG_ED25519 {
        return PublicKeyInfo {
            algorithm: "Ed25519".into(),
            bits: Some(256),
            curve: None,
        };
    }
    PublicKeyInfo {
        algorithm: oid_name(alg),
        bits: None,
        curve: None,
    }
}

/// x509-parser's own `key_size` reports 0 for a modulus without a leading zero byte, so the
/// bit length is counted here from the first significant bit.
fn rsa_bits(modulus: &[u8]) -> Option<u32> {
    let start = modulus.iter().position(|b| *b != 0)?;
    let significant = &modulus[start..];
    let bits = (significant.len() - 1) * 8 + (8 - significant[0].leading_zeros() as usize);
    u32::try_from(bits).ok()
}

/// Field size of an uncompressed (0x04) or compressed (0x02/0x03) point.
fn point_bits(point: &[u8]) -> Option<u32> {
    let bytes = match point.first()? {
        4 => (point.len() - 1) / 2,
        2 | 3 => point.len() - 1,
        _ => return None,
    };
    u32::try_from(bytes * 8).ok().filter(|b| *b > 0)
}

pub(crate) fn signature_name(oid: &Oid<'_>) -> String {
    if *oid == OID_SIG_ED25519 {
        // The registry's short name is lower-case; the algorithm is spelled Ed25519 elsewhere.
        return "Ed25519".into();
    }
    oid_name(oid)
}

fn oid_name(oid: &Oid<'_>) -> String {
    oid2sn(oid, oid_registry())
        .map(str::to_owned)
        .unwrap_or_else(|_| oid.to_id_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_bits_counts_from_the_first_significant_bit() {
        assert_eq!(rsa_bits(&[0x00, 0x80, 0x00]), Some(16));
        assert_eq!(rsa_bits(&[0xC0; 256]), Some(2048));
        assert_eq!(rsa_bits(&[0x01, 0xFF]), Some(9));
        assert_eq!(rsa_bits(&[0, 0]), None);
        assert_eq!(rsa_bits(&[]), None);
    }

    #[test]
    fn point_bits_handles_both_encodings_and_junk() {
        assert_eq!(point_bits(&[4; 65]), Some(256));
        assert_eq!(point_bits(&[2; 33]), Some(256));
        assert_eq!(point_bits(&[4]), None);
        assert_eq!(point_bits(&[9, 1, 2]), None);
        assert_eq!(point_bits(&[]), None);
    }
}
