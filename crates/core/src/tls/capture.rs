//! Captures the certificate chain a server presents. The handshake accepts any certificate on
//! purpose: a placeholder, expired or mismatched certificate is exactly what we need to see.
//! Nothing is sent over the connection afterwards.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::net::TcpStream;

use crate::error::CoreError;
use crate::net_policy::NetPolicy;

#[derive(Debug, Clone)]
pub struct ServedChain {
    /// DER, leaf first, in the order served.
    pub certificates: Vec<Vec<u8>>,
    /// The server name sent, if any (an IP target sends none).
    pub sni: Option<String>,
}

impl ServedChain {
    /// SHA-256 of the leaf, to notice when the served certificate changes.
    pub fn leaf_fingerprint(&self) -> Option<String> {
        self.certificates.first().map(|der| sha256_hex(der))
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Connects to `target` (policy first), sends `sni` when given, and returns the served chain.
pub async fn capture_chain(
    target: SocketAddr,
    sni: Option<&str>,
    policy: &NetPolicy,
    timeout: Duration,
) -> Result<ServedChain, CoreError> {
    policy.check(target.ip())?;
    let work = async {
        let tcp = TcpStream::connect(target)
            .await
            .map_err(|e| CoreError::TlsUnreachable {
                target: target.to_string(),
                detail: e.to_string(),
            })?;
        let server_name = match sni {
            Some(name) => {
                ServerName::try_from(name.to_owned()).map_err(|_| CoreError::InvalidAddress {
                    input: name.to_owned(),
                    problem: crate::address_problem::AddressProblem::ServerName,
                })?
            }
            None => ServerName::IpAddress(target.ip().into()),
        };
        let connector = tokio_rustls::TlsConnector::from(Arc::new(capture_config()));
        let stream =
            connector
                .connect(server_name, tcp)
                .await
                .map_err(|e| CoreError::TlsHandshake {
                    target: target.to_string(),
                    detail: e.to_string(),
                })?;
        let certificates = stream
            .get_ref()
            .1
            .peer_certificates()
            .map(|certs| certs.iter().map(|c| c.as_ref().to_vec()).collect())
            .unwrap_or_default();
        Ok(ServedChain {
            certificates,
            sni: sni.map(str::to_owned),
        })
    };
    tokio::time::timeout(timeout, work)
        .await
        .unwrap_or_else(|_| {
            Err(CoreError::Timeout {
                target: target.to_string(),
                path: "TLS handshake".into(),
                after_ms: timeout.as_millis() as u64,
            })
        })
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn capture_config() -> rustls::ClientConfig {
    let provider = provider();
    rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
        .with_no_client_auth()
}

/// Accepts any certificate but still checks the handshake signatures, so the captured chain is
/// the one the server holds the key for.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
