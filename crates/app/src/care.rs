//! Pairing with a connection token, and the box's log.

use std::time::Duration;

use iot_https_core::box_api::logs::NGINX_PORT;
use iot_https_core::box_api::pairing::PAIRING_WAIT;
use iot_https_core::box_api::{collect_logs, pair_and_wait, BoxClient, BoxLogs, PairingOutcome};
use iot_https_core::neighbours::MacCheck;
use iot_https_core::{input, BoxAddress, BoxReport, NetPolicy, WireError};

use crate::errors::field_error;

/// Sends the token (either format, checked first) and waits until the box reports the database
/// (`wait`: core's default when `None`, at least a second). The token carries the contract
/// code: it never goes to a box whose address another network card answers (core's
/// `MacCheck`), judged on `seen` (the report read when the window connected) or else on a
/// status read now; a box that cannot be read is left to the pairing's own errors.
pub async fn pair(
    policy: NetPolicy,
    address: &str,
    token: &str,
    wait: Option<Duration>,
    seen: Option<BoxReport>,
) -> Result<PairingOutcome, WireError> {
    let token = input::pairing_token(token).map_err(field_error)?;
    let address = BoxAddress::parse(address)?;
    // The report and the address it was read at.
    let seen = match seen {
        Some(report) => {
            let reached = report.status.address.parse::<std::net::SocketAddr>().ok();
            reached.map(|at| (report, at.ip()))
        }
        None => match BoxClient::connect(&address, policy).await {
            Ok(client) => {
                let reached = client.http().target().ip();
                client.report().await.ok().map(|report| (report, reached))
            }
            Err(_) => None,
        },
    };
    if let Some((report, reached)) = seen {
        let link = MacCheck::of_box(report.status.mac.as_deref(), reached);
        if let Some(refused) = link.refuses_secrets() {
            return Err(refused);
        }
    }
    let wait = wait.map_or(PAIRING_WAIT, |w| w.max(Duration::from_secs(1)));
    Ok(pair_and_wait(&address, policy, &token, wait).await?)
}

/// The box's Odoo log by whichever route works; nginx's `/odoo-logs/` on `nginx_port` (the
/// Pi's, by default) when Odoo is down.
pub async fn logs(
    policy: NetPolicy,
    address: &str,
    nginx_port: Option<u16>,
) -> Result<BoxLogs, WireError> {
    let address = BoxAddress::parse(address)?;
    Ok(collect_logs(&address, policy, nginx_port.unwrap_or(NGINX_PORT)).await?)
}
