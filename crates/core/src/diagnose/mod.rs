//! The diagnosis: box-side facts (status, certificate state, logs), laptop-side facts (TLS by IP
//! and by name, DNS through the system and public resolvers, reachability, clocks) and the
//! certificate, read together into findings and one verdict. Checks run concurrently, each with
//! its own deadline; an unreachable box is a finding, not an error.

pub(crate) mod box_facts;
mod box_read;
mod causes;
mod cert_file;
mod clock;
mod crashed_status;
mod env;
pub(crate) use env::knob_for;
mod expected;
mod known;
mod laptop_facts;
mod odoo_com;
mod recheck;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use crate::address::BoxAddress;
use crate::box_api::{BoxReport, ReadOptions};
use crate::dns::{self, BoxIps, DnsAnalysis, QueryOptions, ResolverSet};
use crate::error::CoreError;
use crate::findings::Finding;
use crate::net_policy::NetPolicy;
use crate::sites::BoxIdentity;
use crate::tls::{capture_chain, ServedChain, TlsAssessment, TrustAnchors};
use crate::wire::WireError;

pub use box_facts::mac_finding;
pub(crate) use clock::restart_loop as clock_restart_loop;
pub use clock::ClockCheck;
pub use crashed_status::read_report;
pub use env::{
    anchors_from_env, https_port_from_env, lna_port_from_env, watch_give_up_from_env,
    EXTRA_CA_DIR_ENV, HTTPS_PORT_ENV, LNA_PORT_ENV, PUBLIC_RESOLVERS_ENV, SYSTEM_RESOLVER_ENV,
};
pub(crate) use expected::subject_in_logs;
pub use known::{for_box as subject_for_box, KnownSubject, SubjectSource};
pub use odoo_com::OdooComCheck;
pub use recheck::{compare, Recheck};

#[derive(Debug, Clone)]
pub struct DiagnoseOptions {
    /// The box's HTTPS port (nginx: 443).
    pub https_port: u16,
    pub resolvers: ResolverSet,
    pub dns_query: QueryOptions,
    pub anchors: TrustAnchors,
    /// The laptop's clock: every time judgement is made at this instant.
    pub now: OffsetDateTime,
    /// The HTTPS name the POS uses, when it is known and may differ from the computed one.
    pub expected_name: Option<String>,
    /// `*.<hash>.odoo-iot.com` subjects known from elsewhere — given, a saved site's last
    /// confirmed certificate, a database record's HTTPS name — each for its own box (`known`):
    /// the first that belongs to the box that answered is the expected name when the box names
    /// none itself (18.3+); never taken from the certificate being judged.
    pub known_subjects: Vec<KnownSubject>,
    /// Try the laptop's own reach to www.odoo.com:443 and verify its certificate (real runs,
    /// or test/demo runs with `odoo_com_addr`).
    pub check_odoo_com: bool,
    /// Where www.odoo.com is reached instead of resolving it: a rig's loopback stand-in
    /// (test and demo mode only; `IOT_HTTPS_ODOO_COM`).
    pub odoo_com_addr: Option<SocketAddr>,
    /// Deadline and progress notice of the status read (`--box-timeout`).
    pub box_read: ReadOptions,
}

impl DiagnoseOptions {
    pub fn new(now: OffsetDateTime) -> Self {
        Self {
            https_port: 443,
            resolvers: ResolverSet::host_defaults(),
            dns_query: QueryOptions::default(),
            anchors: TrustAnchors::mozilla(),
            now,
            expected_name: None,
            known_subjects: Vec::new(),
            check_odoo_com: true,
            odoo_com_addr: None,
            box_read: ReadOptions::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    Healthy,
    ActionNeeded,
    /// Neither the box's HTTP port nor its HTTPS port answered.
    Unreachable,
}

/// What was served on the HTTPS port and how it was judged.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CertificateSection {
    pub https: String,
    /// The box's HTTPS name: the box IP with dashes + the certificate subject without `*`.
    pub expected_name: Option<String>,
    /// Connected by IP, sending the expected name as SNI (what a browser does after DNS).
    pub by_ip: Option<TlsAssessment>,
    /// Connected to the address the system resolver gives for the name, when that differs.
    pub by_name: Option<TlsAssessment>,
    pub error: Option<WireError>,
}

impl CertificateSection {
    /// The one verdict that stands for the box on every screen (window, CLI, report, saved
    /// site): the certificate served at the box's IP (what the POS reaches), else the one served
    /// at the address its name resolves to, when only that one could be judged.
    pub fn standing(&self) -> Option<&crate::tls::CertificateVerdict> {
        [&self.by_ip, &self.by_name]
            .into_iter()
            .find_map(|a| a.as_ref().and_then(|a| a.verdict()))
    }
}

#[cfg(test)]
mod standing_tests;

#[cfg(test)]
mod clock_explains_tests;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    pub target: String,
    #[serde(rename = "box")]
    pub box_report: Option<BoxReport>,
    pub box_error: Option<WireError>,
    pub certificate: CertificateSection,
    pub dns: Option<DnsAnalysis>,
    pub clock: Option<ClockCheck>,
    pub odoo_com: Option<OdooComCheck>,
    pub findings: Vec<Finding>,
    pub verdict: Verdict,
    pub checked_at: String,
    /// Set on a re-check of the same box in a session: which findings it fixed, which remain,
    /// which are new (`recheck::compare`); absent on a first diagnosis.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub recheck: Option<Recheck>,
}

