//! Pairing with a connection token, and the box's log.

use std::time::Duration;

use iot_https_core::box_api::logs::NGINX_PORT;
use iot_https_core::box_api::pairing::PAIRING_WAIT;
use iot_https_core::box_api::{collect_logs, pair_and_wait, BoxLogs, PairingOutcome};
use iot_https_core::{input, BoxAddress, NetPolicy, WireError};

use crate::errors::{field_error, Refusal};

/// Sends the token (either format, checked first) and waits until the box reports the database
/// (`wait`: core's default when `None`, at least a second). The token can carry the contract
/// code: core reads the box now and sends nothing to a box the neighbour table contradicts
/// (`neighbours::box_for_secrets`, inside `pair_and_wait`).
pub async fn pair(
    policy: NetPolicy,
    address: &str,
    token: &str,
    wait: Option<Duration>,
) -> Result<PairingOutcome, Refusal> {
    let token = input::pairing_token(token).map_err(field_error)?;
    let address = BoxAddress::parse(address).map_err(WireError::from)?;
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
