//! Small types that only the window uses but that must still have generated TypeScript
//! definitions. Kept here (not in the Tauri crate) so the bindings come from one crate.

use serde::Serialize;

use crate::net_policy::{LoopbackReason, NetPolicy, PolicyMode};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// `true` when only loopback may be contacted (demo or test mode).
    pub loopback_only: bool,
    /// The box given on the command line or in `IOT_HTTPS_BOX`, to prefill the address field.
    pub initial_box: Option<String>,
    /// Demo mode with no box given: the window connects to the built-in simulated box at once.
    pub start_on_demo_box: bool,
}

impl AppInfo {
    pub fn new(policy: NetPolicy, initial_box: Option<String>) -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            loopback_only: !matches!(policy.mode(), PolicyMode::Real),
            start_on_demo_box: policy.mode() == PolicyMode::LoopbackOnly(LoopbackReason::Demo) && initial_box.is_none(),
            initial_box,
        }
    }
}
