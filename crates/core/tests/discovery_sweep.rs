//! Sweeps against simulated boxes on loopback (127.0.0.21–23 share one port), plus silent,
//! stalling and refused targets. Every packet stays on 127.0.0.0/8.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iot_box_sim::{Family, Flavour, SimConfig, SimHandle};
use iot_https_core::discovery::{
    identify_for_saving, sweep, sweep_cidr, CancellationToken, FoundNote, Generation, Identify,
    Ipv4Cidr, SweepEvent, SweepOptions, SweepOutcome,
};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::{ApiFamily, NetPolicy, OsFlavour};
use iot_https_test_support::wait_until;
use tokio::net::{TcpListener, TcpSocket, TcpStream};

const BOXES: [(u8, Family, Flavour); 3] = [
    (21, Family::IotDrivers, Flavour::Linux),
    (22, Family::HwPosboxStatus, Flavour::Windows),
    (23, Family::LegacyHtml, Flavour::Linux),
];

/// Three boxes of different families on 127.0.0.21, .22 and .23, one free port.
async fn three_boxes() -> (Vec<SimHandle>, u16) {
    'retry: for _ in 0..20 {
        let mut sims = Vec::new();
        let mut port = 0;
        for (last, family, flavour) in BOXES {
            let cfg = SimConfig {
                family,
                flavour,
                http: SocketAddr::from(([127, 0, 0, last], port)),
                https: None,
                control: None,
                seed: Some(u64::from(last)),
                ..SimConfig::demo()
            };
            match iot_box_sim::spawn(cfg).await {
                Ok(sim) => {
                    port = sim.http_addr().port();
                    sims.push(sim);
                }
                Err(_) => {
                    for sim in sims {
                        sim.shutdown().await;
                    }
                    continue 'retry;
                }
            }
        }
        return (sims, port);
    }
    panic!("no port free on 127.0.0.21–23");
}

fn test_policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

