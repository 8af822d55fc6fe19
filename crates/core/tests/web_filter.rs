//! A web filter or TLS inspection answering for www.odoo.com (docs/protocol/status-reads.md,
//! "A web filter in front of odoo.com"): the box's words name the filter, not odoo.com, and
//! the laptop's own odoo.com check verifies the certificate chain, so an intercepting filter
//! shows there too. odoo.com is a loopback stand-in from the simulator; nothing leaves 127/8.

use iot_box_sim::{spawn, spawn_odoo_com, Family, Flavour, HelpersVariant, Scenario, SimConfig};
use iot_https_core::diagnose::{diagnose, DiagnoseOptions, Diagnosis};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use iot_https_core::tls::TrustAnchors;
use iot_https_core::BoxAddress;
use time::OffsetDateTime;

fn policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

async fn diagnose_sim(
    family: Family,
    scenario: Scenario,
    helpers: HelpersVariant,
    odoo_com: Option<(std::net::SocketAddr, &str)>,
) -> Diagnosis {
    let sim = spawn(SimConfig {
        family,
        flavour: Flavour::Linux,
        scenario,
        helpers,
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let mut opts = DiagnoseOptions::new(OffsetDateTime::now_utc());
    opts.https_port = sim.https_addr().unwrap().port();
    opts.anchors = TrustAnchors::mozilla().with_pem(&sim.ca_pem()).unwrap();
    match odoo_com {
        Some((addr, public_ca)) => {
            opts.odoo_com_addr = Some(addr);
            opts.anchors.add_pem(public_ca).unwrap();
        }
        None => opts.check_odoo_com = false,
    }
    let address = BoxAddress::parse(&sim.http_addr().to_string()).unwrap();
    let d = diagnose(&address, policy(), &opts).await.unwrap();
    sim.shutdown().await;
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_page_is_the_filter_not_odoo_com() {
    for family in [Family::HwPosboxStatus, Family::IotDrivers] {
        let d = diagnose_sim(
            family,
            Scenario::WebFilterBlock,
            HelpersVariant::Urllib3,
            None,
        )
        .await;
        let codes = d.codes();
        assert!(codes.contains(&"ODOO_COM_FILTERED"), "{family}: {codes:?}");
        assert!(
            !codes.contains(&"ERR_IOT_HTTPS_LOAD_REQUEST_STATUS"),
            "odoo.com is not blamed: {codes:?}"
        );
        let kinds = d.evidence_kinds("ODOO_COM_FILTERED");
        assert!(kinds.contains(&"filterBlockStatus"), "{kinds:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_is_not_json_is_the_filter_in_every_generation() {
    // urllib3 (16.0/17.0): the status route crashes with JSONDecodeError.
    let d = diagnose_sim(
        Family::LegacyHtml,
        Scenario::WebFilterPage,
        HelpersVariant::Urllib3,
        None,
    )
    .await;
    assert!(d.codes().contains(&"BOX_STATUS_ERROR"), "{:?}", d.codes());
    assert!(d.codes().contains(&"ODOO_COM_FILTERED"), "{:?}", d.codes());
    assert!(d
        .evidence_kinds("ODOO_COM_FILTERED")
        .contains(&"crashOdooComNotJson"));
    // requests (18.x): "…EXCEPTION\n\nExpecting value: line 1 column 1 (char 0)".
    let d = diagnose_sim(
        Family::HwPosboxStatus,
        Scenario::WebFilterPage,
        HelpersVariant::Requests,
        None,
    )
    .await;
    assert!(d.codes().contains(&"ODOO_COM_FILTERED"), "{:?}", d.codes());
    assert!(!d.codes().contains(&"ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION"));
    assert!(d
        .evidence_kinds("ODOO_COM_FILTERED")
        .contains(&"filterNotJson"));
    // 18.3+: only the log says it.
    let d = diagnose_sim(
        Family::IotDrivers,
        Scenario::WebFilterPage,
        HelpersVariant::Urllib3,
        None,
    )
    .await;
    assert!(d.codes().contains(&"ODOO_COM_FILTERED"), "{:?}", d.codes());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_laptops_odoo_com_check_verifies_the_chain() {
    let any = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    // odoo.com itself (its CA trusted, like a public CA on a laptop): no finding.
    let genuine = spawn_odoo_com(any, false).await.unwrap();
    let d = diagnose_sim(
        Family::IotDrivers,
        Scenario::Healthy,
        HelpersVariant::Urllib3,
        Some((genuine.addr(), genuine.public_ca_pem())),
    )
    .await;
    let check = d.odoo_com.clone().expect("checked against the stand-in");
    assert!(
        check.reachable && check.chain_trusted == Some(true),
        "{check:?}"
    );
    assert!(!d.codes().contains(&"ODOO_COM_FILTERED"), "{:?}", d.codes());

    // TLS inspection: the filter's own CA signs www.odoo.com.
    let filter = spawn_odoo_com(any, true).await.unwrap();
    let d = diagnose_sim(
        Family::IotDrivers,
        Scenario::Healthy,
        HelpersVariant::Urllib3,
        Some((filter.addr(), filter.public_ca_pem())),
    )
    .await;
    let check = d.odoo_com.clone().unwrap();
    assert_eq!(check.chain_trusted, Some(false), "{check:?}");
    assert_eq!(
        check.issuer.as_deref(),
        Some(iot_box_sim::FILTER_CA_CN),
        "{check:?}"
    );
    let f = d
        .findings
        .iter()
        .find(|f| f.code.as_str() == "ODOO_COM_FILTERED")
        .expect("the laptop sees the filter");
    assert_eq!(f.evidence[0].kind.key(), "odooComIntercepted");

    // Box and laptop both see it: one finding with both sides' evidence.
    let d = diagnose_sim(
        Family::HwPosboxStatus,
        Scenario::WebFilterBlock,
        HelpersVariant::Urllib3,
        Some((filter.addr(), filter.public_ca_pem())),
    )
    .await;
    let filtered: Vec<_> = d
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "ODOO_COM_FILTERED")
        .collect();
    assert_eq!(filtered.len(), 1, "{:?}", d.codes());
    let kinds = d.evidence_kinds("ODOO_COM_FILTERED");
    assert!(kinds.contains(&"filterBlockStatus") && kinds.contains(&"odooComIntercepted"));
}
