//! `CertificateSection::standing`: the one rule for which certificate verdict stands for the box.

use time::OffsetDateTime;

use super::CertificateSection;
use crate::tls::{assess, ServedChain, TlsAssessment, TrustAnchors};

fn assessed(name: &str) -> TlsAssessment {
    let cert = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
    let chain = ServedChain {
        certificates: vec![cert.cert.der().to_vec()],
        sni: Some(name.to_owned()),
    };
    let anchors = TrustAnchors::mozilla();
    let judged = assess(&chain, Some(name), OffsetDateTime::now_utc(), &anchors);
    assert!(judged.verdict().is_some(), "the test certificate is judged");
    judged
}

fn unjudged() -> TlsAssessment {
    TlsAssessment::EmptyChain {
        sni: None,
        expected_name: None,
    }
}

fn section(by_ip: Option<TlsAssessment>, by_name: Option<TlsAssessment>) -> CertificateSection {
    CertificateSection {
        https: "127.0.0.5:443".into(),
        expected_name: None,
        by_ip,
        by_name,
        error: None,
    }
}

fn standing_name(s: &CertificateSection) -> Option<String> {
    s.standing().and_then(|v| v.expected_name.clone())
}

#[test]
fn the_certificate_at_the_ip_stands_for_the_box_when_it_was_judged() {
    let s = section(Some(assessed("ip.example")), Some(assessed("name.example")));
    assert_eq!(standing_name(&s).as_deref(), Some("ip.example"));
}

#[test]
fn the_certificate_at_the_name_stands_when_the_ip_could_not_be_judged() {
    let s = section(Some(unjudged()), Some(assessed("name.example")));
    assert_eq!(standing_name(&s).as_deref(), Some("name.example"));
    let s = section(None, Some(assessed("name.example")));
    assert_eq!(standing_name(&s).as_deref(), Some("name.example"));
}

#[test]
fn no_judged_certificate_means_no_verdict() {
    assert!(section(Some(unjudged()), None).standing().is_none());
    assert!(section(None, None).standing().is_none());
}
