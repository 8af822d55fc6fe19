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
    /// Why only loopback may be contacted, for the header's badge; `None` in a real run.
    pub loopback_reason: Option<LoopbackReason>,
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
            loopback_reason: match policy.mode() {
                PolicyMode::Real => None,
                PolicyMode::LoopbackOnly(reason) => Some(reason),
            },
            start_on_demo_box: policy.mode() == PolicyMode::LoopbackOnly(LoopbackReason::Demo)
                && initial_box.is_none(),
            initial_box,
        }
    }

    /// A script that hands these facts to the page before its own scripts run
    /// (`window.__IOT_HTTPS_APP_INFO__`, read by `api.appInfoNow()` in the UI), so the first
    /// screen renders without waiting for an IPC round trip. JSON is a JavaScript expression.
    pub fn page_script(&self) -> String {
        let json = serde_json::to_string(self).expect("AppInfo always serialises");
        format!("window.__IOT_HTTPS_APP_INFO__ = Object.freeze({json});")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_script_assigns_the_same_json_the_command_returns() {
        let info = AppInfo::new(
            NetPolicy::loopback_only(LoopbackReason::Demo),
            Some("127.0.0.1:8069\"</x>".into()),
        );
        let script = info.page_script();
        let json = script
            .strip_prefix("window.__IOT_HTTPS_APP_INFO__ = Object.freeze(")
            .and_then(|rest| rest.strip_suffix(");"))
            .expect("the shape the UI relies on");
        let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(parsed, serde_json::to_value(&info).unwrap());
        assert_eq!(
            parsed["initialBox"], "127.0.0.1:8069\"</x>",
            "quotes stay inside the string"
        );
        assert_eq!(parsed["loopbackOnly"], true);
        assert_eq!(parsed["loopbackReason"], "demo");
    }

    #[test]
    fn the_reason_for_loopback_only_is_told_apart() {
        let reason = |policy| {
            serde_json::to_value(AppInfo::new(policy, None)).unwrap()["loopbackReason"].clone()
        };
        assert_eq!(reason(NetPolicy::real()), serde_json::Value::Null);
        assert_eq!(
            reason(NetPolicy::loopback_only(LoopbackReason::Test)),
            "test"
        );
        assert_eq!(
            reason(NetPolicy::loopback_only(LoopbackReason::Demo)),
            "demo"
        );
    }
}

/// What `connect_box` answers: the box's report and the saved site for it, if any.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConnectedBox {
    #[serde(flatten)]
    pub report: crate::box_api::BoxReport,
    /// This box's own site, or another box's site saved for this address. Absent: a new box.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub site_match: Option<crate::sites::SiteMatch>,
}
