//! Test helpers: a raw HTTP/1.1 client (so "connection refused" and dropped connections are
//! visible as such) and a rustls client that returns the served leaf. Loopback only.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const TIMEOUT: Duration = Duration::from_secs(5);

pub fn cfg(family: Family, flavour: Flavour, scenario: Scenario) -> SimConfig {
    SimConfig {
        family,
        flavour,
        scenario,
        restart: Duration::from_millis(400),
        time_scale: 0.005,
        ..SimConfig::demo()
    }
}

pub async fn sim(family: Family, flavour: Flavour, scenario: Scenario) -> SimHandle {
    iot_box_sim::spawn(cfg(family, flavour, scenario))
        .await
        .expect("spawn simulator")
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The `result` of a JSON-RPC envelope.
    pub fn result(&self) -> Value {
        let v = self.json();
        assert_eq!(v["jsonrpc"], "2.0", "{v}");
        v.get("result")
            .cloned()
            .unwrap_or_else(|| panic!("no result: {v}"))
    }
}

pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    ct: Option<&str>,
    body: &[u8],
) -> std::io::Result<Resp> {
    assert!(addr.ip().is_loopback(), "tests only talk to loopback");
    let fut = async {
        let mut s = TcpStream::connect(addr).await?;
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        if let Some(ct) = ct {
            head += &format!("Content-Type: {ct}\r\n");
        }
        head += "\r\n";
        s.write_all(head.as_bytes()).await?;
        s.write_all(body).await?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await?;
        parse(&buf)
    };
    tokio::time::timeout(TIMEOUT, fut)
        .await
        .map_err(|_| std::io::Error::other("timeout"))?
}

fn parse(buf: &[u8]) -> std::io::Result<Resp> {
    let text = String::from_utf8_lossy(buf);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("truncated response: {text:?}")))?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("bad status line"))?;
    let headers = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    Ok(Resp {
        status,
        headers,
        body: body.to_string(),
    })
}

pub async fn get(addr: SocketAddr, path: &str) -> std::io::Result<Resp> {
    request(addr, "GET", path, None, b"").await
}

pub async fn post_json(addr: SocketAddr, path: &str, body: &Value) -> std::io::Result<Resp> {
    request(
        addr,
        "POST",
        path,
        Some("application/json"),
        body.to_string().as_bytes(),
    )
    .await
}

/// Front-end style JSON-RPC call: only `{"params": …}` (odoo-iot-protocol.md §2.3).
pub async fn rpc(addr: SocketAddr, path: &str, params: Value) -> std::io::Result<Resp> {
    post_json(addr, path, &serde_json::json!({ "params": params })).await
}

/// Poll until `f` holds or the deadline passes.
pub async fn wait_for<F, Fut>(what: &str, limit: Duration, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < limit {
        if f().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    panic!("timed out waiting for: {what}");
}

pub async fn is_refused(addr: SocketAddr) -> bool {
    matches!(TcpStream::connect(addr).await, Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused)
}

pub async fn hello_ok(addr: SocketAddr) -> bool {
    matches!(get(addr, "/hw_proxy/hello").await, Ok(r) if r.body == "ping")
}

#[derive(Debug)]
struct AcceptAny(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// TLS handshake; returns the leaf DER. `ca_pem = Some(..)` verifies against that root and the
/// SNI name; `None` accepts anything (to look at the placeholder).
pub async fn tls_leaf(
    addr: SocketAddr,
    sni: &str,
    ca_pem: Option<&str>,
) -> Result<Vec<u8>, String> {
    assert!(addr.ip().is_loopback());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let config = match ca_pem {
        Some(pem) => {
            let mut roots = rustls::RootCertStore::empty();
            for c in CertificateDer::pem_slice_iter(pem.as_bytes()) {
                roots
                    .add(c.map_err(|e| e.to_string())?)
                    .map_err(|e| e.to_string())?;
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        None => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
            .with_no_client_auth(),
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let name = ServerName::try_from(sni.to_string()).map_err(|e| e.to_string())?;
    let fut = async {
        let tcp = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
        let tls = connector
            .connect(name, tcp)
            .await
            .map_err(|e| e.to_string())?;
        let (_, conn) = tls.get_ref();
        let leaf = conn
            .peer_certificates()
            .and_then(|c| c.first())
            .ok_or("no peer certificate")?;
        Ok(leaf.to_vec())
    };
    tokio::time::timeout(TIMEOUT, fut)
        .await
        .map_err(|_| "tls timeout".to_string())?
}

/// (CN, DNS SANs) of a DER certificate.
pub fn cn_and_sans(der: &[u8]) -> (String, Vec<String>) {
    let (_, cert) = x509_parser::parse_x509_certificate(der).expect("parse leaf");
    let cn = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|c| c.as_str().ok())
        .unwrap_or("")
        .to_string();
    let sans = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|ext| {
            ext.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    x509_parser::extensions::GeneralName::DNSName(d) => Some(d.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    (cn, sans)
}

pub fn sni(h: &SimHandle) -> String {
    h.https_hostname()
}
