//! What the device page will try: the box's IP and ports, and its HTTPS name, read from the
//! box (its reported IP) and from the certificate its HTTPS port serves (the wildcard subject),
//! the way the diagnosis computes it. The LNA path (nginx's port 80) exists on a Pi only.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use super::session::CheckTarget;
use crate::address::BoxAddress;
use crate::box_api::{BoxCertificate, BoxClient, BoxReport, OsFlavour};
use crate::dns;
use crate::error::CoreError;
use crate::net_policy::NetPolicy;
use crate::tls::{capture_chain, inspect};

const TLS_DEADLINE: Duration = Duration::from_secs(5);

/// What the caller knows besides the box's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetOptions {
    /// nginx's TLS port (443 on a box).
    pub https_port: u16,
    /// nginx's plain-HTTP port on a Pi (80 on a box; loopback rigs use another).
    pub lna_port: u16,
    /// The HTTPS name the POS uses, when it differs from the computed one.
    pub name: Option<String>,
    /// The database's `iot.box.use_lna`, where known.
    pub use_lna: Option<bool>,
}

impl TargetOptions {
    pub fn new(https_port: u16) -> Self {
        Self {
            https_port,
            lna_port: 80,
            name: None,
            use_lna: None,
        }
    }
}

/// Reads the box and its served certificate. Fails only when the box does not answer at all.
pub async fn discover_target(
    address: &BoxAddress,
    policy: NetPolicy,
    opts: TargetOptions,
) -> Result<(CheckTarget, BoxClient, BoxReport), CoreError> {
    let TargetOptions {
        https_port,
        lna_port,
        name,
        use_lna,
    } = opts;
    let target = address.resolve(&policy).await?;
    let policy = policy.for_target(target.ip());
    let client = BoxClient::connect_to(target, policy).await?;
    let report = client.report().await?;
    let box_ip: IpAddr = report
        .status
        .ip
        .as_deref()
        .and_then(|ip| ip.parse().ok())
        .filter(|ip: &IpAddr| !ip.is_unspecified())
        .unwrap_or(target.ip());
    let box_name = match name.filter(|n| !n.trim().is_empty()) {
        Some(n) => Some(n.trim().to_owned()),
        None => {
            let served = capture_chain(
                SocketAddr::new(target.ip(), https_port),
                None,
                &policy,
                TLS_DEADLINE,
            )
            .await
            .ok();
            let from_leaf = served
                .as_ref()
                .and_then(|c| c.certificates.first())
                .and_then(|der| inspect(der).ok())
                .and_then(|d| d.dns_names.into_iter().find(|n| n.starts_with("*.")));
            let subject = from_leaf.or_else(|| match &report.certificate_state {
                BoxCertificate::Valid {
                    subject: Some(s), ..
                } if s.starts_with("*.") => Some(s.clone()),
                _ => None,
            });
            subject.and_then(|s| dns::expected_name(box_ip, &s))
        }
    };
    let check = CheckTarget {
        box_ip,
        http_port: target.port(),
        https_port,
        // A Windows IoT's nginx.conf (@899f12c3) has no `listen 80`: no LNA path there.
        lna_port: (report.status.flavour != OsFlavour::Windows).then_some(lna_port),
        use_lna,
        box_name,
    };
    Ok((check, client, report))
}
