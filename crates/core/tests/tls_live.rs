//! Capture from a real TLS server on loopback, then judge what was captured: the path the app
//! takes against a box, with the simulator's kind of chain (leaf → local test CA).

mod tls_support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::tls::{
    assess, capture_chain, CertificateClass, CertificateVerdict, ServedChain, TlsAssessment,
    TrustAnchors, UntrustedReason,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tls_support::*;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

const LOOPBACK_BOX: &str = "127-0-0-1.d73e7513.odoo-iot.com";

/// Serves `chain` (leaf first) until the test ends; each connection is held until the client
/// closes, as nginx on a box would.
async fn serve(chain: Vec<Vec<u8>>, key: &rcgen::KeyPair) -> SocketAddr {
    let certs: Vec<CertificateDer<'static>> = chain.into_iter().map(CertificateDer::from).collect();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(tcp).await {
                    let mut buf = [0u8; 64];
                    let _ = tokio::time::timeout(Duration::from_secs(5), tls.read(&mut buf)).await;
                }
            });
        }
    });
    addr
}

async fn capture(addr: SocketAddr, sni: Option<&str>) -> ServedChain {
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    capture_chain(addr, sni, &policy, Duration::from_secs(5))
        .await
        .expect("capture")
}

fn verdict(a: TlsAssessment) -> CertificateVerdict {
    match a {
        TlsAssessment::Assessed { verdict, .. } => *verdict,
        other => panic!("expected a verdict, got {other:?}"),
    }
}

#[tokio::test]
async fn captured_by_name_and_by_ip_then_judged_with_and_without_the_test_ca() {
    let ca = ca("Simulated odoo.com CA");
    let leaf = box_leaf(&ca, PINNED - days(30), PINNED + days(60));
    let addr = serve(vec![leaf.der(), ca.der()], &leaf.key).await;

    let by_name = capture(addr, Some(LOOPBACK_BOX)).await;
    assert_eq!(by_name.sni.as_deref(), Some(LOOPBACK_BOX));
    assert_eq!(
        by_name.certificates,
        vec![leaf.der(), ca.der()],
        "the chain as served, leaf first"
    );
    let by_ip = capture(addr, None).await;
    assert_eq!(by_ip.sni, None);
    assert_eq!(by_ip.certificates, by_name.certificates);

    let with_ca = TrustAnchors::mozilla().with_pem(&ca.pem()).unwrap();
    let v = verdict(assess(&by_name, None, PINNED, &with_ca));
    assert_eq!(v.classes, vec![CertificateClass::Valid]);
    assert_eq!(
        (v.name_matches, v.expected_name.as_deref()),
        (Some(true), Some(LOOPBACK_BOX))
    );
    let v = verdict(assess(&by_ip, Some(LOOPBACK_BOX), PINNED, &with_ca));
    assert_eq!(v.classes, vec![CertificateClass::Valid]);
    assert!(v.trust.trusted && v.name_matches == Some(true));

    // Mozilla roots alone do not know the simulator's CA.
    let v = verdict(assess(&by_name, None, PINNED, &TrustAnchors::mozilla()));
    assert_eq!(v.classes, vec![CertificateClass::Untrusted]);
    assert_eq!(v.trust.reason, Some(UntrustedReason::UnknownIssuer));
    assert_eq!(
        v.name_matches,
        Some(true),
        "the name check does not depend on trust"
    );
}

#[tokio::test]
async fn a_served_placeholder_is_captured_and_called_temporary() {
    let ph = self_signed(
        "OdooTempIoTBoxCertificate",
        &[],
        PINNED - days(1),
        PINNED + days(3650),
    );
    let addr = serve(vec![ph.der()], &ph.key).await;
    let chain = capture(addr, Some(LOOPBACK_BOX)).await;
    let v = verdict(assess(&chain, None, PINNED, &TrustAnchors::mozilla()));
    assert_eq!(v.primary, CertificateClass::Temporary);
    assert_eq!(v.leaf().sha256, chain.leaf_fingerprint().unwrap());
}
