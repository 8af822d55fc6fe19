//! Reads the lookups of the box's own name (field-problems.md §3.2): the answer is known in
//! advance — the dashes encode the IP — so anything else is a filtered or broken answer.
//!
//! | system resolver | public resolvers | finding |
//! |---|---|---|
//! | the encoded IP | – | `DNS_OK` (unless the name is stale: `DNS_WRONG_ADDRESS`) |
//! | empty, `0.0.0.0`/`::`, NXDOMAIN, REFUSED, SERVFAIL | the encoded IP | `DNS_REBIND_FILTERED` |
//! | another address | – | `DNS_WRONG_ADDRESS` |
//! | anything | NXDOMAIN / empty, none with the IP | `DNS_UNRESOLVABLE` |
//! | timeout / error | the encoded IP | `DNS_SYSTEM_RESOLVER_UNAVAILABLE` |
//! | fails | unreachable or not asked | `DNS_INCONCLUSIVE` |

use std::net::IpAddr;

use serde::Serialize;

use super::name::ip_encoded_in;
use super::resolver::{Lookup, Outcome};
use crate::findings::{Evidence, EvidenceKind as E, FindingCode};

pub const DNS_OK: FindingCode = FindingCode::DnsOk;
pub const DNS_REBIND_FILTERED: FindingCode = FindingCode::DnsRebindFiltered;
pub const DNS_WRONG_ADDRESS: FindingCode = FindingCode::DnsWrongAddress;
pub const DNS_UNRESOLVABLE: FindingCode = FindingCode::DnsUnresolvable;
pub const DNS_SYSTEM_RESOLVER_UNAVAILABLE: FindingCode = FindingCode::DnsSystemResolverUnavailable;
pub const DNS_INCONCLUSIVE: FindingCode = FindingCode::DnsInconclusive;

/// The box's address as the laptop reached it and as the box itself reports it (data route
/// `ip`, which may differ on a box with several interfaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoxIps {
    pub contacted: IpAddr,
    pub reported: Option<IpAddr>,
}

impl BoxIps {
    pub fn contacted(ip: IpAddr) -> Self {
        Self {
            contacted: ip,
            reported: None,
        }
    }

    fn includes(&self, ip: IpAddr) -> bool {
        same_ip(self.contacted, ip) || self.reported.is_some_and(|r| same_ip(r, ip))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum DnsStatus {
    /// The system resolver answers the address the name encodes, and it is the box's.
    Ok,
    /// At least one problem finding.
    Problem,
    /// Not enough answers to tell (e.g. no resolver reachable, or not asked in test mode).
    Inconclusive,
}

/// Which of the box's addresses differs from the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum BoxIpSource {
    /// The address the laptop reached the box at.
    Contacted,
    /// The address the box reports.
    Reported,
}

/// The structured part of a finding; `evidence` says the same for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DnsFacts {
    /// `DNS_OK`.
    Resolves { address: IpAddr, resolver: String },
    /// `DNS_REBIND_FILTERED`: the system resolver hides an address that public resolvers give.
    RebindFiltered {
        expected: IpAddr,
        system_resolver: String,
        system_answer: Outcome,
        /// Labels of the public resolvers that answered the expected address.
        confirmed_by: Vec<String>,
        /// The expected address is in a range rebinding filters remove (RFC 1918, loopback, …).
        private_address: bool,
    },
    /// `DNS_WRONG_ADDRESS`: a resolver answers an address the name does not encode, e.g. a local
    /// override or a hijacking resolver.
    AnswerDiffers {
        resolver: String,
        answered: Vec<IpAddr>,
        expected: IpAddr,
    },
    /// `DNS_WRONG_ADDRESS`: the name encodes an address the box does not have (any more): its IP
    /// changed since the name was registered (field-problems.md F10), or the name is for another interface.
    StaleName {
        encoded: IpAddr,
        box_ip: IpAddr,
        box_ip_source: BoxIpSource,
    },
    /// `DNS_UNRESOLVABLE`: the resolvers that answered say the name does not exist or has no address.
    Unresolvable { answers: Vec<ResolverAnswer> },
    /// `DNS_SYSTEM_RESOLVER_UNAVAILABLE`: the system resolver did not answer; public ones did.
    SystemResolverUnavailable {
        system_resolver: String,
        system_answer: Outcome,
        confirmed_by: Vec<String>,
    },
    /// `DNS_INCONCLUSIVE`.
    Inconclusive { reason: Evidence },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ResolverAnswer {
    pub resolver: String,
    pub outcome: Outcome,
}

/// One result of the DNS check. `code` is one of the `DNS_*` constants of this module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DnsFinding {
    pub code: FindingCode,
    /// The facts for people, rendered per language.
    pub evidence: Vec<Evidence>,
    pub facts: DnsFacts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DnsAnalysis {
    pub name: String,
    /// The address the name's first label encodes, if it encodes one.
    pub encoded_ip: Option<IpAddr>,
    /// What the name must resolve to: the encoded address, else the contacted one.
    pub expected_ip: IpAddr,
    pub box_ips: BoxIps,
    pub status: DnsStatus,
    pub findings: Vec<DnsFinding>,
    /// `None` when there was no system resolver to ask (`system_error` says why).
    pub system: Option<Lookup>,
    pub system_error: Option<String>,
    pub public: Vec<Lookup>,
}

impl DnsAnalysis {
    pub fn codes(&self) -> Vec<FindingCode> {
        self.findings.iter().map(|f| f.code).collect()
    }

