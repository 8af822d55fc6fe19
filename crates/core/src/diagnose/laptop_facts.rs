//! Findings from the laptop's side: the served certificate, the HTTPS port, DNS, the cross-check
//! between what nginx serves and what the box reports (the laptop's own odoo.com check:
//! `odoo_com`).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::box_api::certificate::parse_box_datetime;
use crate::box_api::{BoxCertificate, BoxReport};
use crate::dns::{DnsAnalysis, Outcome};
use crate::error::CoreError;
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Source};
use crate::net_policy::NetPolicy;
use crate::tls::{capture_chain, CertificateClass, ServedChain, TlsAssessment};

/// When the system resolver maps the name to another address than the box's, connect there
/// too: that is what a browser on this laptop would see.
pub async fn capture_by_name(
    policy: &NetPolicy,
    https_port: u16,
    box_ip: IpAddr,
    name: Option<&str>,
    dns: Option<&DnsAnalysis>,
) -> Option<ServedChain> {
    let name = name?;
    let Outcome::Addresses(ips) = &dns?.system.as_ref()?.outcome else {
        return None;
    };
    let other = ips
        .iter()
        .copied()
        .find(|ip| *ip != box_ip && !ip.is_unspecified())?;
    capture_chain(
        SocketAddr::new(other, https_port),
        Some(name),
        policy,
        Duration::from_secs(5),
    )
    .await
    .ok()
}

pub fn https_closed(err: &CoreError, https: SocketAddr) -> Finding {
    Finding::new(
        C::HttpsPortClosed,
        Source::Laptop,
        vec![Evidence::new(E::HttpsClosed)
            .arg("https", https)
            .error_arg("error", err)],
    )
}

/// [`certificate_findings`] with where the box's name came from in every finding's evidence.
/// Without any name (the box names no subject and the served certificate has no odoo-iot.com
/// name), a trusted certificate in its dates is `CERT_NAME_MISMATCH`, never `CERT_VALID`: it
/// cannot be the box's (docs/protocol/status-reads.md, "The box's name").
pub fn name_judged_certificate_findings(
    assessment: &TlsAssessment,
    has_name: bool,
    name_source: &Evidence,
) -> Vec<Finding> {
    let mut out = certificate_findings(assessment);
    let unnamed_but_good = !has_name
        && assessment.verdict().is_some_and(|v| {
            v.trust.trusted
                && !v.classes.iter().any(|c| {
                    matches!(
                        c,
                        CertificateClass::Temporary
                            | CertificateClass::Expired
                            | CertificateClass::NotYetValid
                    )
                })
        });
    if unnamed_but_good {
        let covers = assessment
            .verdict()
            .map(|v| v.leaf().dns_names.join(", "))
            .unwrap_or_default();
        let mut evidence = out
            .iter()
            .find(|f| f.code == C::CertValid)
            .or(out.first())
            .map(|f| f.evidence.iter().take(2).cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        evidence.push(Evidence::new(E::NoOdooIotName).arg("names", covers));
        out.retain(|f| f.code != C::CertValid && f.code != C::CertNameMismatch);
        out.push(Finding::new(C::CertNameMismatch, Source::Laptop, evidence));
    }
    // The name came from the certificate being judged: it covers it by construction, so
    // "valid" would also pass another database's certificate (issue 19 item 12).
    if name_source.kind == E::NameFromServedCertificate {
        for f in out.iter_mut().filter(|f| f.code == C::CertValid) {
            *f = Finding::new(C::CertNameUnconfirmed, f.source, f.evidence.clone());
        }
    }
    for f in &mut out {
        f.evidence.push(name_source.clone());
    }
    out
}

/// One finding per problem class; a placeholder explains everything else about it.
pub fn certificate_findings(assessment: &TlsAssessment) -> Vec<Finding> {
    let Some(v) = assessment.verdict() else {
        return vec![Finding::new(
            C::CertUntrusted,
            Source::Laptop,
            vec![Evidence::new(E::NoReadableCertificate)],
        )];
    };
    let leaf = v.leaf();
    let subject = leaf
        .subject_cn
        .clone()
        .unwrap_or_else(|| leaf.subject.clone());
    let code = |class: CertificateClass| match class {
        CertificateClass::Temporary => C::CertTemporary,
        CertificateClass::Expired => C::CertExpired,
        CertificateClass::NotYetValid => C::CertNotYetValid,
        CertificateClass::Untrusted => C::CertUntrusted,
        CertificateClass::NameMismatch => C::CertNameMismatch,
        CertificateClass::RenewalDue => C::CertRenewalDue,
        CertificateClass::Valid => C::CertValid,
    };
    let classes: Vec<CertificateClass> = if v.primary == CertificateClass::Temporary {
        vec![CertificateClass::Temporary]
    } else {
        v.classes.clone()
    };
    classes
        .into_iter()
        .map(|class| {
            let mut evidence = vec![
                Evidence::new(E::ServedCertificate)
                    .arg("subject", &subject)
                    .arg("issuer", leaf.issuer_cn.as_deref().unwrap_or(&leaf.issuer)),
                Evidence::new(E::ValidityPeriod)
                    .arg("notBefore", &v.not_before)
                    .arg("notAfter", &v.not_after)
                    .arg("daysLeft", v.validity.days_left)
                    .arg("evaluatedAt", &v.evaluated_at),
            ];
            match class {
                CertificateClass::NameMismatch => evidence.push(
                    Evidence::new(E::NamesDoNotCover)
                        .arg("names", leaf.dns_names.join(", "))
                        .arg("expected", v.expected_name.as_deref().unwrap_or("—")),
                ),
                CertificateClass::Untrusted => evidence.push(match v.trust.detail.as_deref() {
                    Some(reason) => Evidence::new(E::NotTrusted).arg("reason", reason),
                    None => Evidence::new(E::NoTrustedRoot),
                }),
                CertificateClass::RenewalDue => evidence
                    .push(Evidence::new(E::RenewsFrom).arg("date", &v.validity.renewal_from)),
                _ => {}
            }
            Finding::new(code(class), Source::Laptop, evidence)
        })
        .collect()
}

/// The box reports one certificate, nginx serves another (odoo-iot-protocol.md §4.4: nginx reloads only on restart).
pub fn served_differs(report: &BoxReport, assessment: &TlsAssessment) -> Option<Finding> {
    let served = assessment.verdict()?;
    let BoxCertificate::Valid {
        not_after: Some(reported),
        ..
    } = &report.certificate_state
    else {
        return None;
    };
    let reported_at =
        time::OffsetDateTime::parse(reported, &time::format_description::well_known::Rfc3339)
            .ok()?;
    let served_at = parse_box_datetime(&served.not_after.replace('T', " ").replace('Z', ""))?;
    ((reported_at - served_at).whole_seconds().abs() > 60).then(|| {
        Finding::new(
            C::CertServedDiffersFromBox,
            Source::Laptop,
            vec![
                Evidence::new(E::BoxReportsValidUntil).arg("date", reported),
                Evidence::new(E::ServedValidUntil).arg("date", &served.not_after),
            ],
        )
    })
}

pub fn dns_findings(dns: &DnsAnalysis) -> Vec<Finding> {
    dns.findings
        .iter()
        .map(|f| {
            let evidence = std::iter::once(Evidence::new(E::HttpsName).arg("name", &dns.name))
                .chain(f.evidence.iter().cloned())
                .collect();
            Finding::new(f.code, Source::Laptop, evidence)
        })
        .collect()
}
