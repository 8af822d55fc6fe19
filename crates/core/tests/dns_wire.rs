//! The resolver client against a scripted DNS server on loopback: every RCODE maps to its
//! outcome, stray and spoofed datagrams are ignored, a truncated answer is repeated over TCP,
//! and nothing listening fails fast.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, ResponseCode};
use hickory_proto::rr::rdata::{A, CNAME};
use hickory_proto::rr::{Name, RData, Record};
use iot_https_core::dns::resolver::Transport;
use iot_https_core::dns::{lookup, Failure, Outcome, QueryOptions, Resolver};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};

const NAME: &str = "127-0-0-1.d73e7513.odoo-iot.com";

type Script = dyn Fn(&Message) -> Vec<Vec<u8>> + Send + Sync;

fn policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

fn fast() -> QueryOptions {
    QueryOptions {
        attempt_timeout: Duration::from_millis(300),
        ..QueryOptions::default()
    }
}

/// A server on one loopback port: `udp` decides the datagrams sent back for each query; TCP
/// (same port) answers `tcp` when given.
async fn serve(udp: Arc<Script>, tcp: Option<Arc<Script>>) -> SocketAddr {
    let (socket, listener) = bind_pair(tcp.is_some()).await;
    let addr = socket.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = [0u8; 4096];
        while let Ok((n, from)) = socket.recv_from(&mut buf).await {
            if let Ok(query) = Message::from_vec(&buf[..n]) {
                for datagram in udp(&query) {
                    let _ = socket.send_to(&datagram, from).await;
                }
            }
        }
    });
    if let (Some(tcp), Some(listener)) = (tcp, listener) {
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let tcp = tcp.clone();
                tokio::spawn(async move {
                    let len = stream.read_u16().await.unwrap();
                    let mut body = vec![0u8; usize::from(len)];
                    stream.read_exact(&mut body).await.unwrap();
                    let query = Message::from_vec(&body).unwrap();
                    for answer in tcp(&query) {
                        stream.write_u16(answer.len() as u16).await.unwrap();
                        stream.write_all(&answer).await.unwrap();
                    }
                });
            }
        });
    }
    addr
}

/// A UDP socket and, when asked, a TCP listener on the same loopback port. The port the
/// kernel gives UDP may already be held on the TCP side (another test's outgoing connection),
/// so a clash picks a fresh port instead of failing the test.
async fn bind_pair(with_tcp: bool) -> (UdpSocket, Option<TcpListener>) {
    for _ in 0..50 {
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        if !with_tcp {
            return (socket, None);
        }
        if let Ok(listener) = TcpListener::bind(socket.local_addr().unwrap()).await {
            return (socket, Some(listener));
        }
    }
    panic!("no loopback port free for both UDP and TCP after 50 tries");
}

fn reply(query: &Message, rcode: ResponseCode, answers: Vec<Record>, truncated: bool) -> Vec<u8> {
    let mut msg = Message::new();
    msg.set_id(query.id())
        .set_message_type(MessageType::Response)
        .set_op_code(query.op_code())
        .set_recursion_desired(true)
        .set_recursion_available(true)
        .set_response_code(rcode)
        .set_truncated(truncated)
        .add_queries(query.queries().to_vec())
        .add_answers(answers);
    msg.to_vec().unwrap()
}

fn a(name: &str, ip: [u8; 4]) -> Record {
    Record::from_rdata(
        Name::from_ascii(name).unwrap(),
        60,
        RData::A(A(Ipv4Addr::from(ip))),
    )
}

async fn ask(addr: SocketAddr, opts: &QueryOptions) -> iot_https_core::dns::Lookup {
    lookup(&policy(), &Resolver::new(addr, "scripted"), NAME, opts).await
}

#[tokio::test]
async fn each_rcode_becomes_its_outcome() {
    let cases: Vec<(ResponseCode, Vec<Record>, Outcome)> = vec![
        (
            ResponseCode::NoError,
            vec![a(NAME, [127, 0, 0, 1])],
            Outcome::Addresses(vec![IpAddr::from([127, 0, 0, 1])]),
        ),
        (ResponseCode::NoError, vec![], Outcome::NoData),
        (
            ResponseCode::NoError,
            vec![a(NAME, [0, 0, 0, 0])],
            Outcome::Addresses(vec![IpAddr::from([0, 0, 0, 0])]),
        ),
        (ResponseCode::NXDomain, vec![], Outcome::NxDomain),
        (ResponseCode::Refused, vec![], Outcome::Refused),
        (ResponseCode::ServFail, vec![], Outcome::ServFail),
        (
            ResponseCode::NotImp,
            vec![],
            // The RCODE as DNS names it, a value the catalogue's sentence quotes.
            Outcome::Failed(Failure::Rcode {
                rcode: "NOTIMP (4)".into(),
            }),
        ),
    ];
    for (rcode, answers, expected) in cases {
        let addr = serve(
            Arc::new(move |q: &Message| vec![reply(q, rcode, answers.clone(), false)]),
            None,
        )
        .await;
        let got = ask(addr, &fast()).await;
        assert_eq!(got.outcome, expected, "{rcode:?}");
        assert_eq!((got.queries_sent, got.transport), (1, Transport::Udp));
    }
}

