//! What the window's commands share: the network policy, the demo box, the sites file, the
//! running watch and scan (to cancel them), the boxes this session connected to or found (so
//! sites are made from what Rust read, never from what the page says), and contract codes kept
//! for this session only.

use std::collections::HashMap;
use std::sync::Arc;

use iot_https_core::device_check::{DeviceCheck, DeviceResult};

use iot_https_core::diagnose::Diagnosis;
use iot_https_core::discovery::FoundBox;
use iot_https_core::sites::choice::Choices;
use iot_https_core::sites::SiteStore;
use iot_https_core::{BoxReport, NetPolicy, WireError};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use crate::demo::DemoBox;
use crate::keychain::{SessionCodes, Vault};

pub struct AppState {
    pub policy: NetPolicy,
    pub initial_box: Option<String>,
    pub demo: DemoBox,
    pub sites: SiteStore,
    pub watch: Mutex<Option<CancellationToken>>,
    pub scan: Mutex<Option<CancellationToken>>,
    /// The latest report of each box connected to, by address.
    pub connected: Mutex<HashMap<String, BoxReport>>,
    /// Boxes the latest scans found, by address.
    pub found: Mutex<HashMap<String, FoundBox>>,
    /// Codes the technician chose not to remember (or that the keyring could not take).
    pub session_codes: Arc<SessionCodes>,
    /// The latest diagnosis, for reports.
    pub last_diagnosis: Mutex<Option<Diagnosis>>,
    /// The open device check (dropping it closes its server).
    pub device_check: Mutex<Option<DeviceCheck>>,
    /// The latest result per device of the last device check, for reports.
    pub device_results: Arc<std::sync::Mutex<Vec<DeviceResult>>>,
    /// One-time tokens for "use the code of site X for this box" (core `sites::choice`).
    pub choices: Choices,
}

impl AppState {
    pub fn new(policy: NetPolicy, initial_box: Option<String>, sites: SiteStore) -> Self {
        Self {
            policy,
            initial_box: initial_box.filter(|b| !b.trim().is_empty()),
            demo: DemoBox::default(),
            sites,
            watch: Mutex::new(None),
            scan: Mutex::new(None),
            connected: Mutex::new(HashMap::new()),
            found: Mutex::new(HashMap::new()),
            session_codes: Arc::default(),
            last_diagnosis: Mutex::new(None),
            device_check: Mutex::new(None),
            device_results: Arc::default(),
            choices: Choices::default(),
        }
    }

    pub fn vault(&self) -> Vault {
        Vault {
            session: self.session_codes.clone(),
        }
    }

    /// The report read when the window connected to `address`.
    pub async fn connected_box(&self, address: &str) -> Result<BoxReport, WireError> {
        self.connected
            .lock()
            .await
            .get(address)
            .cloned()
            .ok_or_else(|| {
                WireError::new(
                    iot_https_core::ErrorCode::InputInvalidArgument,
                    "Connect to the box first.",
                    Some(address.to_owned()),
                )
            })
    }
}

/// Runs file or keyring work on a blocking thread (never the UI thread, never a runtime worker).
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, WireError> + Send + 'static,
) -> Result<T, WireError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            WireError::new(
                iot_https_core::ErrorCode::Internal,
                "A background task failed.",
                Some(e.to_string()),
            )
        })?
}
