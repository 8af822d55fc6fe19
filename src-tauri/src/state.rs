//! What the window's commands share: the application session (`iot_https_app::Session`: the
//! network policy, the sites file, the keyring, the boxes connected to or found, the one-time
//! choices, this session's codes, the latest diagnosis, the running watch and scan, the device
//! check, the fleet), plus what only the window has: the demo box.

use iot_https_app::Session;
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;

use crate::demo::DemoBox;

pub use iot_https_app::errors::blocking;

pub struct AppState {
    pub session: Session,
    pub initial_box: Option<String>,
    pub demo: DemoBox,
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
