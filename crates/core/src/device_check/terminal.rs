//! Payment-terminal readiness (field research problem 21): a Worldline terminal connects to
//! the box's address on port 9001 (Raspberry Pi) or 9050 (Windows virtual IoT), so that port
//! must be open and the box's address must not change; a Six terminal needs its terminal ID
//! saved on the box (`six_terminal` in the homepage data). Checked from the laptop, under the
//! network policy, with short deadlines.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde::Serialize;
use tokio::net::TcpStream;

use crate::box_api::{BoxClient, OsFlavour};
use crate::findings::{Evidence, EvidenceKind as E, Finding, FindingCode as C, Source};
use crate::net_policy::NetPolicy;

pub const WORLDLINE_PORT_PI: u16 = 9001;
pub const WORLDLINE_PORT_WINDOWS: u16 = 9050;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// What the box shows while no Six terminal ID is saved.
const SIX_NOT_CONFIGURED: &str = "Not Configured";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TerminalReadiness {
    pub box_ip: String,
    pub flavour: OsFlavour,
    /// The Worldline port for this box (9001 Pi, 9050 Windows).
    pub worldline_port: u16,
    pub worldline_port_open: bool,
    /// Why the port counts as closed (refused, timed out, refused by the policy).
    pub worldline_detail: Option<String>,
    /// The Six terminal ID the box reports; `None` when it reports none or "Not Configured".
    pub six_terminal: Option<String>,
    /// False when this box's family has no route that shows it.
    pub six_reported: bool,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default)]
pub struct TerminalOptions {
    /// Overrides the Worldline port (a test listener instead of 9001/9050).
    pub worldline_port: Option<u16>,
}

pub fn worldline_port(flavour: OsFlavour) -> u16 {
    match flavour {
        OsFlavour::Windows => WORLDLINE_PORT_WINDOWS,
        OsFlavour::Linux | OsFlavour::Unknown => WORLDLINE_PORT_PI,
    }
}

pub async fn check_terminals(
    client: &BoxClient,
    box_ip: IpAddr,
    flavour: OsFlavour,
    opts: &TerminalOptions,
) -> TerminalReadiness {
    let policy = client.http().policy();
    let port = opts
        .worldline_port
        .unwrap_or_else(|| worldline_port(flavour));
    let (open, detail) = match connect(&policy, SocketAddr::new(box_ip, port)).await {
        Ok(()) => (true, None),
        Err(why) => (false, Some(why)),
    };
    let (six_reported, six_terminal) = six_terminal(client).await;
    let mut findings = Vec::new();
    if !open {
        let kind = if flavour == OsFlavour::Windows {
            E::WorldlinePortClosedWindows
        } else {
            E::WorldlinePortClosedPi
        };
        findings.push(Finding::new(
            C::TerminalPortClosed,
            Source::Laptop,
            vec![Evidence::new(kind)
                .arg("address", SocketAddr::new(box_ip, port))
                .arg("detail", detail.as_deref().unwrap_or("closed"))],
        ));
    }
    let mut advice = vec![Evidence::new(E::TerminalsUseBoxAddress).arg("ip", box_ip)];
    if let Some(id) = &six_terminal {
        advice.push(Evidence::new(E::SixTerminalId).arg("id", id));
    }
    findings.push(Finding::new(
        C::BoxAddressNotReserved,
        Source::Laptop,
        advice,
    ));
    TerminalReadiness {
        box_ip: box_ip.to_string(),
        flavour,
        worldline_port: port,
        worldline_port_open: open,
        worldline_detail: detail,
        six_terminal,
        six_reported,
        findings,
    }
}

async fn connect(policy: &NetPolicy, target: SocketAddr) -> Result<(), String> {
    policy.check(target.ip()).map_err(|e| e.to_string())?;
    match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(target)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs())),
    }
}

/// `(reported, id)`. Reads the homepage data route once (on 17.0 – saas-18.2 that read can
/// make the box retry its certificate, as any status read does).
async fn six_terminal(client: &BoxClient) -> (bool, Option<String>) {
    let Some(prefix) = client.family().json_prefix() else {
        return (false, None);
    };
    let Ok(answer) = client.http().get(&format!("{prefix}/data")).await else {
        return (false, None);
    };
    let Ok(serde_json::Value::Object(data)) = serde_json::from_slice(&answer.body) else {
        return (false, None);
    };
    match data.get("six_terminal") {
        Some(serde_json::Value::String(id)) => {
            let id = id.trim();
            let configured = !id.is_empty() && !id.eq_ignore_ascii_case(SIX_NOT_CONFIGURED);
            (true, configured.then(|| id.chars().take(64).collect()))
        }
        _ => (false, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worldline_uses_9001_on_a_pi_and_9050_on_windows() {
        assert_eq!(worldline_port(OsFlavour::Linux), 9001);
        assert_eq!(worldline_port(OsFlavour::Windows), 9050);
    }

    #[tokio::test]
    async fn a_closed_port_and_a_refused_target_are_told() {
        let policy = NetPolicy::loopback_only(crate::net_policy::LoopbackReason::Test);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let open = listener.local_addr().unwrap();
        assert!(connect(&policy, open).await.is_ok());
        drop(listener);
        assert!(connect(&policy, open).await.is_err());
        let refused = connect(&policy, "192.0.2.1:9001".parse().unwrap())
            .await
            .unwrap_err();
        assert!(refused.contains("only loopback"), "{refused}");
    }
}
