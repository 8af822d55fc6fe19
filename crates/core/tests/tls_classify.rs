//! Every certificate class, made with rcgen and judged at one pinned instant.

mod tls_support;

use iot_https_core::tls::{
    assess, verify_chain, CertificateClass as C, CertificateVerdict, InspectError, ServedChain,
    TlsAssessment, TrustAnchors, UntrustedReason,
};
use tls_support::*;

fn verdict(
    chain: &ServedChain,
    expected: Option<&str>,
    anchors: &TrustAnchors,
) -> CertificateVerdict {
    match assess(chain, expected, PINNED, anchors) {
        TlsAssessment::Assessed { verdict, .. } => *verdict,
        other => panic!("expected a verdict, got {other:?}"),
    }
}

#[test]
fn valid_chain_leaf_to_ca_with_the_box_wildcard() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED - days(30), PINNED + days(60));
    let v = verdict(&served(&[&leaf, &ca], None), Some(BOX_NAME), &only(&ca));
    assert_eq!(v.primary, C::Valid);
    assert_eq!(v.classes, vec![C::Valid]);
    assert!(v.trust.trusted, "{:?}", v.trust);
    assert_eq!(v.trust.reason, None);
    assert_eq!(v.name_matches, Some(true));
    assert_eq!(v.expected_name.as_deref(), Some(BOX_NAME));
    assert_eq!(v.validity.days_left, 60);
    assert_eq!(v.not_after, "2026-07-31T12:00:00Z");
    assert_eq!(v.validity.renewal_from, "2026-07-21T12:00:00Z");
    assert_eq!(v.evaluated_at, "2026-06-01T12:00:00Z");
    assert_eq!(v.chain.len(), 2);
    assert_eq!(
        v.leaf().dns_names,
        vec![WILDCARD.to_owned(), HASH_DOMAIN.to_owned()]
    );
    assert!(v.chain[1].is_ca && v.chain[1].self_signed);
    // The bare hash domain is covered by its own SAN.
    assert_eq!(
        verdict(&served(&[&leaf, &ca], None), Some(HASH_DOMAIN), &only(&ca)).primary,
        C::Valid
    );
}

#[test]
fn a_leaf_alone_is_enough_when_the_ca_is_an_anchor() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED - days(30), PINNED + days(60));
    assert_eq!(
        verdict(&served(&[&leaf], None), Some(BOX_NAME), &only(&ca)).primary,
        C::Valid
    );
}

#[test]
fn placeholder_cn_is_temporary_first() {
    let ph = self_signed(
        "OdooTempIoTBoxCertificate",
        &[],
        PINNED - days(400),
        PINNED + days(3000),
    );
    let v = verdict(
        &served(&[&ph], None),
        Some(BOX_NAME),
        &TrustAnchors::mozilla(),
    );
    assert_eq!(v.primary, C::Temporary);
    assert_eq!(v.classes, vec![C::Temporary, C::Untrusted, C::NameMismatch]);
    assert_eq!(v.trust.reason, Some(UntrustedReason::UnknownIssuer));
    assert!(v.leaf().self_signed && v.leaf().is_placeholder_cn());
}

#[test]
fn any_unvouched_self_signed_certificate_is_temporary() {
    let ss = self_signed("nginx", &[BOX_NAME], PINNED - days(1), PINNED + days(300));
    let v = verdict(
        &served(&[&ss], None),
        Some(BOX_NAME),
        &TrustAnchors::mozilla(),
    );
    assert_eq!(v.classes, vec![C::Temporary, C::Untrusted]);
    assert_eq!(v.name_matches, Some(true));
    // Vouched for by an anchor (a lab certificate used directly), it is not a stand-in.
    let anchors = only(&ss);
    let v = verdict(&served(&[&ss], None), Some(BOX_NAME), &anchors);
    assert!(v.trust.trusted, "{:?}", v.trust);
    assert_eq!(v.classes, vec![C::Valid]);
}

#[test]
fn expired_is_not_also_called_untrusted_when_only_the_date_is_wrong() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED - days(91), PINNED - days(1));
    let v = verdict(&served(&[&leaf, &ca], None), Some(BOX_NAME), &only(&ca));
    assert_eq!(v.classes, vec![C::Expired]);
    assert!(!v.trust.trusted);
    assert_eq!(v.trust.reason, Some(UntrustedReason::Expired));
    assert_eq!(v.validity.days_left, -1);
}

