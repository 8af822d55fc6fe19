//! What the window's commands share: the network policy, the demo box, the sites file, the
//! running watch (to cancel it) and contract codes kept for this session only.

use std::collections::HashMap;
use std::sync::Arc;

use iot_https_core::device_check::{DeviceCheck, DeviceResult};

use iot_https_core::diagnose::Diagnosis;
use iot_https_core::secret::Secret;
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use crate::demo::DemoBox;

pub struct AppState {
    pub policy: NetPolicy,
    pub initial_box: Option<String>,
    pub demo: DemoBox,
    pub sites: SiteStore,
    pub watch: Mutex<Option<CancellationToken>>,
    pub scan: Mutex<Option<CancellationToken>>,
    /// Codes the technician chose not to remember (or that the keyring could not take).
    pub session_codes: Mutex<HashMap<String, Secret>>,
    /// The latest diagnosis, for reports.
    pub last_diagnosis: Mutex<Option<Diagnosis>>,
    /// The open device check (dropping it closes its server).
    pub device_check: Mutex<Option<DeviceCheck>>,
    /// The latest result per device of the last device check, for reports.
    pub device_results: Arc<std::sync::Mutex<Vec<DeviceResult>>>,
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
            session_codes: Mutex::new(HashMap::new()),
            last_diagnosis: Mutex::new(None),
            device_check: Mutex::new(None),
            device_results: Arc::default(),
        }
    }
}
