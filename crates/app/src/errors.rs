//! The failures of core's stores and rules as the `WireError` both shells show.

use iot_https_core::diagnose::mac_finding;
use iot_https_core::findings::Finding;
use iot_https_core::input::InputError;
use iot_https_core::neighbours::MacCheck;
use iot_https_core::sites::{codes, StoreError};
use iot_https_core::CoreError;
use iot_https_core::{ErrorCode, WireError};

/// A field the technician typed is wrong: its own code, the sentence shown next to the field.
pub fn field_error(e: InputError) -> WireError {
    e.to_wire()
}

pub fn store_error(e: StoreError) -> WireError {
    WireError::new(ErrorCode::SitesStoreFailed, Some(e.to_string()))
}

pub fn code_error(e: codes::CodeError<WireError>) -> WireError {
    match e {
        codes::CodeError::Vault(wire) => wire,
        codes::CodeError::Store(e) => store_error(e),
        other => other.wire(),
    }
}

/// Runs file or keyring work on a blocking thread (never an async worker, never the UI thread).
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, WireError> + Send + 'static,
) -> Result<T, WireError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| WireError::new(ErrorCode::Internal, Some(e.to_string())))?
}

/// Why a use case that sends a secret (saving credentials, pairing) failed: the error both
/// shells show and, when nothing was sent because the laptop's neighbour table contradicts the
/// box, the finding `BOX_MAC_MISMATCH` that says what to do (the CLI prints it and exits 1).
#[derive(Debug)]
pub struct Refusal {
    pub error: WireError,
    pub finding: Option<Finding>,
}

impl From<WireError> for Refusal {
    fn from(error: WireError) -> Self {
        Self {
            error,
            finding: None,
        }
    }
}

impl From<CoreError> for Refusal {
    fn from(e: CoreError) -> Self {
        let finding = match &e {
            CoreError::MacMismatch {
                ip,
                reported,
                neighbour,
            } => {
                let link = MacCheck::Mismatch {
                    reported: reported.clone(),
                    neighbour: neighbour.clone(),
                };
                mac_finding(&link, *ip)
            }
            _ => None,
        };
        Self {
            error: WireError::from(e),
            finding,
        }
    }
}

impl From<Refusal> for WireError {
    fn from(r: Refusal) -> Self {
        r.error
    }
}