impl Diagnosis {
    pub fn codes(&self) -> Vec<&str> {
        self.findings.iter().map(|f| f.code.as_str()).collect()
    }

    /// The evidence kinds of the findings with `code`, in order.
    pub fn evidence_kinds(&self, code: &str) -> Vec<&str> {
        self.findings
            .iter()
            .filter(|f| f.code.as_str() == code)
            .flat_map(|f| f.evidence.iter().map(|e| e.kind.key()))
            .collect()
    }
}

#[cfg(test)]
impl Diagnosis {
    /// The fixture report and site tests start from: a box at `target` that did not answer,
    /// no certificate read, no findings, checked at a pinned instant.
    pub(crate) fn of_silent_box(target: &str, https: &str) -> Self {
        Diagnosis {
            target: target.into(),
            box_report: None,
            box_error: None,
            certificate: CertificateSection {
                https: https.into(),
                expected_name: None,
                by_ip: None,
                by_name: None,
                error: None,
            },
            dns: None,
            clock: None,
            odoo_com: None,
            findings: vec![],
            verdict: Verdict::Unreachable,
            checked_at: "2026-12-01T08:00:00Z".into(),
            recheck: None,
        }
    }
}

const TLS_DEADLINE: Duration = Duration::from_secs(5);

/// Diagnoses the box at `address`. Fails only when the address is unusable or refused by the
/// policy; everything the box or the network does wrong becomes a finding.
///
/// The box read (which may wait minutes on a box asking odoo.com), the TLS captures and the DNS
/// lookups run concurrently: the laptop side starts with the name the served certificate
/// suggests and runs again only when the box names another (docs/protocol/speed.md).
use crate::neighbours::MacCheck;

