//! The DNS check against real resolvers: unbound instances on loopback play Odoo's DNS, a shop
//! router with rebinding protection, the same router with the `odoo-iot.com` exception, and a
//! public resolver (see `iot_https_test_support::dns`). Nothing leaves 127.0.0.0/8.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use iot_https_core::dns::analysis::{
    BoxIpSource, DNS_OK, DNS_REBIND_FILTERED, DNS_SYSTEM_RESOLVER_UNAVAILABLE, DNS_UNRESOLVABLE,
    DNS_WRONG_ADDRESS,
};
use iot_https_core::dns::{
    check_name, expected_name, lookup, BoxIps, DnsFacts, DnsStatus, NotAsked, Outcome,
    QueryOptions, Resolver, ResolverSet,
};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_test_support::dns::{
    test_policy, Lab, NAME_9, NAME_MISSING, NAME_OK, NAME_WRONG, SUBJECT,
};

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn box_at(s: &str) -> BoxIps {
    BoxIps {
        contacted: ip(s),
        reported: Some(ip(s)),
    }
}

#[tokio::test]
async fn the_router_filter_hides_the_private_answer_and_the_check_says_so() {
    let lab = Lab::start().await;
    let name = expected_name(ip("127.0.0.1"), SUBJECT).unwrap();
    assert_eq!(name, NAME_OK);
    let set = ResolverSet::explicit(lab.router.resolver(), vec![lab.public.resolver()]);
    let analysis = check_name(
        &test_policy(),
        &name,
        box_at("127.0.0.1"),
        &set,
        &QueryOptions::default(),
    )
    .await;

    let system = analysis.system.as_ref().unwrap();
    // What unbound's `private-address` does to the answer: the A record is stripped, the rest
    // stays, so the router answers NOERROR with an empty answer section (NODATA).
    assert_eq!(
        system.outcome,
        Outcome::NoData,
        "router log:\n{}",
        lab.router.log()
    );
    assert_eq!(
        analysis.public[0].outcome,
        Outcome::Addresses(vec![ip("127.0.0.1")])
    );
    assert_eq!(analysis.status, DnsStatus::Problem);
    assert_eq!(analysis.codes(), [DNS_REBIND_FILTERED]);
    let finding = &analysis.findings[0];
    let DnsFacts::RebindFiltered {
        expected,
        system_answer,
        confirmed_by,
        private_address,
        ..
    } = &finding.facts
    else {
        panic!("{finding:?}");
    };
    assert_eq!(
        (*expected, system_answer, *private_address),
        (ip("127.0.0.1"), &Outcome::NoData, true)
    );
    assert_eq!(confirmed_by, &[lab.public.resolver().label]);
    let evidence =
        iot_https_core::findings::evidence::render_all(&finding.evidence, "en").join("\n");
    assert!(
        evidence.contains("NOERROR, empty") && evidence.contains("loopback"),
        "{evidence}"
    );
    // Both asked at once, each answering fast: far below one attempt timeout.
    assert!(
        system.elapsed_ms < 1000 && analysis.public[0].elapsed_ms < 1000,
        "{analysis:?}"
    );
}

#[tokio::test]
async fn with_the_odoo_iot_exception_the_name_resolves_and_the_check_is_ok() {
    let lab = Lab::start().await;
    let set = ResolverSet::explicit(lab.fixed_router.resolver(), vec![lab.public.resolver()]);
    let analysis = check_name(
        &test_policy(),
        NAME_OK,
        box_at("127.0.0.1"),
        &set,
        &QueryOptions::default(),
    )
    .await;
    assert_eq!(analysis.status, DnsStatus::Ok, "{analysis:#?}");
    assert_eq!(analysis.codes(), [DNS_OK]);
    assert_eq!(
        analysis.system.as_ref().unwrap().outcome,
        Outcome::Addresses(vec![ip("127.0.0.1")])
    );

    // The rebind filter only strips private answers for names outside the exception: the
    // filtered router still hides 127.0.0.9, the fixed one gives it.
    let opts = QueryOptions::default();
    let filtered = lookup(&test_policy(), &lab.router.resolver(), NAME_9, &opts).await;
    let fixed = lookup(&test_policy(), &lab.fixed_router.resolver(), NAME_9, &opts).await;
    assert_eq!(filtered.outcome, Outcome::NoData);
    assert_eq!(fixed.outcome, Outcome::Addresses(vec![ip("127.0.0.9")]));
}

#[tokio::test]
async fn a_record_for_another_address_is_a_wrong_address() {
    let lab = Lab::start().await;
    let set = ResolverSet::explicit(lab.fixed_router.resolver(), vec![lab.public.resolver()]);
    let analysis = check_name(
        &test_policy(),
        NAME_WRONG,
        box_at("127.0.0.7"),
        &set,
        &QueryOptions::default(),
    )
    .await;
    assert_eq!(analysis.status, DnsStatus::Problem);
    assert_eq!(
        analysis.codes(),
        [DNS_WRONG_ADDRESS, DNS_WRONG_ADDRESS],
        "{analysis:#?}"
    );
    for (finding, resolver) in analysis
        .findings
        .iter()
        .zip([&lab.fixed_router, &lab.public])
    {
        assert_eq!(
            finding.facts,
            DnsFacts::AnswerDiffers {
                resolver: resolver.resolver().label,
                answered: vec![ip("127.0.0.8")],
                expected: ip("127.0.0.7"),
            }
        );
    }
}

