//! Which Odoo a server runs, and so which API to read it with: `GET /web/version` first (the
//! 19.0 replacement of `common.version`, no authentication, external_api.rst), then
//! `common.version` over `/jsonrpc` (16.0 – 19.x; not among the calls 19 can switch off).
//! 19.0 and later are read through JSON-2, older servers through `/jsonrpc`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::endpoint::DbEndpoint;
use super::error::OdooDbError;
use super::jsonrpc::{self, Outcome};
use super::NotOdooReason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum OdooApi {
    /// `/json/2/<model>/<method>`, bearer API key (19.0+).
    Json2,
    /// `/jsonrpc` `common.authenticate` + `object.execute_kw` (16.0 – 18.x).
    #[serde(rename = "jsonrpc")]
    JsonRpc,
}

/// Which API to use: found out (the default), or forced (`--api`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiChoice {
    #[default]
    Auto,
    Json2,
    JsonRpc,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServerVersion {
    /// As the server names itself: `17.0`, `saas~18.3`, `19.0`.
    pub label: String,
    pub major: u32,
    pub minor: u32,
}

impl ServerVersion {
    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// `version_info`: `[19, 0, 0, "final", 0, ""]`, or for a SaaS release
    /// `["saas~18", 3, 0, "final", 0, ""]` (`odoo/release.py`).
    pub fn from_version_info(info: &Value, label: Option<&str>) -> Option<Self> {
        let items = info.as_array()?;
        let major = match items.first()? {
            Value::Number(n) => u32::try_from(n.as_u64()?).ok()?,
            Value::String(s) => s.strip_prefix("saas~")?.parse().ok()?,
            _ => return None,
        };
        let minor = u32::try_from(items.get(1)?.as_u64()?).ok()?;
        let label = label
            .filter(|l| !l.is_empty() && l.len() <= 40)
            .map_or_else(|| format!("{major}.{minor}"), str::to_owned);
        Some(Self {
            label,
            major,
            minor,
        })
    }
}

pub async fn detect(ep: &DbEndpoint) -> Result<ServerVersion, OdooDbError> {
    if let Ok(reply) = ep.get("/web/version").await {
        if let Some(v) = reply.json().filter(|_| reply.status == 200) {
            if let Some(version) = ServerVersion::from_version_info(
                v.get("version_info").unwrap_or(&Value::Null),
                v.get("version").and_then(Value::as_str),
            ) {
                return Ok(version);
            }
        }
    }
    match jsonrpc::call(ep, "common", "version", json!([])).await? {
        Outcome::Result(v) => ServerVersion::from_version_info(
            v.get("server_version_info").unwrap_or(&Value::Null),
            v.get("server_version").and_then(Value::as_str),
        )
        .ok_or_else(|| OdooDbError::NotOdoo {
            url: ep.display(),
            reason: NotOdooReason::NoVersionInfo,
        }),
        Outcome::Fault(f) => Err(OdooDbError::NotOdoo {
            url: ep.display(),
            reason: NotOdooReason::VersionFault {
                name: f.name,
                message: f.message,
            },
        }),
    }
}

pub fn choose(choice: ApiChoice, version: &ServerVersion) -> OdooApi {
    match choice {
        ApiChoice::Json2 => OdooApi::Json2,
        ApiChoice::JsonRpc => OdooApi::JsonRpc,
        ApiChoice::Auto if version.major >= 19 => OdooApi::Json2,
        ApiChoice::Auto => OdooApi::JsonRpc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_release_and_saas_version_info() {
        let v = ServerVersion::from_version_info(&json!([19, 0, 0, "final", 0, ""]), Some("19.0"))
            .unwrap();
        assert_eq!((v.major, v.minor, v.label.as_str()), (19, 0, "19.0"));
        let saas =
            ServerVersion::from_version_info(&json!(["saas~18", 3, 0, "final", 0, ""]), None)
                .unwrap();
        assert_eq!((saas.major, saas.minor), (18, 3));
        assert!(saas.at_least(18, 3) && !saas.at_least(18, 4));
        for bad in [json!(null), json!(["x", 1]), json!([17]), json!([-1, 0])] {
            assert!(
                ServerVersion::from_version_info(&bad, None).is_none(),
                "{bad}"
            );
        }
    }
}
