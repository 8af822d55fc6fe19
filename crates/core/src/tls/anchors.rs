//! The roots a served chain may lead to. By default the Mozilla set (what a browser on the
//! POS trusts, and what issues the box's real certificate); extra anchors are added for the
//! simulator's local test CA, and tests can drop the Mozilla set so no public root can make a
//! forged chain pass by accident.

use std::path::Path;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, TrustAnchor};

/// A PEM bundle bigger than this is not an anchor file (the whole Mozilla set is ~250 KiB).
const MAX_PEM_FILE: u64 = 4 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    #[error("no certificate in {source_name}")]
    NoCertificate { source_name: String },
    #[error("could not read {source_name} as PEM: {detail}")]
    Pem { source_name: String, detail: String },
    #[error("a certificate in {source_name} cannot be a trust anchor: {detail}")]
    NotAnAnchor { source_name: String, detail: String },
    #[error("could not read {path}: {detail}")]
    Io { path: String, detail: String },
}

#[derive(Debug, Clone)]
pub struct TrustAnchors {
    includes_mozilla: bool,
    extra_count: usize,
    /// Mozilla roots (borrowed, static) followed by the extra anchors (owned).
    anchors: Vec<TrustAnchor<'static>>,
}

impl Default for TrustAnchors {
    fn default() -> Self {
        Self::mozilla()
    }
}

impl TrustAnchors {
    /// The Mozilla root set shipped with the binary (webpki-roots).
    pub fn mozilla() -> Self {
        Self {
            includes_mozilla: true,
            extra_count: 0,
            anchors: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }
    }

    /// No anchors at all until some are added: for tests and for a closed lab CA.
    pub fn extra_only() -> Self {
        Self {
            includes_mozilla: false,
            extra_count: 0,
            anchors: Vec::new(),
        }
    }

    pub fn includes_mozilla(&self) -> bool {
        self.includes_mozilla
    }

    pub fn extra_count(&self) -> usize {
        self.extra_count
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    pub(crate) fn as_slice(&self) -> &[TrustAnchor<'static>] {
        &self.anchors
    }

    /// Adds one DER certificate as an anchor.
    pub fn add_der(&mut self, der: &[u8]) -> Result<(), AnchorError> {
        self.add_cert(&CertificateDer::from(der), "DER input")
    }

    /// Adds every `CERTIFICATE` block of a PEM text (other blocks, such as keys, are skipped).
    /// Returns how many were added; none at all is an error, since a silent no-op would leave
    /// the caller believing the CA is trusted.
    pub fn add_pem(&mut self, pem: &str) -> Result<usize, AnchorError> {
        self.add_pem_from(pem.as_bytes(), "PEM text")
    }

    pub fn add_pem_file(&mut self, path: &Path) -> Result<usize, AnchorError> {
        let io = |e: std::io::Error| AnchorError::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        let len = std::fs::metadata(path).map_err(io)?.len();
        if len > MAX_PEM_FILE {
            return Err(AnchorError::Io {
                path: path.display().to_string(),
                detail: format!("{len} bytes is too large for a PEM anchor file"),
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        self.add_pem_from(&bytes, &path.display().to_string())
    }

    /// Builder form of [`Self::add_pem`].
    pub fn with_pem(mut self, pem: &str) -> Result<Self, AnchorError> {
        self.add_pem(pem)?;
        Ok(self)
    }

    fn add_pem_from(&mut self, pem: &[u8], source_name: &str) -> Result<usize, AnchorError> {
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| AnchorError::Pem {
                source_name: source_name.into(),
                detail: e.to_string(),
            })?;
            self.add_cert(&cert, source_name)?;
            added += 1;
        }
        if added == 0 {
            return Err(AnchorError::NoCertificate {
                source_name: source_name.into(),
            });
        }
        Ok(added)
    }

    fn add_cert(
        &mut self,
        cert: &CertificateDer<'_>,
        source_name: &str,
    ) -> Result<(), AnchorError> {
        let anchor =
            webpki::anchor_from_trusted_cert(cert).map_err(|e| AnchorError::NotAnAnchor {
                source_name: source_name.into(),
                detail: e.to_string(),
            })?;
        self.anchors.push(anchor.to_owned());
        self.extra_count += 1;
        Ok(())
    }
}
