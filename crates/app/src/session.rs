//! What the use cases remember between calls of one window or one CLI run: the network policy,
//! the sites file, the keyring, the boxes this session connected to or found (sites are made
//! from what Rust read, never from what a page says), the one-time "other box" choices, the
//! codes kept for this session only, the latest diagnosis (for reports), the running watch and
//! scan, the open device check and its results, and the fleet.

use std::collections::HashMap;
use std::sync::Arc;

use iot_https_core::device_check::{DeviceCheck, Standing};
use iot_https_core::diagnose::Diagnosis;
use iot_https_core::discovery::FoundBox;
use iot_https_core::fleet::FleetStore;
use iot_https_core::sites::choice::Choices;
use iot_https_core::sites::SiteStore;
use iot_https_core::{BoxReport, ErrorCode, NetPolicy, WireError};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use crate::fleet::Fleets;
use crate::keyring::{OsKeyring, SecretStore, SessionCodes, Vault};

pub struct Session {
    pub policy: NetPolicy,
    pub sites: SiteStore,
    pub keyring: Arc<dyn SecretStore>,
    /// The latest report of each box connected to, by address.
    pub connected: Mutex<HashMap<String, BoxReport>>,
    /// Boxes the latest scans found, by address.
    pub found: Mutex<HashMap<String, FoundBox>>,
    /// One-time tokens for "use the code of site X for this box" (core `sites::choice`).
    pub choices: Choices,
    /// Codes the technician chose not to remember (or that the keyring could not take).
    pub session_codes: Arc<SessionCodes>,
    /// The latest diagnosis of the wizard, for reports.
    pub last_diagnosis: Mutex<Option<Diagnosis>>,
    /// The running watch: one at a time, a new one cancels the previous.
    pub watch: Mutex<Option<CancellationToken>>,
    /// The running scan: one at a time, a new one cancels the previous.
    pub scan: Mutex<Option<CancellationToken>>,
    /// The open device check (dropping it closes its server).
    pub device_check: Mutex<Option<DeviceCheck>>,
    /// The latest result per device of the last device check, for reports.
    pub device_results: Arc<std::sync::Mutex<Standing>>,
    /// The customer databases: settings, keys, the latest check, the schedule.
    pub fleet: Fleets,
}

impl Session {
    /// A session on the OS keyring.
    pub fn new(policy: NetPolicy, sites: SiteStore) -> Self {
        Self::with_keyring(policy, sites, Arc::new(OsKeyring))
    }

    pub fn with_keyring(
        policy: NetPolicy,
        sites: SiteStore,
        keyring: Arc<dyn SecretStore>,
    ) -> Self {
        // The fleet's settings sit beside the sites file (window and CLI read both).
        let fleet_store = FleetStore::new(sites.path().with_file_name("fleet.json"));
        Self {
            fleet: Fleets::new(fleet_store, keyring.clone()),
            policy,
            sites,
            keyring,
            connected: Mutex::default(),
            found: Mutex::default(),
            choices: Choices::default(),
            session_codes: Arc::default(),
            last_diagnosis: Mutex::default(),
            watch: Mutex::default(),
            scan: Mutex::default(),
            device_check: Mutex::default(),
            device_results: Arc::default(),
        }
    }

    /// The fleet settings in another file than beside the sites file (`iot-https fleet --fleet`).
    pub fn with_fleet_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.fleet = Fleets::new(FleetStore::new(path), self.keyring.clone());
        self
    }

    pub fn vault(&self) -> Vault {
        Vault {
            keyring: self.keyring.clone(),
            session: self.session_codes.clone(),
        }
    }

    /// The report read when this session connected to `address`.
    pub async fn connected_box(&self, address: &str) -> Result<BoxReport, WireError> {
        self.connected
            .lock()
            .await
            .get(address)
            .cloned()
            .ok_or_else(|| {
                WireError::new(ErrorCode::InputInvalidArgument, Some(address.to_owned()))
            })
    }

    /// A new watch: cancels the running one and returns the new one's token.
    pub async fn start_watch(&self) -> CancellationToken {
        let cancel = CancellationToken::new();
        if let Some(previous) = self.watch.lock().await.replace(cancel.clone()) {
            previous.cancel();
        }
        cancel
    }

    pub async fn cancel_watch(&self) {
        if let Some(token) = self.watch.lock().await.take() {
            token.cancel();
        }
    }
}
