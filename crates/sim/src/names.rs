//! Family and flavour vocabulary (named by what is on the wire, as ARCHITECTURE.md says; odoo-iot-protocol.md §1, §10).
//!
//! Duplicated on purpose from the client side: the simulator is an independent reading of the
//! protocol document, so it must not share code with `core`.

use std::fmt;
use std::str::FromStr;

/// An API family, named by what is on the wire (odoo-iot-protocol.md §1 and the matrix in §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// 16.0 / early 17.0: Jinja HTML homepage at `/`, `/save_credential` form (odoo-iot-protocol.md §3.1, §4.1).
    LegacyHtml,
    /// late 17.0 – saas-18.2: OWL homepage, `/hw_posbox_homepage/*`, `is_certificate_ok` (§3.2).
    HwPosboxStatus,
    /// saas-18.3: `/hw_posbox_homepage/*` with `certificate_end_date` (odoo-iot-protocol.md §3.3, §4.3).
    HwPosboxEndDate,
    /// saas-18.4+ / 19.0 / master: `/iot_drivers/*` (§3.4, §4.3).
    IotDrivers,
}

impl Family {
    pub fn all() -> &'static [Family] {
        &[
            Family::LegacyHtml,
            Family::HwPosboxStatus,
            Family::HwPosboxEndDate,
            Family::IotDrivers,
        ]
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Family::LegacyHtml => "legacy-html",
            Family::HwPosboxStatus => "hw-posbox-status",
            Family::HwPosboxEndDate => "hw-posbox-end-date",
            Family::IotDrivers => "iot-drivers",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Family::LegacyHtml => {
                "16.0 / early 17.0: Jinja homepage `/`, HTTPS row, /save_credential form"
            }
            Family::HwPosboxStatus => {
                "late 17.0 - saas-18.2: /hw_posbox_homepage/data with is_certificate_ok"
            }
            Family::HwPosboxEndDate => {
                "saas-18.3: /hw_posbox_homepage/data with certificate_end_date"
            }
            Family::IotDrivers => {
                "saas-18.4+ / 19.0 / master: /iot_drivers/data with certificate_end_date"
            }
        }
    }

    pub fn doc_section(self) -> &'static str {
        match self {
            Family::LegacyHtml => "§3.1, §4.1, §7.2",
            Family::HwPosboxStatus => "§3.2, §4.1, §4.2",
            Family::HwPosboxEndDate => "§3.3, §4.3",
            Family::IotDrivers => "§3.4, §4.3, §2.6",
        }
    }

    /// Families whose status read may itself download a certificate (odoo-iot-protocol.md §4.1, §9.5).
    pub fn read_triggers_download(self) -> bool {
        matches!(self, Family::LegacyHtml | Family::HwPosboxStatus)
    }

    /// Families that report `certificate_end_date` instead of ERR codes (odoo-iot-protocol.md §4.3).
    pub fn uses_end_date(self) -> bool {
        matches!(self, Family::HwPosboxEndDate | Family::IotDrivers)
    }
}

/// The operating system the box code runs on (odoo-iot-protocol.md §2.1, §2.6, §8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavour {
    /// Raspberry Pi IoT box.
    Linux,
    /// Windows virtual IoT.
    Windows,
}

impl Flavour {
    pub fn all() -> &'static [Flavour] {
        &[Flavour::Linux, Flavour::Windows]
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Flavour::Linux => "linux",
            Flavour::Windows => "windows",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Flavour::Linux => "Raspberry Pi IoT box: nginx restart after a download, L<yy.mm> versions",
            Flavour::Windows => "Windows virtual IoT: Odoo restart after a download, W23.11, linux-only routes 404 on iot-drivers",
        }
    }

    pub fn doc_section(self) -> &'static str {
        match self {
            Flavour::Linux => "§2.1, §4.4, §8.2",
            Flavour::Windows => "§2.6, §4.4, §8.2, §9.10",
        }
    }

    /// `platform.system()` as the data route reports it (odoo-iot-protocol.md §3.2 `system`).
    pub fn system(self) -> &'static str {
        match self {
            Flavour::Linux => "Linux",
            Flavour::Windows => "Windows",
        }
    }
}

/// Error for an unknown name given to `FromStr`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{name}` (expected one of: {expected})")]
pub struct UnknownName {
    pub kind: &'static str,
    pub name: String,
    pub expected: String,
}

pub(crate) fn parse_named<T: Copy>(
    kind: &'static str,
    s: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, UnknownName> {
    all.iter()
        .copied()
        .find(|v| name(*v) == s)
        .ok_or_else(|| UnknownName {
            kind,
            name: s.to_string(),
            expected: all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", "),
        })
}

impl FromStr for Family {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_named("family", s, Family::all(), Family::as_str)
    }
}

impl FromStr for Flavour {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_named("flavour", s, Flavour::all(), Flavour::as_str)
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Flavour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
