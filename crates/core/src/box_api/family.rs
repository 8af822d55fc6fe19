//! The API families, named by what is on the wire (odoo-iot-protocol.md §1, §10), not by a guessed version.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ApiFamily {
    /// 16.0 and early 17.0: server-rendered Jinja pages, file-based configuration (odoo-iot-protocol.md §3.1).
    LegacyHtml,
    /// Late 17.0 to saas-18.2: OWL homepage, `is_certificate_ok` + `certificate_details` (§3.2).
    HwPosboxStatus,
    /// saas-18.3: `hw_posbox_homepage` routes with `certificate_end_date` (odoo-iot-protocol.md §3.3).
    HwPosboxEndDate,
    /// saas-18.4+, 19.0, master: `iot_drivers` routes (§3.4).
    IotDrivers,
}

impl ApiFamily {
    pub const ALL: [ApiFamily; 4] = [
        Self::LegacyHtml,
        Self::HwPosboxStatus,
        Self::HwPosboxEndDate,
        Self::IotDrivers,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::LegacyHtml => "legacy-html",
            Self::HwPosboxStatus => "hw-posbox-status",
            Self::HwPosboxEndDate => "hw-posbox-end-date",
            Self::IotDrivers => "iot-drivers",
        }
    }

    /// The Odoo versions a technician would recognise, in `lang` (the catalogue's
    /// `families`): the one family label of the window, the CLI and the reports.
    pub fn label(self, lang: &str) -> &'static str {
        crate::findings::family_label(self.name(), lang)
    }

    /// Route prefix of the JSON homepage routes, where the family has them.
    pub fn json_prefix(self) -> Option<&'static str> {
        match self {
            Self::LegacyHtml => None,
            Self::HwPosboxStatus | Self::HwPosboxEndDate => Some("/hw_posbox_homepage"),
            Self::IotDrivers => Some("/iot_drivers"),
        }
    }

    /// On these families a read of the data route (or `/` on 16.0) may make the box contact
    /// odoo.com and restart nginx, so it is polled no more often than every 10 s (odoo-iot-protocol.md §4.1, §9.5).
    pub fn data_read_has_side_effects(self) -> bool {
        matches!(self, Self::LegacyHtml | Self::HwPosboxStatus)
    }

    /// How this family is made to try for its certificate again: on 16.0 – saas-18.2 reading
    /// the status does it (odoo-iot-protocol.md §4.1), so watching is enough; on saas-18.3+ only an Odoo start does
    /// (§4.3), which interrupts the shop and is asked for first.
    pub fn retry_method(self) -> RetryMethod {
        if self.data_read_has_side_effects() {
            RetryMethod::Observe
        } else {
            RetryMethod::RestartOdoo
        }
    }
}

/// What "try again" does on a box (see [`ApiFamily::retry_method`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RetryMethod {
    /// Read the status and watch: nothing restarts.
    Observe,
    /// Restart the Odoo service.
    RestartOdoo,
}

impl fmt::Display for ApiFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ApiFamily {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown API family \"{s}\""))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum OsFlavour {
    /// Raspberry Pi IoT box.
    Linux,
    /// Windows virtual IoT.
    Windows,
    Unknown,
}

impl OsFlavour {
    /// From the data route's `system` field, else from the version string's first letter
    /// (`L24.10`, `W23.11`, 16.0's `W22_11`; odoo-iot-protocol.md §8.2).
    pub fn detect(system: Option<&str>, version: Option<&str>) -> Self {
        match system.map(str::trim) {
            Some(s) if s.eq_ignore_ascii_case("linux") => return Self::Linux,
            Some(s) if s.eq_ignore_ascii_case("windows") => return Self::Windows,
            _ => {}
        }
        match version.map(str::trim).and_then(|v| v.chars().next()) {
            Some('L') => Self::Linux,
            Some('W') => Self::Windows,
            // 16.0 Pi images report the bare image version, e.g. `22.11`.
            Some(c) if c.is_ascii_digit() => Self::Linux,
            _ => Self::Unknown,
        }
    }
}

impl fmt::Display for OsFlavour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Linux => "linux",
            Self::Windows => "windows",
            Self::Unknown => "unknown",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in ApiFamily::ALL {
            assert_eq!(f.name().parse::<ApiFamily>().unwrap(), f);
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.name())
            );
        }
    }

    #[test]
    fn flavour_from_system_or_version() {
        assert_eq!(OsFlavour::detect(Some("Linux"), None), OsFlavour::Linux);
        assert_eq!(
            OsFlavour::detect(Some("Windows"), Some("L1")),
            OsFlavour::Windows
        );
        assert_eq!(OsFlavour::detect(None, Some("W22_11")), OsFlavour::Windows);
        assert_eq!(OsFlavour::detect(None, Some("22.11")), OsFlavour::Linux);
        assert_eq!(OsFlavour::detect(None, Some("L25.10")), OsFlavour::Linux);
        assert_eq!(OsFlavour::detect(None, Some("Ttest")), OsFlavour::Unknown);
    }
}
