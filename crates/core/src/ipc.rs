//! Small types that only the window uses but that must still have generated TypeScript
//! definitions. Kept here (not in the Tauri crate) so the bindings come from one crate.

use std::net::{IpAddr, SocketAddr};

use serde::{Deserialize, Serialize};

use crate::dns::Resolver;
use crate::net_policy::{LoopbackReason, NetPolicy, PolicyMode};
use crate::report::ReportFormat;

/// The window's two views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Tab {
    Wizard,
    Sites,
}

/// The window's own preferences, kept by the app in its store (tauri-plugin-store,
/// `preferences.json` in the app data folder). Window size and position are kept there too, by
/// the shell alone. Saved sites are not preferences: they live in core's sites file, which the
/// CLI shares. Every field is optional so an older or damaged file still loads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// Chosen in the language switch; `None` follows the desktop language.
    pub language: Option<String>,
    pub last_tab: Option<Tab>,
    pub report_format: Option<ReportFormat>,
    /// Public resolvers to compare DNS answers with (`8.8.8.8` or `9.9.9.9:53`); empty means
    /// core's defaults.
    pub default_resolvers: Vec<String>,
}

impl Preferences {
    /// The default resolvers that parse (an address without a port uses 53); `None` when there
    /// are none, so core's defaults apply.
    pub fn public_resolvers(&self) -> Option<Vec<Resolver>> {
        let parsed: Vec<Resolver> = self
            .default_resolvers
            .iter()
            .filter_map(|text| {
                let text = text.trim();
                text.parse::<SocketAddr>().ok().or_else(|| {
                    text.parse::<IpAddr>()
                        .ok()
                        .map(|ip| SocketAddr::new(ip, 53))
                })
            })
            .map(|addr| Resolver::new(addr, addr.ip().to_string()))
            .collect();
        (!parsed.is_empty()).then_some(parsed)
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// `windows`, `linux`, `macos` (Rust's `std::env::consts::OS`): the window says what is
    /// particular to the system, such as Windows Defender Firewall's question before a device
    /// check listens on the network.
    pub os: String,
    /// `true` when only loopback may be contacted (demo or test mode).
    pub loopback_only: bool,
    /// Why only loopback may be contacted, for the header's badge; `None` in a real run.
    pub loopback_reason: Option<LoopbackReason>,
    /// The box given on the command line or in `IOT_HTTPS_BOX`, to prefill the address field.
    pub initial_box: Option<String>,
    /// Demo mode with no box given: the window connects to the built-in simulated box at once.
    pub start_on_demo_box: bool,
    /// The stored preferences, so the first screen already has the chosen language and tab.
    pub preferences: Preferences,
    /// The desktop's language as core matches it (`findings::desktop_language`): the window's
    /// language when the switch has no choice.
    pub desktop_language: String,
}

impl AppInfo {
    pub fn new(policy: NetPolicy, initial_box: Option<String>, preferences: Preferences) -> Self {
        Self {
            preferences,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            os: std::env::consts::OS.to_owned(),
            loopback_only: !matches!(policy.mode(), PolicyMode::Real),
            loopback_reason: match policy.mode() {
                PolicyMode::Real => None,
                PolicyMode::LoopbackOnly(reason) => Some(reason),
            },
            start_on_demo_box: policy.mode() == PolicyMode::LoopbackOnly(LoopbackReason::Demo)
                && initial_box.is_none(),
            initial_box,
            desktop_language: crate::findings::desktop_language(None).to_owned(),
        }
    }

    /// With the locale the system names for the user (Windows: `GetUserDefaultLocaleName`),
    /// which counts after the environment's.
    pub fn on_system_locale(mut self, locale: Option<&str>) -> Self {
        self.desktop_language = crate::findings::desktop_language(locale).to_owned();
        self
    }

    /// The window's language: the one chosen in the switch when there is a catalogue for it,
    /// else the desktop's. The window applies the same rule to itself (`ui/src/lib/i18n`); this
    /// one picks the page it opens.
    pub fn window_language(&self) -> &str {
        self.preferences
            .language
            .as_deref()
            .and_then(|chosen| crate::findings::languages().find(|l| *l == chosen))
            .unwrap_or(&self.desktop_language)
    }

    /// The page the window opens: the first screen is in it, prerendered in the window's
    /// language (`ui/scripts/prerender.mjs`: `index.html` in English, `index.<language>.html`
    /// for the others), so it shows and takes typing before the page's script has run.
    pub fn first_page(&self) -> String {
        match self.window_language() {
            "en" => "index.html".to_owned(),
            other => format!("index.{other}.html"),
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

    fn with_language(chosen: Option<&str>, desktop: &str) -> AppInfo {
        let mut info = AppInfo::new(
            NetPolicy::loopback_only(LoopbackReason::Test),
            None,
            Preferences {
                language: chosen.map(str::to_owned),
                ..Preferences::default()
            },
        );
        info.desktop_language = desktop.to_owned();
        info
    }

    #[test]
    fn the_window_opens_the_page_of_its_language() {
        // The switch's choice wins; without one (or an unknown one) the desktop's language.
        assert_eq!(
            with_language(Some("nl"), "de").first_page(),
            "index.nl.html"
        );
        assert_eq!(with_language(None, "de").first_page(), "index.de.html");
        assert_eq!(
            with_language(Some("xx"), "fr").first_page(),
            "index.fr.html"
        );
        assert_eq!(with_language(Some("en"), "es").first_page(), "index.html");
        assert_eq!(with_language(None, "en").first_page(), "index.html");
    }

    #[test]
    fn page_script_assigns_the_same_json_the_command_returns() {
        let info = AppInfo::new(
            NetPolicy::loopback_only(LoopbackReason::Demo),
            Some("127.0.0.1:8069\"</x>".into()),
            Preferences::default(),
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
        assert_eq!(parsed["os"], std::env::consts::OS);
    }

    #[test]
    fn preferences_load_from_partial_or_older_files_and_give_resolvers() {
        let prefs: Preferences =
            serde_json::from_str(r#"{"language":"de","defaultResolvers":["9.9.9.9","127.0.0.1:5353","nope"],"unknown":1}"#)
                .unwrap();
        assert_eq!(prefs.language.as_deref(), Some("de"));
        assert_eq!(prefs.last_tab, None);
        let resolvers = prefs.public_resolvers().unwrap();
        let addrs: Vec<String> = resolvers.iter().map(|r| r.addr.to_string()).collect();
        assert_eq!(addrs, ["9.9.9.9:53", "127.0.0.1:5353"]);
        assert_eq!(
            serde_json::from_str::<Preferences>("{}").unwrap(),
            Preferences::default()
        );
        assert!(Preferences::default().public_resolvers().is_none());
        let json = serde_json::to_value(Preferences {
            last_tab: Some(Tab::Sites),
            report_format: Some(ReportFormat::Html),
            ..Preferences::default()
        })
        .unwrap();
        assert_eq!(
            (json["lastTab"].as_str(), json["reportFormat"].as_str()),
            (Some("sites"), Some("html"))
        );
    }

    #[test]
    fn the_reason_for_loopback_only_is_told_apart() {
        let reason = |policy| {
            serde_json::to_value(AppInfo::new(policy, None, Preferences::default())).unwrap()
                ["loopbackReason"]
                .clone()
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