fn fast() -> SweepOptions {
    SweepOptions {
        connect_timeout: Duration::from_millis(300),
        probe_timeout: Duration::from_secs(3),
        ..SweepOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sweep_finds_exactly_the_three_boxes_with_their_families() {
    let (sims, port) = three_boxes().await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let cidr: Ipv4Cidr = "127.0.0.0/24".parse().unwrap();
    let report = sweep_cidr(
        cidr,
        port,
        test_policy(),
        fast(),
        CancellationToken::new(),
        move |e| sink.lock().unwrap().push(e),
    )
    .await
    .unwrap();

    assert_eq!(report.outcome, SweepOutcome::Completed);
    assert_eq!((report.scanned, report.total), (254, 254));
    let addresses: Vec<&str> = report.found.iter().map(|b| b.address.as_str()).collect();
    let expected: Vec<String> = BOXES
        .iter()
        .map(|(last, ..)| format!("127.0.0.{last}:{port}"))
        .collect();
    assert_eq!(addresses, expected, "{report:#?}");

    let [drivers, posbox, legacy] = &report.found[..] else {
        unreachable!()
    };
    // saas-18.4+: family and identity from the side-effect-free data route.
    assert_eq!(
        (drivers.generation, drivers.family),
        (Generation::IotDrivers, Some(ApiFamily::IotDrivers))
    );
    assert_eq!(drivers.flavour, OsFlavour::Linux);
    assert!(
        drivers.version.as_deref().is_some_and(|v| !v.is_empty()),
        "{drivers:?}"
    );
    assert!(drivers.identifier.is_some(), "{drivers:?}");
    assert_eq!(
        drivers.reported_ip.as_deref(),
        Some("127.0.0.21"),
        "{drivers:?}"
    );
    // 17.0 – saas-18.3: the generation only; the data route (odoo.com side effect) is not read.
    assert_eq!(
        (posbox.generation, posbox.family),
        (Generation::HwPosbox, None)
    );
    assert!(posbox.version.is_none() && posbox.mac.is_none());
    assert_eq!(posbox.note, Some(FoundNote::DataRouteNotRead), "{posbox:?}");
    // A key on the wire, not a sentence.
    let json = serde_json::to_value(posbox).unwrap();
    assert_eq!(
        json["note"],
        serde_json::json!({ "key": "dataRouteNotRead" })
    );
    // 16.0: family and version from /hw_proxy/get_version.
    assert_eq!(
        (legacy.generation, legacy.family),
        (Generation::LegacyHtml, Some(ApiFamily::LegacyHtml))
    );
    assert!(legacy.version.is_some(), "{legacy:?}");

    let events = events.lock().unwrap().clone();
    assert_eq!(events.first(), Some(&SweepEvent::Started { total: 254 }));
    assert!(matches!(
        events.last(),
        Some(SweepEvent::Finished {
            found: 3,
            scanned: 254,
            total: 254,
            outcome: SweepOutcome::Completed,
            ..
        })
    ));
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, SweepEvent::Found { .. }))
            .count(),
        3
    );
    let progress: Vec<usize> = events
        .iter()
        .filter_map(|e| match e {
            SweepEvent::Progress { done, .. } => Some(*done),
            _ => None,
        })
        .collect();
    assert_eq!(progress, (1..=254).collect::<Vec<_>>());
    let json = serde_json::to_value(&events[events.len() - 1]).unwrap();
    assert_eq!(json["event"], "finished");
    assert!(json["elapsedMs"].is_u64(), "{json}");
    for sim in sims {
        sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_status_identifies_every_family_exactly() {
    let (sims, port) = three_boxes().await;
    let targets = BOXES
        .iter()
        .map(|(last, ..)| SocketAddr::from(([127, 0, 0, *last], port)))
        .collect();
    let options = SweepOptions {
        identify: Identify::ReadStatus,
        ..fast()
    };
    let report = sweep(
        targets,
        test_policy(),
        options,
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let families: Vec<_> = report.found.iter().map(|b| (b.family, b.flavour)).collect();
    assert_eq!(
        families,
        [
            (Some(ApiFamily::IotDrivers), OsFlavour::Linux),
            (Some(ApiFamily::HwPosboxStatus), OsFlavour::Windows),
            (Some(ApiFamily::LegacyHtml), OsFlavour::Linux),
        ],
        "{report:#?}"
    );
    assert!(
        report.found[1].mac.is_some() && report.found[1].version.is_some(),
        "{:?}",
        report.found[1]
    );
    assert!(report.found.iter().all(|b| b.note.is_none()), "{report:#?}");
    for sim in sims {
        sim.shutdown().await;
    }
}

/// A sweep leaves a 16.0 – saas-18.2 box's MAC unread; saving it as a site reads it once, so
/// a later check can bind the site to its box (a site without a hardware key never is).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_found_box_saved_as_a_site_is_identified_in_full() {
    let (sims, port) = three_boxes().await;
    let targets = BOXES
        .iter()
        .map(|(last, ..)| SocketAddr::from(([127, 0, 0, *last], port)))
        .collect();
    let report = sweep(
        targets,
        test_policy(),
        fast(),
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    for found in &report.found {
        let saved = identify_for_saving(found, test_policy()).await;
        assert!(
            saved.mac.is_some() || saved.identifier.is_some(),
            "{found:?} -> {saved:?}"
        );
        assert!(saved.family.is_some(), "{saved:?}");
    }
    assert!(
        report.found[1].mac.is_none(),
        "the sweep itself stays side-effect-free: {:?}",
        report.found[1]
    );
    for sim in sims {
        sim.shutdown().await;
    }
}

/// Accepts connections and never answers: a box stuck mid-restart, or any slow service.
async fn stalling_listeners(n: usize) -> (Vec<SocketAddr>, Arc<AtomicUsize>) {
    let accepted = Arc::new(AtomicUsize::new(0));
    let mut addrs = Vec::new();
    for _ in 0..n {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        addrs.push(listener.local_addr().unwrap());
        let accepted = accepted.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
    }
    (addrs, accepted)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancellation_stops_the_sweep_early() {
    let (targets, accepted) = stalling_listeners(40).await;
    // 40 stalls, 4 at a time, 10 s each: 100 s if nothing stopped it.
    let options = SweepOptions {
        concurrency: 4,
        probe_timeout: Duration::from_secs(10),
        ..fast()
    };
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    // Cancelled once the first four probes hang in the stalling listeners.
    tokio::spawn(async move {
        wait_until("four probes in flight", Duration::from_secs(30), || {
            accepted.load(Ordering::SeqCst) >= 4
        })
        .await;
        trigger.cancel();
    });
    let last = Arc::new(Mutex::new(None));
    let sink = last.clone();
    let report = sweep(targets, test_policy(), options, cancel, move |e| {
        *sink.lock().unwrap() = Some(e)
    })
    .await
    .unwrap();
    assert_eq!(report.outcome, SweepOutcome::Cancelled);
    assert!(report.scanned < report.total, "{report:?}");
    assert!(matches!(
        last.lock().unwrap().clone(),
        Some(SweepEvent::Finished {
            outcome: SweepOutcome::Cancelled,
            ..
        })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_time_limit_bounds_a_sweep() {
    let (targets, _) = stalling_listeners(4).await;
    let options = SweepOptions {
        probe_timeout: Duration::from_secs(10),
        max_duration: Duration::from_millis(300),
        ..fast()
    };
    let report = sweep(
        targets,
        test_policy(),
        options,
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    // The stalls end after 10 s each; only the 300 ms limit can have ended the sweep.
    assert_eq!(report.outcome, SweepOutcome::TimedOut);
    assert_eq!(report.scanned, 0, "{report:?}");
}

/// A listener with a full accept queue: Linux drops further SYNs, so a connect to it hangs
/// like one to a filtered address.
async fn silent_address(ip: Ipv4Addr) -> (SocketAddr, TcpListener, Vec<TcpStream>) {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((ip, 0))).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    // Backlog 0 holds one connection; it is never accepted, so the queue stays full.
    let filler = TcpStream::connect(addr).await.unwrap();
    (addr, listener, vec![filler])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_stalling_addresses_cost_only_their_timeouts() {
    let (sims, port) = three_boxes().await;
    let mut targets: Vec<SocketAddr> = BOXES
        .iter()
        .map(|(last, ..)| SocketAddr::from(([127, 0, 0, *last], port)))
        .collect();
    let mut keep = Vec::new();
    for last in 40..48 {
        let (addr, listener, fillers) = silent_address(Ipv4Addr::new(127, 0, 0, last)).await;
        targets.push(addr);
        keep.push((listener, fillers));
    }
    let (stalls, _) = stalling_listeners(4).await;
    targets.extend(stalls);
    let options = SweepOptions {
        connect_timeout: Duration::from_millis(300),
        probe_timeout: Duration::from_millis(500),
        ..SweepOptions::default()
    };
    // In series the 8 silent addresses and the 4 stalls would cost all their timeouts; in
    // parallel about one probe timeout. Compared with the cost in series, not with a speed.
    let in_series = options.connect_timeout * 8 + options.probe_timeout * 4;
    let started = Instant::now();
    let report = sweep(
        targets,
        test_policy(),
        options,
        CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let took = started.elapsed();
    assert!(took < in_series, "took {took:?}, {in_series:?} in series");
    assert_eq!(report.outcome, SweepOutcome::Completed);
    assert_eq!(report.found.len(), 3, "{report:#?}");
    assert_eq!(report.scanned, 15);
    assert_eq!(
        report.open,
        3 + 4,
        "the full-queue listeners stayed silent: {report:#?}"
    );
    drop(keep);
    for sim in sims {
        sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_mode_refuses_a_lan_sweep_before_any_packet() {
    // 192.0.2.0/24 (TEST-NET-1) stands in for a shop LAN.
    let cidr: Ipv4Cidr = "192.0.2.0/24".parse().unwrap();
    let events = Arc::new(AtomicUsize::new(0));
    let counter = events.clone();
    let err = sweep_cidr(
        cidr,
        8069,
        test_policy(),
        fast(),
        CancellationToken::new(),
        move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "NET_POLICY_REFUSED", "{err}");
    assert!(err.to_string().contains("192.0.2.1"), "{err}");
    assert_eq!(
        events.load(Ordering::SeqCst),
        0,
        "no event, so no probe was started"
    );

    // One LAN address among loopback ones refuses the whole sweep: the loopback listener
    // never sees a connection either.
    let (mut targets, accepted) = stalling_listeners(1).await;
    targets.push("192.0.2.50:8069".parse().unwrap());
    for policy in [
        test_policy(),
        NetPolicy::loopback_only(LoopbackReason::Demo),
    ] {
        let err = sweep(
            targets.clone(),
            policy,
            fast(),
            CancellationToken::new(),
            |_| panic!("no event expected"),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "NET_POLICY_REFUSED");
    }
    // Our own connection is accepted after any the refused sweeps could have made: it being the
    // first proves there were none.
    let _ours = TcpStream::connect(targets[0]).await.unwrap();
    wait_until("our connection accepted", Duration::from_secs(30), || {
        accepted.load(Ordering::SeqCst) >= 1
    })
    .await;
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_sweep_is_capped_at_1024_addresses() {
    let targets: Vec<SocketAddr> = (0..1025u32)
        .map(|n| SocketAddr::from((Ipv4Addr::from(0x7f01_0000 + n), 9)))
        .collect();
    let err = sweep(
        targets,
        test_policy(),
        fast(),
        CancellationToken::new(),
        |_| panic!("no event expected"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "INPUT_INVALID_ADDRESS", "{err}");
    assert!(err.to_string().contains("1024"), "{err}");
    let nl = iot_https_core::WireError::from(err).render("nl");
    assert!(
        nl.starts_with("Een scan omvat hoogstens 1024 adressen; deze heeft er"),
        "{nl}"
    );
}