#[tokio::test]
async fn a_name_for_the_boxs_old_address_is_a_wrong_address_that_says_which() {
    let lab = Lab::start().await;
    // The POS still uses the name for .9; the box now answers at .1 and reports .1.
    let set = ResolverSet::explicit(lab.fixed_router.resolver(), vec![lab.public.resolver()]);
    let analysis = check_name(
        &test_policy(),
        NAME_9,
        box_at("127.0.0.1"),
        &set,
        &QueryOptions::default(),
    )
    .await;
    assert_eq!(analysis.codes(), [DNS_WRONG_ADDRESS], "{analysis:#?}");
    assert_eq!(
        analysis.findings[0].facts,
        DnsFacts::StaleName {
            encoded: ip("127.0.0.9"),
            box_ip: ip("127.0.0.1"),
            box_ip_source: BoxIpSource::Reported
        }
    );
    let evidence =
        iot_https_core::findings::evidence::render_all(&analysis.findings[0].evidence, "en")
            .join("\n");
    assert!(
        evidence.contains("127.0.0.9") && evidence.contains("IP changed"),
        "{evidence}"
    );
}

#[tokio::test]
async fn a_name_nobody_knows_is_unresolvable() {
    let lab = Lab::start().await;
    for system in [&lab.router, &lab.fixed_router] {
        let set = ResolverSet::explicit(system.resolver(), vec![lab.public.resolver()]);
        let analysis = check_name(
            &test_policy(),
            NAME_MISSING,
            box_at("127.0.0.5"),
            &set,
            &QueryOptions::default(),
        )
        .await;
        assert_eq!(analysis.codes(), [DNS_UNRESOLVABLE], "{analysis:#?}");
        assert_eq!(analysis.system.as_ref().unwrap().outcome, Outcome::NxDomain);
        assert_eq!(analysis.public[0].outcome, Outcome::NxDomain);
    }
}

#[tokio::test]
async fn public_resolvers_are_refused_in_test_mode_before_any_packet() {
    // The real-run defaults: /etc/resolv.conf's resolver, 8.8.8.8 and 1.1.1.1.
    let set = ResolverSet::host_defaults();
    assert_eq!(
        set.public.iter().map(|r| r.addr).collect::<Vec<_>>(),
        [
            SocketAddr::from(([8, 8, 8, 8], 53)),
            SocketAddr::from(([1, 1, 1, 1], 53))
        ]
    );
    let policies = [
        NetPolicy::loopback_only(LoopbackReason::Test),
        NetPolicy::loopback_only(LoopbackReason::Demo),
        // A real session against a box on loopback restricts itself.
        NetPolicy::real().for_target(IpAddr::V4(Ipv4Addr::LOCALHOST)),
    ];
    for policy in policies {
        let analysis = check_name(
            &policy,
            NAME_OK,
            box_at("127.0.0.1"),
            &set,
            &QueryOptions::default(),
        )
        .await;
        assert_eq!(analysis.status, DnsStatus::Inconclusive, "{analysis:#?}");
        for public in &analysis.public {
            assert_eq!(
                public.outcome,
                // Typed: the catalogue words the mode (no sentence from Rust).
                Outcome::PolicyRefused(NotAsked::Policy {
                    mode: policy.loopback_reason().unwrap()
                }),
                "{public:?}"
            );
            assert_eq!(
                public.queries_sent, 0,
                "nothing may be sent to {}",
                public.resolver.addr
            );
        }
        if let Some(system) = &analysis.system {
            assert!(
                matches!(system.outcome, Outcome::PolicyRefused(_)),
                "{system:?}"
            );
            assert_eq!(system.queries_sent, 0);
        }
    }
}

#[tokio::test]
async fn a_silent_resolver_times_out_within_the_deadline_while_the_others_answer() {
    let lab = Lab::start().await;
    // A resolver that reads queries and never answers; it counts what it gets.
    let silent = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let silent_addr = silent.local_addr().unwrap();
    let (count_tx, mut count_rx) = tokio::sync::watch::channel(0u32);
    tokio::spawn(async move {
        let mut buf = [0u8; 2048];
        while silent.recv_from(&mut buf).await.is_ok() {
            count_tx.send_modify(|n| *n += 1);
        }
    });
    let silent_resolver = Resolver::new(silent_addr, "silent");
    let opts = QueryOptions::default();
    let set = ResolverSet::explicit(silent_resolver.clone(), vec![lab.public.resolver()]);

    let started = Instant::now();
    let analysis = check_name(&test_policy(), NAME_OK, box_at("127.0.0.1"), &set, &opts).await;
    let took = started.elapsed();

    let system = analysis.system.as_ref().unwrap();
    assert_eq!(system.outcome, Outcome::Timeout);
    assert_eq!(system.queries_sent, 2, "one query and one retry");
    assert_eq!(*count_rx.borrow_and_update(), 2);
    // 2 s per attempt, one retry: the deadline counted both attempts.
    assert!(took >= Duration::from_secs(4), "{took:?}");
    assert_eq!(analysis.codes(), [DNS_SYSTEM_RESOLVER_UNAVAILABLE]);
}

#[tokio::test]
async fn aaaa_is_asked_on_request_and_merged() {
    let lab = Lab::start().await;
    let opts = QueryOptions {
        aaaa: true,
        ..QueryOptions::default()
    };
    let got = lookup(&test_policy(), &lab.public.resolver(), NAME_OK, &opts).await;
    assert_eq!(got.outcome, Outcome::Addresses(vec![ip("127.0.0.1")]));
    assert_eq!(got.queries_sent, 2);
    let filtered = lookup(&test_policy(), &lab.router.resolver(), NAME_OK, &opts).await;
    assert_eq!(filtered.outcome, Outcome::NoData);
}
