//! What the device page will try: the box's IP and ports, and its HTTPS name, read from the
//! certificate its HTTPS port serves (the wildcard subject), the way the diagnosis computes it.
//! The IP is the address the laptop reached: what the box reports about itself is unverified,
//! so it steers nothing (neither the page's probes nor where the laptop listens) and is only
//! shown when it disagrees. Only an Odoo IoT wildcard (`*.….odoo-iot.com`) names the box.
//! The LNA path (nginx's port 80) exists on a Pi only.

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
    let (box_ip, reported_ip) = box_ip(target.ip(), report.status.ip.as_deref());
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
            subject
                .filter(|s| is_odoo_iot_wildcard(s))
                .and_then(|s| dns::expected_name(box_ip, &s))
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
        reported_ip,
    };
    Ok((check, client, report))
}

/// The address to use (always the one reached) and, when the box reports another one for
/// itself, that one, to be shown as a conflict.
fn box_ip(reached: IpAddr, reported: Option<&str>) -> (IpAddr, Option<IpAddr>) {
    let reported = reported
        .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
        .filter(|ip| !ip.is_unspecified() && *ip != reached);
    (reached, reported)
}

/// `*.<something>.odoo-iot.com`: the only wildcard Odoo's DNS service issues to boxes. Any
/// other wildcard a box serves (a self-made one, a shop's own domain) names nothing here.
fn is_odoo_iot_wildcard(subject: &str) -> bool {
    let subject = subject.trim().trim_end_matches('.').to_ascii_lowercase();
    subject
        .strip_prefix("*.")
        .and_then(|rest| rest.strip_suffix(".odoo-iot.com"))
        .is_some_and(|middle| !middle.is_empty() && !middle.contains('*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_ip_never_replaces_the_reached_one() {
        let reached = IpAddr::from([192, 168, 1, 50]);
        assert_eq!(box_ip(reached, Some("192.168.1.50")), (reached, None));
        assert_eq!(box_ip(reached, None), (reached, None));
        assert_eq!(box_ip(reached, Some("0.0.0.0")), (reached, None));
        assert_eq!(box_ip(reached, Some("garbage")), (reached, None));
        // A box (or an impostor) claiming another address: shown, never used.
        let (used, conflict) = box_ip(reached, Some("10.0.0.9"));
        assert_eq!(used, reached);
        assert_eq!(conflict, Some(IpAddr::from([10, 0, 0, 9])));
    }

    #[test]
    fn only_odoo_iot_wildcards_name_the_box() {
        assert!(is_odoo_iot_wildcard("*.d73e7513.odoo-iot.com"));
        assert!(is_odoo_iot_wildcard("*.D73E7513.Odoo-IoT.com."));
        for other in [
            "*.odoo-iot.com",
            "*.shop.example.com",
            "*.evil-odoo-iot.com",
            "*.x.odoo-iot.com.evil.example",
            "d73e7513.odoo-iot.com",
            "*.*.odoo-iot.com",
        ] {
            assert!(!is_odoo_iot_wildcard(other), "{other}");
        }
    }
}
