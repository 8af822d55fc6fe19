//! What the window's commands share: the application session (`iot_https_app::Session`: the
//! network policy, the sites file, the keyring, the boxes connected to or found, the one-time
//! choices, this session's codes, the latest diagnosis, the running watch), plus what only the
//! window has: the demo box, the running scan (to cancel it) and the device check.

use std::sync::Arc;

use iot_https_app::Session;
use iot_https_core::device_check::{DeviceCheck, Standing};
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use crate::demo::DemoBox;

pub use iot_https_app::errors::blocking;

pub struct AppState {
    pub session: Session,
    pub initial_box: Option<String>,
    pub demo: DemoBox,
    pub scan: Mutex<Option<CancellationToken>>,
    /// The open device check (dropping it closes its server).
    pub device_check: Mutex<Option<DeviceCheck>>,
    /// The latest result per device of the last device check, for reports.
    pub device_results: Arc<std::sync::Mutex<Standing>>,
}

impl AppState {
    pub fn new(policy: NetPolicy, initial_box: Option<String>, sites: SiteStore) -> Self {
        Self::with_session(Session::new(policy, sites), initial_box)
    }

    /// A window on a given session (tests give one with a memory keyring).
    pub fn with_session(session: Session, initial_box: Option<String>) -> Self {
        Self {
            session,
            initial_box: initial_box.filter(|b| !b.trim().is_empty()),
            demo: DemoBox::default(),
            scan: Mutex::new(None),
            device_check: Mutex::new(None),
            device_results: Arc::default(),
        }
    }
}

/// The session's fields (`state.policy`, `state.sites`, …) read as the window's own.
impl std::ops::Deref for AppState {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}
