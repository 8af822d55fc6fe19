//! Site profiles: the boxes a technician looks after, one JSON file shared by the window and
//! `iot-https check-all` (`file`). A site is a box identity — identifier and MAC, with the
//! database it is paired to (`identity`) — not an address. No secret is ever stored here:
//! contract codes live in the OS keyring under the box's identity (`codes`).

pub mod choice;
pub mod codes;
mod file;
pub mod identity;
mod store;
mod subject;
#[cfg(test)]
pub(crate) use store::tests as store_tests_support;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::box_api::ApiFamily;
use crate::diagnose::Verdict;

pub use file::{StoreError, FORMAT_VERSION};
pub use identity::{BoxIdentity, Sameness};
pub use store::SiteStore;
pub use subject::known_subjects;

/// A value of a known type, or one written by a newer version, kept as it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Lenient<T> {
    Known(T),
    Unknown(Value),
}

impl<T> Lenient<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Lenient::Known(v) => Some(v),
            Lenient::Unknown(_) => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Site {
    pub id: String,
    pub name: String,
    /// `ip:port` of the box's HTTP port, where it was last seen.
    pub address: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<ApiFamily>"))]
    pub family: Option<Lenient<ApiFamily>>,
    /// saas-18.4+: Pi serial number or motherboard UUID.
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub mac: Option<String>,
    /// The database the box is paired to.
    #[serde(default)]
    pub db_uuid: Option<String>,
    /// notAfter of the certificate last seen (RFC 3339).
    #[serde(default)]
    pub certificate_end: Option<String>,
    /// The `*.<hash>.odoo-iot.com` subject of the last certificate that verified for this box
    /// by a name not taken from that certificate (`subject`): the expected name of a later
    /// check when the box names none itself (saas-18.3+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub certificate_subject: Option<String>,
    #[serde(default)]
    pub last_checked: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<Verdict>"))]
    pub last_verdict: Option<Lenient<Verdict>>,
    #[serde(default)]
    pub last_codes: Vec<String>,
    /// A contract code for this box is in the OS keyring (its value never leaves Rust).
    #[serde(default)]
    pub has_stored_code: bool,
    /// The keyring account holding that code (see `BoxIdentity::code_account`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub code_account: Option<String>,
    /// Fields written by a newer version, kept as they were.
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub extra: Map<String, Value>,
}

impl Site {
    pub fn family(&self) -> Option<ApiFamily> {
        self.family.as_ref().and_then(Lenient::known).copied()
    }

    pub fn verdict(&self) -> Option<Verdict> {
        self.last_verdict.as_ref().and_then(Lenient::known).copied()
    }

    pub fn identity(&self) -> BoxIdentity {
        BoxIdentity::of_site(self)
    }
}

/// What `load` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SitesView {
    pub sites: Vec<Site>,
    /// Set when the file was damaged and was set aside.
    pub warning: Option<String>,
}

/// The saved site, if any, for a box just connected to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SiteMatch {
    /// This box's own site: its database UUID may be prefilled and its stored code offered.
    Same {
        site: Site,
        /// Set when the site followed the box from this earlier address.
        moved_from: Option<String>,
    },
    /// A site saved for this address belongs to another box (or its identity cannot be
    /// confirmed): nothing is prefilled; both identities are shown side by side.
    OtherBox {
        saved: Site,
        box_identity: BoxIdentity,
        sameness: Sameness,
        /// The one-time token for "use the saved site's code for this box", issued by the app
        /// for exactly this pair (`choice::Choices`); the save must hand it back.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        choice: Option<String>,
    },
}

/// A box found by a scan that a saved site knows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct KnownSite {
    pub id: String,
    pub name: String,
    /// The address the site had before this scan moved it (identifier AND MAC matched).
    pub moved_from: Option<String>,
}

/// The app's data folder, the one Tauri uses too: `dirs::data_dir()/org.iothttps.assistant`
/// (`~/.local/share/…` on Linux, `%APPDATA%\…` on Windows, `~/Library/Application Support/…`
/// on macOS). `None` when the platform has none: the caller must then ask for a path.
pub fn default_path() -> Option<PathBuf> {
    Some(
        dirs::data_dir()?
            .join("org.iothttps.assistant")
            .join("sites.json"),
    )
}
