//! What a device posts back, parsed strictly (unknown fields, overlong strings and odd
//! characters are refused: the server is reachable by anyone on the LAN), and the result the
//! window and the CLI show per device.

use serde::{Deserialize, Serialize};

use super::browser::Browser;
use crate::findings::{Finding, FindingCode};

/// A report is a few hundred bytes; anything past this is refused unread.
pub const MAX_REPORT_BYTES: usize = 8 * 1024;
const MAX_TEXT: usize = 512;
const MAX_DETAIL: usize = 200;
const MAX_BRANDS: usize = 12;

/// The permission state `navigator.permissions.query` gave for Local Network Access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PermissionState {
    Granted,
    Prompt,
    Denied,
    /// The browser does not know the permission (Safari, Firefox, Chromium before LNA).
    Unsupported,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ProbeOutcome {
    /// The box answered (`ping`).
    Ok,
    /// The request failed: name, certificate, permission or reach (the browser does not say).
    Failed,
    /// No answer within the page's deadline.
    Timeout,
    /// Not tried (no HTTPS name known for the box).
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeResult {
    pub outcome: ProbeOutcome,
    /// How long the attempt took: a name failure is fast, a dropped packet is slow.
    pub ms: u32,
    /// The browser's error name and message, if any (e.g. `TypeError: Failed to fetch`).
    #[serde(default)]
    pub detail: Option<String>,
}

impl ProbeResult {
    pub fn ok(&self) -> bool {
        self.outcome == ProbeOutcome::Ok
    }
    pub fn failed(&self) -> bool {
        matches!(self.outcome, ProbeOutcome::Failed | ProbeOutcome::Timeout)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Brand {
    pub brand: String,
    pub version: String,
}

/// Exactly what the check page posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeviceReport {
    /// Random per page load, so a device that runs the check again replaces its result.
    pub device_id: String,
    pub user_agent: String,
    /// `navigator.userAgentData.brands` where the browser has it (Chromium).
    #[serde(default)]
    pub brands: Vec<Brand>,
    /// `isSecureContext`: permission states count only in a secure context.
    pub secure_context: bool,
    pub permission: PermissionState,
    /// `https://<box name>/hw_proxy/hello`: the device's DNS, trust store and reach together.
    pub https_by_name: ProbeResult,
    /// `http://<box name>:8069/hw_proxy/hello`: the name alone, without the certificate.
    pub http_by_name: ProbeResult,
    /// `http://<box ip>/hw_proxy/hello` (nginx's port 80): Odoo's Local Network Access path,
    /// as iot_base's `formatEndpoint` calls it. Skipped on a Windows IoT, which has none.
    pub http_by_ip: ProbeResult,
}

impl DeviceReport {
    /// Parses a posted body; the error says what was wrong, for the server's 400 answer.
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        if body.len() > MAX_REPORT_BYTES {
            return Err(format!("larger than {MAX_REPORT_BYTES} bytes"));
        }
        let report: Self = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        report.validate()?;
        Ok(report)
    }

    fn validate(&self) -> Result<(), String> {
        let id_ok = (8..=64).contains(&self.device_id.len())
            && self
                .device_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !id_ok {
            return Err("deviceId must be 8–64 letters, digits or dashes".into());
        }
        if self.brands.len() > MAX_BRANDS {
            return Err(format!("more than {MAX_BRANDS} brands"));
        }
        let texts = std::iter::once(self.user_agent.as_str())
            .chain(self.brands.iter().flat_map(|b| [&*b.brand, &*b.version]));
        for text in texts {
            if text.len() > MAX_TEXT || text.chars().any(char::is_control) {
                return Err("a text field is too long or holds control characters".into());
            }
        }
        for probe in [&self.https_by_name, &self.http_by_name, &self.http_by_ip] {
            if let Some(detail) = &probe.detail {
                if detail.len() > MAX_DETAIL || detail.chars().any(char::is_control) {
                    return Err("a probe detail is too long or holds control characters".into());
                }
            }
        }
        Ok(())
    }
}

/// One device as the window and the CLI list it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DeviceResult {
    pub device_id: String,
    /// The device's address as the laptop saw it.
    pub peer: String,
    pub browser: Browser,
    /// The first finding's code: the device's verdict.
    pub verdict: FindingCode,
    pub findings: Vec<Finding>,
    pub report: DeviceReport,
    /// RFC 3339, the laptop's clock.
    pub received_at: String,
}
