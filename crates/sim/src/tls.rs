//! rustls server configuration for the nginx-like HTTPS port (odoo-iot-protocol.md §2.1 port 443).

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::ServerConfig;

use crate::certs::ServedCert;
use crate::SimError;

/// A config serving exactly `cert` (leaf only, like a box whose nginx has the leaf file).
/// Built per connection from the current certificate, so a new download shows at once.
pub fn server_config(cert: &ServedCert) -> Result<Arc<ServerConfig>, SimError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = vec![CertificateDer::from(cert.cert_der.clone())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_der.clone()));
    let mut cfg = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SimError::Cert(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| SimError::Cert(e.to_string()))?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(cfg))
}
