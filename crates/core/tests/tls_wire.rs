//! The shapes the UI and scripts read: camelCase JSON with an `outcome` tag, and the anchor
//! loading that decides which CA the verdict trusts.

mod tls_support;

use iot_https_core::tls::{assess, verify_chain, ServedChain, TrustAnchors};
use tls_support::*;

#[test]
fn the_verdict_serialises_in_camel_case_with_an_outcome_tag() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED - days(85), PINNED + days(5));
    let json = serde_json::to_value(assess(
        &served(&[&leaf, &ca], None),
        Some(BOX_NAME),
        PINNED,
        &only(&ca),
    ))
    .unwrap();
    assert_eq!(json["outcome"], "assessed");
    let v = &json["verdict"];
    assert_eq!(v["primary"], "renewalDue");
    assert_eq!(v["classes"], serde_json::json!(["renewalDue"]));
    assert_eq!(v["nameMatches"], true);
    assert_eq!(v["daysLeft"], 5);
    assert_eq!(v["trust"]["trusted"], true);
    assert_eq!(v["chain"][0]["subjectCn"], WILDCARD);
    assert_eq!(v["chain"][0]["publicKey"]["algorithm"], "ECDSA");
    assert!(v["chain"][0].get("validity").is_none());
    let stranger = ca_valid("Stranger", PINNED - days(1), PINNED + days(1));
    let json = serde_json::to_value(verify_chain(&[leaf.der()], &only(&stranger), PINNED)).unwrap();
    assert_eq!(json["reason"], "unknownIssuer");
    let empty = ServedChain {
        certificates: vec![],
        sni: None,
    };
    let json =
        serde_json::to_value(assess(&empty, None, PINNED, &TrustAnchors::mozilla())).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"outcome": "emptyChain", "sni": null, "expectedName": null})
    );
}

#[test]
fn anchors_refuse_inputs_that_hold_no_certificate() {
    let mut anchors = TrustAnchors::extra_only();
    assert!(anchors.is_empty() && !anchors.includes_mozilla());
    let key_only = rcgen::KeyPair::generate().unwrap().serialize_pem();
    assert!(anchors.add_pem(&key_only).is_err());
    assert!(anchors.add_pem("hello").is_err());
    assert!(anchors.add_der(b"junk").is_err());
    assert!(anchors
        .add_pem_file(std::path::Path::new("/nonexistent/ca.pem"))
        .is_err());
    let ca = ca("Simulated odoo.com CA");
    let stranger = ca_valid("Stranger", PINNED - days(1), PINNED + days(1));
    let bundle = format!("{}{}{}", ca.pem(), key_only, stranger.pem());
    assert_eq!(anchors.add_pem(&bundle).unwrap(), 2);
    assert_eq!(anchors.extra_count(), 2);
    let mozilla = TrustAnchors::default();
    assert!(mozilla.includes_mozilla() && mozilla.extra_count() == 0 && !mozilla.is_empty());
}