    pub fn finding(&self, code: &str) -> Option<&DnsFinding> {
        self.findings.iter().find(|f| f.code == code)
    }
}

/// How one answer relates to the expected address.
#[derive(Debug, Clone, PartialEq)]
enum Class {
    /// Contains the expected address.
    Correct,
    /// A filter's answer: empty, NXDOMAIN, REFUSED, SERVFAIL, or only `0.0.0.0` / `::`.
    Blocked,
    /// Addresses, none of them the expected one.
    Other(Vec<IpAddr>),
    /// Timeout or error: the resolver did not answer.
    Unavailable,
    /// Our policy did not let us ask.
    NotAsked,
}

fn classify(outcome: &Outcome, expected: IpAddr) -> Class {
    match outcome {
        Outcome::Addresses(ips) if ips.iter().any(|ip| same_ip(*ip, expected)) => Class::Correct,
        Outcome::Addresses(ips) if ips.iter().all(|ip| ip.is_unspecified()) => Class::Blocked,
        Outcome::Addresses(ips) => Class::Other(ips.clone()),
        Outcome::NoData | Outcome::NxDomain | Outcome::Refused | Outcome::ServFail => {
            Class::Blocked
        }
        Outcome::Timeout | Outcome::Failed(_) => Class::Unavailable,
        Outcome::PolicyRefused(_) => Class::NotAsked,
    }
}

/// What a resolver answered, as evidence: one kind per kind of answer, so each language words it;
/// `role` (`system` or `public`) lets the template name the resolver in the reader's words.
fn answered(lookup: &Lookup, role: &str) -> Evidence {
    let kind = match &lookup.outcome {
        Outcome::Addresses(_) => E::ResolverAnswered,
        Outcome::NoData => E::ResolverNoData,
        Outcome::NxDomain => E::ResolverNxDomain,
        Outcome::Refused => E::ResolverRefused,
        Outcome::ServFail => E::ResolverServFail,
        Outcome::Timeout => E::ResolverTimeout,
        Outcome::Failed(_) => E::ResolverFailed,
        Outcome::PolicyRefused(_) => E::ResolverNotAsked,
    };
    let evidence = Evidence::new(kind)
        .arg("resolver", &lookup.resolver.label)
        .arg("role", role);
    // Keys for the catalogue's words, and technical values (addresses, an RCODE, the system's
    // own error text) as they are: no sentence is written here.
    match &lookup.outcome {
        Outcome::Addresses(ips) => evidence.arg(
            "answer",
            ips.iter()
                .map(IpAddr::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Outcome::Failed(failure) => {
            let evidence = evidence.arg("failure", failure.key());
            match failure.value() {
                Some((name, value)) => evidence.arg(name, value),
                None => evidence,
            }
        }
        Outcome::PolicyRefused(not_asked) => {
            let evidence = evidence.arg("notAsked", not_asked.key());
            match not_asked {
                crate::dns::NotAsked::Policy { mode } => evidence.arg("mode", mode.key()),
                crate::dns::NotAsked::SystemResolver => evidence,
            }
        }
        _ => evidence,
    }
}

/// Reads the lookups of `name` for a box at `box_ips`. `system` is the system resolver's lookup,
/// or why there was none; `public` the lookups through public resolvers.
pub fn analyse(
    name: &str,
    box_ips: BoxIps,
    system: Result<Lookup, String>,
    public: Vec<Lookup>,
) -> DnsAnalysis {
    let encoded = ip_encoded_in(name).map(IpAddr::V4);
    let expected = encoded.unwrap_or(box_ips.contacted);
    // The system lookup is the one inside `system`: every use borrows it from there.
    let said = |lookup: &Lookup| {
        let is_system = system.as_ref().is_ok_and(|sys| std::ptr::eq(sys, lookup));
        answered(lookup, if is_system { "system" } else { "public" })
    };
    let mut findings = Vec::new();

    // Wrong addresses, from any resolver.
    for lookup in system.iter().chain(&public) {
        if let Class::Other(answered) = classify(&lookup.outcome, expected) {
            let mut evidence = vec![said(lookup)];
            evidence.push(match encoded {
                Some(e) => Evidence::new(E::NameEncodesExpected)
                    .arg("name", name)
                    .arg("ip", e),
                None => Evidence::new(E::BoxReachedAt).arg("ip", expected),
            });
            evidence.push(Evidence::new(
                if answered.iter().any(|ip| box_ips.includes(*ip)) {
                    E::AnswerIsBoxAddress
                } else {
                    E::AnswerNotBoxAddress
                },
            ));
            findings.push(DnsFinding {
                code: DNS_WRONG_ADDRESS,
                evidence,
                facts: DnsFacts::AnswerDiffers {
                    resolver: lookup.resolver.label.clone(),
                    answered,
                    expected,
                },
            });
        }
    }

    // A name for an address the box does not have.
    if let Some(e) = encoded.filter(|e| !box_ips.includes(*e)) {
        let (box_ip, source) = match box_ips.reported {
            Some(reported) => (reported, BoxIpSource::Reported),
            None => (box_ips.contacted, BoxIpSource::Contacted),
        };
        let mut evidence = vec![Evidence::new(E::NameEncodes).arg("name", name).arg("ip", e)];
        evidence.push(match box_ips.reported {
            Some(r) if !same_ip(r, box_ips.contacted) => Evidence::new(E::BoxReportsReachedAt)
                .arg("reported", r)
                .arg("contacted", box_ips.contacted),
            Some(r) => Evidence::new(E::BoxReportsReachedThere).arg("ip", r),
            None => Evidence::new(E::BoxReachedAt).arg("ip", box_ips.contacted),
        });
        evidence.push(
            Evidence::new(E::StaleName)
                .arg("encoded", e)
                .arg("boxIp", box_ip),
        );
        for lookup in system
            .iter()
            .chain(&public)
            .filter(|l| l.outcome.is_answer())
        {
            evidence.push(said(lookup));
        }
        findings.push(DnsFinding {
            code: DNS_WRONG_ADDRESS,
            evidence,
            facts: DnsFacts::StaleName {
                encoded: e,
                box_ip,
                box_ip_source: source,
            },
        });
    }

    let publics: Vec<(&Lookup, Class)> = public
        .iter()
        .map(|l| (l, classify(&l.outcome, expected)))
        .collect();
    let confirmed_by: Vec<&Lookup> = publics
        .iter()
        .filter(|(_, c)| *c == Class::Correct)
        .map(|(l, _)| *l)
        .collect();
    let public_negative = !publics.is_empty()
        && publics.iter().any(|(_, c)| *c == Class::Blocked)
        && publics
            .iter()
            .all(|(_, c)| matches!(c, Class::Blocked | Class::Unavailable | Class::NotAsked));
    let labels = |ls: &[&Lookup]| {
        ls.iter()
            .map(|l| l.resolver.label.clone())
            .collect::<Vec<_>>()
    };
    let unresolvable = |system: Option<&Lookup>| {
        let answers: Vec<&Lookup> = system
            .into_iter()
            .chain(&public)
            .filter(|l| l.outcome.is_answer())
            .collect();
        let mut evidence: Vec<Evidence> = answers.iter().map(|l| said(l)).collect();
        evidence.push(Evidence::new(E::NoResolverKnows).arg("name", name));
        DnsFinding {
            code: DNS_UNRESOLVABLE,
            evidence,
            facts: DnsFacts::Unresolvable {
                answers: answers
                    .iter()
                    .map(|l| ResolverAnswer {
                        resolver: l.resolver.label.clone(),
                        outcome: l.outcome.clone(),
                    })
                    .collect(),
            },
        }
    };
    let inconclusive = |reason: Evidence, evidence: Vec<Evidence>| DnsFinding {
        code: DNS_INCONCLUSIVE,
        facts: DnsFacts::Inconclusive {
            reason: reason.clone(),
        },
        evidence: evidence.into_iter().chain([reason]).collect(),
    };
    let public_evidence = || publics.iter().map(|(l, _)| said(l)).collect::<Vec<_>>();

    match &system {
        Err(why) => {
            if public_negative && confirmed_by.is_empty() {
                findings.push(unresolvable(None));
            } else {
                findings.push(inconclusive(
                    Evidence::new(E::SystemResolverNotAvailable).arg("why", why),
                    public_evidence(),
                ));
            }
        }
        Ok(sys) => match classify(&sys.outcome, expected) {
            Class::Correct | Class::Other(_) => {}
            Class::Blocked if !confirmed_by.is_empty() => {
                let private = rebind_range(expected);
                let mut evidence = vec![said(sys)];
                evidence.extend(confirmed_by.iter().map(|l| {
                    Evidence::new(E::ResolverConfirms)
                        .arg("resolver", &l.resolver.label)
                        .arg("role", "public")
                        .arg("answer", l.outcome.describe())
                }));
                evidence.push(match private {
                    Some(range) => Evidence::new(E::RebindRange)
                        .arg("ip", expected)
                        .arg("range", range),
                    None => Evidence::new(E::NotPrivateYetHidden).arg("ip", expected),
                });
                evidence.push(Evidence::new(E::LocalFilter));
                findings.push(DnsFinding {
                    code: DNS_REBIND_FILTERED,
                    evidence,
                    facts: DnsFacts::RebindFiltered {
                        expected,
                        system_resolver: sys.resolver.label.clone(),
                        system_answer: sys.outcome.clone(),
                        confirmed_by: labels(&confirmed_by),
                        private_address: private.is_some(),
                    },
                });
            }
            Class::Blocked | Class::Unavailable | Class::NotAsked
                if public_negative && confirmed_by.is_empty() =>
            {
                findings.push(unresolvable(Some(sys)));
            }
            Class::Blocked => {
                if !publics.iter().any(|(_, c)| matches!(c, Class::Other(_))) {
                    let reason = Evidence::new(if publics.is_empty() {
                        E::NoPublicResolverGiven
                    } else {
                        E::NoPublicResolverAnswered
                    });
                    findings.push(inconclusive(
                        reason,
                        [said(sys)].into_iter().chain(public_evidence()).collect(),
                    ));
                }
            }
            Class::Unavailable if !confirmed_by.is_empty() => {
                let mut evidence = vec![said(sys)];
                evidence.extend(confirmed_by.iter().map(|l| said(l)));
                evidence.push(Evidence::new(E::SystemResolverSilent));
                findings.push(DnsFinding {
                    code: DNS_SYSTEM_RESOLVER_UNAVAILABLE,
                    evidence,
                    facts: DnsFacts::SystemResolverUnavailable {
                        system_resolver: sys.resolver.label.clone(),
                        system_answer: sys.outcome.clone(),
                        confirmed_by: labels(&confirmed_by),
                    },
                });
            }
            Class::Unavailable | Class::NotAsked => {
                let reason = Evidence::new(match &sys.outcome {
                    Outcome::PolicyRefused(_) => E::SystemResolverNotAsked,
                    _ => E::NoResolverAnswered,
                });
                findings.push(inconclusive(
                    reason,
                    [said(sys)].into_iter().chain(public_evidence()).collect(),
                ));
            }
        },
    }

    let status = if findings.iter().any(|f| f.code != DNS_INCONCLUSIVE) {
        DnsStatus::Problem
    } else if !findings.is_empty() {
        DnsStatus::Inconclusive
    } else {
        DnsStatus::Ok
    };
    if status == DnsStatus::Ok {
        if let Ok(sys) = &system {
            findings.push(DnsFinding {
                code: DNS_OK,
                evidence: vec![
                    said(sys),
                    Evidence::new(E::ResolvesCorrectly)
                        .arg("ip", expected)
                        .arg("name", name),
                ],
                facts: DnsFacts::Resolves {
                    address: expected,
                    resolver: sys.resolver.label.clone(),
                },
            });
        }
    }
    let (system, system_error) = match system {
        Ok(lookup) => (Some(lookup), None),
        Err(why) => (None, Some(why)),
    };
    DnsAnalysis {
        name: name.to_owned(),
        encoded_ip: encoded,
        expected_ip: expected,
        box_ips,
        status,
        findings,
        system,
        system_error,
        public,
    }
}

fn same_ip(a: IpAddr, b: IpAddr) -> bool {
    canonical(a) == canonical(b)
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The range a rebinding filter removes `ip` for, if any (field-problems.md §3.3, pfSense list),
/// as the key the `rebindRange` template selects its words by.
pub fn rebind_range(ip: IpAddr) -> Option<&'static str> {
    match canonical(ip) {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_private() {
                Some("private")
            } else if v4.is_loopback() {
                Some("loopback")
            } else if v4.is_link_local() {
                Some("linkLocal")
            } else if a == 100 && (64..128).contains(&b) {
                Some("cgnat")
            } else if v4.is_unspecified() {
                Some("unspecified")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_loopback() {
                Some("loopback")
            } else if first & 0xfe00 == 0xfc00 {
                Some("ula")
            } else if first & 0xffc0 == 0xfe80 {
                Some("linkLocal")
            } else if v6.is_unspecified() {
                Some("unspecified")
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::*;
    use crate::dns::{config::Resolver, resolver::Transport};

    const NAME: &str = "192-0-2-50.d73e7513.odoo-iot.com";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn lookup(label: &str, addr: &str, outcome: Outcome) -> Lookup {
        Lookup {
            resolver: Resolver::new(addr.parse::<SocketAddr>().unwrap(), label),
            name: NAME.into(),
            outcome,
            elapsed_ms: 3,
            queries_sent: 1,
            transport: Transport::Udp,
        }
    }

    fn sys(outcome: Outcome) -> Result<Lookup, String> {
        Ok(lookup("router", "192.0.2.1:53", outcome))
    }

    fn publics(outcomes: Vec<Outcome>) -> Vec<Lookup> {
        outcomes
            .into_iter()
            .enumerate()
            .map(|(i, o)| lookup(&format!("public{i}"), &format!("203.0.113.{}:53", i + 1), o))
            .collect()
    }

    fn addrs(list: &[&str]) -> Outcome {
        Outcome::Addresses(list.iter().map(|s| ip(s)).collect())
    }

    fn at(contacted: &str) -> BoxIps {
        BoxIps::contacted(ip(contacted))
    }

    #[test]
    fn the_encoded_address_everywhere_is_ok() {
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(addrs(&["192.0.2.50"])),
            publics(vec![addrs(&["192.0.2.50"])]),
        );
        assert_eq!(a.status, DnsStatus::Ok);
        assert_eq!(a.codes(), [DNS_OK]);
        assert_eq!(a.encoded_ip, Some(ip("192.0.2.50")));
        assert_eq!(
            a.findings[0].facts,
            DnsFacts::Resolves {
                address: ip("192.0.2.50"),
                resolver: "router".into()
            }
        );
    }

    #[test]
    fn every_filter_signature_with_a_public_confirmation_is_rebind_filtering() {
        let sigs = [
            Outcome::NoData,
            Outcome::NxDomain,
            Outcome::Refused,
            Outcome::ServFail,
            addrs(&["0.0.0.0"]),
            addrs(&["::"]),
        ];
        for sig in sigs {
            let a = analyse(
                NAME,
                at("192.0.2.50"),
                sys(sig.clone()),
                publics(vec![Outcome::Timeout, addrs(&["192.0.2.50"])]),
            );
            assert_eq!(a.codes(), [DNS_REBIND_FILTERED], "{sig:?}");
            assert_eq!(a.status, DnsStatus::Problem);
            let DnsFacts::RebindFiltered {
                confirmed_by,
                system_answer,
                private_address,
                ..
            } = &a.findings[0].facts
            else {
                panic!("{:?}", a.findings[0]);
            };
            assert_eq!(confirmed_by, &["public1"]);
            assert_eq!(system_answer, &sig);
            assert!(!private_address, "documentation addresses are not private");
            assert!(
                a.findings[0]
                    .evidence
                    .iter()
                    .any(|e| e.render("en").contains("router answered")),
                "{:?}",
                a.findings[0].evidence
            );
        }
        let private = analyse(
            "10-1-2-3.h.odoo-iot.com",
            at("10.1.2.3"),
            sys(Outcome::NoData),
            publics(vec![addrs(&["10.1.2.3"])]),
        );
        assert!(matches!(
            private.findings[0].facts,
            DnsFacts::RebindFiltered {
                private_address: true,
                ..
            }
        ));
        assert!(private.findings[0]
            .evidence
            .iter()
            .any(|e| e.render("en").contains("RFC 1918")));
        // The range and the resolvers' roles are words of the reader's language.
        let french: Vec<String> = private.findings[0]
            .evidence
            .iter()
            .map(|e| e.render("fr"))
            .collect();
        assert!(
            french
                .iter()
                .any(|l| l.starts_with("10.1.2.3 est une adresse privée (RFC 1918) :")),
            "{french:?}"
        );
        assert!(
            french
                .iter()
                .any(|l| l.starts_with("le résolveur système router a répondu")),
            "{french:?}"
        );
        assert!(
            french
                .iter()
                .any(|l| l.starts_with("le résolveur public public0 a répondu")),
            "{french:?}"
        );
        let german = |addr: &str| {
            Evidence::new(E::RebindRange)
                .arg("ip", addr)
                .arg("range", rebind_range(ip(addr)).unwrap())
                .render("de")
        };
        assert!(german("fe80::1").contains("ist eine Link-Local-Adresse:"));
        assert!(german("100.64.0.1").contains("Carrier-Grade-NAT"));
        assert!(german("0.0.0.0").contains("die unspezifizierte Adresse"));
    }

    #[test]
    fn another_address_is_a_wrong_address_and_says_whose() {
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(addrs(&["198.51.100.7"])),
            publics(vec![addrs(&["192.0.2.50"])]),
        );
        assert_eq!(a.codes(), [DNS_WRONG_ADDRESS]);
        assert_eq!(
            a.findings[0].facts,
            DnsFacts::AnswerDiffers {
                resolver: "router".into(),
                answered: vec![ip("198.51.100.7")],
                expected: ip("192.0.2.50")
            }
        );
        assert!(a.findings[0]
            .evidence
            .iter()
            .any(|e| e.render("en").contains("hijacking")));
    }

    #[test]
    fn a_name_for_an_old_address_is_stale() {
        // The POS holds the name for .50; the box now answers at .51 and reports .51.
        let ips = BoxIps {
            contacted: ip("192.0.2.51"),
            reported: Some(ip("192.0.2.51")),
        };
        let a = analyse(
            NAME,
            ips,
            sys(addrs(&["192.0.2.50"])),
            publics(vec![addrs(&["192.0.2.50"])]),
        );
        assert_eq!(a.codes(), [DNS_WRONG_ADDRESS]);
        assert_eq!(a.status, DnsStatus::Problem);
        assert_eq!(
            a.findings[0].facts,
            DnsFacts::StaleName {
                encoded: ip("192.0.2.50"),
                box_ip: ip("192.0.2.51"),
                box_ip_source: BoxIpSource::Reported
            }
        );
        assert!(
            a.findings[0]
                .evidence
                .iter()
                .any(|e| e.render("en").contains("IP changed")),
            "{:?}",
            a.findings[0].evidence
        );

        // Reached at the name's address but the box reports another one: still its address.
        let ips = BoxIps {
            contacted: ip("192.0.2.50"),
            reported: Some(ip("198.51.100.50")),
        };
        let a = analyse(NAME, ips, sys(addrs(&["192.0.2.50"])), vec![]);
        assert_eq!(a.codes(), [DNS_OK]);
    }

    #[test]
    fn nxdomain_everywhere_is_unresolvable() {
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(Outcome::NxDomain),
            publics(vec![Outcome::NxDomain, Outcome::NxDomain]),
        );
        assert_eq!(a.codes(), [DNS_UNRESOLVABLE]);
        let DnsFacts::Unresolvable { answers } = &a.findings[0].facts else {
            panic!()
        };
        assert_eq!(answers.len(), 3);
        // Public resolvers that say so outweigh a system resolver that fails.
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(Outcome::Timeout),
            publics(vec![Outcome::NoData]),
        );
        assert_eq!(a.codes(), [DNS_UNRESOLVABLE]);
    }

    #[test]
    fn a_failure_is_worded_by_the_catalogue_with_its_technical_value_as_is() {
        use crate::dns::{Failure, NotAsked};
        let rcode = lookup(
            "router",
            "192.0.2.1:53",
            Outcome::Failed(Failure::Rcode {
                rcode: "NOTIMP (4)".into(),
            }),
        );
        assert_eq!(
            answered(&rcode, "system").render("fr"),
            "le résolveur système router a échoué : il a répondu NOTIMP (4)"
        );
        let listens = lookup(
            "router",
            "192.0.2.1:53",
            Outcome::Failed(Failure::NothingListens),
        );
        assert_eq!(
            answered(&listens, "public").render("de"),
            "der öffentliche Resolver router ist fehlgeschlagen: auf seinem Port lauscht nichts (Port nicht erreichbar)"
        );
        let socket = Outcome::Failed(Failure::SocketSend {
            detail: "Network is unreachable (os error 101)".into(),
        });
        let text = answered(&lookup("r", "192.0.2.1:53", socket), "system").render("es");
        assert!(
            text.ends_with("no se pudo enviar la consulta (Network is unreachable (os error 101))"),
            "{text}"
        );
        let test_mode = Outcome::PolicyRefused(NotAsked::Policy {
            mode: crate::net_policy::LoopbackReason::Test,
        });
        let text = answered(&lookup("r", "8.8.8.8:53", test_mode), "public").render("nl");
        assert!(
            text.ends_with("werd niet gevraagd: in testmodus worden alleen loopback-adressen (127.0.0.0/8, ::1) benaderd"),
            "{text}"
        );
        let system = Outcome::PolicyRefused(NotAsked::SystemResolver);
        let text = answered(&lookup("r", "127.0.0.53:53", system), "system").render("fr");
        assert!(text.contains("si vous l'indiquez explicitement"), "{text}");
    }

    #[test]
    fn without_a_public_answer_it_is_inconclusive() {
        let refused = Outcome::PolicyRefused(crate::dns::NotAsked::Policy {
            mode: crate::net_policy::LoopbackReason::Test,
        });
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(Outcome::NoData),
            publics(vec![refused.clone(), Outcome::Timeout]),
        );
        assert_eq!(a.codes(), [DNS_INCONCLUSIVE]);
        assert_eq!(a.status, DnsStatus::Inconclusive);
        let a = analyse(NAME, at("192.0.2.50"), sys(Outcome::NoData), vec![]);
        assert_eq!(a.status, DnsStatus::Inconclusive);
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            Err("no /etc/resolv.conf".into()),
            publics(vec![addrs(&["192.0.2.50"])]),
        );
        assert_eq!(a.status, DnsStatus::Inconclusive);
        assert_eq!(a.system_error.as_deref(), Some("no /etc/resolv.conf"));
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(refused),
            publics(vec![addrs(&["192.0.2.50"])]),
        );
        assert_eq!(a.status, DnsStatus::Inconclusive);
    }

    #[test]
    fn a_silent_system_resolver_with_public_answers_is_its_own_finding() {
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(Outcome::Timeout),
            publics(vec![addrs(&["192.0.2.50"])]),
        );
        assert_eq!(a.codes(), [DNS_SYSTEM_RESOLVER_UNAVAILABLE]);
    }

    #[test]
    fn a_name_without_an_encoded_ip_is_checked_against_the_contacted_ip() {
        let a = analyse(
            "iot.shop.example",
            at("192.0.2.50"),
            sys(addrs(&["192.0.2.50"])),
            vec![],
        );
        assert_eq!(
            (a.encoded_ip, a.expected_ip, a.status),
            (None, ip("192.0.2.50"), DnsStatus::Ok)
        );
    }

    #[test]
    fn the_analysis_serialises_in_camel_case_with_tagged_outcomes() {
        let a = analyse(
            NAME,
            at("192.0.2.50"),
            sys(Outcome::NoData),
            publics(vec![addrs(&["192.0.2.50"])]),
        );
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["status"], "problem");
        assert_eq!(json["expectedIp"], "192.0.2.50");
        assert_eq!(
            json["findings"][0]["code"], "DNS_REBIND_FILTERED",
            "serialised as the code itself"
        );
        assert_eq!(json["findings"][0]["facts"]["kind"], "rebindFiltered");
        assert_eq!(
            json["findings"][0]["facts"]["systemAnswer"],
            serde_json::json!({"kind": "noData"})
        );
        assert_eq!(
            json["public"][0]["outcome"],
            serde_json::json!({"kind": "addresses", "detail": ["192.0.2.50"]})
        );
        assert_eq!(json["public"][0]["resolver"]["addr"], "203.0.113.1:53");
        assert_eq!(json["system"]["queriesSent"], 1);
    }

    #[test]
    fn rebind_ranges() {
        for private in [
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.50",
            "127.0.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "fd00::1",
            "fe80::1",
            "::1",
            "::ffff:192.168.1.1",
        ] {
            assert!(rebind_range(ip(private)).is_some(), "{private}");
        }
        for public in ["192.0.2.1", "8.8.8.8", "2001:db8::1", "100.128.0.1"] {
            assert!(rebind_range(ip(public)).is_none(), "{public}");
        }
    }
}
