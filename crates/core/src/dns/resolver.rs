//! Asking one explicit resolver about one name, over UDP (TCP when the answer is truncated),
//! with a short per-attempt timeout and a retry. `NetPolicy::check` is asked before every packet.
//!
//! We do not use a stub resolver library on purpose: field-problems.md §3.2 needs to know what
//! *each* resolver answers (empty, NXDOMAIN, REFUSED, SERVFAIL, `0.0.0.0`), and a library that
//! falls through to the next server or caches would hide exactly that.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{DNSClass, Name, RData, RecordType};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};
use tokio::time::{timeout, timeout_at, Instant};

use super::config::{Resolver, ResolverOrigin};
pub use super::failure::{Failure, NotAsked};
use crate::net_policy::NetPolicy;

/// What we advertise as our UDP payload size (EDNS), the DNS flag day 2020 value.
const EDNS_PAYLOAD: u16 = 1232;
/// A DNS message over TCP is at most 65535 bytes; over UDP we accept up to this.
const UDP_BUFFER: usize = 4096;

/// What one resolver said about one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "detail", rename_all = "camelCase")]
pub enum Outcome {
    /// NOERROR with A (and, when asked, AAAA) records, in answer order. May be `0.0.0.0`/`::`.
    Addresses(Vec<IpAddr>),
    /// NOERROR without an address record.
    NoData,
    NxDomain,
    Refused,
    ServFail,
    /// No answer within every attempt's timeout.
    Timeout,
    /// Anything else: another RCODE, a socket error, nothing listening, a malformed answer.
    Failed(Failure),
    /// The network policy forbade contacting this resolver; nothing was sent.
    PolicyRefused(NotAsked),
}

impl Outcome {
    /// The resolver answered (whatever it answered), as opposed to timeouts, errors, refusals
    /// by our own policy.
    pub fn is_answer(&self) -> bool {
        matches!(
            self,
            Self::Addresses(_) | Self::NoData | Self::NxDomain | Self::Refused | Self::ServFail
        )
    }

