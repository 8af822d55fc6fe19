//! `box_facts::clock_explains`: what the box's clock running ahead explains, per family,
//! platform and served certificate (docs/protocol/certificate-states.md "The box's clock").

use time::OffsetDateTime;

use super::box_facts::clock_explains;
use crate::box_api::{
    ApiFamily, BoxCertificate, BoxReport, BoxStatus, Credentials, OsFlavour, Pairing,
    RawCertificate,
};
use crate::findings::EvidenceKind as E;
use crate::tls::{assess, ServedChain, TlsAssessment, TrustAnchors};

const NAME: &str = "192-168-1-50.abc123.odoo-iot.com";

fn report(family: ApiFamily, flavour: OsFlavour, state: BoxCertificate) -> BoxReport {
    let status = BoxStatus {
        address: "127.0.0.1:8069".into(),
        family,
        flavour,
        version: None,
        ip: Some("192.168.1.50".into()),
        hostname: None,
        identifier: None,
        mac: None,
        pairing: Pairing::Paired {
            server: "https://shop.example".into(),
        },
        new_database_url: None,
        access_point: false,
        credentials: Credentials {
            db_uuid: Some("uuid".into()),
            enterprise_code_present: true,
        },
        certificate: RawCertificate::Absent,
        box_date: None,
        odoo_uptime_seconds: None,
        anomalies: Vec::new(),
    };
    BoxReport::of(status, state)
}

/// A leaf for `NAME` signed by a CA the laptop trusts, in its dates: a good served certificate.
fn good() -> TlsAssessment {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec![NAME.to_owned()])
        .unwrap()
        .signed_by(&key, &ca_cert, &ca_key)
        .unwrap();
    let chain = ServedChain {
        certificates: vec![leaf.der().to_vec()],
        sni: Some(NAME.to_owned()),
    };
    let anchors = TrustAnchors::extra_only().with_pem(&ca_cert.pem()).unwrap();
    assess(&chain, Some(NAME), OffsetDateTime::now_utc(), &anchors)
}

/// A self-signed leaf: judged, and not good.
fn bad() -> TlsAssessment {
    let cert = rcgen::generate_simple_self_signed(vec![NAME.to_owned()]).unwrap();
    let chain = ServedChain {
        certificates: vec![cert.cert.der().to_vec()],
        sni: Some(NAME.to_owned()),
    };
    assess(
        &chain,
        Some(NAME),
        OffsetDateTime::now_utc(),
        &TrustAnchors::mozilla(),
    )
}

#[test]
fn a_windows_box_before_18_3_that_generated_restarts_at_each_read_whatever_the_probe_met() {
    let good = good();
    assert!(super::box_facts::served_good(Some(&good)), "{good:?}");
    for family in [ApiFamily::LegacyHtml, ApiFamily::HwPosboxStatus] {
        let windows = report(family, OsFlavour::Windows, BoxCertificate::Generated);
        // The HTTPS probe met the restart our read caused (no served certificate), or it
        // caught the good one: the box's own answer decides.
        for served in [None, Some(&good)] {
            assert_eq!(
                clock_explains(&windows, served, true),
                Some(E::BoxClockRestartsEachRead),
                "{family}"
            );
        }
        // A served certificate known to be bad keeps its own findings: the clock explains
        // nothing then.
        assert_eq!(clock_explains(&windows, Some(&bad()), true), None);
        // The clock right: nothing to explain.
        assert_eq!(clock_explains(&windows, None, false), None);
        // A Pi of these versions reloads nginx, it does not restart: as before.
        let pi = report(family, OsFlavour::Linux, BoxCertificate::Generated);
        assert_eq!(clock_explains(&pi, None, true), None);
        assert_eq!(
            clock_explains(&pi, Some(&good), true),
            Some(E::BoxClockRenewsEachRead)
        );
    }
    // 18.3+ report no certificate and restart only after `ensure_validity()`: as before.
    for family in [ApiFamily::HwPosboxEndDate, ApiFamily::IotDrivers] {
        let none = report(
            family,
            OsFlavour::Windows,
            BoxCertificate::NoValidCertificate,
        );
        assert_eq!(clock_explains(&none, None, true), None);
        assert_eq!(
            clock_explains(&none, Some(&good), true),
            Some(E::BoxClockSeesRenewal)
        );
    }
}