pub async fn diagnose(
    address: &BoxAddress,
    policy: NetPolicy,
    opts: &DiagnoseOptions,
) -> Result<Diagnosis, CoreError> {
    let target = address.resolve(&policy).await?;
    let policy = policy.for_target(target.ip());
    let https = SocketAddr::new(target.ip(), opts.https_port);

    let (read, early) = tokio::join!(
        box_read::read_box(target, policy, opts.box_read.clone()),
        laptop_side_from_served(https, target.ip(), &policy, opts)
    );
    let box_report = read.result.as_ref().ok().cloned();
    let box_ip: IpAddr = box_report
        .as_ref()
        .and_then(|r| r.status.ip.as_deref())
        .and_then(|ip| ip.parse().ok())
        .filter(|ip: &IpAddr| !ip.is_unspecified())
        .unwrap_or(target.ip());

    let LaptopSide {
        plain,
        guess,
        sni_capture,
        dns,
    } = early;
    let named = expected::choose(
        opts.expected_name.as_deref(),
        box_report.as_ref(),
        read.log_subject.as_deref(),
        known::for_box(
            &opts.known_subjects,
            box_report
                .as_ref()
                .map(|r| BoxIdentity::of_status(&r.status))
                .as_ref(),
        ),
        plain.as_ref().ok(),
        box_ip,
    );
    let expected_name = named.name.clone();
    let (sni_capture, dns) = if expected_name == guess {
        (sni_capture, dns)
    } else {
        name_checks(
            https,
            target.ip(),
            box_ip,
            &policy,
            opts,
            expected_name.as_deref(),
        )
        .await
    };
    let by_name_capture = laptop_facts::capture_by_name(
        &policy,
        opts.https_port,
        target.ip(),
        expected_name.as_deref(),
        dns.as_ref(),
    )
    .await;
    let (clock, odoo_com) = tokio::join!(
        async {
            box_report
                .as_ref()
                .and_then(|r| clock::check(r.status.box_date.as_deref(), opts.now))
        },
        odoo_com::check(&policy, opts)
    );

    // The browser's view (SNI = the name) when we have a name, else the plain capture.
    let served: Result<ServedChain, CoreError> = match sni_capture {
        Some(Ok(chain)) => Ok(chain),
        Some(Err(_)) | None => plain,
    };
    let by_ip = served
        .as_ref()
        .ok()
        .map(|c| crate::tls::assess(c, expected_name.as_deref(), opts.now, &opts.anchors));
    let by_name = by_name_capture
        .map(|c| crate::tls::assess(&c, expected_name.as_deref(), opts.now, &opts.anchors));

    // The box judges `notAfter - 10 d` on its own clock (`tools/certificate.py` @371fe6a0).
    let box_clock_ahead = clock.as_ref().is_some_and(clock::ahead);
    let clock_explains = box_report
        .as_ref()
        .and_then(|r| box_facts::clock_explains(r, by_ip.as_ref(), box_clock_ahead));
    let mut findings = Vec::new();
    let http_answers = match &read.result {
        Ok(report) => {
            findings.extend(box_facts::findings(
                report,
                by_ip.as_ref(),
                &read.facts,
                box_clock_ahead,
            ));
            let link = MacCheck::of_box(report.status.mac.as_deref(), target.ip(), policy);
            findings.extend(box_facts::mac_finding(&link, target.ip()));
            true
        }
        Err(err) => {
            findings.extend(box_read::failure_findings(&read, err, target));
            read.hello
                || !matches!(
                    err,
                    CoreError::Unreachable { .. }
                        | CoreError::Timeout { .. }
                        | CoreError::ConnectionLost { .. }
                )
        }
    };
    let https_answers = served.is_ok();
    // A Windows box that restarts after each read: our own read restarted it, so the HTTPS
    // probe may have met the restart; that is no separate cause (`CLOCK_SKEW` says why).
    let restarted_by_our_read =
        clock_explains == Some(crate::findings::EvidenceKind::BoxClockRestartsEachRead);
    let https_closed = served
        .as_ref()
        .err()
        .filter(|_| http_answers && !restarted_by_our_read)
        .map(|err| laptop_facts::https_closed(err, https));
    cert_file::conclude(
        &mut findings,
        https_closed,
        &read.facts,
        read.crash.as_ref(),
    );
    if let Some(assessment) = &by_ip {
        findings.extend(laptop_facts::name_judged_certificate_findings(
            assessment,
            expected_name.is_some(),
            &named.source,
        ));
        if let Some(report) = &box_report {
            findings.extend(laptop_facts::served_differs(report, assessment));
        }
    }
    if let Some(dns) = &dns {
        findings.extend(laptop_facts::dns_findings(dns));
    }
    findings.extend(
        clock
            .as_ref()
            .and_then(|c| clock::finding_explaining(c, clock_explains)),
    );
    if let Some(f) = odoo_com.as_ref().and_then(odoo_com::finding) {
        odoo_com::merge_filtered(&mut findings, f);
    }
    crate::findings::put_in_order(&mut findings);
    // The box's platform from its status data, else from a crash traceback's paths (a 16.0 or
    // 17.0 status page that crashed on a damaged file still says Pi or Windows).
    let flavour = match box_report.as_ref().map(|r| r.status.flavour) {
        Some(known) if known != crate::box_api::OsFlavour::Unknown => known,
        _ => read
            .crash
            .as_ref()
            .map_or(crate::box_api::OsFlavour::Unknown, |c| c.platform),
    };
    findings = crate::findings::platform_steps::for_platform(findings, flavour);

    let verdict = if !http_answers && !https_answers {
        Verdict::Unreachable
    } else if crate::findings::any_needs_action(&findings) {
        Verdict::ActionNeeded
    } else {
        Verdict::Healthy
    };
    Ok(Diagnosis {
        target: target.to_string(),
        box_error: read.result.as_ref().err().map(WireError::from),
        box_report,
        certificate: CertificateSection {
            https: https.to_string(),
            expected_name,
            by_ip,
            by_name,
            error: served.as_ref().err().map(WireError::from),
        },
        dns,
        clock,
        odoo_com,
        findings,
        verdict,
        checked_at: crate::box_api::certificate::rfc3339(opts.now),
        recheck: None,
    })
}

type Capture = Result<ServedChain, CoreError>;

/// What the laptop checks while the box is still being read.
struct LaptopSide {
    plain: Capture,
    /// The name the served certificate suggests (the box's own name may differ).
    guess: Option<String>,
    sni_capture: Option<Capture>,
    dns: Option<DnsAnalysis>,
}

async fn laptop_side_from_served(
    https: SocketAddr,
    box_ip: IpAddr,
    policy: &NetPolicy,
    opts: &DiagnoseOptions,
) -> LaptopSide {
    let plain = capture_chain(https, None, policy, TLS_DEADLINE).await;
    let guess = opts.expected_name.clone().or_else(|| {
        plain
            .as_ref()
            .ok()
            .and_then(expected::served_odoo_subject)
            .and_then(|s| dns::expected_name(box_ip, &s))
    });
    let (sni_capture, dns) =
        name_checks(https, box_ip, box_ip, policy, opts, guess.as_deref()).await;
    LaptopSide {
        plain,
        guess,
        sni_capture,
        dns,
    }
}

/// The TLS capture with the name as SNI and the DNS lookups of the name, together.
async fn name_checks(
    https: SocketAddr,
    contacted: IpAddr,
    reported: IpAddr,
    policy: &NetPolicy,
    opts: &DiagnoseOptions,
    name: Option<&str>,
) -> (Option<Capture>, Option<DnsAnalysis>) {
    let Some(name) = name else {
        return (None, None);
    };
    let box_ips = BoxIps {
        contacted,
        reported: Some(reported).filter(|ip| *ip != contacted),
    };
    let (capture, dns) = tokio::join!(
        capture_chain(https, Some(name), policy, TLS_DEADLINE),
        dns::check_name(policy, name, box_ips, &opts.resolvers, &opts.dns_query)
    );
    (Some(capture), Some(dns))
}