#[test]
fn expired_from_an_unknown_ca_says_both() {
    let ca = ca("Simulated odoo.com CA");
    let stranger = ca_valid("Stranger CA", PINNED - days(400), PINNED + days(400));
    let leaf = box_leaf(&stranger, PINNED - days(91), PINNED - days(1));
    let v = verdict(
        &served(&[&leaf, &stranger], None),
        Some(BOX_NAME),
        &only(&ca),
    );
    assert_eq!(v.classes, vec![C::Expired, C::Untrusted]);
    assert_eq!(
        v.trust.reason,
        Some(UntrustedReason::UnknownIssuer),
        "the path problem outranks the date"
    );
}

#[test]
fn not_yet_valid() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED + days(1), PINNED + days(91));
    let v = verdict(&served(&[&leaf, &ca], None), Some(BOX_NAME), &only(&ca));
    assert_eq!(v.classes, vec![C::NotYetValid]);
    assert_eq!(v.trust.reason, Some(UntrustedReason::NotYetValid));
    assert_eq!(v.validity.days_left, 91);
}

#[test]
fn renewal_due_from_not_after_minus_ten_days() {
    let ca = ca("Simulated odoo.com CA");
    let anchors = only(&ca);
    let leaf = box_leaf(&ca, PINNED - days(85), PINNED + days(5));
    let v = verdict(&served(&[&leaf, &ca], None), Some(BOX_NAME), &anchors);
    assert_eq!(v.classes, vec![C::RenewalDue]);
    assert!(v.trust.trusted);
    assert_eq!(v.validity.days_left, 5);
    // The window starts exactly at notAfter − 10 days, and one second earlier it is valid.
    let edge = box_leaf(&ca, PINNED - days(80), PINNED + days(10));
    let v = verdict(&served(&[&edge, &ca], None), Some(BOX_NAME), &anchors);
    assert_eq!(v.classes, vec![C::RenewalDue]);
    let before = box_leaf(
        &ca,
        PINNED - days(80),
        PINNED + days(10) + time::Duration::seconds(1),
    );
    let v = verdict(&served(&[&before, &ca], None), Some(BOX_NAME), &anchors);
    assert_eq!(v.classes, vec![C::Valid]);
}

#[test]
fn untrusted_when_signed_by_an_unknown_ca() {
    let ca = ca("Simulated odoo.com CA");
    let stranger = ca_valid("Stranger CA", PINNED - days(400), PINNED + days(400));
    let leaf = box_leaf(&stranger, PINNED - days(30), PINNED + days(60));
    let v = verdict(
        &served(&[&leaf, &stranger], None),
        Some(BOX_NAME),
        &only(&ca),
    );
    assert_eq!(v.classes, vec![C::Untrusted]);
    assert_eq!(v.trust.reason, Some(UntrustedReason::UnknownIssuer));
    assert!(v
        .trust
        .detail
        .as_deref()
        .unwrap_or("")
        .contains("UnknownIssuer"));
    // The Mozilla set does not know the simulator's CA either.
    let v = verdict(
        &served(&[&leaf, &ca], None),
        Some(BOX_NAME),
        &TrustAnchors::mozilla(),
    );
    assert_eq!(v.classes, vec![C::Untrusted]);
}

#[test]
fn an_impostor_ca_with_the_trusted_name_fails_on_the_signature() {
    let genuine = ca("Simulated odoo.com CA");
    let impostor = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&impostor, PINNED - days(30), PINNED + days(60));
    let v = verdict(&served(&[&leaf], None), Some(BOX_NAME), &only(&genuine));
    assert_eq!(v.classes, vec![C::Untrusted]);
    assert_eq!(
        v.trust.reason,
        Some(UntrustedReason::BadSignature),
        "{:?}",
        v.trust
    );
}

#[test]
fn an_expired_intermediate_under_a_valid_leaf_is_untrusted() {
    let root = ca("Root");
    let inter = intermediate(&root, "Intermediate", PINNED - days(300), PINNED - days(2));
    let leaf = box_leaf(&inter, PINNED - days(30), PINNED + days(60));
    let v = verdict(
        &served(&[&leaf, &inter], None),
        Some(BOX_NAME),
        &only(&root),
    );
    assert_eq!(v.classes, vec![C::Untrusted]);
    assert_eq!(v.trust.reason, Some(UntrustedReason::Expired));
    // A missing intermediate is an unknown issuer.
    let v = verdict(&served(&[&leaf], None), Some(BOX_NAME), &only(&root));
    assert_eq!(v.trust.reason, Some(UntrustedReason::UnknownIssuer));
}