#[tokio::test]
async fn a_cname_chain_yields_the_final_addresses() {
    let addr = serve(
        Arc::new(|q: &Message| {
            let alias = Record::from_rdata(
                Name::from_ascii(NAME).unwrap(),
                60,
                RData::CNAME(CNAME(Name::from_ascii("box.example.test.").unwrap())),
            );
            vec![reply(
                q,
                ResponseCode::NoError,
                vec![alias, a("box.example.test.", [127, 0, 0, 3])],
                false,
            )]
        }),
        None,
    )
    .await;
    assert_eq!(
        ask(addr, &fast()).await.outcome,
        Outcome::Addresses(vec![IpAddr::from([127, 0, 0, 3])])
    );
}

#[tokio::test]
async fn garbage_and_spoofed_answers_are_ignored() {
    let addr = serve(
        Arc::new(|q: &Message| {
            let mut wrong_id = Message::from_vec(&reply(
                q,
                ResponseCode::NoError,
                vec![a(NAME, [127, 6, 6, 6])],
                false,
            ))
            .unwrap();
            wrong_id.set_id(q.id().wrapping_add(1));
            let mut other_question = q.clone();
            other_question.set_message_type(MessageType::Response);
            other_question.queries_mut()[0]
                .set_name(Name::from_ascii("evil.example.test.").unwrap());
            let mut not_a_response = q.clone();
            not_a_response.add_answer(a(NAME, [127, 6, 6, 6]));
            vec![
                b"\x00\x01garbage".to_vec(),
                wrong_id.to_vec().unwrap(),
                other_question.to_vec().unwrap(),
                not_a_response.to_vec().unwrap(),
                reply(
                    q,
                    ResponseCode::NoError,
                    vec![a(NAME, [127, 0, 0, 1])],
                    false,
                ),
            ]
        }),
        None,
    )
    .await;
    assert_eq!(
        ask(addr, &fast()).await.outcome,
        Outcome::Addresses(vec![IpAddr::from([127, 0, 0, 1])])
    );
}

#[tokio::test]
async fn a_truncated_answer_is_repeated_over_tcp() {
    let addr = serve(
        Arc::new(|q: &Message| vec![reply(q, ResponseCode::NoError, vec![], true)]),
        Some(Arc::new(|q: &Message| {
            vec![reply(
                q,
                ResponseCode::NoError,
                vec![a(NAME, [127, 0, 0, 1]), a(NAME, [127, 0, 0, 2])],
                false,
            )]
        })),
    )
    .await;
    let got = ask(addr, &fast()).await;
    assert_eq!(
        got.outcome,
        Outcome::Addresses(vec![
            IpAddr::from([127, 0, 0, 1]),
            IpAddr::from([127, 0, 0, 2])
        ])
    );
    assert_eq!((got.transport, got.queries_sent), (Transport::Tcp, 2));

    // Without the fallback a truncated, empty answer is a failure, not "no address".
    let udp_only = QueryOptions {
        tcp_fallback: false,
        ..fast()
    };
    assert!(ask(addr, &udp_only).await.outcome == Outcome::Failed(Failure::Truncated));
}

#[tokio::test]
async fn a_lost_datagram_is_retried_once() {
    let seen = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = seen.clone();
    let addr = serve(
        Arc::new(move |q: &Message| {
            // The first query is "lost"; the retry gets the answer.
            if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                vec![]
            } else {
                vec![reply(
                    q,
                    ResponseCode::NoError,
                    vec![a(NAME, [127, 0, 0, 1])],
                    false,
                )]
            }
        }),
        None,
    )
    .await;
    let got = ask(addr, &fast()).await;
    assert_eq!(
        got.outcome,
        Outcome::Addresses(vec![IpAddr::from([127, 0, 0, 1])])
    );
    assert_eq!(got.queries_sent, 2);
    assert!(got.elapsed_ms >= 300, "{got:?}");
}

#[tokio::test]
async fn nothing_listening_fails_fast() {
    let port = {
        let s = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        s.local_addr().unwrap().port()
    };
    let got = ask(
        SocketAddr::from(([127, 0, 0, 1], port)),
        &QueryOptions::default(),
    )
    .await;
    // Failed, not Timeout: the port-unreachable answer ended the lookup, not the deadline.
    assert!(
        got.outcome == Outcome::Failed(Failure::NothingListens),
        "{got:?}"
    );
}
