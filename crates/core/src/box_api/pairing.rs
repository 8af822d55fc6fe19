//! Pairing with a connection token, then watching the box until its status names the database
//! (docs/protocol/pairing.md). The box answers, restarts Odoo (16.0: after 3 s; a rename
//! reboots), and only then reports `server_status`.

use std::time::Duration;

use serde::Serialize;

use super::status::Pairing;
use super::BoxReport;
use crate::address::BoxAddress;
use crate::error::CoreError;
use crate::input::PairingToken;
use crate::net_policy::NetPolicy;

/// How long to wait for the box to report the database after pairing.
pub const PAIRING_WAIT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PairingOutcome {
    /// The box reports the database as its server.
    pub paired: bool,
    /// The last status read (the paired box, or the last one seen while waiting).
    pub report: Option<BoxReport>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub waited_ms: u64,
}

/// Sends `token` to the box (read first and checked against the neighbour table,
/// `neighbours::box_for_secrets`), then polls its status until it is paired or `wait` has passed.
/// Where reading the status makes the box contact odoo.com (16.0 – saas-18.2), reads are 10 s
/// apart; otherwise 2 s.
pub async fn pair_and_wait(
    address: &BoxAddress,
    policy: NetPolicy,
    token: &PairingToken,
    wait: Duration,
) -> Result<PairingOutcome, CoreError> {
    // The token can carry the contract code: not to a box the neighbour table contradicts.
    let (client, _) = crate::neighbours::box_for_secrets(address, policy).await?;
    let interval = if client.family().data_read_has_side_effects() {
        Duration::from_secs(10)
    } else {
        Duration::from_secs(2)
    };
    client.pair(token).await?;
    let start = tokio::time::Instant::now();
    let mut last = None;
    loop {
        let elapsed = start.elapsed();
        if elapsed >= wait {
            return Ok(PairingOutcome {
                paired: false,
                report: last,
                waited_ms: elapsed.as_millis() as u64,
            });
        }
        tokio::time::sleep(interval.min(wait - elapsed)).await;
        // The box restarts, and may come back as another family (branch switch): connect anew.
        if let Ok(report) = super::read_status(address, policy).await {
            let paired = matches!(report.status.pairing, Pairing::Paired { .. });
            last = Some(report);
            if paired {
                return Ok(PairingOutcome {
                    paired: true,
                    report: last,
                    waited_ms: start.elapsed().as_millis() as u64,
                });
            }
        }
    }
}