#[test]
fn name_mismatch_is_independent_of_trust() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED - days(30), PINNED + days(60));
    let other_box = "192-168-1-50.ffffffff.odoo-iot.com";
    let v = verdict(&served(&[&leaf, &ca], None), Some(other_box), &only(&ca));
    assert_eq!(v.classes, vec![C::NameMismatch]);
    assert!(v.trust.trusted);
    let v = verdict(
        &served(&[&leaf, &ca], None),
        Some(other_box),
        &TrustAnchors::extra_only(),
    );
    assert_eq!(v.classes, vec![C::Untrusted, C::NameMismatch]);
}

#[test]
fn the_sni_is_the_expected_name_when_none_is_given() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED - days(30), PINNED + days(60));
    let v = verdict(
        &served(&[&leaf, &ca], Some("x.ffffffff.odoo-iot.com")),
        None,
        &only(&ca),
    );
    assert_eq!(v.classes, vec![C::NameMismatch]);
    let v = verdict(&served(&[&leaf, &ca], None), None, &only(&ca));
    assert_eq!(
        (v.name_matches, v.expected_name.clone(), v.primary),
        (None, None, C::Valid)
    );
}

#[test]
fn an_ip_is_matched_only_by_an_ip_san() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = leaf(
        &ca,
        "lab box",
        &["192.168.1.50", HASH_DOMAIN],
        PINNED - days(1),
        PINNED + days(60),
    );
    let v = verdict(&served(&[&leaf], None), Some("192.168.1.50"), &only(&ca));
    assert_eq!(v.classes, vec![C::Valid]);
    assert_eq!(v.leaf().ip_addresses, vec!["192.168.1.50".to_owned()]);
    let v = verdict(&served(&[&leaf], None), Some("192.168.1.51"), &only(&ca));
    assert_eq!(v.classes, vec![C::NameMismatch]);
}

#[test]
fn every_class_at_once_is_sorted_by_severity() {
    let ph = self_signed(
        "OdooTempIoTBoxCertificate",
        &[],
        PINNED - days(400),
        PINNED - days(3),
    );
    let v = verdict(
        &served(&[&ph], None),
        Some(BOX_NAME),
        &TrustAnchors::extra_only(),
    );
    assert_eq!(
        v.classes,
        vec![C::Temporary, C::Expired, C::Untrusted, C::NameMismatch]
    );
    assert_eq!(v.primary, C::Temporary);
}

#[test]
fn empty_and_unreadable_chains_are_their_own_outcomes() {
    let empty = ServedChain {
        certificates: vec![],
        sni: Some(BOX_NAME.into()),
    };
    let got = assess(&empty, None, PINNED, &TrustAnchors::mozilla());
    assert_eq!(
        got,
        TlsAssessment::EmptyChain {
            sni: Some(BOX_NAME.into()),
            expected_name: Some(BOX_NAME.into())
        }
    );
    assert!(!verify_chain(&[], &TrustAnchors::mozilla(), PINNED).trusted);

    let junk = ServedChain {
        certificates: vec![b"not a certificate".to_vec()],
        sni: None,
    };
    let TlsAssessment::UnreadableLeaf { leaf, .. } =
        assess(&junk, Some(BOX_NAME), PINNED, &TrustAnchors::mozilla())
    else {
        panic!("junk leaf must be unreadable")
    };
    assert_eq!(leaf.position, 0);
    assert!(
        matches!(leaf.error, InspectError::Malformed { .. }),
        "{:?}",
        leaf.error
    );

    // A junk intermediate is listed, the leaf is still judged.
    let ca = ca("Simulated odoo.com CA");
    let good = box_leaf(&ca, PINNED - days(30), PINNED + days(60));
    let chain = ServedChain {
        certificates: vec![good.der(), vec![0x30, 0x03, 0x02, 0x01]],
        sni: None,
    };
    let v = verdict(&chain, Some(BOX_NAME), &only(&ca));
    assert_eq!(v.unreadable.len(), 1);
    assert_eq!(v.unreadable[0].position, 1);
    assert_eq!(v.chain.len(), 1);
}
