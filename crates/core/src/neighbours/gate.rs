//! The one check before anything secret (the contract code, a pairing token, which can hold
//! it) goes to a box: the box is read now, and the laptop's neighbour table must not show
//! another network card at the address reached. Every path that sends a secret comes here —
//! the window's save and pairing, the CLI's `save-credentials` and `pair` (the latter two
//! through [`crate::box_api::pair_and_wait`]) — whether or not the box was read before.

use crate::box_api::{BoxClient, BoxReport};
use crate::error::CoreError;
use crate::{BoxAddress, NetPolicy};

use super::MacCheck;

/// Connects to the box, reads it and checks it against the neighbour table: the client and
/// report to send the secret with, or why nothing is sent.
pub async fn box_for_secrets(
    address: &BoxAddress,
    policy: NetPolicy,
) -> Result<(BoxClient, BoxReport), CoreError> {
    let client = BoxClient::connect(address, policy).await?;
    let report = client.report().await?;
    secrets_may_go(&client, &report)?;
    Ok((client, report))
}

/// `Err(MacMismatch)` when another card answers at the address `client` reached than the MAC
/// `report` gives; a MAC unknown on either side lets the secret go (the identity rules of
/// `sites` decide which box it is).
pub fn secrets_may_go(client: &BoxClient, report: &BoxReport) -> Result<(), CoreError> {
    let ip = client.http().target().ip();
    match MacCheck::of_box(report.status.mac.as_deref(), ip, client.http().policy()) {
        MacCheck::Mismatch {
            reported,
            neighbour,
        } => Err(CoreError::MacMismatch {
            ip,
            reported,
            neighbour,
        }),
        MacCheck::Agrees | MacCheck::Unknown => Ok(()),
    }
}
