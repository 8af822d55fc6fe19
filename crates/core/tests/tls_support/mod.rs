//! Certificates for the TLS tests, made with rcgen and dated around one pinned instant so no
//! verdict depends on the wall clock.

#![allow(dead_code)]

use iot_https_core::tls::{ServedChain, TrustAnchors};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair, KeyUsagePurpose,
    SignatureAlgorithm,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// Every verdict in the TLS tests is taken at this instant.
pub const PINNED: OffsetDateTime = datetime!(2026-06-01 12:00:00 UTC);

pub const HASH_DOMAIN: &str = "d73e7513.odoo-iot.com";
pub const WILDCARD: &str = "*.d73e7513.odoo-iot.com";
/// What Odoo's DNS would give the box at 192.168.1.50 (never contacted: names only).
pub const BOX_NAME: &str = "192-168-1-50.d73e7513.odoo-iot.com";

pub struct Issued {
    pub cert: rcgen::Certificate,
    pub key: KeyPair,
}

impl Issued {
    pub fn der(&self) -> Vec<u8> {
        self.cert.der().to_vec()
    }

    pub fn pem(&self) -> String {
        self.cert.pem()
    }
}

pub fn days(n: i64) -> Duration {
    Duration::days(n)
}

fn name(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    dn
}

fn params(
    cn: &str,
    sans: &[&str],
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> CertificateParams {
    let mut p = CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .expect("SANs");
    p.distinguished_name = name(cn);
    p.not_before = not_before;
    p.not_after = not_after;
    p
}

/// A root CA valid long before and after the pinned instant.
pub fn ca(cn: &str) -> Issued {
    ca_valid(cn, PINNED - days(365), PINNED + days(3650))
}

pub fn ca_valid(cn: &str, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Issued {
    let mut p = params(cn, &[], not_before, not_after);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().expect("key");
    let cert = p.self_signed(&key).expect("CA");
    Issued { cert, key }
}

/// An intermediate CA signed by `issuer`.
pub fn intermediate(
    issuer: &Issued,
    cn: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Issued {
    let mut p = params(cn, &[], not_before, not_after);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().expect("key");
    let cert = p
        .signed_by(&key, &issuer.cert, &issuer.key)
        .expect("intermediate");
    Issued { cert, key }
}

pub fn leaf(
    issuer: &Issued,
    cn: &str,
    sans: &[&str],
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Issued {
    leaf_with(
        issuer,
        cn,
        sans,
        not_before,
        not_after,
        &rcgen::PKCS_ECDSA_P256_SHA256,
        None,
    )
}

pub fn leaf_with(
    issuer: &Issued,
    cn: &str,
    sans: &[&str],
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    alg: &'static SignatureAlgorithm,
    serial: Option<&[u8]>,
) -> Issued {
    let mut p = params(cn, sans, not_before, not_after);
    p.serial_number = serial.map(rcgen::SerialNumber::from_slice);
    let key = KeyPair::generate_for(alg).expect("key");
    let cert = p.signed_by(&key, &issuer.cert, &issuer.key).expect("leaf");
    Issued { cert, key }
}

/// The box's real certificate: the wildcard and the bare hash domain, as seen in the field.
pub fn box_leaf(issuer: &Issued, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Issued {
    leaf(
        issuer,
        WILDCARD,
        &[WILDCARD, HASH_DOMAIN],
        not_before,
        not_after,
    )
}

/// A self-signed end-entity certificate (not a CA), like the box's placeholder.
pub fn self_signed(
    cn: &str,
    sans: &[&str],
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Issued {
    let key = KeyPair::generate().expect("key");
    let cert = params(cn, sans, not_before, not_after)
        .self_signed(&key)
        .expect("self-signed");
    Issued { cert, key }
}

pub fn served(certs: &[&Issued], sni: Option<&str>) -> ServedChain {
    ServedChain {
        certificates: certs.iter().map(|c| c.der()).collect(),
        sni: sni.map(str::to_owned),
    }
}

/// Only `ca` is trusted: no public root can make a test pass by accident.
pub fn only(ca: &Issued) -> TrustAnchors {
    TrustAnchors::extra_only()
        .with_pem(&ca.pem())
        .expect("test CA is an anchor")
}
