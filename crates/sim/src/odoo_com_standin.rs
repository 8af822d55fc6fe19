//! A stand-in for www.odoo.com:443 on loopback, for the laptop's own odoo.com check. It serves
//! a `www.odoo.com` certificate signed by its own "public" CA (a test trusts that CA, as a
//! laptop trusts odoo.com's real one) or, intercepting like a shop's TLS inspection, one signed
//! by a web filter's CA that nobody trusts; a request gets odoo.com's JSON-RPC answer, or the
//! filter's 403 block page (docs/protocol/status-reads.md, "A web filter in front of
//! odoo.com"). Binds loopback only, like every listener of the simulator.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use crate::certs::TestCa;
use crate::server::bind;
use crate::SimError;

/// The name the stand-in answers for.
pub const ODOO_COM_HOST: &str = "www.odoo.com";
/// The CN of the intercepting filter's CA, as a shop's firewall would name its own.
pub const FILTER_CA_CN: &str = "Shop Web Filter SSL Inspection CA";
const PUBLIC_CA_CN: &str = "iot-box-sim Public CA stand-in (NOT TRUSTED)";

pub struct OdooComStandIn {
    addr: SocketAddr,
    public_ca_pem: String,
    task: JoinHandle<()>,
}

impl OdooComStandIn {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The stand-in's "public" CA: trust it to play a laptop that trusts odoo.com.
    pub fn public_ca_pem(&self) -> &str {
        &self.public_ca_pem
    }
}

impl Drop for OdooComStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the stand-in on `addr` (loopback; port 0 picks one). `intercept`: a web filter with
/// TLS inspection answers instead of odoo.com.
pub async fn spawn_odoo_com(addr: SocketAddr, intercept: bool) -> Result<OdooComStandIn, SimError> {
    let public = TestCa::generate_named(PUBLIC_CA_CN)?;
    let filter = intercept
        .then(|| TestCa::generate_named(FILTER_CA_CN))
        .transpose()?;
    let signer = filter.as_ref().unwrap_or(&public);
    let leaf = signer.issue_for(ODOO_COM_HOST, &[ODOO_COM_HOST, "odoo.com"])?;
    let config = crate::tls::server_config(&leaf)?;
    let listener = bind(addr)?;
    let addr = listener.local_addr()?;
    let acceptor = TlsAcceptor::from(config);
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 8192];
                let _ = tls.read(&mut buf).await;
                let (status, body) = if intercept {
                    (
                        "403 Forbidden",
                        "<html><body><h1>Access denied by the web filter</h1></body></html>",
                    )
                } else {
                    (
                        "200 OK",
                        r#"{"jsonrpc": "2.0", "id": null, "result": {"error": "stand-in"}}"#,
                    )
                };
                let answer = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Ok(OdooComStandIn {
        addr,
        public_ca_pem: public.pem().to_owned(),
        task,
    })
}