    /// For logs and Debug: `127.0.0.1`, `no address (NOERROR, empty)`, `NXDOMAIN`, … (readers
    /// get the catalogue's sentence for the outcome: `analysis`).
    pub fn describe(&self) -> String {
        match self {
            Self::Addresses(ips) => ips
                .iter()
                .map(|ip| ip.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Self::NoData => "no address (NOERROR, empty answer)".into(),
            Self::NxDomain => "NXDOMAIN (no such name)".into(),
            Self::Refused => "REFUSED".into(),
            Self::ServFail => "SERVFAIL".into(),
            Self::Timeout => "no answer (timeout)".into(),
            Self::Failed(why) => format!("failed: {why:?}"),
            Self::PolicyRefused(why) => format!("not asked: {why:?}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Transport {
    Udp,
    /// The UDP answer was truncated and the query was repeated over TCP.
    Tcp,
}

/// One resolver's answer for one name, with how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Lookup {
    pub resolver: Resolver,
    pub name: String,
    pub outcome: Outcome,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub elapsed_ms: u64,
    /// Packets (UDP datagrams or TCP queries) actually sent; 0 when the policy refused.
    pub queries_sent: u32,
    pub transport: Transport,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryOptions {
    /// How long to wait for an answer to one datagram (and for the TCP exchange).
    pub attempt_timeout: Duration,
    /// Datagrams re-sent after a timeout (1 → at most two).
    pub retries: u32,
    /// Also ask for AAAA records. Odoo names encode IPv4, so A is the one that matters.
    pub aaaa: bool,
    /// Repeat a truncated UDP query over TCP.
    pub tcp_fallback: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        Self {
            attempt_timeout: Duration::from_secs(2),
            retries: 1,
            aaaa: false,
            tcp_fallback: true,
        }
    }
}

impl QueryOptions {
    /// The longest a [`lookup`] can take (a truncated answer's TCP exchange adds one attempt).
    pub fn deadline(&self) -> Duration {
        self.attempt_timeout * (self.retries + 1 + u32::from(self.tcp_fallback))
    }
}

/// Asks `resolver` for the addresses of `name`. Never fails: every problem is an [`Outcome`].
///
/// The policy is asked before every packet. The system's resolver (`/etc/resolv.conf`) is not used
/// at all outside real runs, even when it is on loopback: a local stub such as `127.0.0.53`
/// forwards to the real network. Tests and the demo give their resolver explicitly.
pub async fn lookup(
    policy: &NetPolicy,
    resolver: &Resolver,
    name: &str,
    opts: &QueryOptions,
) -> Lookup {
    let started = Instant::now();
    let mut sent = 0;
    let mut transport = Transport::Udp;
    let outcome = if !policy.is_real() && resolver.origin == ResolverOrigin::System {
        Outcome::PolicyRefused(NotAsked::SystemResolver)
    } else if let Err(refusal) = policy.check(resolver.addr.ip()) {
        Outcome::PolicyRefused(refusal.into())
    } else if opts.aaaa {
        let (a, aaaa) = tokio::join!(
            query(policy, resolver.addr, name, RecordType::A, opts),
            query(policy, resolver.addr, name, RecordType::AAAA, opts),
        );
        sent = a.sent + aaaa.sent;
        if a.transport == Transport::Tcp || aaaa.transport == Transport::Tcp {
            transport = Transport::Tcp;
        }
        merge(a.outcome, aaaa.outcome)
    } else {
        let a = query(policy, resolver.addr, name, RecordType::A, opts).await;
        sent = a.sent;
        transport = a.transport;
        a.outcome
    };
    Lookup {
        resolver: resolver.clone(),
        name: name.to_owned(),
        outcome,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        queries_sent: sent,
        transport,
    }
}

/// Asks every resolver at once; the lookups come back in the order of `resolvers`.
pub async fn lookup_all(
    policy: &NetPolicy,
    resolvers: &[Resolver],
    name: &str,
    opts: &QueryOptions,
) -> Vec<Lookup> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, resolver) in resolvers.iter().enumerate() {
        let (policy, resolver, name, opts) =
            (*policy, resolver.clone(), name.to_owned(), opts.clone());
        tasks.spawn(async move { (i, lookup(&policy, &resolver, &name, &opts).await) });
    }
    let mut done: Vec<Option<Lookup>> = vec![None; resolvers.len()];
    while let Some(joined) = tasks.join_next().await {
        if let Ok((i, lookup)) = joined {
            done[i] = Some(lookup);
        }
    }
    done.into_iter()
        .zip(resolvers)
        .map(|(lookup, resolver)| {
            lookup.unwrap_or_else(|| Lookup {
                resolver: resolver.clone(),
                name: name.to_owned(),
                outcome: Outcome::Failed(Failure::Stopped),
                elapsed_ms: 0,
                queries_sent: 0,
                transport: Transport::Udp,
            })
        })
        .collect()
}

/// A and AAAA together: any addresses win; otherwise what the A query said.
fn merge(a: Outcome, aaaa: Outcome) -> Outcome {
    match (a, aaaa) {
        (Outcome::Addresses(mut v4), Outcome::Addresses(v6)) => {
            v4.extend(v6);
            Outcome::Addresses(v4)
        }
        (a @ Outcome::Addresses(_), _) => a,
        (Outcome::NoData, aaaa @ Outcome::Addresses(_)) => aaaa,
        (a, _) => a,
    }
}

struct Asked {
    outcome: Outcome,
    sent: u32,
    transport: Transport,
}

async fn query(
    policy: &NetPolicy,
    server: SocketAddr,
    name: &str,
    rtype: RecordType,
    opts: &QueryOptions,
) -> Asked {
    let mut asked = Asked {
        outcome: Outcome::Timeout,
        sent: 0,
        transport: Transport::Udp,
    };
    let qname = match Name::from_ascii(name.trim_end_matches('.')) {
        Ok(mut qname) if !name.trim().is_empty() => {
            qname.set_fqdn(true);
            qname
        }
        _ => {
            asked.outcome = Outcome::Failed(Failure::InvalidName);
            return asked;
        }
    };
    let id = random_id();
    let mut msg = Message::new();
    msg.set_id(id)
        .set_message_type(MessageType::Query)
        .set_op_code(OpCode::Query)
        .set_recursion_desired(true)
        .add_query(Query::query(qname.clone(), rtype));
    let mut edns = Edns::new();
    edns.set_max_payload(EDNS_PAYLOAD);
    msg.set_edns(edns);
    let packet = match msg.to_vec() {
        Ok(packet) => packet,
        Err(e) => {
            asked.outcome = Outcome::Failed(Failure::Encode {
                detail: e.to_string(),
            });
            return asked;
        }
    };
    let expect = Expect {
        id,
        qname: &qname,
        rtype,
    };
    let answer = match udp_exchange(policy, server, &packet, &expect, opts, &mut asked.sent).await {
        Ok(answer) if answer.truncated() && opts.tcp_fallback => {
            asked.transport = Transport::Tcp;
            tcp_exchange(policy, server, &packet, &expect, opts, &mut asked.sent).await
        }
        other => other,
    };
    asked.outcome = match answer {
        Ok(answer) => interpret(&answer),
        Err(outcome) => outcome,
    };
    asked
}

struct Expect<'a> {
    id: u16,
    qname: &'a Name,
    rtype: RecordType,
}

