//! What the device page will try: the box's IP and ports, and its HTTPS name, read from the
//! box (its reported IP) and from the certificate its HTTPS port serves (the wildcard subject),
//! the way the diagnosis computes it.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use super::session::CheckTarget;
use crate::address::BoxAddress;
use crate::box_api::{BoxCertificate, BoxClient, BoxReport};
use crate::dns;
use crate::error::CoreError;
use crate::net_policy::NetPolicy;
use crate::tls::{capture_chain, inspect};

const TLS_DEADLINE: Duration = Duration::from_secs(5);

/// Reads the box and its served certificate. `name` overrides the computed HTTPS name (the
/// name the POS uses, when it differs). Fails only when the box does not answer at all.
pub async fn discover_target(
    address: &BoxAddress,
    policy: NetPolicy,
    https_port: u16,
    name: Option<String>,
) -> Result<(CheckTarget, BoxClient, BoxReport), CoreError> {
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
        box_name,
    };
    Ok((check, client, report))
}
