//! Enterprise policies that allow Local Network Access for the Odoo origin on managed
//! devices and kiosks, where nobody can answer the prompt (field research problems 3, 30, 32):
//! `LocalNetworkAccessAllowedForUrls` (Chrome/Edge 139/140+) and `LocalNetworkAllowedForUrls`
//! (the name after the permission split, Chrome 146+). Browsers ignore a policy name they do
//! not know, so both are always written.

use serde::Serialize;

use crate::error::CoreError;

pub const POLICY_NAMES: [&str; 2] = [
    "LocalNetworkAccessAllowedForUrls",
    "LocalNetworkAllowedForUrls",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PolicyBrowser {
    Chrome,
    Edge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PolicyFormat {
    /// Linux `/etc/opt/chrome/policies/managed/`, `/etc/opt/edge/policies/managed/`.
    Json,
    /// Windows registry file (`reg import`, or Group Policy Preferences).
    Reg,
    /// macOS managed preferences (an MDM profile's payload).
    Plist,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PolicyFile {
    pub browser: PolicyBrowser,
    pub format: PolicyFormat,
    /// The file name to save it under.
    pub file_name: String,
    /// Where it goes on the device.
    pub install_path: String,
    pub content: String,
}

/// The Odoo origin (`https://shop.odoo.com`) from what a technician typed or the box's paired
/// server: scheme and host (and port) only. LNA can be granted to secure origins only, so a
/// plain-HTTP Odoo is refused with the reason (field research problem 33).
pub fn odoo_origin(input: &str) -> Result<String, CoreError> {
    use crate::address_problem::AddressProblem;
    let invalid = |problem: AddressProblem| CoreError::InvalidAddress {
        input: input.to_owned(),
        problem,
    };
    let trimmed = input.trim();
    let rest = if let Some(rest) = trimmed.strip_prefix("https://") {
        rest
    } else if trimmed.starts_with("http://") {
        return Err(invalid(AddressProblem::OdooPlainHttp));
    } else if trimmed.contains("://") {
        return Err(invalid(AddressProblem::OdooScheme));
    } else {
        trimmed
    };
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let valid = !host_port.is_empty()
        && host_port.len() <= 253
        && host_port
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
        && host_port.contains('.');
    if !valid {
        return Err(invalid(AddressProblem::OdooAddress));
    }
    Ok(format!("https://{}", host_port.to_ascii_lowercase()))
}

/// One policy file for `browser` in `format`, allowing `origin` (from [`odoo_origin`]).
pub fn policy_file(origin: &str, browser: PolicyBrowser, format: PolicyFormat) -> PolicyFile {
    let (vendor_key, linux_dir, mac_domain, short) = match browser {
        PolicyBrowser::Chrome => (
            "Google\\Chrome",
            "/etc/opt/chrome/policies/managed",
            "com.google.Chrome",
            "chrome",
        ),
        PolicyBrowser::Edge => (
            "Microsoft\\Edge",
            "/etc/opt/edge/policies/managed",
            "com.microsoft.Edge",
            "edge",
        ),
    };
    let (file_name, install_path, content) = match format {
        PolicyFormat::Json => {
            let mut map = serde_json::Map::new();
            for name in POLICY_NAMES {
                map.insert(name.into(), serde_json::json!([origin]));
            }
            let text = serde_json::to_string_pretty(&map).unwrap_or_default() + "\n";
            (
                format!("odoo-local-network-{short}.json"),
                linux_dir.to_owned(),
                text,
            )
        }
        PolicyFormat::Reg => {
            let mut text = String::from("Windows Registry Editor Version 5.00\r\n");
            for name in POLICY_NAMES {
                text.push_str(&format!(
                    "\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\{vendor_key}\\{name}]\r\n\"1\"=\"{origin}\"\r\n"
                ));
            }
            (
                format!("odoo-local-network-{short}.reg"),
                format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\{vendor_key}"),
                text,
            )
        }
        PolicyFormat::Plist => {
            let mut text = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n",
            );
            for name in POLICY_NAMES {
                text.push_str(&format!(
                    "  <key>{name}</key>\n  <array>\n    <string>{}</string>\n  </array>\n",
                    xml_escape(origin)
                ));
            }
            text.push_str("</dict>\n</plist>\n");
            (
                format!("{mac_domain}.plist"),
                format!("/Library/Managed Preferences/{mac_domain}.plist (through an MDM profile)"),
                text,
            )
        }
    };
    PolicyFile {
        browser,
        format,
        file_name,
        install_path,
        content,
    }
}

/// Every browser × format, for the window's download list.
pub fn all_policy_files(origin: &str) -> Vec<PolicyFile> {
    let mut out = Vec::new();
    for browser in [PolicyBrowser::Chrome, PolicyBrowser::Edge] {
        for format in [PolicyFormat::Json, PolicyFormat::Reg, PolicyFormat::Plist] {
            out.push(policy_file(origin, browser, format));
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_scheme_and_host_and_must_be_https() {
        assert_eq!(
            odoo_origin("https://Shop.Odoo.com/odoo/action-pos").unwrap(),
            "https://shop.odoo.com"
        );
        assert_eq!(
            odoo_origin("shop.example.com:8443").unwrap(),
            "https://shop.example.com:8443"
        );
        let http = odoo_origin("http://erp.example.com")
            .unwrap_err()
            .to_string();
        assert!(http.contains("secure"), "{http}");
        assert!(odoo_origin("ftp://x.example").is_err());
        assert!(odoo_origin("not a url").is_err());
        assert!(odoo_origin("https://\"quote.example").is_err());
    }

    #[test]
    fn json_lists_the_origin_under_both_policy_names() {
        let f = policy_file(
            "https://shop.odoo.com",
            PolicyBrowser::Chrome,
            PolicyFormat::Json,
        );
        let v: serde_json::Value = serde_json::from_str(&f.content).unwrap();
        for name in POLICY_NAMES {
            assert_eq!(v[name], serde_json::json!(["https://shop.odoo.com"]));
        }
        assert_eq!(f.install_path, "/etc/opt/chrome/policies/managed");
    }

    #[test]
    fn reg_files_use_each_vendor_key_and_crlf() {
        let chrome = policy_file(
            "https://shop.odoo.com",
            PolicyBrowser::Chrome,
            PolicyFormat::Reg,
        );
        assert!(chrome
            .content
            .starts_with("Windows Registry Editor Version 5.00\r\n"));
        assert!(chrome.content.contains("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\LocalNetworkAccessAllowedForUrls]\r\n\"1\"=\"https://shop.odoo.com\""));
        let edge = policy_file(
            "https://shop.odoo.com",
            PolicyBrowser::Edge,
            PolicyFormat::Reg,
        );
        assert!(edge
            .content
            .contains("Policies\\Microsoft\\Edge\\LocalNetworkAllowedForUrls]"));
        assert!(!edge.content.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn plists_are_well_formed_dicts_for_the_browser_domain() {
        let f = policy_file(
            "https://shop.odoo.com",
            PolicyBrowser::Edge,
            PolicyFormat::Plist,
        );
        assert_eq!(f.file_name, "com.microsoft.Edge.plist");
        assert_eq!(f.content.matches("<key>").count(), 2);
        assert!(f.content.contains("<string>https://shop.odoo.com</string>"));
        assert!(f.content.trim_end().ends_with("</plist>"));
        assert_eq!(all_policy_files("https://shop.odoo.com").len(), 6);
    }
}