impl Expect<'_> {
    /// Only the answer to our question counts: same id, a response, same question.
    fn matches(&self, msg: &Message) -> bool {
        msg.id() == self.id
            && msg.message_type() == MessageType::Response
            && msg.queries().len() == 1
            && msg.queries()[0].query_type() == self.rtype
            && msg.queries()[0].query_class() == DNSClass::IN
            && msg.queries()[0]
                .name()
                .to_ascii()
                .eq_ignore_ascii_case(&self.qname.to_ascii())
    }
}

fn interpret(answer: &Message) -> Outcome {
    match answer.response_code() {
        ResponseCode::NoError => {
            let ips: Vec<IpAddr> = answer
                .answers()
                .iter()
                .filter_map(|record| match record.data() {
                    RData::A(a) => Some(IpAddr::V4(a.0)),
                    RData::AAAA(aaaa) => Some(IpAddr::V6(aaaa.0)),
                    _ => None,
                })
                .collect();
            if ips.is_empty() {
                if answer.truncated() {
                    Outcome::Failed(Failure::Truncated)
                } else {
                    Outcome::NoData
                }
            } else {
                Outcome::Addresses(ips)
            }
        }
        ResponseCode::NXDomain => Outcome::NxDomain,
        ResponseCode::Refused => Outcome::Refused,
        ResponseCode::ServFail => Outcome::ServFail,
        other => Outcome::Failed(Failure::Rcode {
            rcode: format!(
                "{} ({})",
                format!("{other:?}").to_uppercase(),
                u16::from(other)
            ),
        }),
    }
}

