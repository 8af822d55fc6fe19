//! `iot-https diagnose --router <id>`: the chosen router's recipe under the findings a router
//! setting can cause — the DNS rebind part against a real filtering resolver (unbound on
//! loopback), the outbound HTTPS part when the box cannot reach odoo.com — in the user's
//! language, with the vendor's page; without `--router`, how to ask for one.

use std::net::SocketAddr;
use std::process::{Command, Output};

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};

async fn spawn(family: Family, scenario: Scenario) -> SimHandle {
    let http: SocketAddr = "127.0.0.1:0".parse().unwrap();
    iot_box_sim::spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        http,
        https: Some(SocketAddr::new(http.ip(), 0)),
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

/// The human output of `diagnose` with `args`, in `lang`, without colour.
async fn human(args: Vec<String>, lang: &'static str) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .arg("diagnose")
            .args(&args)
            .env("IOT_HTTPS_LANG", lang)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn box_args(sim: &SimHandle) -> Vec<String> {
    vec![
        sim.http_addr().to_string(),
        "--https-port".into(),
        sim.https_addr().map(|a| a.port()).unwrap_or(9).to_string(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dns_part_of_a_business_firewall_under_rebind_filtering() {
    let lab = iot_https_test_support::dns::Lab::start().await;
    let sim = spawn(Family::IotDrivers, Scenario::Healthy).await;
    let args = [
        box_args(&sim),
        vec![
            "--system-resolver".into(),
            lab.router.addr().to_string(),
            "--public-resolver".into(),
            lab.public.addr().to_string(),
        ],
    ]
    .concat();

    let german = text(
        &human(
            [args.clone(), vec!["--router".into(), "SonicWall".into()]].concat(),
            "de",
        )
        .await,
    );
    assert!(german.contains("DNS_REBIND_FILTERED"), "{german}");
    assert!(
        german.contains("SonicWall (SonicOS) — DNS-Rebind-Schutz"),
        "{german}"
    );
    assert!(german.contains("NETWORK | DNS > Settings"), "{german}");
    assert!(german.contains("Klicken Sie auf Accept."), "{german}");
    assert!(
        german.contains("Quelle: https://sonicwall.com/support/technical-documentation/"),
        "{german}"
    );

    let english = text(&human(args.clone(), "C").await);
    assert!(
        english.contains("Router recipes for this finding: add --router with one of fritzbox,"),
        "{english}"
    );
    assert!(english.contains("controld, other"), "{english}");

    let wrong = human(
        [args, vec!["--router".into(), "netgear".into()]].concat(),
        "C",
    )
    .await;
    assert_eq!(wrong.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        stderr.contains("--router: \"netgear\" is not one of"),
        "{stderr}"
    );
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_https_part_when_the_box_cannot_reach_odoo_com() {
    let sim = spawn(Family::HwPosboxStatus, Scenario::LoadRequestException).await;
    let out = text(
        &human(
            [box_args(&sim), vec!["--router".into(), "fortigate".into()]].concat(),
            "C",
        )
        .await,
    );
    assert!(
        out.contains("ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"),
        "{out}"
    );
    assert!(
        out.contains(
            "FortiGate (Fortinet) — Outbound HTTPS to www.odoo.com and iot-proxy.odoo.com"
        ),
        "{out}"
    );
    assert!(out.contains("Exempt from SSL Inspection"), "{out}");
    assert!(
        out.contains("Source: https://community.fortinet.com/"),
        "{out}"
    );
    // The DNS part belongs to rebind filtering only.
    assert!(!out.contains("Static Domain Filter"), "{out}");
    sim.shutdown().await;
}
