//! The laptop's own check of www.odoo.com:443, the host the box gets its certificate from. It
//! connects and verifies the served chain and name against the laptop's trust anchors: a shop's
//! TLS inspection answers with a certificate of its own CA, which a public trust store does not
//! hold, so an intercepting filter shows here as it does on the box (`box_api::web_filter`).
//! Real runs resolve www.odoo.com. Test and demo rigs may name a loopback stand-in
//! (`DiagnoseOptions::odoo_com_addr`, `IOT_HTTPS_ODOO_COM`); without one nothing is attempted
//! (no lookup, no packet).

use std::net::SocketAddr;
use std::time::Duration;

use serde::Serialize;

use super::DiagnoseOptions;
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Source, StepsCause};
use crate::net_policy::NetPolicy;
use crate::tls::{capture_chain, certificate_matches_name, inspect, verify_chain};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OdooComCheck {
    pub reachable: bool,
    pub detail: String,
    /// The served chain verifies to a trust anchor for www.odoo.com; `None` without a TLS
    /// answer.
    pub chain_trusted: Option<bool>,
    /// Who issued the certificate that answered for www.odoo.com.
    pub issuer: Option<String>,
    /// This laptop could not resolve www.odoo.com: the one failure whose cause is settled (a
    /// refused or silent connection may still be a DNS filter's sinkhole). Chooses the steps
    /// (`StepsCause::NameResolution`); the wire has it in `detail` already.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub unresolved: bool,
}

pub const ODOO_COM: &str = "www.odoo.com";
const DEADLINE: Duration = Duration::from_secs(5);

/// Connects to www.odoo.com:443 (or the rig's stand-in) and judges its certificate.
pub async fn check(policy: &NetPolicy, opts: &DiagnoseOptions) -> Option<OdooComCheck> {
    if !opts.check_odoo_com || (!policy.is_real() && opts.odoo_com_addr.is_none()) {
        return None;
    }
    let attempt = async {
        let addr = match opts.odoo_com_addr {
            Some(addr) => addr,
            None => resolve().await.map_err(|detail| (detail, true))?,
        };
        let chain = capture_chain(addr, Some(ODOO_COM), policy, DEADLINE)
            .await
            .map_err(|e| (format!("{addr}: {e}"), false))?;
        Ok::<_, (String, bool)>((addr, chain))
    };
    let (addr, chain) = match tokio::time::timeout(DEADLINE * 2, attempt).await {
        Ok(Ok(answered)) => answered,
        Ok(Err((detail, unresolved))) => return Some(unreachable(detail, unresolved)),
        Err(_) => {
            let waited = (DEADLINE * 2).as_secs();
            let detail = format!("{ODOO_COM}:443 did not answer within {waited} s");
            return Some(unreachable(detail, false));
        }
    };
    let trust = verify_chain(&chain.certificates, &opts.anchors, opts.now);
    let leaf = chain.certificates.first().and_then(|der| inspect(der).ok());
    let named = leaf
        .as_ref()
        .is_some_and(|l| certificate_matches_name(l, ODOO_COM));
    let issuer = leaf.map(|l| l.issuer_cn.unwrap_or(l.issuer));
    let trusted = trust.trusted && named;
    let detail = match (trusted, trust.detail) {
        (true, _) => format!("connected to {ODOO_COM} ({addr}); its certificate verifies"),
        (false, Some(why)) if !trust.trusted => {
            format!("connected to {ODOO_COM} ({addr}), but its certificate does not verify: {why}")
        }
        (false, _) => {
            format!("connected to {ODOO_COM} ({addr}), but its certificate is not for {ODOO_COM}")
        }
    };
    Some(OdooComCheck {
        reachable: true,
        detail,
        chain_trusted: Some(trusted),
        issuer,
        unresolved: false,
    })
}

async fn resolve() -> Result<SocketAddr, String> {
    crate::address::within_lookup_deadline(
        ODOO_COM,
        tokio::net::lookup_host((ODOO_COM, 443)),
        crate::address::NAME_LOOKUP_DEADLINE,
    )
    .await
    .map_err(|e| format!("cannot resolve {ODOO_COM}: {e}"))?
    .next()
    .ok_or_else(|| format!("{ODOO_COM} has no address"))
}

fn unreachable(detail: String, unresolved: bool) -> OdooComCheck {
    OdooComCheck {
        reachable: false,
        detail,
        chain_trusted: None,
        issuer: None,
        unresolved,
    }
}

/// No reach: `ODOO_COM_UNREACHABLE`, with the DNS steps when the name did not resolve. A
/// certificate this laptop does not trust for www.odoo.com: TLS inspection or a filter
/// answering for it, `ODOO_COM_FILTERED`.
pub fn finding(check: &OdooComCheck) -> Option<Finding> {
    if !check.reachable {
        let finding = Finding::new(
            C::OdooComUnreachable,
            Source::Laptop,
            vec![Evidence::new(E::OdooComUnreachable).arg("detail", &check.detail)],
        );
        return Some(match check.unresolved {
            true => finding.with_cause(StepsCause::NameResolution),
            false => finding,
        });
    }
    (check.chain_trusted == Some(false)).then(|| {
        Finding::new(
            C::OdooComFiltered,
            Source::Laptop,
            vec![Evidence::new(E::OdooComIntercepted)
                .arg("issuer", check.issuer.as_deref().unwrap_or("?"))
                .arg("detail", &check.detail)],
        )
        // A filter's certificate, not a proxy's login: the filter's steps.
        .with_cause(StepsCause::WebFilter)
    })
}

/// One `ODOO_COM_FILTERED` per diagnosis: the laptop's evidence joins the box's finding when
/// both saw the filter.
pub fn merge_filtered(findings: &mut Vec<Finding>, laptop: Finding) {
    match findings
        .iter_mut()
        .find(|f| f.code == C::OdooComFiltered && laptop.code == C::OdooComFiltered)
    {
        Some(existing) => existing.evidence.extend(laptop.evidence),
        None => findings.push(laptop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unresolved_name_settles_the_cause_of_no_reach() {
        let unresolved = unreachable("cannot resolve www.odoo.com: no such host".into(), true);
        let f = finding(&unresolved).unwrap();
        assert_eq!(f.code, C::OdooComUnreachable);
        assert_eq!(f.steps_for, Some(StepsCause::NameResolution));
        // Refused or silent: a firewall, or a DNS filter's sinkhole address: the whole list.
        let refused = unreachable("203.0.113.7:443: connection refused".into(), false);
        assert_eq!(finding(&refused).unwrap().steps_for, None);
        // The flag stays off the wire: the detail already says it.
        let wire = serde_json::to_value(&unresolved).unwrap();
        assert!(wire.get("unresolved").is_none(), "{wire}");
    }
}