async fn udp_exchange(
    policy: &NetPolicy,
    server: SocketAddr,
    packet: &[u8],
    expect: &Expect<'_>,
    opts: &QueryOptions,
    sent: &mut u32,
) -> Result<Message, Outcome> {
    let local: SocketAddr = match server {
        SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    let detail = |e: std::io::Error| e.to_string();
    let socket = UdpSocket::bind(local)
        .await
        .map_err(|e| Outcome::Failed(Failure::SocketOpen { detail: detail(e) }))?;
    // Connected: the kernel drops datagrams from anyone but the server.
    socket
        .connect(server)
        .await
        .map_err(|e| Outcome::Failed(Failure::SocketAddress { detail: detail(e) }))?;
    let mut buf = vec![0u8; UDP_BUFFER];
    for _ in 0..=opts.retries {
        policy
            .check(server.ip())
            .map_err(|r| Outcome::PolicyRefused(r.into()))?;
        socket
            .send(packet)
            .await
            .map_err(|e| Outcome::Failed(Failure::SocketSend { detail: detail(e) }))?;
        *sent += 1;
        let deadline = Instant::now() + opts.attempt_timeout;
        loop {
            match timeout_at(deadline, socket.recv(&mut buf)).await {
                Err(_elapsed) => break,
                // The ICMP port-unreachable answer: ECONNREFUSED on Unix, WSAECONNRESET on Windows.
                Ok(Err(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::ConnectionReset
                    ) =>
                {
                    return Err(Outcome::Failed(Failure::NothingListens));
                }
                Ok(Err(e)) => {
                    return Err(Outcome::Failed(Failure::SocketReceive {
                        detail: detail(e),
                    }))
                }
                Ok(Ok(n)) => match Message::from_vec(&buf[..n]) {
                    Ok(msg) if expect.matches(&msg) => return Ok(msg),
                    // Stray, spoofed or garbled datagrams are ignored; the deadline still holds.
                    _ => continue,
                },
            }
        }
    }
    Err(Outcome::Timeout)
}

async fn tcp_exchange(
    policy: &NetPolicy,
    server: SocketAddr,
    packet: &[u8],
    expect: &Expect<'_>,
    opts: &QueryOptions,
    sent: &mut u32,
) -> Result<Message, Outcome> {
    policy
        .check(server.ip())
        .map_err(|r| Outcome::PolicyRefused(r.into()))?;
    let exchange = async {
        let mut stream = TcpStream::connect(server).await?;
        let mut framed = Vec::with_capacity(packet.len() + 2);
        framed.extend_from_slice(
            &u16::try_from(packet.len())
                .unwrap_or(u16::MAX)
                .to_be_bytes(),
        );
        framed.extend_from_slice(packet);
        stream.write_all(&framed).await?;
        *sent += 1;
        let len = stream.read_u16().await?;
        let mut body = vec![0u8; usize::from(len)];
        stream.read_exact(&mut body).await?;
        Ok::<_, std::io::Error>(body)
    };
    match timeout(opts.attempt_timeout, exchange).await {
        Err(_elapsed) => Err(Outcome::Timeout),
        Ok(Err(e)) => Err(Outcome::Failed(Failure::Tcp {
            detail: e.to_string(),
        })),
        Ok(Ok(body)) => match Message::from_vec(&body) {
            Ok(msg) if expect.matches(&msg) => Ok(msg),
            Ok(_) => Err(Outcome::Failed(Failure::TcpOtherQuestion)),
            Err(e) => Err(Outcome::Failed(Failure::TcpMalformed {
                detail: e.to_string(),
            })),
        },
    }
}

/// An unpredictable query id (a spoofed answer must guess it).
fn random_id() -> u16 {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 2];
    // SystemRandom only fails when the OS has no entropy source; a fixed id is still correct.
    let _ = ring::rand::SystemRandom::new().fill(&mut bytes);
    u16::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net_policy::LoopbackReason;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn outside_real_runs_the_resolv_conf_resolver_is_never_asked_even_on_loopback() {
        let policy = NetPolicy::loopback_only(LoopbackReason::Test);
        let stub = Resolver {
            addr: sa("127.0.0.53:53"),
            label: "system".into(),
            origin: ResolverOrigin::System,
        };
        let got = lookup(
            &policy,
            &stub,
            "127-0-0-1.h.odoo-iot.com",
            &QueryOptions::default(),
        )
        .await;
        assert!(
            matches!(
                got.outcome,
                Outcome::PolicyRefused(NotAsked::SystemResolver)
            ),
            "{got:?}"
        );
        assert_eq!(got.queries_sent, 0);
    }

    #[tokio::test]
    async fn an_invalid_name_fails_without_a_packet() {
        let policy = NetPolicy::loopback_only(LoopbackReason::Test);
        let r = Resolver::new(sa("127.0.0.1:9"), "test");
        for bad in ["", "a..b", "x".repeat(300).as_str()] {
            let got = lookup(&policy, &r, bad, &QueryOptions::default()).await;
            assert!(
                matches!(got.outcome, Outcome::Failed(_)),
                "{bad:?}: {got:?}"
            );
            assert_eq!(got.queries_sent, 0);
        }
    }

    #[test]
    fn a_and_aaaa_merge() {
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(
            merge(Outcome::Addresses(vec![v4]), Outcome::Addresses(vec![v6])),
            Outcome::Addresses(vec![v4, v6])
        );
        assert_eq!(
            merge(Outcome::Addresses(vec![v4]), Outcome::NoData),
            Outcome::Addresses(vec![v4])
        );
        assert_eq!(
            merge(Outcome::NoData, Outcome::Addresses(vec![v6])),
            Outcome::Addresses(vec![v6])
        );
        assert_eq!(
            merge(Outcome::NxDomain, Outcome::Timeout),
            Outcome::NxDomain
        );
        assert_eq!(merge(Outcome::NoData, Outcome::NoData), Outcome::NoData);
    }

    #[test]
    fn the_deadline_counts_every_attempt() {
        assert_eq!(QueryOptions::default().deadline(), Duration::from_secs(6));
        let udp_only = QueryOptions {
            tcp_fallback: false,
            ..QueryOptions::default()
        };
        assert_eq!(udp_only.deadline(), Duration::from_secs(4));
    }
}
