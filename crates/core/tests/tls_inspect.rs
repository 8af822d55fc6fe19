//! `inspect` on well-formed certificates of each key type, and on hostile bytes: every hostile
//! input ends in a typed error, never a panic.

mod tls_support;

use iot_https_core::tls::{inspect, sha256_hex, InspectError, MAX_CERTIFICATE_DER};
use proptest::prelude::*;
use rcgen::{PKCS_ECDSA_P384_SHA384, PKCS_ED25519};
use tls_support::*;

#[test]
fn details_of_a_box_leaf() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = leaf_with(
        &ca,
        WILDCARD,
        &[WILDCARD, HASH_DOMAIN, "192.168.1.50", "::1"],
        PINNED - days(30),
        PINNED + days(60),
        &rcgen::PKCS_ECDSA_P256_SHA256,
        Some(&[0x0a, 0x1b, 0xc2, 0xff]),
    );
    let der = leaf.der();
    let d = inspect(&der).expect("a good certificate");
    assert_eq!(d.subject, format!("CN={WILDCARD}"));
    assert_eq!(d.subject_cn.as_deref(), Some(WILDCARD));
    assert_eq!(d.issuer, "CN=Simulated odoo.com CA");
    assert_eq!(d.issuer_cn.as_deref(), Some("Simulated odoo.com CA"));
    assert_eq!(
        d.dns_names,
        vec![WILDCARD.to_owned(), HASH_DOMAIN.to_owned()]
    );
    assert_eq!(
        d.ip_addresses,
        vec!["192.168.1.50".to_owned(), "::1".to_owned()]
    );
    assert_eq!(d.serial, "0a:1b:c2:ff");
    assert_eq!(d.public_key.algorithm, "ECDSA");
    assert_eq!(d.public_key.bits, Some(256));
    assert_eq!(d.public_key.curve.as_deref(), Some("P-256"));
    assert_eq!(d.signature_algorithm, "ecdsa-with-SHA256");
    assert_eq!(d.not_before, "2026-05-02T12:00:00Z");
    assert_eq!(d.not_after, "2026-07-31T12:00:00Z");
    assert_eq!(d.not_after_time(), PINNED + days(60));
    assert!(!d.self_issued && !d.self_signed && !d.is_ca);
    assert_eq!(d.sha256, sha256_hex(&der));
    assert_eq!(d.sha256.len(), 64);

    let c = inspect(&ca.der()).unwrap();
    assert!(c.self_issued && c.self_signed && c.is_ca);
    assert!(c.dns_names.is_empty() && c.ip_addresses.is_empty());
}

#[test]
fn other_key_types() {
    let ca = ca("CA");
    let p384 = leaf_with(
        &ca,
        "p384",
        &[HASH_DOMAIN],
        PINNED,
        PINNED + days(1),
        &PKCS_ECDSA_P384_SHA384,
        None,
    );
    let d = inspect(&p384.der()).unwrap();
    assert_eq!(
        (
            d.public_key.algorithm.as_str(),
            d.public_key.bits,
            d.public_key.curve.as_deref()
        ),
        ("ECDSA", Some(384), Some("P-384"))
    );
    // The signature is the CA's (P-256), whatever the leaf's own key.
    assert_eq!(d.signature_algorithm, "ecdsa-with-SHA256");

    let ed = self_signed_with(&PKCS_ED25519);
    let d = inspect(&ed).unwrap();
    assert_eq!(
        (
            d.public_key.algorithm.as_str(),
            d.public_key.bits,
            d.public_key.curve
        ),
        ("Ed25519", Some(256), None)
    );
    assert_eq!(d.signature_algorithm, "Ed25519");
    assert!(d.self_signed, "an Ed25519 self-signature is checked too");
}

fn self_signed_with(alg: &'static rcgen::SignatureAlgorithm) -> Vec<u8> {
    let key = rcgen::KeyPair::generate_for(alg).unwrap();
    let mut p = rcgen::CertificateParams::new(vec![HASH_DOMAIN.to_owned()]).unwrap();
    p.not_before = PINNED;
    p.not_after = PINNED + days(1);
    p.self_signed(&key).unwrap().der().to_vec()
}

#[test]
fn a_forged_self_signature_is_not_self_signed() {
    // Same DN as the CA, but signed by another key: self-issued, not self-signed.
    let real = ca("Twin");
    let twin = ca("Twin");
    let forged = leaf(&twin, "Twin", &[], PINNED, PINNED + days(1));
    let d = inspect(&forged.der()).unwrap();
    assert!(d.self_issued && !d.self_signed);
    assert!(inspect(&real.der()).unwrap().self_signed);
}

#[test]
fn hostile_inputs_give_typed_errors() {
    let good = ca("CA").der();
    assert_eq!(inspect(&[]), Err(InspectError::Empty));
    assert!(matches!(
        inspect(b"\x00\x01\x02garbage\xff\xfe"),
        Err(InspectError::Malformed { .. })
    ));
    assert_eq!(
        inspect(&vec![0u8; 1 << 20]),
        Err(InspectError::TooLarge {
            len: 1 << 20,
            limit: MAX_CERTIFICATE_DER as u32
        })
    );
    for cut in [1, 2, 4, 10, good.len() / 2, good.len() - 1] {
        let err = inspect(&good[..cut]).expect_err("a truncated certificate");
        assert_eq!(err, InspectError::Truncated, "cut at {cut}");
    }
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"extra");
    assert_eq!(
        inspect(&trailing),
        Err(InspectError::TrailingData { extra: 5 })
    );
    // A PEM text is not DER.
    assert!(matches!(
        inspect(ca("CA").pem().as_bytes()),
        Err(InspectError::Malformed { .. })
    ));
    // A SEQUENCE claiming 4 GiB of content.
    assert!(inspect(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00]).is_err());
    // Errors read as sentences (they reach the support report).
    assert_eq!(
        InspectError::Truncated.to_string(),
        "the certificate is cut short"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = inspect(&bytes);
    }

    #[test]
    fn arbitrary_sequences_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        // Start with a plausible SEQUENCE header so the parser gets past the first byte.
        let mut der = vec![0x30, 0x82, (body.len() >> 8) as u8, body.len() as u8];
        der.extend_from_slice(&body);
        let _ = inspect(&der);
    }
}

#[test]
fn mutated_real_certificates_never_panic() {
    // Byte flips inside a real certificate reach the deep parsers (extensions, names, keys).
    let ca = ca("Simulated odoo.com CA");
    let good = box_leaf(&ca, PINNED - days(1), PINNED + days(1)).der();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 3000,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let strategy = proptest::collection::vec((0..good.len(), any::<u8>()), 1..6);
    runner
        .run(&strategy, |flips| {
            let mut der = good.clone();
            for (at, value) in flips {
                der[at] = value;
            }
            let _ = inspect(&der);
            Ok(())
        })
        .unwrap();
}
